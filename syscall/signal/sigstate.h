/*
 * syscall/signal/sigstate.h - inside the signal wing: what sigstate.c (actions, masks, pending
 * sets, recording, waiting) gives the frame code (sigframe.c), the senders (sigsend.c) and the
 * blocking-call code. The rest of crossrun uses syscall/signal/signal.h.
 */
#ifndef CROSSRUN_SIGSTATE_H
#define CROSSRUN_SIGSTATE_H

#include "syscall/signal/signal.h"

/* Takes the next deliverable signal that has a guest handler (default actions are carried
 * out on the way), applying SA_RESETHAND. frame_mask is the mask the frame must save (the one
 * before rt_sigsuspend, if that is what woke up). False when nothing is deliverable. */
bool rv_sig_next(int *sig, struct rv_siginfo *info, struct rv_sigaction *act,
                 uint64_t *frame_mask);

/* Of several ready signals (a sigset), the one the kernel's next_signal delivers first: a
 * synchronous one (a fault's) before the others, else the lowest number. */
static inline int rv_sig_first_ready(uint64_t ready)
{
    const uint64_t synchronous = RV_SIGBIT(RV_SIGSEGV) | RV_SIGBIT(RV_SIGBUS) |
                                 RV_SIGBIT(RV_SIGILL) | RV_SIGBIT(RV_SIGTRAP) |
                                 RV_SIGBIT(RV_SIGFPE) | RV_SIGBIT(RV_SIGSYS);
    if (ready & synchronous)
        ready &= synchronous;
    return __builtin_ctzll(ready) + 1;
}

/* ---- for the waiting syscalls (sigwait.c) ----------------------------------------------- */

/* Never blocked on the host: the fault path's signals (run/fault.c). */
#define RV_SIG_HOST_NEVER_BLOCKED (RV_SIGBIT(RV_SIGSEGV) | RV_SIGBIT(RV_SIGBUS))

/* A guest sigset at addr, without SIGKILL and SIGSTOP: 0 or -EFAULT. */
int rv_sig_set_from_guest(uint64_t *set, guest_addr addr);
/* Blocks every host signal the guest's may arrive as (before checking what is pending). */
void rv_sig_host_block_all(void);
/* The host mask that stands for guest mask `guest_mask` on this thread. */
uint64_t rv_sig_host_mask_for(uint64_t guest_mask);
/* Takes the recorded instance of sig (pending) into *info. */
void rv_sig_take(int sig, struct rv_siginfo *info);
/* A wait with a temporary mask was ended by a recorded signal: the handler runs with that mask
 * in place and its frame saves the guest's own, which sigreturn brings back (the kernel's
 * set_restore_sigmask). Nested waits keep the outermost mask. */
void rv_sig_keep_mask_for_handler(uint64_t wait_mask);

/* Binds the calling thread's pending flag for the safe_syscallN calls (sigstate.c does it with
 * the cpu it runs). */
void rv_safe_syscall_bind(volatile int *pending);

/* The kernel's force_sigsegv (a signal frame that cannot be written, a bad frame at
 * rt_sigreturn): SIGSEGV's action becomes SIG_DFL, it is unblocked, traced as the kernel's
 * (si_code SI_KERNEL) and the runner dies by it. */
__attribute__((noreturn)) void rv_sig_force_sigsegv(void);

/* ---- for the senders (sigsend.c) --------------------------------------------------------- */

/* Reads the dispositions inherited across exec into the action table, once per process; the
 * senders do it first, as every call that touches the table does. */
void rv_sig_init_once(void);

/* Whether sig's guest SIG_IGN / SIG_DFL is mirrored onto the host disposition: every signal
 * but SIGKILL, SIGSTOP and the runner's own fault signals SIGSEGV and SIGBUS. */
bool rv_sig_host_handles(int sig);

/* The calling thread sends itself sig (0 only probes) with this siginfo, the host kernel not
 * carrying it: SIGKILL ends the runner at once; a blocked signal is recorded; otherwise its
 * action is taken (a guest handler's delivery recorded, a default action carried out, a fatal
 * one at the next safe point). Returns 0. */
long rv_sig_send_self(int sig, const struct rv_siginfo *info);

#endif
