/*
 * syscall/netmsg.c - sendmsg, recvmsg, sendmmsg, recvmmsg, and the conversions behind them
 * (syscall/netmsg.h): guest msghdr to host msghdr, control messages both ways, socket
 * addresses in and out (also used by syscall/net.c).
 *
 * The guest's struct msghdr is copied into the runner once, every iovec range is checked with
 * the access the kernel will make, the address and the control data are copied into runner
 * buffers and the control messages rebuilt in the host layout; only then does the host see a
 * msghdr, one the runner built. The layouts happen to be identical (abi/socket.h asserts both
 * sides), so the conversions are field copies, but a guest pointer inside a guest structure
 * never reaches the host kernel unchecked, and another guest thread rewriting the msghdr after
 * the check changes nothing.
 *
 * sendmmsg and recvmmsg are loops of host sendmsg/recvmsg, one message at a time, with the
 * kernel's rules for partial success (the count so far, or the first error) and for recvmmsg's
 * MSG_WAITFORONE and timeout (checked after each datagram, as the kernel does). One difference:
 * after a partial recvmmsg the kernel keeps the error in sk_err for the next call, which crossrun
 * cannot set on a host socket; the error is lost, as an EAGAIN would be. Batching them
 * into one host call would need up to 1024 host msghdrs with 1024 iovecs each in memory.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "abi/time.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/iovec.h"
#include "syscall/netmsg.h"
#include "syscall/syscall.h"

_Static_assert(sizeof(struct msghdr) == sizeof(struct rv_msghdr), "host msghdr is 56 bytes");
_Static_assert(offsetof(struct msghdr, msg_controllen) == offsetof(struct rv_msghdr, msg_controllen),
               "msg_controllen");
_Static_assert(sizeof(struct cmsghdr) == sizeof(struct rv_cmsghdr), "host cmsghdr is 16 bytes");
_Static_assert(CMSG_ALIGN(1) == RV_CMSG_ALIGN(1), "the same control message alignment");
_Static_assert(sizeof(struct ucred) == sizeof(struct rv_ucred), "host ucred is 12 bytes");
_Static_assert(sizeof(struct iovec) == sizeof(struct rv_iovec), "host iovec is 16 bytes");
_Static_assert(sizeof(struct sockaddr_storage) == RV_SOCKADDR_STORAGE, "sockaddr_storage");
_Static_assert(sizeof(struct mmsghdr) == sizeof(struct rv_mmsghdr), "host mmsghdr is 64 bytes");
_Static_assert(SCM_RIGHTS == RV_SCM_RIGHTS && SCM_CREDENTIALS == RV_SCM_CREDENTIALS, "SCM_*");
_Static_assert(SOL_SOCKET == RV_SOL_SOCKET, "SOL_SOCKET");
_Static_assert(MSG_WAITFORONE == RV_MSG_WAITFORONE && MSG_DONTWAIT == RV_MSG_DONTWAIT &&
               MSG_OOB == RV_MSG_OOB && MSG_CTRUNC == RV_MSG_CTRUNC &&
               MSG_CMSG_CLOEXEC == RV_MSG_CMSG_CLOEXEC, "MSG_* bits");

#define ARG_INT(i) ((long)(int)a[i])

/* --- socket addresses ------------------------------------------------------------------------ */

int rv_sockaddr_in(struct sockaddr_storage *h, guest_addr addr, int len)
{
    /* move_addr_to_kernel: the length is checked before the pointer. The bytes pass unchanged:
     * every family crossrun creates sockets in (abi/socket.h) has the same layout on both
     * sides, and an AF_UNIX path is not looked up in the sysroot: a socket path names a host
     * object that host processes listen on, not a file of the guest's system. */
    if (len < 0 || (size_t)len > sizeof *h)
        return -EINVAL;
    memset(h, 0, sizeof *h);
    return copy_from_guest(h, addr, (size_t)len);
}

