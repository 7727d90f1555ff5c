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

/* Takes the oldest instance of sig into *info. False when there is none. */
bool rv_rtq_take(int sig, struct rv_siginfo *info);

/* Whether an instance of sig is queued. */
bool rv_rtq_has(int sig);

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
