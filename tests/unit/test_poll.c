/*
 * tests/unit/test_poll.c - the epoll_event layout conversion, and the ppoll/pselect6/epoll/
 * timerfd/memfd/splice handlers called directly with arguments in real guest memory.
 *
 * The conversion tests read raw bytes at the kernel's offsets (riscv64: data at 8 of 16 bytes;
 * x86-64: packed, data at 4 of 12) so a struct that merely agrees with itself cannot pass. The
 * handler tests use the host kernel for real (pipes, eventfd, timerfd) inside the guest address
 * space of mem/addrspace.c, so bad guest pointers are seen to come back as -EFAULT.
 * The --strace conversions added for these calls (%pollfds, %epollop, %epollevent,
 * %oepollevents) are checked against exact text at the end.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <unistd.h>

#include "abi/epoll.h"
#include "abi/fdkinds.h"
#include "abi/poll.h"
#include "abi/signal.h"
#include "abi/time.h"
#include "mem/addrspace.h"
#include "syscall/poll.h"
#include "syscall/process_info.h"
#include "syscall/strace/strace_fmt.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

/* This test links the handlers without dispatch.c, which otherwise defines rv_proc. */
struct rv_process rv_proc;

#define SCRATCH_PAGES 4
static guest_addr scratch, scratch_next;

static void setup(void)
{
    cr_assert_eq(guest_as_init(), 0);
    long r = guest_mmap(0, SCRATCH_PAGES * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0);
    scratch = scratch_next = (guest_addr)r;
}

static guest_addr galloc(const void *src, size_t n)
{
    guest_addr at = scratch_next;
    scratch_next += (n + 15) & ~(size_t)15;
    cr_assert_leq(scratch_next, scratch + SCRATCH_PAGES * GUEST_PAGE_SIZE);
    if (src)
        cr_assert_eq(copy_to_guest(at, src, n), 0);
    return at;
}

/* An address in the guest range that is not mapped. */
#define UNMAPPED (GUEST_BASE + GUEST_PAGE_SIZE)

static long call(rv_syscall_handler *h, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                 uint64_t a4, uint64_t a5)
{
    struct rv_cpu cpu = { 0 };
    const uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };
    return h(&cpu, a);
}

/* --- struct epoll_event ---------------------------------------------------------------------- */

Test(abi_epoll, guest_to_host_moves_data_from_8_to_4)
{
    uint8_t graw[16];
    memset(graw, 0xcc, sizeof graw);
    uint32_t ev = RV_EPOLLIN | RV_EPOLLET;
    uint64_t data = 0x1122334455667788ull;
    memcpy(graw + 0, &ev, 4);
    memcpy(graw + 8, &data, 8);
    struct rv_epoll_event g;
    memcpy(&g, graw, sizeof g);

    struct epoll_event h;
    rv_epoll_event_to_host(&h, &g);
    uint8_t hraw[12];
    memcpy(hraw, &h, sizeof hraw);
    uint32_t got_ev;
    uint64_t got_data;
    memcpy(&got_ev, hraw + 0, 4);
    memcpy(&got_data, hraw + 4, 8);
    cr_assert_eq(got_ev, EPOLLIN | EPOLLET);
    cr_assert_eq(got_data, 0x1122334455667788ull, "host data at offset 4 (packed)");
}

Test(abi_epoll, host_to_guest_pads_and_moves_data_to_8)
{
    uint8_t hraw[12];
    uint32_t ev = EPOLLOUT | EPOLLHUP;
    uint64_t data = 0x8877665544332211ull;
    memcpy(hraw + 0, &ev, 4);
    memcpy(hraw + 4, &data, 8);
    struct epoll_event h;
    memcpy(&h, hraw, sizeof h);

    struct rv_epoll_event g;
    memset(&g, 0xee, sizeof g);
    rv_epoll_event_to_guest(&g, &h);
    uint8_t graw[16];
    memcpy(graw, &g, sizeof graw);
    uint32_t got_ev, pad;
    uint64_t got_data;
    memcpy(&got_ev, graw + 0, 4);
    memcpy(&pad, graw + 4, 4);
    memcpy(&got_data, graw + 8, 8);
    cr_assert_eq(got_ev, RV_EPOLLOUT | RV_EPOLLHUP);
    cr_assert_eq(pad, 0, "padding is cleared, not runner stack bytes");
    cr_assert_eq(got_data, 0x8877665544332211ull, "guest data at offset 8");
}

