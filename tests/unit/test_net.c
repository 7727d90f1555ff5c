/*
 * tests/unit/test_net.c - the socket handlers and the msghdr / control message conversion
 * (syscall/net.c, syscall/netmsg.c) against the real host kernel, with their arguments in real
 * guest memory; bad pointers anywhere in a msghdr (the iovec array, an iovec's buffer, the
 * address, the control buffer) must come back as -EFAULT, never reach the host or crash. Also
 * the --strace conversions for sockets (%sockaddr and friends), as exact strace text.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "abi/socket.h"
#include "mem/addrspace.h"
#include "syscall/netmsg.h"
#include "syscall/strace/strace_fmt.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

#define PAGES 8
static guest_addr mem;        /* PAGES read-write guest pages */
static guest_addr ro_page;    /* one read-only guest page */
static guest_addr next_free;
#define BAD ((guest_addr)GUEST_BASE + 0x100)   /* in range, never mapped by these tests */

static void guest_memory(void)
{
    cr_assert_eq(guest_as_init(), 0);
    long r = guest_mmap(0, PAGES * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0, "guest_mmap: %ld", r);
    mem = next_free = (guest_addr)r;
    r = guest_mmap(0, GUEST_PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0);
    ro_page = (guest_addr)r;
    cr_assert(!guest_as_accessible(BAD, 1, PROT_READ));
}

/* Guest memory for n bytes, initialised from src when given. */
static guest_addr galloc(const void *src, size_t n)
{
    guest_addr at = next_free;
    next_free += (n + 15) & ~(size_t)15;
    cr_assert_leq(next_free, mem + PAGES * GUEST_PAGE_SIZE);
    if (src)
        cr_assert_eq(copy_to_guest(at, src, n), 0);
    return at;
}

static long call(rv_syscall_handler *h, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                 uint64_t a4, uint64_t a5)
{
    const uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };
    return h(NULL, a);
}

/* A guest msghdr with one iovec over `data` and optional name and control buffers. */
static guest_addr guest_msg(guest_addr iov, uint64_t iovlen, guest_addr name, int32_t namelen,
                            guest_addr ctl, uint64_t ctllen)
{
    struct rv_msghdr g = { .msg_name = name, .msg_namelen = namelen, .msg_iov = iov,
                           .msg_iovlen = iovlen, .msg_control = ctl, .msg_controllen = ctllen,
                           .msg_flags = 0x5a5a };
    return galloc(&g, sizeof g);
}

static guest_addr guest_iov(guest_addr base, uint64_t len)
{
    struct rv_iovec v = { base, len };
    return galloc(&v, sizeof v);
}

/* An SCM_RIGHTS control buffer for one descriptor, in the guest layout. */
static guest_addr guest_rights(int fd)
{
    uint8_t b[24] = { 0 };
    struct rv_cmsghdr h = { .cmsg_len = 20, .cmsg_level = RV_SOL_SOCKET,
                            .cmsg_type = RV_SCM_RIGHTS };
    memcpy(b, &h, sizeof h);
    memcpy(b + 16, &fd, 4);
    return galloc(b, sizeof b);
}

static struct rv_host_msg m;

/* --- rv_msg_in: the host msghdr built from a guest one ---------------------------------------- */

Test(netmsg, send_builds_a_host_msghdr, .init = guest_memory)
{
    guest_addr data = galloc("payload", 7);
    struct rv_sockaddr_in sin = { .sin_family = RV_AF_INET, .sin_port = htons(7),
                                  .sin_addr = htonl(INADDR_LOOPBACK) };
    guest_addr name = galloc(&sin, sizeof sin);
    guest_addr ctl = guest_rights(42);
    guest_addr g = guest_msg(guest_iov(data, 7), 1, name, sizeof sin, ctl, 24);

    cr_assert_eq(rv_msg_in(&m, g, false), 0);
    cr_assert_eq(m.msg.msg_iovlen, 1);
    cr_assert_eq(m.msg.msg_iov[0].iov_base, g2h(data));
    cr_assert_eq(m.msg.msg_iov[0].iov_len, 7);
    /* the address and the control data live in runner memory, not the guest's */
    cr_assert_eq(m.msg.msg_name, &m.name);
    cr_assert_eq(m.msg.msg_namelen, sizeof sin);
    cr_assert_eq(memcmp(&m.name, &sin, sizeof sin), 0);
    cr_assert_eq(m.msg.msg_controllen, 24);
    cr_assert_neq(m.msg.msg_control, g2h(ctl));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m.msg);
    cr_assert_not_null(c);
    cr_assert_eq(c->cmsg_len, CMSG_LEN(sizeof(int)));
    cr_assert_eq(c->cmsg_level, SOL_SOCKET);
    cr_assert_eq(c->cmsg_type, SCM_RIGHTS);
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    cr_assert_eq(fd, 42);
    cr_assert_null(CMSG_NXTHDR(&m.msg, c));
    cr_assert_eq(m.msg.msg_flags, 0, "the guest's msg_flags do not reach the host");
    rv_msg_free(&m);
}

