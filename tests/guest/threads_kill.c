/* threads_kill: pthread_kill (tgkill) of a sibling thread runs the handler in that thread,
 * tkill through syscall(2) too, and sched_getaffinity works from a thread.
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile pid_t handler_tid;
static volatile pid_t worker_tid;

static void handler(int sig)
{
    got = sig;
    handler_tid = (pid_t)syscall(SYS_gettid);
}

static void *worker(void *arg)
{
    (void)arg;
    worker_tid = (pid_t)syscall(SYS_gettid);
    while (!got)
        usleep(1000);
    return NULL;
}

static void *affinity(void *arg)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    *(int *)arg = sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0;
    return NULL;
}

int main(void)
{
    signal(SIGUSR1, handler);
    signal(SIGUSR2, handler);

    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!worker_tid)
        usleep(1000);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    printf("pthread_kill: signal %s, handled in the target thread: %s\n",
           got == SIGUSR1 ? "SIGUSR1" : "other", handler_tid == worker_tid ? "yes" : "no");

    got = 0;
    worker_tid = 0;
    pthread_create(&t, NULL, worker, NULL);
    while (!worker_tid)
        usleep(1000);
    syscall(SYS_tkill, worker_tid, SIGUSR2);
    pthread_join(t, NULL);
    printf("tkill: signal %s, handled in the target thread: %s\n",
           got == SIGUSR2 ? "SIGUSR2" : "other", handler_tid == worker_tid ? "yes" : "no");

    int ok = 0;
    pthread_create(&t, NULL, affinity, &ok);
    pthread_join(t, NULL);
    printf("sched_getaffinity in a thread: %s\n", ok ? "ok" : "failed");
    return 0;
}