/* --- temporary signal masks ------------------------------------------------------------------ */

Test(call_sigmask, converts_and_keeps_reserved_signals_deliverable, .init = setup)
{
    uint64_t set = RV_SIGBIT(RV_SIGINT) | RV_SIGBIT(RV_SIGCHLD) | RV_SIGBIT(RV_SIGSEGV) |
                   RV_SIGBIT(RV_SIGKILL) | RV_SIGBIT(33) | RV_SIGBIT(40);
    struct rv_call_sigmask m;
    cr_assert_eq(rv_call_sigmask_from_guest(&m, galloc(&set, 8), 8), 0);
    cr_assert(m.present);
    cr_assert_eq(m.host, (UINT64_C(1) << (SIGINT - 1)) | (UINT64_C(1) << (SIGCHLD - 1)) |
                         (UINT64_C(1) << (40 - 1)));
    cr_assert_eq(rv_call_sigmask_arg(&m), (long)(uintptr_t)&m.host);

    cr_assert_eq(rv_call_sigmask_from_guest(&m, 0, 12345), 0, "no mask: size not looked at");
    cr_assert(!m.present);
    cr_assert_eq(rv_call_sigmask_arg(&m), 0);
    cr_assert_eq(rv_call_sigmask_from_guest(&m, galloc(&set, 8), 16), -EINVAL);
    cr_assert_eq(rv_call_sigmask_from_guest(&m, UNMAPPED, 8), -EFAULT);
}

/* --- epoll ----------------------------------------------------------------------------------- */

Test(epoll, data_survives_ctl_and_wait, .init = setup)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    long ep = call(sys_epoll_create1, RV_EPOLL_CLOEXEC, 0, 0, 0, 0, 0);
    cr_assert_geq(ep, 0);
    struct rv_epoll_event ev = { .events = RV_EPOLLIN, .pad = 0xdeadbeef, .data = 0x1122334455667788ull };
    cr_assert_eq(call(sys_epoll_ctl, ep, RV_EPOLL_CTL_ADD, p[0], galloc(&ev, sizeof ev), 0, 0), 0);
    cr_assert_eq(call(sys_epoll_ctl, ep, RV_EPOLL_CTL_ADD, p[1], UNMAPPED, 0, 0), -EFAULT);

    guest_addr out = galloc(NULL, 4 * sizeof(struct rv_epoll_event));
    cr_assert_eq(call(sys_epoll_pwait, ep, out, 4, 0, 0, 8), 0, "nothing ready yet");
    cr_assert_eq(write(p[1], "x", 1), 1);
    cr_assert_eq(call(sys_epoll_pwait, ep, out, 4, 1000, 0, 8), 1);
    uint8_t raw[16];
    cr_assert_eq(copy_from_guest(raw, out, sizeof raw), 0);
    uint32_t got_ev, pad;
    uint64_t got_data;
    memcpy(&got_ev, raw, 4);
    memcpy(&pad, raw + 4, 4);
    memcpy(&got_data, raw + 8, 8);
    cr_assert_eq(got_ev, RV_EPOLLIN);
    cr_assert_eq(pad, 0);
    cr_assert_eq(got_data, 0x1122334455667788ull);

    /* epoll_pwait2 with a timespec, and with a mask */
    struct rv_timespec ts = { 0, 1000000 };
    uint64_t mask = RV_SIGBIT(RV_SIGUSR1);
    cr_assert_eq(call(sys_epoll_pwait2, ep, out, 1, galloc(&ts, sizeof ts), galloc(&mask, 8), 8), 1);

    /* the kernel's argument checks */
    cr_assert_eq(call(sys_epoll_pwait, ep, out, 0, 0, 0, 8), -EINVAL);
    cr_assert_eq(call(sys_epoll_pwait, ep, out, RV_EP_MAX_EVENTS + 1, 0, 0, 8), -EINVAL);
    cr_assert_eq(call(sys_epoll_pwait, ep, UNMAPPED, 1, 0, 0, 8), -EFAULT);
    cr_assert_eq(call(sys_epoll_pwait, ep, out, 1, 0, galloc(&mask, 8), 4), -EINVAL);
    cr_assert_eq(call(sys_epoll_pwait2, ep, out, 1, UNMAPPED, 0, 8), -EFAULT);
    /* DEL reads no event: a NULL pointer is fine */
    cr_assert_eq(call(sys_epoll_ctl, ep, RV_EPOLL_CTL_DEL, p[0], 0, 0, 0), 0);
    cr_assert_eq(call(sys_epoll_pwait, ep, out, 4, 0, 0, 8), 0);
    close(p[0]);
    close(p[1]);
    close((int)ep);
}

