/*
 * tests/unit/test_abi.c - the guest ABI conversions, the errno table, and the syscall dispatcher.
 *
 * The dispatcher is linked here with a small table of this file's own (test_table below, in place
 * of syscall/table.c and every handler behind it) so that it can be tested alone: unknown numbers,
 * the once-per-number warning, argument and result registers, errno translation, the strace
 * hooks. The read/write/readv handlers run for real against the guest address space of
 * mem/addrspace.c to show that bad guest pointers come back as -EFAULT instead of a crash.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "abi/errno.h"
#include "abi/fcntl.h"
#include "abi/stat.h"
#include "abi/syscall_nr.h"
#include "abi/termios.h"
#include "mem/addrspace.h"
#include "syscall/names.h"
#include "syscall/process_info.h"
#include "syscall/strace/strace.h"
#include "syscall/syscall.h"
#include "syscall/table.h"
#include "mem/uaccess.h"

/* --- struct stat -------------------------------------------------------------------------- */

Test(abi_stat, converts_every_field)
{
    struct stat h;
    memset(&h, 0xee, sizeof h);
    h.st_dev = 0x0102030405060708ull;
    h.st_ino = 0x1112131415161718ull;
    h.st_nlink = 7;
    h.st_mode = 0100644;
    h.st_uid = 1001;
    h.st_gid = 1002;
    h.st_rdev = 0x2122232425262728ull;
    h.st_size = 0x3132333435363738ll;
    h.st_blksize = 4096;
    h.st_blocks = 0x4142434445464748ll;
    h.st_atim.tv_sec = 1700000001;
    h.st_atim.tv_nsec = 111111111;
    h.st_mtim.tv_sec = 1700000002;
    h.st_mtim.tv_nsec = 222222222;
    h.st_ctim.tv_sec = 1700000003;
    h.st_ctim.tv_nsec = 333333333;

    struct rv_stat g;
    memset(&g, 0x55, sizeof g);
    cr_assert_eq(rv_stat_to_guest(&g, &h), 0);
    cr_assert_eq(g.st_dev, 0x0102030405060708ull);
    cr_assert_eq(g.st_ino, 0x1112131415161718ull);
    cr_assert_eq(g.st_mode, 0100644);
    cr_assert_eq(g.st_nlink, 7);
    cr_assert_eq(g.st_uid, 1001);
    cr_assert_eq(g.st_gid, 1002);
    cr_assert_eq(g.st_rdev, 0x2122232425262728ull);
    cr_assert_eq(g.__pad1, 0);
    cr_assert_eq(g.st_size, 0x3132333435363738ll);
    cr_assert_eq(g.st_blksize, 4096);
    cr_assert_eq(g.__pad2, 0);
    cr_assert_eq(g.st_blocks, 0x4142434445464748ll);
    cr_assert_eq(g.st_atime_sec, 1700000001);
    cr_assert_eq(g.st_atime_nsec, 111111111);
    cr_assert_eq(g.st_mtime_sec, 1700000002);
    cr_assert_eq(g.st_mtime_nsec, 222222222);
    cr_assert_eq(g.st_ctime_sec, 1700000003);
    cr_assert_eq(g.st_ctime_nsec, 333333333);
    cr_assert_eq(g.__unused4, 0);
    cr_assert_eq(g.__unused5, 0);
}