Test(netmsg, bad_pointers_are_efault, .init = guest_memory)
{
    guest_addr data = galloc("x", 1);
    guest_addr good_iov = guest_iov(data, 1);

    /* the msghdr itself */
    cr_assert_eq(rv_msg_in(&m, BAD, false), -EFAULT);
    rv_msg_free(&m);
    /* the iovec array */
    cr_assert_eq(rv_msg_in(&m, guest_msg(BAD, 1, 0, 0, 0, 0), false), -EFAULT);
    rv_msg_free(&m);
    /* the second iovec's buffer, the first being fine */
    struct rv_iovec two[2] = { { data, 1 }, { BAD, 8 } };
    guest_addr iov2 = galloc(two, sizeof two);
    cr_assert_eq(rv_msg_in(&m, guest_msg(iov2, 2, 0, 0, 0, 0), false), -EFAULT);
    rv_msg_free(&m);
    /* an iovec that runs off the end of the mapping */
    guest_addr tail = guest_iov(mem + PAGES * GUEST_PAGE_SIZE - 4, 8);
    cr_assert_eq(rv_msg_in(&m, guest_msg(tail, 1, 0, 0, 0, 0), false), -EFAULT);
    rv_msg_free(&m);
    /* a read-only buffer is fine to send from, not to receive into */
    guest_addr ro = guest_iov(ro_page, 16);
    cr_assert_eq(rv_msg_in(&m, guest_msg(ro, 1, 0, 0, 0, 0), false), 0);
    rv_msg_free(&m);
    cr_assert_eq(rv_msg_in(&m, guest_msg(ro, 1, 0, 0, 0, 0), true), -EFAULT);
    rv_msg_free(&m);
    /* the address */
    cr_assert_eq(rv_msg_in(&m, guest_msg(good_iov, 1, BAD, 16, 0, 0), false), -EFAULT);
    rv_msg_free(&m);
    /* the control buffer, sending and receiving */
    cr_assert_eq(rv_msg_in(&m, guest_msg(good_iov, 1, 0, 0, BAD, 24), false), -EFAULT);
    rv_msg_free(&m);
    cr_assert_eq(rv_msg_in(&m, guest_msg(good_iov, 1, 0, 0, BAD, 24), true), -EFAULT);
    rv_msg_free(&m);
    cr_assert_eq(rv_msg_in(&m, guest_msg(good_iov, 1, 0, 0, ro_page, 24), true), -EFAULT);
    rv_msg_free(&m);
}

