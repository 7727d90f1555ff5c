/*
 * tests/unit/test_fs.c - the file, descriptor, ioctl and xattr handlers against the real host
 * kernel, with their arguments in real guest memory (mem/addrspace.c reserves the guest range
 * and maps a scratch area, as the runner does for a guest program).
 *
 * Handlers are called directly with the argument registers a guest would pass, so these tests
 * cover the handlers' decoding, path translation and struct conversion, not the dispatcher
 * (test_abi does that). Results are host -errno, which is what dispatch.c receives.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "abi/fcntl.h"
#include "abi/stat.h"
#include "abi/termios.h"
#include "mem/addrspace.h"
#include "syscall/ioctl_rows.h"
#include "syscall/process_info.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

/* This test links the handlers without dispatch.c, which otherwise defines rv_proc. */
struct rv_process rv_proc;

#define SCRATCH_PAGES 16
#define FDCWD ((uint64_t)(int64_t)AT_FDCWD)   /* as the guest's a0 holds it: sign-extended */

static guest_addr scratch;     /* SCRATCH_PAGES of guest RW memory */
static guest_addr scratch_next;
static char tmpdir[64];

static void setup(void)
{
    cr_assert_eq(guest_as_init(), 0);
    long r = guest_mmap(0, SCRATCH_PAGES * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0);
    scratch = scratch_next = (guest_addr)r;
    strcpy(tmpdir, "/tmp/crossrun-test-fs-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    memset(&rv_proc, 0, sizeof rv_proc);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

/* Guest memory for n bytes, optionally initialised from src. */
static guest_addr galloc(const void *src, size_t n)
{
    guest_addr at = scratch_next;
    scratch_next += (n + 15) & ~(size_t)15;
    cr_assert_leq(scratch_next, scratch + SCRATCH_PAGES * GUEST_PAGE_SIZE);
    if (src)
        cr_assert_eq(copy_to_guest(at, src, n), 0);
    return at;
}

static guest_addr gstr(const char *s) { return galloc(s, strlen(s) + 1); }

/* A host path inside this test's temporary directory. */
static const char *tpath(const char *name)
{
    static char buf[4][256];
    static int i;
    char *p = buf[i++ % 4];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    return p;
}

static void make_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(content, f);
    fclose(f);
}

#define CALL(handler, ...) handler(NULL, (const uint64_t[6]){ __VA_ARGS__ })

/* --- open, read, stat -------------------------------------------------------------------- */

Test(fs, open_stat_seek_read_close, .init = setup, .fini = teardown)
{
    make_file(tpath("f"), "0123456789");
    long fd = CALL(sys_openat, FDCWD, gstr(tpath("f")), RV_O_RDONLY | RV_O_CLOEXEC, 0);
    cr_assert_geq(fd, 0, "openat: %ld", fd);
    cr_assert_eq(fcntl((int)fd, F_GETFD), FD_CLOEXEC, "O_CLOEXEC reached the host");

    guest_addr st = galloc(NULL, sizeof(struct rv_stat));
    cr_assert_eq(CALL(sys_fstat, fd, st), 0);
    struct rv_stat g;
    cr_assert_eq(copy_from_guest(&g, st, sizeof g), 0);
    cr_assert_eq(g.st_size, 10);
    cr_assert(S_ISREG(g.st_mode));
    cr_assert_eq(g.st_nlink, 1);

    cr_assert_eq(CALL(sys_lseek, fd, 3, SEEK_SET), 3);
    guest_addr buf = galloc(NULL, 32);
    cr_assert_eq(CALL(sys_read, fd, buf, 32), 7);
    char got[8] = { 0 };
    cr_assert_eq(copy_from_guest(got, buf, 7), 0);
    cr_assert_str_eq(got, "3456789");
    cr_assert_eq(CALL(sys_close, fd), 0);
    cr_assert_eq(CALL(sys_close, fd), -EBADF);
}

Test(fs, newfstatat_errors, .init = setup, .fini = teardown)
{
    make_file(tpath("f"), "abc");
    guest_addr st = galloc(NULL, sizeof(struct rv_stat));
    cr_assert_eq(CALL(sys_newfstatat, FDCWD, gstr(tpath("f")), st, 0), 0);
    struct rv_stat g;
    cr_assert_eq(copy_from_guest(&g, st, sizeof g), 0);
    cr_assert_eq(g.st_size, 3);
    cr_assert_eq(CALL(sys_newfstatat, FDCWD, 0x10, st, 0), -EFAULT, "bad path pointer");
    cr_assert_eq(CALL(sys_newfstatat, FDCWD, gstr(tpath("f")), 0x10, 0), -EFAULT, "bad buffer");
    cr_assert_eq(CALL(sys_newfstatat, FDCWD, gstr(tpath("missing")), st, 0), -ENOENT);
    /* AT_EMPTY_PATH on a descriptor: the fstat of glibc's newer versions. */
    int fd = open(tpath("f"), O_RDONLY);
    cr_assert_eq(CALL(sys_newfstatat, (uint64_t)fd, gstr(""), st, AT_EMPTY_PATH), 0);
    close(fd);
}

Test(fs, statx_fills_guest_buffer, .init = setup, .fini = teardown)
{
    make_file(tpath("f"), "twelve bytes");
    guest_addr buf = galloc(NULL, RV_STATX_SIZE);
    cr_assert_eq(CALL(sys_statx, FDCWD, gstr(tpath("f")), 0, STATX_SIZE, buf), 0);
    struct statx sx;
    cr_assert_eq(copy_from_guest(&sx, buf, sizeof sx), 0);
    cr_assert(sx.stx_mask & STATX_SIZE);
    cr_assert_eq(sx.stx_size, 12);
    cr_assert_eq(CALL(sys_statx, FDCWD, gstr(tpath("f")), 0, STATX_SIZE, scratch +
                      SCRATCH_PAGES * GUEST_PAGE_SIZE - 100), -EFAULT, "buffer runs off the mapping");
}

/* --- path translation ---------------------------------------------------------------------- */

Test(fs, proc_self_exe_is_the_guest_program, .init = setup, .fini = teardown)
{
    make_file(tpath("prog"), "ELF?");
    rv_proc.exe_path = tpath("prog");
    size_t len = strlen(rv_proc.exe_path);
    guest_addr buf = galloc(NULL, 256);
    cr_assert_eq(CALL(sys_readlinkat, FDCWD, gstr("/proc/self/exe"), buf, 256), (long)len);
    char got[256] = { 0 };
    cr_assert_eq(copy_from_guest(got, buf, len), 0);
    cr_assert_str_eq(got, rv_proc.exe_path);

    /* Cut to bufsiz, no NUL added, like readlink(2). */
    cr_assert_eq(copy_to_guest(buf, "########", 8), 0);
    cr_assert_eq(CALL(sys_readlinkat, FDCWD, gstr("/proc/self/exe"), buf, 5), 5);
    cr_assert_eq(copy_from_guest(got, buf, 8), 0);
    cr_assert_eq(memcmp(got, rv_proc.exe_path, 5), 0);
    cr_assert_eq(got[5], '#');
    cr_assert_eq(CALL(sys_readlinkat, FDCWD, gstr("/proc/self/exe"), buf, 0), -EINVAL);

    char own[64];
    snprintf(own, sizeof own, "/proc/%d/exe", getpid());
    cr_assert_eq(CALL(sys_readlinkat, FDCWD, gstr(own), buf, 256), (long)len);

    /* Opening it opens the guest program, not the runner. */
    long fd = CALL(sys_openat, FDCWD, gstr("/proc/self/exe"), RV_O_RDONLY, 0);
    cr_assert_geq(fd, 0);
    cr_assert_eq(read((int)fd, got, 4), 4);
    cr_assert_eq(memcmp(got, "ELF?", 4), 0);
    close((int)fd);
}

Test(fs, sysroot_is_searched_first_for_absolute_paths, .init = setup, .fini = teardown)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s", tpath("root"));
    cr_assert_eq(mkdir(dir, 0755), 0);
    cr_assert_eq(mkdir(tpath("root/etc"), 0755), 0);
    make_file(tpath("root/etc/crossrun-marker"), "inside");
    make_file(tpath("outside"), "outside");
    rv_proc.sysroot = dir;

    char got[16] = { 0 };
    long fd = CALL(sys_openat, FDCWD, gstr("/etc/crossrun-marker"), RV_O_RDONLY, 0);
    cr_assert_geq(fd, 0, "openat: %ld", fd);
    cr_assert_eq(read((int)fd, got, sizeof got), 6);
    cr_assert_str_eq(got, "inside");
    close((int)fd);

    /* Not in the sysroot: the host path itself. */
    memset(got, 0, sizeof got);
    fd = CALL(sys_openat, FDCWD, gstr(tpath("outside")), RV_O_RDONLY, 0);
    cr_assert_geq(fd, 0);
    cr_assert_eq(read((int)fd, got, sizeof got), 7);
    close((int)fd);

    /* The root itself is the host's, so chdir("/") does not move into the sysroot. */
    cr_assert_eq(CALL(sys_chdir, gstr("/")), 0);
    char cwd[16];
    cr_assert_str_eq(getcwd(cwd, sizeof cwd), "/");

    /* Relative paths are never remapped. */
    int dfd = open(tmpdir, O_RDONLY | O_DIRECTORY);
    fd = CALL(sys_openat, (uint64_t)dfd, gstr("outside"), RV_O_RDONLY, 0);
    cr_assert_geq(fd, 0);
    close((int)fd);
    close(dfd);

    /* A symlink's target is stored as the guest wrote it, not looked up in the sysroot. */
    cr_assert_eq(CALL(sys_symlinkat, gstr("/etc/crossrun-marker"), FDCWD, gstr(tpath("link"))), 0);
    char target[64] = { 0 };
    cr_assert_eq(readlink(tpath("link"), target, sizeof target - 1), 20);
    cr_assert_str_eq(target, "/etc/crossrun-marker");
}