int rv_addr_out_begin(struct rv_addr_out *o, guest_addr addr, guest_addr lenp, bool required)
{
    memset(o, 0, sizeof *o);
    o->addr = addr;
    o->lenp = lenp;
    o->active = addr || required;
    if (!o->active)
        return 0;
    int32_t ulen;
    int r = copy_from_guest(&ulen, lenp, sizeof ulen);
    if (r < 0)
        return r;
    o->ulen = (int32_t)rv_le32((uint32_t)ulen);
    if (o->ulen < 0)
        return -EINVAL;
    o->klen = sizeof o->buf;
    return 0;
}

struct sockaddr *rv_addr_out_ptr(struct rv_addr_out *o)
{
    return o->active ? (struct sockaddr *)&o->buf : NULL;
}

socklen_t *rv_addr_out_lenp(struct rv_addr_out *o)
{
    return o->active ? &o->klen : NULL;
}

int rv_addr_out_end(struct rv_addr_out *o)
{
    if (!o->active)
        return 0;
    size_t n = (size_t)o->ulen < o->klen ? (size_t)o->ulen : o->klen;
    if (n > sizeof o->buf)
        n = sizeof o->buf;
    int r = n ? copy_to_guest(o->addr, &o->buf, n) : 0;
    if (r < 0)
        return r;
    uint32_t k = rv_le32(o->klen);
    return copy_to_guest(o->lenp, &k, sizeof k);
}

/* --- control messages ------------------------------------------------------------------------ */

/* The payload of one control message. SCM_RIGHTS carries ints (the guest's descriptors are the
 * host's: crossrun does not renumber them) and SCM_CREDENTIALS a struct ucred, both converted
 * field by field. Every other control message Linux defines (IP_PKTINFO, IP_TTL, IPV6_PKTINFO,
 * SO_TIMESTAMP's timeval, SCM_TIMESTAMPING's timespec[3], ...) is built of fixed-width fields
 * with no pointer, the same on any 64-bit little-endian pair, and is copied as bytes. */
static void cmsg_data(uint8_t *dst, const uint8_t *src, size_t n, int level, int type)
{
    if (level == RV_SOL_SOCKET && type == RV_SCM_RIGHTS) {
        size_t i = 0;
        for (; i + 4 <= n; i += 4) {
            uint32_t fd;
            memcpy(&fd, src + i, 4);
            fd = rv_le32(fd);
            memcpy(dst + i, &fd, 4);
        }
        memcpy(dst + i, src + i, n - i);
    } else if (level == RV_SOL_SOCKET && type == RV_SCM_CREDENTIALS && n >= sizeof(struct ucred)) {
        struct rv_ucred g;
        struct ucred h;
        memcpy(&g, src, sizeof g);
        h.pid = (pid_t)rv_le32((uint32_t)g.pid);
        h.uid = rv_le32(g.uid);
        h.gid = rv_le32(g.gid);
        memcpy(dst, &h, sizeof h);
        memcpy(dst + sizeof h, src + sizeof h, n - sizeof h);
    } else {
        memcpy(dst, src, n);
    }
}

/* Walks the control messages of src (len bytes) as the kernel's for_each_cmsghdr does and
 * writes each one, header and payload, in the other layout into dst. Both headers are 16 bytes
 * aligned to 8, so every message lands at the same offset and dst needs len bytes. */