Test(netmsg, kernel_argument_checks, .init = guest_memory)
{
    guest_addr data = galloc("x", 1);
    guest_addr iov = guest_iov(data, 1);
    guest_addr name = galloc(NULL, 200);
    cr_assert_eq(rv_msg_in(&m, guest_msg(iov, 1, name, -1, 0, 0), false), -EINVAL);
    rv_msg_free(&m);
    /* a NULL name ignores the length; a long one is cut to sockaddr_storage */
    cr_assert_eq(rv_msg_in(&m, guest_msg(iov, 1, 0, -1, 0, 0), false), 0);
    cr_assert_null(m.msg.msg_name);
    rv_msg_free(&m);
    cr_assert_eq(rv_msg_in(&m, guest_msg(iov, 1, name, 200, 0, 0), false), 0);
    cr_assert_eq(m.msg.msg_namelen, 128);
    rv_msg_free(&m);
    cr_assert_eq(rv_msg_in(&m, guest_msg(iov, RV_UIO_MAXIOV + 1, 0, 0, 0, 0), false), -EMSGSIZE);
    rv_msg_free(&m);
    struct rv_iovec huge[2] = { { data, 1 }, { data, UINT64_MAX } };
    cr_assert_eq(rv_msg_in(&m, guest_msg(galloc(huge, sizeof huge), 2, 0, 0, 0, 0), false),
                 -EINVAL);
    rv_msg_free(&m);
    cr_assert_eq(rv_msg_in(&m, guest_msg(iov, 1, 0, 0, data, RV_MSG_CONTROL_MAX + 1), false),
                 -ENOBUFS);
    rv_msg_free(&m);
    /* a control message longer than the buffer, and one shorter than its header */
    struct rv_cmsghdr c = { .cmsg_len = 64, .cmsg_level = RV_SOL_SOCKET, .cmsg_type = 1 };
    guest_addr ctl = galloc(&c, sizeof c);
    cr_assert_eq(rv_msg_in(&m, guest_msg(iov, 1, 0, 0, ctl, 16), false), -EINVAL);
    rv_msg_free(&m);
    c.cmsg_len = 8;
    ctl = galloc(&c, sizeof c);
    cr_assert_eq(rv_msg_in(&m, guest_msg(iov, 1, 0, 0, ctl, 16), false), -EINVAL);
    rv_msg_free(&m);
}

Test(netmsg, cmsgs_both_ways)
{
    /* SCM_CREDENTIALS then SCM_RIGHTS with two fds, guest layout */
    uint8_t g[32 + 24] = { 0 }, h[sizeof g], back[sizeof g];
    struct rv_cmsghdr c1 = { 28, RV_SOL_SOCKET, RV_SCM_CREDENTIALS };
    struct rv_ucred cr = { 100, 1000, 1001 };
    memcpy(g, &c1, 16);
    memcpy(g + 16, &cr, 12);
    struct rv_cmsghdr c2 = { 24, RV_SOL_SOCKET, RV_SCM_RIGHTS };
    int fds[2] = { 5, 6 };
    memcpy(g + 32, &c2, 16);
    memcpy(g + 48, fds, 8);
    cr_assert_eq(rv_cmsgs_to_host(h, g, sizeof g), (long)sizeof g);
    struct msghdr hm = { .msg_control = h, .msg_controllen = sizeof h };
    struct cmsghdr *c = CMSG_FIRSTHDR(&hm);
    cr_assert_eq(c->cmsg_type, SCM_CREDENTIALS);
    struct ucred u;
    memcpy(&u, CMSG_DATA(c), sizeof u);
    cr_assert(u.pid == 100 && u.uid == 1000 && u.gid == 1001);
    c = CMSG_NXTHDR(&hm, c);
    cr_assert_eq(c->cmsg_type, SCM_RIGHTS);
    cr_assert_eq(c->cmsg_len, 24);
    cr_assert_eq(rv_cmsgs_to_guest(back, h, sizeof h), (long)sizeof g);
    cr_assert_eq(memcmp(back, g, sizeof g), 0);
}

/* --- the handlers ---------------------------------------------------------------------------- */

