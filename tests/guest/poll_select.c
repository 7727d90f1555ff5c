/* poll_select.c: poll, ppoll, select and pselect (ppoll and pselect6 underneath on riscv64) on
 * pipes: readiness of each end, timeouts that expire (and take about as long as asked), a
 * timeout left untouched by glibc, hangups, POLLNVAL for a closed descriptor, descriptors above
 * 64 in an fd_set (the second fd_set word), and calls with a temporary signal mask. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static long ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void show_revents(const char *what, const struct pollfd *p, int n)
{
    printf("%s:", what);
    for (int i = 0; i < n; i++)
        printf(" [%d]=%s%s%s%s%s", i, p[i].revents & POLLIN ? "IN" : "", p[i].revents & POLLOUT ? "OUT" : "",
               p[i].revents & POLLHUP ? "HUP" : "", p[i].revents & POLLERR ? "ERR" : "",
               p[i].revents & POLLNVAL ? "NVAL" : "");
    printf("\n");
}

int main(void)
{
    int p[2];
    if (pipe(p) != 0)
        return 1;

    /* poll: empty pipe, timeout 30 ms */
    struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = poll(pf, 1, 30);
    long el = ms_since(&t0);
    printf("poll empty: %d, waited >= 25 ms: %s, < 2 s: %s\n", r, el >= 25 ? "yes" : "no", el < 2000 ? "yes" : "no");
    r = poll(pf, 2, 0);
    printf("poll both, timeout 0: %d\n", r);
    show_revents("  revents", pf, 2);

    if (write(p[1], "abc", 3) != 3)
        return 1;
    r = poll(pf, 2, -1);
    printf("poll after write: %d\n", r);
    show_revents("  revents", pf, 2);

    /* ppoll with a timeout and a mask; glibc passes a copy of the timeout, so ours is unchanged */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    struct timespec ts = { 0, 20 * 1000000 };
    pf[0].revents = pf[1].revents = 0;
    r = ppoll(pf, 1, &ts, &mask);
    printf("ppoll readable: %d, timeout still %ld.%09ld\n", r, (long)ts.tv_sec, ts.tv_nsec);
    char buf[8];
    printf("read: %zd\n", read(p[0], buf, sizeof buf));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = ppoll(pf, 1, &ts, &mask);
    el = ms_since(&t0);
    printf("ppoll empty: %d, waited >= 15 ms: %s\n", r, el >= 15 ? "yes" : "no");
    r = ppoll(pf, 1, &(struct timespec){ 0, 1000000000 }, NULL);
    printf("ppoll bad timespec: %d %s\n", r, r < 0 ? strerror(errno) : "");

    /* select: nothing readable, then readable; the write end is writable */
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    struct timeval tv = { 0, 0 };
    r = select(p[1] + 1, &rd, &wr, NULL, &tv);
    printf("select: %d, read end %s, write end %s\n", r, FD_ISSET(p[0], &rd) ? "set" : "clear",
           FD_ISSET(p[1], &wr) ? "set" : "clear");
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 20000;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = select(p[0] + 1, &rd, NULL, NULL, &tv);
    el = ms_since(&t0);
    printf("select timeout: %d, waited >= 15 ms: %s, set %s\n", r, el >= 15 ? "yes" : "no",
           FD_ISSET(p[0], &rd) ? "set" : "clear");

    /* a descriptor above 64 lands in the second fd_set word */
    int hi = dup2(p[0], 100);
    if (write(p[1], "x", 1) != 1)
        return 1;
    FD_ZERO(&rd);
    FD_SET(hi, &rd);
    FD_SET(p[0], &rd);
    tv.tv_sec = 1;
    tv.tv_usec = 0;
    r = select(hi + 1, &rd, NULL, NULL, &tv);
    printf("select fd %d and %d: %d, both set %s\n", p[0], hi, r,
           FD_ISSET(hi, &rd) && FD_ISSET(p[0], &rd) ? "yes" : "no");

    /* pselect with a mask, readable */
    FD_ZERO(&rd);
    FD_SET(hi, &rd);
    ts.tv_sec = 1;
    ts.tv_nsec = 0;
    r = pselect(hi + 1, &rd, NULL, NULL, &ts, &mask);
    printf("pselect: %d, set %s\n", r, FD_ISSET(hi, &rd) ? "yes" : "no");
    printf("read: %zd\n", read(hi, buf, sizeof buf));
    FD_ZERO(&rd);
    FD_SET(hi, &rd);
    ts.tv_sec = 0;
    ts.tv_nsec = 10 * 1000000;
    r = pselect(hi + 1, &rd, NULL, NULL, &ts, NULL);
    printf("pselect timeout: %d, set %s\n", r, FD_ISSET(hi, &rd) ? "yes" : "no");
    r = pselect(-1, NULL, NULL, NULL, &ts, NULL);
    printf("pselect nfds -1: %d %s\n", r, r < 0 ? strerror(errno) : "");

    /* hangup: close the write ends; a closed descriptor is POLLNVAL */
    close(p[1]);
    struct pollfd h[2] = { { hi, POLLIN, 0 }, { p[1], POLLIN, 0 } };
    r = poll(h, 2, 1000);
    printf("poll after close: %d\n", r);
    show_revents("  revents", h, 2);
    FD_ZERO(&rd);
    FD_SET(hi, &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    r = select(hi + 1, &rd, NULL, NULL, &tv);
    printf("select at EOF: %d, set %s\n", r, FD_ISSET(hi, &rd) ? "yes" : "no");
    FD_ZERO(&rd);
    FD_SET(p[1], &rd);
    r = select(p[1] + 1, &rd, NULL, NULL, &tv);
    printf("select closed fd: %d %s\n", r, r < 0 ? strerror(errno) : "");

    /* poll(NULL, 0, t) is a sleep */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = poll(NULL, 0, 20);
    el = ms_since(&t0);
    printf("poll no fds: %d, waited >= 15 ms: %s\n", r, el >= 15 ? "yes" : "no");
    return 0;
}
