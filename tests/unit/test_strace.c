/*
 * tests/unit/test_strace.c - the --strace formatter: calls formatted into memory and compared
 * with the exact text strace would print, with real guest memory behind the pointers.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "abi/stat.h"
#include "abi/ucontext.h"
#include "abi/wait.h"
#include "mem/addrspace.h"
#include "syscall/strace/strace_conv.h"
#include "syscall/strace/strace_fmt.h"
#include "mem/uaccess.h"

static guest_addr mem;   /* four read-write guest pages */

static void guest_memory(void)
{
    cr_assert_eq(guest_as_init(), 0);
    long r = guest_mmap(0, 4 * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0, "guest_mmap: %ld", r);
    mem = (guest_addr)r;
}

static guest_addr put(uint64_t off, const void *data, size_t n)
{
    cr_assert_eq(copy_to_guest(mem + off, data, n), 0);
    return mem + off;
}

/* Formats one call and returns the text (freed by the caller). */
static char *format(const char *name, const char *fmt, uint64_t a0, uint64_t a1, uint64_t a2,
                    uint64_t a3, long ret, enum rv_strace_mode mode)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    const uint64_t a[6] = { a0, a1, a2, a3, 0, 0 };
    rv_strace_call(f, name, fmt, a, ret, mode);
    fclose(f);
    return text;
}

#define EXPECT(text, want)                                                     \
    do {                                                                       \
        char *got_ = (text);                                                   \
        cr_assert_str_eq(got_, want);                                          \
        free(got_);                                                            \
    } while (0)

Test(strace, openat_path_flags_and_omitted_mode, .init = guest_memory)
{
    guest_addr path = put(0, "/etc/passwd", 12);
    EXPECT(format("openat", "%dirfd, %path, %oflags, %mode = %fd", (uint64_t)-100, path,
                  02000000, 0, 3, RV_STRACE_DONE),
           "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3\n");
    EXPECT(format("openat", "%dirfd, %path, %oflags, %mode = %fd", 5, path, 0101 | 01000, 0644,
                  4, RV_STRACE_DONE),
           "openat(5, \"/etc/passwd\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4\n");
}

Test(strace, errors_print_name_and_message, .init = guest_memory)
{
    guest_addr path = put(0, "/nope", 6);
    EXPECT(format("openat", "%dirfd, %path, %oflags, %mode = %fd", (uint64_t)-100, path, 0, 0,
                  -2, RV_STRACE_DONE),
           "openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)\n");
}

Test(strace, read_buffer_escaped_and_cut_at_32, .init = guest_memory)
{
    const char *line = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1";
    guest_addr buf = put(100, line, strlen(line));
    EXPECT(format("read", "%fd, %obuf, %zu", 3, buf, 4096, 0, (long)strlen(line), RV_STRACE_DONE),
           "read(3, \"root:x:0:0:root:/root:/bin/bash\\n\"..., 4096) = 44\n");
    /* a failed read shows the buffer's address, not its stale content */
    char want[96];
    snprintf(want, sizeof want, "read(3, %#llx, 4096) = -1 EBADF (Bad file descriptor)\n",
             (unsigned long long)buf);
    EXPECT(format("read", "%fd, %obuf, %zu", 3, buf, 4096, 0, -9, RV_STRACE_DONE), want);
}

Test(strace, write_octal_escapes, .init = guest_memory)
{
    const unsigned char bytes[] = { 'a', 0, '1', 0x1b, '[', '"', '\\', '\t' };
    guest_addr buf = put(200, bytes, sizeof bytes);
    EXPECT(format("write", "%fd, %ibuf, %zu", 1, buf, sizeof bytes, 0, 8, RV_STRACE_DONE),
           "write(1, \"a\\0001\\33[\\\"\\\\\\t\", 8) = 8\n");
}

Test(strace, fstat_regular_and_char_device, .init = guest_memory)
{
    struct rv_stat st;
    memset(&st, 0, sizeof st);
    st.st_mode = 0100644;
    st.st_size = 1234;
    guest_addr p = put(512, &st, sizeof st);
    EXPECT(format("fstat", "%fd, %ostat", 3, p, 0, 0, 0, RV_STRACE_DONE),
               "fstat(3, {st_mode=S_IFREG|0644, st_size=1234, ...}) = 0\n");
    st.st_mode = 020620;
    st.st_rdev = (0x88 << 8) | 1;
    p = put(512, &st, sizeof st);
    EXPECT(format("fstat", "%fd, %ostat", 1, p, 0, 0, 0, RV_STRACE_DONE),
           "fstat(1, {st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0x1), ...}) = 0\n");
}