/* --- directories --------------------------------------------------------------------------- */

Test(fs, directory_lifecycle, .init = setup, .fini = teardown)
{
    cr_assert_eq(CALL(sys_mkdirat, FDCWD, gstr(tpath("d")), 0700), 0);
    cr_assert_eq(CALL(sys_mkdirat, FDCWD, gstr(tpath("d")), 0700), -EEXIST);
    make_file(tpath("d/a"), "x");
    cr_assert_eq(CALL(sys_renameat2, FDCWD, gstr(tpath("d/a")), FDCWD, gstr(tpath("d/b")), 0), 0);
    cr_assert_eq(access(tpath("d/b"), F_OK), 0);
    cr_assert_eq(CALL(sys_linkat, FDCWD, gstr(tpath("d/b")), FDCWD, gstr(tpath("d/c")), 0), 0);
    cr_assert_eq(CALL(sys_faccessat, FDCWD, gstr(tpath("d/c")), R_OK), 0);
    cr_assert_eq(CALL(sys_fchmodat, FDCWD, gstr(tpath("d/c")), 0600), 0);
    struct stat st;
    cr_assert_eq(stat(tpath("d/b"), &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600);
    cr_assert_eq(st.st_nlink, 2);

    /* getdents64 into guest memory lists the two entries (plus . and ..). */
    long fd = CALL(sys_openat, FDCWD, gstr(tpath("d")), RV_O_RDONLY | RV_O_DIRECTORY, 0);
    cr_assert_geq(fd, 0);
    cr_assert_eq(CALL(sys_getdents64, fd, 0x10, 4096), -EFAULT);
    guest_addr buf = galloc(NULL, 4096);
    long n = CALL(sys_getdents64, fd, buf, 4096);
    cr_assert_gt(n, 0);
    char raw[4096];
    cr_assert_eq(copy_from_guest(raw, buf, (size_t)n), 0);
    int names = 0;
    for (long off = 0; off < n;) {
        uint16_t reclen;
        memcpy(&reclen, raw + off + 16, 2);
        const char *name = raw + off + 19;
        if (!strcmp(name, "b") || !strcmp(name, "c"))
            names++;
        off += reclen;
    }
    cr_assert_eq(names, 2);
    close((int)fd);

    cr_assert_eq(CALL(sys_unlinkat, FDCWD, gstr(tpath("d")), AT_REMOVEDIR), -ENOTEMPTY);
    cr_assert_eq(CALL(sys_unlinkat, FDCWD, gstr(tpath("d/b")), 0), 0);
    cr_assert_eq(CALL(sys_unlinkat, FDCWD, gstr(tpath("d/c")), 0), 0);
    cr_assert_eq(CALL(sys_unlinkat, FDCWD, gstr(tpath("d")), AT_REMOVEDIR), 0);
}

Test(fs, getcwd_and_chdir, .init = setup, .fini = teardown)
{
    cr_assert_eq(CALL(sys_chdir, gstr(tmpdir)), 0);
    char real[256];
    cr_assert_not_null(getcwd(real, sizeof real));
    guest_addr buf = galloc(NULL, 256);
    cr_assert_eq(CALL(sys_getcwd, buf, 256), (long)strlen(real) + 1, "the raw call counts the NUL");
    char got[256];
    cr_assert_eq(copy_from_guest(got, buf, strlen(real) + 1), 0);
    cr_assert_str_eq(got, real);
    cr_assert_eq(CALL(sys_getcwd, buf, 3), -ERANGE);
    cr_assert_eq(CALL(sys_getcwd, 0x10, 256), -EFAULT);
}

Test(fs, futimens_is_utimensat_with_null_path, .init = setup, .fini = teardown)
{
    make_file(tpath("f"), "");
    int fd = open(tpath("f"), O_RDWR);
    int64_t times[4] = { 1000, 0, 2000, 500 };
    cr_assert_eq(CALL(sys_utimensat, (uint64_t)fd, 0, galloc(times, sizeof times), 0), 0);
    struct stat st;
    cr_assert_eq(fstat(fd, &st), 0);
    cr_assert_eq(st.st_mtim.tv_sec, 2000);
    cr_assert_eq(st.st_mtim.tv_nsec, 500);
    cr_assert_eq(CALL(sys_utimensat, (uint64_t)fd, 0, 0x10, 0), -EFAULT);
    close(fd);
}

/* --- fcntl ---------------------------------------------------------------------------------- */

Test(fcntl, flags_are_translated_back, .init = setup, .fini = teardown)
{
    make_file(tpath("f"), "");
    int fd = open(tpath("f"), O_WRONLY | O_APPEND);
    long fl = CALL(sys_fcntl, (uint64_t)fd, RV_F_GETFL, 0);
    cr_assert_geq(fl, 0);
    cr_assert_eq(fl & ~RV_O_LARGEFILE, RV_O_WRONLY | RV_O_APPEND);
    cr_assert_eq(CALL(sys_fcntl, (uint64_t)fd, RV_F_SETFL, RV_O_NONBLOCK), 0);
    cr_assert(fcntl(fd, F_GETFL) & O_NONBLOCK);
    long d = CALL(sys_fcntl, (uint64_t)fd, RV_F_DUPFD_CLOEXEC, 50);
    cr_assert_geq(d, 50);
    cr_assert_eq(CALL(sys_fcntl, d, RV_F_GETFD, 0), FD_CLOEXEC);
    cr_assert_eq(CALL(sys_fcntl, (uint64_t)fd, 9999, 0), -EINVAL);
    close((int)d);
    close(fd);
}

Test(fcntl, ofd_locks_conflict_through_guest_flock, .init = setup, .fini = teardown)
{
    make_file(tpath("f"), "0123456789");
    int fd1 = open(tpath("f"), O_RDWR), fd2 = open(tpath("f"), O_RDWR);
    struct rv_flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 4 };
    guest_addr g = galloc(&lk, sizeof lk);
    cr_assert_eq(CALL(sys_fcntl, (uint64_t)fd1, RV_F_OFD_SETLK, g), 0);

    struct rv_flock probe = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
    guest_addr gp = galloc(&probe, sizeof probe);
    cr_assert_eq(CALL(sys_fcntl, (uint64_t)fd2, RV_F_OFD_GETLK, gp), 0);
    struct rv_flock out;
    cr_assert_eq(copy_from_guest(&out, gp, sizeof out), 0);
    cr_assert_eq(out.l_type, F_WRLCK, "the conflicting lock is reported");
    cr_assert_eq(out.l_start, 2);
    cr_assert_eq(out.l_len, 4);
    cr_assert_eq(out.l_pid, -1);
    cr_assert_eq(CALL(sys_fcntl, (uint64_t)fd2, RV_F_OFD_SETLK, g), -EAGAIN);

    lk.l_type = 9;
    cr_assert_eq(CALL(sys_fcntl, (uint64_t)fd1, RV_F_SETLK, galloc(&lk, sizeof lk)), -EINVAL);
    cr_assert_eq(CALL(sys_fcntl, (uint64_t)fd1, RV_F_GETLK, 0x10), -EFAULT);
    close(fd1);
    close(fd2);
}

