/*
 * syscall/signal/core_elf.h - inside the signal wing: the riscv64 ELF core file of the guest
 * (core_elf.c), written by coredump.c when a signal's default action dumps core.
 */
#ifndef CROSSRUN_SYSCALL_SIGNAL_CORE_ELF_H
#define CROSSRUN_SYSCALL_SIGNAL_CORE_ELF_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/ucontext.h"

struct rv_cpu;

/* What the notes say besides the registers. */
struct rv_core_facts {
    int signo;                        /* pr_cursig */
    const struct rv_siginfo *info;    /* NT_SIGINFO */
    uint64_t sigpend, sighold;        /* the dumping thread's pending and blocked sets */
    unsigned filter;                  /* /proc/self/coredump_filter's bits */
    guest_addr auxv, auxv_len;        /* the guest's auxv (NT_AUXV) */
    guest_addr arg_start, arg_end;    /* the guest's argument strings (pr_psargs) */
};

/* Writes the guest's core to fd as the kernel's elf_core_dump does: ELF64 ET_CORE EM_RISCV,
 * one PT_NOTE (NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE, NT_PRFPREG of the
 * dumping thread: other threads' registers live in their own host threads and are not
 * reachable here), then one PT_LOAD per guest mapping with the memory that coredump_filter
 * selects; pages never touched are holes. At most `limit` bytes are written (RLIMIT_CORE):
 * a core cut short there still counts as dumped, as the kernel counts it (6.x: the parent sees
 * WCOREDUMP). False when a write failed. */
bool rv_core_elf_write(int fd, uint64_t limit, const struct rv_cpu *cpu,
                       const struct rv_core_facts *facts);

#endif
