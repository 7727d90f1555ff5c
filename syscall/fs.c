/*
 * syscall/fs.c - handlers for files, directories and their metadata.
 *
 * Each handler decodes its argument registers, turns guest paths into host paths through
 * syscall/path.c (sysroot, /proc/self/exe), converts the structs whose layouts differ (stat,
 * statfs, flock, open flags) through abi/, and makes one raw host call. Guest buffers the kernel
 * fills directly (getdents64, statx, readlinkat) are checked for writability first. Results are
 * host -errno values; dispatch.c makes them guest errnos.
 *
 * Argument decoding follows the kernel's prototypes: an int parameter takes the low 32 bits of
 * its register (AT_FDCWD arrives sign-extended), a size or offset the whole register.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "abi/fcntl.h"
#include "abi/stat.h"
#include "abi/time.h"
#include "mem/host.h"
#include "syscall/process_info.h"
#include "syscall/runner_fd.h"
#include "syscall/signal/signal.h"
#include "syscall/path.h"
#include "syscall/procfs.h"
#include "syscall/fd_error.h"
#include "syscall/io_uring_ring.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

#define ARG_INT(i) ((long)(int)a[i])      /* int parameter, sign-extended for the host */
#define ARG_UINT(i) ((long)(uint32_t)a[i]) /* unsigned int / mode_t / uid_t parameter */
#define ARG_LONG(i) ((long)a[i])

/* --- opening and closing --------------------------------------------------------------------- */

long sys_openat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    int flags = rv_oflags_to_host((uint32_t)a[2]);
    if (rv_procfs_open(p.host, flags, &r))   /* the guest's own maps, auxv, cpuinfo... */
        return r;
    return safe_syscall4(SYS_openat, ARG_INT(0), HOST_ARG(p.host), flags, ARG_UINT(3));
}

long sys_close(struct rv_cpu *cpu, const uint64_t *a)
{
    if (rv_runner_fd_is_ours(ARG_INT(0)))
        return -EBADF;  /* not a descriptor the guest opened */
    bool ring = rv_io_uring_closing(ARG_INT(0));
    long r = host_syscall1(SYS_close, ARG_INT(0));
    if (ring && r == 0)
        rv_io_uring_closed();   /* the runner lets go of a ring with the guest's last fd */
    return r;
}

long sys_lseek(struct rv_cpu *cpu, const uint64_t *a)
{
    /* SEEK_* (0..4) are the same numbers everywhere (include/uapi/linux/fs.h). */
    return host_syscall3(SYS_lseek, ARG_INT(0), ARG_LONG(1), ARG_UINT(2));
}

/* --- stat family ----------------------------------------------------------------------------- */

/* Converts a host struct stat into the guest's and stores it at guest address buf. */
static long stat_out(guest_addr buf, const struct stat *st)
{
    struct rv_stat g;
    int r = rv_stat_to_guest(&g, st);
    if (r < 0)
        return r;
    return copy_to_guest(buf, &g, sizeof g);
}

long sys_newfstatat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    struct stat st;
    r = host_syscall4(SYS_newfstatat, ARG_INT(0), HOST_ARG(p.host), HOST_ARG(&st), ARG_INT(3));
    if (r < 0)
        return r;
    return stat_out(a[2], &st);
}

long sys_fstat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct stat st;
    long r = host_syscall2(SYS_fstat, ARG_INT(0), HOST_ARG(&st));
    if (r < 0)
        return r;
    return stat_out(a[1], &st);
}

long sys_statx(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    /* struct statx has one layout everywhere (abi/stat.h): the kernel fills the guest's. */
    r = guest_check(a[4], RV_STATX_SIZE, PROT_WRITE);
    if (r < 0)
        return r;
    return host_syscall5(SYS_statx, ARG_INT(0), HOST_ARG(p.host), ARG_INT(2), ARG_UINT(3),
                         HOST_ARG(g2h(a[4])));
}

