/*
 * syscall/io_uring_sqe.c - what every io_uring opcode may hand the host kernel: one row per
 * opcode of 6.18 saying which fields are descriptors and how the rest is checked or converted.
 *
 * The kernel reads a submission when io_uring_enter submits it (the runner refuses SQPOLL) and
 * copies what it points at during that call (IORING_FEAT_SUBMIT_STABLE), so syscall/io_uring.c
 * converts a private copy of each new SQE here, writes it into the ring the kernel reads and
 * keeps the memory it points at (struct rv_uring_bounce) until the call has returned. Rules:
 *   - a path goes through the sysroot rules (rv_path_from_guest), as the path syscalls do;
 *   - the riscv64 epoll_event of EPOLL_CTL becomes the host's packed one;
 *   - iovec and futex_waitv arrays are copied and their pointers checked, so a guest thread
 *     cannot change them between the check and the kernel's read;
 *   - a pointer reaching above GUEST_LIMIT (it could name runner memory; syscall/guest_limit.h)
 *     becomes POISON, a page below GUEST_BASE that neither the guest nor the runner ever maps:
 *     the kernel itself then faults on it as on any unmapped address (-EFAULT, or a short count
 *     for the segment of a readv after good ones: RV_HOST_REFUSED_ADDR would fail the whole
 *     readv at its access_ok), in its own order of checks;
 *   - a descriptor the runner keeps (runner_fd.c) becomes -1: the kernel answers -EBADF;
 *   - an opcode the runner cannot make safe becomes one the kernel does not know: -EINVAL, as a
 *     kernel without that opcode answers. Those are listed in doc/syscalls.md.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "abi/epoll.h"
#include "abi/fcntl.h"
#include "abi/socket.h"
#include "abi/uio.h"
#include "mem/addrspace.h"
#include "mem/uaccess.h"
#include "syscall/guest_limit.h"
#include "syscall/io_uring_sqe.h"
#include "syscall/path.h"
#include "syscall/runner_fd.h"

#define POISON RV_URING_POISON
#define REFUSED_OPCODE 0xff              /* above every opcode: io_init_req answers -EINVAL */
#define SOCKADDR_MAX 128                 /* sizeof(struct sockaddr_storage) */
#define STATX_SIZE 256                   /* struct statx, the same on both ABIs */
#define TIMESPEC_SIZE 16                 /* struct __kernel_timespec */
#define FUTEX_WAITV_MAX 128

struct bounce_chunk {
    struct bounce_chunk *next;
    _Alignas(16) unsigned char data[];
};

void *rv_uring_bounce_alloc(struct rv_uring_bounce *b, size_t n)
{
    struct bounce_chunk *c = malloc(sizeof *c + n);
    if (!c)
        return NULL;
    c->next = b->chunks;
    b->chunks = c;
    return c->data;
}

