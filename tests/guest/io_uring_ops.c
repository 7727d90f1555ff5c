/* io_uring_ops.c: io_uring through raw syscalls (no liburing): a ring set up and mapped, then
 * NOP, WRITE, READ, READV, READ_FIXED on registered buffers, a linked WRITE+FSYNC, TIMEOUT,
 * an opcode no kernel knows, EPOLL_CTL (the guest's epoll_event layout) checked by epoll_wait,
 * OPENAT and STATX of the program's own ELF interpreter (which under crossrun -L exists only in
 * the sysroot) agreeing with openat(2) and statx(2), pointers outside the process's memory
 * answered -EFAULT in the CQE, a wait with a timeout, a fork child submitting to its parent's
 * ring, 900 rings set up and closed in turn (close, dup2 over it, close_range) and a ring of
 * 4096 entries.
 * SENDMSG over a socket pair. SQPOLL, RECVMSG and SENDMSG with control data are checked per
 * build: the riscv64 build expects crossrun's refusals (EPERM, EINVAL, unsupported in the
 * probe), the native build the kernel's yes. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __riscv
#define INTERP "/lib/ld-linux-riscv64-lp64d.so.1"
#define UNDER_CROSSRUN 1
#else
#define INTERP "/lib64/ld-linux-x86-64.so.2"
#define UNDER_CROSSRUN 0
#endif

struct ring {
    int fd;
    unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
    void *sq_ptr, *cq_ptr;
    size_t sq_len, cq_len, sqes_len;
};

static int setup(struct ring *r, unsigned entries, unsigned flags)
{
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = flags;
    r->fd = (int)syscall(SYS_io_uring_setup, entries, &p);
    if (r->fd < 0)
        return -errno;
    r->sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    r->cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    if (p.features & IORING_FEAT_SINGLE_MMAP)
        r->sq_len = r->cq_len = r->sq_len > r->cq_len ? r->sq_len : r->cq_len;
    r->sq_ptr = mmap(NULL, r->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
                     IORING_OFF_SQ_RING);
    r->cq_ptr = p.features & IORING_FEAT_SINGLE_MMAP ? r->sq_ptr
              : mmap(NULL, r->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
                     IORING_OFF_CQ_RING);
    r->sqes_len = p.sq_entries * sizeof(struct io_uring_sqe);
    r->sqes = mmap(NULL, r->sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
                   IORING_OFF_SQES);
    if (r->sq_ptr == MAP_FAILED || r->cq_ptr == MAP_FAILED || r->sqes == MAP_FAILED)
        return -ENOMEM;
    char *sq = r->sq_ptr, *cq = r->cq_ptr;
    r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
    r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
    r->sq_array = (unsigned *)(sq + p.sq_off.array);
    r->cq_head = (unsigned *)(cq + p.cq_off.head);
    r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
    r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
    r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
    return 0;
}

/* how: 0 close, 1 dup2 over the ring's descriptor, 2 close_range */
static void teardown_by(struct ring *r, int how)
{
    munmap(r->sqes, r->sqes_len);
    if (r->cq_ptr != r->sq_ptr)
        munmap(r->cq_ptr, r->cq_len);
    munmap(r->sq_ptr, r->sq_len);
    if (how == 1) {
        dup2(1, r->fd);
        close(r->fd);
    } else if (how == 2) {
        syscall(SYS_close_range, r->fd, r->fd, 0);
    } else {
        close(r->fd);
    }
}

static void teardown(struct ring *r)
{
    teardown_by(r, 0);
}

/* The next SQE, cleared; queued by the tail store in submit. */
static struct io_uring_sqe *next_sqe(struct ring *r, unsigned *queued)
{
    unsigned tail = *r->sq_tail + *queued;
    unsigned idx = tail & *r->sq_mask;
    r->sq_array[idx] = idx;
    (*queued)++;
    memset(&r->sqes[idx], 0, sizeof r->sqes[idx]);
    return &r->sqes[idx];
}

static int submit(struct ring *r, unsigned queued, unsigned wait)
{
    __atomic_store_n(r->sq_tail, *r->sq_tail + queued, __ATOMIC_RELEASE);
    int n = (int)syscall(SYS_io_uring_enter, r->fd, queued, wait, IORING_ENTER_GETEVENTS, NULL, 0);
    return n < 0 ? -errno : n;
}

