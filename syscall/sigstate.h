/*
 * syscall/sigstate.h - the guest signal state syscall/signal.c keeps, and the interface between
 * signal.c (state, recording, waiting) and the delivery side: syscall/sigframe.c (frames,
 * rt_sigreturn) and translate/exec.c (safe points, synchronous faults).
 *
 * Actions are process-wide; the blocked mask, the pending set and the alternate stack belong
 * to the calling guest thread (each guest thread is one host thread).
 */
#ifndef CROSSRUN_SIGSTATE_H
#define CROSSRUN_SIGSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/signal.h"
#include "abi/ucontext.h"

struct rv_cpu;

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

/* Called when a signal is delivered to the guest: before its handler's frame is built, when
 * an ignored one is discarded, and before a default action kills (then rv_sig_fatal_hook
 * follows); --strace sets it to print strace's "--- SIGxxx {siginfo} ---" line. */
extern void (*rv_sig_trace_hook)(const struct rv_siginfo *info);

/* Binds the calling host thread to the cpu whose signal_pending flag its host signal handler
 * sets (rv_run calls it); returns the previous one. */
struct rv_cpu *rv_sig_set_cpu(struct rv_cpu *cpu);

/* Takes the next deliverable signal that has a guest handler (default actions are carried
 * out on the way), applying SA_RESETHAND. frame_mask is the mask the frame must save (the one
 * before rt_sigsuspend, if that is what woke up). False when nothing is deliverable. */
bool rv_sig_next(int *sig, struct rv_siginfo *info, struct rv_sigaction *act,
                 uint64_t *frame_mask);

/* Around a host fork: the actions' lock is taken before and released after in the parent. In
 * the child, rv_sig_after_fork starts it afresh; the child starts with no pending signal (the
 * kernel's init_sigpending), so what the parent had recorded and not yet delivered is dropped. */
void rv_sig_fork_prepare(void);
void rv_sig_fork_parent(void);
void rv_sig_after_fork(void);

/* In a clone3 child made with CLONE_CLEAR_SIGHAND: handlers back to SIG_DFL, ignored signals
 * stay ignored, flags and masks cleared. */
void rv_sig_clear_handlers(void);

/* Replaces the guest mask (mirrored to the host; unblocked pending signals take effect). */
void rv_sig_set_blocked(uint64_t mask);

/* After ppoll, pselect6 or epoll_pwait with the guest sigset guest_mask returned -EINTR: a
 * signal that mask let through and the guest's own mask blocks is delivered now, with the
 * temporary mask in place, and the guest's mask is restored by the handler's sigreturn. */
void rv_sig_masked_wait_done(uint64_t guest_mask);

/* Once at start-up, before the guest runs: lets the runner's glibc take host signals 32 and
 * 33 for itself now, so that later the guest's handlers for them stay in place. */
void rv_sig_host_init(void);

/* Re-applies the guest mask to the host thread (after leaving a host handler by longjmp). */
void rv_sig_sync_host_mask(void);

/* A synchronous fault: records it and returns true when the guest has an unblocked handler,
 * false when the fault must kill (default action, ignored or blocked). */
bool rv_sig_take_fault(int sig, int code, guest_addr addr);

/* The kernel's force_sigsegv: the action of sig becomes SIG_DFL and sig is unblocked, so the
 * next fault with it kills (a frame that cannot be written). */
void rv_sig_force_default(int sig);

/* Records a host signal delivered to a handler of the runner's own (SIGSEGV sent by kill). */
void rv_sig_host_async(int hsig, const void *host_siginfo);

/* After syscall nr returned -EINTR: whether it must run again because the signal about to be
 * delivered has SA_RESTART (and nr is one the kernel restarts). */
bool rv_sig_restartable(long nr);

/* Alternate stack helpers for frames: is sp on it; restore it from a frame's uc_stack (as
 * sigaltstack, errors ignored by the caller); disarm it (SS_AUTODISARM). */
bool rv_sig_on_altstack(uint64_t sp);
long rv_sig_restore_altstack(const struct rv_stack *ss, uint64_t sp);
void rv_sig_disarm_altstack(void);

/* Builds the frame of the next deliverable signal and points cpu at its handler
 * (syscall/sigframe.c). Does nothing when no signal is deliverable. */
void rv_sig_deliver(struct rv_cpu *cpu);

#endif
