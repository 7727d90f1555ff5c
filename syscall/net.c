/*
 * syscall/net.c - sockets: socket, socketpair, bind, listen, accept, accept4, connect,
 * getsockname, getpeername, sendto, recvfrom, shutdown, setsockopt, getsockopt. The msghdr
 * calls and the address helpers are in syscall/netmsg.c.
 *
 * Sockets are host sockets: the guest talks to the host's network stack, to host processes
 * through AF_UNIX paths (not translated through the sysroot, see rv_sockaddr_in) and to the
 * host kernel through netlink. What crosses the boundary is checked and converted through the
 * guest layouts of abi/socket.h, which this file asserts against the host's headers: socket
 * types and flags, addresses (copied through runner buffers, never handed over as guest
 * pointers), and option values by the kind abi/socket.h's table gives each option. A guest may
 * only create sockets of the families whose addresses, options and messages were checked (unix,
 * inet, inet6, netlink); any other is -EAFNOSUPPORT, as on a kernel built without it.
 *
 * Netlink messages (NETLINK_ROUTE dumps for getifaddrs, say) pass through as bytes: netlink is
 * specified with fixed-width, naturally aligned fields and the kernel has no compat translation
 * for it, so its messages are the same on every 64-bit little-endian architecture.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "abi/socket.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/netmsg.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

#define ARG_INT(i) ((long)(int)a[i])

/* --- the guest ABI against the host's ------------------------------------------------------- */