static long cmsgs_convert(uint8_t *dst, const uint8_t *src, size_t len, bool to_host)
{
    size_t off = 0;
    memset(dst, 0, len);
    while (len - off >= sizeof(struct rv_cmsghdr)) {
        struct rv_cmsghdr g;
        struct cmsghdr h;
        uint64_t clen;
        int level, type;
        if (to_host) {
            memcpy(&g, src + off, sizeof g);
            clen = rv_le64(g.cmsg_len);
            level = (int32_t)rv_le32((uint32_t)g.cmsg_level);
            type = (int32_t)rv_le32((uint32_t)g.cmsg_type);
        } else {
            memcpy(&h, src + off, sizeof h);
            clen = h.cmsg_len;
            level = h.cmsg_level;
            type = h.cmsg_type;
        }
        /* CMSG_OK: the header fits and the message does not run past the buffer. */
        if (clen < sizeof g || clen > len - off)
            return -EINVAL;
        if (to_host) {
            h.cmsg_len = clen;
            h.cmsg_level = level;
            h.cmsg_type = type;
            memcpy(dst + off, &h, sizeof h);
        } else {
            g.cmsg_len = rv_le64(clen);
            g.cmsg_level = (int32_t)rv_le32((uint32_t)level);
            g.cmsg_type = (int32_t)rv_le32((uint32_t)type);
            memcpy(dst + off, &g, sizeof g);
        }
        cmsg_data(dst + off + sizeof g, src + off + sizeof g, clen - sizeof g, level, type);
        uint64_t step = RV_CMSG_ALIGN(clen);
        if (step > len - off)
            break;
        off += step;
    }
    return (long)len;
}

long rv_cmsgs_to_host(uint8_t *dst, const uint8_t *src, size_t len)
{
    return cmsgs_convert(dst, src, len, true);
}

long rv_cmsgs_to_guest(uint8_t *dst, const uint8_t *src, size_t len)
{
    return cmsgs_convert(dst, src, len, false);
}

/* The descriptors a receive installed, closed when the guest cannot be told about them. */
static void close_received_fds(const struct msghdr *h)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR((struct msghdr *)h, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < n; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof fd, sizeof fd);
            host_syscall1(SYS_close, fd);
        }
    }
}

/* --- msghdr ---------------------------------------------------------------------------------- */

static int iov_in(struct rv_host_msg *m, guest_addr giov, uint64_t count, int prot)
{
    if (count > RV_UIO_MAXIOV)
        return -EMSGSIZE;
    int r = (int)iovec_from_guest(m->iov, giov, count, prot);
    if (r < 0)
        return r;
    m->msg.msg_iov = count ? m->iov : NULL;
    m->msg.msg_iovlen = count;
    return 0;
}

static int control_in(struct rv_host_msg *m, guest_addr ctl, uint64_t len, bool recv)
{
    if (len == 0)
        return 0;
    if (recv) {
        /* The kernel answers a NULL control buffer with MSG_CTRUNC; so does the host when it
         * gets NULL too. A real buffer is checked now, before any data is consumed. */
        if (len > RV_MSG_CONTROL_MAX)
            len = RV_MSG_CONTROL_MAX;
        m->msg.msg_controllen = len;
        if (!ctl)
            return 0;
        int r = guest_check(ctl, len, PROT_WRITE);
        if (r < 0)
            return r;
        m->control = calloc(1, len);
        if (!m->control)
            return -ENOMEM;
        m->msg.msg_control = m->control;
        return 0;
    }
    if (len > RV_MSG_CONTROL_MAX)
        return -ENOBUFS;
    uint8_t *g = malloc(len);
    m->control = malloc(len);
    if (!g || !m->control) {
        free(g);
        return -ENOMEM;
    }
    long r = copy_from_guest(g, ctl, len);
    if (r == 0)
        r = rv_cmsgs_to_host(m->control, g, len);
    free(g);
    if (r < 0)
        return (int)r;
    m->msg.msg_control = m->control;
    m->msg.msg_controllen = len;
    return 0;
}

