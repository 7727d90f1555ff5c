/*
 * abi/socket.h - the guest's (riscv64 LP64) socket ABI: structures, constants and the table of
 * socket options crossrun lets through.
 *
 * Sources: include/linux/socket.h (struct msghdr as user space sees it: struct user_msghdr,
 * struct cmsghdr, struct mmsghdr, CMSG_ALIGN, MSG_*, AF_*, SOL_*), include/uapi/linux/uio.h
 * (struct iovec), include/uapi/linux/socket.h (__kernel_sockaddr_storage), include/uapi/linux/
 * in.h, in6.h, un.h, netlink.h (addresses), include/linux/net.h and asm-generic/socket.h
 * (SOCK_*, SO_*), include/uapi/asm-generic/socket.h, include/uapi/linux/tcp.h and udp.h (option
 * numbers), include/linux/socket.h's struct ucred, include/uapi/linux/time.h (timeval) and
 * include/uapi/linux/filter.h (struct sock_fprog).
 *
 * riscv64 takes its socket.h from asm-generic and so does x86-64 (arch/x86/include/uapi/asm/
 * socket.h is one #include of it), and both are LP64 little-endian, so every layout and number
 * below equals the host's. They are written out anyway and asserted against the host's headers
 * (in syscall/net.c, which sees both): the handlers convert field by field through these types,
 * never by handing a guest structure to the host, so a pair of architectures that differ (mips'
 * SOCK_STREAM is 2, its SO_* are different; a 32-bit guest's msghdr is 28 bytes) needs changes
 * here and in the conversions, not in every handler.
 */
#ifndef CROSSRUN_ABI_SOCKET_H
#define CROSSRUN_ABI_SOCKET_H

#include <stddef.h>
#include <stdint.h>

#include "abi/fcntl.h"
#include "abi/uio.h"

/* --- structures ------------------------------------------------------------------------------ */

/* struct user_msghdr (include/linux/socket.h), what sendmsg/recvmsg take: 56 bytes on LP64,
 * with padding after the int msg_namelen and after the unsigned msg_flags. */
struct rv_msghdr {
    uint64_t msg_name;         /* void __user * */
    int32_t msg_namelen;       /* int */
    uint32_t __pad0;
    uint64_t msg_iov;          /* struct iovec __user * */
    uint64_t msg_iovlen;       /* __kernel_size_t */
    uint64_t msg_control;      /* void __user * */
    uint64_t msg_controllen;   /* __kernel_size_t */
    uint32_t msg_flags;        /* unsigned int */
    uint32_t __pad1;
};
_Static_assert(sizeof(struct rv_msghdr) == 56, "riscv64 user_msghdr is 56 bytes");
_Static_assert(offsetof(struct rv_msghdr, msg_namelen) == 8, "msg_namelen at 8");
_Static_assert(offsetof(struct rv_msghdr, msg_iov) == 16, "msg_iov at 16");
_Static_assert(offsetof(struct rv_msghdr, msg_iovlen) == 24, "msg_iovlen at 24");
_Static_assert(offsetof(struct rv_msghdr, msg_control) == 32, "msg_control at 32");
_Static_assert(offsetof(struct rv_msghdr, msg_controllen) == 40, "msg_controllen at 40");
_Static_assert(offsetof(struct rv_msghdr, msg_flags) == 48, "msg_flags at 48");

/* struct mmsghdr (include/linux/socket.h): a msghdr and the byte count of that message. */
struct rv_mmsghdr {
    struct rv_msghdr msg_hdr;
    uint32_t msg_len;
    uint32_t __pad;
};
_Static_assert(sizeof(struct rv_mmsghdr) == 64, "riscv64 mmsghdr is 64 bytes");
_Static_assert(offsetof(struct rv_mmsghdr, msg_len) == 56, "msg_len at 56");

/* struct cmsghdr (include/linux/socket.h): __kernel_size_t cmsg_len, then level and type.
 * Control messages are aligned to CMSG_ALIGN = sizeof(long) = 8. */
