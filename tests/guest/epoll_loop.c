/* epoll_loop.c: an event loop over pipes and an eventfd with epoll. Every registration carries a
 * 64-bit data value whose halves differ (0x1122334455667788 + i), so a guest/host layout mix-up
 * (riscv64's epoll_event is 16 bytes with data at 8, x86-64's is packed with data at 4) shows up
 * as wrong data. Also: level- and edge-triggered readiness, EPOLLONESHOT and its re-arming with
 * EPOLL_CTL_MOD, EPOLL_CTL_DEL, errors (EEXIST, ENOENT, EINVAL), epoll_pwait with a mask,
 * epoll_pwait2 with a timespec timeout, and a batch of more events than maxevents. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BASE UINT64_C(0x1122334455667788)
#define NPIPES 4

static int pipes[NPIPES][2];

/* "N" or "-1 ERRNO-TEXT" for a call's result; the call is made before errno is read (printf's
 * arguments are evaluated in no fixed order, so the call cannot sit next to strerror there). */
static const char *res(long r)
{
    static char buf[96];
    if (r < 0)
        snprintf(buf, sizeof buf, "-1 %s", strerror(errno));
    else
        snprintf(buf, sizeof buf, "%ld", r);
    return buf;
}

static int cmp_events(const void *a, const void *b)
{
    uint64_t x = ((const struct epoll_event *)a)->data.u64, y = ((const struct epoll_event *)b)->data.u64;
    return x < y ? -1 : x > y;
}

/* epoll_wait, results sorted by data so the output does not depend on the ready-list order. */
static int wait_sorted(int ep, struct epoll_event *ev, int max, int timeout)
{
    int n = epoll_wait(ep, ev, max, timeout);
    if (n > 0)
        qsort(ev, (size_t)n, sizeof ev[0], cmp_events);
    return n;
}

static void show(const char *what, const struct epoll_event *ev, int n)
{
    printf("%s: %d\n", what, n);
    for (int i = 0; i < n; i++)
        printf("  data=%#" PRIx64 " events=%s%s%s\n", ev[i].data.u64, ev[i].events & EPOLLIN ? "IN" : "",
               ev[i].events & EPOLLOUT ? "OUT" : "", ev[i].events & EPOLLHUP ? "|HUP" : "");
}