/* Pops one CQE: its result, and its user_data in *data. */
static int reap(struct ring *r, uint64_t *data)
{
    unsigned head = *r->cq_head;
    if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
        return -99999;
    struct io_uring_cqe *c = &r->cqes[head & *r->cq_mask];
    *data = c->user_data;
    int res = c->res;
    __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
    return res;
}

static const char *res_name(int res)
{
    static char buf[4][32];
    static int next;
    if (res < 0)
        return strerrorname_np(-res) ? strerrorname_np(-res) : "?";
    char *b = buf[next++ % 4];
    snprintf(b, sizeof buf[0], "%d", res);
    return b;
}

/* One SQE submitted and waited for: its CQE result. */
static int one(struct ring *r, struct io_uring_sqe *(*fill)(struct ring *, unsigned *, void *),
               void *arg, uint64_t *data)
{
    unsigned q = 0;
    fill(r, &q, arg);
    int s = submit(r, q, 1);
    if (s != 1)
        return -100000 + s;
    return reap(r, data);
}

struct rw { int op, fd; void *buf; unsigned len; uint64_t off; };

static struct io_uring_sqe *fill_rw(struct ring *r, unsigned *q, void *arg)
{
    struct rw *a = arg;
    struct io_uring_sqe *s = next_sqe(r, q);
    s->opcode = (uint8_t)a->op;
    s->fd = a->fd;
    s->addr = (uintptr_t)a->buf;
    s->len = a->len;
    s->off = a->off;
    s->user_data = 0x1000 + (unsigned)a->op;
    return s;
}

static int rw(struct ring *r, int op, int fd, void *buf, unsigned len, uint64_t off)
{
    struct rw a = { op, fd, buf, len, off };
    uint64_t data = 0;
    int res = one(r, fill_rw, &a, &data);
    if (res > -99999 && data != 0x1000 + (unsigned)op)
        printf("  wrong user_data\n");
    return res;
}

static struct io_uring_sqe *fill_open(struct ring *r, unsigned *q, void *arg)
{
    struct io_uring_sqe *s = next_sqe(r, q);
    s->opcode = IORING_OP_OPENAT;
    s->fd = AT_FDCWD;
    s->addr = (uintptr_t)arg;
    s->open_flags = O_RDONLY | O_CLOEXEC;
    return s;
}

static struct io_uring_sqe *fill_statx(struct ring *r, unsigned *q, void *arg)
{
    struct io_uring_sqe *s = next_sqe(r, q);
    static struct statx stx;
    s->opcode = IORING_OP_STATX;
    s->fd = AT_FDCWD;
    s->addr = (uintptr_t)arg;
    s->len = STATX_INO | STATX_SIZE;
    s->off = (uintptr_t)&stx;
    return s;
}

struct ep { int epfd, op, fd; struct epoll_event *ev; };

static struct io_uring_sqe *fill_epoll(struct ring *r, unsigned *q, void *arg)
{
    struct ep *a = arg;
    struct io_uring_sqe *s = next_sqe(r, q);
    s->opcode = IORING_OP_EPOLL_CTL;
    s->fd = a->epfd;
    s->len = (unsigned)a->op;
    s->off = (unsigned)a->fd;
    s->addr = (uintptr_t)a->ev;
    return s;
}

static struct io_uring_sqe *fill_opcode(struct ring *r, unsigned *q, void *arg)
{
    struct io_uring_sqe *s = next_sqe(r, q);
    s->opcode = (uint8_t)(uintptr_t)arg;
    s->user_data = 77;
    return s;
}

static struct io_uring_sqe *fill_timeout(struct ring *r, unsigned *q, void *arg)
{
    struct io_uring_sqe *s = next_sqe(r, q);
    s->opcode = IORING_OP_TIMEOUT;
    s->addr = (uintptr_t)arg;
    s->len = 1;
    return s;
}

