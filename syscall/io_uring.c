/*
 * syscall/io_uring.c - io_uring_setup, io_uring_enter, io_uring_register, and the guest's mmap
 * of a ring.
 *
 * The ring layouts are the same on riscv64 and x86-64 (abi/io_uring.h), but the kernel reads
 * submissions straight from the SQE array, so a guest that wrote SQEs the kernel reads could
 * name paths outside the sysroot rules, hand it a riscv64 epoll_event, point it at runner
 * memory or at the runner's descriptors. So the SQE array is shadowed:
 *   - every ring is set up with IORING_SETUP_NO_MMAP on memory of the runner's
 *     (io_uring_ring.c): the kernel refuses to map a ring at an address it did not choose, so
 *     its own ring mappings could never lie in the guest range. The SQ and CQ rings (head,
 *     tail, flags, the index array, the CQEs: no pointers) are shared pages the guest's mmap of
 *     IORING_OFF_SQ_RING/CQ_RING maps too; the SQE array the kernel reads is private to the
 *     runner, outside the guest range; the guest's mmap of IORING_OFF_SQES maps a shadow of it;
 *   - io_uring_enter copies each new SQE (the SQ ring's tail and index array say which) out of
 *     the shadow once, converts that private copy (io_uring_sqe.c) and writes it into the
 *     kernel's array at the same index, then submits; when the call returns those slots are
 *     zeroed again (a NOP). The guest can write the SQ ring's tail and index array at any time,
 *     but they can only make the kernel read slots that hold a converted SQE or a NOP;
 *   - waiting is a second host call without submission, so the ring's lock is not held while
 *     a thread waits, and the guest's signal mask is converted as ppoll's is (poll.h).
 * SQPOLL is refused (its kernel thread would read SQEs on its own), and so are NO_MMAP and
 * REGISTERED_FD_ONLY from the guest, and the registrations that would let the kernel read
 * guest-written pointers later (provided buffer rings, memory regions) or that change the
 * rings (resizing). doc/syscalls.md lists every refusal with its errno.
 *
 * A ring is known by its file's inode: since Linux 6.x every io_uring file has its own
 * (io_uring_get_file creates one), so any descriptor of the guest, a dup or one passed over a
 * socket, finds it. The guest's last close of it frees the runner's record and memory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "abi/uio.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/guest_limit.h"
#include "syscall/io_uring_ring.h"
#include "syscall/io_uring_sqe.h"
#include "syscall/poll.h"
#include "syscall/runner_fd.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"

#define POISON ((long)RV_URING_POISON)
#define CLOSED_FD INT32_MAX              /* never open: the kernel answers -EBADF for it */
#define REFUSED_REGISTER 255             /* above every register opcode: -EINVAL */
#define MAX_REG_BUFFERS (1u << 14)       /* IORING_MAX_REG_BUFFERS */
#define MAX_FIXED_FILES (1u << 20)       /* IORING_MAX_FIXED_FILES */

/* --- io_uring_setup ------------------------------------------------------------------------ */

long sys_io_uring_setup(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_io_uring_params p;
    if (copy_from_guest(&p, a[1], sizeof p) < 0)
        return -EFAULT;
    for (size_t i = 0; i < sizeof p.resv / sizeof p.resv[0]; i++)
        if (p.resv[i])
            return -EINVAL;
    if (p.flags & ~RV_IORING_SETUP_KNOWN)
        return -EINVAL;
    /* The SQ thread would read the guest's SQEs without io_uring_enter: refused as kernels
     * before 5.11 refused it to unprivileged processes. */
    if (p.flags & RV_IORING_SETUP_SQPOLL)
        return -EPERM;
    /* Rings in guest-provided memory, and rings without a descriptor: refused as kernels
     * before 6.5 and 6.6 refuse the flags. */
    if (p.flags & (RV_IORING_SETUP_NO_MMAP | RV_IORING_SETUP_REGISTERED_FD_ONLY))
        return -EINVAL;
    if ((p.flags & RV_IORING_SETUP_ATTACH_WQ) && rv_runner_fd_is_ours((int)p.wq_fd))
        p.wq_fd = CLOSED_FD;
    struct rv_io_uring_params guest = p;
    struct rv_uring_ring *r = rv_uring_new((uint32_t)a[0], &p);
    if (!r)
        return -ENOMEM;
    long fd = host_syscall2(SYS_io_uring_setup, (long)(uint32_t)a[0], HOST_ARG(&p));
    if (fd < 0) {
        rv_uring_discard(r);
        return fd;
    }
    /* the guest sees its own flags and addresses, and the kernel's answer */
    p.flags = guest.flags;
    p.sq_off.user_addr = guest.sq_off.user_addr;
    p.cq_off.user_addr = guest.cq_off.user_addr;
    long res = rv_uring_publish(r, (int)fd, &p);
    if (res == 0 && copy_to_guest(a[1], &p, sizeof p) < 0) {
        r = rv_uring_get((int)fd);
        if (r) {
            rv_uring_forget(r);
            rv_uring_put(r);
        }
        res = -EFAULT;
    }
    if (res < 0) {
        host_syscall1(SYS_close, fd);
        return res;
    }
    return fd;
}

