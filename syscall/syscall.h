/*
 * syscall/syscall.h - guest system calls: the dispatch entry point and the handler contract.
 *
 * syscalls.def lists every guest syscall once; table.c builds the table indexed by the guest
 * number from it and dispatch.c calls through it. A handler gets the cpu and the six raw
 * argument registers a0..a5, returns a non-negative result or a negative errno, and calls the
 * host kernel through host.h (raw syscalls that return -errno), never through libc wrappers
 * whose semantics differ.
 * Handlers use host numbering (host.h results, <errno.h> constants); dispatch.c turns the
 * result into the guest's numbering in that one place (abi/errno.h: an asserted identity).
 */
#ifndef CROSSRUN_SYSCALL_H
#define CROSSRUN_SYSCALL_H

#include <stdint.h>

#include <stdbool.h>

#include "translate/cpu.h"

typedef long rv_syscall_handler(struct rv_cpu *cpu, const uint64_t *a);

/* Executes the ecall at cpu->pc: number in a7, arguments a0..a5, result to a0. May set
 * cpu->stop (exit). Does not advance pc; the engine does. Returns true when a guest signal came
 * before the call could block: nothing was done, a0 is untouched, and the engine must deliver
 * the signal and run the same ecall again (syscall/safe_syscall.h). */
bool rv_syscall(struct rv_cpu *cpu);

/* Guest syscall name for a number, or NULL when the number is unknown. */
const char *rv_syscall_name(long nr);

/* Runner-wide options that syscall handlers consult. Filled by main.c before the guest runs. */
struct rv_process {
    const char *exe_path;      /* absolute host path of the guest program: /proc/self/exe */
    const char *sysroot;       /* -L DIR or NULL */
    int strace;                /* --strace */
    guest_addr auxv_addr;      /* where the guest auxv lives on the initial stack (/proc/self/auxv) */
    uint64_t auxv_len;
};
extern struct rv_process rv_proc;

#define SYSCALL(nr, name, handler, fmt) rv_syscall_handler handler;
#include "syscall/syscalls.def"
#undef SYSCALL

#endif