Test(abi_stat, guest_bytes_at_kernel_offsets)
{
    /* Read the converted struct as raw bytes at the offsets of asm-generic/stat.h, so a field
     * declared in the wrong place cannot pass just because the struct agrees with itself. */
    struct stat h;
    memset(&h, 0, sizeof h);
    h.st_mode = 0x11223344;
    h.st_nlink = 0x55667788;
    h.st_size = 0x0a0b0c0d0e0f1011ll;
    h.st_blksize = 0x1234;
    h.st_mtim.tv_sec = 0x7778797a;
    struct rv_stat g;
    cr_assert_eq(rv_stat_to_guest(&g, &h), 0);
    unsigned char raw[128];
    memcpy(raw, &g, sizeof raw);
    uint32_t u32;
    uint64_t u64;
    memcpy(&u32, raw + 16, 4);
    cr_assert_eq(u32, 0x11223344, "st_mode at 16");
    memcpy(&u32, raw + 20, 4);
    cr_assert_eq(u32, 0x55667788, "st_nlink at 20");
    memcpy(&u64, raw + 48, 8);
    cr_assert_eq(u64, 0x0a0b0c0d0e0f1011ull, "st_size at 48");
    memcpy(&u32, raw + 56, 4);
    cr_assert_eq(u32, 0x1234, "st_blksize at 56");
    memcpy(&u64, raw + 88, 8);
    cr_assert_eq(u64, 0x7778797a, "st_mtime at 88");
}

Test(abi_stat, nlink_overflow_is_eoverflow)
{
    struct stat h;
    memset(&h, 0, sizeof h);
    h.st_nlink = (nlink_t)1 << 33;
    struct rv_stat g;
    cr_assert_eq(rv_stat_to_guest(&g, &h), -EOVERFLOW);
}

Test(abi_stat, real_file_through_host_stat)
{
    struct stat h;
    cr_assert_eq(stat("/", &h), 0);
    struct rv_stat g;
    cr_assert_eq(rv_stat_to_guest(&g, &h), 0);
    cr_assert(S_ISDIR(g.st_mode));
    cr_assert_eq(g.st_ino, h.st_ino);
    cr_assert_eq(g.st_mtime_sec, h.st_mtim.tv_sec);
}

Test(abi_statfs, converts_fields)
{
    struct statfs h;
    memset(&h, 0, sizeof h);
    h.f_type = 0xef53;
    h.f_bsize = 4096;
    h.f_blocks = 123456789;
    h.f_bavail = 42;
    h.f_fsid.__val[0] = 7;
    h.f_fsid.__val[1] = 9;
    h.f_namelen = 255;
    h.f_flags = 0x1020;
    struct rv_statfs g;
    rv_statfs_to_guest(&g, &h);
    cr_assert_eq(g.f_type, 0xef53);
    cr_assert_eq(g.f_bsize, 4096);
    cr_assert_eq(g.f_blocks, 123456789);
    cr_assert_eq(g.f_bavail, 42);
    cr_assert_eq(g.f_fsid[0], 7);
    cr_assert_eq(g.f_fsid[1], 9);
    cr_assert_eq(g.f_namelen, 255);
    cr_assert_eq(g.f_flags, 0x1020);
}

/* --- fcntl, termios ------------------------------------------------------------------------ */

Test(abi_fcntl, open_flags_both_ways)
{
    uint32_t guest = RV_O_WRONLY | RV_O_CREAT | RV_O_TRUNC | RV_O_CLOEXEC | RV_O_NONBLOCK |
                     RV_O_DIRECTORY | RV_O_NOFOLLOW | RV_O_APPEND;
    int host = rv_oflags_to_host(guest);
    cr_assert_eq(host, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK | O_DIRECTORY |
                       O_NOFOLLOW | O_APPEND);
    cr_assert_eq(rv_oflags_to_guest(host), guest);
    /* O_SYNC is two bits; O_TMPFILE includes O_DIRECTORY; O_LARGEFILE is 0 in glibc. */
    cr_assert_eq(rv_oflags_to_host(RV___O_SYNC | RV_O_DSYNC), O_SYNC);
    cr_assert_eq(rv_oflags_to_host(RV___O_TMPFILE | RV_O_DIRECTORY | RV_O_RDWR), O_TMPFILE | O_RDWR);
    cr_assert_eq(rv_oflags_to_guest(O_DIRECTORY), RV_O_DIRECTORY, "O_DIRECTORY alone is not O_TMPFILE");
    cr_assert_eq(rv_oflags_to_host(RV_O_LARGEFILE), 0100000);
    cr_assert_eq(rv_oflags_to_guest(0100000 | O_RDWR), RV_O_LARGEFILE | RV_O_RDWR);
}

