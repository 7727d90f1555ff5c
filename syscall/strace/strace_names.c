/*
 * syscall/strace/strace_names.c - the symbolic names --strace prints for guest flag and enum
 * values.
 *
 * Values are the riscv64 guest's (asm-generic numbering, the same as x86-64's for everything
 * listed here); names are spelled as strace spells them. Flag tables list multi-bit names
 * (O_SYNC, O_TMPFILE, STATX_BASIC_STATS) before their parts so the combined name wins.
 */
#include <inttypes.h>

#include "abi/epoll.h"
#include "abi/fcntl.h"
#include "abi/ipc.h"
#include "abi/mman.h"
#include "abi/mount.h"
#include "abi/poll.h"
#include "abi/signal.h"
#include "abi/socket.h"
#include "abi/time.h"
#include "syscall/strace/strace_names.h"

#define N(v, name) { (uint64_t)(v), name }
#define END { 0, NULL }

void rv_strace_flags(FILE *out, uint64_t v, const struct rv_name *tab, const char *zero)
{
    if (v == 0) {
        fputs(zero, out);
        return;
    }
    bool first = true;
    for (const struct rv_name *n = tab; n->name && v; n++) {
        if (n->value && (v & n->value) == n->value) {
            fprintf(out, "%s%s", first ? "" : "|", n->name);
            v &= ~n->value;
            first = false;
        }
    }
    if (v)
        fprintf(out, "%s%#" PRIx64, first ? "" : "|", v);
}

bool rv_strace_enum(FILE *out, uint64_t v, const struct rv_name *tab, bool hex)
{
    for (const struct rv_name *n = tab; n->name; n++) {
        if (n->value == v) {
            fputs(n->name, out);
            return true;
        }
    }
    if (hex)
        fprintf(out, "%#" PRIx64, v);
    else
        fprintf(out, "%" PRId64, (int64_t)v);
    return false;
}

const struct rv_name rv_names_mmap_prot[] = {
    N(RV_PROT_READ, "PROT_READ"), N(RV_PROT_WRITE, "PROT_WRITE"), N(RV_PROT_EXEC, "PROT_EXEC"),
    N(RV_PROT_SEM, "PROT_SEM"), N(RV_PROT_GROWSDOWN, "PROT_GROWSDOWN"),
    N(RV_PROT_GROWSUP, "PROT_GROWSUP"), END,
};

