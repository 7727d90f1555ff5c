/* signal_handlers.c: signals delivered to handlers: raise/kill with SA_SIGINFO (si_signo,
 * si_code, si_pid), SA_RESETHAND, SA_NODEFER, nested delivery, a blocked signal delivered
 * when unblocked, sigsuspend, sigtimedwait, sigqueue's value, alarm + pause, and a signal
 * arriving while the program loops without syscalls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t count, depth, max_depth, last_sig, last_code, pid_ok, order[8], norder;
static volatile int value_seen;

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "WRONG");
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    count++;
    last_sig = si->si_signo == sig ? sig : -1;
    last_code = si->si_code;
    pid_ok = si->si_pid == getpid();
    if (si->si_code == SI_QUEUE)
        value_seen = si->si_value.sival_int;
}

static void plain_handler(int sig)
{
    count++;
    if (norder < 8)
        order[norder++] = sig;
}

static void nodefer_handler(int sig)
{
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (depth < 3)
        raise(sig);  /* SA_NODEFER: delivered inside this handler */
    depth--;
}

static void nested_outer(int sig)
{
    (void)sig;
    if (norder < 8)
        order[norder++] = SIGUSR1;
    raise(SIGUSR2);  /* another signal interrupts this handler */
    if (norder < 8)
        order[norder++] = 100;
}

static void set(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void set_info(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);

    set_info(SIGUSR1);
    count = 0;
    raise(SIGUSR1);
    check("raise delivers to the SA_SIGINFO handler", count == 1 && last_sig == SIGUSR1);
    check("raise: si_code SI_TKILL, si_pid self", last_code == SI_TKILL && pid_ok);
    kill(getpid(), SIGUSR1);
    check("kill delivers: si_code SI_USER, si_pid self", count == 2 && last_code == SI_USER && pid_ok);

    union sigval v = { .sival_int = 4242 };
    sigqueue(getpid(), SIGUSR1, v);
    check("sigqueue delivers SI_QUEUE with its value", count == 3 && last_code == SI_QUEUE &&
                                                       value_seen == 4242);

    set(SIGUSR2, plain_handler, SA_RESETHAND);
    count = 0;
    raise(SIGUSR2);
    struct sigaction cur;
    sigaction(SIGUSR2, NULL, &cur);
    check("SA_RESETHAND: handled once, then SIG_DFL", count == 1 && cur.sa_handler == SIG_DFL);

    set(SIGUSR2, nodefer_handler, SA_NODEFER);
    depth = max_depth = 0;
    raise(SIGUSR2);
    check("SA_NODEFER: the handler nests three deep", max_depth == 3 && depth == 0);

    set(SIGUSR2, plain_handler, 0);
    set(SIGUSR1, nested_outer, 0);
    norder = 0;
    raise(SIGUSR1);
    check("a second signal nests inside a handler",
          norder == 3 && order[0] == SIGUSR1 && order[1] == SIGUSR2 && order[2] == 100);

    /* Without SA_NODEFER the signal is blocked inside its own handler. */
    sigset_t block, old, pend;
    set(SIGUSR1, plain_handler, 0);
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, &old);
    count = 0;
    norder = 0;
    raise(SIGUSR2);
    raise(SIGUSR1);
    sigpending(&pend);
    check("blocked signals are pending, not delivered",
          count == 0 && sigismember(&pend, SIGUSR1) && sigismember(&pend, SIGUSR2));
    sigprocmask(SIG_SETMASK, &old, NULL);
    /* The kernel builds both frames before returning to user mode, lowest number first, so
     * the frame built last (SIGUSR2's) runs first. */
    check("unblocking delivers both, the last frame first",
          count == 2 && order[0] == SIGUSR2 && order[1] == SIGUSR1);

    /* sigsuspend: wait with SIGUSR1 unblocked; the old mask comes back afterwards. */
    sigprocmask(SIG_BLOCK, &block, &old);
    count = 0;
    raise(SIGUSR1);
    sigset_t waitmask;
    sigfillset(&waitmask);
    sigdelset(&waitmask, SIGUSR1);
    int r = sigsuspend(&waitmask);
    int e = errno;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    check("sigsuspend returns -1 EINTR after the handler", r == -1 && e == EINTR && count == 1);
    check("sigsuspend restores the mask", sigismember(&now, SIGUSR1) && sigismember(&now, SIGUSR2) &&
                                          !sigismember(&now, SIGTERM));

    /* sigtimedwait takes a blocked signal without running its handler. */
    count = 0;
    raise(SIGUSR2);
    siginfo_t si;
    struct timespec ts = { 1, 0 };
    sigset_t wset;
    sigemptyset(&wset);
    sigaddset(&wset, SIGUSR2);
    r = sigtimedwait(&wset, &si, &ts);
    check("sigtimedwait returns the blocked SIGUSR2", r == SIGUSR2 && si.si_signo == SIGUSR2 &&
                                                      count == 0);
    ts.tv_sec = 0;
    ts.tv_nsec = 20 * 1000 * 1000;
    r = sigtimedwait(&wset, &si, &ts);
    check("sigtimedwait times out with EAGAIN", r == -1 && errno == EAGAIN);
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* alarm + pause */
    set(SIGALRM, plain_handler, 0);
    count = 0;
    alarm(1);
    r = pause();
    check("pause returns EINTR after the SIGALRM handler", r == -1 && errno == EINTR && count == 1);

    /* A timer signal arriving while the program computes without any syscall. */
    count = 0;
    alarm(1);
    volatile unsigned long spin = 0;
    while (!count)
        spin++;
    check("a signal interrupts a loop without syscalls", count == 1 && spin > 0);
    return 0;
}