long sys_statfs(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[0]);
    if (r < 0)
        return r;
    struct statfs st;
    r = host_syscall2(SYS_statfs, HOST_ARG(p.host), HOST_ARG(&st));
    if (r < 0)
        return r;
    struct rv_statfs g;
    rv_statfs_to_guest(&g, &st);
    return copy_to_guest(a[1], &g, sizeof g);
}

long sys_fstatfs(struct rv_cpu *cpu, const uint64_t *a)
{
    struct statfs st;
    long r = host_syscall2(SYS_fstatfs, ARG_INT(0), HOST_ARG(&st));
    if (r < 0)
        return r;
    struct rv_statfs g;
    rv_statfs_to_guest(&g, &st);
    return copy_to_guest(a[1], &g, sizeof g);
}

/* --- directories and links ------------------------------------------------------------------- */

long sys_getdents64(struct rv_cpu *cpu, const uint64_t *a)
{
    /* struct linux_dirent64 is generic (u64 ino, s64 off, u16 reclen, u8 type, name): the host
     * kernel writes the guest's buffer directly. The kernel takes an unsigned int count. */
    size_t count = (uint32_t)a[2];
    long r = guest_check(a[1], count, PROT_WRITE);
    if (r < 0)
        return r;
    return host_syscall3(SYS_getdents64, ARG_INT(0), HOST_ARG(g2h(a[1])), (long)count);
}

long sys_readlinkat(struct rv_cpu *cpu, const uint64_t *a)
{
    int bufsiz = (int)a[3];
    if (bufsiz <= 0)
        return -EINVAL;
    struct rv_path p;
    long r = rv_string_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    /* The guest's /proc/self/exe is its program, not crossrun. Like readlink(2) the result
     * is cut to bufsiz and not NUL-terminated. */
    if (rv_proc.exe_path && rv_path_is_self_exe(p.host)) {
        char exe[PATH_MAX];
        rv_procfs_exe_link(exe, sizeof exe);   /* the guest's path: no sysroot prefix */
        size_t len = strlen(exe);
        if (len > (size_t)bufsiz)
            len = (size_t)bufsiz;
        r = copy_to_guest(a[2], exe, len);
        return r < 0 ? r : (long)len;
    }
    r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    r = guest_check(a[2], (size_t)bufsiz, PROT_WRITE);
    if (r < 0)
        return r;
    return host_syscall4(SYS_readlinkat, ARG_INT(0), HOST_ARG(p.host), HOST_ARG(g2h(a[2])), bufsiz);
}

long sys_mkdirat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    return host_syscall3(SYS_mkdirat, ARG_INT(0), HOST_ARG(p.host), ARG_UINT(2));
}

long sys_mknodat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    /* dev_t is encoded the same way by both 64-bit kernels (new_encode_dev, 32 bits). */
    return host_syscall4(SYS_mknodat, ARG_INT(0), HOST_ARG(p.host), ARG_UINT(2), ARG_UINT(3));
}

long sys_unlinkat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    return host_syscall3(SYS_unlinkat, ARG_INT(0), HOST_ARG(p.host), ARG_INT(2));
}

long sys_symlinkat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path target, link;
    long r = rv_string_path_from_guest(&target, a[0]);   /* stored as is, never looked up */
    if (r < 0)
        return r;
    r = rv_path_from_guest(&link, a[2]);
    if (r < 0)
        return r;
    return host_syscall3(SYS_symlinkat, HOST_ARG(target.host), ARG_INT(1), HOST_ARG(link.host));
}

long sys_linkat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path from, to;
    long r = rv_path_from_guest(&from, a[1]);
    if (r < 0)
        return r;
    r = rv_path_from_guest(&to, a[3]);
    if (r < 0)
        return r;
    return host_syscall5(SYS_linkat, ARG_INT(0), HOST_ARG(from.host), ARG_INT(2), HOST_ARG(to.host),
                         ARG_INT(4));
}

