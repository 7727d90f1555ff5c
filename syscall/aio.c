/*
 * syscall/aio.c - Linux AIO: io_setup, io_destroy, io_submit, io_cancel, io_getevents,
 * io_pgetevents, forwarded to the host kernel.
 *
 * The context id is the address of the completion ring the kernel maps (fs/aio.c aio_setup_ring
 * maps it wherever it likes, outside the guest range here), and libaio reads the ring's header
 * in user space. io_setup therefore takes a free guest range as a guest mmap would (recorded
 * as "/[aio] (deleted)", as /proc/self/maps shows the ring natively) and moves the ring over it
 * with mremap, which the kernel supports for this mapping (aio_ring_mremap makes the new address
 * the context's id); the guest gets that address. io_destroy makes the kernel unmap the ring,
 * and the hole it leaves gets the guest range's reservation back (guest_munmap over it).
 *
 * struct iocb and struct io_event have one layout on both sides (abi/aio.h), so the kernel takes
 * the guest's iocbs and writes the guest's events as they are, and an event's obj is the iocb's
 * guest address, as the guest's ring readers and io_cancel expect. What must not happen is the
 * host kernel reading or writing runner memory, which lies above GUEST_LIMIT: below it the
 * kernel faults where the guest's own kernel would (an event with -EFAULT, a partial read), so
 * every address the kernel will use is held below GUEST_LIMIT (syscall/guest_limit.h):
 *  - the context id (the kernel reads the ring's id at it): out of range is EINVAL, as a
 *    context the kernel cannot find;
 *  - io_submit's array of iocb pointers is copied, so the kernel reads the pointers checked here,
 *    and an iocb out of range stops the submission with EFAULT;
 *  - a PREAD/PWRITE buffer, a PREADV/PWRITEV iovec array and each of its buffers: an iocb with
 *    one out of range is submitted alone as a runner copy whose aio_buf is RV_HOST_REFUSED_ADDR,
 *    so the kernel's own checks (EINVAL, EAGAIN, EBADF...) come first and EFAULT last, as for
 *    the guest's kernel; nothing of it runs;
 *  - io_getevents' events array: one reaching past the range is EFAULT (the kernel would fault
 *    only on the first event it copies there);
 *  - io_cancel's iocb; its result pointer the kernel no longer uses.
 * A limit: the kernel reads each iocb (and an iovec array) again after the check, so another
 * guest thread rewriting it meanwhile could aim the kernel past the check. Copying the iocbs
 * instead would change the obj the guest sees in the ring's events.
 *
 * io_getevents and io_pgetevents block, so they are safe syscalls (a guest signal interrupts
 * them); io_pgetevents' signal mask is converted as ppoll's is (syscall/poll.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "abi/aio.h"
#include "abi/uio.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/guest_limit.h"
#include "syscall/poll.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "syscall/timespec.h"

_Static_assert(sizeof(struct iocb) == sizeof(struct rv_iocb), "host struct iocb");
_Static_assert(offsetof(struct iocb, aio_buf) == offsetof(struct rv_iocb, aio_buf), "aio_buf");
_Static_assert(offsetof(struct iocb, aio_resfd) == offsetof(struct rv_iocb, aio_resfd), "resfd");
_Static_assert(sizeof(struct io_event) == sizeof(struct rv_io_event), "host struct io_event");
_Static_assert(IOCB_CMD_PREADV == RV_IOCB_CMD_PREADV && IOCB_CMD_POLL == RV_IOCB_CMD_POLL,
               "IOCB_CMD_* are generic");

#define RING_NAME "/[aio] (deleted)"
/* The largest ring: fs/aio.c takes at most 0x10000000 / sizeof(struct io_event) events, twice
 * over, plus a header page. */
#define RING_MAX_BYTES ((uint64_t)0x20000000 + GUEST_PAGE_SIZE)
#define SUBMIT_BATCH 128

/* A context id the kernel may look up: it reads the ring's id (4 bytes) there. */
static bool ctx_in_range(uint64_t ctx)
{
    return rv_below_guest_limit(ctx, sizeof(uint32_t));
}

/* The kernel unmapped the ring at addr (io_destroy): its pages, up to the first one still
 * mapped (msync sees a hole as ENOMEM without touching memory), get the reservation back. */
static void ring_unmapped(uint64_t addr)
{
    uint64_t end = addr;
    while (end - addr < RING_MAX_BYTES && rv_below_guest_limit(end, GUEST_PAGE_SIZE) &&
           host_syscall3(SYS_msync, (long)end, GUEST_PAGE_SIZE, MS_ASYNC) == -ENOMEM)
        end += GUEST_PAGE_SIZE;
    if (end > addr)
        (void)!guest_munmap(addr, end - addr);
}

