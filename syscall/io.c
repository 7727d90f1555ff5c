/*
 * syscall/io.c - handlers that move data through file descriptors, and descriptor plumbing.
 *
 * read/write and friends hand the guest's buffer to the host kernel directly (guest address =
 * host address), after guest_check has confirmed the whole buffer is guest memory with the
 * needed protection: a bad pointer is -EFAULT and the kernel can never be steered into runner
 * memory. iovec arrays are copied out of guest memory once, each buffer checked, and the host
 * kernel gets the copy, so another guest thread cannot swap a pointer after the check.
 * Terminal and other ioctls live in syscall/ioctl.c.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/uio.h>

#include "abi/fcntl.h"
#include "mem/host.h"
#include "syscall/io_uring_ring.h"
#include "syscall/runner_fd.h"
#include "syscall/signal/signal.h"
#include "syscall/iovec.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

#define ARG_INT(i) ((long)(int)a[i])
#define ARG_LONG(i) ((long)a[i])

/* --- plain reads and writes ------------------------------------------------------------------ */

long sys_read(struct rv_cpu *cpu, const uint64_t *a)
{
    long r = guest_check(a[1], a[2], PROT_WRITE);
    if (r < 0)
        return r;
    return safe_syscall3(SYS_read, ARG_INT(0), HOST_ARG(g2h(a[1])), ARG_LONG(2));
}

long sys_write(struct rv_cpu *cpu, const uint64_t *a)
{
    long r = guest_check(a[1], a[2], PROT_READ);
    if (r < 0)
        return r;
    return safe_syscall3(SYS_write, ARG_INT(0), HOST_ARG(g2h(a[1])), ARG_LONG(2));
}

long sys_pread64(struct rv_cpu *cpu, const uint64_t *a)
{
    long r = guest_check(a[1], a[2], PROT_WRITE);
    if (r < 0)
        return r;
    return safe_syscall4(SYS_pread64, ARG_INT(0), HOST_ARG(g2h(a[1])), ARG_LONG(2), ARG_LONG(3));
}

long sys_pwrite64(struct rv_cpu *cpu, const uint64_t *a)
{
    long r = guest_check(a[1], a[2], PROT_READ);
    if (r < 0)
        return r;
    return safe_syscall4(SYS_pwrite64, ARG_INT(0), HOST_ARG(g2h(a[1])), ARG_LONG(2), ARG_LONG(3));
}

/* --- vectored -------------------------------------------------------------------------------- */

/* The iovec array of a read/write-family call (fd, iov, count, ...): a count outside
 * [0, UIO_MAXIOV] is -EINVAL here, as in the kernel's import_iovec. */
static long io_iovec_in(struct iovec *iov, const uint64_t *a, int prot)
{
    int count = (int)a[2];
    if (count < 0 || count > RV_UIO_MAXIOV)
        return -EINVAL;
    return iovec_from_guest(iov, a[1], (uint64_t)count, prot);
}

/* One body for readv/writev/preadv/pwritev: the host call takes the same arguments after the
 * iovec copy. The offset of p*v is (pos_l, pos_h); on 64-bit kernels pos_l is the whole offset,
 * and both are passed on so the host computes the same thing. */
static long vectored(long host_nr, const uint64_t *a, int prot, int nargs)
{
    int count = (int)a[2];
    struct iovec iov[RV_UIO_MAXIOV];
    long r = io_iovec_in(iov, a, prot);
    if (r < 0)
        return r;
    if (nargs == 3)
        return safe_syscall3(host_nr, ARG_INT(0), HOST_ARG(iov), count);
    return safe_syscall5(host_nr, ARG_INT(0), HOST_ARG(iov), count, ARG_LONG(3), ARG_LONG(4));
}

long sys_readv(struct rv_cpu *cpu, const uint64_t *a)
{
    return vectored(SYS_readv, a, PROT_WRITE, 3);
}

long sys_writev(struct rv_cpu *cpu, const uint64_t *a)
{
    return vectored(SYS_writev, a, PROT_READ, 3);
}

long sys_preadv(struct rv_cpu *cpu, const uint64_t *a)
{
    return vectored(SYS_preadv, a, PROT_WRITE, 5);
}

long sys_pwritev(struct rv_cpu *cpu, const uint64_t *a)
{
    return vectored(SYS_pwritev, a, PROT_READ, 5);
}

/* --- descriptors ----------------------------------------------------------------------------- */

long sys_dup(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_dup, ARG_INT(0));
}