#define RV_SOCKOPT_ASSERT(level, name, value, kind) \
    _Static_assert(RV_##name == name, "abi/socket.h: " #name " differs from the host's");
RV_SOCKOPT_LIST(RV_SOCKOPT_ASSERT)
#undef RV_SOCKOPT_ASSERT
_Static_assert(RV_SOL_IP == SOL_IP && RV_SOL_SOCKET == SOL_SOCKET && RV_SOL_TCP == SOL_TCP &&
               RV_SOL_UDP == SOL_UDP && RV_SOL_IPV6 == SOL_IPV6 && RV_SOL_NETLINK == SOL_NETLINK,
               "option levels");
_Static_assert(RV_SO_RCVTIMEO == SO_RCVTIMEO && RV_SO_SNDTIMEO == SO_SNDTIMEO,
               "64-bit SO_RCVTIMEO/SO_SNDTIMEO are the _OLD numbers");
_Static_assert(RV_AF_UNIX == AF_UNIX && RV_AF_INET == AF_INET && RV_AF_INET6 == AF_INET6 &&
               RV_AF_NETLINK == AF_NETLINK && RV_AF_UNSPEC == AF_UNSPEC, "address families");
_Static_assert(RV_SOCK_STREAM == SOCK_STREAM && RV_SOCK_DGRAM == SOCK_DGRAM &&
               RV_SOCK_RAW == SOCK_RAW && RV_SOCK_RDM == SOCK_RDM &&
               RV_SOCK_SEQPACKET == SOCK_SEQPACKET && RV_SOCK_PACKET == SOCK_PACKET, "SOCK_*");
_Static_assert(SOCK_NONBLOCK == O_NONBLOCK && SOCK_CLOEXEC == O_CLOEXEC,
               "host SOCK_NONBLOCK/SOCK_CLOEXEC");
_Static_assert(RV_SHUT_RD == SHUT_RD && RV_SHUT_WR == SHUT_WR && RV_SHUT_RDWR == SHUT_RDWR,
               "SHUT_*");
/* The addresses that pass as bytes. */
_Static_assert(sizeof(struct sockaddr_in) == sizeof(struct rv_sockaddr_in) &&
               offsetof(struct sockaddr_in, sin_port) == offsetof(struct rv_sockaddr_in, sin_port) &&
               offsetof(struct sockaddr_in, sin_addr) == offsetof(struct rv_sockaddr_in, sin_addr),
               "sockaddr_in");
_Static_assert(sizeof(struct sockaddr_in6) == sizeof(struct rv_sockaddr_in6) &&
               offsetof(struct sockaddr_in6, sin6_addr) == offsetof(struct rv_sockaddr_in6, sin6_addr) &&
               offsetof(struct sockaddr_in6, sin6_scope_id) ==
                   offsetof(struct rv_sockaddr_in6, sin6_scope_id), "sockaddr_in6");
_Static_assert(sizeof(struct sockaddr_un) == sizeof(struct rv_sockaddr_un), "sockaddr_un");
_Static_assert(sizeof(struct sockaddr_nl) == sizeof(struct rv_sockaddr_nl) &&
               offsetof(struct sockaddr_nl, nl_groups) == offsetof(struct rv_sockaddr_nl, nl_groups),
               "sockaddr_nl");
/* The option values converted field by field, and the FIXED ones passed as bytes. */
_Static_assert(sizeof(struct linger) == sizeof(struct rv_linger), "linger");
_Static_assert(sizeof(struct timeval) == sizeof(struct rv_sock_timeval), "timeval");
_Static_assert(sizeof(struct sock_fprog) == sizeof(struct rv_sock_fprog) &&
               offsetof(struct sock_fprog, filter) == offsetof(struct rv_sock_fprog, filter) &&
               sizeof(struct sock_filter) == RV_SOCK_FILTER_SIZE && BPF_MAXINSNS == RV_BPF_MAXINSNS,
               "sock_fprog");
_Static_assert(sizeof(struct ip_mreq) == 8 && sizeof(struct ip_mreqn) == 12 &&
               sizeof(struct ip_mreq_source) == 12 && sizeof(struct ipv6_mreq) == 20 &&
               sizeof(struct in6_pktinfo) == 20 && sizeof(struct in_addr) == 4,
               "multicast requests and pktinfo are made of 32-bit fields and addresses");

/* --- sockets --------------------------------------------------------------------------------- */

/* The type argument of socket/socketpair: a base type and the two creation flags. Other bits
 * are -EINVAL, as __sys_socket says. */
static long socket_type_to_host(uint32_t type)
{
    uint32_t flags = type & ~(uint32_t)RV_SOCK_TYPE_MASK;
    if (flags & ~(uint32_t)(RV_SOCK_NONBLOCK | RV_SOCK_CLOEXEC))
        return -EINVAL;
    long h = type & RV_SOCK_TYPE_MASK;
    if (flags & RV_SOCK_NONBLOCK)
        h |= SOCK_NONBLOCK;
    if (flags & RV_SOCK_CLOEXEC)
        h |= SOCK_CLOEXEC;
    return h;
}

/* accept4's flags: the creation flags alone. */
static long accept_flags_to_host(uint32_t flags)
{
    if (flags & ~(uint32_t)(RV_SOCK_NONBLOCK | RV_SOCK_CLOEXEC))
        return -EINVAL;
    return socket_type_to_host(flags);
}

static bool family_allowed(int family)
{
    return family == RV_AF_UNIX || family == RV_AF_INET || family == RV_AF_INET6 ||
           family == RV_AF_NETLINK;
}

long sys_socket(struct rv_cpu *cpu, const uint64_t *a)
{
    /* __sys_socket checks the flags before the family. */
    long type = socket_type_to_host((uint32_t)a[1]);
    if (type < 0)
        return type;
    int family = (int)a[0];
    if (!family_allowed(family))
        return -EAFNOSUPPORT;
    return host_syscall3(SYS_socket, family, type, ARG_INT(2));
}

long sys_socketpair(struct rv_cpu *cpu, const uint64_t *a)
{
    long type = socket_type_to_host((uint32_t)a[1]);
    if (type < 0)
        return type;
    int family = (int)a[0];
    if (!family_allowed(family))
        return -EAFNOSUPPORT;
    int fds[2];
    long r = host_syscall4(SYS_socketpair, family, type, ARG_INT(2), HOST_ARG(fds));
    if (r < 0)
        return r;
    uint32_t g[2] = { rv_le32((uint32_t)fds[0]), rv_le32((uint32_t)fds[1]) };
    r = copy_to_guest(a[3], g, sizeof g);
    if (r < 0) {
        /* The guest cannot learn the descriptors: they must not leak (the kernel does not
         * install them either). */
        host_syscall1(SYS_close, fds[0]);
        host_syscall1(SYS_close, fds[1]);
    }
    return r;
}

/* bind and connect: (fd, addr, addrlen). */
static long addr_call(long host_nr, const uint64_t *a)
{
    struct sockaddr_storage addr;
    int r = rv_sockaddr_in(&addr, a[1], (int)a[2]);
    if (r < 0)
        return r;
    return safe_syscall3(host_nr, ARG_INT(0), HOST_ARG(&addr), (long)(uint32_t)a[2]);
}

long sys_bind(struct rv_cpu *cpu, const uint64_t *a)
{
    return addr_call(SYS_bind, a);
}

long sys_connect(struct rv_cpu *cpu, const uint64_t *a)
{
    return addr_call(SYS_connect, a);
}

long sys_listen(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_listen, ARG_INT(0), ARG_INT(1));
}

