/*
 * syscall/sigstate.h - the guest signal state that syscall/signal.c records, for the code that
 * will deliver signals (signal frames, run-loop safe points) to read.
 *
 * Actions are process-wide; the blocked mask, the pending set and the alternate stack belong to
 * the calling guest thread (each guest thread is one host thread).
 */
#ifndef CROSSRUN_SIGSTATE_H
#define CROSSRUN_SIGSTATE_H

#include <stdint.h>

#include "abi/signal.h"

/* The action the guest last set for sig (1..64), exactly as rt_sigaction returns it. */
struct rv_sigaction rv_sig_action(int sig);

/* The calling thread's blocked set (guest sigset bits). */
uint64_t rv_sig_blocked(void);

/* Signals recorded for the calling thread and not yet delivered: those with a guest handler,
 * and blocked ones. */
uint64_t rv_sig_pending(void);

/* The calling thread's alternate signal stack (flags SS_DISABLE when there is none). */
struct rv_stack rv_sig_altstack(void);

/* Called just before the runner kills itself with guest signal `sig` (a default action that
 * terminates); --strace sets it to finish the interrupted line as strace would. */
extern void (*rv_sig_fatal_hook)(int sig);

#endif
