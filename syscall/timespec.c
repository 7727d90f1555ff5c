/*
 * syscall/timespec.c - guest struct timespec conversions (see timespec.h).
 *
 * Both kernels use {64-bit seconds, 64-bit nanoseconds}; the copy still goes through the guest
 * struct and the endianness helpers so a guest with another layout changes only this file.
 */
#include "abi/time.h"
#include "syscall/timespec.h"
#include "mem/uaccess.h"

int timespec_from_guest(struct timespec *h, guest_addr addr)
{
    struct rv_timespec g;
    int r = copy_from_guest(&g, addr, sizeof g);
    if (r < 0)
        return r;
    h->tv_sec = (time_t)rv_le64((uint64_t)g.tv_sec);
    h->tv_nsec = (long)rv_le64((uint64_t)g.tv_nsec);
    return 0;
}

int timespec_to_guest(guest_addr addr, const struct timespec *h)
{
    struct rv_timespec g = {
        .tv_sec = (int64_t)rv_le64((uint64_t)h->tv_sec),
        .tv_nsec = (int64_t)rv_le64((uint64_t)h->tv_nsec),
    };
    return copy_to_guest(addr, &g, sizeof g);
}