long sys_renameat2(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path from, to;
    long r = rv_path_from_guest(&from, a[1]);
    if (r < 0)
        return r;
    r = rv_path_from_guest(&to, a[3]);
    if (r < 0)
        return r;
    /* RENAME_* flags are generic (include/uapi/linux/fs.h). */
    return host_syscall5(SYS_renameat2, ARG_INT(0), HOST_ARG(from.host), ARG_INT(2),
                         HOST_ARG(to.host), ARG_UINT(4));
}

long sys_getcwd(struct rv_cpu *cpu, const uint64_t *a)
{
    char cwd[PATH_MAX];
    long r = host_syscall2(SYS_getcwd, HOST_ARG(cwd), sizeof cwd);
    if (r < 0)
        return r;
    /* The raw call returns the length including the NUL; the guest's buffer must hold it all. */
    if ((uint64_t)r > a[1])
        return -ERANGE;
    long c = copy_to_guest(a[0], cwd, (size_t)r);
    return c < 0 ? c : r;
}

long sys_chdir(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[0]);
    if (r < 0)
        return r;
    return host_syscall1(SYS_chdir, HOST_ARG(p.host));
}

long sys_fchdir(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_fchdir, ARG_INT(0));
}

/* --- permissions, ownership, times ----------------------------------------------------------- */

long sys_faccessat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    return host_syscall3(SYS_faccessat, ARG_INT(0), HOST_ARG(p.host), ARG_INT(2));
}

long sys_faccessat2(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    return host_syscall4(SYS_faccessat2, ARG_INT(0), HOST_ARG(p.host), ARG_INT(2), ARG_INT(3));
}

long sys_fchmod(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_fchmod, ARG_INT(0), ARG_UINT(1));
}

long sys_fchmodat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    return host_syscall3(SYS_fchmodat, ARG_INT(0), HOST_ARG(p.host), ARG_UINT(2));
}

/* fchmodat2 (Linux 6.6): fchmodat with the flags argument the old call lacked
 * (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH: generic values on both sides). A host kernel without it
 * answers ENOSYS itself. */
long sys_fchmodat2(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    enum { HOST_NR_FCHMODAT2 = 452 };  /* x86-64's number too; older headers lack SYS_fchmodat2 */
    return host_syscall4(HOST_NR_FCHMODAT2, ARG_INT(0), HOST_ARG(p.host), ARG_UINT(2), ARG_UINT(3));
}

long sys_fchown(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall3(SYS_fchown, ARG_INT(0), ARG_UINT(1), ARG_UINT(2));
}

long sys_fchownat(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    return host_syscall5(SYS_fchownat, ARG_INT(0), HOST_ARG(p.host), ARG_UINT(2), ARG_UINT(3),
                         ARG_INT(4));
}

long sys_utimensat(struct rv_cpu *cpu, const uint64_t *a)
{
    /* A NULL path is allowed (futimens is utimensat(fd, NULL, times, 0)) and stays NULL. */
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    struct timespec times[2];
    struct timespec *tp = NULL;
    if (a[2]) {
        struct rv_timespec g[2];
        r = copy_from_guest(g, a[2], sizeof g);
        if (r < 0)
            return r;
        /* tv_nsec carries UTIME_NOW / UTIME_OMIT, the same values on both sides. */
        for (int i = 0; i < 2; i++) {
            times[i].tv_sec = (time_t)rv_le64((uint64_t)g[i].tv_sec);
            times[i].tv_nsec = (long)rv_le64((uint64_t)g[i].tv_nsec);
        }
        tp = times;
    }
    return host_syscall4(SYS_utimensat, ARG_INT(0), HOST_ARG(p.host), HOST_ARG(tp), ARG_INT(3));
}

long sys_umask(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_umask, ARG_UINT(0));
}

/* --- sizes and syncing ----------------------------------------------------------------------- */

long sys_truncate(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[0]);
    if (r < 0)
        return r;
    return host_syscall2(SYS_truncate, HOST_ARG(p.host), ARG_LONG(1));
}

long sys_ftruncate(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_ftruncate, ARG_INT(0), ARG_LONG(1));
}

long sys_fsync(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_fsync, ARG_INT(0));
}

