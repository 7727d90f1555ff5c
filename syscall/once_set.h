/*
 * syscall/once_set.h - "the first time this key is seen", from any thread, without a lock.
 *
 * For warn-once lists (unsupported syscall numbers, unknown ioctl requests). Lock-free because
 * a lock here could be held by another guest thread at the moment one forks, and the child,
 * which has only the forking thread, would then wait for it forever.
 */
#ifndef CROSSRUN_ONCE_SET_H
#define CROSSRUN_ONCE_SET_H

#include <stdbool.h>
#include <stddef.h>

/* True exactly once per key (never 0) while slots[0..n) has room; once it is full, true for
 * every key not in it (better noisy than silent). Slots start zeroed. */
static inline bool rv_once_set_first(long *slots, size_t n, long key)
{
    for (size_t i = 0; i < n; i++) {
        long v = __atomic_load_n(&slots[i], __ATOMIC_ACQUIRE);
        if (v == 0) {
            long expected = 0;
            if (__atomic_compare_exchange_n(&slots[i], &expected, key, false, __ATOMIC_ACQ_REL,
                                            __ATOMIC_ACQUIRE))
                return true;
            v = expected;  /* another thread filled the slot first: it may hold our key */
        }
        if (v == key)
            return false;
    }
    return true;
}

#endif
