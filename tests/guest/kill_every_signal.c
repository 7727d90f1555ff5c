/* kill_every_signal.c: a parent kills children with every signal in turn, as stress-ng's kill,
 * sigq and process-reaping stressors do. Each child either waits with default dispositions (and
 * dies, stops or ignores as the kernel's default action says), or has a handler for everything
 * and counts what arrives; the parent reaps each with the status the kernel reports. The
 * signals glibc keeps for itself (32, 33: its sigaction refuses them) are sent to the waiting
 * children too: with the default action they kill, in a child that made a thread as well (the
 * runner's glibc once kept a handler of its own for 33 and the child lived on).
 * guest-test: timeout 90
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got[NSIG];

static void on_any(int sig)
{
    got[sig]++;
}

static int usable(int sig)
{
    return sig != SIGKILL && sig != SIGSTOP && (sig < 32 || sig >= SIGRTMIN);
}

static void describe(int sig, int st)
{
    if (WIFEXITED(st))
        printf("signal %2d: exit %d\n", sig, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("signal %2d: killed by %d\n", sig, WTERMSIG(st));
    else if (WIFSTOPPED(st))
        printf("signal %2d: stopped by %d\n", sig, WSTOPSIG(st));
}

static void *idle(void *arg)
{
    return arg;
}

/* A child with default dispositions gets sig while it waits in pause(). */
static void defaults(int sig, int ready[2], int threaded)
{
    pid_t kid = fork();
    if (kid == 0) {
        pthread_t t;
        if (threaded && (pthread_create(&t, NULL, idle, NULL) != 0 || pthread_join(t, NULL) != 0))
            _exit(96);
        if (write(ready[1], "r", 1) != 1)
            _exit(99);
        for (;;)
            pause();
    }
    char c;
    if (read(ready[0], &c, 1) != 1)
        return;
    kill(kid, sig);
    int st;
    pid_t w = 0;
    /* Ignored by default, and 33 once glibc has a handler for it: give it 50 ms to do anything
     * else. Every other signal must end the wait: one the runner swallowed hangs here. */
    int ignored = sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH ||
                  (threaded && sig == 33);
    if (ignored) {
        usleep(50000);
        w = waitpid(kid, &st, WNOHANG | WUNTRACED);
    } else {
        w = waitpid(kid, &st, WUNTRACED);
    }
    if (w == 0) {  /* still waiting */
        printf("signal %2d: ignored\n", sig);
        kill(kid, SIGKILL);
        waitpid(kid, &st, 0);
        describe(SIGKILL, st);
        return;
    }
    if (w != kid)
        return;
    if (WIFSTOPPED(st)) {
        describe(sig, st);
        kill(kid, SIGKILL);
        kill(kid, SIGCONT);
        waitpid(kid, &st, 0);
        describe(SIGKILL, st);
        return;
    }
    if (!WIFSIGNALED(st) && !WIFEXITED(st))
        return;
    describe(sig, st);
}

/* A child with a handler for every signal; the ignored-by-default ones must not kill it. */
static void handled(int ready[2], int done[2])
{
    pid_t kid = fork();
    if (kid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_any;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        for (int s = 1; s < NSIG; s++)
            if (usable(s))
                sigaction(s, &sa, NULL);
        if (write(ready[1], "r", 1) != 1)
            _exit(99);
        char c;
        /* Each signal is followed by a byte on done: a restarted read that then returns it. */
        int n = 0;
        for (int s = 1; s < NSIG; s++) {
            if (!usable(s))
                continue;
            if (read(done[0], &c, 1) != 1)
                _exit(98);
            if (got[s] != 1) {
                printf("signal %d: handler ran %d times\n", s, got[s]);
                _exit(97);
            }
            n++;
        }
        printf("handled child saw %d signals once each\n", n);
        _exit(0);
    }
    char c;
    if (read(ready[0], &c, 1) != 1)
        return;
    for (int s = 1; s < NSIG; s++) {
        if (!usable(s))
            continue;
        kill(kid, s);
        usleep(2000);
        if (write(done[1], "d", 1) != 1)
            return;
    }
    int st;
    waitpid(kid, &st, 0);
    describe(0, st);
}

/* sigqueue to a child waiting in sigwaitinfo, many times, then SIGKILL while it waits. */
static void queued(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 1);
    sigaddset(&set, SIGRTMIN + 2);  /* after every SIGRTMIN + 1: lower numbers go first */
    sigprocmask(SIG_BLOCK, &set, NULL);
    pid_t kid = fork();
    if (kid == 0) {
        int sum = 0, n = 0;
        for (;;) {
            siginfo_t si;
            int s = sigwaitinfo(&set, &si);
            if (s == SIGRTMIN + 2)
                break;
            if (s == SIGRTMIN + 1) {
                sum += si.si_value.sival_int;
                n++;
            }
        }
        printf("sigqueue child: %d values, sum %d\n", n, sum);
        fflush(stdout);
        sigset_t none;
        sigemptyset(&none);
        sigsuspend(&none);  /* killed here */
        _exit(3);
    }
    for (int i = 0; i < 2000; i++) {
        union sigval v = { .sival_int = i };
        while (sigqueue(kid, SIGRTMIN + 1, v) < 0)
            if (errno != EAGAIN)
                return;
            else
                usleep(100);
    }
    kill(kid, SIGRTMIN + 2);
    usleep(50000);
    kill(kid, SIGKILL);
    int st;
    waitpid(kid, &st, 0);
    describe(SIGKILL, st);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);  /* the signals that dump core would leave files */
    int ready[2], done[2];
    if (pipe(ready) < 0 || pipe(done) < 0)
        return 1;
    for (int round = 0; round < 3; round++)
        for (int s = 1; s < NSIG; s++)
            if (round == 0 || s == SIGKILL || s == SIGTERM || s == SIGSTOP || s == SIGCHLD ||
                s == 32 || s == 33)
                defaults(s, ready, round == 2);
    handled(ready, done);
    queued();
    return 0;
}