Test(strace, mmap_flags_and_hex_result)
{
    const uint64_t a[6] = { 0, 8192, 3, 0x22, (uint64_t)-1, 0 };
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    rv_strace_call(f, "mmap", "%ptr, %zu, %mmapprot, %mmapflags, %fd, %x = %ptr", a,
                   0x3ff7ff0000, RV_STRACE_DONE);
    fclose(f);
    EXPECT(text, "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
                 "0x3ff7ff0000\n");
    EXPECT(format("mprotect", "%ptr, %zu, %mmapprot", 0x10000, 4096, 0, 0, 0, RV_STRACE_DONE),
           "mprotect(0x10000, 4096, PROT_NONE) = 0\n");
}

Test(strace, signals_and_clocks_by_name, .init = guest_memory)
{
    uint64_t set = (1u << (2 - 1)) | (1u << (15 - 1));
    guest_addr p = put(0, &set, 8);
    EXPECT(format("rt_sigprocmask", "%sighow, %sigset, %osigset, %zu", 0, p, 0, 8, 0,
                  RV_STRACE_DONE),
           "rt_sigprocmask(SIG_BLOCK, [INT TERM], NULL, 8) = 0\n");
    uint64_t sa[3] = { 1, 0x10000000, 0 };
    p = put(64, sa, sizeof sa);
    EXPECT(format("rt_sigaction", "%sig, %sigaction, %osigaction, %zu", 13, p, 0, 8, 0,
                  RV_STRACE_DONE),
           "rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTART}, NULL, 8)"
           " = 0\n");
    EXPECT(format("kill", "%d, %sig", 42, 34, 0, 0, -3, RV_STRACE_DONE),
           "kill(42, SIGRT_2) = -1 ESRCH (No such process)\n");
    int64_t ts[2] = { 1, 500 };
    p = put(128, ts, sizeof ts);
    EXPECT(format("clock_gettime", "%clock, %otimespec", 1, p, 0, 0, 0, RV_STRACE_DONE),
           "clock_gettime(CLOCK_MONOTONIC, {tv_sec=1, tv_nsec=500}) = 0\n");
}

Test(strace, exit_group_prints_question_mark)
{
    EXPECT(format("exit_group", "%d", 3, 0, 0, 0, 0, RV_STRACE_NORETURN), "exit_group(3) = ?\n");
}

Test(strace, bad_pointers_print_as_addresses, .init = guest_memory)
{
    EXPECT(format("openat", "%dirfd, %path, %oflags, %mode = %fd", (uint64_t)-100, 0x20,
                  0, 0, -14, RV_STRACE_DONE),
           "openat(AT_FDCWD, 0x20, O_RDONLY) = -1 EFAULT (Bad address)\n");
    /* a string that runs into an unmapped page is not read past it */
    char fill[64];
    memset(fill, 'x', sizeof fill);
    guest_addr end = put(4 * GUEST_PAGE_SIZE - sizeof fill, fill, sizeof fill);
    char want[64];
    snprintf(want, sizeof want, "chdir(%#llx) = -1 EFAULT (Bad address)\n",
             (unsigned long long)end);
    EXPECT(format("chdir", "%path", end, 0, 0, 0, -14, RV_STRACE_DONE), want);
}

Test(strace, unimplemented_call_prints_six_hex_args)
{
    const uint64_t a[6] = { 1, 0, 0x10, 0, 0, 0 };
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    rv_strace_call(f, "syscall_999", NULL, a, -38, RV_STRACE_DONE);
    fclose(f);
    EXPECT(text, "syscall_999(0x1, 0, 0x10, 0, 0, 0) = -1 ENOSYS (Function not implemented)\n");
}

Test(strace, long_string_cut_with_dots, .init = guest_memory)
{
    const char *s = "abcdefghijklmnopqrstuvwxyz0123456789";
    guest_addr p = put(0, s, strlen(s) + 1);
    EXPECT(format("sethostname", "%str, %zu", p, 36, 0, 0, 0, RV_STRACE_DONE),
           "sethostname(\"abcdefghijklmnopqrstuvwxyz012345\"..., 36) = 0\n");
}

Test(strace, pipe2_flags_have_no_access_mode, .init = guest_memory)
{
    int32_t fds[2] = { 3, 4 };
    guest_addr p = put(0, fds, sizeof fds);
    EXPECT(format("pipe2", "%ofds, %oflags", p, 0, 0, 0, 0, RV_STRACE_DONE),
           "pipe2([3, 4], 0) = 0\n");
    EXPECT(format("pipe2", "%ofds, %oflags", p, 02000000, 0, 0, 0, RV_STRACE_DONE),
           "pipe2([3, 4], O_CLOEXEC) = 0\n");
}