Test(abi_fcntl, unknown_guest_bits_are_dropped)
{
    cr_assert_eq(rv_oflags_to_host(0x80000000u | RV_O_RDWR), O_RDWR);
}

Test(abi_fcntl, flock_round_trip_and_bad_type)
{
    struct rv_flock g = { .l_type = 1, .l_whence = 2, .l_start = -5, .l_len = 0x123456789ll, .l_pid = 77 };
    struct flock h;
    cr_assert_eq(rv_flock_to_host(&h, &g), 0);
    cr_assert_eq(h.l_type, F_WRLCK);
    cr_assert_eq(h.l_whence, SEEK_END);
    cr_assert_eq(h.l_start, -5);
    cr_assert_eq(h.l_len, 0x123456789ll);
    cr_assert_eq(h.l_pid, 77);
    struct rv_flock back;
    rv_flock_to_guest(&back, &h);
    cr_assert_eq(memcmp(&back, &g, sizeof g), 0);
    g.l_type = 9;
    cr_assert_eq(rv_flock_to_host(&h, &g), -EINVAL);
}

Test(abi_termios, round_trip_keeps_every_byte)
{
    struct rv_termios g;
    g.c_iflag = 0x01020304;
    g.c_oflag = 0x05060708;
    g.c_cflag = 0x090a0b0c;
    g.c_lflag = 0x0d0e0f10;
    g.c_line = 3;
    for (int i = 0; i < RV_NCCS; i++)
        g.c_cc[i] = (uint8_t)(0x40 + i);
    struct rv_host_termios h;
    rv_termios_to_host(&h, &g);
    cr_assert_eq(h.c_lflag, 0x0d0e0f10);
    cr_assert_eq(h.c_cc[18], 0x40 + 18);
    struct rv_termios back;
    rv_termios_to_guest(&back, &h);
    cr_assert_eq(memcmp(&back, &g, sizeof g), 0);
}

Test(abi_termios, request_numbers_match_host)
{
    cr_assert_eq(RV_TCGETS, TCGETS);
    cr_assert_eq(RV_TIOCGWINSZ, TIOCGWINSZ);
    cr_assert_eq(RV_TIOCGPTN, TIOCGPTN);
    cr_assert_eq(RV_TIOCSPTLCK, TIOCSPTLCK);
    cr_assert_eq(RV_FIOCLEX, FIOCLEX);
    cr_assert_eq(RV_FICLONE, FICLONE);
    cr_assert_eq(RV_FICLONERANGE, FICLONERANGE);
}

/* --- errno ------------------------------------------------------------------------------- */

Test(abi_errno, identity_for_every_errno)
{
    for (int e = 1; e <= RV_ERRNO_MAX; e++) {
        if (e == 41 || e == 58)   /* unassigned in asm-generic/errno.h */
            continue;
        cr_assert_eq(rv_errno_to_guest(-e), -e, "errno %d", e);
    }
    cr_assert_eq(rv_errno_to_guest(-ENOENT), -RV_ENOENT);
    cr_assert_eq(RV_EHWPOISON, 133);
}

Test(abi_errno, results_pass_unchanged)
{
    cr_assert_eq(rv_errno_to_guest(0), 0);
    cr_assert_eq(rv_errno_to_guest(12345), 12345);
    cr_assert_eq(rv_errno_to_guest(-4096), -4096, "not an errno: an mmap-style address");
    cr_assert_eq(rv_errno_to_guest(-4000), -4000, "not a host errno: left alone");
    cr_assert_eq(rv_errno_to_guest(-41), -41, "an unassigned number: left alone");
}

/* --- syscall names ----------------------------------------------------------------------- */