long sys_fdatasync(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_fdatasync, ARG_INT(0));
}

/* --- fcntl ----------------------------------------------------------------------------------- */

/* F_GETLK/F_SETLK/F_SETLKW and the OFD variants: struct flock in, and out for the GETs. */
static long fcntl_lock(int fd, int host_cmd, guest_addr arg, bool writes_back)
{
    struct rv_flock g;
    long r = copy_from_guest(&g, arg, sizeof g);
    if (r < 0)
        return rv_fd_error_first(fd, r, false);
    struct flock h;
    r = rv_flock_to_host(&h, &g);
    if (r < 0)
        return rv_fd_error_first(fd, r, false);
    r = safe_syscall3(SYS_fcntl, fd, host_cmd, HOST_ARG(&h));
    if (r < 0 || !writes_back)
        return r;
    rv_flock_to_guest(&g, &h);
    long c = copy_to_guest(arg, &g, sizeof g);
    return c < 0 ? c : r;
}

/* A command with a struct laid out alike on both sides behind the pointer: F_GETOWN_EX and
 * F_SETOWN_EX (struct f_owner_ex {int type; int pid;}), F_GET_RW_HINT and F_SET_RW_HINT (a
 * u64). */
static long fcntl_same_layout(int fd, int host_cmd, guest_addr arg, size_t size, int prot)
{
    _Static_assert(sizeof(struct f_owner_ex) == 8, "struct f_owner_ex is 8 bytes");
    long r = guest_check(arg, size, prot);
    if (r < 0)
        return rv_fd_error_first(fd, r, false);
    return host_syscall3(SYS_fcntl, fd, host_cmd, HOST_ARG(g2h(arg)));
}

long sys_fcntl(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0];
    uint64_t arg = a[2];
    long r;
    switch ((int)a[1]) {
    /* Commands whose argument is a plain int, or nothing. */
    case RV_F_DUPFD:         return host_syscall3(SYS_fcntl, fd, F_DUPFD, ARG_INT(2));
    case RV_F_DUPFD_CLOEXEC: return host_syscall3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, ARG_INT(2));
    case RV_F_GETFD:         return host_syscall2(SYS_fcntl, fd, F_GETFD);
    case RV_F_SETFD:
        return host_syscall3(SYS_fcntl, fd, F_SETFD, (arg & RV_FD_CLOEXEC) ? FD_CLOEXEC : 0);
    case RV_F_GETFL:
        r = host_syscall2(SYS_fcntl, fd, F_GETFL);
        return r < 0 ? r : (long)rv_oflags_to_guest((int)r);
    case RV_F_SETFL:
        return host_syscall3(SYS_fcntl, fd, F_SETFL, rv_oflags_to_host((uint32_t)arg));
    case RV_F_SETOWN:        return host_syscall3(SYS_fcntl, fd, F_SETOWN, ARG_INT(2));
    case RV_F_GETOWN:        return host_syscall2(SYS_fcntl, fd, F_GETOWN);
    case RV_F_SETSIG:        return host_syscall3(SYS_fcntl, fd, F_SETSIG, ARG_INT(2));
    case RV_F_GETSIG:        return host_syscall2(SYS_fcntl, fd, F_GETSIG);
    case RV_F_SETLEASE:      return host_syscall3(SYS_fcntl, fd, F_SETLEASE, ARG_INT(2));
    case RV_F_GETLEASE:      return host_syscall2(SYS_fcntl, fd, F_GETLEASE);
    case RV_F_NOTIFY:        return host_syscall3(SYS_fcntl, fd, F_NOTIFY, ARG_UINT(2));
    case RV_F_SETPIPE_SZ:    return host_syscall3(SYS_fcntl, fd, F_SETPIPE_SZ, ARG_INT(2));
    case RV_F_GETPIPE_SZ:    return host_syscall2(SYS_fcntl, fd, F_GETPIPE_SZ);
    case RV_F_ADD_SEALS:     return host_syscall3(SYS_fcntl, fd, F_ADD_SEALS, ARG_INT(2));
    case RV_F_GET_SEALS:     return host_syscall2(SYS_fcntl, fd, F_GET_SEALS);
    case RV_F_DUPFD_QUERY:   return host_syscall3(SYS_fcntl, fd, RV_F_DUPFD_QUERY, ARG_INT(2));
    case RV_F_CREATED_QUERY: return host_syscall2(SYS_fcntl, fd, RV_F_CREATED_QUERY);
    /* Commands with a struct behind the pointer. */
    case RV_F_GETLK:         return fcntl_lock(fd, F_GETLK, arg, true);
    case RV_F_SETLK:         return fcntl_lock(fd, F_SETLK, arg, false);
    case RV_F_SETLKW:        return fcntl_lock(fd, F_SETLKW, arg, false);
    case RV_F_OFD_GETLK:     return fcntl_lock(fd, F_OFD_GETLK, arg, true);
    case RV_F_OFD_SETLK:     return fcntl_lock(fd, F_OFD_SETLK, arg, false);
    case RV_F_OFD_SETLKW:    return fcntl_lock(fd, F_OFD_SETLKW, arg, false);
    case RV_F_GETOWN_EX:     return fcntl_same_layout(fd, F_GETOWN_EX, arg, 8, PROT_WRITE);
    case RV_F_SETOWN_EX:     return fcntl_same_layout(fd, F_SETOWN_EX, arg, 8, PROT_READ);
    case RV_F_GET_RW_HINT:
        return fcntl_same_layout(fd, RV_F_GET_RW_HINT, arg, 8, PROT_WRITE);
    case RV_F_SET_RW_HINT:
        return fcntl_same_layout(fd, RV_F_SET_RW_HINT, arg, 8, PROT_READ);
    default:
        /* The kernel's answer to a command it does not know (after the fd's own check). Never
         * passed through: an unknown command may take a pointer we have not checked. */
        return rv_fd_error_first(fd, -EINVAL, false);
    }
}

