/*
 * syscall/strace_fmt.c - formats one guest syscall like strace does (see strace_fmt.h and the
 * conversion vocabulary at the top of syscall/syscalls.def).
 *
 *     openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *     read(3, "root:x:0:0:root:/root:/bin/bash\n"..., 4096) = 1234
 *     openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory)
 *
 * Strings and buffers are escaped as strace escapes them and cut after 32 bytes with "...";
 * paths are printed whole. Structures the call writes are printed only when it succeeded,
 * otherwise as their address, as strace does. Guest memory is read through checked copies,
 * so a bad pointer prints as an address and never faults the runner.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "abi/epoll.h"
#include "abi/errno.h"
#include "abi/fcntl.h"
#include "abi/mman.h"
#include "abi/poll.h"
#include "abi/proc.h"
#include "abi/signal.h"
#include "abi/socket.h"
#include "abi/stat.h"
#include "abi/time.h"
#include "loader/addrspace.h"
#include "syscall/safe_syscall.h"
#include "syscall/strace_fmt.h"
#include "syscall/uaccess.h"

#define STR_MAX     32      /* strace's default -s */
#define ARRAY_MAX   32      /* elements shown of an array before "..." */
#define PATH_CAP    4096

struct ctx {
    FILE *out;
    const uint64_t *a;
    long ret;
    bool ok;                /* returned successfully: output arguments are valid */
    bool skip_mode;         /* openat without O_CREAT/O_TMPFILE: strace omits the mode */
    bool mode_follows;      /* the conversion after this one is %mode (open-style flags) */
    int argv_seen;          /* the second %argv (envp) prints as a count */
};

/* --- guest memory ---------------------------------------------------------------------------- */

/* Copies up to n bytes from the start of [src, src+n) that are readable; returns how many. */
static size_t peek(void *dst, guest_addr src, size_t n)
{
    size_t done = 0;
    while (done < n) {
        guest_addr at = src + done;
        size_t chunk = GUEST_PAGE_SIZE - (at & (GUEST_PAGE_SIZE - 1));
        if (chunk > n - done)
            chunk = n - done;
        if (at < src || copy_from_guest((char *)dst + done, at, chunk) < 0)
            break;
        done += chunk;
    }
    return done;
}

static bool peek_all(void *dst, guest_addr src, size_t n)
{
    return src && peek(dst, src, n) == n;
}

static void print_addr(FILE *out, guest_addr v)
{
    if (v)
        fprintf(out, "%#" PRIx64, v);
    else
        fputs("NULL", out);
}

/* strace's escaping: C escapes for the common controls, octal for other bytes outside the
 * printable ASCII range, with as few digits as the next byte allows. */
static void print_quoted(FILE *out, const uint8_t *p, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        switch (c) {
        case '"':  fputs("\\\"", out); continue;
        case '\\': fputs("\\\\", out); continue;
        case '\n': fputs("\\n", out); continue;
        case '\t': fputs("\\t", out); continue;
        case '\r': fputs("\\r", out); continue;
        case '\v': fputs("\\v", out); continue;
        case '\f': fputs("\\f", out); continue;
        }
        if (c >= 0x20 && c < 0x7f) {
            fputc(c, out);
            continue;
        }
        bool next_digit = i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '7';
        if (next_digit)
            fprintf(out, "\\%03o", c);
        else
            fprintf(out, "\\%o", c);
    }
    fputc('"', out);
}

/* A NUL-terminated guest string, cut after `max` bytes with "..." when longer. */
static void print_string(FILE *out, guest_addr addr, size_t max)
{
    if (!addr) {
        fputs("NULL", out);
        return;
    }
    uint8_t *buf = malloc(max + 1);
    size_t got = buf ? peek(buf, addr, max + 1) : 0;
    uint8_t *nul = got ? memchr(buf, 0, got) : NULL;
    if (nul) {
        print_quoted(out, buf, (size_t)(nul - buf));
    } else if (got == max + 1) {
        print_quoted(out, buf, max);
        fputs("...", out);
    } else {
        print_addr(out, addr);   /* unreadable, or runs into an unmapped page */
    }
    free(buf);
}

/* A buffer of len bytes, the first STR_MAX shown. */
static void print_buffer(FILE *out, guest_addr addr, uint64_t len)
{
    uint8_t buf[STR_MAX] = { 0 };
    size_t show = len < STR_MAX ? (size_t)len : STR_MAX;
    if (!addr || peek(buf, addr, show) != show) {
        print_addr(out, addr);
        return;
    }
    print_quoted(out, buf, show);
    if (len > show)
        fputs("...", out);
}

/* --- values ---------------------------------------------------------------------------------- */

static void print_mode(FILE *out, uint64_t mode)
{
    uint64_t type = mode & 0170000;
    if (type) {
        rv_strace_enum(out, type, rv_names_file_type, true);
        fputc('|', out);
    }
    fprintf(out, "%#03" PRIo64, mode & ~(uint64_t)0170000);
}

static void print_sigset_value(FILE *out, uint64_t set)
{
    bool invert = __builtin_popcountll(set) > RV_NSIG / 2;
    if (invert) {
        set = ~set;
        fputc('~', out);
    }
    fputc('[', out);
    bool first = true;
    for (int sig = 1; sig <= RV_NSIG; sig++) {
        if (!(set & RV_SIGBIT(sig)))
            continue;
        fprintf(out, "%s%s", first ? "" : " ", rv_signal_name(sig) + 3);   /* "SIG" dropped */
        first = false;
    }
    fputc(']', out);
}

