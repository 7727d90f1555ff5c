/*
 * tests/unit/test_io_uring_sqe.c - the per-opcode check of io_uring submissions
 * (syscall/io_uring_sqe.c) on SQEs built here, with their pointers in real guest memory.
 *
 * What must hold for every SQE the kernel reads: no pointer outside the guest range (it becomes
 * the never-mapped RV_URING_POISON), no array or struct the guest can still change (iovecs and
 * the epoll_event are copies in runner memory, the latter in the host's packed layout), paths
 * copied, the runner's descriptors replaced, refused opcodes turned into one the kernel lacks.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi/epoll.h"
#include "abi/socket.h"
#include "abi/uio.h"
#include "mem/addrspace.h"
#include "mem/uaccess.h"
#include "syscall/io_uring_sqe.h"
#include "syscall/process_info.h"
#include "syscall/runner_fd.h"

/* This test links the handlers without dispatch.c, which otherwise defines rv_proc. */
struct rv_process rv_proc;

static guest_addr scratch;
static struct rv_uring_bounce bounce;

static void setup(void)
{
    cr_assert_eq(guest_as_init(), 0);
    long r = guest_mmap(0, 4 * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0);
    scratch = (guest_addr)r;
}

static void teardown(void)
{
    rv_uring_bounce_free(&bounce);
}

TestSuite(io_uring_sqe, .init = setup, .fini = teardown);

static struct rv_io_uring_sqe sqe_of(uint8_t opcode, int32_t fd, uint64_t addr, uint32_t len)
{
    struct rv_io_uring_sqe s;
    memset(&s, 0, sizeof s);
    s.opcode = opcode;
    s.fd = fd;
    s.addr = addr;
    s.len = len;
    s.user_data = 1234;
    return s;
}

Test(io_uring_sqe, buffers_outside_the_guest_range_fault)
{
    struct rv_io_uring_sqe s = sqe_of(RV_IORING_OP_READ, 0, scratch, 64);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, scratch, "a guest buffer stays");
    s = sqe_of(RV_IORING_OP_WRITE, 0, GUEST_LIMIT + 4096, 16);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, RV_URING_POISON);
    s = sqe_of(RV_IORING_OP_READ, 0, GUEST_LIMIT - 8, 16);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, RV_URING_POISON, "a buffer running past the range");
    s = sqe_of(RV_IORING_OP_READ, 0, 0, 16);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, 0, "NULL stays NULL");
    s = sqe_of(RV_IORING_OP_READ, 0, GUEST_LIMIT + 4096, 16);
    s.flags = RV_IOSQE_BUFFER_SELECT;
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, GUEST_LIMIT + 4096, "a selected buffer: addr is not read");
    cr_expect_eq(s.user_data, 1234);
    s = sqe_of(RV_IORING_OP_TIMEOUT, -1, GUEST_LIMIT, 1);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, RV_URING_POISON, "the timespec");
}

Test(io_uring_sqe, iovecs_are_copied_and_checked)
{
    struct rv_iovec iov[2] = { { scratch + 512, 8 }, { GUEST_LIMIT + 8192, 8 } };
    cr_assert_eq(copy_to_guest(scratch, iov, sizeof iov), 0);
    struct rv_io_uring_sqe s = sqe_of(RV_IORING_OP_READV, 0, scratch, 2);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_assert_neq(s.addr, scratch, "the kernel reads a copy the guest cannot change");
    const struct rv_iovec *copy = (const struct rv_iovec *)(uintptr_t)s.addr;
    cr_expect_eq(copy[0].iov_base, scratch + 512);
    cr_expect_eq(copy[1].iov_base, RV_URING_POISON);
    s = sqe_of(RV_IORING_OP_SEND, 0, scratch, 2);
    s.ioprio = RV_IORING_SEND_VECTORIZED;
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_assert_neq(s.addr, scratch, "a vectorized send's iovecs are copied too");
    copy = (const struct rv_iovec *)(uintptr_t)s.addr;
    cr_expect_eq(copy[1].iov_base, RV_URING_POISON);
    s = sqe_of(RV_IORING_OP_WRITEV, 0, scratch, RV_UIO_MAXIOV + 1);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, RV_URING_POISON, "too many: the kernel refuses before reading");
}

Test(io_uring_sqe, epoll_event_in_the_host_layout)
{
    struct rv_epoll_event g = { RV_EPOLLIN | RV_EPOLLET, 0, 0x1122334455667788ull };
    cr_assert_eq(copy_to_guest(scratch, &g, sizeof g), 0);
    struct rv_io_uring_sqe s = sqe_of(RV_IORING_OP_EPOLL_CTL, 5, scratch, RV_EPOLL_CTL_ADD);
    s.off = 6;
    rv_io_uring_sqe_convert(&s, &bounce);
    const unsigned char *h = (const unsigned char *)(uintptr_t)s.addr;
    uint32_t events;
    uint64_t data;
    memcpy(&events, h, 4);
    memcpy(&data, h + 4, 8);          /* packed on x86-64: data at offset 4 */
    cr_expect_eq(events, RV_EPOLLIN | RV_EPOLLET);
    cr_expect_eq(data, 0x1122334455667788ull);
    s = sqe_of(RV_IORING_OP_EPOLL_CTL, 5, GUEST_LIMIT + 4096, RV_EPOLL_CTL_DEL);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, GUEST_LIMIT + 4096, "DEL reads no event");
    s = sqe_of(RV_IORING_OP_EPOLL_CTL, 5, GUEST_LIMIT + 4096, RV_EPOLL_CTL_MOD);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, RV_URING_POISON);
}