static void sysroot_only_paths(struct ring *r)
{
    /* The interpreter exists natively, and under crossrun -L only in the sysroot (without -L
     * neither call finds it): the ring must see what the syscalls see. */
    uint64_t data;
    int ring_fd = one(r, fill_open, INTERP, &data);
    int sys_fd = open(INTERP, O_RDONLY | O_CLOEXEC);
    int sys_err = sys_fd < 0 ? errno : 0;
    bool agree;
    if (ring_fd >= 0 && sys_fd >= 0) {
        struct stat a, b;
        agree = fstat(ring_fd, &a) == 0 && fstat(sys_fd, &b) == 0 && a.st_ino == b.st_ino &&
                a.st_dev == b.st_dev;
    } else {
        agree = ring_fd < 0 && sys_fd < 0 && -ring_fd == sys_err;
    }
    printf("openat of the interpreter agrees with openat(2): %s\n", agree ? "yes" : "NO");
    if (ring_fd >= 0)
        close(ring_fd);
    if (sys_fd >= 0)
        close(sys_fd);

    int ring_st = one(r, fill_statx, INTERP, &data);
    struct statx stx;
    int sys_st = statx(AT_FDCWD, INTERP, 0, STATX_INO | STATX_SIZE, &stx) < 0 ? -errno : 0;
    printf("statx of the interpreter agrees with statx(2): %s\n", ring_st == sys_st ? "yes" : "NO");
}

static void epoll_ctl_through_ring(struct ring *r)
{
    int p[2];
    if (pipe(p) < 0)
        return;
    int epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    struct ep a = { epfd, EPOLL_CTL_ADD, p[0], &ev };
    uint64_t data;
    printf("EPOLL_CTL_ADD: %s\n", res_name(one(r, fill_epoll, &a, &data)));
    printf("EPOLL_CTL_ADD again: %s\n", res_name(one(r, fill_epoll, &a, &data)));
    if (write(p[1], "x", 1) != 1)
        return;
    struct epoll_event out[2];
    memset(out, 0, sizeof out);
    int n = epoll_wait(epfd, out, 2, 1000);
    printf("epoll_wait: %d, events %#x, data %#llx\n", n, out[0].events,
           (unsigned long long)out[0].data.u64);
    ev.events = EPOLLOUT;
    ev.data.u64 = 42;
    a.op = EPOLL_CTL_MOD;
    printf("EPOLL_CTL_MOD: %s\n", res_name(one(r, fill_epoll, &a, &data)));
    n = epoll_wait(epfd, out, 2, 0);
    printf("epoll_wait after MOD to EPOLLOUT on the read end: %d\n", n);
    a.op = EPOLL_CTL_DEL;
    a.ev = NULL;
    printf("EPOLL_CTL_DEL (no event): %s\n", res_name(one(r, fill_epoll, &a, &data)));
    a.op = EPOLL_CTL_ADD;
    a.ev = (struct epoll_event *)(uintptr_t)8;
    printf("EPOLL_CTL_ADD with a bad event pointer: %s\n", res_name(one(r, fill_epoll, &a, &data)));
    close(epfd);
    close(p[0]);
    close(p[1]);
}

static void bad_pointers(struct ring *r, int fd)
{
    /* Addresses no guest mapping can have: past the riscv64 Sv39 user range (where crossrun's
     * own memory lives), and a page unmapped just before. */
    char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(pages + 4096, 4096);
    void *addrs[] = { (void *)(1ull << 38), (void *)(3ull << 38), (void *)0x7f0000000000ull,
                      pages + 4096 };
    for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++)
        printf("READ into a bad address %u: %s, WRITE from it: %s\n", i,
               res_name(rw(r, IORING_OP_READ, fd, addrs[i], 16, 0)),
               res_name(rw(r, IORING_OP_WRITE, fd, addrs[i], 16, 0)));
    struct iovec iov[2] = { { pages, 4 }, { (void *)(1ull << 38), 4 } };
    printf("READV with a bad iovec: %s\n", res_name(rw(r, IORING_OP_READV, fd, iov, 2, 0)));
    printf("READV with a bad iovec array: %s\n",
           res_name(rw(r, IORING_OP_READV, fd, (void *)(1ull << 38), 2, 0)));
    uint64_t data;
    printf("OPENAT of a bad path pointer: %s\n",
           res_name(one(r, fill_open, (void *)(1ull << 38), &data)));
    munmap(pages, 4096);
}

