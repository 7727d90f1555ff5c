/* signal_rt_queue: real-time signals queue, standard ones coalesce. Five sigqueue()s of a
 * blocked SIGRTMIN with values 0..4 and two of SIGRTMIN+1 are all delivered once unblocked,
 * in the kernel's order (lowest signal first, each signal's instances in the order sent; with
 * an empty sa_mask the handlers nest as the kernel stacks their frames); a standard signal sent
 * three times while blocked is delivered once; sigtimedwait takes queued instances one by one
 * with their values; instances that arrive while the handler runs are not lost either; and
 * many more instances than crossrun's own per-thread queue holds all arrive, in order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char log_buf[512];
static size_t log_len;

/* Handlers only append to a buffer (printf is not async-signal-safe); main prints it. */
static void log_append(const char *s)
{
    size_t n = strlen(s);
    if (log_len + n < sizeof log_buf) {
        memcpy(log_buf + log_len, s, n);
        log_len += n;
    }
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    char item[32];
    if (sig == SIGUSR1)
        snprintf(item, sizeof item, " USR1/%d", si->si_code == SI_USER);
    else
        snprintf(item, sizeof item, " RT%d:%d", sig - SIGRTMIN, si->si_value.sival_int);
    log_append(item);
}

static void flush_log(const char *title)
{
    printf("%s:%.*s\n", title, (int)log_len, log_buf);
    log_len = 0;
}

static void install(int sig, int fill_mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    if (fill_mask)
        sigfillset(&sa.sa_mask);
    else
        sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0)
        perror("sigaction");
}

static void queue(int sig, int value)
{
    union sigval v = { .sival_int = value };
    if (sigqueue(getpid(), sig, v) != 0)
        perror("sigqueue");
}

static void block(int how, int a, int b, int c)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, a);
    if (b)
        sigaddset(&set, b);
    if (c)
        sigaddset(&set, c);
    sigprocmask(how, &set, NULL);
}

/* Queued while blocked, delivered on unblock. fill_mask: handlers block everything, so each
 * runs to completion in order; otherwise each frame only blocks its own signal. */
static void burst(int fill_mask)
{
    install(SIGRTMIN, fill_mask);
    install(SIGRTMIN + 1, fill_mask);
    install(SIGUSR1, fill_mask);
    block(SIG_BLOCK, SIGRTMIN, SIGRTMIN + 1, SIGUSR1);
    queue(SIGRTMIN + 1, 10);
    for (int i = 0; i < 5; i++)
        queue(SIGRTMIN, i);
    queue(SIGRTMIN + 1, 11);
    for (int i = 0; i < 3; i++)
        kill(getpid(), SIGUSR1);
    sigset_t pending;
    sigpending(&pending);
    printf("pending: rtmin %d rtmin+1 %d usr1 %d\n", sigismember(&pending, SIGRTMIN),
           sigismember(&pending, SIGRTMIN + 1), sigismember(&pending, SIGUSR1));
    block(SIG_UNBLOCK, SIGRTMIN, SIGRTMIN + 1, SIGUSR1);
    flush_log(fill_mask ? "unblock (handlers block all)" : "unblock (handlers nest)");
}

static void timed_wait(void)
{
    block(SIG_BLOCK, SIGRTMIN, SIGRTMIN + 1, 0);
    queue(SIGRTMIN + 1, 20);
    queue(SIGRTMIN, 21);
    queue(SIGRTMIN, 22);
    queue(SIGRTMIN + 1, 23);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    sigaddset(&set, SIGRTMIN + 1);
    struct timespec zero = { 0, 0 };
    for (;;) {
        siginfo_t si;
        int sig = sigtimedwait(&set, &si, &zero);
        if (sig < 0) {
            printf("sigtimedwait: %s\n", errno == EAGAIN ? "EAGAIN" : strerror(errno));
            break;
        }
        printf("sigtimedwait: RT%d value %d code %s\n", sig - SIGRTMIN, si.si_value.sival_int,
               si.si_code == SI_QUEUE ? "SI_QUEUE" : "other");
    }
    block(SIG_UNBLOCK, SIGRTMIN, SIGRTMIN + 1, 0);
}

/* A handler that queues more instances of its own (blocked while it runs) signal: each one is
 * delivered after it returns. */
static int depth;
static void requeue_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    char item[32];
    snprintf(item, sizeof item, " %d", si->si_value.sival_int);
    log_append(item);
    if (depth++ < 3) {
        queue(sig, si->si_value.sival_int * 10 + 1);
        queue(sig, si->si_value.sival_int * 10 + 2);
    }
}

static void from_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = requeue_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 2, &sa, NULL);
    queue(SIGRTMIN + 2, 1);
    flush_log("queued from the handler");
}

/* More instances than crossrun's per-thread queue (32) holds: the rest wait in the host kernel
 * and still arrive, in order. */
enum { MANY = 200 };
static int many_count, many_in_order = 1;
static void many_handler(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    if (si->si_value.sival_int != many_count)
        many_in_order = 0;
    many_count++;
}

static void many(int fill_mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = many_handler;
    sa.sa_flags = SA_SIGINFO;
    if (fill_mask)
        sigfillset(&sa.sa_mask);
    sigaction(SIGRTMIN + 3, &sa, NULL);
    many_count = 0;
    many_in_order = 1;
    block(SIG_BLOCK, SIGRTMIN + 3, 0, 0);
    for (int i = 0; i < MANY; i++)
        queue(SIGRTMIN + 3, i);
    block(SIG_UNBLOCK, SIGRTMIN + 3, 0, 0);
    printf("%d queued%s: %d delivered, %s\n", MANY, fill_mask ? " (handler blocks all)" : "",
           many_count, many_in_order ? "in order" : "OUT OF ORDER");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    burst(1);
    burst(0);
    timed_wait();
    from_handler();
    many(1);
    many(0);
    return 0;
}
