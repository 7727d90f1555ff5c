/*
 * syscall/strace/strace_structs.c - guest structs and arrays as strace prints them
 * (strace_structs.h).
 *
 * Structures the call writes are printed only when it succeeded (the conversion table decides
 * that); here each is read whole through a checked copy, or printed as its address. Layouts
 * are the riscv64 guest's, from abi/.
 */
#include <inttypes.h>
#include <string.h>

#include "abi/epoll.h"
#include "abi/fcntl.h"
#include "abi/poll.h"
#include "abi/signal.h"
#include "abi/stat.h"
#include "abi/sysinfo.h"
#include "abi/time.h"
#include "syscall/strace/strace_guest.h"
#include "syscall/strace/strace_names.h"
#include "syscall/strace/strace_structs.h"
#include "syscall/strace/strace_values.h"

void rv_strace_timespec(FILE *out, guest_addr addr)
{
    struct rv_timespec ts;
    if (!rv_strace_peek_all(&ts, addr, sizeof ts)) {
        rv_strace_addr(out, addr);
        return;
    }
    fprintf(out, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", ts.tv_sec, ts.tv_nsec);
}

void rv_strace_timeval(FILE *out, guest_addr addr)
{
    struct rv_timeval tv;
    if (!rv_strace_peek_all(&tv, addr, sizeof tv)) {
        rv_strace_addr(out, addr);
        return;
    }
    fprintf(out, "{tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}", tv.tv_sec, tv.tv_usec);
}

void rv_strace_sigset(FILE *out, guest_addr addr)
{
    uint64_t set;
    if (!rv_strace_peek_all(&set, addr, sizeof set)) {
        rv_strace_addr(out, addr);
        return;
    }
    rv_strace_sigset_bits(out, rv_le64(set));
}

void rv_strace_sigaction(FILE *out, guest_addr addr)
{
    struct rv_sigaction sa;
    if (!rv_strace_peek_all(&sa, addr, sizeof sa)) {
        rv_strace_addr(out, addr);
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
    rv_strace_sigset_bits(out, sa.mask);
    fputs(", sa_flags=", out);
    rv_strace_flags(out, sa.flags, rv_names_sa_flags, "0");
    fputc('}', out);
}

void rv_strace_stack(FILE *out, guest_addr addr)
{
    struct rv_stack ss;
    if (!rv_strace_peek_all(&ss, addr, sizeof ss)) {
        rv_strace_addr(out, addr);
        return;
    }
    fputs("{ss_sp=", out);
    rv_strace_addr(out, ss.sp);
    fputs(", ss_flags=", out);
    rv_strace_flags(out, (uint32_t)ss.flags, rv_names_ss_flags, "0");
    fprintf(out, ", ss_size=%" PRIu64 "}", ss.size);
}

void rv_strace_rlimit(FILE *out, guest_addr addr)
{
    struct rv_rlimit rl;
    if (!rv_strace_peek_all(&rl, addr, sizeof rl)) {
        rv_strace_addr(out, addr);
        return;
    }
    fputs("{rlim_cur=", out);
    rv_strace_rlim(out, rl.rlim_cur);
    fputs(", rlim_max=", out);
    rv_strace_rlim(out, rl.rlim_max);
    fputc('}', out);
}

void rv_strace_open_how(FILE *out, guest_addr addr)
{
    struct rv_open_how how;
    if (!rv_strace_peek_all(&how, addr, sizeof how)) {
        rv_strace_addr(out, addr);
        return;
    }
    fputs("{flags=", out);
    rv_strace_open_flags(out, how.flags);
    fprintf(out, ", mode=%#" PRIo64 ", resolve=", how.mode);
    rv_strace_flags(out, how.resolve, rv_names_resolve, "0");
    fputc('}', out);
}

void rv_strace_stat(FILE *out, guest_addr addr)
{
    struct rv_stat st;
    if (!rv_strace_peek_all(&st, addr, sizeof st)) {
        rv_strace_addr(out, addr);
        return;
    }
    fputs("{st_mode=", out);
    rv_strace_file_mode(out, st.st_mode);
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

void rv_strace_statx(FILE *out, guest_addr addr)
{
    /* struct statx: stx_mask u32 @0, stx_attributes u64 @8, stx_mode u16 @28, stx_size u64 @40 */
    uint8_t b[48];
    if (!rv_strace_peek_all(b, addr, sizeof b)) {
        rv_strace_addr(out, addr);
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
    rv_strace_file_mode(out, mode);
    fprintf(out, ", stx_size=%" PRIu64 ", ...}", size);
}

void rv_strace_statfs(FILE *out, guest_addr addr)
{
    struct rv_statfs s;
    if (!rv_strace_peek_all(&s, addr, sizeof s)) {
        rv_strace_addr(out, addr);
        return;
    }
    fprintf(out, "{f_type=%#" PRIx64 ", f_bsize=%" PRId64 ", f_blocks=%" PRIu64 ", f_bfree=%" PRIu64
            ", f_bavail=%" PRIu64 ", f_files=%" PRIu64 ", f_ffree=%" PRIu64 ", f_namelen=%" PRId64
            ", f_frsize=%" PRId64 ", ...}", (uint64_t)s.f_type, s.f_bsize, s.f_blocks, s.f_bfree,
            s.f_bavail, s.f_files, s.f_ffree, s.f_namelen, s.f_frsize);
}

void rv_strace_utsname(FILE *out, guest_addr addr)
{
    struct rv_utsname u;
    if (!rv_strace_peek_all(&u, addr, sizeof u)) {
        rv_strace_addr(out, addr);
        return;
    }
    fputs("{sysname=", out);
    rv_strace_quoted(out, (const uint8_t *)u.sysname, strnlen(u.sysname, sizeof u.sysname));
    fputs(", nodename=", out);
    rv_strace_quoted(out, (const uint8_t *)u.nodename, strnlen(u.nodename, sizeof u.nodename));
    fputs(", ...}", out);
}

void rv_strace_ints(FILE *out, guest_addr addr, int n)
{
    int32_t v[2];
    if (!rv_strace_peek_all(v, addr, (size_t)n * sizeof v[0])) {
        rv_strace_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (int i = 0; i < n; i++)
        fprintf(out, "%s%d", i ? ", " : "", (int)rv_le32((uint32_t)v[i]));
    fputc(']', out);
}

/* struct iovec[count]; `limit` caps the bytes shown in total (the result of a read). */
void rv_strace_iovec(FILE *out, guest_addr addr, uint64_t count, uint64_t limit)
{
    if (!addr || count > 1024) {
        rv_strace_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (uint64_t i = 0; i < count; i++) {
        uint64_t iov[2];
        if (i == RV_STRACE_ARRAY_MAX) {
            fputs(", ...", out);
            break;
        }
        if (!rv_strace_peek_all(iov, addr + i * sizeof iov, sizeof iov)) {
            fprintf(out, "%s...", i ? ", " : "");
            break;
        }
        uint64_t show = iov[1] < limit ? iov[1] : limit;
        limit -= show;
        fprintf(out, "%s{iov_base=", i ? ", " : "");
        rv_strace_buffer(out, iov[0], show);
        fprintf(out, ", iov_len=%" PRIu64 "}", iov[1]);
    }
    fputc(']', out);
}

/* struct pollfd[count] as [{fd=3, events=POLLIN}, ...] */
void rv_strace_pollfds(FILE *out, guest_addr addr, uint64_t count)
{
    if (!addr || count > 1024 * 1024) {
        rv_strace_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (uint64_t i = 0; i < count; i++) {
        struct rv_pollfd p;
        if (i == RV_STRACE_ARRAY_MAX) {
            fputs(", ...", out);
            break;
        }
        if (!rv_strace_peek_all(&p, addr + i * sizeof p, sizeof p)) {
            fprintf(out, "%s...", i ? ", " : "");
            break;
        }
        fprintf(out, "%s{fd=%d, events=", i ? ", " : "", (int)rv_le32((uint32_t)p.fd));
        rv_strace_flags(out, rv_le16((uint16_t)p.events), rv_names_poll, "0");
        fputc('}', out);
    }
    fputc(']', out);
}

/* One riscv64 struct epoll_event (16 bytes, data at 8: abi/epoll.h) as strace shows it. */
static void print_epoll_event_value(FILE *out, const struct rv_epoll_event *e)
{
    uint64_t data = rv_le64(e->data);
    fputs("{events=", out);
    rv_strace_flags(out, rv_le32(e->events), rv_names_epoll, "0");
    fprintf(out, ", data={u32=%" PRIu32 ", u64=%" PRIu64 "}}", (uint32_t)data, data);
}

void rv_strace_epoll_event(FILE *out, guest_addr addr)
{
    struct rv_epoll_event e;
    if (rv_strace_peek_all(&e, addr, sizeof e))
        print_epoll_event_value(out, &e);
    else
        rv_strace_addr(out, addr);
}

void rv_strace_epoll_events(FILE *out, guest_addr addr, uint64_t count)
{
    if (!addr) {
        rv_strace_addr(out, addr);
        return;
    }
    fputc('[', out);
    for (uint64_t i = 0; i < count; i++) {
        struct rv_epoll_event e;
        if (i == RV_STRACE_ARRAY_MAX) {
            fputs(", ...", out);
            break;
        }
        if (!rv_strace_peek_all(&e, addr + i * sizeof e, sizeof e)) {
            fprintf(out, "%s...", i ? ", " : "");
            break;
        }
        if (i)
            fputs(", ", out);
        print_epoll_event_value(out, &e);
    }
    fputc(']', out);
}

/* execve's argv as ["ls", "-l"]; with count_only (its envp, the second array) as an address
 * and a count of variables, as strace abbreviates it. */
void rv_strace_argv(FILE *out, guest_addr addr, bool count_only)
{
    if (!addr) {
        fputs("NULL", out);
        return;
    }
    if (!count_only)
        fputc('[', out);
    uint64_t n = 0;
    for (;; n++) {
        uint64_t p;
        if (!rv_strace_peek_all(&p, addr + n * 8, 8)) {
            if (!count_only)
                fputs(n ? ", ...]" : "...]", out);
            else
                rv_strace_addr(out, addr);
            return;
        }
        if (!p)
            break;
        if (count_only)
            continue;
        if (n == RV_STRACE_ARRAY_MAX) {
            fputs(", ...", out);
            while (rv_strace_peek_all(&p, addr + (n + 1) * 8, 8) && p)
                n++;
            break;
        }
        if (n)
            fputs(", ", out);
        rv_strace_string(out, p, RV_STRACE_STR_MAX);
    }
    if (count_only)
        fprintf(out, "%#" PRIx64 " /* %" PRIu64 " var%s */", addr, n, n == 1 ? "" : "s");
    else
        fputc(']', out);
}

void rv_strace_dirents(FILE *out, guest_addr addr, long len)
{
    uint64_t count = 0;
    for (long off = 0; off + 19 <= len; count++) {
        uint16_t reclen;
        if (!rv_strace_peek_all(&reclen, addr + (uint64_t)off + 16, 2) || reclen == 0)
            break;
        off += reclen;
    }
    fprintf(out, "%#" PRIx64 " /* %" PRIu64 " entries */", addr, count);
}