/* A READ through registered file slot `slot`: its CQE result. */
static int fixed_read(struct ring *r, int slot, char *buf, unsigned len)
{
    unsigned q = 0;
    struct io_uring_sqe *s = next_sqe(r, &q);
    s->opcode = IORING_OP_READ;
    s->fd = slot;
    s->flags = IOSQE_FIXED_FILE;
    s->addr = (uintptr_t)buf;
    s->len = len;
    uint64_t data;
    return submit(r, q, 1) == 1 ? reap(r, &data) : -99999;
}

static void file_io(struct ring *r)
{
    char path[] = "/tmp/iou.XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    char msg[] = "hello from the ring, twice over\n";
    printf("WRITE: %s\n", res_name(rw(r, IORING_OP_WRITE, fd, msg, sizeof msg - 1, 0)));
    char buf[64] = "";
    printf("READ: %s", res_name(rw(r, IORING_OP_READ, fd, buf, sizeof buf - 1, 0)));
    printf(" \"%s\"\n", strtok(buf, "\n"));
    char a[6] = "", b[16] = "";
    struct iovec iov[2] = { { a, 5 }, { b, 15 } };
    printf("READV: %s \"%s\" \"%s\"\n", res_name(rw(r, IORING_OP_READV, fd, iov, 2, 6)), a, b);

    static char fixed[2][32];
    struct iovec reg[2] = { { fixed[0], 32 }, { fixed[1], 32 } };
    int rr = (int)syscall(SYS_io_uring_register, r->fd, IORING_REGISTER_BUFFERS, reg, 2);
    printf("REGISTER_BUFFERS: %d\n", rr);
    unsigned q = 0;
    struct io_uring_sqe *s = next_sqe(r, &q);
    s->opcode = IORING_OP_READ_FIXED;
    s->fd = fd;
    s->addr = (uintptr_t)fixed[1];
    s->len = 5;
    s->buf_index = 1;
    uint64_t data;
    int sub = submit(r, q, 1);
    int res = reap(r, &data);
    printf("READ_FIXED: submitted %d, %s \"%s\"\n", sub, res_name(res), fixed[1]);
    printf("UNREGISTER_BUFFERS: %ld\n",
           syscall(SYS_io_uring_register, r->fd, IORING_UNREGISTER_BUFFERS, NULL, 0));

    /* a sparse file table (FILES2), one slot filled (FILES_UPDATE2), a read through it */
    struct io_uring_rsrc_register rs = { .nr = 4, .flags = IORING_RSRC_REGISTER_SPARSE };
    long l = syscall(SYS_io_uring_register, r->fd, IORING_REGISTER_FILES2, &rs, sizeof rs);
    int32_t fds[1] = { fd };
    struct io_uring_rsrc_update2 up = { .offset = 2, .data = (uintptr_t)fds, .nr = 1 };
    long l2 = syscall(SYS_io_uring_register, r->fd, IORING_REGISTER_FILES_UPDATE2, &up, sizeof up);
    memset(buf, 0, sizeof buf);
    res = fixed_read(r, 2, buf, 4);
    printf("FILES2 sparse: %ld, FILES_UPDATE2: %ld, read through slot 2: %s \"%s\"\n", l, l2,
           res_name(res), buf);
    printf("read through an empty slot: %s\n", res_name(fixed_read(r, 1, buf, 4)));
    syscall(SYS_io_uring_register, r->fd, IORING_UNREGISTER_FILES, NULL, 0);
    struct io_uring_rsrc_register rb = { .nr = 1, .data = (uintptr_t)reg };
    l = syscall(SYS_io_uring_register, r->fd, IORING_REGISTER_BUFFERS2, &rb, sizeof rb);
    printf("BUFFERS2: %ld\n", l);
    struct iovec far = { (void *)(1ull << 38), 64 };
    struct io_uring_rsrc_update2 ub = { .offset = 0, .data = (uintptr_t)&far, .nr = 1 };
    l = syscall(SYS_io_uring_register, r->fd, IORING_REGISTER_BUFFERS_UPDATE, &ub, sizeof ub);
    printf("BUFFERS_UPDATE to a buffer outside the process's memory: %ld %s\n", l,
           strerrorname_np(errno));
    syscall(SYS_io_uring_register, r->fd, IORING_UNREGISTER_BUFFERS, NULL, 0);

    /* a linked pair: both complete, in order */
    q = 0;
    s = next_sqe(r, &q);
    s->opcode = IORING_OP_WRITE;
    s->fd = fd;
    s->addr = (uintptr_t)"tail\n";
    s->len = 5;
    s->off = sizeof msg - 1;
    s->flags = IOSQE_IO_LINK;
    s->user_data = 1;
    s = next_sqe(r, &q);
    s->opcode = IORING_OP_FSYNC;
    s->fd = fd;
    s->user_data = 2;
    sub = submit(r, q, 2);
    int r1 = reap(r, &data);
    uint64_t d1 = data;
    int r2 = reap(r, &data);
    printf("linked WRITE+FSYNC: submitted %d, %s (%llu), %s (%llu)\n", sub, res_name(r1),
           (unsigned long long)d1, res_name(r2), (unsigned long long)data);
    struct stat st;
    fstat(fd, &st);
    printf("file size now %lld\n", (long long)st.st_size);
    bad_pointers(r, fd);
    close(fd);
}