struct rv_cmsghdr {
    uint64_t cmsg_len;         /* header + data, unpadded */
    int32_t cmsg_level;
    int32_t cmsg_type;
};
_Static_assert(sizeof(struct rv_cmsghdr) == 16, "riscv64 cmsghdr is 16 bytes");
#define RV_CMSG_ALIGN(len) (((len) + 7u) & ~(uint64_t)7u)

/* SCM_CREDENTIALS and SO_PEERCRED carry struct ucred: pid, uid, gid as 32-bit ints. */
struct rv_ucred {
    int32_t pid;
    uint32_t uid;
    uint32_t gid;
};
_Static_assert(sizeof(struct rv_ucred) == 12, "ucred is 12 bytes");

/* SO_LINGER: struct linger (include/linux/socket.h), two ints. */
struct rv_linger {
    int32_t l_onoff;
    int32_t l_linger;
};
_Static_assert(sizeof(struct rv_linger) == 8, "linger is 8 bytes");

/* SO_RCVTIMEO/SO_SNDTIMEO: on a 64-bit kernel the _OLD options take struct timeval (two longs)
 * and the _NEW ones struct __kernel_sock_timeval (two s64): the same 16 bytes. */
struct rv_sock_timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};
_Static_assert(sizeof(struct rv_sock_timeval) == 16, "riscv64 timeval is 16 bytes");

/* SO_ATTACH_FILTER: struct sock_fprog (include/uapi/linux/filter.h): an unsigned short count,
 * padding, and a pointer to count 8-byte struct sock_filter instructions. */
struct rv_sock_fprog {
    uint16_t len;
    uint16_t __pad[3];
    uint64_t filter;
};
_Static_assert(sizeof(struct rv_sock_fprog) == 16, "riscv64 sock_fprog is 16 bytes");
#define RV_SOCK_FILTER_SIZE 8
#define RV_BPF_MAXINSNS 4096

/* Addresses. __kernel_sockaddr_storage is 128 bytes, aligned to a pointer; every family's
 * address starts with the 16-bit family. */
#define RV_SOCKADDR_STORAGE 128

struct rv_sockaddr_in {                /* include/uapi/linux/in.h */
    uint16_t sin_family;
    uint16_t sin_port;                 /* network byte order */
    uint32_t sin_addr;                 /* network byte order */
    uint8_t sin_zero[8];
};
_Static_assert(sizeof(struct rv_sockaddr_in) == 16, "sockaddr_in is 16 bytes");

struct rv_sockaddr_in6 {               /* include/uapi/linux/in6.h */
    uint16_t sin6_family;
    uint16_t sin6_port;
    uint32_t sin6_flowinfo;
    uint8_t sin6_addr[16];
    uint32_t sin6_scope_id;
};
_Static_assert(sizeof(struct rv_sockaddr_in6) == 28, "sockaddr_in6 is 28 bytes");

struct rv_sockaddr_un {                /* include/uapi/linux/un.h */
    uint16_t sun_family;
    char sun_path[108];
};
_Static_assert(sizeof(struct rv_sockaddr_un) == 110, "sockaddr_un is 110 bytes");

struct rv_sockaddr_nl {                /* include/uapi/linux/netlink.h */
    uint16_t nl_family;
    uint16_t nl_pad;
    uint32_t nl_pid;
    uint32_t nl_groups;
};
_Static_assert(sizeof(struct rv_sockaddr_nl) == 12, "sockaddr_nl is 12 bytes");

/* --- constants ------------------------------------------------------------------------------- */

/* Address families crossrun lets guests create sockets in (include/linux/socket.h). */
#define RV_AF_UNSPEC   0
#define RV_AF_UNIX     1
#define RV_AF_INET     2
#define RV_AF_INET6    10
#define RV_AF_NETLINK  16