static long accept_common(const uint64_t *a, uint32_t flags)
{
    long hflags = accept_flags_to_host(flags);
    if (hflags < 0)
        return hflags;
    struct rv_addr_out out;
    int e = rv_addr_out_begin(&out, a[1], a[2], false);
    if (e < 0)
        return e;
    long fd = safe_syscall4(SYS_accept4, ARG_INT(0), HOST_ARG(rv_addr_out_ptr(&out)),
                            HOST_ARG(rv_addr_out_lenp(&out)), hflags);
    if (fd < 0)
        return fd;
    e = rv_addr_out_end(&out);
    if (e < 0) {
        /* The kernel writes the address before installing the descriptor and drops the
         * connection when that fails: the guest never sees the fd. */
        host_syscall1(SYS_close, fd);
        return e;
    }
    return fd;
}

long sys_accept(struct rv_cpu *cpu, const uint64_t *a)
{
    return accept_common(a, 0);
}

long sys_accept4(struct rv_cpu *cpu, const uint64_t *a)
{
    return accept_common(a, (uint32_t)a[3]);
}

/* getsockname and getpeername: (fd, addr, lenp), the address always written. */
static long name_call(long host_nr, const uint64_t *a)
{
    struct rv_addr_out out;
    int e = rv_addr_out_begin(&out, a[1], a[2], true);
    if (e < 0)
        return e;
    long r = host_syscall3(host_nr, ARG_INT(0), HOST_ARG(rv_addr_out_ptr(&out)),
                           HOST_ARG(rv_addr_out_lenp(&out)));
    if (r < 0)
        return r;
    return rv_addr_out_end(&out);
}

long sys_getsockname(struct rv_cpu *cpu, const uint64_t *a)
{
    return name_call(SYS_getsockname, a);
}

long sys_getpeername(struct rv_cpu *cpu, const uint64_t *a)
{
    return name_call(SYS_getpeername, a);
}

/* sendto(fd, buf, len, flags, addr, addrlen). MSG_* flags are the same on every Linux
 * architecture and pass unchanged; the kernel rejects the ones it does not know. */
long sys_sendto(struct rv_cpu *cpu, const uint64_t *a)
{
    long r = guest_check(a[1], a[2], PROT_READ);
    if (r < 0)
        return r;
    struct sockaddr_storage addr;
    void *hp = NULL;
    uint32_t alen = 0;
    if (a[4]) {
        alen = (uint32_t)a[5];
        if ((r = rv_sockaddr_in(&addr, a[4], (int)alen)) < 0)
            return r;
        hp = &addr;
    }
    return safe_syscall6(SYS_sendto, ARG_INT(0), HOST_ARG(g2h(a[1])), (long)a[2],
                         (long)(uint32_t)a[3], HOST_ARG(hp), alen);
}

