/*
 * syscall/signal/coredump.c - the guest's core dump, and the runner's own dump arranged so that
 * the parent's wait status says "core dumped" without touching the guest's file
 * (rv_core_dump in coredump.h).
 *
 * When a signal whose default action dumps core kills the guest, the kernel (fs/coredump.c
 * do_coredump) would write a core if the process is dumpable and, for a file pattern,
 * RLIMIT_CORE is at least a page; the wait status gets the core flag (0x80, WCOREDUMP) only
 * when the dump completed (coredump_finish). crossrun follows /proc/sys/kernel/core_pattern:
 *
 *  - a file pattern ("core", "core.%p", "/var/crash/%e.%p.core"...): the name is expanded as
 *    format_corename does (and ".PID" appended under core_uses_pid when there is no %p), the
 *    old file unlinked, the new one created O_EXCL 0600 and the guest's riscv64 core written
 *    into it (core_elf.c), at most RLIMIT_CORE bytes. A core that does not fit is left cut
 *    short and, as in the kernel, the status has no core flag.
 *  - a pipe pattern ("|/usr/lib/systemd/systemd-coredump ..."): the kernel hands the dump to
 *    that helper and reports it dumped whatever RLIMIT_CORE says (but 1). crossrun writes no
 *    file of its own; the host kernel pipes the runner's dump to the helper, made small by
 *    coredump_filter 0 (headers and notes, no memory), so the status carries the core flag
 *    as it would on riscv64 hardware. The helper receives an x86-64 core of the runner, not
 *    the guest's.
 *
 * The core flag can only come from the host kernel dumping the runner itself, which would
 * unlink and replace a file at the same name. For a file pattern without a directory part the
 * name is relative to the current directory, so the runner moves to a private directory of
 * its own ($TMPDIR or /tmp, "crossrun-core-EUID/PID", mode 0700; the directories of runners
 * that are gone are removed first, so only the latest small cores stay), sets
 * coredump_filter to 0 and its soft RLIMIT_CORE to the hard one, and dies there: the guest's
 * file is untouched and the status has the flag. A pattern
 * with a '/' names the same file for both, and nothing tells the kernel to write elsewhere:
 * there the runner's dump is switched off, the guest's file stays, and the status has no core
 * flag (doc/syscalls.md says so).
 */
#include "syscall/signal/coredump.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "abi/signal.h"
#include "mem/host.h"
#include "syscall/process_info.h"
#include "syscall/signal/core_elf.h"

#define MIN_COREDUMP   4096   /* binfmt_elf's min_coredump: one page */
#define NAME_MAX_CORE  512

/* The dying thread's state, as rv_core_note_death was told it. */
static __thread struct {
    struct rv_cpu *cpu;
    struct rv_siginfo info;
    uint64_t pending, blocked;
} death;

void rv_core_note_death(struct rv_cpu *cpu, const struct rv_siginfo *info, uint64_t pending,
                        uint64_t blocked)
{
    death.cpu = cpu;
    death.info = *info;
    death.pending = pending;
    death.blocked = blocked;
}

