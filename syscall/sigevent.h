/*
 * syscall/sigevent.h - the guest's struct sigevent (timer_create, mq_notify) and which of its
 * signals the runner can deliver.
 */
#ifndef CROSSRUN_SYSCALL_SIGEVENT_H
#define CROSSRUN_SYSCALL_SIGEVENT_H

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

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

/* For a sigevent that notifies by signal: refuses (-EINVAL, with a warning naming `call`) the
 * signals the kernel may not send for the guest, SIGSEGV and SIGBUS, the engine's fault signals,
 * which the host never blocks; 32 and 33 are fine (syscall/signal.c carries the guest's own on
 * the host; glibc's SIGEV_THREAD timers use 32). Otherwise turns ev->signo into the host's
 * number and returns 0; an invalid number is left for the kernel to refuse. */
static inline int rv_sigevent_signal_to_host(struct rv_sigevent *ev, const char *call)
{
    if (ev->signo == RV_SIGSEGV || ev->signo == RV_SIGBUS) {
        fprintf(stderr, "crossrun: %s with signal %d is not supported: the runner keeps it for "
                "its own faults\n", call, ev->signo);
        return -EINVAL;
    }
    int hsig = rv_signal_to_host(ev->signo);
    if (hsig > 0)
        ev->signo = hsig;
    return 0;
}

#endif
