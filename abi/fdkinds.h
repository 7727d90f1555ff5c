/*
 * abi/fdkinds.h - guest (riscv64) constants and structures of the special descriptors: eventfd,
 * timerfd, inotify, memfd, splice/tee.
 *
 * Sources: linux/eventfd.h, linux/timerfd.h, linux/inotify.h, linux/memfd.h, linux/splice.h,
 * linux/time_types.h (struct __kernel_itimerspec). The CLOEXEC/NONBLOCK flags of these calls
 * are O_CLOEXEC/O_NONBLOCK, generic numbers on riscv64 and x86-64 alike; the structures are made
 * of 32- and 64-bit fields with no padding on either side. syscall/fdkinds.c asserts each one
 * against the host's headers, so the handlers may pass flags through and the kernel's inotify
 * records reach the guest as they are.
 */
#ifndef CROSSRUN_ABI_FDKINDS_H
#define CROSSRUN_ABI_FDKINDS_H

#include <stddef.h>
#include <stdint.h>

#include "abi/time.h"

/* eventfd2(initval, flags) */
#define RV_EFD_SEMAPHORE  1
#define RV_EFD_CLOEXEC    02000000
#define RV_EFD_NONBLOCK   00004000

/* timerfd_create(clock, flags), timerfd_settime(fd, flags, new, old) */
#define RV_TFD_CLOEXEC            02000000
#define RV_TFD_NONBLOCK           00004000
#define RV_TFD_TIMER_ABSTIME      1
#define RV_TFD_TIMER_CANCEL_ON_SET 2

/* struct itimerspec { struct timespec it_interval, it_value; } */
struct rv_itimerspec {
    struct rv_timespec it_interval;
    struct rv_timespec it_value;
};
_Static_assert(sizeof(struct rv_itimerspec) == 32, "riscv64 itimerspec is 32 bytes");
_Static_assert(offsetof(struct rv_itimerspec, it_value) == 16, "it_value at 16");

/* inotify_init1(flags); the records read(2) returns */
#define RV_IN_CLOEXEC   02000000
#define RV_IN_NONBLOCK  00004000
#define RV_IN_CREATE    0x00000100u
#define RV_IN_DELETE    0x00000200u
#define RV_IN_ISDIR     0x40000000u

/* struct inotify_event { int wd; u32 mask; u32 cookie; u32 len; char name[]; } */
struct rv_inotify_event {
    int32_t wd;
    uint32_t mask;
    uint32_t cookie;
    uint32_t len;
};
_Static_assert(sizeof(struct rv_inotify_event) == 16, "inotify_event header is 16 bytes");

/* memfd_create(name, flags): the name is at most NAME_MAX - strlen("memfd:") bytes */
#define RV_MFD_CLOEXEC        0x0001u
#define RV_MFD_ALLOW_SEALING  0x0002u
#define RV_MFD_HUGETLB        0x0004u
#define RV_MFD_NAME_MAX       249

/* splice/tee/vmsplice flags */
#define RV_SPLICE_F_MOVE      1
#define RV_SPLICE_F_NONBLOCK  2
#define RV_SPLICE_F_MORE      4
#define RV_SPLICE_F_GIFT      8

#endif
