/* posix_mqueue.c: POSIX message queues. mq_open with attributes, messages received highest
 * priority first, mq_getattr/mq_setattr (O_NONBLOCK: EAGAIN on an empty queue), a timed receive
 * that times out, EMSGSIZE, mq_notify by signal (si_code SI_MESGQ) and by thread (glibc's
 * netlink-based SIGEV_THREAD), a second registration refused (EBUSY), mq_unlink and ENOENT.
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "result_text.h"

static volatile sig_atomic_t got_signal, mesgq_code;
static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    got_signal = 1;
    mesgq_code = si->si_code == SI_MESGQ;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int thread_value;
static void on_message(union sigval v)
{
    pthread_mutex_lock(&lock);
    thread_value = v.sival_int;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char name[64];
    snprintf(name, sizeof name, "/crossrun-test-%d", (int)getpid());
    struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
    printf("mq_open: %s\n", q == (mqd_t)-1 ? res(-1) : "ok");
    if (q == (mqd_t)-1)
        return 1;
    printf("O_EXCL again: %s\n", res(mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr)));

    printf("send low: %s, ", res(mq_send(q, "low", 3, 1)));
    printf("high: %s, ", res(mq_send(q, "high", 4, 9)));
    printf("middle: %s\n", res(mq_send(q, "middle", 6, 5)));
    char big[65] = { 0 };
    printf("too big: %s\n", res(mq_send(q, big, sizeof big, 0)));
    struct mq_attr got;
    mq_getattr(q, &got);
    printf("attr: maxmsg %ld msgsize %ld curmsgs %ld flags %ld\n", got.mq_maxmsg, got.mq_msgsize,
           got.mq_curmsgs, got.mq_flags);
    for (int i = 0; i < 3; i++) {
        char buf[64];
        unsigned prio;
        ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
        printf("received %.*s prio %u\n", (int)(n < 0 ? 0 : n), buf, prio);
    }
    char small[8];
    printf("receive into a short buffer: %s\n", res(mq_receive(q, small, sizeof small, NULL)));

    struct timespec past;
    clock_gettime(CLOCK_REALTIME, &past);
    char buf[64];
    printf("timed receive, deadline passed: %s\n", res(mq_timedreceive(q, buf, sizeof buf, NULL, &past)));
    struct mq_attr nb = { .mq_flags = O_NONBLOCK }, old;
    long r = mq_setattr(q, &nb, &old);
    printf("setattr O_NONBLOCK: %s, old flags %ld\n", res(r), old.mq_flags);
    printf("receive empty: %s\n", res(mq_receive(q, buf, sizeof buf, NULL)));

    /* notification by signal */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    printf("mq_notify signal: %s, ", res(mq_notify(q, &ev)));
    printf("again: %s\n", res(mq_notify(q, &ev)));
    mq_send(q, "wake", 4, 0);
    for (int i = 0; i < 2000 && !got_signal; i++)
        usleep(1000);
    printf("signal %d, SI_MESGQ %d\n", (int)got_signal, (int)mesgq_code);
    mq_receive(q, buf, sizeof buf, NULL);

    /* notification by thread */
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_message;
    ev.sigev_value.sival_int = 77;
    printf("mq_notify thread: %s\n", res(mq_notify(q, &ev)));
    mq_send(q, "wake", 4, 0);
    pthread_mutex_lock(&lock);
    struct timespec limit;
    clock_gettime(CLOCK_REALTIME, &limit);
    limit.tv_sec += 5;
    while (!thread_value && pthread_cond_timedwait(&cond, &lock, &limit) == 0)
        ;
    pthread_mutex_unlock(&lock);
    printf("thread got %d\n", thread_value);

    mq_close(q);
    printf("mq_unlink: %s, ", res(mq_unlink(name)));
    printf("again: %s\n", res(mq_unlink(name)));
    printf("open missing: %s\n", res(mq_open(name, O_RDONLY)));
    return 0;
}