void rv_uring_bounce_free(struct rv_uring_bounce *b)
{
    for (struct bounce_chunk *c = b->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    b->chunks = NULL;
}

static void refuse(struct rv_io_uring_sqe *sqe)
{
    sqe->opcode = REFUSED_OPCODE;
    sqe->off = sqe->addr = sqe->addr3 = 0;
}

/* A guest pointer the kernel reads or writes n bytes at. */
static void check_ptr(uint64_t *p, uint64_t n)
{
    if (!rv_below_guest_limit(*p, n))
        *p = POISON;
}

static void check_fd(int32_t *fd)
{
    if (rv_runner_fd_is_ours(*fd))
        *fd = -1;
}

/* A path (or, lookup false, a string taken as it is: a symlink target, an xattr name) copied
 * to runner memory. A string too long for the host gets one the kernel finds too long too. */
static void bounce_string(struct rv_io_uring_sqe *sqe, uint64_t *field, bool lookup,
                          struct rv_uring_bounce *b)
{
    if (!*field)
        return;
    struct rv_path *p = rv_uring_bounce_alloc(b, sizeof *p);
    if (!p) {
        refuse(sqe);
        return;
    }
    long r = lookup ? rv_path_from_guest(p, *field) : rv_string_path_from_guest(p, *field);
    if (r == -ENAMETOOLONG) {
        char *longer = rv_uring_bounce_alloc(b, PATH_MAX + 1);
        if (!longer) {
            refuse(sqe);
            return;
        }
        memset(longer, 'x', PATH_MAX);
        longer[PATH_MAX] = '\0';
        *field = (uint64_t)(uintptr_t)longer;
    } else if (r < 0) {
        *field = POISON;
    } else {
        *field = (uint64_t)(uintptr_t)p->host;
    }
}

/* --- one converter per kind of opcode -------------------------------------------------------- */

static void conv_none(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
}

static void conv_refuse(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    refuse(sqe);
}

/* read/write style: the read/write attributes (PI) point at a struct with another pointer. */
static bool rw_attr_refused(struct rv_io_uring_sqe *sqe)
{
    if (sqe->pad3) {
        refuse(sqe);
        return true;
    }
    return false;
}

static void conv_buf(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    if (!(sqe->flags & RV_IOSQE_BUFFER_SELECT))
        check_ptr(&sqe->addr, sqe->len);
}

static void conv_rw_buf(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    if (!rw_attr_refused(sqe))
        conv_buf(sqe, b);
}

static void conv_rw_fixed(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    rw_attr_refused(sqe);   /* the buffer is checked against the registered ones by the kernel */
}

/* A copy of the array of n elements of size `size` at sqe->addr (so a guest thread cannot
 * change it after the check), which sqe->addr then points at; NULL when there is none to
 * check: more than max elements (the kernel refuses the count before reading) or an
 * unreadable array make sqe->addr faulting. */
static void *bounce_array(struct rv_io_uring_sqe *sqe, uint32_t n, size_t size, uint32_t max,
                          struct rv_uring_bounce *b)
{
    if (n > max) {
        sqe->addr = POISON;
        return NULL;
    }
    void *copy = rv_uring_bounce_alloc(b, (size_t)n * size);
    if (!copy) {
        refuse(sqe);
        return NULL;
    }
    if (copy_from_guest(copy, sqe->addr, (size_t)n * size) < 0) {
        sqe->addr = POISON;
        return NULL;
    }
    sqe->addr = (uint64_t)(uintptr_t)copy;
    return copy;
}

/* The iovec array at *field (n of them) copied, its bases checked, *field pointed at the copy
 * (or made faulting when unreadable, or too long: the kernel refuses the count first). */
static void bounce_iovecs(uint64_t *field, uint64_t n, struct rv_uring_bounce *b)
{
    struct rv_iovec *iov = n <= RV_UIO_MAXIOV ? rv_uring_bounce_alloc(b, n * sizeof *iov) : NULL;
    if (!iov || copy_from_guest(iov, *field, n * sizeof *iov) < 0) {
        *field = POISON;
        return;
    }
    for (uint64_t i = 0; i < n; i++)
        check_ptr(&iov[i].iov_base, iov[i].iov_len);
    *field = (uint64_t)(uintptr_t)iov;
}

static void check_iovecs(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    bounce_iovecs(&sqe->addr, sqe->len, b);
}

/* readv/writev (and their _FIXED forms) */
static void conv_iovec(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    if (!rw_attr_refused(sqe) && sqe->len)
        check_iovecs(sqe, b);
}

static void conv_timespec(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->addr, TIMESPEC_SIZE);
}

static void conv_timeout_remove(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    if (sqe->op_flags & RV_IORING_TIMEOUT_UPDATE)
        check_ptr(&sqe->off, TIMESPEC_SIZE);
}

/* accept: addr receives at most a sockaddr_storage, off points at the socklen_t. */
static void conv_accept(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->addr, SOCKADDR_MAX);
    check_ptr(&sqe->off, sizeof(uint32_t));
}

/* connect and bind: addr with its length in off (over SOCKADDR_MAX the kernel says -EINVAL
 * before reading). */
static void conv_sockaddr_in(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->addr, sqe->off < SOCKADDR_MAX ? sqe->off : SOCKADDR_MAX);
}