/* --- io_uring_enter -------------------------------------------------------------------------- */

/* The submission half: converts the SQEs between the kernel's head and the guest's tail (at
 * most to_submit) into the kernel's array and submits them. Returns what the host returns. */
static long submit(struct rv_uring_ring *r, int fd, uint32_t to_submit)
{
    pthread_mutex_lock(&r->lock);
    uint32_t mask = r->sq_entries - 1;
    uint32_t head = __atomic_load_n((uint32_t *)(r->rings + r->sq_off.head), __ATOMIC_ACQUIRE);
    uint32_t tail = __atomic_load_n((uint32_t *)(r->rings + r->sq_off.tail), __ATOMIC_ACQUIRE);
    uint32_t *array = r->flags & RV_IORING_SETUP_NO_SQARRAY
                      ? NULL : (uint32_t *)(r->rings + r->sq_off.array);
    uint32_t n = tail - head;
    if (n > to_submit)
        n = to_submit;
    if (n > r->sq_entries)
        n = r->sq_entries;
    struct rv_uring_bounce b = { NULL };
    uint32_t count = 0, written = 0;
    unsigned char sqe[128];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t pos = (head + i) & mask;
        uint32_t idx = array ? __atomic_load_n(&array[pos], __ATOMIC_RELAXED) : pos;
        count = i + 1;
        if (idx >= r->sq_entries)
            break;      /* the kernel drops it (sq_dropped) and stops there */
        memcpy(sqe, r->shadow + (size_t)idx * r->sqe_size, r->sqe_size);
        rv_io_uring_sqe_convert((struct rv_io_uring_sqe *)sqe, &b);
        memcpy(r->sqes + (size_t)idx * r->sqe_size, sqe, r->sqe_size);
        r->written[written++] = idx;
    }
    long ret = host_syscall6(SYS_io_uring_enter, fd, count, 0, 0, 0, 0);
    for (uint32_t i = 0; i < written; i++)
        memset(r->sqes + (size_t)r->written[i] * r->sqe_size, 0, r->sqe_size);
    rv_uring_bounce_free(&b);
    pthread_mutex_unlock(&r->lock);
    return ret;
}

/* The waiting half: the guest's signal mask and timeout converted (IORING_ENTER_EXT_ARG
 * points at struct io_uring_getevents_arg, otherwise argp is the sigset). */
static long wait_events(int fd, uint32_t min_complete, uint32_t flags, guest_addr argp,
                        uint64_t argsz)
{
    struct rv_call_sigmask mask = { false, 0, 0 };
    struct rv_io_uring_getevents_arg ga;
    struct timespec ts;
    long harg, hsize;
    long r;
    if (flags & RV_IORING_ENTER_EXT_ARG_REG) {
        /* an offset into a registered wait region: none can be registered (MEM_REGION is
         * refused), so the kernel refuses it without reading guest memory */
        harg = (long)argp;
        hsize = (long)argsz;
    } else if (flags & RV_IORING_ENTER_EXT_ARG) {
        if (argsz != sizeof ga)
            return -EINVAL;
        if (copy_from_guest(&ga, argp, sizeof ga) < 0)
            return -EFAULT;
        if (ga.ts) {
            if (copy_from_guest(&ts, ga.ts, sizeof ts) < 0)
                return -EFAULT;
            ga.ts = (uint64_t)(uintptr_t)&ts;
        }
        r = rv_call_sigmask_from_guest(&mask, ga.sigmask, ga.sigmask_sz);
        if (r < 0)
            return r;
        ga.sigmask = (uint64_t)rv_call_sigmask_arg(&mask);
        ga.sigmask_sz = sizeof(uint64_t);
        harg = HOST_ARG(&ga);
        hsize = sizeof ga;
    } else {
        r = rv_call_sigmask_from_guest(&mask, argp, argsz);
        if (r < 0)
            return r;
        harg = rv_call_sigmask_arg(&mask);
        hsize = mask.present ? (long)sizeof(uint64_t) : (long)argsz;
    }
    r = safe_syscall6(SYS_io_uring_enter, fd, 0, min_complete, flags, harg, hsize);
    return rv_call_sigmask_done(&mask, r);
}