struct sm { int fd; struct msghdr *m; };

static struct io_uring_sqe *fill_sendmsg(struct ring *r, unsigned *q, void *arg)
{
    struct sm *a = arg;
    struct io_uring_sqe *s = next_sqe(r, q);
    s->opcode = IORING_OP_SENDMSG;
    s->fd = a->fd;
    s->addr = (uintptr_t)a->m;
    return s;
}

static void sendmsg_through_ring(struct ring *r)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
        return;
    struct iovec iov[2] = { { "abc", 3 }, { "defg", 4 } };
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
    struct sm a = { sv[0], &m };
    uint64_t data;
    printf("SENDMSG of two iovecs: %s", res_name(one(r, fill_sendmsg, &a, &data)));
    char got[16] = "";
    printf(", received %zd \"%s\"\n", recv(sv[1], got, sizeof got - 1, MSG_DONTWAIT), got);
    iov[1].iov_base = (void *)(1ull << 38);
    printf("SENDMSG with a bad iovec: %s\n", res_name(one(r, fill_sendmsg, &a, &data)));
    iov[1].iov_base = "defg";
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } c;
    memset(&c, 0, sizeof c);
    c.h.cmsg_len = CMSG_LEN(sizeof(int));
    c.h.cmsg_level = SOL_SOCKET;
    c.h.cmsg_type = SCM_RIGHTS;
    memcpy(CMSG_DATA(&c.h), &sv[0], sizeof(int));
    m.msg_control = c.buf;
    m.msg_controllen = sizeof c.buf;
    int res = one(r, fill_sendmsg, &a, &data);
    printf("SENDMSG with control data answered as expected: %s\n",
           (UNDER_CROSSRUN ? res == -EINVAL : res == 7) ? "yes" : "NO");
    close(sv[0]);
    close(sv[1]);
}

static void refusals(void)
{
    struct ring s;
    int r = setup(&s, 4, IORING_SETUP_SQPOLL);
    bool expected = UNDER_CROSSRUN ? r == -EPERM : r == 0;
    printf("SQPOLL answered as expected: %s\n", expected ? "yes" : "NO");
    if (r == 0)
        teardown(&s);

    struct ring t;
    if (setup(&t, 4, 0) < 0)
        return;
    struct { struct io_uring_probe p; struct io_uring_probe_op ops[256]; } probe;
    memset(&probe, 0, sizeof probe);
    r = (int)syscall(SYS_io_uring_register, t.fd, IORING_REGISTER_PROBE, &probe, 256);
    bool nop = probe.ops[IORING_OP_NOP].flags & IO_URING_OP_SUPPORTED;
    bool openat = probe.ops[IORING_OP_OPENAT].flags & IO_URING_OP_SUPPORTED;
    bool sendmsg = probe.ops[IORING_OP_SENDMSG].flags & IO_URING_OP_SUPPORTED;
    bool recvmsg = probe.ops[IORING_OP_RECVMSG].flags & IO_URING_OP_SUPPORTED;
    printf("probe: %d, NOP %d, OPENAT %d, SENDMSG %d, RECVMSG as expected: %s\n", r, nop, openat,
           sendmsg, recvmsg == !UNDER_CROSSRUN ? "yes" : "NO");
    uint64_t data;
    int res = one(&t, fill_opcode, (void *)(uintptr_t)IORING_OP_RECVMSG, &data);
    printf("RECVMSG with no msghdr answered as expected: %s\n",
           UNDER_CROSSRUN ? (res == -EINVAL ? "yes" : "NO") : (res == -EFAULT ? "yes" : "NO"));
    res = one(&t, fill_opcode, (void *)(uintptr_t)IORING_OP_SENDMSG, &data);
    printf("SENDMSG with no msghdr: %s\n", res_name(res));
    sendmsg_through_ring(&t);
    long l = syscall(SYS_io_uring_register, t.fd, 200, NULL, 0);
    printf("register of an unknown opcode: %ld %s\n", l, strerrorname_np(errno));
    l = syscall(SYS_io_uring_register, 0, 0, NULL, 0);
    printf("register on a descriptor that is no ring: %ld %s\n", l, strerrorname_np(errno));
    l = syscall(SYS_io_uring_register, t.fd, 22 /* PBUF_RING */, NULL, 1);
    printf("register of a buffer ring with no argument: %ld %s\n", l, strerrorname_np(errno));
    teardown(&t);
}