/* --- locks, space, advice, syncing whole filesystems ------------------------------------------ */

long sys_flock(struct rv_cpu *cpu, const uint64_t *a)
{
    /* LOCK_SH/EX/NB/UN are generic (include/uapi/asm-generic/fcntl.h). */
    return safe_syscall2(SYS_flock, ARG_INT(0), ARG_UINT(1));
}

long sys_fallocate(struct rv_cpu *cpu, const uint64_t *a)
{
    /* FALLOC_FL_* are generic (include/uapi/linux/falloc.h). */
    return host_syscall4(SYS_fallocate, ARG_INT(0), ARG_INT(1), ARG_LONG(2), ARG_LONG(3));
}

long sys_fadvise64(struct rv_cpu *cpu, const uint64_t *a)
{
    /* riscv64's fadvise64 is the kernel's fadvise64_64 (fd, offset, len, advice), the same
     * argument order as x86-64's fadvise64; POSIX_FADV_* 0..5 are equal on both. */
    return host_syscall4(SYS_fadvise64, ARG_INT(0), ARG_LONG(1), ARG_LONG(2), ARG_INT(3));
}

long sys_sync(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall0(SYS_sync);
}

long sys_syncfs(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_syncfs, ARG_INT(0));
}

long sys_readahead(struct rv_cpu *cpu, const uint64_t *a)
{
    /* (fd, offset, count): one 64-bit register each on riscv64 as on x86-64. */
    return host_syscall3(SYS_readahead, ARG_INT(0), ARG_LONG(1), ARG_LONG(2));
}

long sys_sync_file_range(struct rv_cpu *cpu, const uint64_t *a)
{
    /* riscv64 has the generic (fd, offset, nbytes, flags) order, as x86-64 does (only 32-bit
     * ABIs have sync_file_range2); SYNC_FILE_RANGE_* are generic. */
    return safe_syscall4(SYS_sync_file_range, ARG_INT(0), ARG_LONG(1), ARG_LONG(2), ARG_UINT(3));
}