/* Socket types (include/linux/net.h; the generic values, which mips alone does not use). */
#define RV_SOCK_STREAM     1
#define RV_SOCK_DGRAM      2
#define RV_SOCK_RAW        3
#define RV_SOCK_RDM        4
#define RV_SOCK_SEQPACKET  5
#define RV_SOCK_PACKET     10
#define RV_SOCK_TYPE_MASK  0xf
/* The creation flags are O_NONBLOCK and O_CLOEXEC by definition (include/linux/net.h). */
#define RV_SOCK_NONBLOCK   RV_O_NONBLOCK
#define RV_SOCK_CLOEXEC    RV_O_CLOEXEC
_Static_assert(RV_SOCK_NONBLOCK == 04000 && RV_SOCK_CLOEXEC == 02000000,
               "asm-generic SOCK_NONBLOCK/SOCK_CLOEXEC");

/* shutdown(2) */
#define RV_SHUT_RD    0
#define RV_SHUT_WR    1
#define RV_SHUT_RDWR  2

/* Option levels (include/linux/socket.h SOL_*, include/uapi/linux/in.h IPPROTO_*). */
#define RV_SOL_IP       0
#define RV_SOL_SOCKET   1
#define RV_SOL_TCP      6
#define RV_SOL_UDP      17
#define RV_SOL_IPV6     41
#define RV_SOL_NETLINK  270

/* Control message types at SOL_SOCKET. */
#define RV_SCM_RIGHTS       1
#define RV_SCM_CREDENTIALS  2

/* msg flags (include/linux/socket.h MSG_*), the same bits on every Linux architecture. */
#define RV_MSG_OOB           0x1
#define RV_MSG_PEEK          0x2
#define RV_MSG_DONTROUTE     0x4
#define RV_MSG_CTRUNC        0x8
#define RV_MSG_PROBE         0x10
#define RV_MSG_TRUNC         0x20
#define RV_MSG_DONTWAIT      0x40
#define RV_MSG_EOR           0x80
#define RV_MSG_WAITALL       0x100
#define RV_MSG_FIN           0x200
#define RV_MSG_SYN           0x400
#define RV_MSG_CONFIRM       0x800
#define RV_MSG_RST           0x1000
#define RV_MSG_ERRQUEUE      0x2000
#define RV_MSG_NOSIGNAL      0x4000
#define RV_MSG_MORE          0x8000
#define RV_MSG_WAITFORONE    0x10000
#define RV_MSG_BATCH         0x40000
#define RV_MSG_ZEROCOPY      0x4000000
#define RV_MSG_FASTOPEN      0x20000000
#define RV_MSG_CMSG_CLOEXEC  0x40000000

/*
 * The socket options crossrun passes to the host, as X(level, NAME, value, kind). kind says
 * what the option value is, which decides how it is converted:
 *   INT    an int (or a u32/u64 the kernel sizes by optlen): the same bytes on both sides
 *   FIXED  a fixed-size structure of fixed-width fields, layout identical (asserted in net.c
 *          where it is not plain bytes): struct linger, timeval, ucred, ip_mreq...
 *   BYTES  a byte string or an array of 32-bit values with no pointer inside (device names,
 *          congestion control names, peer security labels, struct tcp_info)
 *   FPROG  struct sock_fprog: holds a guest pointer, rebuilt for the host after a check
 * Options not listed go to the host as raw bytes (INT/BYTES: their buffer checked), so the guest
 * gets the host kernel's own answer, except those known to hold pointers (syscall/net.c's
 * holds_pointers: ip_tables, TCP_ZEROCOPY_RECEIVE, RDS, XDP), refused with -ENOPROTOOPT: the
 * host kernel would read or write memory crossrun never vetted.
 */
