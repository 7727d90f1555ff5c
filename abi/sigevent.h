/*
 * abi/sigevent.h - the guest's struct sigevent (timer_create, mq_notify) and its notify kinds.
 *
 * Source: include/uapi/asm-generic/siginfo.h (struct sigevent, SIGEV_MAX_SIZE).
 */
#ifndef CROSSRUN_ABI_SIGEVENT_H
#define CROSSRUN_ABI_SIGEVENT_H

#include <stdint.h>

struct rv_sigevent {
    uint64_t value;             /* sigval_t */
    int32_t signo;
    int32_t notify;
    int32_t rest[12];           /* _tid, or _sigev_thread (unused by the kernel), or padding */
};
_Static_assert(sizeof(struct rv_sigevent) == 64, "SIGEV_MAX_SIZE is 64");
#define RV_SIGEV_SIGNAL 0
#define RV_SIGEV_NONE 1
#define RV_SIGEV_THREAD 2
#define RV_SIGEV_THREAD_ID 4

#endif