Test(syscall_nr, generic_numbers)
{
    cr_assert_eq(RV_NR_read, 63);
    cr_assert_eq(RV_NR_newfstatat, 79);
    cr_assert_eq(RV_NR_fstat, 80);
    cr_assert_eq(RV_NR_lseek, 62);
    cr_assert_eq(RV_NR_mmap, 222);
    cr_assert_eq(RV_NR_fcntl, 25);
    cr_assert_eq(RV_NR_fadvise64, 223);
    cr_assert_eq(RV_NR_clone3, 435);
    cr_assert_eq(RV_NR_riscv_hwprobe, 258);
    cr_assert_eq(RV_NR_riscv_flush_icache, 259);
    cr_assert_str_eq(rv_syscall_name(93), "exit");
    cr_assert_str_eq(rv_syscall_name(79), "newfstatat");
    cr_assert_null(rv_syscall_name(300), "295..402 are unassigned");
    cr_assert_null(rv_syscall_name(-1));
    cr_assert_null(rv_syscall_name(100000));
}

/* --- syscalls.def itself: read here without its handlers, so no handler needs linking ------ */

struct def_row {
    long nr;
    const char *name;
    const char *fmt;
};

static const struct def_row def_rows[] = {
#define SYSCALL(nr, name, handler, fmt) { nr, #name, fmt },
#include "syscall/syscalls.def"
#undef SYSCALL
};

/* "%conv" made of lower-case letters and digits; returns the character after it, or NULL. */
static const char *conversion(const char *p)
{
    if (*p != '%')
        return NULL;
    const char *q = p + 1;
    while ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9'))
        q++;
    return q > p + 1 ? q : NULL;
}

Test(syscalls_def, names_match_numbers_and_formats_parse)
{
    size_t n = sizeof def_rows / sizeof def_rows[0];
    cr_assert_gt(n, 40);
    for (size_t i = 0; i < n; i++) {
        const struct def_row *r = &def_rows[i];
        cr_assert_not_null(rv_syscall_name(r->nr), "row %s: number %ld unknown", r->name, r->nr);
        cr_assert_str_eq(rv_syscall_name(r->nr), r->name, "row %s has number %ld", r->name, r->nr);
        /* Arguments: "" or conv (", " conv){0,5}, then optionally " = " conv. */
        const char *p = r->fmt;
        int args = 0;
        while (*p && *p != ' ') {
            p = conversion(p);
            cr_assert_not_null(p, "%s: bad conversion in \"%s\"", r->name, r->fmt);
            args++;
            if (strncmp(p, ", ", 2) == 0)
                p += 2;
        }
        cr_assert_leq(args, 6, "%s: more than six arguments", r->name);
        if (*p) {
            cr_assert_eq(strncmp(p, " = ", 3), 0, "%s: \"%s\"", r->name, r->fmt);
            p = conversion(p + 3);
            cr_assert(p && !*p, "%s: bad return conversion in \"%s\"", r->name, r->fmt);
        }
    }
}

/* --- dispatch, with this test's own table -------------------------------------------------- */

static uint64_t seen_args[6];
static struct rv_cpu *seen_cpu;

static long test_echo(struct rv_cpu *cpu, const uint64_t *a)
{
    seen_cpu = cpu;
    memcpy(seen_args, a, sizeof seen_args);
    return (long)(a[0] + a[5]);
}

static long test_fails(struct rv_cpu *cpu, const uint64_t *a)
{
    return -ENOENT;
}

const struct rv_syscall_entry rv_syscall_table[RV_NR_MAX + 1] = {
    [RV_NR_getpid] = { test_echo },
    [RV_NR_unlinkat] = { test_fails },
    [RV_NR_read] = { sys_read },
    [RV_NR_write] = { sys_write },
};

static int strace_enters, strace_exits;
static long strace_last_ret;

void rv_strace_enter(struct rv_cpu *cpu, long nr, const uint64_t *a) { strace_enters++; }

void rv_strace_exit(struct rv_cpu *cpu, long nr, const uint64_t *a, long ret)
{
    strace_exits++;
    strace_last_ret = ret;
}

static long call(struct rv_cpu *cpu, long nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
    cpu->x[17] = (uint64_t)nr;
    cpu->x[10] = a0;
    cpu->x[11] = a1;
    cpu->x[12] = a2;
    rv_syscall(cpu);
    return (long)cpu->x[10];
}

