/*
 * tests/unit/test_sigqueue.c - the per-thread real-time signal queue (syscall/signal/sigqueue.c):
 * order per signal, room kept for the host handler, holding real-time signals in the host
 * mask before it fills, and releasing them once there is room again.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "syscall/signal/sigqueue.h"

static struct rv_siginfo rt(int sig, int value)
{
    struct rv_siginfo si = { .signo = sig, .code = -1 /* SI_QUEUE */ };
    si.u.rt.value = (uint64_t)value;
    return si;
}

static void empty(void)
{
    rv_rtq_clear();
}

TestSuite(sigqueue, .init = empty);

Test(sigqueue, instances_of_one_signal_come_out_in_order)
{
    for (int i = 0; i < 5; i++) {
        struct rv_siginfo si = rt(34, i);
        cr_assert(rv_rtq_push(&si));
        si = rt(35, 100 + i);
        cr_assert(rv_rtq_push(&si));
    }
    struct rv_siginfo got;
    for (int i = 0; i < 5; i++) {
        cr_assert(rv_rtq_take(35, &got));
        cr_assert_eq(got.signo, 35);
        cr_assert_eq(got.u.rt.value, (uint64_t)(100 + i));
    }
    cr_assert_not(rv_rtq_has(35));
    cr_assert(rv_rtq_has(34));
    for (int i = 0; i < 5; i++) {
        cr_assert(rv_rtq_take(34, &got));
        cr_assert_eq(got.u.rt.value, (uint64_t)i);
    }
    cr_assert_not(rv_rtq_take(34, &got));
}

Test(sigqueue, discard_drops_only_that_signal)
{
    struct rv_siginfo a = rt(40, 1), b = rt(41, 2);
    cr_assert(rv_rtq_push(&a));
    cr_assert(rv_rtq_push(&b));
    cr_assert(rv_rtq_push(&a));
    rv_rtq_discard(40);
    cr_assert_not(rv_rtq_has(40));
    cr_assert(rv_rtq_has(41));
}

Test(sigqueue, thread_pushes_leave_room_for_the_handler)
{
    struct rv_siginfo si = rt(34, 0);
    int n = 0;
    while (rv_rtq_push(&si))
        n++;
    cr_assert_lt(n, RV_RTQ_SLOTS, "the thread never fills the queue itself");
    ucontext_t uc;
    memset(&uc, 0, sizeof uc);
    cr_assert(rv_rtq_push_async(&si, &uc), "the handler still finds a slot");
}

Test(sigqueue, handler_holds_rt_signals_before_the_queue_is_full_and_release_follows)
{
    ucontext_t uc;
    memset(&uc, 0, sizeof uc);
    int pushed = 0;
    while (!sigismember(&uc.uc_sigmask, 34)) {
        struct rv_siginfo si = rt(34, pushed);
        cr_assert(rv_rtq_push_async(&si, &uc));
        pushed++;
        cr_assert_leq(pushed, RV_RTQ_SLOTS);
    }
    cr_assert_lt(pushed, RV_RTQ_SLOTS, "held with slots to spare");
    cr_assert(sigismember(&uc.uc_sigmask, 64));
    cr_assert_not(sigismember(&uc.uc_sigmask, 32), "never the runner's own glibc signals");
    cr_assert_not(sigismember(&uc.uc_sigmask, 33));
    cr_assert_not(sigismember(&uc.uc_sigmask, SIGUSR1), "standard signals are not held");
    cr_assert_neq(rv_rtq_held_bits(), 0);
    cr_assert_not(rv_rtq_release(), "no room yet");

    struct rv_siginfo got;
    bool released = false;
    for (int i = 0; i < pushed && !released; i++) {
        cr_assert(rv_rtq_take(34, &got));
        cr_assert_eq(got.u.rt.value, (uint64_t)i);
        released = rv_rtq_release();
    }
    cr_assert(released, "released once slots are free again");
    cr_assert_eq(rv_rtq_held_bits(), 0);
}