/* recvfrom(fd, buf, len, flags, addr, lenp). */
long sys_recvfrom(struct rv_cpu *cpu, const uint64_t *a)
{
    long r = guest_check(a[1], a[2], PROT_WRITE);
    if (r < 0)
        return r;
    struct rv_addr_out out;
    if ((r = rv_addr_out_begin(&out, a[4], a[5], false)) < 0)
        return r;
    long n = safe_syscall6(SYS_recvfrom, ARG_INT(0), HOST_ARG(g2h(a[1])), (long)a[2],
                           (long)(uint32_t)a[3], HOST_ARG(rv_addr_out_ptr(&out)),
                           HOST_ARG(rv_addr_out_lenp(&out)));
    if (n < 0)
        return n;
    r = rv_addr_out_end(&out);
    return r < 0 ? r : n;
}

long sys_shutdown(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_shutdown, ARG_INT(0), ARG_INT(1));
}

/* --- socket options -------------------------------------------------------------------------- */

/* How one option's value is converted: the table's kind, refined for the structures that are
 * converted field by field. */
enum opt_conv { OPT_NONE, OPT_RAW, OPT_LINGER, OPT_TIMEVAL, OPT_UCRED, OPT_FPROG };

/* Options whose value holds user pointers the kernel reads or writes through, or keeps (so a
 * check of the value's own bytes would not cover them): refused with ENOPROTOOPT, the answer of
 * a kernel without them. Every other option the table does not list is a value laid out alike
 * on both 64-bit little-endian ABIs and goes to the host as raw bytes, its buffer checked:
 * IPV6_ADDRFORM, IPV6_RTHDR, an unknown level all get the host kernel's own answer. */
static bool holds_pointers(int level, int name)
{
    switch (level) {
    case 0:    /* IPPROTO_IP: ip_tables (ipt_replace's counters), arp_tables, ebtables */
        return (name >= 64 && name <= 65) || (name >= 96 && name <= 99) ||
               (name >= 128 && name <= 131);
    case 41:   /* IPPROTO_IPV6: ip6_tables */
        return name >= 64 && name <= 69;
    case 6:    /* IPPROTO_TCP: TCP_ZEROCOPY_RECEIVE (an address to map at, a control buffer) */
        return name == 35;
    case 276:  /* SOL_RDS: memory registrations with addresses and a cookie pointer */
    case 283:  /* SOL_XDP: XDP_UMEM_REG registers a user memory area the kernel pins */
        return true;
    default:
        return false;
    }
}

static enum opt_conv opt_lookup(int level, int name)
{
#define RV_SOCKOPT_FIND(lv, nm, value, kind) \
    if (level == (lv) && name == (value)) \
        return RV_SOCKOPT_##kind == RV_SOCKOPT_FPROG ? OPT_FPROG : OPT_RAW;
    if (level == RV_SOL_SOCKET) {
        switch (name) {
        case RV_SO_LINGER: return OPT_LINGER;
        case RV_SO_RCVTIMEO_OLD: case RV_SO_SNDTIMEO_OLD:
        case RV_SO_RCVTIMEO_NEW: case RV_SO_SNDTIMEO_NEW: return OPT_TIMEVAL;
        case RV_SO_PEERCRED: return OPT_UCRED;
        }
    }
    RV_SOCKOPT_LIST(RV_SOCKOPT_FIND)
#undef RV_SOCKOPT_FIND
    return holds_pointers(level, name) ? OPT_NONE : OPT_RAW;
}

