/*
 * abi/time.h - guest (riscv64 LP64) time structures: timespec, timeval, timezone, tms, rusage.
 *
 * Sources: linux/time_types.h (__kernel_timespec), linux/time.h, linux/times.h,
 * linux/resource.h. On riscv64 and x86-64 alike these are made of 64-bit longs, so the layouts
 * agree; they are still spelled out with asserted sizes so that conversions are explicit and a
 * 32-bit or big-endian guest can be added without touching the handlers.
 */
#ifndef CROSSRUN_ABI_TIME_H
#define CROSSRUN_ABI_TIME_H

#include <stddef.h>
#include <stdint.h>

struct rv_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};
_Static_assert(sizeof(struct rv_timespec) == 16, "riscv64 timespec is 16 bytes");

struct rv_timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};
_Static_assert(sizeof(struct rv_timeval) == 16, "riscv64 timeval is 16 bytes");

struct rv_timezone {
    int32_t tz_minuteswest;
    int32_t tz_dsttime;
};
_Static_assert(sizeof(struct rv_timezone) == 8, "timezone is 8 bytes");

struct rv_tms {
    int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;   /* clock_t is long */
};
_Static_assert(sizeof(struct rv_tms) == 32, "riscv64 tms is 32 bytes");

struct rv_rusage {
    struct rv_timeval ru_utime;
    struct rv_timeval ru_stime;
    int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
            ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
_Static_assert(sizeof(struct rv_rusage) == 144, "riscv64 rusage is 144 bytes");
_Static_assert(offsetof(struct rv_rusage, ru_maxrss) == 32, "ru_maxrss at 32");

/* Clock ids (linux/time.h), shared by both sides. */
#define RV_CLOCK_REALTIME            0
#define RV_CLOCK_MONOTONIC           1
#define RV_CLOCK_PROCESS_CPUTIME_ID  2
#define RV_CLOCK_THREAD_CPUTIME_ID   3
#define RV_CLOCK_MONOTONIC_RAW       4
#define RV_CLOCK_REALTIME_COARSE     5
#define RV_CLOCK_MONOTONIC_COARSE    6
#define RV_CLOCK_BOOTTIME            7
#define RV_CLOCK_REALTIME_ALARM      8
#define RV_CLOCK_BOOTTIME_ALARM      9
#define RV_CLOCK_TAI                 11

#define RV_TIMER_ABSTIME  1

#define RV_RUSAGE_SELF      0
#define RV_RUSAGE_CHILDREN  (-1)
#define RV_RUSAGE_THREAD    1

/* struct itimerval (getitimer, setitimer): two timevals. */
struct rv_itimerval {
    struct rv_timeval interval;
    struct rv_timeval value;
};
_Static_assert(sizeof(struct rv_itimerval) == 32, "itimerval is two timevals");

/* sizeof(struct __kernel_timex) (adjtimex, clock_adjtime): the same on every 64-bit
 * architecture. */
#define RV_TIMEX_SIZE 208

#endif
