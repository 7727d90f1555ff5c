/* time.c: clocks and sleeps. Times themselves differ between runs, so only facts derived from them are
 * printed: the monotonic clocks never go backwards, nanosleep sleeps at least as long as asked,
 * gettimeofday agrees with CLOCK_REALTIME, clock_getres is sane, time() is after 2020. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static const char *yes(int c)
{
    return c ? "yes" : "no";
}

int main(void)
{
    static const struct { clockid_t id; const char *name; } clocks[] = {
        { CLOCK_REALTIME, "CLOCK_REALTIME" }, { CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
        { CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" }, { CLOCK_BOOTTIME, "CLOCK_BOOTTIME" },
        { CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID" }, { CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID" },
    };
    for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        struct timespec a, b, res;
        int ra = clock_gettime(clocks[i].id, &a);
        int nondecreasing = 1, nsec_ok = 1;
        for (int k = 0; k < 20000; k++) {
            clock_gettime(clocks[i].id, &b);
            nondecreasing &= ns(b) >= ns(a);
            nsec_ok &= b.tv_nsec >= 0 && b.tv_nsec < 1000000000;
            a = b;
        }
        int rr = clock_getres(clocks[i].id, &res);
        printf("%s: gettime %d, non-decreasing %s, tv_nsec in range %s, getres %d, resolution <= 1ms %s\n",
               clocks[i].name, ra, yes(nondecreasing), yes(nsec_ok), rr, yes(ns(res) > 0 && ns(res) <= 1000000));
    }
    errno = 0;
    struct timespec t;
    int r = clock_gettime((clockid_t)12345, &t);
    printf("bad clock id: %d EINVAL %s\n", r, yes(errno == EINVAL));

    /* nanosleep sleeps at least the requested time, and not absurdly longer */
    struct timespec req = { 0, 30 * 1000 * 1000 }, before, after;
    clock_gettime(CLOCK_MONOTONIC, &before);
    r = nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    long long slept = ns(after) - ns(before);
    printf("nanosleep 30ms: %d, slept >= 30ms %s, < 2s %s\n", r, yes(slept >= 30000000), yes(slept < 2000000000));
    clock_gettime(CLOCK_MONOTONIC, &before);
    struct timespec abs = { before.tv_sec, before.tv_nsec + 20000000 };
    if (abs.tv_nsec >= 1000000000) {
        abs.tv_sec++;
        abs.tv_nsec -= 1000000000;
    }
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf("clock_nanosleep absolute +20ms: %d, woke after deadline %s\n", r, yes(ns(after) >= ns(abs)));
    req.tv_nsec = 1000000000;
    errno = 0;
    r = nanosleep(&req, NULL);
    printf("nanosleep tv_nsec 1e9: %d EINVAL %s\n", r, yes(errno == EINVAL));
    clock_gettime(CLOCK_MONOTONIC, &before);
    usleep(10000);
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf("usleep 10ms: slept >= 10ms %s\n", yes(ns(after) - ns(before) >= 10000000));

    /* gettimeofday and time() agree with CLOCK_REALTIME */
    struct timeval tv;
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    r = gettimeofday(&tv, NULL);
    long long diff = (tv.tv_sec * 1000000LL + tv.tv_usec) - ns(rt) / 1000;
    printf("gettimeofday: %d, usec in range %s, within 1s of CLOCK_REALTIME %s\n", r,
           yes(tv.tv_usec >= 0 && tv.tv_usec < 1000000), yes(diff >= 0 && diff < 1000000));
    time_t now = time(NULL);
    printf("time() after 2020 %s, within 2s of gettimeofday %s\n", yes(now > 1577836800),
           yes(now - tv.tv_sec >= -2 && now - tv.tv_sec <= 2));
    struct tm tm;
    time_t fixed = 1700000000;
    gmtime_r(&fixed, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A day %j", &tm);
    printf("gmtime(1700000000): %s\n", buf);

    /* CPU time advances with work */
    struct timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 20000000; i++)
        x += i;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    printf("process CPU time advanced %s\n", yes(ns(c1) > ns(c0)));
    return 0;
}
