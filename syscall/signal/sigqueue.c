/*
 * syscall/signal/sigqueue.c - per-thread queue of recorded real-time signal instances (see
 * syscall/signal/sigqueue.h for what it is for).
 *
 * Concurrency: every slot belongs to one thread. Producers are that thread's code and its host
 * signal handler, which can interrupt the thread anywhere but always runs to completion (its
 * sa_mask blocks every other signal) before the thread resumes; the only consumer is the
 * thread. So a slot is claimed with one atomic compare-and-swap (free -> filling), filled, and
 * published (ready) last; the consumer frees a slot only after copying it. Order is a sequence
 * number drawn when the slot is published; the host kernel hands queued instances to the
 * handler one at a time in its own order, so taking the lowest number of a signal gives the
 * kernel's order.
 *
 * Full queue: the handler holds real-time signals in the host kernel before the last slots
 * are used (see hold), so it always finds a slot. If it still found none (the thread
 * re-applied its host mask between the handler deciding to hold and returning, twice in a
 * row), the instance is sent back to the thread through rt_tgsigqueueinfo, which keeps its
 * siginfo but puts it behind the instances the host kernel still holds.
 */
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "mem/host.h"
#include "syscall/signal/sigqueue.h"

enum { SLOT_FREE, SLOT_FILLING, SLOT_READY };

/* Slots the thread's own pushes leave to the handler, and the number of free slots at which
 * the handler starts holding signals in the host kernel. */
#define THREAD_RESERVE 2
#define HOLD_AT 4

/* Host real-time signals that reach the handler: 34..64 (bits 33..63 of the mask). 32 and 33
 * are the runner's glibc's own (SIGCANCEL, SIGSETXID) and never guest-handled on the host. */
#define HOST_RT_BITS (~UINT64_C(0) << 33)

struct rtq_slot {
    uint32_t state;
    uint64_t seq;
    struct rv_siginfo info;
};

static __thread struct rtq_slot slots[RV_RTQ_SLOTS];
static __thread uint32_t used;       /* slots not free */
static __thread uint64_t next_seq;
static __thread bool held;

static bool push(const struct rv_siginfo *info, uint32_t reserve)
{
    if (__atomic_load_n(&used, __ATOMIC_RELAXED) + reserve >= RV_RTQ_SLOTS)
        return false;
    for (int i = 0; i < RV_RTQ_SLOTS; i++) {
        uint32_t expect = SLOT_FREE;
        if (!__atomic_compare_exchange_n(&slots[i].state, &expect, SLOT_FILLING, false,
                                         __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            continue;
        __atomic_fetch_add(&used, 1, __ATOMIC_RELAXED);
        slots[i].info = *info;
        slots[i].seq = __atomic_fetch_add(&next_seq, 1, __ATOMIC_RELAXED);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        __atomic_store_n(&slots[i].state, SLOT_READY, __ATOMIC_RELAXED);
        return true;
    }
    return false;
}

/* The ready slot of sig with the lowest sequence number, or -1. */
static int oldest(int sig)
{
    int best = -1;
    for (int i = 0; i < RV_RTQ_SLOTS; i++) {
        if (__atomic_load_n(&slots[i].state, __ATOMIC_RELAXED) != SLOT_READY ||
            slots[i].info.signo != sig)
            continue;
        if (best < 0 || slots[i].seq < slots[best].seq)
            best = i;
    }
    return best;
}

static void free_slot(int i)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&slots[i].state, SLOT_FREE, __ATOMIC_RELAXED);
    __atomic_fetch_sub(&used, 1, __ATOMIC_RELAXED);
}

bool rv_rtq_take(int sig, struct rv_siginfo *info)
{
    int i = oldest(sig);
    if (i < 0)
        return false;
    /* FILLING while copied: the handler does not merge into a slot on its way out */
    __atomic_store_n(&slots[i].state, SLOT_FILLING, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    *info = slots[i].info;
    free_slot(i);
    return true;
}

static void hold(ucontext_t *uc);

bool rv_rtq_merge_timer(const struct rv_siginfo *info, void *uctx)
{
    for (int i = 0; i < RV_RTQ_SLOTS; i++) {
        uint32_t expect = SLOT_READY;
        const struct rv_siginfo *q = &slots[i].info;
        if (q->signo != info->signo || q->code != RV_SI_TIMER ||
            q->u.timer.tid != info->u.timer.tid ||
            !__atomic_compare_exchange_n(&slots[i].state, &expect, SLOT_FILLING, false,
                                         __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            continue;
        slots[i].info.u.timer.overrun = rv_timer_overrun_sum(q->u.timer.overrun,
                                                             info->u.timer.overrun);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        __atomic_store_n(&slots[i].state, SLOT_READY, __ATOMIC_RELAXED);
        /* the host timer must stop sending until the guest takes its instance: left
         * unblocked, a short interval would keep the handler merging and the thread from
         * ever running the guest's handler */
        if (uctx)
            hold(uctx);
        return true;
    }
    return false;
}

bool rv_rtq_has(int sig)
{
    return oldest(sig) >= 0;
}

void rv_rtq_discard_timer(int32_t tid)
{
    for (int i = 0; i < RV_RTQ_SLOTS; i++) {
        uint32_t expect = SLOT_READY;
        if (slots[i].info.code != RV_SI_TIMER || slots[i].info.u.timer.tid != tid ||
            !__atomic_compare_exchange_n(&slots[i].state, &expect, SLOT_FILLING, false,
                                         __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            continue;
        free_slot(i);
    }
}

void rv_rtq_discard(int sig)
{
    for (int i; (i = oldest(sig)) >= 0;)
        free_slot(i);
}

void rv_rtq_clear(void)
{
    for (int i = 0; i < RV_RTQ_SLOTS; i++)
        if (__atomic_load_n(&slots[i].state, __ATOMIC_RELAXED) == SLOT_READY)
            free_slot(i);
    held = false;
}

bool rv_rtq_push(const struct rv_siginfo *info)
{
    return push(info, THREAD_RESERVE);
}

/* Blocks the host real-time signals in the mask the kernel restores when the handler returns
 * (sigaddset is async-signal-safe). */
static void hold(ucontext_t *uc)
{
    for (int sig = 34; sig <= 64; sig++)
        sigaddset(&uc->uc_sigmask, sig);
    held = true;
}

bool rv_rtq_push_async(const struct rv_siginfo *info, void *uctx)
{
    ucontext_t *uc = uctx;
    if (!push(info, 0)) {
        if (!uc)
            return false;
        siginfo_t si;
        memcpy(&si, info, sizeof si);
        (void)host_syscall4(SYS_rt_tgsigqueueinfo, host_syscall0(SYS_getpid),
                            host_syscall0(SYS_gettid), info->signo, HOST_ARG(&si));
        hold(uc);
        return false;
    }
    if (uc && RV_RTQ_SLOTS - __atomic_load_n(&used, __ATOMIC_RELAXED) <= HOLD_AT)
        hold(uc);
    return true;
}

uint64_t rv_rtq_held_bits(void)
{
    return held ? HOST_RT_BITS : 0;
}

bool rv_rtq_release(void)
{
    if (!held || RV_RTQ_SLOTS - __atomic_load_n(&used, __ATOMIC_RELAXED) <= HOLD_AT)
        return false;
    held = false;
    return true;
}