/* send, send_zc: the buffer (unless selected or registered; an iovec array when vectorized)
 * and an optional destination. */
static void conv_send(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    if (sqe->ioprio & RV_IORING_SEND_VECTORIZED) {
        if (!(sqe->flags & RV_IOSQE_BUFFER_SELECT) && sqe->len)
            check_iovecs(sqe, b);
    } else if (!(sqe->ioprio & RV_IORING_RECVSEND_FIXED_BUF)) {
        conv_buf(sqe, b);
    }
    uint16_t addr_len = (uint16_t)sqe->splice_fd_in;
    check_ptr(&sqe->off, addr_len < SOCKADDR_MAX ? addr_len : SOCKADDR_MAX);
}

/* sendmsg, sendmsg_zc: the kernel copies the msghdr, its address and its iovecs while it
 * submits, so a checked copy serves; but it reads control data again each time the request
 * runs, possibly after io_uring_enter returned, where no copy would live and the guest could
 * have rewritten it: a message with control data is refused (recvmsg, which writes the
 * guest's msghdr when it completes, is refused altogether). */
static void conv_sendmsg(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    struct rv_msghdr *m = bounce_array(sqe, 1, sizeof *m, 1, b);
    if (!m)
        return;
    if (m->msg_controllen) {
        refuse(sqe);
        return;
    }
    uint32_t namelen = m->msg_namelen < 0 ? 0 : (uint32_t)m->msg_namelen;
    check_ptr(&m->msg_name, namelen < SOCKADDR_MAX ? namelen : SOCKADDR_MAX);
    if (!(sqe->flags & RV_IOSQE_BUFFER_SELECT) && m->msg_iovlen)
        bounce_iovecs(&m->msg_iov, m->msg_iovlen, b);
}

static void conv_recv(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    if (!(sqe->ioprio & RV_IORING_RECVSEND_FIXED_BUF))
        conv_buf(sqe, b);
}

static void conv_path(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    bounce_string(sqe, &sqe->addr, true, b);
}

static void conv_openat(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    sqe->op_flags = (uint32_t)rv_oflags_to_host(sqe->op_flags);
    bounce_string(sqe, &sqe->addr, true, b);
}

/* openat2: struct open_how (len bytes, the kernel stops at a page) has the same flag values. */
static void conv_openat2(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->off, sqe->len < GUEST_PAGE_SIZE ? sqe->len : GUEST_PAGE_SIZE);
    bounce_string(sqe, &sqe->addr, true, b);
}

static void conv_statx(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->off, STATX_SIZE);
    bounce_string(sqe, &sqe->addr, true, b);
}

/* renameat and linkat: two paths (addr, addr2). */
static void conv_two_paths(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    bounce_string(sqe, &sqe->addr, true, b);
    bounce_string(sqe, &sqe->off, true, b);
}

/* symlinkat: the target is data, the link a path. */
static void conv_symlinkat(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    bounce_string(sqe, &sqe->addr, false, b);
    bounce_string(sqe, &sqe->off, true, b);
}

/* epoll_ctl(fd, len = op, off = target, addr = event): every op but DEL reads an event. */
static void conv_epoll_ctl(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    if (sqe->len == RV_EPOLL_CTL_DEL)
        return;
    struct rv_epoll_event g;
    if (copy_from_guest(&g, sqe->addr, sizeof g) < 0) {
        sqe->addr = POISON;
        return;
    }
    struct epoll_event *h = rv_uring_bounce_alloc(b, sizeof *h);
    if (!h) {
        refuse(sqe);
        return;
    }
    rv_epoll_event_to_host(h, &g);
    sqe->addr = (uint64_t)(uintptr_t)h;
}

/* provide_buffers: fd = count, len = size of each, addr = the first. */
static void conv_provide_buffers(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->addr, (uint64_t)sqe->len * (uint32_t)sqe->fd);
}