int rv_msg_in(struct rv_host_msg *m, guest_addr g_msg, bool recv)
{
    memset(&m->msg, 0, sizeof m->msg);
    m->control = NULL;
    m->g_msg = g_msg;
    int r = copy_from_guest(&m->g, g_msg, sizeof m->g);
    if (r < 0)
        return r;
    /* __copy_msghdr: a NULL name means no name; a negative length is -EINVAL; a longer one
     * than sockaddr_storage is cut to it. */
    guest_addr name = rv_le64(m->g.msg_name);
    int32_t namelen = name ? (int32_t)rv_le32((uint32_t)m->g.msg_namelen) : 0;
    if (namelen < 0)
        return -EINVAL;
    if ((size_t)namelen > sizeof m->name)
        namelen = sizeof m->name;
    if (name && namelen) {
        if (recv) {
            memset(&m->name, 0, sizeof m->name);
        } else if ((r = rv_sockaddr_in(&m->name, name, namelen)) < 0) {
            return r;
        }
        m->msg.msg_name = &m->name;
        m->msg.msg_namelen = recv ? sizeof m->name : (socklen_t)namelen;
    }
    r = iov_in(m, rv_le64(m->g.msg_iov), rv_le64(m->g.msg_iovlen), recv ? PROT_WRITE : PROT_READ);
    if (r < 0)
        return r;
    return control_in(m, rv_le64(m->g.msg_control), rv_le64(m->g.msg_controllen), recv);
}

static int put_u32(guest_addr at, uint32_t v)
{
    v = rv_le32(v);
    return copy_to_guest(at, &v, sizeof v);
}

int rv_msg_out(struct rv_host_msg *m)
{
    const struct msghdr *h = &m->msg;
    int r = 0;
    if (m->control && h->msg_controllen) {
        uint8_t *g = malloc(h->msg_controllen);
        long c = g ? rv_cmsgs_to_guest(g, m->control, h->msg_controllen) : -ENOMEM;
        if (c >= 0)
            c = copy_to_guest(rv_le64(m->g.msg_control), g, h->msg_controllen);
        free(g);
        if (c < 0) {
            close_received_fds(h);
            return (int)c;
        }
    }
    /* The fields ___sys_recvmsg writes back, one by one: the rest of the guest's msghdr is not
     * touched. The address goes as move_addr_to_user copies it: cut to the guest's length,
     * with the real length stored. */
    guest_addr name = rv_le64(m->g.msg_name);
    if (name) {
        int32_t ulen = (int32_t)rv_le32((uint32_t)m->g.msg_namelen);
        size_t klen = h->msg_name ? h->msg_namelen : 0;
        size_t n = ulen < 0 ? 0 : (size_t)ulen < klen ? (size_t)ulen : klen;
        if (n > sizeof m->name)
            n = sizeof m->name;
        if (n)
            r = copy_to_guest(name, &m->name, n);
        if (r == 0)
            r = put_u32(m->g_msg + offsetof(struct rv_msghdr, msg_namelen), (uint32_t)klen);
    }
    if (r == 0) {
        uint64_t len = rv_le64(h->msg_controllen);
        r = copy_to_guest(m->g_msg + offsetof(struct rv_msghdr, msg_controllen), &len, sizeof len);
    }
    if (r == 0)
        r = put_u32(m->g_msg + offsetof(struct rv_msghdr, msg_flags), (uint32_t)h->msg_flags);
    if (r < 0)
        close_received_fds(h);
    return r;
}

void rv_msg_free(struct rv_host_msg *m)
{
    free(m->control);
    m->control = NULL;
}

/* --- the calls ------------------------------------------------------------------------------- */

/* One message each way; flags are MSG_* bits, the same on every Linux architecture. */
static long send_one(struct rv_host_msg *m, int fd, guest_addr g_msg, unsigned flags)
{
    long r = rv_msg_in(m, g_msg, false);
    if (r == 0)
        r = safe_syscall3(SYS_sendmsg, fd, HOST_ARG(&m->msg), flags);
    rv_msg_free(m);
    return r;
}

static long recv_one(struct rv_host_msg *m, int fd, guest_addr g_msg, unsigned flags)
{
    long r = rv_msg_in(m, g_msg, true);
    if (r == 0)
        r = safe_syscall3(SYS_recvmsg, fd, HOST_ARG(&m->msg), flags);
    if (r >= 0) {
        int e = rv_msg_out(m);
        if (e < 0)
            r = e;
    }
    rv_msg_free(m);
    return r;
}

/* struct rv_host_msg holds 16 KiB of iovecs: one per thread, not one per call on the stack. */
static __thread struct rv_host_msg thread_msg;

