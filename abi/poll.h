/*
 * abi/poll.h - guest (riscv64) structures of ppoll and pselect6: struct pollfd, fd_set, and the
 * signal-mask argument pack of pselect6.
 *
 * Sources: asm-generic/poll.h (struct pollfd, POLL* bits; x86-64 uses the generic header too),
 * linux/posix_types.h (__kernel_fd_set: 1024 bits in longs), fs/select.c (struct
 * sigset_argpack, the sixth argument of pselect6). Every layout here is the same on riscv64 and
 * x86-64; the asserts say so, so handlers may hand the host kernel a checked guest pollfd array
 * as it is, and fd_set words need no reordering.
 */
#ifndef CROSSRUN_ABI_POLL_H
#define CROSSRUN_ABI_POLL_H

#include <stddef.h>
#include <stdint.h>

#include "abi/types.h"

/* struct pollfd { int fd; short events; short revents; } */
struct rv_pollfd {
    int32_t fd;
    int16_t events;
    int16_t revents;
};
_Static_assert(sizeof(struct rv_pollfd) == 8, "riscv64 pollfd is 8 bytes");
_Static_assert(offsetof(struct rv_pollfd, events) == 4, "events at 4");
_Static_assert(offsetof(struct rv_pollfd, revents) == 6, "revents at 6");

/* asm-generic/poll.h */
#define RV_POLLIN      0x0001
#define RV_POLLPRI     0x0002
#define RV_POLLOUT     0x0004
#define RV_POLLERR     0x0008
#define RV_POLLHUP     0x0010
#define RV_POLLNVAL    0x0020
#define RV_POLLRDNORM  0x0040
#define RV_POLLRDBAND  0x0080
#define RV_POLLWRNORM  0x0100
#define RV_POLLWRBAND  0x0200
#define RV_POLLMSG     0x0400
#define RV_POLLREMOVE  0x1000
#define RV_POLLRDHUP   0x2000

/* fd_set: __FD_SETSIZE bits in unsigned longs (64-bit on both sides). The kernel reads and
 * writes only the words that cover nfds bits (fs/select.c: FDS_BYTES). */
#define RV_FD_SETSIZE   1024
#define RV_NFDBITS      64
static inline uint64_t rv_fds_bytes(uint64_t nfds) { return (nfds + RV_NFDBITS - 1) / RV_NFDBITS * 8; }

/* pselect6's sixth argument points at { const sigset_t *ss; size_t ss_len; } (fs/select.c,
 * struct sigset_argpack), a pointer and a size in guest longs. */
struct rv_sigset_argpack {
    guest_addr ss;
    guest_ulong ss_len;
};
_Static_assert(sizeof(struct rv_sigset_argpack) == 16, "sigset_argpack is 16 bytes");

#endif