int main(void)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        return 1;
    struct epoll_event ev[16];
    for (int i = 0; i < NPIPES; i++) {
        if (pipe(pipes[i]) != 0)
            return 1;
        struct epoll_event e = { .events = EPOLLIN, .data.u64 = BASE + (uint64_t)i };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, pipes[i][0], &e) != 0)
            return 1;
    }
    int efd = eventfd(0, EFD_NONBLOCK);
    struct epoll_event e = { .events = EPOLLIN | EPOLLET, .data.u64 = UINT64_C(0xfedcba9876543210) };
    printf("add eventfd (edge-triggered): %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e));
    printf("add again: %s\n", res(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e)));
    printf("mod unknown fd: %s\n", res(epoll_ctl(ep, EPOLL_CTL_MOD, pipes[0][1], &e)));

    show("nothing ready", ev, wait_sorted(ep, ev, 16, 0));

    /* the loop: each round writes to some pipes, the loop reads what epoll reports */
    unsigned long sum = 0;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < NPIPES; i++)
            if ((round + i) % 3 != 0) {
                unsigned char b = (unsigned char)(round * 7 + i);
                if (write(pipes[i][1], &b, 1) != 1)
                    return 1;
            }
        int n = wait_sorted(ep, ev, 16, 1000);
        for (int k = 0; k < n; k++) {
            uint64_t i = ev[k].data.u64 - BASE;
            if (i >= NPIPES) {
                printf("round %d: bad data %#" PRIx64 "\n", round, ev[k].data.u64);
                return 1;
            }
            unsigned char b;
            if (read(pipes[i][0], &b, 1) != 1)
                return 1;
            sum = sum * 31 + b;
        }
        if (round < 3)
            printf("round %d: %d ready\n", round, n);
    }
    printf("loop checksum: %lu\n", sum);

    /* level-triggered: an unread pipe stays ready; edge-triggered eventfd reports once */
    if (write(pipes[2][1], "zz", 2) != 2)
        return 1;
    uint64_t one = 1;
    if (write(efd, &one, 8) != 8)
        return 1;
    show("pipe 2 + eventfd", ev, wait_sorted(ep, ev, 16, 1000));
    show("again: pipe 2 only (eventfd is edge-triggered)", ev, wait_sorted(ep, ev, 16, 0));
    uint64_t cnt = 0;
    ssize_t got = read(efd, &cnt, 8);
    printf("eventfd read: %zd value %" PRIu64 "\n", got, cnt);
    char buf[4];
    printf("drain pipe 2: %zd\n", read(pipes[2][0], buf, sizeof buf));

    /* oneshot: reported once, silent until re-armed with MOD */
    e.events = EPOLLIN | EPOLLONESHOT;
    e.data.u64 = BASE + 100;
    printf("mod pipe 1 to oneshot: %d\n", epoll_ctl(ep, EPOLL_CTL_MOD, pipes[1][0], &e));
    if (write(pipes[1][1], "a", 1) != 1)
        return 1;
    show("oneshot first", ev, wait_sorted(ep, ev, 16, 1000));
    show("oneshot disarmed", ev, wait_sorted(ep, ev, 16, 0));
    e.data.u64 = BASE + 200;
    printf("re-arm: %d\n", epoll_ctl(ep, EPOLL_CTL_MOD, pipes[1][0], &e));
    show("oneshot re-armed, new data", ev, wait_sorted(ep, ev, 16, 0));
    printf("drain pipe 1: %zd\n", read(pipes[1][0], buf, sizeof buf));

    /* DEL (with NULL, allowed since 2.6.9), then ENOENT */
    printf("del pipe 3: %d\n", epoll_ctl(ep, EPOLL_CTL_DEL, pipes[3][0], NULL));
    printf("del again: %s\n", res(epoll_ctl(ep, EPOLL_CTL_DEL, pipes[3][0], NULL)));
    if (write(pipes[3][1], "q", 1) != 1)
        return 1;
    show("deleted pipe is silent", ev, wait_sorted(ep, ev, 16, 0));

    /* write ends for EPOLLOUT and hangup: maxevents 2 of 4 ready, then the rest */
    for (int i = 0; i < 3; i++) {
        struct epoll_event w = { .events = EPOLLOUT, .data.u64 = BASE + 0x1000 + (uint64_t)i };
        epoll_ctl(ep, EPOLL_CTL_ADD, pipes[i][1], &w);
    }
    close(pipes[0][1]);   /* pipe 0's read end now reports HUP; its write end is gone from the set */
    /* level-triggered events are handed out again and again, round-robin: with maxevents 2 and
     * three ready, four calls return at most two each and see all three values */
    int n, most = 0, distinct = 0;
    uint64_t seen[3] = { 0 };
    struct epoll_event two[2];
    for (int k = 0; k < 4 && (n = epoll_wait(ep, two, 2, 0)) > 0; k++) {
        most = n > most ? n : most;
        for (int j = 0; j < n; j++) {
            uint64_t d = two[j].data.u64 - BASE;
            int slot = d == 0 ? 0 : d == 0x1001 ? 1 : d == 0x1002 ? 2 : -1;
            if (slot < 0) {
                printf("maxevents 2: unexpected data %#" PRIx64 "\n", two[j].data.u64);
                return 1;
            }
            distinct += !seen[slot];
            seen[slot] = 1;
        }
    }
    printf("maxevents 2: at most %d per call, %d distinct\n", most, distinct);

    /* epoll_pwait with a mask, and errors */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    n = epoll_pwait(ep, ev, 16, 0, &mask);
    printf("epoll_pwait with mask: %d\n", n);
    printf("maxevents 0: %s\n", res(epoll_wait(ep, ev, 0, 0)));
    printf("bad epfd: %s\n", res(epoll_wait(pipes[1][0], ev, 1, 0)));

    /* epoll_pwait2 (raw: glibc 2.36 has the wrapper, older ones do not) with a 20 ms timeout on
     * a set where nothing is ready */
    int ep2 = epoll_create1(0);
    e.events = EPOLLIN;
    e.data.u64 = BASE;
    epoll_ctl(ep2, EPOLL_CTL_ADD, efd, &e);
    struct timespec ts = { 0, 20 * 1000000 }, t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long r = syscall(SYS_epoll_pwait2, ep2, ev, 4, &ts, NULL, 8);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("epoll_pwait2 timeout: %ld, waited >= 15 ms: %s\n", r, ms >= 15 ? "yes" : "no");
    if (write(efd, &one, 8) != 8)
        return 1;
    r = syscall(SYS_epoll_pwait2, ep2, ev, 4, NULL, NULL, 8);
    printf("epoll_pwait2 ready: %ld data=%#" PRIx64 "\n", r, ev[0].data.u64);
    return 0;
}