/* --- descriptors and data ------------------------------------------------------------------ */

static int lowest_free_fd(void)
{
    int fd = dup(0);
    close(fd);
    return fd;
}

Test(io, pipe2_and_dup3, .init = setup, .fini = teardown)
{
    int before = lowest_free_fd();
    cr_assert_eq(CALL(sys_pipe2, 0x10, 0), -EFAULT);
    cr_assert_eq(lowest_free_fd(), before, "no descriptor leaked by the failed pipe2");
    cr_assert_eq(CALL(sys_pipe2, galloc(NULL, 8), 0x40000000), -EINVAL);

    guest_addr gfds = galloc(NULL, 8);
    cr_assert_eq(CALL(sys_pipe2, gfds, RV_O_CLOEXEC), 0);
    int fds[2];
    cr_assert_eq(copy_from_guest(fds, gfds, sizeof fds), 0);
    cr_assert_eq(fcntl(fds[0], F_GETFD), FD_CLOEXEC);
    cr_assert_eq(CALL(sys_dup3, (uint64_t)fds[1], 60, RV_O_CLOEXEC), 60);
    cr_assert_eq(fcntl(60, F_GETFD), FD_CLOEXEC);
    cr_assert_eq(CALL(sys_dup3, (uint64_t)fds[1], 61, RV_O_NONBLOCK), -EINVAL);

    /* writev gathers, pread/pwrite on a pipe is -ESPIPE. */
    guest_addr parts = galloc("he" "llo", 5);
    uint64_t iov[4] = { parts, 2, parts + 2, 3 };
    cr_assert_eq(CALL(sys_writev, 60, galloc(iov, sizeof iov), 2), 5);
    char got[6] = { 0 };
    cr_assert_eq(read(fds[0], got, 5), 5);
    cr_assert_str_eq(got, "hello");
    cr_assert_eq(CALL(sys_pread64, (uint64_t)fds[0], galloc(NULL, 4), 4, 0), -ESPIPE);
    close(60);
    close(fds[0]);
    close(fds[1]);
}