static void print_signal(FILE *out, uint64_t v)
{
    const char *name = rv_signal_name((int)v);
    if (name && v == (uint64_t)(int)v)
        fputs(name, out);
    else
        fprintf(out, "%d", (int)v);
}

static void print_rlim_value(FILE *out, uint64_t v)
{
    if (v == UINT64_MAX)
        fputs("RLIM64_INFINITY", out);
    else if (v && v % 1024 == 0)
        fprintf(out, "%" PRIu64 "*1024", v / 1024);
    else
        fprintf(out, "%" PRIu64, v);
}

static void print_oflags(FILE *out, uint64_t v)
{
    static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
    fputs(acc[v & RV_O_ACCMODE], out);
    v &= ~(uint64_t)RV_O_ACCMODE;
    if (v) {
        fputc('|', out);
        rv_strace_flags(out, v, rv_names_oflags, "0");
    }
}

static void print_mmap_flags(FILE *out, uint64_t v)
{
    static const char *const type[] = { NULL, "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE" };
    uint64_t t = v & RV_MAP_TYPE;
    if (t >= 1 && t <= 3)
        fputs(type[t], out);
    else
        fprintf(out, "%#" PRIx64, t);
    v &= ~(uint64_t)RV_MAP_TYPE;
    if (v) {
        fputc('|', out);
        rv_strace_flags(out, v, rv_names_mmap_flags, "0");
    }
}

static void print_futex_op(FILE *out, uint64_t v)
{
    rv_strace_enum(out, v & 127, rv_names_futex_cmd, false);
    if (v & 128)
        fputs("_PRIVATE", out);
    if (v & 256)
        fputs("|FUTEX_CLOCK_REALTIME", out);
    if (v & ~(uint64_t)511)
        fprintf(out, "|%#" PRIx64, v & ~(uint64_t)511);
}

static void print_clone_flags(FILE *out, uint64_t v)
{
    uint64_t sig = v & 0xff, flags = v & ~(uint64_t)0xff;
    if (flags)
        rv_strace_flags(out, flags, rv_names_clone, "0");
    if (sig) {
        if (flags)
            fputc('|', out);
        print_signal(out, sig);
    }
    if (!v)
        fputc('0', out);
}

/* --- structures ------------------------------------------------------------------------------ */