long sys_dup3(struct rv_cpu *cpu, const uint64_t *a)
{
    /* Only O_CLOEXEC is valid and the kernel answers -EINVAL to any other bit. The translation
     * drops bits it does not know, so that check is made here, on the guest's value. */
    uint32_t flags = (uint32_t)a[2];
    if (flags & ~(uint32_t)RV_O_CLOEXEC)
        return -EINVAL;
    if (ARG_INT(0) != ARG_INT(1))
        rv_runner_fd_vacate(ARG_INT(1));
    bool ring = ARG_INT(0) != ARG_INT(1) && rv_io_uring_closing(ARG_INT(1));
    long r = host_syscall3(SYS_dup3, ARG_INT(0), ARG_INT(1), rv_oflags_to_host(flags));
    if (ring && r >= 0)
        rv_io_uring_closed();
    return r;
}

long sys_pipe2(struct rv_cpu *cpu, const uint64_t *a)
{
    uint32_t flags = (uint32_t)a[1];
    /* O_EXCL here is O_NOTIFICATION_PIPE. Other bits: -EINVAL, checked before translation. */
    if (flags & ~(uint32_t)(RV_O_CLOEXEC | RV_O_NONBLOCK | RV_O_DIRECT | RV_O_EXCL))
        return -EINVAL;
    int fds[2];
    long r = host_syscall2(SYS_pipe2, HOST_ARG(fds), rv_oflags_to_host(flags));
    if (r < 0)
        return r;
    uint32_t gfds[2] = { rv_le32((uint32_t)fds[0]), rv_le32((uint32_t)fds[1]) };
    r = copy_to_guest(a[0], gfds, sizeof gfds);
    if (r < 0) {
        /* As the kernel does: the guest cannot learn the descriptors, so they must not leak. */
        host_syscall1(SYS_close, fds[0]);
        host_syscall1(SYS_close, fds[1]);
    }
    return r;
}

/* --- vectored with flags, and copies between descriptors ------------------------------------- */

/* preadv2/pwritev2: (fd, iov, count, pos_l, pos_h, flags). RWF_* flags are generic. */
static long vectored2(long host_nr, const uint64_t *a, int prot)
{
    int count = (int)a[2];
    struct iovec iov[RV_UIO_MAXIOV];
    long r = io_iovec_in(iov, a, prot);
    if (r < 0)
        return r;
    return host_syscall6(host_nr, ARG_INT(0), HOST_ARG(iov), count, ARG_LONG(3), ARG_LONG(4),
                         ARG_INT(5));
}

long sys_preadv2(struct rv_cpu *cpu, const uint64_t *a)
{
    return vectored2(SYS_preadv2, a, PROT_WRITE);
}

long sys_pwritev2(struct rv_cpu *cpu, const uint64_t *a)
{
    return vectored2(SYS_pwritev2, a, PROT_READ);
}

/* An optional in/out loff_t in guest memory: read before the call, written back after it. */
struct offset_arg {
    guest_addr guest;
    int64_t value;
};

static long offset_in(struct offset_arg *o, guest_addr guest)
{
    o->guest = guest;
    o->value = 0;
    if (!guest)
        return 0;
    uint64_t v;
    long r = copy_from_guest(&v, guest, sizeof v);
    o->value = (int64_t)rv_le64(v);
    return r;
}

static int64_t *offset_host(struct offset_arg *o)
{
    return o->guest ? &o->value : NULL;
}

/* The call's result unless writing the offset back faults. */
static long offset_out(const struct offset_arg *o, long result)
{
    if (result < 0 || !o->guest)
        return result;
    uint64_t v = rv_le64((uint64_t)o->value);
    long r = copy_to_guest(o->guest, &v, sizeof v);
    return r < 0 ? r : result;
}

long sys_sendfile(struct rv_cpu *cpu, const uint64_t *a)
{
    struct offset_arg off;
    long r = offset_in(&off, a[2]);
    if (r < 0)
        return r;
    r = safe_syscall4(SYS_sendfile, ARG_INT(0), ARG_INT(1), HOST_ARG(offset_host(&off)), ARG_LONG(3));
    return offset_out(&off, r);
}

long sys_copy_file_range(struct rv_cpu *cpu, const uint64_t *a)
{
    struct offset_arg in, out;
    long r = offset_in(&in, a[1]);
    if (r < 0 || (r = offset_in(&out, a[3])) < 0)
        return r;
    r = host_syscall6(SYS_copy_file_range, ARG_INT(0), HOST_ARG(offset_host(&in)), ARG_INT(2),
                      HOST_ARG(offset_host(&out)), ARG_LONG(4), (long)(uint32_t)a[5]);
    r = offset_out(&in, r);
    return offset_out(&out, r);
}

long sys_close_range(struct rv_cpu *cpu, const uint64_t *a)
{
    /* CLOSE_RANGE_* flags are generic (include/uapi/linux/close_range.h). */
    long r = rv_runner_fd_close_range((uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);
    if (r == 0)
        rv_io_uring_closed();   /* rings whose last descriptor was in the range */
    return r;
}