Test(dispatch, arguments_in_result_out)
{
    struct rv_cpu cpu = { 0 };
    for (int i = 0; i < 6; i++)
        cpu.x[10 + i] = 100 + i;
    cpu.x[17] = RV_NR_getpid;
    cpu.pc = 0x1000;
    rv_syscall(&cpu);
    cr_assert_eq(seen_cpu, &cpu);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(seen_args[i], 100 + i);
    cr_assert_eq(cpu.x[10], 100 + 105);
    cr_assert_eq(cpu.pc, 0x1000, "the engine advances pc, not dispatch");
    cr_assert_eq(cpu.x[11], 101, "only a0 is written");
}

Test(dispatch, errors_come_back_negative)
{
    struct rv_cpu cpu = { 0 };
    cr_assert_eq(call(&cpu, RV_NR_unlinkat, 0, 0, 0), -RV_ENOENT);
    /* formats come from syscalls.def itself, not from the (test's) handler table */
    cr_assert_str_eq(rv_syscall_format(RV_NR_unlinkat), "%dirfd, %path, %atflags");
    cr_assert_str_eq(rv_syscall_format(RV_NR_clone3), "%ptr, %zu");
    cr_assert_null(rv_syscall_format(RV_NR_kexec_load), "no row in syscalls.def");
    cr_assert_null(rv_syscall_format(-3));
}

Test(dispatch, unknown_number_is_enosys_and_warns_once, .init = cr_redirect_stderr)
{
    struct rv_cpu cpu = { 0 };
    cr_assert_eq(call(&cpu, RV_NR_clone3, 0, 0, 0), -RV_ENOSYS);
    cr_assert_eq(call(&cpu, RV_NR_clone3, 0, 0, 0), -RV_ENOSYS);
    cr_assert_eq(call(&cpu, 300, 0, 0, 0), -RV_ENOSYS);
    cr_assert_eq(call(&cpu, 300, 0, 0, 0), -RV_ENOSYS);
    cr_assert_eq(call(&cpu, 123456789, 0, 0, 0), -RV_ENOSYS);
    cr_assert_eq(call(&cpu, 123456789, 0, 0, 0), -RV_ENOSYS);
    cr_assert_eq(call(&cpu, -1, 0, 0, 0), -RV_ENOSYS);
    cr_assert_eq(call(&cpu, RV_NR_clone3, 0, 0, 0), -RV_ENOSYS);
    fflush(stderr);
    cr_assert_stderr_eq_str("crossrun: unsupported syscall 435 (clone3)\n"
                            "crossrun: unsupported syscall 300 (unknown)\n"
                            "crossrun: unsupported syscall 123456789 (unknown)\n"
                            "crossrun: unsupported syscall -1 (unknown)\n");
}

Test(dispatch, strace_hooks_only_when_enabled)
{
    struct rv_cpu cpu = { 0 };
    rv_proc.strace = 0;
    call(&cpu, RV_NR_getpid, 1, 0, 0);
    cr_assert_eq(strace_enters + strace_exits, 0);
    rv_proc.strace = 1;
    call(&cpu, RV_NR_unlinkat, 0, 0, 0);
    cr_assert_eq(strace_enters, 1);
    cr_assert_eq(strace_exits, 1);
    cr_assert_eq(strace_last_ret, -RV_ENOENT);
    rv_proc.strace = 0;
}

/* --- handlers given bad pointers ----------------------------------------------------------- */

static void guest_memory(void)
{
    cr_assert_eq(guest_as_init(), 0);
}

static guest_addr map_guest(int prot)
{
    long r = guest_mmap(0, GUEST_PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0, "guest_mmap: %ld", r);
    return (guest_addr)r;
}

