/*
 * run/fault.c - guest traps and host faults (see run/fault.h).
 *
 * A host fault in guest code goes through the engine's sync_fault, which makes struct rv_cpu
 * exact (cpu->pc at the faulting instruction) before the guest's signal is decided.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi/ucontext.h"
#include "mem/addrspace.h"
#include "run/fault.h"
#include "syscall/signal/signal.h"
#include "translate/engines.h"
#include "translate/insn.h"
#include "translate/jit/libc_calls.h"

__thread struct rv_cpu *rv_fault_cpu;
__thread volatile sig_atomic_t rv_fault_in_guest_code;
__thread sigjmp_buf *rv_fault_unwind;

/* Writes str to stderr with one write(2): usable while dying inside a signal handler. */
static void write_stderr(const char *str)
{
    size_t len = strlen(str);
    while (len > 0) {
        ssize_t n = write(2, str, len);
        if (n <= 0)
            return;
        str += n;
        len -= (size_t)n;
    }
}

/* The instruction bits at pc for the SIGILL report: 4 hex digits for a compressed one. */
static int format_insn_bits(char *buf, size_t cap, guest_addr pc)
{
    if (!guest_in_range(pc, 2) || !guest_as_accessible(pc, 2, PROT_EXEC))
        return snprintf(buf, cap, "(unreadable)");
    uint16_t lo, hi;
    memcpy(&lo, (const void *)(uintptr_t)pc, 2);
    if ((lo & 3) != 3)
        return snprintf(buf, cap, "0x%04x", lo);
    if (!guest_in_range(pc + 2, 2) || !guest_as_accessible(pc + 2, 2, PROT_EXEC))
        return snprintf(buf, cap, "0x%04x", lo);
    memcpy(&hi, (const void *)(uintptr_t)(pc + 2), 2);
    return snprintf(buf, cap, "0x%08x", (uint32_t)lo | (uint32_t)hi << 16);
}

/* The address the load at cpu->pc reads: rs1 + imm, cpu made exact by sync_fault. */
static guest_addr load_address(const struct rv_cpu *cpu)
{
    uint16_t half[2] = { 0, 0 };
    memcpy(&half[0], (const void *)(uintptr_t)cpu->pc, 2);  /* it ran: it is readable */
    if ((half[0] & 3) == 3)
        memcpy(&half[1], (const void *)(uintptr_t)(cpu->pc + 2), 2);
    struct rv_insn in;
    rv_decode((uint32_t)half[0] | (uint32_t)half[1] << 16, &in);
    return cpu->x[in.rs1] + (uint64_t)in.imm;
}

/* si_code for a guest fault. */
static int fault_code(int signo, guest_addr addr)
{
    switch (signo) {
    case SIGSEGV:
        return guest_in_range(addr, 1) && guest_as_accessible(guest_page_down(addr), 1, 0)
                   ? RV_SEGV_ACCERR : RV_SEGV_MAPERR;
    case SIGBUS:  return RV_BUS_ADRALN;
    case SIGILL:  return RV_ILL_ILLOPC;
    case SIGTRAP: return RV_TRAP_BRKPT;
    default:      return 0;
    }
}

void rv_guest_fatal_signal(struct rv_cpu *cpu, int signo, guest_addr addr)
{
    char line[128];
    rv_fault_in_guest_code = 0;
    if (rv_fault_unwind && rv_sig_take_fault(signo, fault_code(signo, addr), addr))
        siglongjmp(*rv_fault_unwind, 1);
    if (signo == SIGILL) {
        char bits[32];
        format_insn_bits(bits, sizeof bits, cpu->pc);
        snprintf(line, sizeof line, "crossrun: illegal instruction %s at pc 0x%lx\n", bits,
                 (unsigned long)cpu->pc);
        write_stderr(line);
    } else if (signo == SIGTRAP) {
        snprintf(line, sizeof line, "crossrun: breakpoint (ebreak) at pc 0x%lx\n",
                 (unsigned long)cpu->pc);
        write_stderr(line);
    }
    /* SIGSEGV, SIGBUS: silent, the shell reports the death like it would for the real guest */
    rv_die_by_host_signal(signo);
}

/* Host SIGSEGV/SIGBUS. A fault at a guest address while guest code runs is the guest's (the
 * engine's sync_fault makes cpu exact); anything else is a bug in the runner. */
static void host_fault_handler(int signo, siginfo_t *si, void *uctx)
{
    guest_addr addr = (guest_addr)(uintptr_t)si->si_addr;
    struct rv_cpu *cpu = rv_fault_cpu;

    if (si->si_code <= 0) {  /* sent by kill/tgkill/sigqueue, not a fault */
        rv_sig_host_async(signo, si);
        (void)rv_safe_syscall_rewind(uctx);
        return;
    }

    /* (or wrapped past zero by a negative offset: mem/addrspace.h's GUEST_IMM_REACH) */
    bool at_guest = addr < GUEST_LIMIT || addr >= (guest_addr)-GUEST_IMM_REACH;
    /* Below a grows-down mapping: grown as the kernel grows it, the access is retried. */
    if (cpu && rv_fault_in_guest_code && signo == SIGSEGV && guest_as_grow_stack(addr))
        return;
    /* A host version of a guest string function (translate/jit/libc_calls.h) gives up: the
     * guest's own code runs instead and meets the fault itself. */
    if (rv_libc_call_escape && at_guest) {
        void **to = rv_libc_call_escape;
        rv_libc_call_escape = NULL;
        pthread_sigmask(SIG_SETMASK, &((ucontext_t *)uctx)->uc_sigmask, NULL);
        rv_libc_call_give_up(to);
    }
    /* A load the engine leaves to the host to check: the kernel's si_addr is above the guest
     * range, or 0 for a non-canonical address (whose fault is SIGBUS through rbp or rsp). A
     * RISC-V machine raises SIGSEGV at the address, so that is taken from the instruction. */
    if (cpu && rv_fault_in_guest_code && (!at_guest || si->si_code == SI_KERNEL) &&
        rv_engine->unchecked_load && rv_engine->unchecked_load(uctx) &&
        rv_engine->sync_fault(cpu, uctx))
        rv_guest_fatal_signal(cpu, SIGSEGV, load_address(cpu));
    if (cpu && rv_fault_in_guest_code && at_guest && rv_engine->sync_fault(cpu, uctx))
        rv_guest_fatal_signal(cpu, signo, addr);

    char line[160];
    snprintf(line, sizeof line, "crossrun: internal error: %s at 0x%lx (guest pc 0x%lx)\n",
             signo == SIGBUS ? "SIGBUS" : "SIGSEGV", (unsigned long)addr,
             cpu ? (unsigned long)cpu->pc : 0ul);
    write_stderr(line);
    signal(SIGABRT, SIG_DFL);
    abort();
}

void rv_fault_init(void)
{
    static char altstack[64 * 1024];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = host_fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}