Test(net, sendmsg_recvmsg_pass_a_descriptor, .init = guest_memory)
{
    guest_addr sv = galloc(NULL, 8);
    cr_assert_eq(call(sys_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0, 0), 0);
    int fds[2];
    cr_assert_eq(copy_from_guest(fds, sv, sizeof fds), 0);
    int p[2];
    cr_assert_eq(pipe(p), 0);

    guest_addr data = galloc("fd!", 3);
    guest_addr g = guest_msg(guest_iov(data, 3), 1, 0, 0, guest_rights(p[1]), 24);
    cr_assert_eq(call(sys_sendmsg, fds[0], g, 0, 0, 0, 0), 3);

    /* a receive whose control buffer is bad fails before it consumes anything */
    guest_addr in = galloc(NULL, 8);
    guest_addr in_iov = guest_iov(in, 8);
    cr_assert_eq(call(sys_recvmsg, fds[1], guest_msg(in_iov, 1, 0, 0, BAD, 64), 0, 0, 0, 0),
                 -EFAULT);
    guest_addr ctl = galloc(NULL, 64);
    guest_addr r = guest_msg(in_iov, 1, 0, 0, ctl, 64);
    cr_assert_eq(call(sys_recvmsg, fds[1], r, 0, 0, 0, 0), 3);
    struct rv_msghdr back;
    cr_assert_eq(copy_from_guest(&back, r, sizeof back), 0);
    cr_assert_eq(back.msg_controllen, 24, "msg_controllen written back");
    cr_assert_eq(back.msg_flags, 0, "msg_flags written back");
    cr_assert_eq(back.msg_iov, in_iov, "the rest of the msghdr untouched");
    struct rv_cmsghdr c;
    int got;
    cr_assert_eq(copy_from_guest(&c, ctl, sizeof c), 0);
    cr_assert_eq(copy_from_guest(&got, ctl + 16, 4), 0);
    cr_assert(c.cmsg_len == 20 && c.cmsg_level == RV_SOL_SOCKET && c.cmsg_type == RV_SCM_RIGHTS);
    cr_assert_eq(write(got, "ok", 2), 2);
    char buf[2];
    cr_assert_eq(read(p[0], buf, 2), 2);
    cr_assert_eq(memcmp(buf, "ok", 2), 0);
    close(got);
    close(p[0]);
    close(p[1]);
    close(fds[0]);
    close(fds[1]);
}

Test(net, addresses_and_options, .init = guest_memory)
{
    long s = call(sys_socket, AF_INET, SOCK_STREAM | RV_SOCK_CLOEXEC, 0, 0, 0, 0);
    cr_assert_geq(s, 0);
    cr_assert_eq(fcntl((int)s, F_GETFD), FD_CLOEXEC);
    cr_assert_eq(call(sys_socket, 17 /* AF_PACKET */, SOCK_RAW, 0, 0, 0, 0), -EAFNOSUPPORT);
    cr_assert_eq(call(sys_socket, AF_INET, SOCK_STREAM | 0x100, 0, 0, 0, 0), -EINVAL);

    struct rv_sockaddr_in sin = { .sin_family = RV_AF_INET, .sin_addr = htonl(INADDR_LOOPBACK) };
    guest_addr a = galloc(&sin, sizeof sin);
    cr_assert_eq(call(sys_bind, s, a, 129, 0, 0, 0), -EINVAL);
    cr_assert_eq(call(sys_bind, s, BAD, sizeof sin, 0, 0, 0), -EFAULT);
    cr_assert_eq(call(sys_bind, s, a, sizeof sin, 0, 0, 0), 0);

    /* getsockname: cut to the guest's length, the real length stored */
    guest_addr out = galloc(NULL, 16), lenp = galloc(NULL, 4);
    int32_t four = 4;
    cr_assert_eq(copy_to_guest(lenp, &four, 4), 0);
    cr_assert_eq(call(sys_getsockname, s, out, lenp, 0, 0, 0), 0);
    int32_t len;
    cr_assert_eq(copy_from_guest(&len, lenp, 4), 0);
    cr_assert_eq(len, 16);
    cr_assert_eq(call(sys_getsockname, s, out, BAD, 0, 0, 0), -EFAULT);

    /* options: unknown ones get the host's answer, those holding pointers never reach it;
     * converted ones round-trip */
    char host_buf[16];
    socklen_t host_len = sizeof host_buf;
    long host = getsockopt(s, 9999, 1, host_buf, &host_len) == 0 ? 0 : -errno;
    cr_assert_eq(call(sys_getsockopt, s, 9999, 1, out, lenp, 0), host, "the host's answer");
    int zero = 0;
    host = setsockopt(s, SOL_SOCKET, 9999, &zero, sizeof zero) == 0 ? 0 : -errno;
    cr_assert_eq(call(sys_setsockopt, s, RV_SOL_SOCKET, 9999, out, 4, 0), host);
    cr_assert_eq(call(sys_setsockopt, s, RV_SOL_TCP, 35 /* TCP_ZEROCOPY_RECEIVE */, out, 4, 0),
                 -ENOPROTOOPT);
    struct rv_linger lg = { 1, 9 };
    guest_addr lgp = galloc(&lg, sizeof lg);
    cr_assert_eq(call(sys_setsockopt, s, RV_SOL_SOCKET, RV_SO_LINGER, lgp, 4, 0), -EINVAL);
    cr_assert_eq(call(sys_setsockopt, s, RV_SOL_SOCKET, RV_SO_LINGER, BAD, 8, 0), -EFAULT);
    cr_assert_eq(call(sys_setsockopt, s, RV_SOL_SOCKET, RV_SO_LINGER, lgp, 8, 0), 0);
    guest_addr lg2 = galloc(NULL, 8);
    int32_t eight = 8;
    cr_assert_eq(copy_to_guest(lenp, &eight, 4), 0);
    cr_assert_eq(call(sys_getsockopt, s, RV_SOL_SOCKET, RV_SO_LINGER, lg2, lenp, 0), 0);
    struct rv_linger got;
    cr_assert_eq(copy_from_guest(&got, lg2, sizeof got), 0);
    cr_assert(got.l_onoff == 1 && got.l_linger == 9);
    cr_assert_eq(call(sys_getsockopt, s, RV_SOL_SOCKET, RV_SO_LINGER, BAD, lenp, 0), -EFAULT);
    cr_assert_eq(call(sys_getsockopt, s, RV_SOL_SOCKET, RV_SO_TYPE, ro_page, lenp, 0), -EFAULT);
    close((int)s);
}