/* A value converted field by field into `h` (host layout). Returns its host size or -errno. */
static long opt_value_to_host(enum opt_conv conv, void *h, const void *g, size_t glen)
{
    switch (conv) {
    case OPT_LINGER: {
        struct rv_linger gl;
        if (glen < sizeof gl)
            return -EINVAL;
        memcpy(&gl, g, sizeof gl);
        struct linger hl = { .l_onoff = (int)rv_le32((uint32_t)gl.l_onoff),
                             .l_linger = (int)rv_le32((uint32_t)gl.l_linger) };
        memcpy(h, &hl, sizeof hl);
        return sizeof hl;
    }
    case OPT_TIMEVAL: {
        struct rv_sock_timeval gt;
        if (glen < sizeof gt)
            return -EINVAL;
        memcpy(&gt, g, sizeof gt);
        struct timeval ht = { .tv_sec = (time_t)rv_le64((uint64_t)gt.tv_sec),
                              .tv_usec = (suseconds_t)rv_le64((uint64_t)gt.tv_usec) };
        memcpy(h, &ht, sizeof ht);
        return sizeof ht;
    }
    case OPT_UCRED: {
        struct rv_ucred gu;
        if (glen < sizeof gu)
            return -EINVAL;
        memcpy(&gu, g, sizeof gu);
        struct ucred hu = { .pid = (pid_t)rv_le32((uint32_t)gu.pid), .uid = rv_le32(gu.uid),
                            .gid = rv_le32(gu.gid) };
        memcpy(h, &hu, sizeof hu);
        return sizeof hu;
    }
    default:
        return -ENOPROTOOPT;
    }
}

/* The reverse, of hlen host bytes; returns the guest size. */
static size_t opt_value_to_guest(enum opt_conv conv, void *g, const void *h, size_t hlen)
{
    switch (conv) {
    case OPT_LINGER: {
        struct linger hl = { 0, 0 };
        memcpy(&hl, h, hlen < sizeof hl ? hlen : sizeof hl);
        struct rv_linger gl = { .l_onoff = (int32_t)rv_le32((uint32_t)hl.l_onoff),
                                .l_linger = (int32_t)rv_le32((uint32_t)hl.l_linger) };
        memcpy(g, &gl, sizeof gl);
        return sizeof gl;
    }
    case OPT_TIMEVAL: {
        struct timeval ht = { 0, 0 };
        memcpy(&ht, h, hlen < sizeof ht ? hlen : sizeof ht);
        struct rv_sock_timeval gt = { .tv_sec = (int64_t)rv_le64((uint64_t)ht.tv_sec),
                                      .tv_usec = (int64_t)rv_le64((uint64_t)ht.tv_usec) };
        memcpy(g, &gt, sizeof gt);
        return sizeof gt;
    }
    case OPT_UCRED: {
        struct ucred hu = { 0, 0, 0 };
        memcpy(&hu, h, hlen < sizeof hu ? hlen : sizeof hu);
        struct rv_ucred gu = { .pid = (int32_t)rv_le32((uint32_t)hu.pid), .uid = rv_le32(hu.uid),
                               .gid = rv_le32(hu.gid) };
        memcpy(g, &gu, sizeof gu);
        return sizeof gu;
    }
    default:
        memcpy(g, h, hlen);
        return hlen;
    }
}

/* SO_ATTACH_FILTER / SO_ATTACH_REUSEPORT_CBPF: the program's instructions are guest memory the
 * host will read; checked, then a host sock_fprog points at them. */
static long setsockopt_fprog(int fd, int level, int name, guest_addr optval, int optlen)
{
    struct rv_sock_fprog g;
    if (optlen < (int)sizeof g)
        return -EINVAL;
    int r = copy_from_guest(&g, optval, sizeof g);
    if (r < 0)
        return r;
    uint16_t len = rv_le16(g.len);
    guest_addr filter = rv_le64(g.filter);
    if (len == 0 || len > RV_BPF_MAXINSNS)
        return -EINVAL;
    if ((r = guest_check(filter, (size_t)len * RV_SOCK_FILTER_SIZE, PROT_READ)) < 0)
        return r;
    struct sock_fprog h = { .len = len, .filter = g2h(filter) };
    return host_syscall5(SYS_setsockopt, fd, level, name, HOST_ARG(&h), sizeof h);
}

/* setsockopt(fd, level, name, optval, optlen): options abi/socket.h does not list are raw bytes,
 * or -ENOPROTOOPT when they hold pointers (holds_pointers). Plain values are checked and handed
 * over in place, like a write buffer; structures with a conversion are copied through runner
 * memory. */
