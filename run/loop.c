/*
 * run/loop.c - the run loop of one guest thread, above every engine.
 *
 * rv_run hands the thread to the engine (translate/engine.h) and acts on why it returned:
 * ecall (the syscall layer, then SA_RESTART), ebreak (SIGTRAP), fence.i (drop every
 * translation), a fault the engine detected (illegal instruction, misaligned atomic,
 * instruction fetch), and a pending guest signal (the signal wing builds the frame; the loop
 * top is the safe point). It is the only code that does, whichever engine runs. Traps go to
 * the fault path (run/fault.c), which unwinds a fault the guest handles back into rv_run by
 * siglongjmp, with cpu->pc at the faulting instruction.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>

#include "mem/addrspace.h"
#include "run/fault.h"
#include "run/loop.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "translate/engines.h"

void rv_run_init(void)
{
    rv_engine->init();
    rv_fault_init();

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
    struct rv_cpu *saved = rv_fault_cpu;
    struct rv_cpu *saved_sig_cpu = rv_sig_set_cpu(cpu);
    sigjmp_buf *saved_env = rv_fault_unwind;
    sigjmp_buf env;
    rv_fault_cpu = cpu;
    cpu->x[0] = 0;
    cpu->signal_pending = 1;  /* signals recorded before this thread ran */
    rv_engine->thread_enter(cpu);

    if (sigsetjmp(env, 0)) {
        /* A handled guest fault: back from a host handler (whose mask the kernel did not
         * restore) or from below; the signal is pending and cpu->pc at the fault. */
        rv_fault_in_guest_code = 0;
        rv_sig_sync_host_mask();
        cpu->x[0] = 0;
    }
    rv_fault_unwind = &env;

    while (cpu->stop == RV_STOP_NONE) {
        if (cpu->signal_pending)
            rv_sig_deliver(cpu);
        rv_fault_in_guest_code = 1;
        enum rv_exit why = rv_engine->run(cpu);
        rv_fault_in_guest_code = 0;

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
    rv_fault_unwind = saved_env;
    (void)rv_sig_set_cpu(saved_sig_cpu);
    rv_fault_cpu = saved;
}
