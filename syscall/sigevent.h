/*
 * syscall/sigevent.h - the guest's struct sigevent (timer_create, mq_notify) and which of its
 * signals the runner can deliver.
 */
#ifndef CROSSRUN_SYSCALL_SIGEVENT_H
#define CROSSRUN_SYSCALL_SIGEVENT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "abi/signal.h"

struct rv_sigevent {            /* include/uapi/asm-generic/siginfo.h, struct sigevent */
    uint64_t value;             /* sigval_t */
    int32_t signo;
    int32_t notify;
    int32_t rest[12];           /* _tid, or _sigev_thread (unused by the kernel), or padding */
};
_Static_assert(sizeof(struct rv_sigevent) == 64, "SIGEV_MAX_SIZE is 64");
_Static_assert(sizeof(struct sigevent) == sizeof(struct rv_sigevent), "host sigevent differs");
#define RV_SIGEV_SIGNAL 0
#define RV_SIGEV_NONE 1
#define RV_SIGEV_THREAD 2
#define RV_SIGEV_THREAD_ID 4

/* A signal the kernel may send for the guest: not SIGSEGV or SIGBUS, the engine's fault
 * signals, which the host never blocks. 32 and 33 are fine: syscall/signal.c carries the guest's
 * own on the host (glibc's SIGEV_THREAD timers use 32). */
static inline bool rv_sigevent_signal_ok(int sig)
{
    return sig != RV_SIGSEGV && sig != RV_SIGBUS;
}

#endif