long sys_setsockopt(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0], level = (int)a[1], name = (int)a[2], optlen = (int)a[4];
    guest_addr optval = a[3];
    enum opt_conv conv = opt_lookup(level, name);
    if (conv == OPT_NONE)
        return -ENOPROTOOPT;
    if (optlen < 0)
        return -EINVAL;
    if (conv == OPT_FPROG)
        return setsockopt_fprog(fd, level, name, optval, optlen);
    if (conv == OPT_RAW) {
        long r = guest_check(optval, (size_t)optlen, PROT_READ);
        if (r < 0)
            return r;
        return host_syscall5(SYS_setsockopt, fd, level, name, HOST_ARG(g2h(optval)), optlen);
    }
    uint8_t g[32], h[32];
    size_t n = (size_t)optlen < sizeof g ? (size_t)optlen : sizeof g;
    int e = copy_from_guest(g, optval, n);
    if (e < 0)
        return e;
    long hlen = opt_value_to_host(conv, h, g, n);
    if (hlen < 0)
        return hlen;
    return host_syscall5(SYS_setsockopt, fd, level, name, HOST_ARG(h), hlen);
}

/* getsockopt(fd, level, name, optval, optlenp). The kernel writes min(*optlenp, value size)
 * bytes and stores that length; converted values follow the same rule on the guest side. */
long sys_getsockopt(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0], level = (int)a[1], name = (int)a[2];
    guest_addr optval = a[3], lenp = a[4];
    enum opt_conv conv = opt_lookup(level, name);
    if (conv == OPT_NONE)
        return -ENOPROTOOPT;
    int32_t ulen;
    int e = copy_from_guest(&ulen, lenp, sizeof ulen);
    if (e < 0)
        return e;
    ulen = (int32_t)rv_le32((uint32_t)ulen);
    if (ulen < 0)
        return -EINVAL;
    socklen_t hlen;
    long r;
    if ((conv == OPT_RAW || conv == OPT_FPROG) && ulen <= 4096) {
        /* Through runner memory, so that a bad buffer is EFAULT only when the kernel writes into
         * it, as the kernel's own copy_to_user faults (an empty IPV6_RTHDR writes nothing). It
         * starts as the guest's bytes: some options read their parameters from the buffer
         * (MCAST_MSFILTER, SCTP's). */
        uint8_t bounce[4096];
        if (copy_from_guest(bounce, optval, (size_t)ulen) < 0)
            memset(bounce, 0, (size_t)ulen);
        hlen = (socklen_t)ulen;
        r = host_syscall5(SYS_getsockopt, fd, level, name, HOST_ARG(bounce), HOST_ARG(&hlen));
        if (r < 0)
            return r;
        if (hlen > (socklen_t)ulen)
            hlen = (socklen_t)ulen;
        if ((e = copy_to_guest(optval, bounce, hlen)) < 0)
            return e;
    } else if (conv == OPT_RAW || conv == OPT_FPROG) {
        /* SO_GET_FILTER (the number of SO_ATTACH_FILTER) returns the instructions as bytes. */
        if ((r = guest_check(optval, (size_t)ulen, PROT_WRITE)) < 0)
            return r;
        hlen = (socklen_t)ulen;
        r = host_syscall5(SYS_getsockopt, fd, level, name, HOST_ARG(g2h(optval)), HOST_ARG(&hlen));
        if (r < 0)
            return r;
    } else {
        uint8_t h[32], g[32];
        hlen = sizeof h;
        r = host_syscall5(SYS_getsockopt, fd, level, name, HOST_ARG(h), HOST_ARG(&hlen));
        if (r < 0)
            return r;
        size_t glen = opt_value_to_guest(conv, g, h, hlen);
        if ((size_t)ulen < glen)
            glen = (size_t)ulen;
        if ((e = copy_to_guest(optval, g, glen)) < 0)
            return e;
        hlen = (socklen_t)glen;
    }
    uint32_t out = rv_le32(hlen);
    e = copy_to_guest(lenp, &out, sizeof out);
    return e < 0 ? e : 0;
}
