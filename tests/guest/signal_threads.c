/* signal_threads: signals in a multi-threaded program.
 *  - pthread_kill runs the handler in the target thread;
 *  - a process-directed signal (kill) is taken by the one thread that does not block it;
 *  - a thread dedicated to sigwaitinfo receives process-directed real-time signals, queued
 *    with their values, while every thread blocks them;
 *  - SIGCHLD set to SIG_IGN: children are reaped by the system, wait fails with ECHILD;
 *  - SA_NOCLDWAIT with a handler: the same, and the handler still gets SIGCHLD (CLD_EXITED).
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t handler_tid;
static volatile int handler_sig;

static void handler(int sig)
{
    handler_tid = (pid_t)syscall(SYS_gettid);
    handler_sig = sig;
}

static pid_t tid(void)
{
    return (pid_t)syscall(SYS_gettid);
}

/* Waits up to about 5 s for the handler to run. */
static int wait_handler(void)
{
    for (int i = 0; i < 5000 && !handler_sig; i++)
        usleep(1000);
    return handler_sig;
}

static volatile int stop;
static volatile pid_t worker_tids[2];

/* Worker n: unblocks `unblock` (0: none) and idles until told to stop. */
struct worker_arg {
    int n;
    int unblock;
};

static void *worker(void *p)
{
    struct worker_arg *w = p;
    if (w->unblock) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, w->unblock);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    }
    worker_tids[w->n] = tid();
    while (!stop)
        usleep(1000);
    return NULL;
}

static void targeted_and_process_directed(void)
{
    signal(SIGUSR1, handler);
    signal(SIGUSR2, handler);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL);  /* inherited by both workers */

    struct worker_arg args[2] = { { 0, 0 }, { 1, SIGUSR2 } };
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, &args[i]);
    while (!worker_tids[0] || !worker_tids[1])
        usleep(1000);

    handler_sig = 0;
    pthread_kill(t[0], SIGUSR1);
    int got = wait_handler();
    printf("pthread_kill: SIGUSR1 %d, in the target thread %d\n", got == SIGUSR1,
           handler_tid == worker_tids[0]);

    handler_sig = 0;
    kill(getpid(), SIGUSR2);
    got = wait_handler();
    printf("kill(getpid()): SIGUSR2 %d, in the one thread not blocking it %d\n",
           got == SIGUSR2, handler_tid == worker_tids[1]);

    stop = 1;
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static void *sigwaiter(void *p)
{
    (void)p;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 4);
    sigaddset(&set, SIGTERM);
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(&set, &si);
        if (sig == SIGTERM) {
            printf("sigwaiter: SIGTERM from this process %d\n", si.si_pid == getpid());
            return NULL;
        }
        if (sig < 0) {
            printf("sigwaitinfo: %s\n", strerror(errno));
            return NULL;
        }
        printf("sigwaiter: SIGRTMIN+%d value %d\n", sig - SIGRTMIN, si.si_value.sival_int);
    }
}

static void dedicated_sigwait_thread(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 4);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);  /* every thread blocks them */
    /* queued before the waiter exists: they wait on the process */
    for (int i = 0; i < 3; i++) {
        union sigval v = { .sival_int = 100 + i };
        sigqueue(getpid(), SIGRTMIN + 4, v);
    }
    pthread_t t;
    pthread_create(&t, NULL, sigwaiter, NULL);
    for (int i = 0; i < 2; i++) {
        union sigval v = { .sival_int = 200 + i };
        sigqueue(getpid(), SIGRTMIN + 4, v);
    }
    usleep(100000);
    kill(getpid(), SIGTERM);
    pthread_join(t, NULL);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static int fork_and_wait(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(3);
    errno = 0;
    pid_t r = wait(NULL);
    return r < 0 ? errno : 0;
}

static volatile int chld_code = -1, chld_status = -1, chld_count;

static void chld_handler(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_count++;
}

static void sigchld_dispositions(void)
{
    signal(SIGCHLD, SIG_IGN);
    int e = fork_and_wait();
    printf("SIGCHLD ignored: wait %s\n", e == ECHILD ? "ECHILD" : e ? strerror(e) : "reaped a child");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = chld_handler;
    sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT;
    sigaction(SIGCHLD, &sa, NULL);
    e = fork_and_wait();
    for (int i = 0; i < 5000 && !chld_count; i++)
        usleep(1000);
    printf("SA_NOCLDWAIT: wait %s, handler ran %d times, CLD_EXITED %d, status %d\n",
           e == ECHILD ? "ECHILD" : e ? strerror(e) : "reaped a child", chld_count,
           chld_code == CLD_EXITED, chld_status);
    signal(SIGCHLD, SIG_DFL);
    printf("SIGCHLD default again: wait %s\n", fork_and_wait() == 0 ? "reaped the child" : "failed");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* The forks come before any thread: a fork right after a join may find the joined
     * thread's host thread still finishing, which the sanitizer build's leak checker in the
     * child reports ("Running thread N was not suspended"). */
    sigchld_dispositions();
    targeted_and_process_directed();
    dedicated_sigwait_thread();
    return 0;
}