static bool is_ring(int fd)
{
    char link[64], name[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    long n = host_syscall3(SYS_readlink, HOST_ARG(link), HOST_ARG(name), sizeof name - 1);
    if (n < 0)
        return false;
    name[n] = '\0';
    return strcmp(name, RV_IO_URING_NAME) == 0;
}

/* io_uring_enter(fd, to_submit, min_complete, flags, argp, argsz) in the kernel's order:
 * submit; return early when fewer than to_submit went in; then wait if asked, returning the
 * number submitted when there was one. */
long sys_io_uring_enter(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0];
    uint32_t to_submit = (uint32_t)a[1], min_complete = (uint32_t)a[2], flags = (uint32_t)a[3];
    if (flags & ~RV_IORING_ENTER_KNOWN)
        return -EINVAL;
    if (flags & RV_IORING_ENTER_REGISTERED_RING)   /* none can be registered: -EINVAL, -EBADF */
        return host_syscall6(SYS_io_uring_enter, fd, 0, min_complete, flags, 0, (long)a[5]);
    long ret;
    struct rv_uring_ring *r = rv_uring_get(fd);
    if (r) {
        ret = submit(r, fd, to_submit);
        rv_uring_put(r);
    } else if (to_submit && is_ring(fd)) {
        static bool warned;
        if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
            fprintf(stderr, "crossrun: io_uring_enter: cannot submit to a ring crossrun did not "
                    "set up (EOPNOTSUPP)\n");
        return -EOPNOTSUPP;
    } else {
        /* not a ring, or nothing to submit: the host answers for the descriptor */
        ret = host_syscall6(SYS_io_uring_enter, fd, to_submit, 0, 0, 0, 0);
    }
    if (ret < 0 || (to_submit && ret != to_submit) || !(flags & RV_IORING_ENTER_GETEVENTS))
        return ret;
    long w = wait_events(fd, min_complete, flags, a[4], a[5]);
    return ret > 0 ? ret : w;
}

/* --- io_uring_register ----------------------------------------------------------------------- */

static long reg(int fd, uint32_t op, long arg, uint32_t nr)
{
    return host_syscall4(SYS_io_uring_register, fd, op, arg, nr);
}

/* An argument the kernel reads or writes (size bytes) while the call runs. */
static long checked(guest_addr arg, uint64_t size)
{
    return rv_below_guest_limit(arg, size) ? (long)arg : POISON;
}

static void fix_fds(int32_t *fds, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (rv_runner_fd_is_ours(fds[i]))
            fds[i] = CLOSED_FD;
}

/* The array of n fds or iovecs at *data (table FILES or BUFFERS), copied and checked into
 * runner memory that *data then points at (freed by the caller); NULL when there is no array
 * or it is not readable (*data then faults) or longer than the kernel allows (it refuses the
 * count before reading). */
static void *rsrc_array(uint64_t *data, uint32_t n, bool files)
{
    if (!*data)
        return NULL;
    if (n > (files ? MAX_FIXED_FILES : MAX_REG_BUFFERS)) {
        *data = (uint64_t)POISON;
        return NULL;
    }
    size_t size = (size_t)n * (files ? sizeof(int32_t) : sizeof(struct rv_iovec));
    void *copy = malloc(size ? size : 1);
    if (!copy || copy_from_guest(copy, *data, size) < 0) {
        free(copy);
        *data = (uint64_t)POISON;
        return NULL;
    }
    if (files) {
        fix_fds(copy, n);
    } else {
        struct rv_iovec *iov = copy;
        for (uint32_t i = 0; i < n; i++)
            if (!rv_below_guest_limit(iov[i].iov_base, iov[i].iov_len))
                iov[i].iov_base = (uint64_t)POISON;
    }
    *data = (uint64_t)(uintptr_t)copy;
    return copy;
}

/* BUFFERS, FILES and FILES_UPDATE (struct io_uring_files_update before its fds): the array
 * copied and checked. */
static long register_array(int fd, uint32_t op, guest_addr arg, uint32_t nr)
{
    struct rv_io_uring_files_update up;
    uint64_t data = arg;
    if (op == RV_IORING_REGISTER_FILES_UPDATE) {
        if (!arg || copy_from_guest(&up, arg, sizeof up) < 0)
            return reg(fd, op, arg ? POISON : 0, nr);
    }
    void *copy = rsrc_array(op == RV_IORING_REGISTER_FILES_UPDATE ? &up.fds : &data, nr,
                            op != RV_IORING_REGISTER_BUFFERS);
    long r = reg(fd, op, op == RV_IORING_REGISTER_FILES_UPDATE ? HOST_ARG(&up) : (long)data, nr);
    free(copy);
    return r;
}

/* FILES2, BUFFERS2, FILES_UPDATE2, BUFFERS_UPDATE: the struct (nr_args is its size) copied,
 * its array copied and checked, its tags (read while the call runs) range-checked. */