/* io_setup(nr_events, ctxp) */
long sys_io_setup(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t ctx;
    if (copy_from_guest(&ctx, a[1], sizeof ctx) < 0)
        return -EFAULT;
    long r = host_syscall2(SYS_io_setup, (long)(uint32_t)a[0], HOST_ARG(&ctx));
    if (r < 0)
        return r;
    /* the ring was just mapped by the kernel in the runner's part of the address space */
    struct rv_aio_ring ring;
    memcpy(&ring, (const void *)(uintptr_t)ctx, sizeof ring);
    uint64_t size = guest_page_up(sizeof ring + (uint64_t)ring.nr * sizeof(struct rv_io_event));
    long g = guest_mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0,
                        RING_NAME);
    if (g >= 0) {
        r = host_syscall5(SYS_mremap, (long)ctx, (long)size, (long)size,
                          MREMAP_MAYMOVE | MREMAP_FIXED, g);
        if (r < 0)
            (void)!guest_munmap((uint64_t)g, size);
    }
    if (g < 0 || r < 0) {
        host_syscall1(SYS_io_destroy, (long)ctx);
        return g < 0 ? g : r;
    }
    uint64_t id = (uint64_t)g;
    if (copy_to_guest(a[1], &id, sizeof id) < 0) {
        host_syscall1(SYS_io_destroy, g);   /* the kernel's answer to a ctxp it cannot write */
        ring_unmapped(id);
        return -EFAULT;
    }
    return 0;
}

/* io_destroy(ctx): the kernel unmaps the ring; its hole is reserved again. */
long sys_io_destroy(struct rv_cpu *cpu, const uint64_t *a)
{
    if (!ctx_in_range(a[0]))
        return -EINVAL;
    long r = host_syscall1(SYS_io_destroy, (long)a[0]);
    if (r == 0 && !(a[0] & GUEST_PAGE_LOW))
        ring_unmapped(a[0]);
    return r;
}

/* Whether every address the kernel will use for this iocb lies below GUEST_LIMIT. An iocb that
 * cannot be read is fine: the kernel cannot read it either. */
static bool iocb_in_range(const struct rv_iocb *io)
{
    switch (io->aio_lio_opcode) {
    case RV_IOCB_CMD_PREAD:
    case RV_IOCB_CMD_PWRITE:
        return rv_below_guest_limit(io->aio_buf, io->aio_nbytes);
    case RV_IOCB_CMD_PREADV:
    case RV_IOCB_CMD_PWRITEV: {
        if (io->aio_nbytes > RV_UIO_MAXIOV)
            return true;            /* EINVAL before the array is read */
        if (!rv_below_guest_limit(io->aio_buf, io->aio_nbytes * sizeof(struct rv_iovec)))
            return false;
        struct rv_iovec iov[RV_UIO_MAXIOV];
        if (copy_from_guest(iov, io->aio_buf, io->aio_nbytes * sizeof iov[0]) < 0)
            return true;            /* the kernel faults reading it */
        for (uint64_t i = 0; i < io->aio_nbytes; i++)
            if (!rv_below_guest_limit(iov[i].iov_base, iov[i].iov_len))
                return false;
        return true;
    }
    default:
        return true;                /* no buffer, or an opcode the kernel refuses */
    }
}

/* An iocb with a buffer out of range, submitted alone as a copy whose buffer the host refuses:
 * the kernel's checks before the buffer answer, then EFAULT. */
static long submit_refused(uint64_t ctx, const struct rv_iocb *io)
{
    struct rv_iocb copy = *io;
    copy.aio_buf = RV_HOST_REFUSED_ADDR;
    uint64_t ptr = (uint64_t)(uintptr_t)&copy;
    return host_syscall3(SYS_io_submit, (long)ctx, 1, HOST_ARG(&ptr));
}

/* io_submit(ctx, nr, iocbpp): in batches of checked pointers; returns how many were submitted,
 * or the first one's error. */