long sys_sendmsg(struct rv_cpu *cpu, const uint64_t *a)
{
    return send_one(&thread_msg, (int)a[0], a[1], (unsigned)a[2]);
}

long sys_recvmsg(struct rv_cpu *cpu, const uint64_t *a)
{
    return recv_one(&thread_msg, (int)a[0], a[1], (unsigned)a[2]);
}

static int store_msg_len(guest_addr vec, uint64_t i, long len)
{
    return put_u32(vec + i * sizeof(struct rv_mmsghdr) + offsetof(struct rv_mmsghdr, msg_len),
                   (uint32_t)len);
}

/* sendmmsg(fd, vec, vlen, flags): as __sys_sendmmsg, vlen is cut to UIO_MAXIOV, and an error
 * after the first message ends the batch with the count sent so far. */
long sys_sendmmsg(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0];
    guest_addr vec = a[1];
    uint64_t vlen = (uint32_t)a[2];
    unsigned flags = (unsigned)a[3];
    if (vlen > RV_UIO_MAXIOV)
        vlen = RV_UIO_MAXIOV;
    uint64_t done = 0;
    for (; done < vlen; done++) {
        long r = send_one(&thread_msg, fd, vec + done * sizeof(struct rv_mmsghdr), flags);
        if (r >= 0)
            r = store_msg_len(vec, done, r);
        if (r < 0)
            return done ? (long)done : r;
    }
    return (long)done;
}

static int64_t monotonic_ns(void)
{
    struct timespec ts;
    host_syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, HOST_ARG(&ts));
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* recvmmsg(fd, vec, vlen, flags, timeout): as do_recvmmsg. MSG_WAITFORONE turns on
 * MSG_DONTWAIT after the first datagram; the timeout is only looked at after each datagram
 * (the kernel's documented limitation: a blocking receive still blocks) and what is left of it
 * is written back when the call succeeds. */
long sys_recvmmsg(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0];
    guest_addr vec = a[1], tmo = a[4];
    uint64_t vlen = (uint32_t)a[2];
    unsigned flags = (unsigned)a[3];
    int64_t end = 0, left = 0;
    if (tmo) {
        struct rv_timespec ts;
        int e = copy_from_guest(&ts, tmo, sizeof ts);
        if (e < 0)
            return e;
        int64_t sec = (int64_t)rv_le64((uint64_t)ts.tv_sec);
        int64_t nsec = (int64_t)rv_le64((uint64_t)ts.tv_nsec);
        if (sec < 0 || nsec < 0 || nsec >= 1000000000)
            return -EINVAL;
        if (sec > INT64_MAX / 1000000000 - 1)
            sec = INT64_MAX / 1000000000 - 1;
        left = sec * 1000000000 + nsec;
        end = monotonic_ns() + left;
    }
    if (vlen > RV_UIO_MAXIOV)
        vlen = RV_UIO_MAXIOV;
    uint64_t done = 0;
    long err = 0;
    while (done < vlen) {
        long r = recv_one(&thread_msg, fd, vec + done * sizeof(struct rv_mmsghdr),
                          flags & ~(unsigned)RV_MSG_WAITFORONE);
        if (r >= 0)
            r = store_msg_len(vec, done, r);
        if (r < 0) {
            err = r;
            break;
        }
        done++;
        if (flags & RV_MSG_WAITFORONE)
            flags |= RV_MSG_DONTWAIT;
        if (tmo) {
            left = end - monotonic_ns();
            if (left <= 0) {
                left = 0;
                break;
            }
        }
        if (thread_msg.msg.msg_flags & MSG_OOB)
            break;
    }
    if (done == 0 && err < 0)
        return err;
    if (tmo) {
        struct rv_timespec ts = {
            .tv_sec = (int64_t)rv_le64((uint64_t)(left / 1000000000)),
            .tv_nsec = (int64_t)rv_le64((uint64_t)(left % 1000000000)),
        };
        if (copy_to_guest(tmo, &ts, sizeof ts) < 0)
            return -EFAULT;
    }
    return (long)done;
}