int main(void)
{
    struct ring r;
    int e = setup(&r, 8, 0);
    if (e < 0) {
        printf("io_uring_setup: %s\n", strerrorname_np(-e));
        return 0;
    }
    uint64_t data = 0;
    int res = one(&r, fill_opcode, (void *)(uintptr_t)IORING_OP_NOP, &data);
    printf("NOP: %s, user_data %llu\n", res_name(res), (unsigned long long)data);
    res = one(&r, fill_opcode, (void *)(uintptr_t)200, &data);
    printf("opcode 200: %s, user_data %llu\n", res_name(res), (unsigned long long)data);
    file_io(&r);
    sysroot_only_paths(&r);
    epoll_ctl_through_ring(&r);

    struct timespec ts = { 0, 20 * 1000 * 1000 };
    printf("TIMEOUT 20ms: %s\n", res_name(one(&r, fill_timeout, &ts, &data)));
    struct io_uring_getevents_arg ga = { 0, 0, 0, (uintptr_t)&ts };
    long w = syscall(SYS_io_uring_enter, r.fd, 0, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG,
                     &ga, sizeof ga);
    printf("wait with nothing pending and a 20ms timeout: %ld %s\n", w, strerrorname_np(errno));
    w = syscall(SYS_io_uring_enter, r.fd, 0, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG,
                &ga, sizeof ga - 1);
    printf("wait with a short argument: %ld %s\n", w, strerrorname_np(errno));
    w = syscall(SYS_io_uring_enter, r.fd, 0, 0, 1u << 30, NULL, 0);
    printf("enter with an unknown flag: %ld %s\n", w, strerrorname_np(errno));
    w = syscall(SYS_io_uring_enter, 0, 1, 0, 0, NULL, 0);
    printf("enter on a non-ring descriptor: %ld %s\n", w, strerrorname_np(errno));
    pid_t child = fork();
    if (child == 0) {
        res = one(&r, fill_opcode, (void *)(uintptr_t)IORING_OP_NOP, &data);
        _exit(res == 0 && data == 77 ? 0 : 1);
    }
    int status = -1;
    waitpid(child, &status, 0);
    printf("a fork child submits to the parent's ring: %s\n", status == 0 ? "ok" : "FAILED");
    teardown(&r);

    refusals();

    int ok = 0;
    for (int i = 0; i < 900; i++) {
        struct ring t;
        if (setup(&t, 2, 0) < 0)
            break;
        ok += one(&t, fill_opcode, (void *)(uintptr_t)IORING_OP_NOP, &data) == 0;
        teardown_by(&t, i % 3);
    }
    printf("rings set up, used and closed (close, dup2 over, close_range) in turn: %d\n", ok);
    struct ring big;
    if (setup(&big, 4096, 0) == 0) {
        unsigned q = 0;
        for (int i = 0; i < 4096; i++)
            next_sqe(&big, &q)->user_data = (uint64_t)i;
        int sub = submit(&big, q, 4096);
        uint64_t sum = 0, d;
        for (int i = 0; i < 4096; i++)
            sum += reap(&big, &d) == 0 ? d : 1u << 30;
        printf("a 4096-entry ring: submitted %d NOPs, user_data sum %llu\n", sub,
               (unsigned long long)sum);
        teardown(&big);
    }
    return 0;
}