long sys_io_submit(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t ctx = a[0], iocbpp = a[2];
    long nr = (long)a[1];
    if (nr < 0 || !ctx_in_range(ctx))
        return -EINVAL;
    enum { GO, BAD_POINTER, BAD_BUFFER };
    long done = 0;
    while (done < nr) {
        uint64_t ptrs[SUBMIT_BATCH];
        long n = 0;
        int stop = GO;
        struct rv_iocb io;
        while (n < SUBMIT_BATCH && done + n < nr && stop == GO) {
            if (copy_from_guest(&ptrs[n], iocbpp + (uint64_t)(done + n) * 8, 8) < 0 ||
                !rv_below_guest_limit(ptrs[n], sizeof io))
                stop = BAD_POINTER;
            else if (copy_from_guest(&io, ptrs[n], sizeof io) == 0 && !iocb_in_range(&io))
                stop = BAD_BUFFER;
            else
                n++;
        }
        if (n > 0) {
            long r = host_syscall3(SYS_io_submit, (long)ctx, n, HOST_ARG(ptrs));
            if (r < 0)
                return done ? done : r;
            done += r;
            if (r < n)
                return done;
        }
        if (stop == BAD_BUFFER) {
            long r = submit_refused(ctx, &io);
            if (r <= 0)
                return done ? done : r;
            done += r;
        } else if (stop == BAD_POINTER) {
            if (done)
                return done;
            /* the context is looked up before the first pointer is read */
            long r = host_syscall3(SYS_io_submit, (long)ctx, 0, 0);
            return r < 0 ? r : -EFAULT;
        }
    }
    return done;
}

/* io_cancel(ctx, iocb, result) */
long sys_io_cancel(struct rv_cpu *cpu, const uint64_t *a)
{
    if (!rv_below_guest_limit(a[1], sizeof(struct rv_iocb)))
        return -EFAULT;
    if (!ctx_in_range(a[0])) {
        uint32_t key;   /* the kernel reads the iocb's key first */
        if (copy_from_guest(&key, a[1] + offsetof(struct rv_iocb, aio_key), sizeof key) < 0)
            return -EFAULT;
        return -EINVAL;
    }
    uint64_t result = rv_below_guest_limit(a[2], sizeof(struct rv_io_event)) ? a[2] : 0;
    return host_syscall3(SYS_io_cancel, (long)a[0], (long)a[1], (long)result);
}

/* The checks io_getevents makes after the timeout and before it waits, for an events array
 * out of range: EINVAL for a context or counts it refuses, else EFAULT. */
static long events_out_of_range(uint64_t ctx, long min_nr, long nr)
{
    struct timespec zero = { 0, 0 };
    long r = host_syscall5(SYS_io_getevents, (long)ctx, 0, 0, 0, HOST_ARG(&zero));
    if (r < 0)
        return r;
    return min_nr <= nr && min_nr >= 0 ? -EFAULT : -EINVAL;
}

/* The part io_getevents and io_pgetevents share: ctx, min_nr, nr, events. 0 when the call may
 * go to the host, else its result. */
static long getevents_check(const uint64_t *a)
{
    long min_nr = (long)a[1], nr = (long)a[2];
    if (!ctx_in_range(a[0]))
        return -EINVAL;
    if (nr > 0 && ((uint64_t)nr > GUEST_LIMIT / sizeof(struct rv_io_event) ||
                   !rv_below_guest_limit(a[3], (uint64_t)nr * sizeof(struct rv_io_event))))
        return events_out_of_range(a[0], min_nr, nr);
    return 0;
}

/* io_getevents(ctx, min_nr, nr, events, timeout) */
long sys_io_getevents(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    if (a[4] && timespec_from_guest(&ts, a[4]) < 0)
        return -EFAULT;
    long r = getevents_check(a);
    if (r < 0)
        return r;
    return safe_syscall5(SYS_io_getevents, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
                         a[4] ? HOST_ARG(&ts) : 0);
}

/* io_pgetevents(ctx, min_nr, nr, events, timeout, usig) */
long sys_io_pgetevents(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    if (a[4] && timespec_from_guest(&ts, a[4]) < 0)
        return -EFAULT;
    struct rv_aio_sigset usig = { 0, 0 };
    if (a[5] && copy_from_guest(&usig, a[5], sizeof usig) < 0)
        return -EFAULT;
    struct rv_call_sigmask mask;
    long r = rv_call_sigmask_from_guest(&mask, usig.sigmask, usig.sigsetsize);
    if (r < 0)
        return r;
    r = getevents_check(a);
    if (r < 0)
        return r;
    struct { uint64_t sigmask, sigsetsize; } host_sig = {
        (uint64_t)rv_call_sigmask_arg(&mask), sizeof(uint64_t),
    };
    r = safe_syscall6(SYS_io_pgetevents, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
                      a[4] ? HOST_ARG(&ts) : 0, mask.present ? HOST_ARG(&host_sig) : 0);
    return rv_call_sigmask_done(&mask, r);
}
