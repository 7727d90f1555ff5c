/*
 * translate/exec.c - the run loop of one guest thread, above every engine, and the fatal-fault
 * paths.
 *
 * rv_run hands the thread to the engine (translate/engine.h) and acts on why it returned:
 * ecall (the syscall layer, then SA_RESTART), ebreak (SIGTRAP), fence.i (drop every
 * translation), a fault the engine detected (illegal instruction, misaligned atomic,
 * instruction fetch), and a pending guest signal (syscall/sigframe.c builds the frame; the loop
 * top is the safe point). It is the only code that does, whichever engine runs. A host fault
 * in guest code (a load or store the host kernel refused) goes through the engine's sync_fault,
 * which makes struct rv_cpu exact. A fault whose signal the guest handles is recorded and
 * control unwinds by siglongjmp back into rv_run, with cpu->pc at the faulting instruction.
 * Faults the guest causes end the process exactly as they would end the guest on riscv64
 * Linux without a handler: death by the same signal, with no core file from the runner. Host
 * faults that are not the guest's are the runner's bugs and are reported as such.
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
#include "translate/engine.h"
#include "translate/exec.h"

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

/* Host SIGSEGV/SIGBUS. A fault at a guest address while guest code runs is the guest's (the
 * engine's sync_fault makes cpu exact); anything else is a bug in the runner. */
static void host_fault_handler(int signo, siginfo_t *si, void *uctx)
{
    guest_addr addr = (guest_addr)(uintptr_t)si->si_addr;
    struct rv_cpu *cpu = current_cpu;

    if (si->si_code <= 0) {  /* sent by kill/tgkill/sigqueue, not a fault */
        rv_sig_host_async(signo, si);
        (void)rv_safe_syscall_rewind(uctx);
        return;
    }

    if (cpu && in_guest_code && addr < GUEST_LIMIT && rv_engine->sync_fault(cpu, uctx))
        rv_guest_fatal_signal(cpu, signo, addr);

    char line[160];
    snprintf(line, sizeof line, "crossrun: internal error: %s at 0x%lx (guest pc 0x%lx)\n",
             signo == SIGBUS ? "SIGBUS" : "SIGSEGV", (unsigned long)addr,
             cpu ? (unsigned long)cpu->pc : 0ul);
    write_stderr(line);
    signal(SIGABRT, SIG_DFL);
    abort();
}

void rv_run_init(void)
{
    rv_engine->init();

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

void rv_code_invalidate(guest_addr start, uint64_t len)
{
    rv_engine->invalidate(start, len);
}

/* The ecall at cpu->pc (4 bytes: there is no compressed form). */
#define ECALL_LEN 4
/* fence.i has no compressed form either. */
#define FENCE_I_LEN 4

static void do_ecall(struct rv_cpu *cpu)
{
    uint64_t nr = cpu->x[17], a0 = cpu->x[10];
    if (rv_syscall(cpu))
        return;  /* a signal came first: deliver it, then this ecall again */
    if (cpu->stop != RV_STOP_NONE)
        return;
    cpu->pc += ECALL_LEN;
    /* Interrupted by a signal whose action has SA_RESTART: run the ecall again after the
     * handler (the frame saves the ecall's pc and the original a0). */
    if (cpu->x[10] == (uint64_t)-EINTR && cpu->signal_pending && rv_sig_restartable((long)nr)) {
        cpu->pc -= ECALL_LEN;
        cpu->x[10] = a0;
    }
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
    rv_engine->thread_enter(cpu);

    if (sigsetjmp(env, 0)) {
        /* A handled guest fault: back from a host handler (whose mask the kernel did not
         * restore) or from below; the signal is pending and cpu->pc at the fault. */
        in_guest_code = 0;
        rv_sig_sync_host_mask();
        cpu->x[0] = 0;
    }
    run_env = &env;

    while (cpu->stop == RV_STOP_NONE) {
        if (cpu->signal_pending)
            rv_sig_deliver(cpu);
        in_guest_code = 1;
        enum rv_exit why = rv_engine->run(cpu);
        in_guest_code = 0;

        switch (why) {
        case RV_EXIT_SIGNAL:
            break;  /* delivered at the loop top */
        case RV_EXIT_ECALL:
            do_ecall(cpu);
            break;
        case RV_EXIT_EBREAK:
            rv_guest_fatal_signal(cpu, SIGTRAP, cpu->pc);
        case RV_EXIT_FENCE_I:
            rv_engine->invalidate(0, UINT64_MAX);
            cpu->pc += FENCE_I_LEN;
            break;
        case RV_EXIT_FAULT:
            rv_guest_fatal_signal(cpu, cpu->fault.signo, cpu->fault.addr);
        }
    }
    rv_engine->thread_leave(cpu);
    run_env = saved_env;
    (void)rv_sig_set_cpu(saved_sig_cpu);
    current_cpu = saved;
}
