/*
 * tests/unit/sigstate_double.c - a stand-in for the signal-delivery side of syscall/ in engine
 * unit tests (test_interp links run/loop.c without the syscall layer).
 *
 * No guest handler exists here: faults stay fatal (rv_sig_take_fault says so) and there is
 * never a signal to deliver.
 */
#include <stdbool.h>
#include <stddef.h>

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

void rv_sig_sync_host_mask(void) {}

void rv_sig_host_async(int hsig, const void *host_siginfo)
{
    (void)hsig;
    (void)host_siginfo;
}

bool rv_sig_take_fault(int sig, int code, guest_addr addr)
{
    (void)sig;
    (void)code;
    (void)addr;
    return false;
}
