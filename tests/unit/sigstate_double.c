/*
 * tests/unit/sigstate_double.c - a stand-in for the signal-delivery side of syscall/ in engine
 * unit tests (test_interp and engine_diff link run/loop.c without the syscall layer).
 *
 * There is never a signal to deliver. Whether a fault is fatal (rv_sig_take_fault) is each
 * test's own choice.
 */
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "syscall/signal/coredump.h"
#include "syscall/signal/signal.h"
#include "translate/cpu.h"

struct rv_cpu *rv_sig_set_cpu(struct rv_cpu *cpu)
{
    if (cpu)
        cpu->signal_pending = 0;
    return NULL;
}

void rv_sig_deliver(struct rv_cpu *cpu)
{
    cpu->signal_pending = 0;
}

bool rv_sig_restartable(long nr)
{
    (void)nr;
    return false;
}

/* After an unwind out of the host fault handler, whose mask the kernel did not restore. */
void rv_sig_sync_host_mask(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

void rv_sig_host_async(int hsig, const void *host_siginfo)
{
    (void)hsig;
    (void)host_siginfo;
}


/* No core file from an engine test: the runner's own dump is switched off (fatal.c). */
bool rv_core_dump(int hsig)
{
    (void)hsig;
    return false;
}
