/*
 * abi/futex.h - the guest's struct futex_waitv (futex_waitv(2)) and its limit.
 *
 * Source: include/uapi/linux/futex.h. {u64 val; u64 uaddr; u32 flags; u32 __reserved}, the
 * same on every 64-bit architecture.
 */
#ifndef CROSSRUN_ABI_FUTEX_H
#define CROSSRUN_ABI_FUTEX_H

#include <stdint.h>

struct rv_futex_waitv {
    uint64_t val;
    uint64_t uaddr;
    uint32_t flags;
    uint32_t reserved;
};
_Static_assert(sizeof(struct rv_futex_waitv) == 24, "struct futex_waitv is 24 bytes");

/* FUTEX_WAITV_MAX: how many futexes one futex_waitv may wait on. */
#define RV_FUTEX_WAITV_MAX 128

#endif