/* The whole (short) host file at path into buf, NUL-terminated, without a final newline. */
static bool read_small(const char *path, char *buf, size_t cap)
{
    int fd = (int)host_syscall4(SYS_openat, AT_FDCWD, HOST_ARG(path), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return false;
    long n = host_syscall3(SYS_read, fd, HOST_ARG(buf), (long)cap - 1);
    host_syscall1(SYS_close, fd);
    if (n < 0)
        return false;
    buf[n] = '\0';
    if (n > 0 && buf[n - 1] == '\n')
        buf[n - 1] = '\0';
    return true;
}

static void write_small(const char *path, const char *text)
{
    int fd = (int)host_syscall4(SYS_openat, AT_FDCWD, HOST_ARG(path), O_WRONLY | O_CLOEXEC, 0);
    if (fd >= 0) {
        (void)host_syscall3(SYS_write, fd, HOST_ARG(text), (long)strlen(text));
        host_syscall1(SYS_close, fd);
    }
}

/* ---- the name (fs/coredump.c format_corename) -------------------------------------------- */

struct name_buf {
    char *s;
    size_t len, cap;
};

/* Appends text; with escape, '/' becomes '!' (cn_esc_printf) and a leading "." or ".." is
 * not left to name a directory. */
static void name_add(struct name_buf *n, const char *text, bool escape)
{
    size_t start = n->len;
    for (; *text && n->len + 1 < n->cap; text++)
        n->s[n->len++] = escape && *text == '/' ? '!' : *text;
    n->s[n->len] = '\0';
    if (escape && (strcmp(n->s + start, ".") == 0 || strcmp(n->s + start, "..") == 0))
        n->s[start] = '!';
}

static void name_num(struct name_buf *n, unsigned long long v)
{
    char num[24];
    snprintf(num, sizeof num, "%llu", v);
    name_add(n, num, false);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* One %-specifier; sets *pid_seen for %p. Unknown ones expand to nothing. */
static void expand_one(struct name_buf *n, char c, int sig, uint64_t limit, bool *pid_seen)
{
    char text[256];
    struct utsname u;
    const char *exe = rv_proc.exe_path ? rv_proc.exe_path : "";
    switch (c) {
    case '%': name_add(n, "%", false); break;
    case 'p': *pid_seen = true; /* fall through */
    case 'P': name_num(n, (unsigned long long)host_syscall0(SYS_getpid)); break;
    case 'i': case 'I': name_num(n, (unsigned long long)host_syscall0(SYS_gettid)); break;
    case 'u': name_num(n, (unsigned long long)host_syscall0(SYS_getuid)); break;
    case 'g': name_num(n, (unsigned long long)host_syscall0(SYS_getgid)); break;
    case 'd':
        name_num(n, (unsigned long long)host_syscall5(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0));
        break;
    case 's': name_num(n, (unsigned long long)sig); break;
    case 't': name_num(n, (unsigned long long)time(NULL)); break;
    case 'c': name_num(n, (unsigned long long)limit); break;
    case 'h':
        if (host_syscall1(SYS_uname, HOST_ARG(&u)) == 0)
            name_add(n, u.nodename, true);
        break;
    case 'e':
        memset(text, 0, 17);
        (void)host_syscall5(SYS_prctl, PR_GET_NAME, HOST_ARG(text), 0, 0, 0);
        name_add(n, text, true);
        break;
    case 'f': name_add(n, base_name(exe), true); break;
    case 'E': name_add(n, exe, true); break;
    default: break;
    }
}

static void expand_pattern(const char *pattern, char *out, size_t cap, int sig, uint64_t limit)
{
    struct name_buf n = { out, 0, cap };
    bool pid_seen = false;
    out[0] = '\0';
    for (const char *p = pattern; *p; p++) {
        if (*p != '%') {
            char one[2] = { *p, '\0' };
            name_add(&n, one, false);
        } else if (p[1]) {
            expand_one(&n, *++p, sig, limit, &pid_seen);
        }
    }
    char uses_pid[8];
    if (!pid_seen && read_small("/proc/sys/kernel/core_uses_pid", uses_pid, sizeof uses_pid)
        && atoi(uses_pid) != 0) {
        name_add(&n, ".", false);
        name_num(&n, (unsigned long long)host_syscall0(SYS_getpid));
    }
}

/* ---- the guest's file -------------------------------------------------------------------- */

/* Creates the core file as do_coredump does: unlinked first, O_EXCL, 0600, and refused when
 * it is not a fresh regular file of ours. The fd or -1. */
static int create_core(const char *name)
{
    (void)host_syscall3(SYS_unlinkat, AT_FDCWD, HOST_ARG(name), 0);
    int fd = (int)host_syscall4(SYS_openat, AT_FDCWD, HOST_ARG(name),
                                O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    struct stat st;
    if (host_syscall2(SYS_fstat, fd, HOST_ARG(&st)) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1
        || st.st_uid != (uid_t)host_syscall0(SYS_geteuid) || (st.st_mode & 0677) != 0600) {
        host_syscall1(SYS_close, fd);
        return -1;
    }
    return fd;
}

static bool write_guest_core(const char *name, int sig, uint64_t limit, unsigned filter)
{
    if (!death.cpu || death.info.signo != sig)
        return false;
    int fd = create_core(name);
    if (fd < 0)
        return false;
    struct rv_core_facts facts = {
        .signo = sig, .info = &death.info, .sigpend = death.pending, .sighold = death.blocked,
        .filter = filter, .auxv = rv_proc.auxv_addr, .auxv_len = rv_proc.auxv_len,
        .arg_start = rv_proc.arg_start, .arg_end = rv_proc.arg_end,
    };
    bool ok = rv_core_elf_write(fd, limit, death.cpu, &facts);
    host_syscall1(SYS_close, fd);
    return ok;
}

/* ---- the runner's own dump --------------------------------------------------------------- */

/* Removes the files in directory `dir`, and the directory itself from `parent`. */
static void remove_dir(int parent, const char *name)
{
    int dir = (int)host_syscall4(SYS_openat, parent, HOST_ARG(name),
                                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (dir < 0)
        return;
    char buf[2048];
    long n;
    while ((n = host_syscall3(SYS_getdents64, dir, HOST_ARG(buf), sizeof buf)) > 0) {
        for (long off = 0; off < n; off += ((struct dirent64 *)(buf + off))->d_reclen) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            if (d->d_type != DT_DIR)
                (void)host_syscall3(SYS_unlinkat, dir, HOST_ARG(d->d_name), 0);
        }
    }
    host_syscall1(SYS_close, dir);
    (void)host_syscall3(SYS_unlinkat, parent, HOST_ARG(name), AT_REMOVEDIR);
}

/* Earlier runners' directories (named by their pids) whose process is gone. A live one may be
 * dumping right now and keeps its own. */
static void remove_stale(int dir)
{
    char buf[2048];
    long n;
    while ((n = host_syscall3(SYS_getdents64, dir, HOST_ARG(buf), sizeof buf)) > 0) {
        for (long off = 0; off < n; off += ((struct dirent64 *)(buf + off))->d_reclen) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            char *end;
            long pid = strtol(d->d_name, &end, 10);
            if (d->d_type == DT_DIR && pid > 0 && *end == '\0'
                && host_syscall2(SYS_kill, pid, 0) == -ESRCH)
                remove_dir(dir, d->d_name);
        }
    }
}

/* Into this process's directory under the private one, where the kernel may write the
 * runner's core. False when it cannot be made or is not ours alone. */
static bool enter_private_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char path[512], own[24];
    unsigned euid = (unsigned)host_syscall0(SYS_geteuid);
    snprintf(path, sizeof path, "%s/crossrun-core-%u", tmp && tmp[0] == '/' ? tmp : "/tmp", euid);
    (void)host_syscall3(SYS_mkdirat, AT_FDCWD, HOST_ARG(path), 0700);
    int dir = (int)host_syscall4(SYS_openat, AT_FDCWD, HOST_ARG(path),
                                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (dir < 0)
        return false;
    struct stat st;
    bool ours = host_syscall2(SYS_fstat, dir, HOST_ARG(&st)) == 0 && S_ISDIR(st.st_mode)
                && st.st_uid == euid && (st.st_mode & 077) == 0;
    if (ours) {
        remove_stale(dir);
        snprintf(own, sizeof own, "%ld", host_syscall0(SYS_getpid));
        (void)host_syscall3(SYS_mkdirat, dir, HOST_ARG(own), 0700);
        int sub = (int)host_syscall4(SYS_openat, dir, HOST_ARG(own),
                                     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        ours = sub >= 0 && host_syscall1(SYS_fchdir, sub) == 0;
        if (sub >= 0)
            host_syscall1(SYS_close, sub);
    }
    host_syscall1(SYS_close, dir);
    return ours;
}

/* The host dumps the runner with no memory at all: headers and notes only. */
static void small_runner_dump(void)
{
    write_small("/proc/self/coredump_filter", "0");
    struct rlimit rl;
    if (host_syscall4(SYS_prlimit64, 0, RLIMIT_CORE, 0, HOST_ARG(&rl)) == 0) {
        rl.rlim_cur = rl.rlim_max;
        (void)host_syscall4(SYS_prlimit64, 0, RLIMIT_CORE, HOST_ARG(&rl), 0);
    }
}

bool rv_core_dump(int hsig)
{
    if (rv_signal_default_action(hsig) != 'C'
        || host_syscall5(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0) <= 0)
        return false;
    char pattern[256], filter_text[32];
    struct rlimit rl;
    if (!read_small("/proc/sys/kernel/core_pattern", pattern, sizeof pattern)
        || host_syscall4(SYS_prlimit64, 0, RLIMIT_CORE, 0, HOST_ARG(&rl)) != 0)
        return false;
    if (pattern[0] == '|') {   /* the kernel's helper gets the (runner's) dump */
        if (rl.rlim_cur == 1)
            return false;
        write_small("/proc/self/coredump_filter", "0");
        return true;
    }
    if (rl.rlim_cur < MIN_COREDUMP || !pattern[0])
        return false;
    unsigned filter = 0x33;   /* the kernel's default */
    if (read_small("/proc/self/coredump_filter", filter_text, sizeof filter_text))
        filter = (unsigned)strtoul(filter_text, NULL, 16);
    char name[NAME_MAX_CORE];
    expand_pattern(pattern, name, sizeof name, hsig, rl.rlim_cur);
    if (!write_guest_core(name, hsig, rl.rlim_cur, filter) || strchr(name, '/'))
        return false;
    if (!enter_private_dir())
        return false;
    small_runner_dump();
    return true;
}