/* The mapping type (low nibble) is printed separately by the formatter. */
const struct rv_name rv_names_mmap_flags[] = {
    N(RV_MAP_FIXED, "MAP_FIXED"), N(RV_MAP_ANONYMOUS, "MAP_ANONYMOUS"),
    N(RV_MAP_GROWSDOWN, "MAP_GROWSDOWN"), N(RV_MAP_DENYWRITE, "MAP_DENYWRITE"),
    N(RV_MAP_EXECUTABLE, "MAP_EXECUTABLE"), N(RV_MAP_LOCKED, "MAP_LOCKED"),
    N(RV_MAP_NORESERVE, "MAP_NORESERVE"), N(RV_MAP_POPULATE, "MAP_POPULATE"),
    N(RV_MAP_NONBLOCK, "MAP_NONBLOCK"), N(RV_MAP_STACK, "MAP_STACK"),
    N(RV_MAP_HUGETLB, "MAP_HUGETLB"), N(RV_MAP_SYNC, "MAP_SYNC"),
    N(RV_MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"), N(RV_MAP_UNINITIALIZED, "MAP_UNINITIALIZED"),
    END,
};

/* Access mode (low two bits) is printed separately by the formatter. */
const struct rv_name rv_names_oflags[] = {
    N(RV_O_CREAT, "O_CREAT"), N(RV_O_EXCL, "O_EXCL"), N(RV_O_NOCTTY, "O_NOCTTY"),
    N(RV_O_TRUNC, "O_TRUNC"), N(RV_O_APPEND, "O_APPEND"), N(RV_O_NONBLOCK, "O_NONBLOCK"),
    N(RV___O_SYNC | RV_O_DSYNC, "O_SYNC"), N(RV_O_DSYNC, "O_DSYNC"), N(RV_FASYNC, "O_ASYNC"),
    N(RV_O_DIRECT, "O_DIRECT"), N(RV_O_LARGEFILE, "O_LARGEFILE"),
    N(RV___O_TMPFILE | RV_O_DIRECTORY, "O_TMPFILE"), N(RV_O_DIRECTORY, "O_DIRECTORY"),
    N(RV_O_NOFOLLOW, "O_NOFOLLOW"), N(RV_O_NOATIME, "O_NOATIME"), N(RV_O_CLOEXEC, "O_CLOEXEC"),
    N(RV_O_PATH, "O_PATH"), END,
};

const struct rv_name rv_names_atflags[] = {
    N(0x100, "AT_SYMLINK_NOFOLLOW"), N(0x200, "AT_REMOVEDIR"), N(0x400, "AT_SYMLINK_FOLLOW"),
    N(0x800, "AT_NO_AUTOMOUNT"), N(0x1000, "AT_EMPTY_PATH"), N(0x2000, "AT_STATX_FORCE_SYNC"),
    N(0x4000, "AT_STATX_DONT_SYNC"), N(0x8000, "AT_RECURSIVE"), END,
};

const struct rv_name rv_names_access[] = {
    N(4, "R_OK"), N(2, "W_OK"), N(1, "X_OK"), END,
};

const struct rv_name rv_names_whence[] = {
    N(0, "SEEK_SET"), N(1, "SEEK_CUR"), N(2, "SEEK_END"), N(3, "SEEK_DATA"), N(4, "SEEK_HOLE"),
    END,
};

const struct rv_name rv_names_fcntl[] = {
    N(RV_F_DUPFD, "F_DUPFD"), N(RV_F_GETFD, "F_GETFD"), N(RV_F_SETFD, "F_SETFD"),
    N(RV_F_GETFL, "F_GETFL"), N(RV_F_SETFL, "F_SETFL"), N(RV_F_GETLK, "F_GETLK"),
    N(RV_F_SETLK, "F_SETLK"), N(RV_F_SETLKW, "F_SETLKW"), N(RV_F_SETOWN, "F_SETOWN"),
    N(RV_F_GETOWN, "F_GETOWN"), N(RV_F_SETSIG, "F_SETSIG"), N(RV_F_GETSIG, "F_GETSIG"),
    N(RV_F_SETOWN_EX, "F_SETOWN_EX"), N(RV_F_GETOWN_EX, "F_GETOWN_EX"),
    N(RV_F_OFD_GETLK, "F_OFD_GETLK"), N(RV_F_OFD_SETLK, "F_OFD_SETLK"),
    N(RV_F_OFD_SETLKW, "F_OFD_SETLKW"), N(RV_F_SETLEASE, "F_SETLEASE"),
    N(RV_F_GETLEASE, "F_GETLEASE"), N(RV_F_NOTIFY, "F_NOTIFY"),
    N(RV_F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC"), N(RV_F_SETPIPE_SZ, "F_SETPIPE_SZ"),
    N(RV_F_GETPIPE_SZ, "F_GETPIPE_SZ"), N(RV_F_ADD_SEALS, "F_ADD_SEALS"),
    N(RV_F_GET_SEALS, "F_GET_SEALS"), END,
};

/* asm-generic/ioctls.h numbers, which riscv64 uses, and linux/sockios.h's. */
const struct rv_name rv_names_ioctl[] = {
    N(0x5401, "TCGETS"), N(0x5402, "TCSETS"), N(0x5403, "TCSETSW"), N(0x5404, "TCSETSF"),
    N(0x5409, "TCSBRK"), N(0x540b, "TCFLSH"), N(0x540e, "TIOCSCTTY"), N(0x540f, "TIOCGPGRP"),
    N(0x5410, "TIOCSPGRP"), N(0x5413, "TIOCGWINSZ"), N(0x5414, "TIOCSWINSZ"),
    N(0x541b, "FIONREAD"), N(0x5421, "FIONBIO"), N(0x5450, "FIONCLEX"), N(0x5451, "FIOCLEX"),
    N(0x5452, "FIOASYNC"), N(0x80045430, "TIOCGPTN"), N(0x40045431, "TIOCSPTLCK"),
    N(0x5425, "TCSBRKP"), N(0x5441, "TIOCGPTPEER"), N(0x8910, "SIOCGIFNAME"),
    N(0x8912, "SIOCGIFCONF"), N(0x8933, "SIOCGIFINDEX"), N(0x540c, "TIOCEXCL"),
    N(0x540d, "TIOCNXCL"), N(0x5415, "TIOCMGET"), N(0x5418, "TIOCMSET"), N(0x5420, "TIOCPKT"),
    N(0x5423, "TIOCSETD"), N(0x5424, "TIOCGETD"), N(0x5460, "FIOQSIZE"),
    N(0x802c542a, "TCGETS2"), N(0x402c542b, "TCSETS2"), N(0x8913, "SIOCGIFFLAGS"),
    N(0x8914, "SIOCSIFFLAGS"), N(0x8915, "SIOCGIFADDR"), N(0x8921, "SIOCGIFMTU"),
    N(0x8927, "SIOCGIFHWADDR"), N(0x80086601, "FS_IOC_GETFLAGS"),
    N(0x40086602, "FS_IOC_SETFLAGS"), N(0xc020660b, "FS_IOC_FIEMAP"),
    N(0x80081272, "BLKGETSIZE64"), N(0x400454ca, "TUNSETIFF"), END,
};

const struct rv_name rv_names_sighow[] = {
    N(RV_SIG_BLOCK, "SIG_BLOCK"), N(RV_SIG_UNBLOCK, "SIG_UNBLOCK"),
    N(RV_SIG_SETMASK, "SIG_SETMASK"), END,
};

const struct rv_name rv_names_clock[] = {
    N(RV_CLOCK_REALTIME, "CLOCK_REALTIME"), N(RV_CLOCK_MONOTONIC, "CLOCK_MONOTONIC"),
    N(RV_CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID"),
    N(RV_CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID"),
    N(RV_CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW"),
    N(RV_CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE"),
    N(RV_CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE"), N(RV_CLOCK_BOOTTIME, "CLOCK_BOOTTIME"),
    N(RV_CLOCK_REALTIME_ALARM, "CLOCK_REALTIME_ALARM"),
    N(RV_CLOCK_BOOTTIME_ALARM, "CLOCK_BOOTTIME_ALARM"), N(RV_CLOCK_TAI, "CLOCK_TAI"), END,
};

/* The futex command (low 7 bits); FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256)
 * are added by the formatter as strace does: FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME. */
const struct rv_name rv_names_futex_cmd[] = {
    N(0, "FUTEX_WAIT"), N(1, "FUTEX_WAKE"), N(2, "FUTEX_FD"), N(3, "FUTEX_REQUEUE"),
    N(4, "FUTEX_CMP_REQUEUE"), N(5, "FUTEX_WAKE_OP"), N(6, "FUTEX_LOCK_PI"),
    N(7, "FUTEX_UNLOCK_PI"), N(8, "FUTEX_TRYLOCK_PI"), N(9, "FUTEX_WAIT_BITSET"),
    N(10, "FUTEX_WAKE_BITSET"), N(11, "FUTEX_WAIT_REQUEUE_PI"), N(12, "FUTEX_CMP_REQUEUE_PI"),
    N(13, "FUTEX_LOCK_PI2"), END,
};

const struct rv_name rv_names_clone[] = {
    N(0x100, "CLONE_VM"), N(0x200, "CLONE_FS"), N(0x400, "CLONE_FILES"),
    N(0x800, "CLONE_SIGHAND"), N(0x1000, "CLONE_PIDFD"), N(0x2000, "CLONE_PTRACE"),
    N(0x4000, "CLONE_VFORK"), N(0x8000, "CLONE_PARENT"), N(0x10000, "CLONE_THREAD"),
    N(0x20000, "CLONE_NEWNS"), N(0x40000, "CLONE_SYSVSEM"), N(0x80000, "CLONE_SETTLS"),
    N(0x100000, "CLONE_PARENT_SETTID"), N(0x200000, "CLONE_CHILD_CLEARTID"),
    N(0x400000, "CLONE_DETACHED"), N(0x800000, "CLONE_UNTRACED"),
    N(0x1000000, "CLONE_CHILD_SETTID"), N(0x2000000, "CLONE_NEWCGROUP"),
    N(0x4000000, "CLONE_NEWUTS"), N(0x8000000, "CLONE_NEWIPC"), N(0x10000000, "CLONE_NEWUSER"),
    N(0x20000000, "CLONE_NEWPID"), N(0x40000000, "CLONE_NEWNET"), N(0x80000000, "CLONE_IO"),
    END,
};

const struct rv_name rv_names_statx_mask[] = {
    N(0x7ff, "STATX_BASIC_STATS"), N(0x1, "STATX_TYPE"), N(0x2, "STATX_MODE"),
    N(0x4, "STATX_NLINK"), N(0x8, "STATX_UID"), N(0x10, "STATX_GID"), N(0x20, "STATX_ATIME"),
    N(0x40, "STATX_MTIME"), N(0x80, "STATX_CTIME"), N(0x100, "STATX_INO"),
    N(0x200, "STATX_SIZE"), N(0x400, "STATX_BLOCKS"), N(0x800, "STATX_BTIME"),
    N(0x1000, "STATX_MNT_ID"), N(0x2000, "STATX_DIOALIGN"), END,
};

const struct rv_name rv_names_rename[] = {
    N(1, "RENAME_NOREPLACE"), N(2, "RENAME_EXCHANGE"), N(4, "RENAME_WHITEOUT"), END,
};

const struct rv_name rv_names_madvise[] = {
    N(RV_MADV_NORMAL, "MADV_NORMAL"), N(RV_MADV_RANDOM, "MADV_RANDOM"),
    N(RV_MADV_SEQUENTIAL, "MADV_SEQUENTIAL"), N(RV_MADV_WILLNEED, "MADV_WILLNEED"),
    N(RV_MADV_DONTNEED, "MADV_DONTNEED"), N(RV_MADV_FREE, "MADV_FREE"),
    N(RV_MADV_REMOVE, "MADV_REMOVE"), N(RV_MADV_DONTFORK, "MADV_DONTFORK"),
    N(RV_MADV_DOFORK, "MADV_DOFORK"), N(RV_MADV_MERGEABLE, "MADV_MERGEABLE"),
    N(RV_MADV_UNMERGEABLE, "MADV_UNMERGEABLE"), N(RV_MADV_HUGEPAGE, "MADV_HUGEPAGE"),
    N(RV_MADV_NOHUGEPAGE, "MADV_NOHUGEPAGE"), N(RV_MADV_DONTDUMP, "MADV_DONTDUMP"),
    N(RV_MADV_DODUMP, "MADV_DODUMP"), N(RV_MADV_WIPEONFORK, "MADV_WIPEONFORK"),
    N(RV_MADV_KEEPONFORK, "MADV_KEEPONFORK"), N(RV_MADV_COLD, "MADV_COLD"),
    N(RV_MADV_PAGEOUT, "MADV_PAGEOUT"), N(RV_MADV_POPULATE_READ, "MADV_POPULATE_READ"),
    N(RV_MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE"),
    N(RV_MADV_DONTNEED_LOCKED, "MADV_DONTNEED_LOCKED"), N(RV_MADV_COLLAPSE, "MADV_COLLAPSE"),
    N(RV_MADV_HWPOISON, "MADV_HWPOISON"), N(RV_MADV_SOFT_OFFLINE, "MADV_SOFT_OFFLINE"), END,
};

const struct rv_name rv_names_mremap[] = {
    N(RV_MREMAP_MAYMOVE, "MREMAP_MAYMOVE"), N(RV_MREMAP_FIXED, "MREMAP_FIXED"),
    N(RV_MREMAP_DONTUNMAP, "MREMAP_DONTUNMAP"), END,
};

const struct rv_name rv_names_rlimit[] = {
    N(0, "RLIMIT_CPU"), N(1, "RLIMIT_FSIZE"), N(2, "RLIMIT_DATA"), N(3, "RLIMIT_STACK"),
    N(4, "RLIMIT_CORE"), N(5, "RLIMIT_RSS"), N(6, "RLIMIT_NPROC"), N(7, "RLIMIT_NOFILE"),
    N(8, "RLIMIT_MEMLOCK"), N(9, "RLIMIT_AS"), N(10, "RLIMIT_LOCKS"), N(11, "RLIMIT_SIGPENDING"),
    N(12, "RLIMIT_MSGQUEUE"), N(13, "RLIMIT_NICE"), N(14, "RLIMIT_RTPRIO"), N(15, "RLIMIT_RTTIME"),
    END,
};

/* keyctl commands (include/uapi/linux/keyctl.h) */
const struct rv_name rv_names_keyctl[] = {
    N(0, "KEYCTL_GET_KEYRING_ID"), N(1, "KEYCTL_JOIN_SESSION_KEYRING"), N(2, "KEYCTL_UPDATE"),
    N(3, "KEYCTL_REVOKE"), N(4, "KEYCTL_CHOWN"), N(5, "KEYCTL_SETPERM"), N(6, "KEYCTL_DESCRIBE"),
    N(7, "KEYCTL_CLEAR"), N(8, "KEYCTL_LINK"), N(9, "KEYCTL_UNLINK"), N(10, "KEYCTL_SEARCH"),
    N(11, "KEYCTL_READ"), N(12, "KEYCTL_INSTANTIATE"), N(13, "KEYCTL_NEGATE"),
    N(14, "KEYCTL_SET_REQKEY_KEYRING"), N(15, "KEYCTL_SET_TIMEOUT"),
    N(16, "KEYCTL_ASSUME_AUTHORITY"), N(17, "KEYCTL_GET_SECURITY"),
    N(18, "KEYCTL_SESSION_TO_PARENT"), N(19, "KEYCTL_REJECT"), N(20, "KEYCTL_INSTANTIATE_IOV"),
    N(21, "KEYCTL_INVALIDATE"), N(22, "KEYCTL_GET_PERSISTENT"), N(23, "KEYCTL_DH_COMPUTE"),
    N(24, "KEYCTL_PKEY_QUERY"), N(25, "KEYCTL_PKEY_ENCRYPT"), N(26, "KEYCTL_PKEY_DECRYPT"),
    N(27, "KEYCTL_PKEY_SIGN"), N(28, "KEYCTL_PKEY_VERIFY"), N(29, "KEYCTL_RESTRICT_KEYRING"),
    N(30, "KEYCTL_MOVE"), N(31, "KEYCTL_CAPABILITIES"), N(32, "KEYCTL_WATCH_KEY"), END,
};

const struct rv_name rv_names_prctl[] = {
    N(1, "PR_SET_PDEATHSIG"), N(2, "PR_GET_PDEATHSIG"), N(3, "PR_GET_DUMPABLE"),
    N(4, "PR_SET_DUMPABLE"), N(7, "PR_GET_KEEPCAPS"), N(8, "PR_SET_KEEPCAPS"),
    N(15, "PR_SET_NAME"), N(16, "PR_GET_NAME"), N(22, "PR_SET_SECCOMP"),
    N(23, "PR_CAPBSET_READ"), N(24, "PR_CAPBSET_DROP"), N(27, "PR_GET_SECUREBITS"),
    N(28, "PR_SET_SECUREBITS"), N(29, "PR_SET_TIMERSLACK"), N(30, "PR_GET_TIMERSLACK"),
    N(36, "PR_SET_CHILD_SUBREAPER"), N(37, "PR_GET_CHILD_SUBREAPER"),
    N(38, "PR_SET_NO_NEW_PRIVS"), N(39, "PR_GET_NO_NEW_PRIVS"), N(41, "PR_SET_THP_DISABLE"),
    N(42, "PR_GET_THP_DISABLE"), N(47, "PR_CAP_AMBIENT"), N(0x53564d41, "PR_SET_VMA"),
    END,
};

const struct rv_name rv_names_sa_flags[] = {
    N(RV_SA_NOCLDSTOP, "SA_NOCLDSTOP"), N(RV_SA_NOCLDWAIT, "SA_NOCLDWAIT"),
    N(RV_SA_SIGINFO, "SA_SIGINFO"), N(RV_SA_UNSUPPORTED, "SA_UNSUPPORTED"),
    N(RV_SA_EXPOSE_TAGBITS, "SA_EXPOSE_TAGBITS"), N(0x04000000, "SA_RESTORER"),
    N(RV_SA_ONSTACK, "SA_ONSTACK"), N(RV_SA_RESTART, "SA_RESTART"),
    N(RV_SA_NODEFER, "SA_NODEFER"), N(RV_SA_RESETHAND, "SA_RESETHAND"), END,
};

const struct rv_name rv_names_ss_flags[] = {
    N(RV_SS_ONSTACK, "SS_ONSTACK"), N(RV_SS_DISABLE, "SS_DISABLE"),
    N(RV_SS_AUTODISARM, "SS_AUTODISARM"), END,
};

const struct rv_name rv_names_file_type[] = {
    N(0140000, "S_IFSOCK"), N(0120000, "S_IFLNK"), N(0100000, "S_IFREG"), N(0060000, "S_IFBLK"),
    N(0040000, "S_IFDIR"), N(0020000, "S_IFCHR"), N(0010000, "S_IFIFO"), END,
};

const struct rv_name rv_names_grnd[] = {
    N(1, "GRND_NONBLOCK"), N(2, "GRND_RANDOM"), N(4, "GRND_INSECURE"), END,
};

const struct rv_name rv_names_resolve[] = {
    N(RV_RESOLVE_NO_XDEV, "RESOLVE_NO_XDEV"), N(RV_RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS"),
    N(RV_RESOLVE_NO_SYMLINKS, "RESOLVE_NO_SYMLINKS"), N(RV_RESOLVE_BENEATH, "RESOLVE_BENEATH"),
    N(RV_RESOLVE_IN_ROOT, "RESOLVE_IN_ROOT"), N(RV_RESOLVE_CACHED, "RESOLVE_CACHED"), END,
};

const struct rv_name rv_names_msync[] = {
    N(RV_MS_ASYNC, "MS_ASYNC"), N(RV_MS_INVALIDATE, "MS_INVALIDATE"), N(RV_MS_SYNC, "MS_SYNC"),
    END,
};

/* MS_MGC_VAL first: the magic old programs put in the top half is printed by its name. */
const struct rv_name rv_names_mount[] = {
    N(RV_MS_MGC_VAL, "MS_MGC_VAL"), N(RV_MS_RDONLY, "MS_RDONLY"), N(RV_MS_NOSUID, "MS_NOSUID"),
    N(RV_MS_NODEV, "MS_NODEV"), N(RV_MS_NOEXEC, "MS_NOEXEC"),
    N(RV_MS_SYNCHRONOUS, "MS_SYNCHRONOUS"), N(RV_MS_REMOUNT, "MS_REMOUNT"),
    N(RV_MS_MANDLOCK, "MS_MANDLOCK"), N(RV_MS_DIRSYNC, "MS_DIRSYNC"),
    N(RV_MS_NOSYMFOLLOW, "MS_NOSYMFOLLOW"), N(RV_MS_NOATIME, "MS_NOATIME"),
    N(RV_MS_NODIRATIME, "MS_NODIRATIME"), N(RV_MS_BIND, "MS_BIND"), N(RV_MS_MOVE, "MS_MOVE"),
    N(RV_MS_REC, "MS_REC"), N(RV_MS_SILENT, "MS_SILENT"), N(RV_MS_POSIXACL, "MS_POSIXACL"),
    N(RV_MS_UNBINDABLE, "MS_UNBINDABLE"), N(RV_MS_PRIVATE, "MS_PRIVATE"),
    N(RV_MS_SLAVE, "MS_SLAVE"), N(RV_MS_SHARED, "MS_SHARED"), N(RV_MS_RELATIME, "MS_RELATIME"),
    N(RV_MS_KERNMOUNT, "MS_KERNMOUNT"), N(RV_MS_I_VERSION, "MS_I_VERSION"),
    N(RV_MS_STRICTATIME, "MS_STRICTATIME"), N(RV_MS_LAZYTIME, "MS_LAZYTIME"), END,
};

const struct rv_name rv_names_umount[] = {
    N(RV_MNT_FORCE, "MNT_FORCE"), N(RV_MNT_DETACH, "MNT_DETACH"), N(RV_MNT_EXPIRE, "MNT_EXPIRE"),
    N(RV_UMOUNT_NOFOLLOW, "UMOUNT_NOFOLLOW"), END,
};

const struct rv_name rv_names_timer[] = {
    N(RV_TIMER_ABSTIME, "TIMER_ABSTIME"), END,
};

/* poll and epoll event bits (asm-generic/poll.h, linux/eventpoll.h) and epoll_ctl's ops. */
const struct rv_name rv_names_poll[] = {
    N(RV_POLLIN, "POLLIN"), N(RV_POLLPRI, "POLLPRI"), N(RV_POLLOUT, "POLLOUT"),
    N(RV_POLLERR, "POLLERR"), N(RV_POLLHUP, "POLLHUP"), N(RV_POLLNVAL, "POLLNVAL"),
    N(RV_POLLRDNORM, "POLLRDNORM"), N(RV_POLLRDBAND, "POLLRDBAND"),
    N(RV_POLLWRNORM, "POLLWRNORM"), N(RV_POLLWRBAND, "POLLWRBAND"), N(RV_POLLMSG, "POLLMSG"),
    N(RV_POLLREMOVE, "POLLREMOVE"), N(RV_POLLRDHUP, "POLLRDHUP"), END,
};

const struct rv_name rv_names_epoll[] = {
    N(RV_EPOLLIN, "EPOLLIN"), N(RV_EPOLLPRI, "EPOLLPRI"), N(RV_EPOLLOUT, "EPOLLOUT"),
    N(RV_EPOLLERR, "EPOLLERR"), N(RV_EPOLLHUP, "EPOLLHUP"), N(RV_EPOLLNVAL, "EPOLLNVAL"),
    N(RV_EPOLLRDNORM, "EPOLLRDNORM"), N(RV_EPOLLRDBAND, "EPOLLRDBAND"),
    N(RV_EPOLLWRNORM, "EPOLLWRNORM"), N(RV_EPOLLWRBAND, "EPOLLWRBAND"),
    N(RV_EPOLLMSG, "EPOLLMSG"), N(RV_EPOLLRDHUP, "EPOLLRDHUP"),
    N(RV_EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE"), N(RV_EPOLLWAKEUP, "EPOLLWAKEUP"),
    N(RV_EPOLLONESHOT, "EPOLLONESHOT"), N(RV_EPOLLET, "EPOLLET"), END,
};

const struct rv_name rv_names_epoll_op[] = {
    N(RV_EPOLL_CTL_ADD, "EPOLL_CTL_ADD"), N(RV_EPOLL_CTL_DEL, "EPOLL_CTL_DEL"),
    N(RV_EPOLL_CTL_MOD, "EPOLL_CTL_MOD"), END,
};

/* Sockets (abi/socket.h): families, types and creation flags, levels, shutdown, MSG_*. */
const struct rv_name rv_names_sock_family[] = {
    N(RV_AF_UNSPEC, "AF_UNSPEC"), N(RV_AF_UNIX, "AF_UNIX"), N(RV_AF_INET, "AF_INET"),
    N(RV_AF_INET6, "AF_INET6"), N(RV_AF_NETLINK, "AF_NETLINK"), N(17, "AF_PACKET"), END,
};

const struct rv_name rv_names_sock_type[] = {
    N(RV_SOCK_STREAM, "SOCK_STREAM"), N(RV_SOCK_DGRAM, "SOCK_DGRAM"),
    N(RV_SOCK_RAW, "SOCK_RAW"), N(RV_SOCK_RDM, "SOCK_RDM"),
    N(RV_SOCK_SEQPACKET, "SOCK_SEQPACKET"), N(RV_SOCK_PACKET, "SOCK_PACKET"), END,
};

const struct rv_name rv_names_sock_flags[] = {
    N(RV_SOCK_NONBLOCK, "SOCK_NONBLOCK"), N(RV_SOCK_CLOEXEC, "SOCK_CLOEXEC"), END,
};

const struct rv_name rv_names_sock_level[] = {
    N(RV_SOL_IP, "SOL_IP"), N(RV_SOL_SOCKET, "SOL_SOCKET"), N(RV_SOL_TCP, "SOL_TCP"),
    N(RV_SOL_UDP, "SOL_UDP"), N(RV_SOL_IPV6, "SOL_IPV6"), N(RV_SOL_NETLINK, "SOL_NETLINK"),
    END,
};

const struct rv_name rv_names_shut_how[] = {
    N(RV_SHUT_RD, "SHUT_RD"), N(RV_SHUT_WR, "SHUT_WR"), N(RV_SHUT_RDWR, "SHUT_RDWR"), END,
};

const struct rv_name rv_names_msg_flags[] = {
    N(RV_MSG_OOB, "MSG_OOB"), N(RV_MSG_PEEK, "MSG_PEEK"), N(RV_MSG_DONTROUTE, "MSG_DONTROUTE"),
    N(RV_MSG_CTRUNC, "MSG_CTRUNC"), N(RV_MSG_PROBE, "MSG_PROBE"), N(RV_MSG_TRUNC, "MSG_TRUNC"),
    N(RV_MSG_DONTWAIT, "MSG_DONTWAIT"), N(RV_MSG_EOR, "MSG_EOR"),
    N(RV_MSG_WAITALL, "MSG_WAITALL"), N(RV_MSG_FIN, "MSG_FIN"), N(RV_MSG_SYN, "MSG_SYN"),
    N(RV_MSG_CONFIRM, "MSG_CONFIRM"), N(RV_MSG_RST, "MSG_RST"),
    N(RV_MSG_ERRQUEUE, "MSG_ERRQUEUE"), N(RV_MSG_NOSIGNAL, "MSG_NOSIGNAL"),
    N(RV_MSG_MORE, "MSG_MORE"), N(RV_MSG_WAITFORONE, "MSG_WAITFORONE"),
    N(RV_MSG_BATCH, "MSG_BATCH"), N(RV_MSG_ZEROCOPY, "MSG_ZEROCOPY"),
    N(RV_MSG_FASTOPEN, "MSG_FASTOPEN"), N(RV_MSG_CMSG_CLOEXEC, "MSG_CMSG_CLOEXEC"), END,
};

/* System V IPC (include/uapi/linux/ipc.h, shm.h, sem.h, msg.h): the *ctl commands share the
 * low numbers and number the rest per kind. */
#define IPC_COMMON N(RV_IPC_RMID, "IPC_RMID"), N(RV_IPC_SET, "IPC_SET"), \
                   N(RV_IPC_STAT, "IPC_STAT"), N(RV_IPC_INFO, "IPC_INFO")
const struct rv_name rv_names_ipc_get[] = {
    N(RV_IPC_CREAT, "IPC_CREAT"), N(RV_IPC_EXCL, "IPC_EXCL"), END,
};
const struct rv_name rv_names_shm_cmd[] = {
    IPC_COMMON, N(RV_SHM_LOCK, "SHM_LOCK"), N(RV_SHM_UNLOCK, "SHM_UNLOCK"),
    N(RV_SHM_STAT, "SHM_STAT"), N(RV_SHM_INFO, "SHM_INFO"), N(RV_SHM_STAT_ANY, "SHM_STAT_ANY"),
    END,
};
const struct rv_name rv_names_sem_cmd[] = {
    IPC_COMMON, N(RV_GETPID, "GETPID"), N(RV_GETVAL, "GETVAL"), N(RV_GETALL, "GETALL"),
    N(RV_GETNCNT, "GETNCNT"), N(RV_GETZCNT, "GETZCNT"), N(RV_SETVAL, "SETVAL"),
    N(RV_SETALL, "SETALL"), N(RV_SEM_STAT, "SEM_STAT"), N(RV_SEM_INFO, "SEM_INFO"),
    N(RV_SEM_STAT_ANY, "SEM_STAT_ANY"), END,
};
const struct rv_name rv_names_msg_cmd[] = {
    IPC_COMMON, N(RV_MSG_STAT, "MSG_STAT"), N(RV_MSG_INFO, "MSG_INFO"),
    N(RV_MSG_STAT_ANY, "MSG_STAT_ANY"), END,
};
const struct rv_name rv_names_shmat[] = {
    N(RV_SHM_RDONLY, "SHM_RDONLY"), N(RV_SHM_RND, "SHM_RND"), N(RV_SHM_REMAP, "SHM_REMAP"),
    N(RV_SHM_EXEC, "SHM_EXEC"), END,
};
const struct rv_name rv_names_msgq_flags[] = {
    N(RV_IPC_NOWAIT, "IPC_NOWAIT"), N(RV_MSG_NOERROR, "MSG_NOERROR"),
    N(RV_MSG_EXCEPT, "MSG_EXCEPT"), N(RV_MSG_COPY, "MSG_COPY"), END,
};
