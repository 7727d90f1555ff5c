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
#include <sys/resource.h>
#include <unistd.h>

#include "mem/host.h"
#include "syscall/runner_fd.h"

/* the -D log, --stats' copy of stderr, crossrun's own file (runner_exe.c), a vfork's wait pipe
 * in parent and child, and room for a vfork child's own vfork */
#define SLOTS 7
static int slots[SLOTS] = { -1, -1, -1, -1, -1, -1, -1 };
/* a slot whose descriptor a guest dup3 took: still held (not free for rv_runner_fd_keep) until
 * its owner drops it, so the handle never names another owner's descriptor */
#define LOST (-2)

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
    if (handle < 0)
        return fd;
    int now = __atomic_load_n(&slots[handle], __ATOMIC_SEQ_CST);
    return now >= 0 ? now : -1;
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

/* A close-on-exec copy of fd at another number: the next one up, else (fd is at the top of
 * RLIMIT_NOFILE, where rv_runner_fd_move_high puts them) the lowest free one in steps down from fd. */
static long move_away(int fd)
{
    long moved = host_syscall3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, fd + 1);
    for (long min = (long)fd - 64; moved < 0 && min > -64; min -= 64)
        moved = host_syscall3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, min > 0 ? min : 0);
    return moved;
}

/* The highest number tried: high enough that no guest counts its way up to it by opening files,
 * low enough that the kernel's descriptor table stays small. */
#define HIGH_FD 1023

int rv_runner_fd_move_high(int fd)
{
    long top = HIGH_FD;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur <= (rlim_t)top)
        top = (long)rl.rlim_cur - 1;
    /* F_DUPFD takes the lowest free number at or above its argument: step down until one is. */
    for (long min = top; min > fd; min -= 64) {
        int moved = fcntl(fd, F_DUPFD_CLOEXEC, (int)min);
        if (moved >= 0) {
            close(fd);
            return moved;
        }
    }
    return fd;
}

void rv_runner_fd_vacate(int newfd)
{
    for (int i = 0; i < SLOTS; i++) {
        int fd = __atomic_load_n(&slots[i], __ATOMIC_SEQ_CST);
        if (fd < 0 || fd != newfd)
            continue;
        long moved = move_away(fd);
        /* no room at all: the guest's dup3 takes the number, and the runner must not go on
         * using it as its own (writing its log into the guest's file, executing it) */
        __atomic_store_n(&slots[i], moved >= 0 ? (int)moved : LOST, __ATOMIC_SEQ_CST);
        if (moved >= 0)
            host_syscall1(SYS_close, fd);
    }
}
