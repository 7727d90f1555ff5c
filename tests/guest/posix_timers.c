/* posix_timers.c: timer_create/settime/gettime/getoverrun/delete. A one-shot SIGEV_SIGNAL timer
 * reaches an SA_SIGINFO handler with si_code SI_TIMER and the guest's sigval; a NULL sigevent
 * means SIGALRM; a periodic timer whose signal stays blocked
 * counts overruns; SIGEV_NONE timers count down for timer_gettime; old values come back from
 * timer_settime; bad clocks and deleted timers are refused. glibc's SIGEV_THREAD timers run
 * their function in a helper thread woken by signal 32 (glibc's SIGTIMER). A 1 ns periodic
 * timer whose real-time signal stays blocked for 2.5 s has overrun more than INT_MAX times: the
 * count saturates, one signal is delivered, and its handler's timer_settime stops any more (the
 * runner takes host signals at once, so it must keep the one pending signal per timer itself).
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "result_text.h"

static volatile sig_atomic_t fired, code_ok, value, first_overrun;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
    if (fired == 0)
        first_overrun = si->si_overrun;
    fired++;
    code_ok = si->si_code == SI_TIMER;
    value = si->si_value.sival_int;
}

static void wait_for(int n)
{
    for (int i = 0; i < 2000 && fired < n; i++)
        usleep(1000);
}

static timer_t storm;
static volatile sig_atomic_t storm_fired, storm_overrun;

static void on_storm(int sig, siginfo_t *si, void *uc)
{
    if (storm_fired++ == 0) {
        storm_overrun = si->si_overrun;
        struct itimerspec off = { { 0, 0 }, { 0, 0 } };
        timer_settime(storm, 0, &off, NULL);
    }
}

/* overruns past INT_MAX, and no second signal after the handler disarms the timer */
static void saturated_overrun(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_storm;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &rt, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 1;
    timer_create(CLOCK_MONOTONIC, &ev, &storm);
    struct itimerspec its = { { 0, 1 }, { 0, 1 } };
    timer_settime(storm, 0, &its, NULL);
    struct timespec wait = { 2, 500 * 1000000 };
    while (nanosleep(&wait, &wait) != 0)
        ;
    sigprocmask(SIG_UNBLOCK, &rt, NULL);
    usleep(20000);
    printf("1 ns timer blocked 2.5 s: %d delivered, overrun %s\n", (int)storm_fired,
           storm_overrun == 2147483647 ? "INT_MAX" : "below INT_MAX");
    timer_delete(storm);
}

static atomic_int thread_fired;
static int thread_value;

static void on_thread_timer(union sigval v)
{
    thread_value = v.sival_int;
    atomic_fetch_add(&thread_fired, 1);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);

    /* one-shot, SIGEV_SIGNAL with a value */
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    ev.sigev_value.sival_int = 42;
    timer_t t;
    printf("timer_create: %s\n", res(timer_create(CLOCK_MONOTONIC, &ev, &t)));
    struct itimerspec its = { { 0, 0 }, { 0, 20 * 1000000 } }, old;
    printf("timer_settime 20 ms: %s\n", res(timer_settime(t, 0, &its, NULL)));
    wait_for(1);
    printf("fired %d, SI_TIMER %d, value %d\n", (int)fired, (int)code_ok, (int)value);

    /* timer_gettime while armed, then the old value from a disarming timer_settime */
    its.it_value.tv_sec = 10;
    its.it_value.tv_nsec = 0;
    timer_settime(t, 0, &its, NULL);
    struct itimerspec cur;
    printf("timer_gettime: %s, ", res(timer_gettime(t, &cur)));
    printf("remaining in (9 s, 10 s]: %d\n", cur.it_value.tv_sec == 9 ||
           (cur.it_value.tv_sec == 10 && cur.it_value.tv_nsec == 0));
    struct itimerspec zero = { { 0, 0 }, { 0, 0 } };
    long r = timer_settime(t, 0, &zero, &old);
    printf("disarm: %s, old value set %d\n", res(r), old.it_value.tv_sec >= 9);
    timer_gettime(t, &cur);
    printf("disarmed reads zero: %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

    /* absolute time on CLOCK_MONOTONIC */
    fired = 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    its.it_value = now;
    its.it_value.tv_nsec += 10 * 1000000;
    if (its.it_value.tv_nsec >= 1000000000) {
        its.it_value.tv_nsec -= 1000000000;
        its.it_value.tv_sec++;
    }
    printf("TIMER_ABSTIME: %s, ", res(timer_settime(t, TIMER_ABSTIME, &its, NULL)));
    wait_for(1);
    printf("fired %d\n", (int)fired);

    /* periodic, signal blocked: overruns accumulate */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    fired = 0;
    struct itimerspec periodic = { { 0, 2 * 1000000 }, { 0, 2 * 1000000 } };
    timer_settime(t, 0, &periodic, NULL);
    usleep(60 * 1000);
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    wait_for(1);
    /* the timer goes on firing after the unblock: on a loaded machine a second signal may
     * come before this line, so the count and the overrun are the first delivery's */
    printf("periodic while blocked: fired %d, overrun >= 5: %d\n", fired >= 1, first_overrun >= 5);
    printf("timer_getoverrun answers: %d\n", timer_getoverrun(t) >= 0);
    printf("timer_delete: %s\n", res(timer_delete(t)));
    printf("timer_gettime after delete: %s\n", res(timer_gettime(t, &cur)));

    /* NULL sigevent: SIGALRM carrying the timer id */
    timer_t d;
    fired = 0;
    printf("timer_create NULL sigevent: %s\n", res(timer_create(CLOCK_REALTIME, NULL, &d)));
    its = (struct itimerspec){ { 0, 0 }, { 0, 5 * 1000000 } };
    timer_settime(d, 0, &its, NULL);
    wait_for(1);
    printf("SIGALRM fired %d, SI_TIMER %d\n", (int)fired, (int)code_ok);
    timer_delete(d);

    /* SIGEV_NONE: nothing delivered, but it counts down */
    ev.sigev_notify = SIGEV_NONE;
    timer_t n;
    printf("timer_create SIGEV_NONE: %s\n", res(timer_create(CLOCK_MONOTONIC, &ev, &n)));
    its = (struct itimerspec){ { 0, 0 }, { 5, 0 } };
    timer_settime(n, 0, &its, NULL);
    timer_gettime(n, &cur);
    printf("SIGEV_NONE counts down: %d\n", cur.it_value.tv_sec == 4);
    timer_delete(n);

    /* SIGEV_THREAD: glibc's helper thread, signal 32, the function called with the sigval */
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_thread_timer;
    ev.sigev_notify_attributes = NULL;
    ev.sigev_value.sival_int = 7;
    timer_t th;
    printf("timer_create SIGEV_THREAD: %s\n", res(timer_create(CLOCK_MONOTONIC, &ev, &th)));
    its = (struct itimerspec){ { 0, 10 * 1000000 }, { 0, 5 * 1000000 } };
    timer_settime(th, 0, &its, NULL);
    for (int i = 0; i < 400 && atomic_load(&thread_fired) < 3; i++)
        usleep(5000);
    timer_delete(th);
    printf("SIGEV_THREAD fired at least 3 times: %d, value %d\n", atomic_load(&thread_fired) >= 3,
           thread_value);

    saturated_overrun();
    printf("bad clock: %s\n", res(timer_create(12345, NULL, &n)));
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = 200;
    printf("bad signal: %s\n", res(timer_create(CLOCK_MONOTONIC, &ev, &n)));
    return 0;
}