Test(io, sendfile_writes_the_offset_back, .init = setup, .fini = teardown)
{
    make_file(tpath("f"), "0123456789");
    int in = open(tpath("f"), O_RDONLY);
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    int64_t off = 4;
    guest_addr goff = galloc(&off, sizeof off);
    cr_assert_eq(CALL(sys_sendfile, (uint64_t)fds[1], (uint64_t)in, goff, 3), 3);
    cr_assert_eq(copy_from_guest(&off, goff, sizeof off), 0);
    cr_assert_eq(off, 7);
    char got[4] = { 0 };
    cr_assert_eq(read(fds[0], got, 3), 3);
    cr_assert_str_eq(got, "456");
    cr_assert_eq(lseek(in, 0, SEEK_CUR), 0, "with an offset pointer the file position stays");
    cr_assert_eq(CALL(sys_sendfile, (uint64_t)fds[1], (uint64_t)in, 0x10, 3), -EFAULT);
    close(in);
    close(fds[0]);
    close(fds[1]);
}

/* --- ioctl ---------------------------------------------------------------------------------- */

Test(ioctl, terminal_requests_on_a_pty, .init = setup, .fini = teardown)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0)
        cr_skip_test("no pseudo-terminals here: %s", strerror(errno));
    cr_assert_eq(grantpt(master), 0);
    cr_assert_eq(unlockpt(master), 0);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    cr_assert_geq(slave, 0);

    struct termios want;
    cr_assert_eq(tcgetattr(slave, &want), 0);
    guest_addr gt = galloc(NULL, sizeof(struct rv_termios));
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)slave, RV_TCGETS, gt), 0);
    struct rv_termios t;
    cr_assert_eq(copy_from_guest(&t, gt, sizeof t), 0);
    cr_assert_eq(t.c_lflag, want.c_lflag);
    cr_assert_eq(t.c_cflag, want.c_cflag);
    cr_assert_eq(t.c_cc[VINTR], want.c_cc[VINTR]);
    cr_assert_eq(t.c_cc[VEOF], want.c_cc[VEOF]);

    /* Raw mode through TCSETS, checked with the host's tcgetattr. */
    t.c_lflag &= ~(uint32_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    cr_assert_eq(copy_to_guest(gt, &t, sizeof t), 0);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)slave, RV_TCSETS, gt), 0);
    cr_assert_eq(tcgetattr(slave, &want), 0);
    cr_assert_eq(want.c_lflag & (ICANON | ECHO), 0);

    struct rv_winsize ws = { .ws_row = 33, .ws_col = 101 };
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)master, RV_TIOCSWINSZ, galloc(&ws, sizeof ws)), 0);
    guest_addr gws = galloc(NULL, sizeof ws);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)slave, RV_TIOCGWINSZ, gws), 0);
    struct rv_winsize back;
    cr_assert_eq(copy_from_guest(&back, gws, sizeof back), 0);
    cr_assert_eq(back.ws_row, 33);
    cr_assert_eq(back.ws_col, 101);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)slave, RV_TIOCGWINSZ, 0x10), -EFAULT);
    close(slave);
    close(master);
}

