/*
 * syscall/runner_fd.c - keeping the runner's descriptors out of the guest's reach
 * (see runner_fd.h).
 *
 * A few slots, each an atomic int (-1 empty), so that the guest's close handlers, which run on
 * any guest thread, check them without a lock (no lock here can be left held at a fork).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdbool.h>

#include "mem/host.h"
#include "syscall/runner_fd.h"

/* the -D log, crossrun's own file (runner_exe.c), a vfork's wait pipe in parent and child, and
 * room for a vfork child's own vfork */
#define SLOTS 6
static int slots[SLOTS] = { -1, -1, -1, -1, -1, -1 };

int rv_runner_fd_keep(int fd)
{
    for (int i = 0; i < SLOTS; i++) {
        int expected = -1;
        if (__atomic_compare_exchange_n(&slots[i], &expected, fd, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return i;
    }
    return -1;
}

int rv_runner_fd(int handle, int fd)
{
    return handle >= 0 ? __atomic_load_n(&slots[handle], __ATOMIC_SEQ_CST) : fd;
}

void rv_runner_fd_drop(int handle)
{
    if (handle >= 0)
        __atomic_store_n(&slots[handle], -1, __ATOMIC_SEQ_CST);
}

int rv_runner_fd_is_ours(int fd)
{
    for (int i = 0; i < SLOTS; i++)
        if (fd >= 0 && __atomic_load_n(&slots[i], __ATOMIC_SEQ_CST) == fd)
            return 1;
    return 0;
}

/* The lowest runner descriptor in [first, last], or -1. */
static long lowest_ours_in(unsigned first, unsigned last)
{
    long low = -1;
    for (int i = 0; i < SLOTS; i++) {
        int fd = __atomic_load_n(&slots[i], __ATOMIC_SEQ_CST);
        if (fd >= 0 && (unsigned)fd >= first && (unsigned)fd <= last && (low < 0 || fd < low))
            low = fd;
    }
    return low;
}

long rv_runner_fd_close_range(unsigned first, unsigned last, unsigned flags)
{
    /* The kernel's own argument checks first, so errors do not depend on our descriptors. */
    if (first > last || (flags & ~(unsigned)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)))
        return -EINVAL;
    /* Closing or marking close-on-exec both spare ours (already close-on-exec). */
    for (;;) {
        long ours = lowest_ours_in(first, last);
        if (ours < 0)
            return host_syscall3(SYS_close_range, first, last, flags);
        if ((unsigned)ours > first) {
            long r = host_syscall3(SYS_close_range, first, (unsigned)ours - 1, flags);
            if (r < 0)
                return r;
        }
        if ((unsigned)ours == last)
            return 0;
        first = (unsigned)ours + 1;
        flags &= ~(unsigned)CLOSE_RANGE_UNSHARE;  /* the table is private after the first call */
    }
}

void rv_runner_fd_vacate(int newfd)
{
    for (int i = 0; i < SLOTS; i++) {
        int fd = __atomic_load_n(&slots[i], __ATOMIC_SEQ_CST);
        if (fd < 0 || fd != newfd)
            continue;
        long moved = host_syscall3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, fd + 1);
        if (moved < 0)
            return;  /* no room: dup3 takes it, as it would without this */
        __atomic_store_n(&slots[i], (int)moved, __ATOMIC_SEQ_CST);
        host_syscall1(SYS_close, fd);
    }
}
