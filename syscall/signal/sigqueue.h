/*
 * syscall/signal/sigqueue.h - the calling thread's queue of recorded real-time signal instances
 * (syscall/signal/sigqueue.c), which lets several instances of one real-time signal wait for
 * delivery as the kernel queues them, each with its own siginfo. Standard signals do not use it:
 * they coalesce into one pending bit and one siginfo in syscall/signal/sigstate.c.
 *
 * Filled by the host signal handler (async-signal-safe) and by the thread itself; emptied only
 * by the thread itself. The queue is small and bounded; before it fills up, the handler blocks
 * the real-time signals in the host mask it returns to (rv_rtq_hold), so further instances stay
 * queued in the host kernel until the thread has taken some (rv_rtq_release). The limit the
 * guest sees is therefore the host's, RLIMIT_SIGPENDING, as on a real kernel.
 */
#ifndef CROSSRUN_SIGQUEUE_H
#define CROSSRUN_SIGQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/ucontext.h"

/* Instances one thread holds at most. */
#define RV_RTQ_SLOTS 32

/* Appends one instance (info->signo is the signal) from the thread itself, which leaves a few
 * slots to its handler. False when there is no room: the instance is lost, as the kernel drops
 * a real-time signal over RLIMIT_SIGPENDING. */
bool rv_rtq_push(const struct rv_siginfo *info);

/* Appends one instance from the host signal handler whose ucontext_t is uctx. When the queue
 * is nearly full, real-time signals are blocked in the mask the handler returns to, so further
 * instances wait in the host kernel. False when there was no room even so: the instance went
 * back to the host kernel (rt_tgsigqueueinfo to this thread), held there. */
bool rv_rtq_push_async(const struct rv_siginfo *info, void *uctx);

/* A POSIX timer's signal (si_code SI_TIMER) while an instance from the same timer is queued:
 * its expirations are added to that instance's overrun count (saturating at INT_MAX), as the
 * kernel queues one signal per timer and counts the rest, and (from the host handler, uctx its
 * ucontext_t) the real-time signals are held in the host kernel until the thread takes one, as
 * the kernel does not rearm a timer whose signal is pending. True when it was merged so; false
 * when no such instance is queued (push it then). */
bool rv_rtq_merge_timer(const struct rv_siginfo *info, void *uctx);

/* The overrun of a pending timer signal after another expiry came with `more` of its own: one
 * for that expiry and its overruns, saturating at INT_MAX (the kernel's DELAYTIMER_MAX). */
static inline int32_t rv_timer_overrun_sum(int32_t pending, int32_t more)
{
    int64_t sum = (int64_t)pending + 1 + (more > 0 ? more : 0);
    return sum > INT32_MAX ? INT32_MAX : (int32_t)sum;
}

/* Takes the oldest instance of sig into *info. False when there is none. */
bool rv_rtq_take(int sig, struct rv_siginfo *info);

/* Whether an instance of sig is queued. */
bool rv_rtq_has(int sig);

/* Drops every queued instance that timer `tid`'s expiries sent (it was set again or deleted). */
void rv_rtq_discard_timer(int32_t tid);

/* Drops every queued instance of sig (its action became "ignore"). */
void rv_rtq_discard(int sig);

/* Drops everything (a fork child starts with no pending signal). */
void rv_rtq_clear(void);

/* Host signal bits to keep blocked while the queue is held (0 when it is not). */
uint64_t rv_rtq_held_bits(void);

/* After taking: true when the queue was held and has room again; the caller then re-applies
 * the host mask so the host kernel delivers what it kept. */
bool rv_rtq_release(void);

#endif