Test(handlers, read_into_good_and_bad_buffers, .init = guest_memory)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(write(fds[1], "hello", 5), 5);
    struct rv_cpu cpu = { 0 };

    cr_assert_eq(call(&cpu, RV_NR_read, (uint64_t)fds[0], 0x10, 5), -RV_EFAULT);
    cr_assert_eq(call(&cpu, RV_NR_read, (uint64_t)fds[0], GUEST_LIMIT + 0x1000, 5), -RV_EFAULT);
    cr_assert_eq(call(&cpu, RV_NR_read, (uint64_t)fds[0], UINT64_C(0xffffffffffff0000), 5), -RV_EFAULT);
    /* Runner memory (this stack) is not guest memory, even though the host could write it. */
    char runner_buf[16];
    cr_assert_eq(call(&cpu, RV_NR_read, (uint64_t)fds[0], (uint64_t)(uintptr_t)runner_buf, 5),
                 -RV_EFAULT);
    guest_addr ro = map_guest(PROT_READ);
    cr_assert_eq(call(&cpu, RV_NR_read, (uint64_t)fds[0], ro, 5), -RV_EFAULT);
    guest_addr rw = map_guest(PROT_READ | PROT_WRITE);
    cr_assert_eq(call(&cpu, RV_NR_read, (uint64_t)fds[0], rw + GUEST_PAGE_SIZE - 2, 5), -RV_EFAULT,
                 "a buffer running off the end of its mapping");

    /* Nothing was consumed by the failures: the good read gets all five bytes. */
    cr_assert_eq(call(&cpu, RV_NR_read, (uint64_t)fds[0], rw, 16), 5);
    char got[5];
    cr_assert_eq(copy_from_guest(got, rw, 5), 0);
    cr_assert_eq(memcmp(got, "hello", 5), 0);
    close(fds[0]);
    close(fds[1]);
}

Test(handlers, write_from_good_and_bad_buffers, .init = guest_memory)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    struct rv_cpu cpu = { 0 };
    cr_assert_eq(call(&cpu, RV_NR_write, (uint64_t)fds[1], 0x10, 3), -RV_EFAULT);
    guest_addr none = map_guest(PROT_NONE);
    cr_assert_eq(call(&cpu, RV_NR_write, (uint64_t)fds[1], none, 3), -RV_EFAULT);
    guest_addr rw = map_guest(PROT_READ | PROT_WRITE);
    cr_assert_eq(copy_to_guest(rw, "abc", 3), 0);
    cr_assert_eq(call(&cpu, RV_NR_write, (uint64_t)fds[1], rw, 3), 3);
    char got[4] = { 0 };
    cr_assert_eq(read(fds[0], got, 3), 3);
    cr_assert_str_eq(got, "abc");
    cr_assert_eq(call(&cpu, RV_NR_write, 9999, rw, 3), -RV_EBADF, "host errors come back as guest errnos");
    close(fds[0]);
    close(fds[1]);
}

Test(handlers, readv_checks_every_iovec, .init = guest_memory)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(write(fds[1], "abcdef", 6), 6);
    guest_addr rw = map_guest(PROT_READ | PROT_WRITE);
    uint64_t iov[4] = { rw + 512, 3, 0x10, 3 };   /* the second buffer is bad */
    cr_assert_eq(copy_to_guest(rw, iov, sizeof iov), 0);
    uint64_t a[6] = { (uint64_t)fds[0], rw, 2, 0, 0, 0 };
    cr_assert_eq(sys_readv(NULL, a), -EFAULT);
    a[2] = 1025;
    cr_assert_eq(sys_readv(NULL, a), -EINVAL, "more than UIO_MAXIOV");
    a[1] = 0x10;
    a[2] = 1;
    cr_assert_eq(sys_readv(NULL, a), -EFAULT, "the array itself unreadable");
    iov[2] = rw + 1024;
    cr_assert_eq(copy_to_guest(rw, iov, sizeof iov), 0);
    a[1] = rw;
    a[2] = 2;
    cr_assert_eq(sys_readv(NULL, a), 6);
    char got[7] = { 0 };
    cr_assert_eq(copy_from_guest(got, rw + 512, 3), 0);
    cr_assert_eq(copy_from_guest(got + 3, rw + 1024, 3), 0);
    cr_assert_str_eq(got, "abcdef");
    close(fds[0]);
    close(fds[1]);
}
