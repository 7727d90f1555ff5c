/*
 * syscall/strace/strace_net.c - socket arguments as strace prints them (strace_net.h).
 *
 * Addresses by family (AF_INET as inet_addr("..."), AF_UNIX paths and abstract names,
 * netlink), option values by what the option holds, and msghdr with SCM_RIGHTS and
 * SCM_CREDENTIALS control messages decoded. Layouts and numbers are abi/socket.h's.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "abi/socket.h"
#include "syscall/strace/strace_guest.h"
#include "syscall/strace/strace_names.h"
#include "syscall/strace/strace_net.h"
#include "syscall/strace/strace_structs.h"

/* socket(2)'s type: the base type by name, then the creation flags. */
void rv_strace_socktype(FILE *out, uint64_t v)
{
    rv_strace_enum(out, v & RV_SOCK_TYPE_MASK, rv_names_sock_type, false);
    uint64_t flags = v & ~(uint64_t)RV_SOCK_TYPE_MASK;
    if (flags) {
        fputc('|', out);
        rv_strace_flags(out, flags, rv_names_sock_flags, "0");
    }
}

/* An option name, looked up in abi/socket.h's table for the level. */
void rv_strace_sockopt(FILE *out, uint64_t level, uint64_t name)
{
#define RV_SOCKOPT_NAME(lv, nm, value, kind) \
    if ((int)level == (lv) && (int)name == (value)) { \
        fputs(#nm, out); \
        return; \
    }
    RV_SOCKOPT_LIST(RV_SOCKOPT_NAME)
#undef RV_SOCKOPT_NAME
    fprintf(out, "%d", (int)name);
}

/* setsockopt's value, as strace shows it: an int as [1], struct linger and the timeouts'
 * timeval by field, anything else as bytes. */
void rv_strace_sockoptval(FILE *out, uint64_t level, uint64_t name, guest_addr addr,
                          uint64_t len)
{
    int32_t v;
    struct rv_linger lg;
    struct rv_sock_timeval tv;
    bool timeout = name == RV_SO_RCVTIMEO_OLD || name == RV_SO_SNDTIMEO_OLD ||
                   name == RV_SO_RCVTIMEO_NEW || name == RV_SO_SNDTIMEO_NEW;
    if ((int)level == RV_SOL_SOCKET && name == RV_SO_LINGER && len >= sizeof lg &&
        rv_strace_peek_all(&lg, addr, sizeof lg))
        fprintf(out, "{l_onoff=%d, l_linger=%d}", (int)rv_le32((uint32_t)lg.l_onoff),
                (int)rv_le32((uint32_t)lg.l_linger));
    else if ((int)level == RV_SOL_SOCKET && timeout && len >= sizeof tv &&
             rv_strace_peek_all(&tv, addr, sizeof tv))
        fprintf(out, "{tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}",
                (int64_t)rv_le64((uint64_t)tv.tv_sec), (int64_t)rv_le64((uint64_t)tv.tv_usec));
    else if (len == sizeof v && rv_strace_peek_all(&v, addr, sizeof v))
        fprintf(out, "[%d]", (int)rv_le32((uint32_t)v));
    else
        rv_strace_buffer(out, addr, len);
}

static uint16_t be16_at(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* A socket address of len bytes, as strace prints each family. */
void rv_strace_sockaddr(FILE *out, guest_addr addr, uint64_t len)
{
    uint8_t b[RV_SOCKADDR_STORAGE] = { 0 };
    if (len > sizeof b)
        len = sizeof b;
    if (!addr || len < 2 || rv_strace_peek(b, addr, len) != len) {
        rv_strace_addr(out, addr);
        return;
    }
    uint16_t family;
    memcpy(&family, b, 2);
    family = rv_le16(family);
    fputs("{sa_family=", out);
    rv_strace_enum(out, family, rv_names_sock_family, false);
    char text[64];
    if (family == RV_AF_INET && len >= sizeof(struct rv_sockaddr_in)) {
        inet_ntop(AF_INET, b + offsetof(struct rv_sockaddr_in, sin_addr), text, sizeof text);
        fprintf(out, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}",
                be16_at(b + offsetof(struct rv_sockaddr_in, sin_port)), text);
    } else if (family == RV_AF_INET6 && len >= sizeof(struct rv_sockaddr_in6)) {
        struct rv_sockaddr_in6 s;
        memcpy(&s, b, sizeof s);
        inet_ntop(AF_INET6, s.sin6_addr, text, sizeof text);
        fprintf(out, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, \"%s\", "
                "&sin6_addr), sin6_scope_id=%u}",
                be16_at(b + offsetof(struct rv_sockaddr_in6, sin6_port)),
                (unsigned)__builtin_bswap32(s.sin6_flowinfo), text, rv_le32(s.sin6_scope_id));
    } else if (family == RV_AF_UNIX) {
        /* A path stops at its NUL; an abstract name (first byte NUL) is all len bytes and
         * prints as @"name". */
        const uint8_t *path = b + 2;
        size_t n = len - 2;
        if (n == 0) {            /* an unbound socket's address: the family alone */
            fputc('}', out);
            return;
        }
        fputs(", sun_path=", out);
        if (n && path[0] == 0) {
            fputc('@', out);
            rv_strace_quoted(out, path + 1, n - 1);
        } else {
            const uint8_t *nul = memchr(path, 0, n);
            rv_strace_quoted(out, path, nul ? (size_t)(nul - path) : n);
        }
        fputc('}', out);
    } else if (family == RV_AF_NETLINK && len >= sizeof(struct rv_sockaddr_nl)) {
        struct rv_sockaddr_nl s;
        memcpy(&s, b, sizeof s);
        fprintf(out, ", nl_pid=%u, nl_groups=%08x}", rv_le32(s.nl_pid), rv_le32(s.nl_groups));
    } else {
        fputs(", sa_data=", out);
        rv_strace_quoted(out, b + 2, len - 2);
        fputc('}', out);
    }
}

/* The control messages of a msghdr, as strace shows them: SCM_RIGHTS and SCM_CREDENTIALS
 * decoded, other payloads left out. */
static void print_cmsgs(FILE *out, guest_addr addr, uint64_t len)
{
    uint8_t b[256];
    if (len > sizeof b)
        len = sizeof b;
    if (!addr || rv_strace_peek(b, addr, len) != len) {
        rv_strace_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (uint64_t off = 0; len - off >= sizeof(struct rv_cmsghdr);) {
        struct rv_cmsghdr h;
        memcpy(&h, b + off, sizeof h);
        uint64_t clen = rv_le64(h.cmsg_len);
        if (off)
            fputs(", ", out);
        fprintf(out, "{cmsg_len=%" PRIu64 ", cmsg_level=", clen);
        rv_strace_enum(out, (uint64_t)(int64_t)h.cmsg_level, rv_names_sock_level, false);
        bool sol = h.cmsg_level == RV_SOL_SOCKET;
        if (sol && h.cmsg_type == RV_SCM_RIGHTS)
            fputs(", cmsg_type=SCM_RIGHTS", out);
        else if (sol && h.cmsg_type == RV_SCM_CREDENTIALS)
            fputs(", cmsg_type=SCM_CREDENTIALS", out);
        else
            fprintf(out, ", cmsg_type=%#x", (unsigned)h.cmsg_type);
        if (clen < sizeof h || clen > len - off) {
            fputs(", ...}", out);
            break;
        }
        const uint8_t *data = b + off + sizeof h;
        uint64_t n = clen - sizeof h;
        if (sol && h.cmsg_type == RV_SCM_RIGHTS) {
            fputs(", cmsg_data=[", out);
            for (uint64_t i = 0; i + 4 <= n; i += 4) {
                int32_t fd;
                memcpy(&fd, data + i, 4);
                fprintf(out, "%s%d", i ? ", " : "", (int)rv_le32((uint32_t)fd));
            }
            fputs("]}", out);
        } else if (sol && h.cmsg_type == RV_SCM_CREDENTIALS && n >= sizeof(struct rv_ucred)) {
            struct rv_ucred u;
            memcpy(&u, data, sizeof u);
            fprintf(out, ", cmsg_data={pid=%d, uid=%u, gid=%u}}", (int)rv_le32((uint32_t)u.pid),
                    rv_le32(u.uid), rv_le32(u.gid));
        } else {
            fputs(", cmsg_data=...}", out);
        }
        off += RV_CMSG_ALIGN(clen);
        if (off > len)
            break;
    }
    fputc(']', out);
}

/* struct msghdr; `limit` caps the iovec bytes shown (a receive's result). */
void rv_strace_msghdr(FILE *out, guest_addr addr, uint64_t limit)
{
    struct rv_msghdr m;
    if (!rv_strace_peek_all(&m, addr, sizeof m)) {
        rv_strace_addr(out, addr);
        return;
    }
    int32_t namelen = (int32_t)rv_le32((uint32_t)m.msg_namelen);
    fputs("{msg_name=", out);
    if (m.msg_name && namelen > 0)
        rv_strace_sockaddr(out, rv_le64(m.msg_name), (uint64_t)namelen);
    else
        rv_strace_addr(out, rv_le64(m.msg_name));
    fprintf(out, ", msg_namelen=%d, msg_iov=", namelen);
    rv_strace_iovec(out, rv_le64(m.msg_iov), rv_le64(m.msg_iovlen), limit);
    fprintf(out, ", msg_iovlen=%" PRIu64 ", msg_control=", rv_le64(m.msg_iovlen));
    uint64_t clen = rv_le64(m.msg_controllen);
    if (m.msg_control && clen)
        print_cmsgs(out, rv_le64(m.msg_control), clen);
    else
        rv_strace_addr(out, rv_le64(m.msg_control));
    fprintf(out, ", msg_controllen=%" PRIu64 ", msg_flags=", clen);
    rv_strace_flags(out, rv_le32(m.msg_flags), rv_names_msg_flags, "0");
    fputc('}', out);
}

/* An address the call wrote: its length is the int the next argument points to. */
void rv_strace_written_sockaddr(FILE *out, guest_addr addr, guest_addr lenp)
{
    int32_t len;
    if (!rv_strace_peek_all(&len, lenp, sizeof len) || (int32_t)rv_le32((uint32_t)len) < 0) {
        rv_strace_addr(out, addr);
        return;
    }
    rv_strace_sockaddr(out, addr, rv_le32((uint32_t)len));
}