Test(epoll, more_ready_than_one_batch_come_in_later_calls, .init = setup)
{
    /* 300 ready eventfds, maxevents 400: at most one batch per call, none lost, none twice. */
    enum { N = 300 };
    long ep = call(sys_epoll_create1, 0, 0, 0, 0, 0, 0);
    cr_assert_geq(ep, 0);
    int fds[N];
    for (int i = 0; i < N; i++) {
        fds[i] = eventfd(1, 0);
        cr_assert_geq(fds[i], 0);
        struct rv_epoll_event ev = { .events = RV_EPOLLIN | RV_EPOLLONESHOT, .data = 1000 + (uint64_t)i };
        guest_addr g = galloc(&ev, sizeof ev);
        cr_assert_eq(call(sys_epoll_ctl, ep, RV_EPOLL_CTL_ADD, fds[i], g, 0, 0), 0);
        scratch_next = g;    /* reuse the slot */
    }
    guest_addr out = galloc(NULL, 400 * sizeof(struct rv_epoll_event));
    static bool seen[N];
    int total = 0;
    for (int round = 0; round < 4 && total < N; round++) {
        long n = call(sys_epoll_pwait, ep, out, 400, 0, 0, 8);
        cr_assert_gt(n, 0);
        for (long i = 0; i < n; i++) {
            struct rv_epoll_event e;
            cr_assert_eq(copy_from_guest(&e, out + (uint64_t)i * sizeof e, sizeof e), 0);
            cr_assert(e.data >= 1000 && e.data < 1000 + N);
            cr_assert(!seen[e.data - 1000]);
            seen[e.data - 1000] = true;
        }
        total += (int)n;
    }
    cr_assert_eq(total, N);
    for (int i = 0; i < N; i++)
        close(fds[i]);
    close((int)ep);
}

/* --- ppoll, pselect6 ------------------------------------------------------------------------- */

Test(ppoll, revents_and_timeout_write_back, .init = setup)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    struct rv_pollfd pf[2] = { { p[0], RV_POLLIN, 0 }, { p[1], RV_POLLOUT, 0 } };
    guest_addr gpf = galloc(pf, sizeof pf);
    struct rv_timespec ts = { 0, 20000000 };   /* 20 ms */
    guest_addr gts = galloc(&ts, sizeof ts);
    cr_assert_eq(call(sys_ppoll, gpf, 1, gts, 0, 0, 0), 0, "empty pipe: timeout");
    cr_assert_eq(copy_from_guest(&ts, gts, sizeof ts), 0);
    cr_assert(ts.tv_sec == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 20000000, "time left written back");

    cr_assert_eq(write(p[1], "x", 1), 1);
    cr_assert_eq(call(sys_ppoll, gpf, 2, 0, 0, 0, 0), 2);
    cr_assert_eq(copy_from_guest(pf, gpf, sizeof pf), 0);
    cr_assert_eq(pf[0].revents, RV_POLLIN);
    cr_assert_eq(pf[1].revents, RV_POLLOUT);

    uint64_t mask = RV_SIGBIT(RV_SIGTERM);
    cr_assert_eq(call(sys_ppoll, gpf, 1, 0, galloc(&mask, 8), 8, 0), 1);
    cr_assert_eq(call(sys_ppoll, gpf, 1, 0, galloc(&mask, 8), 7, 0), -EINVAL);
    cr_assert_eq(call(sys_ppoll, UNMAPPED, 1, 0, 0, 0, 0), -EFAULT);
    cr_assert_eq(call(sys_ppoll, gpf, 1, UNMAPPED, 0, 0, 0), -EFAULT);
    cr_assert_eq(call(sys_ppoll, UNMAPPED, 0x7fffffff, 0, 0, 0, 0), -EINVAL, "nfds over RLIMIT_NOFILE");
    close(p[0]);
    close(p[1]);
}