Test(net, sendmmsg_recvmmsg, .init = guest_memory)
{
    guest_addr sv = galloc(NULL, 8);
    cr_assert_eq(call(sys_socketpair, AF_UNIX, SOCK_DGRAM | RV_SOCK_NONBLOCK, 0, sv, 0, 0), 0);
    int fds[2];
    cr_assert_eq(copy_from_guest(fds, sv, sizeof fds), 0);
    struct rv_mmsghdr v[3];
    memset(v, 0, sizeof v);
    const char *words[3] = { "one", "three", "xx" };
    for (int i = 0; i < 3; i++) {
        v[i].msg_hdr.msg_iov = guest_iov(galloc(words[i], strlen(words[i])), strlen(words[i]));
        v[i].msg_hdr.msg_iovlen = 1;
    }
    v[2].msg_hdr.msg_iov = BAD;   /* the third fails: the count of the first two */
    guest_addr gv = galloc(v, sizeof v);
    cr_assert_eq(call(sys_sendmmsg, fds[0], gv, 3, 0, 0, 0), 2);
    cr_assert_eq(copy_from_guest(v, gv, sizeof v), 0);
    cr_assert(v[0].msg_len == 3 && v[1].msg_len == 5);

    struct rv_mmsghdr r[3];
    memset(r, 0, sizeof r);
    for (int i = 0; i < 3; i++) {
        r[i].msg_hdr.msg_iov = guest_iov(galloc(NULL, 16), 16);
        r[i].msg_hdr.msg_iovlen = 1;
    }
    guest_addr gr = galloc(r, sizeof r);
    cr_assert_eq(call(sys_recvmmsg, fds[1], gr, 3, 0, 0, 0), 2);
    cr_assert_eq(copy_from_guest(r, gr, sizeof r), 0);
    cr_assert(r[0].msg_len == 3 && r[1].msg_len == 5);
    cr_assert_eq(call(sys_recvmmsg, fds[1], gr, 3, 0, 0, 0), -EAGAIN);
    cr_assert_eq(call(sys_recvmmsg, fds[1], gr, 3, 0, BAD, 0), -EFAULT);
    close(fds[0]);
    close(fds[1]);
}

/* --- --strace -------------------------------------------------------------------------------- */

static char *format(const char *name, const char *fmt, const uint64_t a[6], long ret)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    rv_strace_call(f, name, fmt, a, ret, RV_STRACE_DONE);
    fclose(f);
    return text;
}

#define EXPECT(text, want)                                                     \
    do {                                                                       \
        char *got_ = (text);                                                   \
        cr_assert_str_eq(got_, want);                                          \
        free(got_);                                                            \
    } while (0)

