/*
 * abi/stat.h - the guest's struct stat and struct statfs, and their conversion from the host's.
 *
 * riscv64 uses the kernel's generic struct stat, include/uapi/asm-generic/stat.h: 128 bytes,
 * 32-bit mode/nlink/uid/gid, an int blksize and explicit padding. x86-64 has its own,
 * arch/x86/include/uapi/asm/stat.h: 144 bytes, a 64-bit nlink placed before st_mode and a
 * 64-bit blksize. So newfstatat/fstat fill a host struct stat and convert it field by field.
 *
 * The time fields are named st_atime_sec etc. rather than the kernel's st_atime because
 * <sys/stat.h> defines st_atime as a macro (st_atim.tv_sec).
 *
 * struct statfs is the generic include/uapi/asm-generic/statfs.h with 64-bit words on both
 * sides (120 bytes); it is still converted field by field. struct statx is one layout for every
 * architecture (include/uapi/linux/stat.h, 256 bytes), so statx hands the guest buffer to the
 * kernel unchanged once guest_check has accepted it; RV_STATX_SIZE is asserted against the host.
 */
#ifndef CROSSRUN_ABI_STAT_H
#define CROSSRUN_ABI_STAT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>

struct rv_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint64_t __pad1;
    int64_t st_size;
    int32_t st_blksize;
    int32_t __pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t __unused4;
    uint32_t __unused5;
};

_Static_assert(sizeof(struct rv_stat) == 128, "riscv64 struct stat is 128 bytes");
_Static_assert(offsetof(struct rv_stat, st_mode) == 16, "st_mode");
_Static_assert(offsetof(struct rv_stat, st_nlink) == 20, "st_nlink");
_Static_assert(offsetof(struct rv_stat, st_rdev) == 32, "st_rdev");
_Static_assert(offsetof(struct rv_stat, st_size) == 48, "st_size");
_Static_assert(offsetof(struct rv_stat, st_blksize) == 56, "st_blksize");
_Static_assert(offsetof(struct rv_stat, st_blocks) == 64, "st_blocks");
_Static_assert(offsetof(struct rv_stat, st_atime_sec) == 72, "st_atime");
_Static_assert(offsetof(struct rv_stat, st_mtime_sec) == 88, "st_mtime");
_Static_assert(offsetof(struct rv_stat, st_ctime_sec) == 104, "st_ctime");
_Static_assert(offsetof(struct rv_stat, st_ctime_nsec) == 112, "st_ctime_nsec");

/* The host side is glibc's struct stat, which on x86-64 is the kernel's layout: check that. */
_Static_assert(sizeof(struct stat) == 144, "x86-64 struct stat is 144 bytes");
_Static_assert(offsetof(struct stat, st_nlink) == 16, "host st_nlink");
_Static_assert(offsetof(struct stat, st_mode) == 24, "host st_mode");
_Static_assert(offsetof(struct stat, st_rdev) == 40, "host st_rdev");
_Static_assert(offsetof(struct stat, st_size) == 48, "host st_size");
_Static_assert(offsetof(struct stat, st_blocks) == 64, "host st_blocks");
_Static_assert(offsetof(struct stat, st_atim) == 72, "host st_atim");
_Static_assert(offsetof(struct stat, st_ctim) == 104, "host st_ctim");

/* Host -> guest. 0, or -EOVERFLOW when nlink, uid or gid does not fit the guest's 32 bits
 * (what the kernel's cp_new_stat does for the generic layout). */
int rv_stat_to_guest(struct rv_stat *g, const struct stat *h) __attribute__((warn_unused_result));

struct rv_statfs {
    int64_t f_type;
    int64_t f_bsize;
    uint64_t f_blocks;
    uint64_t f_bfree;
    uint64_t f_bavail;
    uint64_t f_files;
    uint64_t f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen;
    int64_t f_frsize;
    int64_t f_flags;
    int64_t f_spare[4];
};

_Static_assert(sizeof(struct rv_statfs) == 120, "riscv64 struct statfs is 120 bytes");
_Static_assert(offsetof(struct rv_statfs, f_fsid) == 56, "f_fsid");
_Static_assert(offsetof(struct rv_statfs, f_namelen) == 64, "f_namelen");
_Static_assert(sizeof(struct statfs) == 120, "x86-64 struct statfs is 120 bytes");

void rv_statfs_to_guest(struct rv_statfs *g, const struct statfs *h);

#define RV_STATX_SIZE 256
_Static_assert(sizeof(struct statx) == RV_STATX_SIZE, "struct statx is 256 bytes everywhere");

#endif
