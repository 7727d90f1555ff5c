/*
 * translate/exec.c - the run loop of one guest thread and the engine's fatal-fault paths.
 *
 * rv_run hands blocks to the interpreter and acts on what makes it return: ecall (the
 * syscall layer), ebreak (SIGTRAP), fence.i (drop all translations) and a pending guest
 * signal (syscall/sigframe.c builds the frame; the loop top is the safe point). A guest fault
 * (host SIGSEGV/SIGBUS in guest code, illegal instruction, ebreak) whose signal the guest
 * handles is recorded and the host handler or interpreter leaves by siglongjmp back into
 * rv_run, with cpu->pc at the faulting instruction. Faults the guest
 * causes end the process exactly as they would end the guest on riscv64 Linux without a
 * handler: death by the same signal, with no core file from the runner. Host faults that are
 * not the guest's are the runner's bugs and are reported as such.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loader/addrspace.h"
#include "abi/ucontext.h"
#include "syscall/sigstate.h"
#include "syscall/fatal.h"
#include "syscall/safe_syscall.h"
#include "syscall/syscall.h"
#include "translate/block.h"
#include "translate/exec.h"
#include "translate/interp.h"

/* The cpu this host thread runs, and whether it is inside guest code right now (not in the
 * runner's own code such as a syscall handler). Read by the host fault handler. */
static __thread struct rv_cpu *current_cpu;
static __thread volatile sig_atomic_t in_guest_code;
/* Where a handled guest fault unwinds to: the innermost rv_run of this thread. */
static __thread sigjmp_buf *run_env;

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
    in_guest_code = 0;
    if (run_env && rv_sig_take_fault(signo, fault_code(signo, addr), addr))
        siglongjmp(*run_env, 1);
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

/* Host SIGSEGV/SIGBUS. A fault at a guest address while guest code runs is the guest's
 * (cpu->pc was set by the faulting load/store); anything else is a bug in the runner. */
static void host_fault_handler(int signo, siginfo_t *si, void *uctx)
{
    guest_addr addr = (guest_addr)(uintptr_t)si->si_addr;
    struct rv_cpu *cpu = current_cpu;

    if (si->si_code <= 0) {  /* sent by kill/tgkill/sigqueue, not a fault */
        rv_sig_host_async(signo, si);
        (void)rv_safe_syscall_rewind(uctx);
        return;
    }

    if (cpu && in_guest_code && addr < GUEST_LIMIT)
        rv_guest_fatal_signal(cpu, signo, addr);

    char line[160];
    snprintf(line, sizeof line, "crossrun: internal error: %s at 0x%lx (guest pc 0x%lx)\n",
             signo == SIGBUS ? "SIGBUS" : "SIGSEGV", (unsigned long)addr,
             cpu ? (unsigned long)cpu->pc : 0ul);
    write_stderr(line);
    signal(SIGABRT, SIG_DFL);
    abort();
}

void rv_engine_init(void)
{
    /* An alternate stack so that even a runner stack overflow gets reported. */
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

    guest_as_code_changed = rv_code_invalidate;
}

void rv_run(struct rv_cpu *cpu)
{
    struct rv_cpu *saved = current_cpu;
    struct rv_cpu *saved_sig_cpu = rv_sig_set_cpu(cpu);
    sigjmp_buf *saved_env = run_env;
    sigjmp_buf env;
    current_cpu = cpu;
    cpu->x[0] = 0;
    cpu->signal_pending = 1;  /* signals recorded before this thread ran */

    if (sigsetjmp(env, 0)) {
        /* A handled guest fault: back from a host handler (whose mask the kernel did not
         * restore) or the interpreter; the signal is pending and cpu->pc at the fault. */
        in_guest_code = 0;
        rv_sig_sync_host_mask();
        cpu->x[0] = 0;
    }
    run_env = &env;

    while (cpu->stop == RV_STOP_NONE) {
        if (cpu->signal_pending)
            rv_sig_deliver(cpu);
        struct rv_block *b = rv_block_get(cpu, cpu->pc);
        in_guest_code = 1;
        const struct rv_dinsn *t = rv_interp_run(cpu, b);
        in_guest_code = 0;
        if (!t)
            continue;  /* a signal is pending at a block boundary */
        /* copy out what we need: fence.i and syscalls (munmap) may free the block */
        uint16_t op = t->op;
        uint8_t len = t->len;
        rv_block_quiescent();  /* no block held from here: retired blocks may go (block.c) */

        switch (op) {
        case rv_op_ecall: {
            uint64_t nr = cpu->x[17], a0 = cpu->x[10];
            if (rv_syscall(cpu))
                break;  /* a signal came first: deliver it, then this ecall again */
            if (cpu->stop != RV_STOP_NONE)
                break;
            cpu->pc += len;
            /* Interrupted by a signal whose action has SA_RESTART: run the ecall again
             * after the handler (the frame saves the ecall's pc and the original a0). */
            if (cpu->x[10] == (uint64_t)-EINTR && cpu->signal_pending &&
                rv_sig_restartable((long)nr)) {
                cpu->pc -= len;
                cpu->x[10] = a0;
            }
            break;
        }
        case rv_op_ebreak:
            rv_guest_fatal_signal(cpu, SIGTRAP, cpu->pc);
        case rv_op_fence_i:
            rv_block_flush_all();
            cpu->pc += len;
            break;
        default:
            abort();  /* rv_interp_run returns only at the instructions above */
        }
    }
    run_env = saved_env;
    (void)rv_sig_set_cpu(saved_sig_cpu);
    current_cpu = saved;
}