Test(io_uring_sqe, paths_are_copied)
{
    cr_assert_eq(copy_to_guest(scratch, "/tmp/x", 7), 0);
    cr_assert_eq(copy_to_guest(scratch + 64, "/tmp/y", 7), 0);
    struct rv_io_uring_sqe s = sqe_of(RV_IORING_OP_OPENAT, AT_FDCWD, scratch, 0);
    s.op_flags = 01 | 0100;                            /* O_WRONLY | O_CREAT */
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_assert_neq(s.addr, scratch);
    cr_expect_str_eq((const char *)(uintptr_t)s.addr, "/tmp/x");
    cr_expect_eq(s.op_flags, (uint32_t)(O_WRONLY | O_CREAT));
    s = sqe_of(RV_IORING_OP_RENAMEAT, AT_FDCWD, scratch, (uint32_t)AT_FDCWD);
    s.off = scratch + 64;
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_str_eq((const char *)(uintptr_t)s.addr, "/tmp/x");
    cr_expect_str_eq((const char *)(uintptr_t)s.off, "/tmp/y");
    cr_expect_eq((int32_t)s.len, AT_FDCWD, "the second directory fd stays");
    s = sqe_of(RV_IORING_OP_UNLINKAT, AT_FDCWD, GUEST_LIMIT + 4096, 0);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.addr, RV_URING_POISON);
}

Test(io_uring_sqe, the_runners_descriptors_are_closed_ones)
{
    int fd = dup(0);
    cr_assert_geq(fd, 0);
    int handle = rv_runner_fd_keep(fd);
    cr_assert_geq(handle, 0);
    struct rv_io_uring_sqe s = sqe_of(RV_IORING_OP_READ, fd, scratch, 8);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.fd, -1);
    s = sqe_of(RV_IORING_OP_READ, fd, scratch, 8);
    s.flags = RV_IOSQE_FIXED_FILE;
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.fd, fd, "a fixed file's index is no descriptor");
    s = sqe_of(RV_IORING_OP_SPLICE, 1, 0, 8);
    s.splice_fd_in = fd;
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.splice_fd_in, -1);
    s = sqe_of(RV_IORING_OP_EPOLL_CTL, 3, 0, RV_EPOLL_CTL_DEL);
    s.off = (uint64_t)fd;
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq((int32_t)s.off, -1, "epoll_ctl's target");
    s = sqe_of(RV_IORING_OP_SOCKET, fd, 0, 0);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_eq(s.fd, fd, "socket's fd field is the domain");
    rv_runner_fd_drop(handle);
    close(fd);
}

Test(io_uring_sqe, refused_opcodes)
{
    uint8_t refused[] = { RV_IORING_OP_RECVMSG, RV_IORING_OP_URING_CMD,
                          RV_IORING_OP_EPOLL_WAIT, RV_IORING_OP_FILES_UPDATE, RV_IORING_OP_LAST,
                          200 };
    for (size_t i = 0; i < sizeof refused; i++) {
        struct rv_io_uring_sqe s = sqe_of(refused[i], 0, GUEST_LIMIT + 4096, 1);
        rv_io_uring_sqe_convert(&s, &bounce);
        cr_expect_geq(s.opcode, RV_IORING_OP_LAST, "opcode %u", refused[i]);
        cr_expect_eq(s.addr, 0);
        cr_expect_eq(s.user_data, 1234);
        cr_expect(rv_io_uring_op_refused(refused[i]));
    }
    cr_expect_not(rv_io_uring_op_refused(RV_IORING_OP_READ));
    struct rv_io_uring_sqe s = sqe_of(RV_IORING_OP_READ, 0, scratch, 8);
    s.pad3 = 1;                                        /* read/write attributes (PI) */
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_geq(s.opcode, RV_IORING_OP_LAST);
}

Test(io_uring_sqe, sendmsg_header_and_iovecs_are_copied)
{
    struct rv_iovec iov[2] = { { scratch + 1024, 4 }, { GUEST_LIMIT + 8192, 4 } };
    cr_assert_eq(copy_to_guest(scratch + 256, iov, sizeof iov), 0);
    struct rv_msghdr m = { .msg_name = GUEST_LIMIT, .msg_namelen = 16, .msg_iov = scratch + 256,
                           .msg_iovlen = 2 };
    cr_assert_eq(copy_to_guest(scratch, &m, sizeof m), 0);
    struct rv_io_uring_sqe s = sqe_of(RV_IORING_OP_SENDMSG, 3, scratch, 0);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_assert_eq(s.opcode, RV_IORING_OP_SENDMSG);
    cr_assert_neq(s.addr, scratch, "the kernel reads a copy of the msghdr");
    const struct rv_msghdr *h = (const struct rv_msghdr *)(uintptr_t)s.addr;
    cr_expect_eq(h->msg_name, RV_URING_POISON);
    cr_assert_neq(h->msg_iov, scratch + 256, "and of its iovecs");
    const struct rv_iovec *hv = (const struct rv_iovec *)(uintptr_t)h->msg_iov;
    cr_expect_eq(hv[0].iov_base, scratch + 1024);
    cr_expect_eq(hv[1].iov_base, RV_URING_POISON);
    m.msg_control = scratch + 2048;
    m.msg_controllen = 24;
    cr_assert_eq(copy_to_guest(scratch, &m, sizeof m), 0);
    s = sqe_of(RV_IORING_OP_SENDMSG, 3, scratch, 0);
    rv_io_uring_sqe_convert(&s, &bounce);
    cr_expect_geq(s.opcode, RV_IORING_OP_LAST, "control data is read after the call: refused");
}
