/*
 * syscall/time.c - clocks and sleeping: clock_gettime, clock_getres, clock_settime,
 * gettimeofday, nanosleep, clock_nanosleep, times, getrusage.
 *
 * Clock ids and the structures' layouts (abi/time.h) are the same on riscv64 and x86-64; the
 * values still pass through explicit guest structs so every guest access is a checked copy.
 * Sleeps are real host sleeps: a host signal interrupts them with -EINTR and the remaining
 * time is written back as the kernel does.
 */
#include <errno.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>

#include "abi/time.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "syscall/timespec.h"
#include "mem/uaccess.h"

_Static_assert(sizeof(struct rusage) == sizeof(struct rv_rusage), "host rusage differs");

static void timeval_to_rv(struct rv_timeval *g, const struct timeval *h)
{
    g->tv_sec = (int64_t)rv_le64((uint64_t)h->tv_sec);
    g->tv_usec = (int64_t)rv_le64((uint64_t)h->tv_usec);
}

long sys_clock_gettime(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    long r = host_syscall2(SYS_clock_gettime, (int)a[0], HOST_ARG(&ts));
    if (r < 0)
        return r;
    return timespec_to_guest(a[1], &ts);
}

long sys_clock_getres(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    long r = host_syscall2(SYS_clock_getres, (int)a[0], HOST_ARG(&ts));
    if (r < 0 || !a[1])
        return r;
    return timespec_to_guest(a[1], &ts);
}

long sys_clock_settime(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    int r = timespec_from_guest(&ts, a[1]);
    if (r < 0)
        return r;
    return host_syscall2(SYS_clock_settime, (int)a[0], HOST_ARG(&ts));
}

/* gettimeofday(tv, tz): either pointer may be NULL. */
long sys_gettimeofday(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timeval tv;
    struct timezone tz;
    long r = host_syscall2(SYS_gettimeofday, HOST_ARG(&tv), HOST_ARG(&tz));
    if (r < 0)
        return r;
    if (a[0]) {
        struct rv_timeval g;
        timeval_to_rv(&g, &tv);
        int e = copy_to_guest(a[0], &g, sizeof g);
        if (e < 0)
            return e;
    }
    if (a[1]) {
        struct rv_timezone g = {
            .tz_minuteswest = (int32_t)rv_le32((uint32_t)tz.tz_minuteswest),
            .tz_dsttime = (int32_t)rv_le32((uint32_t)tz.tz_dsttime),
        };
        return copy_to_guest(a[1], &g, sizeof g);
    }
    return 0;
}

/* The common tail of the two sleeps: after -EINTR the kernel stores the time left in rem
 * (relative sleeps only), and a fault there turns the result into -EFAULT. */
static long sleep_result(long r, guest_addr rem_addr, const struct timespec *rem)
{
    if (r == -EINTR && rem_addr) {
        int e = timespec_to_guest(rem_addr, rem);
        if (e < 0)
            return e;
    }
    return r;
}

long sys_nanosleep(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec req, rem = { 0, 0 };
    int e = timespec_from_guest(&req, a[0]);
    if (e < 0)
        return e;
    long r = safe_syscall2(SYS_nanosleep, HOST_ARG(&req), HOST_ARG(&rem));
    return sleep_result(r, a[1], &rem);
}

/* clock_nanosleep(clock, flags, req, rem): rem is untouched for TIMER_ABSTIME sleeps. */
long sys_clock_nanosleep(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec req, rem = { 0, 0 };
    int flags = (int)a[1];
    int e = timespec_from_guest(&req, a[2]);
    if (e < 0)
        return e;
    long r = safe_syscall4(SYS_clock_nanosleep, (int)a[0], flags, HOST_ARG(&req), HOST_ARG(&rem));
    return sleep_result(r, (flags & RV_TIMER_ABSTIME) ? 0 : a[3], &rem);
}

/* times(buf): returns clock ticks since an arbitrary point; buf may be NULL. USER_HZ is 100
 * on both architectures, so the tick values need no scaling. */
long sys_times(struct rv_cpu *cpu, const uint64_t *a)
{
    struct tms t;
    long ticks = host_syscall1(SYS_times, HOST_ARG(&t));
    if (ticks < 0 && ticks >= -4095)
        return ticks;
    if (a[0]) {
        struct rv_tms g = {
            .tms_utime = (int64_t)rv_le64((uint64_t)t.tms_utime),
            .tms_stime = (int64_t)rv_le64((uint64_t)t.tms_stime),
            .tms_cutime = (int64_t)rv_le64((uint64_t)t.tms_cutime),
            .tms_cstime = (int64_t)rv_le64((uint64_t)t.tms_cstime),
        };
        int e = copy_to_guest(a[0], &g, sizeof g);
        if (e < 0)
            return e;
    }
    return ticks;
}

