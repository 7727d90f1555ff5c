/*
 * abi/fcntl.h - guest open flags, fcntl commands and struct flock, with their translation.
 *
 * riscv64 takes all of these from the kernel's generic headers (include/uapi/asm-generic/fcntl.h)
 * and x86-64 happens to as well, so every translation below maps a value to the same value. It
 * is written out anyway, flag by flag, so that (a) a guest bit crossrun does not know is dropped
 * instead of reaching the host kernel with whatever meaning the host gives it, and (b) an
 * architecture pair that differs (the O_* bits of arm or sparc, say) needs changes here only.
 *
 * AT_* flags and AT_FDCWD are not per-architecture (include/uapi/linux/fcntl.h) and pass as is.
 */
#ifndef CROSSRUN_ABI_FCNTL_H
#define CROSSRUN_ABI_FCNTL_H

#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>

/* Guest open(2) flags, octal as in asm-generic/fcntl.h. */
#define RV_O_ACCMODE   00000003
#define RV_O_RDONLY    00000000
#define RV_O_WRONLY    00000001
#define RV_O_RDWR      00000002
#define RV_O_CREAT     00000100
#define RV_O_EXCL      00000200
#define RV_O_NOCTTY    00000400
#define RV_O_TRUNC     00001000
#define RV_O_APPEND    00002000
#define RV_O_NONBLOCK  00004000
#define RV_O_DSYNC     00010000
#define RV_FASYNC      00020000
#define RV_O_DIRECT    00040000
#define RV_O_LARGEFILE 00100000
#define RV_O_DIRECTORY 00200000
#define RV_O_NOFOLLOW  00400000
#define RV_O_NOATIME   01000000
#define RV_O_CLOEXEC   02000000
#define RV___O_SYNC    04000000
#define RV_O_PATH      010000000
#define RV___O_TMPFILE 020000000

/* Guest fcntl commands. F_GETLK/F_SETLK/F_SETLKW are 5/6/7 on a 64-bit generic kernel (the
 * 12..14 *64 variants exist only for 32-bit ones and are not accepted here). */
#define RV_F_DUPFD         0
#define RV_F_GETFD         1
#define RV_F_SETFD         2
#define RV_F_GETFL         3
#define RV_F_SETFL         4
#define RV_F_GETLK         5
#define RV_F_SETLK         6
#define RV_F_SETLKW        7
#define RV_F_SETOWN        8
#define RV_F_GETOWN        9
#define RV_F_SETSIG        10
#define RV_F_GETSIG        11
#define RV_F_SETOWN_EX     15
#define RV_F_GETOWN_EX     16
#define RV_F_OFD_GETLK     36
#define RV_F_OFD_SETLK     37
#define RV_F_OFD_SETLKW    38
#define RV_F_SETLEASE      1024
#define RV_F_GETLEASE      1025
#define RV_F_NOTIFY        1026
#define RV_F_DUPFD_CLOEXEC 1030
#define RV_F_SETPIPE_SZ    1031
#define RV_F_GETPIPE_SZ    1032
#define RV_F_ADD_SEALS     1033
#define RV_F_GET_SEALS     1034
#define RV_F_DUPFD_QUERY   1027     /* newer than some hosts' headers: the generic numbers, */
#define RV_F_CREATED_QUERY 1028     /* which x86-64 uses too */
#define RV_F_GET_RW_HINT   1035     /* a u64 behind the pointer */
#define RV_F_SET_RW_HINT   1036
#define RV_FD_CLOEXEC      1

/* Guest struct flock (asm-generic/fcntl.h with 64-bit __kernel_off_t): 32 bytes. */
struct rv_flock {
    int16_t l_type;
    int16_t l_whence;
    uint32_t __pad0;
    int64_t l_start;
    int64_t l_len;
    int32_t l_pid;
    uint32_t __pad1;
};
_Static_assert(sizeof(struct rv_flock) == 32, "riscv64 struct flock is 32 bytes");
_Static_assert(offsetof(struct rv_flock, l_start) == 8, "l_start");
_Static_assert(offsetof(struct rv_flock, l_pid) == 24, "l_pid");
_Static_assert(sizeof(struct flock) == 32, "x86-64 struct flock is 32 bytes");

/* Every guest open flag the kernel knows (its VALID_OPEN_FLAGS): openat2 refuses the others. */
#define RV_O_VALID                                                                              \
    (RV_O_ACCMODE | RV_O_CREAT | RV_O_EXCL | RV_O_NOCTTY | RV_O_TRUNC | RV_O_APPEND |          \
     RV_O_NONBLOCK | RV_O_DSYNC | RV_FASYNC | RV_O_DIRECT | RV_O_LARGEFILE | RV_O_DIRECTORY |   \
     RV_O_NOFOLLOW | RV_O_NOATIME | RV_O_CLOEXEC | RV___O_SYNC | RV_O_PATH | RV___O_TMPFILE)

/* struct open_how (include/uapi/linux/openat2.h): three u64s everywhere. OPEN_HOW_SIZE_VER0 is
 * the smallest size openat2 takes; a newer guest's larger struct is taken when the bytes past
 * the known ones are zero (the kernel's copy_struct_from_user), up to a page. */
struct rv_open_how {
    uint64_t flags;             /* O_* */
    uint64_t mode;
    uint64_t resolve;           /* RV_RESOLVE_* */
};
_Static_assert(sizeof(struct rv_open_how) == 24, "struct open_how is 24 bytes");
_Static_assert(offsetof(struct rv_open_how, resolve) == 16, "resolve");
#define RV_OPEN_HOW_SIZE_VER0 24
#define RV_RESOLVE_NO_XDEV      0x01
#define RV_RESOLVE_NO_MAGICLINKS 0x02
#define RV_RESOLVE_NO_SYMLINKS  0x04
#define RV_RESOLVE_BENEATH      0x08
#define RV_RESOLVE_IN_ROOT      0x10
#define RV_RESOLVE_CACHED       0x20

/* Open/status flags both ways; unknown bits are dropped. */
int rv_oflags_to_host(uint32_t guest_flags);
uint32_t rv_oflags_to_guest(int host_flags);

/* struct flock both ways. 0, or -EINVAL for a lock type or whence the guest cannot mean. */
int rv_flock_to_host(struct flock *h, const struct rv_flock *g) __attribute__((warn_unused_result));
void rv_flock_to_guest(struct rv_flock *g, const struct flock *h);

#endif
