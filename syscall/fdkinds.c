/*
 * syscall/fdkinds.c - special kinds of descriptors and pipe plumbing: eventfd2, timerfd_create/
 * settime/gettime, inotify_init1/add_watch/rm_watch, memfd_create, splice, tee, vmsplice.
 *
 * These descriptors are host descriptors: the guest reads and writes them with the ordinary
 * read/write handlers, and what it reads needs no conversion (an eventfd or timerfd counter is
 * one u64, an inotify record has the same layout on both sides: abi/fdkinds.h). The handlers
 * here only translate arguments: flags (the same numbers, asserted below), itimerspecs and
 * splice offsets through checked copies, inotify paths through the sysroot rule of
 * syscall/path.c, vmsplice's iovec array copied and every buffer checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <sys/uio.h>

#include "abi/fcntl.h"
#include "abi/fdkinds.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/iovec.h"
#include "syscall/path.h"
#include "syscall/poll.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

_Static_assert(RV_EFD_SEMAPHORE == EFD_SEMAPHORE && RV_EFD_CLOEXEC == EFD_CLOEXEC &&
               RV_EFD_NONBLOCK == EFD_NONBLOCK, "eventfd flags differ between guest and host");
_Static_assert(RV_TFD_CLOEXEC == TFD_CLOEXEC && RV_TFD_NONBLOCK == TFD_NONBLOCK &&
               RV_TFD_TIMER_ABSTIME == TFD_TIMER_ABSTIME &&
               RV_TFD_TIMER_CANCEL_ON_SET == TFD_TIMER_CANCEL_ON_SET,
               "timerfd flags differ between guest and host");
_Static_assert(sizeof(struct itimerspec) == sizeof(struct rv_itimerspec) &&
               offsetof(struct itimerspec, it_value) == offsetof(struct rv_itimerspec, it_value),
               "host itimerspec differs");
_Static_assert(RV_IN_CLOEXEC == IN_CLOEXEC && RV_IN_NONBLOCK == IN_NONBLOCK &&
               RV_IN_CREATE == IN_CREATE && RV_IN_DELETE == IN_DELETE && RV_IN_ISDIR == IN_ISDIR,
               "inotify constants differ between guest and host");
_Static_assert(sizeof(struct inotify_event) == sizeof(struct rv_inotify_event) &&
               offsetof(struct inotify_event, len) == offsetof(struct rv_inotify_event, len),
               "host inotify_event differs: records could not pass through");
_Static_assert(RV_MFD_CLOEXEC == MFD_CLOEXEC && RV_MFD_ALLOW_SEALING == MFD_ALLOW_SEALING &&
               RV_MFD_HUGETLB == MFD_HUGETLB, "memfd flags differ between guest and host");
_Static_assert(RV_SPLICE_F_MOVE == SPLICE_F_MOVE && RV_SPLICE_F_NONBLOCK == SPLICE_F_NONBLOCK &&
               RV_SPLICE_F_MORE == SPLICE_F_MORE && RV_SPLICE_F_GIFT == SPLICE_F_GIFT,
               "splice flags differ between guest and host");

#define ARG_INT(i) ((long)(int)a[i])
#define ARG_UINT(i) ((long)(uint32_t)a[i])
#define ARG_LONG(i) ((long)a[i])

/* --- eventfd --------------------------------------------------------------------------------- */

/* eventfd2(initval, flags) */
long sys_eventfd2(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_eventfd2, ARG_UINT(0), ARG_INT(1));
}

/* --- timerfd --------------------------------------------------------------------------------- */

static void itimerspec_to_host(struct itimerspec *h, const struct rv_itimerspec *g)
{
    h->it_interval.tv_sec = (time_t)rv_le64((uint64_t)g->it_interval.tv_sec);
    h->it_interval.tv_nsec = (long)rv_le64((uint64_t)g->it_interval.tv_nsec);
    h->it_value.tv_sec = (time_t)rv_le64((uint64_t)g->it_value.tv_sec);
    h->it_value.tv_nsec = (long)rv_le64((uint64_t)g->it_value.tv_nsec);
}

static int itimerspec_to_guest(guest_addr addr, const struct itimerspec *h)
{
    struct rv_itimerspec g = {
        .it_interval = { (int64_t)rv_le64((uint64_t)h->it_interval.tv_sec),
                         (int64_t)rv_le64((uint64_t)h->it_interval.tv_nsec) },
        .it_value = { (int64_t)rv_le64((uint64_t)h->it_value.tv_sec),
                      (int64_t)rv_le64((uint64_t)h->it_value.tv_nsec) },
    };
    return copy_to_guest(addr, &g, sizeof g);
}

/* signalfd4(fd, mask, sizemask, flags). The mask is a guest sigset converted to host numbers
 * (rv_call_sigmask_from_guest: sizemask must be 8, as the kernel's sizeof(sigset_t)); records
 * read from the descriptor are struct signalfd_siginfo, 128 bytes of fixed-width fields that
 * are the same on both kernels, with signal numbers that are the same generic ones, so read()
 * passes them through. The guest blocks the signals first (its mask is applied to the host
 * thread by syscall/signal/sigstate.c), exactly as it must on Linux. SFD_* are the O_* values. */