static void print_timespec(FILE *out, guest_addr addr)
{
    struct rv_timespec ts;
    if (!peek_all(&ts, addr, sizeof ts)) {
        print_addr(out, addr);
        return;
    }
    fprintf(out, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", ts.tv_sec, ts.tv_nsec);
}

static void print_timeval(FILE *out, guest_addr addr)
{
    struct rv_timeval tv;
    if (!peek_all(&tv, addr, sizeof tv)) {
        print_addr(out, addr);
        return;
    }
    fprintf(out, "{tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}", tv.tv_sec, tv.tv_usec);
}

static void print_sigset(FILE *out, guest_addr addr)
{
    uint64_t set;
    if (!peek_all(&set, addr, sizeof set)) {
        print_addr(out, addr);
        return;
    }
    print_sigset_value(out, rv_le64(set));
}

static void print_sigaction(FILE *out, guest_addr addr)
{
    struct rv_sigaction sa;
    if (!peek_all(&sa, addr, sizeof sa)) {
        print_addr(out, addr);
        return;
    }
    fputs("{sa_handler=", out);
    if (sa.handler == RV_SIG_DFL)
        fputs("SIG_DFL", out);
    else if (sa.handler == RV_SIG_IGN)
        fputs("SIG_IGN", out);
    else
        fprintf(out, "%#" PRIx64, sa.handler);
    fputs(", sa_mask=", out);
    print_sigset_value(out, sa.mask);
    fputs(", sa_flags=", out);
    rv_strace_flags(out, sa.flags, rv_names_sa_flags, "0");
    fputc('}', out);
}

static void print_stack(FILE *out, guest_addr addr)
{
    struct rv_stack ss;
    if (!peek_all(&ss, addr, sizeof ss)) {
        print_addr(out, addr);
        return;
    }
    fputs("{ss_sp=", out);
    print_addr(out, ss.sp);
    fputs(", ss_flags=", out);
    rv_strace_flags(out, (uint32_t)ss.flags, rv_names_ss_flags, "0");
    fprintf(out, ", ss_size=%" PRIu64 "}", ss.size);
}

static void print_rlimit(FILE *out, guest_addr addr)
{
    struct rv_rlimit rl;
    if (!peek_all(&rl, addr, sizeof rl)) {
        print_addr(out, addr);
        return;
    }
    fputs("{rlim_cur=", out);
    print_rlim_value(out, rl.rlim_cur);
    fputs(", rlim_max=", out);
    print_rlim_value(out, rl.rlim_max);
    fputc('}', out);
}

static void print_stat(FILE *out, guest_addr addr)
{
    struct rv_stat st;
    if (!peek_all(&st, addr, sizeof st)) {
        print_addr(out, addr);
        return;
    }
    fputs("{st_mode=", out);
    print_mode(out, st.st_mode);
    uint32_t type = st.st_mode & 0170000;
    if (type == 0020000 || type == 0060000) {
        uint64_t d = st.st_rdev;
        unsigned major = (unsigned)(((d >> 8) & 0xfff) | ((d >> 32) & ~(uint64_t)0xfff));
        unsigned minor = (unsigned)((d & 0xff) | ((d >> 12) & ~(uint64_t)0xff));
        fprintf(out, ", st_rdev=makedev(%#x, %#x), ...}", major, minor);
    } else {
        fprintf(out, ", st_size=%" PRId64 ", ...}", st.st_size);
    }
}

static void print_statx(FILE *out, guest_addr addr)
{
    /* struct statx: stx_mask u32 @0, stx_attributes u64 @8, stx_mode u16 @28, stx_size u64 @40 */
    uint8_t b[48];
    if (!peek_all(b, addr, sizeof b)) {
        print_addr(out, addr);
        return;
    }
    uint32_t mask;
    uint64_t attrs, size;
    uint16_t mode;
    memcpy(&mask, b + 0, 4);
    memcpy(&attrs, b + 8, 8);
    memcpy(&mode, b + 28, 2);
    memcpy(&size, b + 40, 8);
    fputs("{stx_mask=", out);
    rv_strace_flags(out, mask, rv_names_statx_mask, "0");
    fprintf(out, ", stx_attributes=%#" PRIx64 ", stx_mode=", attrs);
    print_mode(out, mode);
    fprintf(out, ", stx_size=%" PRIu64 ", ...}", size);
}

static void print_statfs(FILE *out, guest_addr addr)
{
    struct rv_statfs s;
    if (!peek_all(&s, addr, sizeof s)) {
        print_addr(out, addr);
        return;
    }
    fprintf(out, "{f_type=%#" PRIx64 ", f_bsize=%" PRId64 ", f_blocks=%" PRIu64 ", f_bfree=%" PRIu64
            ", f_bavail=%" PRIu64 ", f_files=%" PRIu64 ", f_ffree=%" PRIu64 ", f_namelen=%" PRId64
            ", f_frsize=%" PRId64 ", ...}", (uint64_t)s.f_type, s.f_bsize, s.f_blocks, s.f_bfree,
            s.f_bavail, s.f_files, s.f_ffree, s.f_namelen, s.f_frsize);
}

static void print_utsname(FILE *out, guest_addr addr)
{
    struct rv_utsname u;
    if (!peek_all(&u, addr, sizeof u)) {
        print_addr(out, addr);
        return;
    }
    fputs("{sysname=", out);
    print_quoted(out, (const uint8_t *)u.sysname, strnlen(u.sysname, sizeof u.sysname));
    fputs(", nodename=", out);
    print_quoted(out, (const uint8_t *)u.nodename, strnlen(u.nodename, sizeof u.nodename));
    fputs(", ...}", out);
}

static void print_ints(FILE *out, guest_addr addr, int n)
{
    int32_t v[2];
    if (!peek_all(v, addr, (size_t)n * sizeof v[0])) {
        print_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (int i = 0; i < n; i++)
        fprintf(out, "%s%d", i ? ", " : "", (int)rv_le32((uint32_t)v[i]));
    fputc(']', out);
}

/* struct iovec[count]; `limit` caps the bytes shown in total (the result of a read). */
static void print_iovec(FILE *out, guest_addr addr, uint64_t count, uint64_t limit)
{
    if (!addr || count > 1024) {
        print_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (uint64_t i = 0; i < count; i++) {
        uint64_t iov[2];
        if (i == ARRAY_MAX) {
            fputs(", ...", out);
            break;
        }
        if (!peek_all(iov, addr + i * sizeof iov, sizeof iov)) {
            fprintf(out, "%s...", i ? ", " : "");
            break;
        }
        uint64_t show = iov[1] < limit ? iov[1] : limit;
        limit -= show;
        fprintf(out, "%s{iov_base=", i ? ", " : "");
        print_buffer(out, iov[0], show);
        fprintf(out, ", iov_len=%" PRIu64 "}", iov[1]);
    }
    fputc(']', out);
}

/* poll and epoll event bits (asm-generic/poll.h, linux/eventpoll.h), for %pollfds and the
 * epoll conversions; kept here because only these printers use them. */
static const struct rv_name names_poll[] = {
    { RV_POLLIN, "POLLIN" }, { RV_POLLPRI, "POLLPRI" }, { RV_POLLOUT, "POLLOUT" },
    { RV_POLLERR, "POLLERR" }, { RV_POLLHUP, "POLLHUP" }, { RV_POLLNVAL, "POLLNVAL" },
    { RV_POLLRDNORM, "POLLRDNORM" }, { RV_POLLRDBAND, "POLLRDBAND" },
    { RV_POLLWRNORM, "POLLWRNORM" }, { RV_POLLWRBAND, "POLLWRBAND" }, { RV_POLLMSG, "POLLMSG" },
    { RV_POLLREMOVE, "POLLREMOVE" }, { RV_POLLRDHUP, "POLLRDHUP" }, { 0, NULL },
};
static const struct rv_name names_epoll[] = {
    { RV_EPOLLIN, "EPOLLIN" }, { RV_EPOLLPRI, "EPOLLPRI" }, { RV_EPOLLOUT, "EPOLLOUT" },
    { RV_EPOLLERR, "EPOLLERR" }, { RV_EPOLLHUP, "EPOLLHUP" }, { RV_EPOLLNVAL, "EPOLLNVAL" },
    { RV_EPOLLRDNORM, "EPOLLRDNORM" }, { RV_EPOLLRDBAND, "EPOLLRDBAND" },
    { RV_EPOLLWRNORM, "EPOLLWRNORM" }, { RV_EPOLLWRBAND, "EPOLLWRBAND" },
    { RV_EPOLLMSG, "EPOLLMSG" }, { RV_EPOLLRDHUP, "EPOLLRDHUP" },
    { RV_EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE" }, { RV_EPOLLWAKEUP, "EPOLLWAKEUP" },
    { RV_EPOLLONESHOT, "EPOLLONESHOT" }, { RV_EPOLLET, "EPOLLET" }, { 0, NULL },
};
static const struct rv_name names_epoll_op[] = {
    { RV_EPOLL_CTL_ADD, "EPOLL_CTL_ADD" }, { RV_EPOLL_CTL_DEL, "EPOLL_CTL_DEL" },
    { RV_EPOLL_CTL_MOD, "EPOLL_CTL_MOD" }, { 0, NULL },
};

/* struct pollfd[count] as [{fd=3, events=POLLIN}, ...] */
static void print_pollfds(FILE *out, guest_addr addr, uint64_t count)
{
    if (!addr || count > 1024 * 1024) {
        print_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (uint64_t i = 0; i < count; i++) {
        struct rv_pollfd p;
        if (i == ARRAY_MAX) {
            fputs(", ...", out);
            break;
        }
        if (!peek_all(&p, addr + i * sizeof p, sizeof p)) {
            fprintf(out, "%s...", i ? ", " : "");
            break;
        }
        fprintf(out, "%s{fd=%d, events=", i ? ", " : "", (int)rv_le32((uint32_t)p.fd));
        rv_strace_flags(out, rv_le16((uint16_t)p.events), names_poll, "0");
        fputc('}', out);
    }
    fputc(']', out);
}

/* One riscv64 struct epoll_event (16 bytes, data at 8: abi/epoll.h) as strace shows it. */
static void print_epoll_event_value(FILE *out, const struct rv_epoll_event *e)
{
    uint64_t data = rv_le64(e->data);
    fputs("{events=", out);
    rv_strace_flags(out, rv_le32(e->events), names_epoll, "0");
    fprintf(out, ", data={u32=%" PRIu32 ", u64=%" PRIu64 "}}", (uint32_t)data, data);
}

static void print_epoll_events(FILE *out, guest_addr addr, uint64_t count)
{
    if (!addr) {
        print_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (uint64_t i = 0; i < count; i++) {
        struct rv_epoll_event e;
        if (i == ARRAY_MAX) {
            fputs(", ...", out);
            break;
        }
        if (!peek_all(&e, addr + i * sizeof e, sizeof e)) {
            fprintf(out, "%s...", i ? ", " : "");
            break;
        }
        if (i)
            fputs(", ", out);
        print_epoll_event_value(out, &e);
    }
    fputc(']', out);
}

/* execve's argv as ["ls", "-l"]; its envp (the second array) as an address and a count of
 * variables, as strace abbreviates it. */
static void print_argv(struct ctx *c, guest_addr addr)
{
    FILE *out = c->out;
    bool count_only = c->argv_seen++ > 0;
    if (!addr) {
        fputs("NULL", out);
        return;
    }
    if (!count_only)
        fputc('[', out);
    uint64_t n = 0;
    for (;; n++) {
        uint64_t p;
        if (!peek_all(&p, addr + n * 8, 8)) {
            if (!count_only)
                fputs(n ? ", ...]" : "...]", out);
            else
                print_addr(out, addr);
            return;
        }
        if (!p)
            break;
        if (count_only)
            continue;
        if (n == ARRAY_MAX) {
            fputs(", ...", out);
            while (peek_all(&p, addr + (n + 1) * 8, 8) && p)
                n++;
            break;
        }
        if (n)
            fputs(", ", out);
        print_string(out, p, STR_MAX);
    }
    if (count_only)
        fprintf(out, "%#" PRIx64 " /* %" PRIu64 " var%s */", addr, n, n == 1 ? "" : "s");
    else
        fputc(']', out);
}

static void print_dirents(FILE *out, guest_addr addr, long len)
{
    uint64_t count = 0;
    for (long off = 0; off + 19 <= len; count++) {
        uint16_t reclen;
        if (!peek_all(&reclen, addr + (uint64_t)off + 16, 2) || reclen == 0)
            break;
        off += reclen;
    }
    fprintf(out, "%#" PRIx64 " /* %" PRIu64 " entries */", addr, count);
}

/* --- sockets --------------------------------------------------------------------------------- */

static const struct rv_name sock_families[] = {
    { RV_AF_UNSPEC, "AF_UNSPEC" }, { RV_AF_UNIX, "AF_UNIX" }, { RV_AF_INET, "AF_INET" },
    { RV_AF_INET6, "AF_INET6" }, { RV_AF_NETLINK, "AF_NETLINK" }, { 17, "AF_PACKET" },
    { 0, NULL },
};

static const struct rv_name sock_types[] = {
    { RV_SOCK_STREAM, "SOCK_STREAM" }, { RV_SOCK_DGRAM, "SOCK_DGRAM" },
    { RV_SOCK_RAW, "SOCK_RAW" }, { RV_SOCK_RDM, "SOCK_RDM" },
    { RV_SOCK_SEQPACKET, "SOCK_SEQPACKET" }, { RV_SOCK_PACKET, "SOCK_PACKET" }, { 0, NULL },
};

static const struct rv_name sock_flags[] = {
    { RV_SOCK_NONBLOCK, "SOCK_NONBLOCK" }, { RV_SOCK_CLOEXEC, "SOCK_CLOEXEC" }, { 0, NULL },
};

static const struct rv_name sock_levels[] = {
    { RV_SOL_IP, "SOL_IP" }, { RV_SOL_SOCKET, "SOL_SOCKET" }, { RV_SOL_TCP, "SOL_TCP" },
    { RV_SOL_UDP, "SOL_UDP" }, { RV_SOL_IPV6, "SOL_IPV6" }, { RV_SOL_NETLINK, "SOL_NETLINK" },
    { 0, NULL },
};

static const struct rv_name shut_how[] = {
    { RV_SHUT_RD, "SHUT_RD" }, { RV_SHUT_WR, "SHUT_WR" }, { RV_SHUT_RDWR, "SHUT_RDWR" },
    { 0, NULL },
};

static const struct rv_name msg_flags[] = {
    { RV_MSG_OOB, "MSG_OOB" }, { RV_MSG_PEEK, "MSG_PEEK" }, { RV_MSG_DONTROUTE, "MSG_DONTROUTE" },
    { RV_MSG_CTRUNC, "MSG_CTRUNC" }, { RV_MSG_PROBE, "MSG_PROBE" }, { RV_MSG_TRUNC, "MSG_TRUNC" },
    { RV_MSG_DONTWAIT, "MSG_DONTWAIT" }, { RV_MSG_EOR, "MSG_EOR" },
    { RV_MSG_WAITALL, "MSG_WAITALL" }, { RV_MSG_FIN, "MSG_FIN" }, { RV_MSG_SYN, "MSG_SYN" },
    { RV_MSG_CONFIRM, "MSG_CONFIRM" }, { RV_MSG_RST, "MSG_RST" },
    { RV_MSG_ERRQUEUE, "MSG_ERRQUEUE" }, { RV_MSG_NOSIGNAL, "MSG_NOSIGNAL" },
    { RV_MSG_MORE, "MSG_MORE" }, { RV_MSG_WAITFORONE, "MSG_WAITFORONE" },
    { RV_MSG_BATCH, "MSG_BATCH" }, { RV_MSG_ZEROCOPY, "MSG_ZEROCOPY" },
    { RV_MSG_FASTOPEN, "MSG_FASTOPEN" }, { RV_MSG_CMSG_CLOEXEC, "MSG_CMSG_CLOEXEC" },
    { 0, NULL },
};

/* socket(2)'s type: the base type by name, then the creation flags. */
static void print_socktype(FILE *out, uint64_t v)
{
    rv_strace_enum(out, v & RV_SOCK_TYPE_MASK, sock_types, false);
    uint64_t flags = v & ~(uint64_t)RV_SOCK_TYPE_MASK;
    if (flags) {
        fputc('|', out);
        rv_strace_flags(out, flags, sock_flags, "0");
    }
}

/* An option name, looked up in abi/socket.h's table for the level. */
static void print_sockopt(FILE *out, uint64_t level, uint64_t name)
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
static void print_sockoptval(FILE *out, uint64_t level, uint64_t name, guest_addr addr,
                             uint64_t len)
{
    int32_t v;
    struct rv_linger lg;
    struct rv_sock_timeval tv;
    bool timeout = name == RV_SO_RCVTIMEO_OLD || name == RV_SO_SNDTIMEO_OLD ||
                   name == RV_SO_RCVTIMEO_NEW || name == RV_SO_SNDTIMEO_NEW;
    if ((int)level == RV_SOL_SOCKET && name == RV_SO_LINGER && len >= sizeof lg &&
        peek_all(&lg, addr, sizeof lg))
        fprintf(out, "{l_onoff=%d, l_linger=%d}", (int)rv_le32((uint32_t)lg.l_onoff),
                (int)rv_le32((uint32_t)lg.l_linger));
    else if ((int)level == RV_SOL_SOCKET && timeout && len >= sizeof tv &&
             peek_all(&tv, addr, sizeof tv))
        fprintf(out, "{tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}",
                (int64_t)rv_le64((uint64_t)tv.tv_sec), (int64_t)rv_le64((uint64_t)tv.tv_usec));
    else if (len == sizeof v && peek_all(&v, addr, sizeof v))
        fprintf(out, "[%d]", (int)rv_le32((uint32_t)v));
    else
        print_buffer(out, addr, len);
}

static uint16_t be16_at(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* A socket address of len bytes, as strace prints each family. */
static void print_sockaddr(FILE *out, guest_addr addr, uint64_t len)
{
    uint8_t b[RV_SOCKADDR_STORAGE] = { 0 };
    if (len > sizeof b)
        len = sizeof b;
    if (!addr || len < 2 || peek(b, addr, len) != len) {
        print_addr(out, addr);
        return;
    }
    uint16_t family;
    memcpy(&family, b, 2);
    family = rv_le16(family);
    fputs("{sa_family=", out);
    rv_strace_enum(out, family, sock_families, false);
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
            print_quoted(out, path + 1, n - 1);
        } else {
            const uint8_t *nul = memchr(path, 0, n);
            print_quoted(out, path, nul ? (size_t)(nul - path) : n);
        }
        fputc('}', out);
    } else if (family == RV_AF_NETLINK && len >= sizeof(struct rv_sockaddr_nl)) {
        struct rv_sockaddr_nl s;
        memcpy(&s, b, sizeof s);
        fprintf(out, ", nl_pid=%u, nl_groups=%08x}", rv_le32(s.nl_pid), rv_le32(s.nl_groups));
    } else {
        fputs(", sa_data=", out);
        print_quoted(out, b + 2, len - 2);
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
    if (!addr || peek(b, addr, len) != len) {
        print_addr(out, addr);
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
        rv_strace_enum(out, (uint64_t)(int64_t)h.cmsg_level, sock_levels, false);
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
static void print_msghdr(FILE *out, guest_addr addr, uint64_t limit)
{
    struct rv_msghdr m;
    if (!peek_all(&m, addr, sizeof m)) {
        print_addr(out, addr);
        return;
    }
    int32_t namelen = (int32_t)rv_le32((uint32_t)m.msg_namelen);
    fputs("{msg_name=", out);
    if (m.msg_name && namelen > 0)
        print_sockaddr(out, rv_le64(m.msg_name), (uint64_t)namelen);
    else
        print_addr(out, rv_le64(m.msg_name));
    fprintf(out, ", msg_namelen=%d, msg_iov=", namelen);
    print_iovec(out, rv_le64(m.msg_iov), rv_le64(m.msg_iovlen), limit);
    fprintf(out, ", msg_iovlen=%" PRIu64 ", msg_control=", rv_le64(m.msg_iovlen));
    uint64_t clen = rv_le64(m.msg_controllen);
    if (m.msg_control && clen)
        print_cmsgs(out, rv_le64(m.msg_control), clen);
    else
        print_addr(out, rv_le64(m.msg_control));
    fprintf(out, ", msg_controllen=%" PRIu64 ", msg_flags=", clen);
    rv_strace_flags(out, rv_le32(m.msg_flags), msg_flags, "0");
    fputc('}', out);
}

/* An address the call wrote: its length is the int the next argument points to. */
static void print_osockaddr(FILE *out, guest_addr addr, guest_addr lenp)
{
    int32_t len;
    if (!peek_all(&len, lenp, sizeof len) || (int32_t)rv_le32((uint32_t)len) < 0) {
        print_addr(out, addr);
        return;
    }
    print_sockaddr(out, addr, rv_le32((uint32_t)len));
}

/* --- conversions ----------------------------------------------------------------------------- */

/* Prints argument i with conversion `conv` (without the %). Returns false when the argument is
 * to be left out (openat's mode without O_CREAT). */
static bool print_arg(struct ctx *c, const char *conv, int i)
{
    FILE *out = c->out;
    uint64_t v = c->a[i];
    uint64_t next = i < 5 ? c->a[i + 1] : 0;
    bool is_out = conv[0] == 'o' && strcmp(conv, "oflags") != 0 && strcmp(conv, "o") != 0;

    if (strcmp(conv, "mode") == 0 && c->skip_mode)
        return false;
    if (is_out && (!c->ok || !v)) {
        print_addr(out, v);
        return true;
    }

    if (!strcmp(conv, "d") || !strcmp(conv, "fd"))
        fprintf(out, "%d", (int)v);
    else if (!strcmp(conv, "u"))
        fprintf(out, "%u", (unsigned)v);
    else if (!strcmp(conv, "ld"))
        fprintf(out, "%" PRId64, (int64_t)v);
    else if (!strcmp(conv, "lu") || !strcmp(conv, "zu"))
        fprintf(out, "%" PRIu64, v);
    else if (!strcmp(conv, "o"))
        fprintf(out, "%#03" PRIo64, v);
    else if (!strcmp(conv, "ptr"))
        print_addr(out, v);
    else if (!strcmp(conv, "dirfd")) {
        if ((int)v == -100)
            fputs("AT_FDCWD", out);
        else
            fprintf(out, "%d", (int)v);
    } else if (!strcmp(conv, "mode"))
        print_mode(out, v);
    else if (!strcmp(conv, "oflags")) {
        /* Flags of an open carry an access mode (O_RDONLY is 0); those of pipe2 and dup3
         * do not, and strace prints them as plain flags, 0 when empty. */
        if (c->mode_follows)
            print_oflags(out, v & 0xffffffffu);
        else
            rv_strace_flags(out, v & 0xffffffffu, rv_names_oflags, "0");
        c->skip_mode = !(v & (RV_O_CREAT | RV___O_TMPFILE));
        return true;
    } else if (!strcmp(conv, "atflags"))
        rv_strace_flags(out, v & 0xffffffffu, rv_names_atflags, "0");
    else if (!strcmp(conv, "accmode"))
        rv_strace_flags(out, v & 0xffffffffu, rv_names_access, "F_OK");
    else if (!strcmp(conv, "whence"))
        rv_strace_enum(out, v & 0xffffffffu, rv_names_whence, false);
    else if (!strcmp(conv, "fcntlcmd"))
        rv_strace_enum(out, v & 0xffffffffu, rv_names_fcntl, false);
    else if (!strcmp(conv, "ioctl"))
        rv_strace_enum(out, v & 0xffffffffu, rv_names_ioctl, true);
    else if (!strcmp(conv, "mmapprot"))
        rv_strace_flags(out, v & 0xffffffffu, rv_names_mmap_prot, "PROT_NONE");
    else if (!strcmp(conv, "mmapflags"))
        print_mmap_flags(out, v & 0xffffffffu);
    else if (!strcmp(conv, "sig"))
        print_signal(out, v);
    else if (!strcmp(conv, "sighow"))
        rv_strace_enum(out, v & 0xffffffffu, rv_names_sighow, false);
    else if (!strcmp(conv, "clock"))
        rv_strace_enum(out, (uint64_t)(int64_t)(int)v, rv_names_clock, false);
    else if (!strcmp(conv, "futexop"))
        print_futex_op(out, v & 0xffffffffu);
    else if (!strcmp(conv, "cloneflags"))
        print_clone_flags(out, v);
    else if (!strcmp(conv, "statxmask"))
        rv_strace_flags(out, v & 0xffffffffu, rv_names_statx_mask, "0");
    else if (!strcmp(conv, "renameflags"))
        rv_strace_flags(out, v & 0xffffffffu, rv_names_rename, "0");
    else if (!strcmp(conv, "madvice"))
        rv_strace_enum(out, v & 0xffffffffu, rv_names_madvise, false);
    else if (!strcmp(conv, "mremapflags"))
        rv_strace_flags(out, v, rv_names_mremap, "0");
    else if (!strcmp(conv, "rlimitres"))
        rv_strace_enum(out, v & 0xffffffffu, rv_names_rlimit, false);
    else if (!strcmp(conv, "grndflags"))
        rv_strace_flags(out, v & 0xffffffffu, rv_names_grnd, "0");
    else if (!strcmp(conv, "msflags"))
        rv_strace_flags(out, v & 0xffffffffu, rv_names_msync, "0");
    else if (!strcmp(conv, "timerflags"))
        rv_strace_flags(out, v & 0xffffffffu, rv_names_timer, "0");
    else if (!strcmp(conv, "prctlop"))
        rv_strace_enum(out, v & 0xffffffffu, rv_names_prctl, true);
    else if (!strcmp(conv, "epollop"))
        rv_strace_enum(out, v & 0xffffffffu, names_epoll_op, false);
    /* guest memory the call reads */
    else if (!strcmp(conv, "path"))
        print_string(out, v, PATH_CAP);
    else if (!strcmp(conv, "str"))
        print_string(out, v, STR_MAX);
    else if (!strcmp(conv, "ibuf"))
        print_buffer(out, v, next);
    else if (!strcmp(conv, "iiov"))
        print_iovec(out, v, next, UINT64_MAX);
    else if (!strcmp(conv, "timespec"))
        print_timespec(out, v);
    else if (!strcmp(conv, "sigset"))
        print_sigset(out, v);
    else if (!strcmp(conv, "argv"))
        print_argv(c, v);
    else if (!strcmp(conv, "sigaction"))
        print_sigaction(out, v);
    else if (!strcmp(conv, "stack"))
        print_stack(out, v);
    else if (!strcmp(conv, "rlimit"))
        print_rlimit(out, v);
    else if (!strcmp(conv, "pollfds"))
        print_pollfds(out, v, next & 0xffffffffu);
    else if (!strcmp(conv, "epollevent")) {
        struct rv_epoll_event e;
        if (peek_all(&e, v, sizeof e))
            print_epoll_event_value(out, &e);
        else
            print_addr(out, v);
    }
    /* guest memory the call wrote (only reached when it succeeded) */
    else if (!strcmp(conv, "obuf"))
        print_buffer(out, v, (uint64_t)c->ret);
    else if (!strcmp(conv, "oiov"))
        print_iovec(out, v, next, (uint64_t)c->ret);
    else if (!strcmp(conv, "opath")) {
        char buf[PATH_CAP];
        size_t len = (uint64_t)c->ret < sizeof buf ? (size_t)c->ret : sizeof buf;
        if (peek(buf, v, len) != len) {
            print_addr(out, v);
        } else {
            char *nul = memchr(buf, 0, len);
            print_quoted(out, (const uint8_t *)buf, nul ? (size_t)(nul - buf) : len);
        }
    } else if (!strcmp(conv, "ostat"))
        print_stat(out, v);
    else if (!strcmp(conv, "ostatx"))
        print_statx(out, v);
    else if (!strcmp(conv, "ostatfs"))
        print_statfs(out, v);
    else if (!strcmp(conv, "ofds"))
        print_ints(out, v, 2);
    else if (!strcmp(conv, "oint"))
        print_ints(out, v, 1);
    else if (!strcmp(conv, "otimespec"))
        print_timespec(out, v);
    else if (!strcmp(conv, "otimeval"))
        print_timeval(out, v);
    else if (!strcmp(conv, "osigset"))
        print_sigset(out, v);
    else if (!strcmp(conv, "odirents"))
        print_dirents(out, v, c->ret);
    else if (!strcmp(conv, "osigaction"))
        print_sigaction(out, v);
    else if (!strcmp(conv, "ostack"))
        print_stack(out, v);
    else if (!strcmp(conv, "orlimit"))
        print_rlimit(out, v);
    else if (!strcmp(conv, "outsname"))
        print_utsname(out, v);
    else if (!strcmp(conv, "oepollevents"))
        print_epoll_events(out, v, (uint64_t)c->ret);
    /* sockets */
    else if (!strcmp(conv, "sockfamily"))
        rv_strace_enum(out, v & 0xffffffffu, sock_families, false);
    else if (!strcmp(conv, "socktype"))
        print_socktype(out, v & 0xffffffffu);
    else if (!strcmp(conv, "sockflags"))
        rv_strace_flags(out, v & 0xffffffffu, sock_flags, "0");
    else if (!strcmp(conv, "socklevel"))
        rv_strace_enum(out, (uint64_t)(int64_t)(int)v, sock_levels, false);
    else if (!strcmp(conv, "sockopt"))
        print_sockopt(out, i ? c->a[i - 1] : 0, v);
    else if (!strcmp(conv, "shuthow"))
        rv_strace_enum(out, v & 0xffffffffu, shut_how, false);
    else if (!strcmp(conv, "msgflags"))
        rv_strace_flags(out, v & 0xffffffffu, msg_flags, "0");
    else if (!strcmp(conv, "sockaddr"))
        print_sockaddr(out, v, next & 0xffffffffu);
    else if (!strcmp(conv, "sockoptval"))
        print_sockoptval(out, i >= 2 ? c->a[i - 2] : 0, i ? c->a[i - 1] & 0xffffffffu : 0, v,
                         next & 0xffffffffu);
    else if (!strcmp(conv, "osockaddr"))
        print_osockaddr(out, v, next);
    else if (!strcmp(conv, "msghdr"))
        print_msghdr(out, v, UINT64_MAX);
    else if (!strcmp(conv, "omsghdr"))
        print_msghdr(out, v, (uint64_t)c->ret);
    else    /* %x and anything unknown */
        fprintf(out, v ? "%#" PRIx64 : "%" PRIu64, v);
    return true;
}

static const char *errno_name(int e)
{
    switch (e) {
#define RV_ERRNO_CASE(name, value) case value: return #name;
    RV_ERRNO_LIST(RV_ERRNO_CASE)
#undef RV_ERRNO_CASE
    default: return NULL;
    }
}

static void print_return(FILE *out, const char *conv, long ret)
{
    if (ret == -RV_ERESTARTNOINTR) {  /* a signal came first: the call runs again (safe_syscall.h) */
        fputs(" = ? ERESTARTNOINTR (To be restarted)", out);
        return;
    }
    if (ret < 0 && ret >= -4095) {
        int e = (int)-ret;
        const char *name = errno_name(e);
        if (name)
            fprintf(out, " = -1 %s (%s)", name, strerror(e));   /* guest errno = host errno */
        else
            fprintf(out, " = -1 E%d", e);
        return;
    }
    if (conv && (!strcmp(conv, "ptr") || !strcmp(conv, "x")))
        fprintf(out, ret ? " = %#lx" : " = %ld", ret);
    else if (conv && !strcmp(conv, "o"))
        fprintf(out, " = %#03lo", ret);
    else
        fprintf(out, " = %ld", ret);
}

/* The conversion after " = " in fmt, copied into buf, or NULL. */
static const char *return_conv(const char *fmt, char *buf, size_t size)
{
    const char *eq = fmt ? strstr(fmt, " = %") : NULL;
    if (!eq)
        return NULL;
    snprintf(buf, size, "%s", eq + 4);
    return buf;
}

static void print_args(struct ctx *c, const char *fmt)
{
    if (!fmt) {
        for (int i = 0; i < 6; i++)
            fprintf(c->out, "%s%#" PRIx64, i ? ", " : "", c->a[i]);
        return;
    }
    const char *end = strstr(fmt, " = ");
    if (!end)
        end = fmt + strlen(fmt);
    int i = 0;
    bool any = false;
    for (const char *p = fmt; p < end && i < 6;) {
        const char *conv = strchr(p, '%');
        if (!conv || conv >= end)
            break;
        conv++;
        size_t n = strcspn(conv, ", ");
        if (conv + n > end)
            n = (size_t)(end - conv);
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)n, conv);
        const char *after = conv + n;
        c->mode_follows = after < end && strncmp(after, ", %mode", 7) == 0;
        /* Print into a scratch stream first: an argument may decide to vanish (the mode). */
        char *text = NULL;
        size_t len = 0;
        FILE *arg = open_memstream(&text, &len);
        if (arg) {
            FILE *saved = c->out;
            c->out = arg;
            bool shown = print_arg(c, name, i);
            c->out = saved;
            fclose(arg);
            if (shown) {
                fprintf(c->out, "%s%s", any ? ", " : "", text);
                any = true;
            }
            free(text);
        }
        i++;
        p = conv + n;
    }
}

void rv_strace_call(FILE *out, const char *name, const char *fmt, const uint64_t *a, long ret,
                    enum rv_strace_mode mode)
{
    struct ctx c = {
        .out = out,
        .a = a,
        .ret = ret,
        .ok = mode == RV_STRACE_DONE && !(ret < 0 && ret >= -4095),
    };
    fprintf(out, "%s(", name);
    print_args(&c, fmt);
    switch (mode) {
    case RV_STRACE_DONE: {
        char buf[32];
        fputc(')', out);
        print_return(out, return_conv(fmt, buf, sizeof buf), ret);
        break;
    }
    case RV_STRACE_NORETURN:
        fputs(") = ?", out);
        break;
    case RV_STRACE_UNFINISHED:
        fputs(" <unfinished ...>", out);
        break;
    }
    fputc('\n', out);
}

void rv_strace_resumed(FILE *out, const char *name, const char *fmt, long ret)
{
    char buf[32];
    fprintf(out, "<... %s resumed>)", name);
    print_return(out, return_conv(fmt, buf, sizeof buf), ret);
    fputc('\n', out);
}