#define RV_SOCKOPT_LIST(X) \
    X(RV_SOL_SOCKET, SO_DEBUG, 1, INT) \
    X(RV_SOL_SOCKET, SO_REUSEADDR, 2, INT) \
    X(RV_SOL_SOCKET, SO_TYPE, 3, INT) \
    X(RV_SOL_SOCKET, SO_ERROR, 4, INT) \
    X(RV_SOL_SOCKET, SO_DONTROUTE, 5, INT) \
    X(RV_SOL_SOCKET, SO_BROADCAST, 6, INT) \
    X(RV_SOL_SOCKET, SO_SNDBUF, 7, INT) \
    X(RV_SOL_SOCKET, SO_RCVBUF, 8, INT) \
    X(RV_SOL_SOCKET, SO_KEEPALIVE, 9, INT) \
    X(RV_SOL_SOCKET, SO_OOBINLINE, 10, INT) \
    X(RV_SOL_SOCKET, SO_NO_CHECK, 11, INT) \
    X(RV_SOL_SOCKET, SO_PRIORITY, 12, INT) \
    X(RV_SOL_SOCKET, SO_LINGER, 13, FIXED) \
    X(RV_SOL_SOCKET, SO_BSDCOMPAT, 14, INT) \
    X(RV_SOL_SOCKET, SO_REUSEPORT, 15, INT) \
    X(RV_SOL_SOCKET, SO_PASSCRED, 16, INT) \
    X(RV_SOL_SOCKET, SO_PEERCRED, 17, FIXED) \
    X(RV_SOL_SOCKET, SO_RCVLOWAT, 18, INT) \
    X(RV_SOL_SOCKET, SO_SNDLOWAT, 19, INT) \
    X(RV_SOL_SOCKET, SO_RCVTIMEO_OLD, 20, FIXED) \
    X(RV_SOL_SOCKET, SO_SNDTIMEO_OLD, 21, FIXED) \
    X(RV_SOL_SOCKET, SO_BINDTODEVICE, 25, BYTES) \
    X(RV_SOL_SOCKET, SO_ATTACH_FILTER, 26, FPROG) \
    X(RV_SOL_SOCKET, SO_DETACH_FILTER, 27, INT) \
    X(RV_SOL_SOCKET, SO_PEERNAME, 28, BYTES) \
    X(RV_SOL_SOCKET, SO_TIMESTAMP_OLD, 29, INT) \
    X(RV_SOL_SOCKET, SO_ACCEPTCONN, 30, INT) \
    X(RV_SOL_SOCKET, SO_PEERSEC, 31, BYTES) \
    X(RV_SOL_SOCKET, SO_SNDBUFFORCE, 32, INT) \
    X(RV_SOL_SOCKET, SO_RCVBUFFORCE, 33, INT) \
    X(RV_SOL_SOCKET, SO_PASSSEC, 34, INT) \
    X(RV_SOL_SOCKET, SO_TIMESTAMPNS_OLD, 35, INT) \
    X(RV_SOL_SOCKET, SO_MARK, 36, INT) \
    X(RV_SOL_SOCKET, SO_TIMESTAMPING_OLD, 37, BYTES) \
    X(RV_SOL_SOCKET, SO_PROTOCOL, 38, INT) \
    X(RV_SOL_SOCKET, SO_DOMAIN, 39, INT) \
    X(RV_SOL_SOCKET, SO_RXQ_OVFL, 40, INT) \
    X(RV_SOL_SOCKET, SO_WIFI_STATUS, 41, INT) \
    X(RV_SOL_SOCKET, SO_PEEK_OFF, 42, INT) \
    X(RV_SOL_SOCKET, SO_NOFCS, 43, INT) \
    X(RV_SOL_SOCKET, SO_LOCK_FILTER, 44, INT) \
    X(RV_SOL_SOCKET, SO_SELECT_ERR_QUEUE, 45, INT) \
    X(RV_SOL_SOCKET, SO_BUSY_POLL, 46, INT) \
    X(RV_SOL_SOCKET, SO_MAX_PACING_RATE, 47, INT) \
    X(RV_SOL_SOCKET, SO_BPF_EXTENSIONS, 48, INT) \
    X(RV_SOL_SOCKET, SO_INCOMING_CPU, 49, INT) \
    X(RV_SOL_SOCKET, SO_ATTACH_BPF, 50, INT) \
    X(RV_SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, 51, FPROG) \
    X(RV_SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF, 52, INT) \
    X(RV_SOL_SOCKET, SO_CNX_ADVICE, 53, INT) \
    X(RV_SOL_SOCKET, SO_MEMINFO, 55, BYTES) \
    X(RV_SOL_SOCKET, SO_INCOMING_NAPI_ID, 56, INT) \
    X(RV_SOL_SOCKET, SO_COOKIE, 57, INT) \
    X(RV_SOL_SOCKET, SO_PEERGROUPS, 59, BYTES) \
    X(RV_SOL_SOCKET, SO_ZEROCOPY, 60, INT) \
    X(RV_SOL_SOCKET, SO_TXTIME, 61, FIXED) \
    X(RV_SOL_SOCKET, SO_BINDTOIFINDEX, 62, INT) \
    X(RV_SOL_SOCKET, SO_TIMESTAMP_NEW, 63, INT) \
    X(RV_SOL_SOCKET, SO_TIMESTAMPNS_NEW, 64, INT) \
    X(RV_SOL_SOCKET, SO_TIMESTAMPING_NEW, 65, BYTES) \
    X(RV_SOL_SOCKET, SO_RCVTIMEO_NEW, 66, FIXED) \
    X(RV_SOL_SOCKET, SO_SNDTIMEO_NEW, 67, FIXED) \
    X(RV_SOL_SOCKET, SO_DETACH_REUSEPORT_BPF, 68, INT) \
    X(RV_SOL_SOCKET, SO_PREFER_BUSY_POLL, 69, INT) \
    X(RV_SOL_SOCKET, SO_BUSY_POLL_BUDGET, 70, INT) \
    X(RV_SOL_SOCKET, SO_NETNS_COOKIE, 71, INT) \
    X(RV_SOL_SOCKET, SO_BUF_LOCK, 72, INT) \
    X(RV_SOL_SOCKET, SO_RESERVE_MEM, 73, INT) \
    X(RV_SOL_SOCKET, SO_TXREHASH, 74, INT) \
    X(RV_SOL_SOCKET, SO_RCVMARK, 75, INT) \
    X(RV_SOL_IP, IP_TOS, 1, INT) \
    X(RV_SOL_IP, IP_TTL, 2, INT) \
    X(RV_SOL_IP, IP_HDRINCL, 3, INT) \
    X(RV_SOL_IP, IP_OPTIONS, 4, BYTES) \
    X(RV_SOL_IP, IP_RECVOPTS, 6, INT) \
    X(RV_SOL_IP, IP_RETOPTS, 7, INT) \
    X(RV_SOL_IP, IP_PKTINFO, 8, INT) \
    X(RV_SOL_IP, IP_MTU_DISCOVER, 10, INT) \
    X(RV_SOL_IP, IP_RECVERR, 11, INT) \
    X(RV_SOL_IP, IP_RECVTTL, 12, INT) \
    X(RV_SOL_IP, IP_RECVTOS, 13, INT) \
    X(RV_SOL_IP, IP_MTU, 14, INT) \
    X(RV_SOL_IP, IP_FREEBIND, 15, INT) \
    X(RV_SOL_IP, IP_PASSSEC, 18, INT) \
    X(RV_SOL_IP, IP_TRANSPARENT, 19, INT) \
    X(RV_SOL_IP, IP_RECVORIGDSTADDR, 20, INT) \
    X(RV_SOL_IP, IP_MINTTL, 21, INT) \
    X(RV_SOL_IP, IP_NODEFRAG, 22, INT) \
    X(RV_SOL_IP, IP_CHECKSUM, 23, INT) \
    X(RV_SOL_IP, IP_BIND_ADDRESS_NO_PORT, 24, INT) \
    X(RV_SOL_IP, IP_RECVFRAGSIZE, 25, INT) \
    X(RV_SOL_IP, IP_MULTICAST_IF, 32, FIXED) \
    X(RV_SOL_IP, IP_MULTICAST_TTL, 33, INT) \
    X(RV_SOL_IP, IP_MULTICAST_LOOP, 34, INT) \
    X(RV_SOL_IP, IP_ADD_MEMBERSHIP, 35, FIXED) \
    X(RV_SOL_IP, IP_DROP_MEMBERSHIP, 36, FIXED) \
    X(RV_SOL_IP, IP_UNBLOCK_SOURCE, 37, FIXED) \
    X(RV_SOL_IP, IP_BLOCK_SOURCE, 38, FIXED) \
    X(RV_SOL_IP, IP_ADD_SOURCE_MEMBERSHIP, 39, FIXED) \
    X(RV_SOL_IP, IP_DROP_SOURCE_MEMBERSHIP, 40, FIXED) \
    X(RV_SOL_IP, IP_MSFILTER, 41, BYTES) \
    X(RV_SOL_IP, IP_MULTICAST_ALL, 49, INT) \
    X(RV_SOL_IP, IP_UNICAST_IF, 50, INT) \
    X(RV_SOL_TCP, TCP_NODELAY, 1, INT) \
    X(RV_SOL_TCP, TCP_MAXSEG, 2, INT) \
    X(RV_SOL_TCP, TCP_CORK, 3, INT) \
    X(RV_SOL_TCP, TCP_KEEPIDLE, 4, INT) \
    X(RV_SOL_TCP, TCP_KEEPINTVL, 5, INT) \
    X(RV_SOL_TCP, TCP_KEEPCNT, 6, INT) \
    X(RV_SOL_TCP, TCP_SYNCNT, 7, INT) \
    X(RV_SOL_TCP, TCP_LINGER2, 8, INT) \
    X(RV_SOL_TCP, TCP_DEFER_ACCEPT, 9, INT) \
    X(RV_SOL_TCP, TCP_WINDOW_CLAMP, 10, INT) \
    X(RV_SOL_TCP, TCP_INFO, 11, BYTES) \
    X(RV_SOL_TCP, TCP_QUICKACK, 12, INT) \
    X(RV_SOL_TCP, TCP_CONGESTION, 13, BYTES) \
    X(RV_SOL_TCP, TCP_THIN_LINEAR_TIMEOUTS, 16, INT) \
    X(RV_SOL_TCP, TCP_THIN_DUPACK, 17, INT) \
    X(RV_SOL_TCP, TCP_USER_TIMEOUT, 18, INT) \
    X(RV_SOL_TCP, TCP_FASTOPEN, 23, INT) \
    X(RV_SOL_TCP, TCP_TIMESTAMP, 24, INT) \
    X(RV_SOL_TCP, TCP_NOTSENT_LOWAT, 25, INT) \
    X(RV_SOL_TCP, TCP_CC_INFO, 26, BYTES) \
    X(RV_SOL_TCP, TCP_SAVE_SYN, 27, INT) \
    X(RV_SOL_TCP, TCP_SAVED_SYN, 28, BYTES) \
    X(RV_SOL_TCP, TCP_FASTOPEN_CONNECT, 30, INT) \
    X(RV_SOL_TCP, TCP_ULP, 31, BYTES) \
    X(RV_SOL_TCP, TCP_FASTOPEN_NO_COOKIE, 34, INT) \
    X(RV_SOL_TCP, TCP_INQ, 36, INT) \
    X(RV_SOL_TCP, TCP_TX_DELAY, 37, INT) \
    X(RV_SOL_UDP, UDP_CORK, 1, INT) \
    X(RV_SOL_UDP, UDP_ENCAP, 100, INT) \
    X(RV_SOL_UDP, UDP_NO_CHECK6_TX, 101, INT) \
    X(RV_SOL_UDP, UDP_NO_CHECK6_RX, 102, INT) \
    X(RV_SOL_UDP, UDP_SEGMENT, 103, INT) \
    X(RV_SOL_UDP, UDP_GRO, 104, INT) \
    X(RV_SOL_IPV6, IPV6_ADDRFORM, 1, INT) \
    X(RV_SOL_IPV6, IPV6_UNICAST_HOPS, 16, INT) \
    X(RV_SOL_IPV6, IPV6_MULTICAST_IF, 17, INT) \
    X(RV_SOL_IPV6, IPV6_MULTICAST_HOPS, 18, INT) \
    X(RV_SOL_IPV6, IPV6_MULTICAST_LOOP, 19, INT) \
    X(RV_SOL_IPV6, IPV6_ADD_MEMBERSHIP, 20, FIXED) \
    X(RV_SOL_IPV6, IPV6_DROP_MEMBERSHIP, 21, FIXED) \
    X(RV_SOL_IPV6, IPV6_ROUTER_ALERT, 22, INT) \
    X(RV_SOL_IPV6, IPV6_MTU_DISCOVER, 23, INT) \
    X(RV_SOL_IPV6, IPV6_MTU, 24, INT) \
    X(RV_SOL_IPV6, IPV6_RECVERR, 25, INT) \
    X(RV_SOL_IPV6, IPV6_V6ONLY, 26, INT) \
    X(RV_SOL_IPV6, IPV6_JOIN_ANYCAST, 27, FIXED) \
    X(RV_SOL_IPV6, IPV6_LEAVE_ANYCAST, 28, FIXED) \
    X(RV_SOL_IPV6, IPV6_MULTICAST_ALL, 29, INT) \
    X(RV_SOL_IPV6, IPV6_RECVPKTINFO, 49, INT) \
    X(RV_SOL_IPV6, IPV6_PKTINFO, 50, FIXED) \
    X(RV_SOL_IPV6, IPV6_RECVHOPLIMIT, 51, INT) \
    X(RV_SOL_IPV6, IPV6_HOPLIMIT, 52, INT) \
    X(RV_SOL_IPV6, IPV6_RECVTCLASS, 66, INT) \
    X(RV_SOL_IPV6, IPV6_TCLASS, 67, INT) \
    X(RV_SOL_IPV6, IPV6_AUTOFLOWLABEL, 70, INT) \
    X(RV_SOL_IPV6, IPV6_ADDR_PREFERENCES, 72, INT) \
    X(RV_SOL_IPV6, IPV6_MINHOPCOUNT, 73, INT) \
    X(RV_SOL_IPV6, IPV6_RECVORIGDSTADDR, 74, INT) \
    X(RV_SOL_IPV6, IPV6_TRANSPARENT, 75, INT) \
    X(RV_SOL_IPV6, IPV6_UNICAST_IF, 76, INT) \
    X(RV_SOL_IPV6, IPV6_FREEBIND, 78, INT) \
    X(RV_SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 1, INT) \
    X(RV_SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, 2, INT) \
    X(RV_SOL_NETLINK, NETLINK_PKTINFO, 3, INT) \
    X(RV_SOL_NETLINK, NETLINK_BROADCAST_ERROR, 4, INT) \
    X(RV_SOL_NETLINK, NETLINK_NO_ENOBUFS, 5, INT) \
    X(RV_SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, 8, INT) \
    X(RV_SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, 9, BYTES) \
    X(RV_SOL_NETLINK, NETLINK_CAP_ACK, 10, INT) \
    X(RV_SOL_NETLINK, NETLINK_EXT_ACK, 11, INT) \
    X(RV_SOL_NETLINK, NETLINK_GET_STRICT_CHK, 12, INT)

/* MCAST_JOIN_GROUP .. MCAST_MSFILTER (42..48) take struct group_req and friends, whose
 * sockaddr_storage member makes them 64-bit-aligned structs of 136+ bytes on both sides; they
 * are left out until a guest needs them, as are the IPV6 2292* and routing header options. */

enum rv_sockopt_kind { RV_SOCKOPT_INT, RV_SOCKOPT_FIXED, RV_SOCKOPT_BYTES, RV_SOCKOPT_FPROG };

#define RV_SOCKOPT_DEFINE(level, name, value, kind) RV_##name = value,
enum { RV_SOCKOPT_LIST(RV_SOCKOPT_DEFINE) };
#undef RV_SOCKOPT_DEFINE
/* The names glibc uses on 64-bit targets for the _OLD time options. */
#define RV_SO_RCVTIMEO RV_SO_RCVTIMEO_OLD
#define RV_SO_SNDTIMEO RV_SO_SNDTIMEO_OLD

#endif