Test(ioctl, pipes_and_unknown_requests, .init = setup, .fini = teardown)
{
    cr_redirect_stderr();
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    guest_addr buf = galloc(NULL, 64);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fds[0], RV_TCGETS, buf), -ENOTTY, "isatty on a pipe");
    cr_assert_eq(write(fds[1], "abc", 3), 3);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fds[0], RV_FIONREAD, buf), 0);
    int32_t n;
    cr_assert_eq(copy_from_guest(&n, buf, 4), 0);
    cr_assert_eq(n, 3);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fds[0], RV_FIOCLEX, 0), 0);
    cr_assert_eq(fcntl(fds[0], F_GETFD), FD_CLOEXEC);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fds[0], 0x89ab, buf), -ENOTTY);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fds[1], 0x89ab, buf), -ENOTTY);
    fflush(stderr);
    char want[64];
    snprintf(want, sizeof want, "crossrun: unsupported ioctl 0x89ab on fd %d\n", fds[0]);
    cr_assert_stderr_eq_str(want, "reported once, for the first descriptor");
    close(fds[0]);
    close(fds[1]);
}

/* How requests crossrun does not list by name are judged: by their encoding, unless their family's
 * numbers lie about the argument or its structs hold pointers the kernel follows. */
Test(ioctl, requests_go_by_table_then_by_encoding)
{
    struct ioctl_row row;
    cr_assert(rv_ioctl_how(0x80045200, &row), "RNDGETENTCNT, _IOR('R', 0, int)");
    cr_assert_eq(row.kind, ARG_OUT);
    cr_assert_eq(row.size, 4);
    cr_assert(rv_ioctl_how(0x5206, &row), "RNDCLEARPOOL, _IO('R', 6)");
    cr_assert_eq(row.kind, ARG_VALUE);
    cr_assert(rv_ioctl_how(0xc0105900, &row), "an unknown _IOWR of an honest family");
    cr_assert_eq(row.kind, ARG_INOUT);
    cr_assert_eq(row.size, 16);
    cr_assert(rv_ioctl_how(0x802c542a, &row), "TCGETS2: 'T' with an honest encoding");
    cr_assert_eq(row.kind, ARG_OUT);
    cr_assert_eq(row.size, 44);

    cr_assert(rv_ioctl_how(FS_IOC_GETFLAGS, &row));
    cr_assert_eq(row.size, 4, "encodes a long, the kernel writes an int");
    cr_assert(rv_ioctl_how(0x400454ca, &row), "TUNSETIFF: _IOW('T', 202, int)");
    cr_assert_eq(row.kind, ARG_INOUT);
    cr_assert_eq(row.size, 40, "reads and writes a struct ifreq");
    cr_assert(rv_ioctl_how(0xc020660b, &row), "FS_IOC_FIEMAP");
    cr_assert_eq(row.kind, ARG_COUNTED);
    cr_assert(rv_ioctl_how(0x1260, &row), "BLKGETSIZE: _IO(0x12, 96) writing a long");
    cr_assert_eq(row.kind, ARG_OUT);
    cr_assert_eq(row.size, 8);

    cr_assert_not(rv_ioctl_how(0xc01064b2, &row), "DRM: structs hold pointers");
    cr_assert_not(rv_ioctl_how(0xc0585609, &row), "V4L2 VIDIOC_QUERYBUF");
    cr_assert_not(rv_ioctl_how(0x40304580, &row), "EVIOCSFF: custom_data pointer");
    cr_assert_not(rv_ioctl_how(0x89ab, &row), "an unlisted socket request");
    cr_assert_not(rv_ioctl_how(0x5499, &row), "an unlisted _IO terminal request");
    cr_assert_not(rv_ioctl_how(0x4c02, &row), "LOOP_SET_STATUS: dev_t differs");
    cr_assert_not(rv_ioctl_how(0x40005900, &row), "a pointer without a size");
}

