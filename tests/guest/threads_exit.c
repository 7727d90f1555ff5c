/* threads_exit: pthread_exit with a value, join of a thread that returned a value, gettid
 * distinct per thread (and the main thread's equal to getpid), the main thread ending with
 * pthread_exit while another thread finishes the output, and a thread calling exit() to end the
 * whole process with its status while other threads still run. Also: a robust mutex whose
 * owner thread exits is handed to the next locker with EOWNERDEAD, and a process forked by a
 * thread of a multi-threaded process ends with the raw exit of its only thread.
 * guest-test: libs -pthread
 * guest-test: args
 * guest-test: args exit
 * guest-test: args main-exit
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t tids[4];

static void *by_pthread_exit(void *arg)
{
    tids[1] = (pid_t)syscall(SYS_gettid);
    pthread_exit((void *)((long)arg + 1));
    return NULL;
}

static void *by_return(void *arg)
{
    tids[2] = (pid_t)syscall(SYS_gettid);
    return (void *)((long)arg * 3);
}

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void *exiter(void *arg)
{
    (void)arg;
    fflush(stdout);
    exit(42);
}

static pthread_mutex_t robust;
static void *lock_and_die(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&robust);
    return NULL; /* exits holding it */
}

static void *fork_from_thread(void *arg)
{
    (void)arg;
    pid_t pid = fork();
    if (pid == 0)
        syscall(SYS_exit, 3); /* the child's only thread: this ends the child process */
    int status = 0;
    waitpid(pid, &status, 0);
    return (void *)(long)(WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status));
}

static pthread_t main_thread;
static void *outlives_main(void *arg)
{
    (void)arg;
    /* the main thread is gone after pthread_exit; joining it waits for that */
    pthread_join(main_thread, NULL);
    printf("main thread gone, last thread finishing\n");
    return NULL;
}

int main(int argc, char **argv)
{
    tids[0] = (pid_t)syscall(SYS_gettid);
    printf("main tid is pid: %s\n", tids[0] == getpid() ? "yes" : "no");

    pthread_t a, b;
    void *ra, *rb;
    pthread_create(&a, NULL, by_pthread_exit, (void *)41L);
    pthread_create(&b, NULL, by_return, (void *)5L);
    pthread_join(a, &ra);
    pthread_join(b, &rb);
    printf("pthread_exit value %ld, returned value %ld\n", (long)ra, (long)rb);
    printf("tids distinct: %s\n",
           tids[0] != tids[1] && tids[1] != tids[2] && tids[0] != tids[2] && tids[1] > 0 &&
                   tids[2] > 0
               ? "yes"
               : "no");

    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &ma);
    pthread_t r;
    pthread_create(&r, NULL, lock_and_die, NULL);
    pthread_join(r, NULL);
    int e = pthread_mutex_lock(&robust);
    printf("robust lock after owner died: %s\n", e == EOWNERDEAD ? "EOWNERDEAD" : strerror(e));
    if (e == EOWNERDEAD)
        pthread_mutex_consistent(&robust);
    pthread_mutex_unlock(&robust);

    pthread_t f;
    void *fr;
    fflush(stdout);
    pthread_create(&f, NULL, fork_from_thread, NULL);
    pthread_join(f, &fr);
    printf("child forked by a thread exited with %ld\n", (long)fr);

    if (argc > 1 && strcmp(argv[1], "exit") == 0) {
        pthread_t s, e;
        pthread_create(&s, NULL, sleeper, NULL);
        printf("a thread calls exit(42)\n");
        fflush(stdout);
        pthread_create(&e, NULL, exiter, NULL);
        for (;;)
            pause();
    }
    if (argc > 1 && strcmp(argv[1], "main-exit") == 0) {
        pthread_t o;
        main_thread = pthread_self();
        pthread_create(&o, NULL, outlives_main, NULL);
        printf("main calls pthread_exit\n");
        fflush(stdout);
        pthread_exit(NULL);
    }
    return 7;
}