/* mount's five arguments as strace shows them (the formats are syscalls.def's rows). */
static char *format_mount(uint64_t src, uint64_t dst, uint64_t type, uint64_t flags, uint64_t data)
{
    const uint64_t a[6] = { src, dst, type, flags, data, 0 };
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    rv_strace_call(f, "mount", "%path, %path, %str, %mountflags, %str", a, 0, RV_STRACE_DONE);
    fclose(f);
    return text;
}

Test(strace, mount_and_umount2_flags_by_name, .init = guest_memory)
{
    guest_addr proc = put(0, "proc", 5), slash_proc = put(16, "/proc", 6), slash = put(32, "/", 2);
    guest_addr opts = put(48, "size=1m,mode=0700", 18), tmpfs = put(80, "tmpfs", 6);
    EXPECT(format_mount(proc, slash_proc, proc, 0x2 | 0x4 | 0x8, 0),
           "mount(\"proc\", \"/proc\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL) = 0\n");
    EXPECT(format_mount(0, slash, 0, 0x4000 | 0x40000, 0),
           "mount(NULL, \"/\", NULL, MS_REC|MS_PRIVATE, NULL) = 0\n");
    EXPECT(format_mount(tmpfs, slash, tmpfs, 0xc0ed0000 | 1, opts),
           "mount(\"tmpfs\", \"/\", \"tmpfs\", MS_MGC_VAL|MS_RDONLY, \"size=1m,mode=0700\") = 0\n");
    EXPECT(format("umount2", "%path, %umountflags", slash_proc, 2, 0, 0, 0, RV_STRACE_DONE),
           "umount2(\"/proc\", MNT_DETACH) = 0\n");
    EXPECT(format("umount2", "%path, %umountflags", slash_proc, 0, 0, 0, -22, RV_STRACE_DONE),
           "umount2(\"/proc\", 0) = -1 EINVAL (Invalid argument)\n");
    EXPECT(format("chroot", "%path", slash, 0, 0, 0, 0, RV_STRACE_DONE), "chroot(\"/\") = 0\n");
}

/* ---- the conversion table (strace_conv.c) against the vocabulary syscalls.def uses ---- */

struct def_fmt {
    const char *name;
    const char *fmt;
};

static const struct def_fmt def_fmts[] = {
#define SYSCALL(nr, name, handler, fmt) { #name, fmt },
#include "syscall/syscalls.def"
#undef SYSCALL
};

#define DEF_ROWS (sizeof def_fmts / sizeof def_fmts[0])

/* The next "%conv" in fmt at or after *p (arguments and the result alike): sets *len to the
 * length of its name and returns the name, or NULL when there is none left. */
static const char *next_conv(const char **p, size_t *len)
{
    const char *pct = strchr(*p, '%');
    if (!pct)
        return NULL;
    const char *name = pct + 1;
    *len = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
    *p = name + *len;
    return name;
}

static bool def_uses(const char *conv)
{
    for (size_t r = 0; r < DEF_ROWS; r++) {
        const char *p = def_fmts[r].fmt, *name;
        size_t len;
        while ((name = next_conv(&p, &len)))
            if (len == strlen(conv) && memcmp(name, conv, len) == 0)
                return true;
    }
    return false;
}

Test(strace_conv, every_conversion_in_syscalls_def_has_a_row)
{
    cr_assert_gt(DEF_ROWS, 100);
    for (size_t r = 0; r < DEF_ROWS; r++) {
        const char *p = def_fmts[r].fmt, *name;
        size_t len;
        while ((name = next_conv(&p, &len))) {
            cr_assert_gt(len, 0, "%s: a %% without a conversion in \"%s\"", def_fmts[r].name,
                         def_fmts[r].fmt);
            cr_expect_not_null(rv_strace_conv_find(name, len),
                               "%s: %%%.*s has no row in strace_conv.c's table (\"%s\")",
                               def_fmts[r].name, (int)len, name, def_fmts[r].fmt);
        }
    }
}

/* No dead rows. A row that only code uses (none today: the fallback for unknown names is %x,
 * which syscalls.def uses too) would be exempted here by name, saying which code uses it. */