Test(pselect6, sets_in_and_out, .init = setup)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    guest_addr grd = galloc(&rd, sizeof rd), gwr = galloc(&wr, sizeof wr);
    struct rv_timespec ts = { 0, 0 };
    guest_addr gts = galloc(&ts, sizeof ts);
    int nfds = p[1] + 1;
    cr_assert_eq(call(sys_pselect6, nfds, grd, gwr, 0, gts, 0), 1, "only the write end is ready");
    cr_assert_eq(copy_from_guest(&rd, grd, sizeof rd), 0);
    cr_assert_eq(copy_from_guest(&wr, gwr, sizeof wr), 0);
    cr_assert(!FD_ISSET(p[0], &rd));
    cr_assert(FD_ISSET(p[1], &wr));

    cr_assert_eq(write(p[1], "x", 1), 1);
    FD_SET(p[0], &rd);
    cr_assert_eq(copy_to_guest(grd, &rd, sizeof rd), 0);
    uint64_t mask = RV_SIGBIT(RV_SIGINT);
    struct rv_sigset_argpack pack = { galloc(&mask, 8), 8 };
    cr_assert_eq(call(sys_pselect6, nfds, grd, 0, 0, 0, galloc(&pack, sizeof pack)), 1);
    cr_assert_eq(copy_from_guest(&rd, grd, sizeof rd), 0);
    cr_assert(FD_ISSET(p[0], &rd));

    pack.ss_len = 16;
    cr_assert_eq(call(sys_pselect6, nfds, grd, 0, 0, 0, galloc(&pack, sizeof pack)), -EINVAL);
    cr_assert_eq(call(sys_pselect6, -1, 0, 0, 0, 0, 0), -EINVAL);
    cr_assert_eq(call(sys_pselect6, nfds, UNMAPPED, 0, 0, 0, 0), -EFAULT);
    close(p[0]);
    close(p[1]);
}

/* --- timerfd, memfd, splice ------------------------------------------------------------------ */

Test(fdkinds, timerfd_settime_gettime, .init = setup)
{
    long fd = call(sys_timerfd_create, CLOCK_MONOTONIC, RV_TFD_CLOEXEC, 0, 0, 0, 0);
    cr_assert_geq(fd, 0);
    struct rv_itimerspec its = { .it_interval = { 5, 0 }, .it_value = { 100, 0 } };
    guest_addr old = galloc(NULL, sizeof its);
    cr_assert_eq(call(sys_timerfd_settime, fd, 0, galloc(&its, sizeof its), old, 0, 0), 0);
    struct rv_itimerspec got;
    cr_assert_eq(copy_from_guest(&got, old, sizeof got), 0);
    cr_assert(got.it_value.tv_sec == 0 && got.it_value.tv_nsec == 0, "was disarmed");
    guest_addr cur = galloc(NULL, sizeof its);
    cr_assert_eq(call(sys_timerfd_gettime, fd, cur, 0, 0, 0, 0), 0);
    cr_assert_eq(copy_from_guest(&got, cur, sizeof got), 0);
    cr_assert_eq(got.it_interval.tv_sec, 5);
    cr_assert(got.it_value.tv_sec > 90 && got.it_value.tv_sec <= 100);
    cr_assert_eq(call(sys_timerfd_gettime, fd, UNMAPPED, 0, 0, 0, 0), -EFAULT);
    cr_assert_eq(call(sys_timerfd_settime, fd, 0, UNMAPPED, 0, 0, 0), -EFAULT);
    close((int)fd);
}

