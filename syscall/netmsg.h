/*
 * syscall/netmsg.h - socket helpers shared by syscall/net.c and syscall/netmsg.c: guest socket
 * addresses in and out, and the guest msghdr turned into a host one and back.
 *
 * A guest struct msghdr is never handed to the host kernel: rv_msg_in copies it, checks every
 * iovec range and the control buffer, and builds a host msghdr whose pointers are either runner
 * buffers (address, control data) or guest buffers already checked (the iovec bases). After a
 * receive, rv_msg_out writes back only what the kernel would write: msg_namelen, the address,
 * msg_controllen, the control messages and msg_flags. Exposed for tests/unit/test_net.c.
 */
#ifndef CROSSRUN_SYSCALL_NETMSG_H
#define CROSSRUN_SYSCALL_NETMSG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "abi/socket.h"
#include "mem/uaccess.h"

/* The largest control buffer crossrun copies for one call. The kernel refuses sendmsg control
 * data above net.core.optmem_max (20 KiB..128 KiB by default) with -ENOBUFS, so a larger
 * send is refused the same way; a larger receive buffer is used up to this size only. */
#define RV_MSG_CONTROL_MAX (1u << 20)

/* A socket address a call reads: guest bytes [addr, addr+len) copied into a host buffer.
 * 0 or -errno (the kernel's: -EINVAL for len < 0 or > 128, -EFAULT). */
int rv_sockaddr_in(struct sockaddr_storage *h, guest_addr addr, int len) RV_WUR;

/* A socket address a call writes, through (addr, lenp) as accept/getsockname/recvfrom take it. */
struct rv_addr_out {
    guest_addr addr, lenp;
    bool active;                   /* false: the host gets NULL, NULL */
    int32_t ulen;                  /* the guest's buffer size */
    struct sockaddr_storage buf;   /* what the host fills */
    socklen_t klen;                /* in: sizeof buf; out: the address's real length */
};
/* required: the call writes an address even when addr is NULL (getsockname, getpeername); for
 * accept and recvfrom a NULL addr means "not wanted". 0 or -EFAULT/-EINVAL. */
int rv_addr_out_begin(struct rv_addr_out *o, guest_addr addr, guest_addr lenp, bool required) RV_WUR;
struct sockaddr *rv_addr_out_ptr(struct rv_addr_out *o);
socklen_t *rv_addr_out_lenp(struct rv_addr_out *o);
/* Copies min(ulen, klen) bytes of the address and stores klen, as move_addr_to_user does. */
int rv_addr_out_end(struct rv_addr_out *o) RV_WUR;

/* One message being sent or received. Large (the iovec array): callers keep one and reuse it. */
struct rv_host_msg {
    struct msghdr msg;                 /* what the host kernel gets */
    struct sockaddr_storage name;
    struct iovec iov[RV_UIO_MAXIOV];
    uint8_t *control;                  /* malloc'd, or NULL */
    guest_addr g_msg;                  /* the guest's struct msghdr */
    struct rv_msghdr g;                /* its copy */
};

/* Copies and checks guest msghdr g_msg for a send (recv false) or a receive (recv true) and
 * builds m->msg. Returns 0 or -errno: -EFAULT for any unreadable part (or, for a receive, an
 * unwritable iovec or control buffer), -EINVAL for msg_namelen < 0, an iovec total above
 * SSIZE_MAX or a malformed control message, -EMSGSIZE for more than UIO_MAXIOV iovecs, -ENOBUFS
 * for send control data above RV_MSG_CONTROL_MAX. Call rv_msg_free afterwards in every case. */
int rv_msg_in(struct rv_host_msg *m, guest_addr g_msg, bool recv) RV_WUR;

/* After a successful host recvmsg: converts and copies back the address, the control messages,
 * msg_namelen, msg_controllen and msg_flags. 0 or -EFAULT (descriptors that arrived with
 * SCM_RIGHTS are closed then, since the guest cannot learn them). */
int rv_msg_out(struct rv_host_msg *m) RV_WUR;

void rv_msg_free(struct rv_host_msg *m);

/* Control messages between the two layouts; dst has room for len bytes (both layouts have the
 * same size). Returns the bytes written, or -EINVAL for a header that does not fit (to_host:
 * a guest mistake; the host kernel's output is always well-formed). */
long rv_cmsgs_to_host(uint8_t *dst, const uint8_t *src, size_t len);
long rv_cmsgs_to_guest(uint8_t *dst, const uint8_t *src, size_t len);

#endif