/* madvise: the 64-bit length is in off when set, else in len. */
static void conv_madvise(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    uint64_t len = sqe->off ? sqe->off : sqe->len;
    if (!rv_below_guest_limit(sqe->addr, len))
        sqe->addr = POISON;
}

/* xattrs: addr = name, addr2 = value (len bytes), addr3 = path for the path forms. */
static void conv_fxattr(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->off, sqe->len);
    bounce_string(sqe, &sqe->addr, false, b);
}

static void conv_xattr(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    conv_fxattr(sqe, b);
    bounce_string(sqe, &sqe->addr3, true, b);
}

static void conv_futex(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->addr, sizeof(uint64_t));
}

/* futex_waitv: struct futex_waitv { u64 val; u64 uaddr; u32 flags, reserved; }[len]. */
static void conv_futex_waitv(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    struct waitv { uint64_t val, uaddr; uint32_t flags, reserved; };
    _Static_assert(sizeof(struct waitv) == 24, "struct futex_waitv is 24 bytes");
    struct waitv *w = bounce_array(sqe, sqe->len ? sqe->len : UINT32_MAX, sizeof *w,
                                   FUTEX_WAITV_MAX, b);
    for (uint32_t i = 0; w && i < sqe->len; i++)
        check_ptr(&w[i].uaddr, sizeof(uint64_t));
}

static void conv_pipe(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    check_ptr(&sqe->addr, 2 * sizeof(int32_t));
}

/* --- the table ------------------------------------------------------------------------------- */

enum {
    FD = 1,          /* sqe->fd is a descriptor (unless IOSQE_FIXED_FILE) */
    FD_IN = 2,       /* splice_fd_in too (unless SPLICE_F_FD_IN_FIXED) */
    FD_LEN = 4,      /* len is the second directory descriptor (renameat, linkat) */
    FD_OFF = 8,      /* off is the target descriptor (epoll_ctl) */
};

struct op_rule {
    uint8_t fds;
    void (*conv)(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b);
};

#define OP(name, fds, conv) [RV_IORING_OP_##name] = { fds, conv }
static const struct op_rule rules[RV_IORING_OP_LAST] = {
    OP(NOP,              FD,         conv_none),
    OP(READV,            FD,         conv_iovec),
    OP(WRITEV,           FD,         conv_iovec),
    OP(FSYNC,            FD,         conv_none),
    OP(READ_FIXED,       FD,         conv_rw_fixed),
    OP(WRITE_FIXED,      FD,         conv_rw_fixed),
    OP(POLL_ADD,         FD,         conv_none),
    OP(POLL_REMOVE,      FD,         conv_none),
    OP(SYNC_FILE_RANGE,  FD,         conv_none),
    OP(SENDMSG,          FD,         conv_sendmsg),
    OP(RECVMSG,          0,          conv_refuse),   /* writes the guest's msghdr at the end */
    OP(TIMEOUT,          0,          conv_timespec),
    OP(TIMEOUT_REMOVE,   0,          conv_timeout_remove),
    OP(ACCEPT,           FD,         conv_accept),
    OP(ASYNC_CANCEL,     FD,         conv_none),
    OP(LINK_TIMEOUT,     0,          conv_timespec),
    OP(CONNECT,          FD,         conv_sockaddr_in),
    OP(FALLOCATE,        FD,         conv_none),
    OP(OPENAT,           FD,         conv_openat),
    OP(CLOSE,            FD,         conv_none),
    OP(FILES_UPDATE,     0,          conv_refuse),   /* its fd array is read at issue */
    OP(STATX,            FD,         conv_statx),
    OP(READ,             FD,         conv_rw_buf),
    OP(WRITE,            FD,         conv_rw_buf),
    OP(FADVISE,          FD,         conv_none),
    OP(MADVISE,          0,          conv_madvise),
    OP(SEND,             FD,         conv_send),
    OP(RECV,             FD,         conv_recv),
    OP(OPENAT2,          FD,         conv_openat2),
    OP(EPOLL_CTL,        FD | FD_OFF, conv_epoll_ctl),
    OP(SPLICE,           FD | FD_IN, conv_none),
    OP(PROVIDE_BUFFERS,  0,          conv_provide_buffers),
    OP(REMOVE_BUFFERS,   0,          conv_none),
    OP(TEE,              FD | FD_IN, conv_none),
    OP(SHUTDOWN,         FD,         conv_none),
    OP(RENAMEAT,         FD | FD_LEN, conv_two_paths),
    OP(UNLINKAT,         FD,         conv_path),
    OP(MKDIRAT,          FD,         conv_path),
    OP(SYMLINKAT,        FD,         conv_symlinkat),
    OP(LINKAT,           FD | FD_LEN, conv_two_paths),
    OP(MSG_RING,         FD,         conv_none),
    OP(FSETXATTR,        FD,         conv_fxattr),
    OP(SETXATTR,         0,          conv_xattr),
    OP(FGETXATTR,        FD,         conv_fxattr),
    OP(GETXATTR,         0,          conv_xattr),
    OP(SOCKET,           0,          conv_none),
    OP(URING_CMD,        0,          conv_refuse),   /* a driver's own payload */
    OP(SEND_ZC,          FD,         conv_send),
    OP(SENDMSG_ZC,       FD,         conv_sendmsg),
    OP(READ_MULTISHOT,   FD,         conv_none),
    OP(WAITID,           0,          conv_refuse),   /* siginfo with host signal numbers */
    OP(FUTEX_WAIT,       0,          conv_futex),
    OP(FUTEX_WAKE,       0,          conv_futex),
    OP(FUTEX_WAITV,      0,          conv_futex_waitv),
    OP(FIXED_FD_INSTALL, 0,          conv_none),
    OP(FTRUNCATE,        FD,         conv_none),
    OP(BIND,             FD,         conv_sockaddr_in),
    OP(LISTEN,           FD,         conv_none),
    OP(RECV_ZC,          FD,         conv_none),
    OP(EPOLL_WAIT,       0,          conv_refuse),   /* writes host-layout epoll_events */
    OP(READV_FIXED,      FD,         conv_iovec),
    OP(WRITEV_FIXED,     FD,         conv_iovec),
    OP(PIPE,             0,          conv_pipe),
};