static long register_rsrc(int fd, uint32_t op, guest_addr arg, uint32_t size)
{
    union {
        struct rv_io_uring_rsrc_register reg;
        struct rv_io_uring_rsrc_update2 up;
    } u;
    if (size != sizeof u || copy_from_guest(&u, arg, sizeof u) < 0)
        return reg(fd, op, size != sizeof u ? checked(arg, 0) : POISON, size);
    bool files = op == RV_IORING_REGISTER_FILES2 || op == RV_IORING_REGISTER_FILES_UPDATE2;
    bool update = op == RV_IORING_REGISTER_FILES_UPDATE2 ||
                  op == RV_IORING_REGISTER_BUFFERS_UPDATE;
    uint32_t n = update ? u.up.nr : u.reg.nr;
    uint64_t *data = update ? &u.up.data : &u.reg.data;
    uint64_t *tags = update ? &u.up.tags : &u.reg.tags;
    if (!rv_below_guest_limit(*tags, (uint64_t)n * sizeof(uint64_t)))
        *tags = (uint64_t)POISON;
    void *copy = rsrc_array(data, n, files);
    long r = reg(fd, op, HOST_ARG(&u), size);
    free(copy);
    return r;
}

/* io_uring_register(fd, opcode, arg, nr_args): the registrations that are safe pass (arrays
 * holding pointers or descriptors copied and checked first); every other is refused with the
 * kernel's answer to an opcode it does not know, after its own descriptor checks. */
long sys_io_uring_register(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0];
    uint32_t op = (uint32_t)a[1], nr = (uint32_t)a[3];
    guest_addr arg = a[2];
    if (op & RV_IORING_REGISTER_USE_REGISTERED_RING)   /* none can be registered */
        return reg(fd, op, 0, nr);
    if (fd == -1)
        return -EINVAL;     /* the "blind" opcodes: SEND_MSG_RING, QUERY */
    switch (op) {
    case RV_IORING_REGISTER_BUFFERS:
    case RV_IORING_REGISTER_FILES:
    case RV_IORING_REGISTER_FILES_UPDATE:
        return register_array(fd, op, arg, nr);
    case RV_IORING_REGISTER_FILES2:
    case RV_IORING_REGISTER_FILES_UPDATE2:
    case RV_IORING_REGISTER_BUFFERS2:
    case RV_IORING_REGISTER_BUFFERS_UPDATE:
        return register_rsrc(fd, op, arg, nr);
    case RV_IORING_REGISTER_EVENTFD:
    case RV_IORING_REGISTER_EVENTFD_ASYNC: {
        int32_t efd;
        if (!arg || copy_from_guest(&efd, arg, sizeof efd) < 0)
            return reg(fd, op, arg ? POISON : 0, nr);
        fix_fds(&efd, 1);
        return reg(fd, op, HOST_ARG(&efd), nr);
    }
    case RV_IORING_REGISTER_PROBE: {
        uint32_t ops = nr < 256 ? nr : 256;
        long r = reg(fd, op, checked(arg, 16 + (uint64_t)ops * 8), nr);
        /* opcodes the runner refuses are not offered as supported */
        for (uint32_t i = 0; r == 0 && i < ops; i++) {
            struct { uint8_t op, resv; uint16_t flags; uint32_t resv2; } o;
            if (copy_from_guest(&o, arg + 16 + (uint64_t)i * 8, sizeof o) == 0 &&
                (o.flags & 1) && rv_io_uring_op_refused(o.op)) {
                o.flags &= (uint16_t)~1u;
                if (copy_to_guest(arg + 16 + (uint64_t)i * 8, &o, sizeof o) < 0)
                    return -EFAULT;
            }
        }
        return r;
    }
    case RV_IORING_UNREGISTER_BUFFERS:
    case RV_IORING_UNREGISTER_FILES:
    case RV_IORING_UNREGISTER_EVENTFD:
    case RV_IORING_REGISTER_PERSONALITY:
    case RV_IORING_UNREGISTER_PERSONALITY:
    case RV_IORING_REGISTER_ENABLE_RINGS:
    case RV_IORING_UNREGISTER_IOWQ_AFF:
        return reg(fd, op, checked(arg, 0), nr);
    case RV_IORING_REGISTER_RESTRICTIONS:
        return reg(fd, op, checked(arg, (uint64_t)nr * 16), nr);
    case RV_IORING_REGISTER_IOWQ_AFF:
        return reg(fd, op, checked(arg, nr), nr);
    case RV_IORING_REGISTER_IOWQ_MAX_WORKERS:
        return reg(fd, op, checked(arg, 2 * sizeof(uint32_t)), nr);
    case RV_IORING_UNREGISTER_PBUF_RING:
        return reg(fd, op, checked(arg, 40), nr);   /* struct io_uring_buf_reg */
    default:
        return reg(fd, REFUSED_REGISTER, 0, 0);
    }
}