Test(strace_conv, every_row_is_used_by_syscalls_def)
{
    size_t rows = 0;
    for (const struct rv_strace_conv *c = rv_strace_convs; c->name; c++, rows++) {
        cr_assert_not_null(c->print, "%%%s has no printer", c->name);
        cr_expect(def_uses(c->name), "%%%s is in strace_conv.c's table but no syscalls.def row "
                  "uses it", c->name);
    }
    cr_assert_gt(rows, 60);
}

/* syscalls.def's rule: the conversions of memory the call writes, and only they, start with
 * 'o' (%o and %oflags are register values). */
Test(strace_conv, written_rows_are_the_o_conversions)
{
    for (const struct rv_strace_conv *c = rv_strace_convs; c->name; c++) {
        bool o_form = c->name[0] == 'o' && strcmp(c->name, "o") != 0 &&
                      strcmp(c->name, "oflags") != 0;
        cr_expect_eq(!!(c->flags & RV_STRACE_WRITTEN), o_form, "%%%s: written flag %s", c->name,
                     o_form ? "missing" : "set on a register value");
    }
}

/* ---- signal lines' siginfo: the text strace 6.1 printed for the same siginfo natively ---- */

static char *siginfo_text(const struct rv_siginfo *si)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    rv_strace_siginfo(f, si);
    fclose(f);
    return text;
}

Test(strace_siginfo, sent_by_kill_and_tgkill)
{
    struct rv_siginfo si = { .signo = RV_SIGUSR1, .code = RV_SI_USER };
    si.u.kill.pid = 1234;
    si.u.kill.uid = 1000;
    EXPECT(siginfo_text(&si), "{si_signo=SIGUSR1, si_code=SI_USER, si_pid=1234, si_uid=1000}");
    si.signo = RV_SIGUSR2;
    si.code = RV_SI_TKILL;
    EXPECT(siginfo_text(&si), "{si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=1234, si_uid=1000}");
}

Test(strace_siginfo, sigqueue_value_shown_only_when_set)
{
    struct rv_siginfo si = { .signo = 34, .code = RV_SI_QUEUE };
    si.u.rt.pid = 7;
    si.u.rt.uid = 0;
    si.u.rt.value = 0x1234;
    EXPECT(siginfo_text(&si),
           "{si_signo=SIGRT_2, si_code=SI_QUEUE, si_pid=7, si_uid=0, si_int=4660, si_ptr=0x1234}");
    si.u.rt.value = 0;
    EXPECT(siginfo_text(&si), "{si_signo=SIGRT_2, si_code=SI_QUEUE, si_pid=7, si_uid=0}");
}

Test(strace_siginfo, faults_show_the_address)
{
    struct rv_siginfo si = { .signo = RV_SIGSEGV, .code = RV_SEGV_MAPERR };
    si.u.fault.addr = 0x10;
    EXPECT(siginfo_text(&si), "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10}");
    si.u.fault.addr = 0;
    EXPECT(siginfo_text(&si), "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}");
    si.code = 0x80;
    EXPECT(siginfo_text(&si), "{si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL}");
    si = (struct rv_siginfo){ .signo = RV_SIGILL, .code = 1 };
    si.u.fault.addr = 0x10078;
    EXPECT(siginfo_text(&si), "{si_signo=SIGILL, si_code=ILL_ILLOPC, si_addr=0x10078}");
}

Test(strace_siginfo, sigchld_status_and_times)
{
    struct rv_siginfo si;
    struct rv_siginfo_chld c = { .signo = RV_SIGCHLD, .code = RV_CLD_EXITED, .pid = 99, .uid = 0,
                                 .status = 3, .utime = 2, .stime = 1 };
    _Static_assert(sizeof c == sizeof si, "both are 128 bytes");
    memcpy(&si, &c, sizeof si);
    EXPECT(siginfo_text(&si), "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=99, si_uid=0, "
                              "si_status=3, si_utime=2, si_stime=1}");
    c.code = RV_CLD_KILLED;
    c.status = RV_SIGKILL;
    memcpy(&si, &c, sizeof si);
    EXPECT(siginfo_text(&si), "{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=99, si_uid=0, "
                              "si_status=SIGKILL, si_utime=2, si_stime=1}");
}

Test(strace_siginfo, kernel_and_unknown_codes)
{
    struct rv_siginfo si = { .signo = RV_SIGHUP, .code = 0x80 };
    EXPECT(siginfo_text(&si), "{si_signo=SIGHUP, si_code=SI_KERNEL}");
    si.code = 77;
    EXPECT(siginfo_text(&si), "{si_signo=SIGHUP, si_code=0x4d}");
    si.signo = 0;
    EXPECT(siginfo_text(&si), "{}");
}