Test(ioctl, bad_buffers_fail_where_the_kernel_touches_them, .init = setup, .fini = teardown)
{
    cr_redirect_stderr();
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    make_file(tpath("f"), "data");
    int fd = open(tpath("f"), O_RDONLY);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fd, FIOQSIZE, 8), -EFAULT);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fds[0], FIOQSIZE, 8), -ENOTTY, "a pipe knows none");
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fds[0], 0x80045200, 8), -ENOTTY);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fds[0], RV_TCSETS, 8), -ENOTTY);
    guest_addr q = galloc(NULL, 8);
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)fd, FIOQSIZE, q), 0);
    int64_t size = 0;
    cr_assert_eq(copy_from_guest(&size, q, sizeof size), 0);
    loff_t host = -1;
    cr_assert_eq(ioctl(fd, FIOQSIZE, &host), 0);
    cr_assert_eq(size, host);
    close(fd);
    close(fds[0]);
    close(fds[1]);
}

Test(ioctl, ficlone_answers_as_the_host_does, .init = setup, .fini = teardown)
{
    make_file(tpath("src"), "data");
    make_file(tpath("dst"), "");
    int src = open(tpath("src"), O_RDONLY), dst = open(tpath("dst"), O_WRONLY);
    int host = ioctl(dst, FICLONE, src) < 0 ? -errno : 0;
    cr_assert_eq(CALL(sys_ioctl, (uint64_t)dst, RV_FICLONE, (uint64_t)src), host);
    close(src);
    close(dst);
}

/* --- xattr ---------------------------------------------------------------------------------- */

Test(xattr, errors_follow_the_kernel, .init = setup, .fini = teardown)
{
    make_file(tpath("f"), "");
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    guest_addr path = gstr(tpath("f"));
    cr_assert_eq(CALL(sys_getxattr, path, gstr(longname), galloc(NULL, 16), 16), -ERANGE);
    cr_assert_eq(CALL(sys_setxattr, path, gstr("user.x"), galloc(NULL, 16), 70000, 0), -E2BIG);
    cr_assert_eq(CALL(sys_listxattr, path, 0x10, 64), -EFAULT);
    long r = CALL(sys_getxattr, path, gstr("user.crossrun-none"), galloc(NULL, 16), 16);
    cr_assert(r == -ENODATA || r == -EOPNOTSUPP, "getxattr of a missing attribute: %ld", r);
    /* Size 0 asks for the length only: no buffer needed. */
    r = CALL(sys_listxattr, path, 0, 0);
    cr_assert_geq(r, 0);
}
