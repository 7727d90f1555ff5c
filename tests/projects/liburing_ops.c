/* liburing_ops.c: io_uring through Debian's liburing (built from its source by liburing.sh and
 * linked statically into both builds; the output must be the same), so the ring is set up the
 * way liburing programs set it up (NO_SQARRAY when the kernel has it, EXT_ARG waits, probes).
 * Reads and writes a file, opens the program's own ELF interpreter (under crossrun -L only in
 * the sysroot) and compares with open(2), adds a pipe to an epoll set through the ring, reads
 * through a registered file, waits with a timeout, and checks the answers to SQPOLL and to the
 * probe of RECVMSG per build (crossrun refuses both). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __riscv
#define INTERP "/lib/ld-linux-riscv64-lp64d.so.1"
#define UNDER_CROSSRUN 1
#else
#define INTERP "/lib64/ld-linux-x86-64.so.2"
#define UNDER_CROSSRUN 0
#endif

static const char *res(int r)
{
    static char buf[4][16];
    static int next;
    if (r < 0)
        return strerrorname_np(-r);
    char *b = buf[next++ % 4];
    snprintf(b, sizeof buf[0], "%d", r);
    return b;
}

/* Submits what is queued, waits for one CQE and returns its result. */
static int complete(struct io_uring *ring, unsigned long long *data)
{
    int s = io_uring_submit_and_wait(ring, 1);
    if (s < 0)
        return s;
    struct io_uring_cqe *cqe;
    int r = io_uring_wait_cqe(ring, &cqe);
    if (r < 0)
        return r;
    r = cqe->res;
    if (data)
        *data = cqe->user_data;
    io_uring_cqe_seen(ring, cqe);
    return r;
}

int main(void)
{
    struct io_uring ring;
    int r = io_uring_queue_init(8, &ring, 0);
    if (r < 0) {
        printf("io_uring_queue_init: %s\n", res(r));
        return 0;
    }
    char path[] = "/tmp/liburing.XXXXXX";
    int fd = mkstemp(path);
    unlink(path);

    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
    io_uring_prep_write(sqe, fd, "liburing says hello\n", 20, 0);
    io_uring_sqe_set_data64(sqe, 7);
    unsigned long long data = 0;
    r = complete(&ring, &data);
    printf("write: %s, user_data %llu\n", res(r), data);

    char buf[32] = "";
    sqe = io_uring_get_sqe(&ring);
    io_uring_prep_read(sqe, fd, buf, sizeof buf - 1, 0);
    printf("read: %s \"%.19s\"\n", res(complete(&ring, NULL)), buf);

    sqe = io_uring_get_sqe(&ring);
    io_uring_prep_openat(sqe, AT_FDCWD, INTERP, O_RDONLY | O_CLOEXEC, 0);
    int ring_fd = complete(&ring, NULL);
    int sys_fd = open(INTERP, O_RDONLY | O_CLOEXEC);
    bool agree;
    struct stat a, b;
    if (ring_fd >= 0 && sys_fd >= 0)
        agree = fstat(ring_fd, &a) == 0 && fstat(sys_fd, &b) == 0 && a.st_ino == b.st_ino;
    else
        agree = ring_fd < 0 && sys_fd < 0 && -ring_fd == errno;
    printf("openat of the interpreter agrees with open(2): %s\n", agree ? "yes" : "NO");

    int p[2];
    if (pipe(p) < 0)
        return 1;
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0xfeedfacecafebeefull };
    sqe = io_uring_get_sqe(&ring);
    io_uring_prep_epoll_ctl(sqe, ep, p[0], EPOLL_CTL_ADD, &ev);
    printf("epoll_ctl: %s\n", res(complete(&ring, NULL)));
    if (write(p[1], "!", 1) != 1)
        return 1;
    struct epoll_event out = { 0 };
    int n = epoll_wait(ep, &out, 1, 1000);
    printf("epoll_wait: %d, data %#llx\n", n, (unsigned long long)out.data.u64);

    r = io_uring_register_files(&ring, &fd, 1);
    printf("register_files: %s\n", res(r));
    memset(buf, 0, sizeof buf);
    sqe = io_uring_get_sqe(&ring);
    io_uring_prep_read(sqe, 0, buf, 8, 9);
    sqe->flags |= IOSQE_FIXED_FILE;
    printf("read through the registered file: %s \"%s\"\n", res(complete(&ring, NULL)), buf);

    struct io_uring_cqe *cqe;
    struct __kernel_timespec ts = { 0, 20 * 1000 * 1000 };
    r = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
    printf("wait_cqe_timeout with nothing pending: %s\n", res(r));

    struct io_uring_probe *probe = io_uring_get_probe_ring(&ring);
    if (probe) {
        bool recvmsg = io_uring_opcode_supported(probe, IORING_OP_RECVMSG);
        printf("probe: read %d, openat %d, recvmsg as expected: %s\n",
               io_uring_opcode_supported(probe, IORING_OP_READ),
               io_uring_opcode_supported(probe, IORING_OP_OPENAT),
               recvmsg == !UNDER_CROSSRUN ? "yes" : "NO");
        io_uring_free_probe(probe);
    }
    io_uring_queue_exit(&ring);

    struct io_uring sq;
    r = io_uring_queue_init(4, &sq, IORING_SETUP_SQPOLL);
    printf("SQPOLL answered as expected: %s\n",
           (UNDER_CROSSRUN ? r == -EPERM : r == 0) ? "yes" : "NO");
    if (r == 0)
        io_uring_queue_exit(&sq);
    return 0;
}