void rv_io_uring_sqe_convert(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b)
{
    /* IOSQE_* flags and send/recv flags newer than 6.18 could change what a field points at
     * (as IORING_SEND_VECTORIZED did): refused, as 6.18 refuses them */
    bool sendrecv = sqe->opcode == RV_IORING_OP_SEND || sqe->opcode == RV_IORING_OP_RECV ||
                    sqe->opcode == RV_IORING_OP_SEND_ZC || sqe->opcode == RV_IORING_OP_SENDMSG ||
                    sqe->opcode == RV_IORING_OP_SENDMSG_ZC;
    if ((sqe->flags & ~RV_IOSQE_KNOWN) || (sendrecv && (sqe->ioprio & ~RV_IORING_RECVSEND_KNOWN)) ||
        sqe->opcode >= RV_IORING_OP_LAST || !rules[sqe->opcode].conv) {
        refuse(sqe);
        return;
    }
    const struct op_rule *rule = &rules[sqe->opcode];
    if ((rule->fds & FD) && !(sqe->flags & RV_IOSQE_FIXED_FILE))
        check_fd(&sqe->fd);
    if ((rule->fds & FD_IN) && !(sqe->op_flags & RV_SPLICE_F_FD_IN_FIXED))
        check_fd(&sqe->splice_fd_in);
    if (rule->fds & FD_LEN) {
        int32_t fd = (int32_t)sqe->len;
        check_fd(&fd);
        sqe->len = (uint32_t)fd;
    }
    if (rule->fds & FD_OFF) {
        int32_t fd = (int32_t)sqe->off;
        check_fd(&fd);
        sqe->off = (uint64_t)(int64_t)fd;
    }
    rule->conv(sqe, b);
}

bool rv_io_uring_op_refused(uint8_t opcode)
{
    return opcode >= RV_IORING_OP_LAST || rules[opcode].conv == conv_refuse;
}