Test(fdkinds, memfd_name_limit_and_splice_offsets, .init = setup)
{
    char name[RV_MFD_NAME_MAX + 2];
    memset(name, 'n', sizeof name);
    name[RV_MFD_NAME_MAX] = 0;
    long fd = call(sys_memfd_create, galloc(name, RV_MFD_NAME_MAX + 1), RV_MFD_CLOEXEC, 0, 0, 0, 0);
    cr_assert_geq(fd, 0, "a %d-byte name is allowed", RV_MFD_NAME_MAX);
    name[RV_MFD_NAME_MAX] = 'n';
    name[RV_MFD_NAME_MAX + 1] = 0;
    cr_assert_eq(call(sys_memfd_create, galloc(name, sizeof name), 0, 0, 0, 0, 0), -EINVAL);

    cr_assert_eq(write((int)fd, "0123456789", 10), 10);
    int p[2];
    cr_assert_eq(pipe(p), 0);
    int64_t off = 3;
    guest_addr goff = galloc(&off, sizeof off);
    cr_assert_eq(call(sys_splice, fd, goff, p[1], 0, 4, 0), 4);
    cr_assert_eq(copy_from_guest(&off, goff, sizeof off), 0);
    cr_assert_eq(off, 7, "offset advanced in guest memory");
    char buf[8] = { 0 };
    cr_assert_eq(read(p[0], buf, sizeof buf), 4);
    cr_assert_str_eq(buf, "3456");
    cr_assert_eq(call(sys_splice, fd, UNMAPPED, p[1], 0, 4, 0), -EFAULT);
    close(p[0]);
    close(p[1]);
    close((int)fd);
}

/* --- --strace conversions of these calls ----------------------------------------------------- */

static char *format(const char *name, const char *fmt, const uint64_t *a, long ret)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    rv_strace_call(f, name, fmt, a, ret, RV_STRACE_DONE);
    fclose(f);
    return text;
}

Test(strace_fmt, pollfds_and_epoll_events, .init = setup)
{
    struct rv_pollfd pf[2] = { { 3, RV_POLLIN, 0 }, { 4, RV_POLLOUT | RV_POLLRDHUP, 0 } };
    uint64_t a[6] = { galloc(pf, sizeof pf), 2, 0, 0, 8, 0 };
    char *s = format("ppoll", "%pollfds, %u, %timespec, %sigset, %zu", a, 1);
    cr_assert_str_eq(s, "ppoll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT|POLLRDHUP}], 2, NULL, "
                        "NULL, 8) = 1\n");
    free(s);

    struct rv_epoll_event ev = { RV_EPOLLIN | RV_EPOLLET, 0, 0x100000007ull };
    uint64_t b[6] = { 5, RV_EPOLL_CTL_ADD, 3, galloc(&ev, sizeof ev), 0, 0 };
    s = format("epoll_ctl", "%fd, %epollop, %fd, %epollevent", b, 0);
    cr_assert_str_eq(s, "epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, "
                        "data={u32=7, u64=4294967303}}) = 0\n");
    free(s);

    struct rv_epoll_event out[2] = { { RV_EPOLLIN, 0, 1 }, { RV_EPOLLHUP, 0, 2 } };
    uint64_t c[6] = { 5, galloc(out, sizeof out), 8, (uint64_t)-1, 0, 8 };
    s = format("epoll_pwait", "%fd, %oepollevents, %d, %d, %sigset, %zu", c, 2);
    cr_assert_str_eq(s, "epoll_pwait(5, [{events=EPOLLIN, data={u32=1, u64=1}}, {events=EPOLLHUP, "
                        "data={u32=2, u64=2}}], 8, -1, NULL, 8) = 2\n");
    free(s);
    s = format("epoll_pwait", "%fd, %oepollevents, %d, %d, %sigset, %zu", c, -EINTR);
    char want[128];
    snprintf(want, sizeof want, "epoll_pwait(5, %#" PRIx64 ", 8, -1, NULL, 8) = -1 EINTR", c[1]);
    cr_assert_eq(strncmp(s, want, strlen(want)), 0, "failed call: array as its address, got %s", s);
    free(s);
}