long sys_signalfd4(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_call_sigmask m;
    if (a[1] == 0)
        return -EFAULT;
    long r = rv_call_sigmask_from_guest(&m, a[1], a[2]);
    if (r < 0)
        return r;
    int flags = (int)a[3];
    if (flags & ~(RV_O_CLOEXEC | RV_O_NONBLOCK))
        return -EINVAL;
    int host_flags = (flags & RV_O_CLOEXEC ? O_CLOEXEC : 0) | (flags & RV_O_NONBLOCK ? O_NONBLOCK : 0);
    return host_syscall4(SYS_signalfd4, ARG_INT(0), HOST_ARG(&m.host), sizeof m.host, host_flags);
}

/* timerfd_create(clockid, flags): clock ids are the same numbers on both sides (abi/time.h). */
long sys_timerfd_create(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_timerfd_create, ARG_INT(0), ARG_INT(1));
}

/* timerfd_settime(fd, flags, new, old): old may be NULL. */
long sys_timerfd_settime(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_itimerspec g;
    int e = copy_from_guest(&g, a[2], sizeof g);
    if (e < 0)
        return e;
    struct itimerspec h, old;
    itimerspec_to_host(&h, &g);
    long r = host_syscall4(SYS_timerfd_settime, ARG_INT(0), ARG_INT(1), HOST_ARG(&h),
                           a[3] ? HOST_ARG(&old) : 0);
    if (r < 0 || !a[3])
        return r;
    return itimerspec_to_guest(a[3], &old);
}

/* timerfd_gettime(fd, cur) */
long sys_timerfd_gettime(struct rv_cpu *cpu, const uint64_t *a)
{
    struct itimerspec cur;
    long r = host_syscall2(SYS_timerfd_gettime, ARG_INT(0), HOST_ARG(&cur));
    if (r < 0)
        return r;
    return itimerspec_to_guest(a[1], &cur);
}

/* --- inotify --------------------------------------------------------------------------------- */

long sys_inotify_init1(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_inotify_init1, ARG_INT(0));
}

/* inotify_add_watch(fd, path, mask): the path is looked up like open's (sysroot first). */
long sys_inotify_add_watch(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    return host_syscall3(SYS_inotify_add_watch, ARG_INT(0), HOST_ARG(p.host), ARG_UINT(2));
}

long sys_inotify_rm_watch(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_inotify_rm_watch, ARG_INT(0), ARG_INT(1));
}

/* --- memfd ----------------------------------------------------------------------------------- */

/* memfd_create(name, flags): a name longer than MFD_NAME_MAX_LEN is -EINVAL (mm/memfd.c). */
long sys_memfd_create(struct rv_cpu *cpu, const uint64_t *a)
{
    char name[RV_MFD_NAME_MAX + 1];
    long r = string_from_guest(name, a[0], sizeof name);
    if (r == -ENAMETOOLONG)
        return -EINVAL;
    if (r < 0)
        return r;
    return host_syscall2(SYS_memfd_create, HOST_ARG(name), ARG_UINT(1));
}

/* --- splice, tee, vmsplice ------------------------------------------------------------------- */

/* splice(fd_in, off_in, fd_out, off_out, len, flags): the offsets (loff_t, NULL for a pipe
 * side or to use the file position) are copied in, and back out after a transfer, as
 * fs/splice.c updates them. */
long sys_splice(struct rv_cpu *cpu, const uint64_t *a)
{
    int64_t off_in = 0, off_out = 0;
    int e;
    if (a[1] && (e = copy_from_guest(&off_in, a[1], sizeof off_in)) < 0)
        return e;
    if (a[3] && (e = copy_from_guest(&off_out, a[3], sizeof off_out)) < 0)
        return e;
    off_in = (int64_t)rv_le64((uint64_t)off_in);
    off_out = (int64_t)rv_le64((uint64_t)off_out);
    long r = safe_syscall6(SYS_splice, ARG_INT(0), a[1] ? HOST_ARG(&off_in) : 0, ARG_INT(2),
                           a[3] ? HOST_ARG(&off_out) : 0, ARG_LONG(4), ARG_UINT(5));
    if (r < 0)
        return r;
    off_in = (int64_t)rv_le64((uint64_t)off_in);
    off_out = (int64_t)rv_le64((uint64_t)off_out);
    if (a[1] && copy_to_guest(a[1], &off_in, sizeof off_in) < 0)
        return -EFAULT;
    if (a[3] && copy_to_guest(a[3], &off_out, sizeof off_out) < 0)
        return -EFAULT;
    return r;
}

/* tee(fd_in, fd_out, len, flags): pipe to pipe, no guest memory. */
long sys_tee(struct rv_cpu *cpu, const uint64_t *a)
{
    return safe_syscall4(SYS_tee, ARG_INT(0), ARG_INT(1), ARG_LONG(2), ARG_UINT(3));
}

/* vmsplice(fd, iov, nr_segs, flags). The direction is the descriptor's (fs/splice.c): a
 * writable pipe end takes the guest's buffers (the kernel reads them), a read end fills them.
 * nr_segs above UIO_MAXIOV (1024 on every architecture) is -EINVAL. */
long sys_vmsplice(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t nr = a[2];
    if (nr > RV_UIO_MAXIOV)
        return -EINVAL;
    long fl = host_syscall2(SYS_fcntl, ARG_INT(0), F_GETFL);
    if (fl < 0)
        return fl;
    int acc = (int)fl & O_ACCMODE;
    int prot = acc == O_WRONLY || acc == O_RDWR ? PROT_READ : PROT_WRITE;

    struct iovec iov[RV_UIO_MAXIOV];
    long e = iovec_from_guest(iov, a[1], nr, prot);
    if (e < 0)
        return e;
    return host_syscall4(SYS_vmsplice, ARG_INT(0), HOST_ARG(iov), (long)nr, ARG_UINT(3));
}