long sys_getrusage(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rusage h;
    long r = host_syscall2(SYS_getrusage, (int)a[0], HOST_ARG(&h));
    if (r < 0)
        return r;
    struct rv_rusage g;
    timeval_to_rv(&g.ru_utime, &h.ru_utime);
    timeval_to_rv(&g.ru_stime, &h.ru_stime);
#define RV_RU(f) g.f = (int64_t)rv_le64((uint64_t)h.f);
    RV_RU(ru_maxrss) RV_RU(ru_ixrss) RV_RU(ru_idrss) RV_RU(ru_isrss) RV_RU(ru_minflt)
    RV_RU(ru_majflt) RV_RU(ru_nswap) RV_RU(ru_inblock) RV_RU(ru_oublock) RV_RU(ru_msgsnd)
    RV_RU(ru_msgrcv) RV_RU(ru_nsignals) RV_RU(ru_nvcsw) RV_RU(ru_nivcsw)
#undef RV_RU
    return copy_to_guest(a[1], &g, sizeof g);
}

/* getitimer/setitimer(which, new, old): struct itimerval is two timevals on both sides. The
 * timers are the runner process's, so SIGALRM/SIGVTALRM/SIGPROF arrive at the host and take
 * their default action (terminate, as for the guest) until signal delivery exists; profiling
 * timers count the runner's CPU time, which is the guest's. */
_Static_assert(sizeof(struct rv_itimerval) == sizeof(struct itimerval), "itimerval differs");

static void itimerval_to_rv(struct rv_itimerval *g, const struct itimerval *h)
{
    timeval_to_rv(&g->interval, &h->it_interval);
    timeval_to_rv(&g->value, &h->it_value);
}

long sys_getitimer(struct rv_cpu *cpu, const uint64_t *a)
{
    struct itimerval h;
    long r = host_syscall2(SYS_getitimer, (int)a[0], HOST_ARG(&h));
    if (r < 0)
        return r;
    struct rv_itimerval g;
    itimerval_to_rv(&g, &h);
    return copy_to_guest(a[1], &g, sizeof g);
}

long sys_setitimer(struct rv_cpu *cpu, const uint64_t *a)
{
    struct itimerval h, old;
    if (a[1]) {
        struct rv_itimerval g;
        int e = copy_from_guest(&g, a[1], sizeof g);
        if (e < 0)
            return e;
        h.it_interval.tv_sec = (time_t)rv_le64((uint64_t)g.interval.tv_sec);
        h.it_interval.tv_usec = (suseconds_t)rv_le64((uint64_t)g.interval.tv_usec);
        h.it_value.tv_sec = (time_t)rv_le64((uint64_t)g.value.tv_sec);
        h.it_value.tv_usec = (suseconds_t)rv_le64((uint64_t)g.value.tv_usec);
    }
    long r = host_syscall3(SYS_setitimer, (int)a[0], a[1] ? HOST_ARG(&h) : 0, HOST_ARG(&old));
    if (r < 0 || !a[2])
        return r;
    struct rv_itimerval g;
    itimerval_to_rv(&g, &old);
    return copy_to_guest(a[2], &g, sizeof g);
}

/* adjtimex(buf) and clock_adjtime(clock, buf): struct timex (include/uapi/linux/timex.h) is
 * longs, ints and a struct timeval of two longs, 208 bytes on every 64-bit architecture, so it
 * is copied in and out unchanged. modes 0 only reads (glibc's ntp_gettime, ntptime); changing
 * the clock needs CAP_SYS_TIME, as clock_settime above does. */
_Static_assert(sizeof(struct timex) == RV_TIMEX_SIZE, "host struct timex differs");

static long adjtime_call(long nr, long clock, guest_addr buf)
{
    struct timex tx;
    int r = copy_from_guest(&tx, buf, sizeof tx);
    if (r < 0)
        return r;
    long res = nr == SYS_adjtimex ? host_syscall1(nr, HOST_ARG(&tx))
                                  : host_syscall2(nr, clock, HOST_ARG(&tx));
    if (res < 0)
        return res;
    r = copy_to_guest(buf, &tx, sizeof tx);
    return r < 0 ? r : res;
}

long sys_adjtimex(struct rv_cpu *cpu, const uint64_t *a)
{
    return adjtime_call(SYS_adjtimex, 0, a[0]);
}

long sys_clock_adjtime(struct rv_cpu *cpu, const uint64_t *a)
{
    return adjtime_call(SYS_clock_adjtime, (int)a[0], a[1]);
}

/* settimeofday(tv, tz): struct timeval and struct timezone (two ints) are the same on both
 * sides; either may be NULL. glibc itself uses clock_settime unless a time zone is given. */
long sys_settimeofday(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timeval tv;
    struct timezone tz;
    int r;
    if (a[0] && (r = copy_from_guest(&tv, a[0], sizeof tv)) < 0)
        return r;
    if (a[1] && (r = copy_from_guest(&tz, a[1], sizeof tz)) < 0)
        return r;
    return host_syscall2(SYS_settimeofday, a[0] ? HOST_ARG(&tv) : 0, a[1] ? HOST_ARG(&tz) : 0);
}
