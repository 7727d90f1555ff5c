/*
 * syscall/timespec.h - guest struct timespec in and out, checked, for every call that takes one
 * (clocks, sleeps, ppoll/pselect6/epoll_pwait2 timeouts, futex and signal waits).
 */
#ifndef CROSSRUN_SYSCALL_TIMESPEC_H
#define CROSSRUN_SYSCALL_TIMESPEC_H

#include <time.h>

#include "abi/types.h"

/* 0 or -EFAULT. The layout is abi/time.h's struct rv_timespec ({i64 sec; i64 nsec}). */
int timespec_from_guest(struct timespec *h, guest_addr addr) __attribute__((warn_unused_result));
int timespec_to_guest(guest_addr addr, const struct timespec *h) __attribute__((warn_unused_result));

#endif