Test(strace_net, addresses_families_and_options, .init = guest_memory)
{
    struct rv_sockaddr_in sin = { .sin_family = RV_AF_INET, .sin_port = htons(8080),
                                  .sin_addr = htonl(INADDR_LOOPBACK) };
    uint64_t a[6] = { 3, galloc(&sin, sizeof sin), sizeof sin };
    EXPECT(format("connect", "%fd, %sockaddr, %u", a, 0),
           "connect(3, {sa_family=AF_INET, sin_port=htons(8080), "
           "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n");

    struct rv_sockaddr_un sun = { .sun_family = RV_AF_UNIX, .sun_path = "\0abstract" };
    uint64_t b[6] = { 4, galloc(&sun, sizeof sun), 2 + 9 };
    EXPECT(format("bind", "%fd, %sockaddr, %u", b, 0),
           "bind(4, {sa_family=AF_UNIX, sun_path=@\"abstract\"}, 11) = 0\n");

    uint64_t c[6] = { RV_AF_INET6, RV_SOCK_DGRAM | RV_SOCK_CLOEXEC | RV_SOCK_NONBLOCK, 0 };
    EXPECT(format("socket", "%sockfamily, %socktype, %d = %fd", c, 5),
           "socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0) = 5\n");

    int32_t one = 1;
    uint64_t d[6] = { 5, RV_SOL_SOCKET, RV_SO_REUSEADDR, galloc(&one, 4), 4 };
    EXPECT(format("setsockopt", "%fd, %socklevel, %sockopt, %sockoptval, %u", d, 0),
           "setsockopt(5, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n");

    struct rv_linger lg = { 1, 5 };
    uint64_t l[6] = { 5, RV_SOL_SOCKET, RV_SO_LINGER, galloc(&lg, sizeof lg), sizeof lg };
    EXPECT(format("setsockopt", "%fd, %socklevel, %sockopt, %sockoptval, %u", l, 0),
           "setsockopt(5, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0\n");
    struct rv_sock_timeval tv = { 2, 500 };
    uint64_t t[6] = { 5, RV_SOL_SOCKET, RV_SO_RCVTIMEO, galloc(&tv, sizeof tv), sizeof tv };
    EXPECT(format("setsockopt", "%fd, %socklevel, %sockopt, %sockoptval, %u", t, 0),
           "setsockopt(5, SOL_SOCKET, SO_RCVTIMEO_OLD, {tv_sec=2, tv_usec=500}, 16) = 0\n");

    /* an address the call wrote: printed with the length it stored */
    int32_t len = 16;
    uint64_t e[6] = { 3, galloc(&sin, sizeof sin), galloc(&len, 4), RV_SOCK_CLOEXEC };
    EXPECT(format("accept4", "%fd, %osockaddr, %oint, %sockflags = %fd", e, 6),
           "accept4(3, {sa_family=AF_INET, sin_port=htons(8080), "
           "sin_addr=inet_addr(\"127.0.0.1\")}, [16], SOCK_CLOEXEC) = 6\n");

    int32_t two = 2;
    uint64_t u[6] = { 3, galloc(&sun, sizeof sun), galloc(&two, 4) };
    EXPECT(format("accept", "%fd, %osockaddr, %oint = %fd", u, 7),
           "accept(3, {sa_family=AF_UNIX}, [2]) = 7\n");

    guest_addr data = galloc("fd!", 3);
    uint64_t sm[6] = { 3, guest_msg(guest_iov(data, 3), 1, 0, 0, guest_rights(5), 24), 0 };
    EXPECT(format("sendmsg", "%fd, %msghdr, %msgflags", sm, 3),
           "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fd!\", iov_len=3}], "
           "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
           "cmsg_data=[5]}], msg_controllen=24, msg_flags=MSG_PEEK|MSG_CTRUNC|MSG_PROBE|MSG_DONTWAIT|"
           "MSG_FIN|MSG_CONFIRM|MSG_RST|MSG_NOSIGNAL}, 0) = 3\n");

    uint64_t f[6] = { 3, RV_SHUT_WR };
    EXPECT(format("shutdown", "%fd, %shuthow", f, 0), "shutdown(3, SHUT_WR) = 0\n");
    uint64_t g[6] = { 3, BAD, RV_MSG_DONTWAIT | RV_MSG_NOSIGNAL };
    EXPECT(format("sendmsg", "%fd, %ptr, %msgflags", g, -EAGAIN),
           "sendmsg(3, 0x10100, MSG_DONTWAIT|MSG_NOSIGNAL) = -1 EAGAIN (Resource temporarily "
           "unavailable)\n");
}
