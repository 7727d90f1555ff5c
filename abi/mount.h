/*
 * abi/mount.h - guest (riscv64) mount(2) and umount2(2) flags.
 *
 * From include/uapi/linux/mount.h (MS_*) and include/linux/fs.h (MNT_*, UMOUNT_NOFOLLOW),
 * which every architecture shares: the guest's values are the host's, asserted below against
 * the host's <sys/mount.h>, and handed over unchanged. Written out for --strace's names.
 */
#ifndef CROSSRUN_ABI_MOUNT_H
#define CROSSRUN_ABI_MOUNT_H

#include <sys/mount.h>

#define RV_MS_RDONLY       0x1
#define RV_MS_NOSUID       0x2
#define RV_MS_NODEV        0x4
#define RV_MS_NOEXEC       0x8
#define RV_MS_SYNCHRONOUS  0x10
#define RV_MS_REMOUNT      0x20
#define RV_MS_MANDLOCK     0x40
#define RV_MS_DIRSYNC      0x80
#define RV_MS_NOSYMFOLLOW  0x100
#define RV_MS_NOATIME      0x400
#define RV_MS_NODIRATIME   0x800
#define RV_MS_BIND         0x1000
#define RV_MS_MOVE         0x2000
#define RV_MS_REC          0x4000
#define RV_MS_SILENT       0x8000
#define RV_MS_POSIXACL     0x10000
#define RV_MS_UNBINDABLE   0x20000
#define RV_MS_PRIVATE      0x40000
#define RV_MS_SLAVE        0x80000
#define RV_MS_SHARED       0x100000
#define RV_MS_RELATIME     0x200000
#define RV_MS_KERNMOUNT    0x400000
#define RV_MS_I_VERSION    0x800000
#define RV_MS_STRICTATIME  0x1000000
#define RV_MS_LAZYTIME     0x2000000
/* The magic number old programs put in the top half of the flags (the kernel drops it). */
#define RV_MS_MGC_VAL      0xc0ed0000u
#define RV_MS_MGC_MSK      0xffff0000u

#define RV_MNT_FORCE        0x1
#define RV_MNT_DETACH       0x2
#define RV_MNT_EXPIRE       0x4
#define RV_UMOUNT_NOFOLLOW  0x8

_Static_assert(RV_MS_RDONLY == MS_RDONLY && RV_MS_NOSUID == MS_NOSUID && RV_MS_NODEV == MS_NODEV &&
               RV_MS_NOEXEC == MS_NOEXEC && RV_MS_SYNCHRONOUS == MS_SYNCHRONOUS &&
               RV_MS_REMOUNT == MS_REMOUNT && RV_MS_MANDLOCK == MS_MANDLOCK &&
               RV_MS_DIRSYNC == MS_DIRSYNC && RV_MS_NOATIME == MS_NOATIME &&
               RV_MS_NODIRATIME == MS_NODIRATIME && RV_MS_BIND == MS_BIND &&
               RV_MS_MOVE == MS_MOVE && RV_MS_REC == MS_REC && RV_MS_SILENT == MS_SILENT &&
               RV_MS_POSIXACL == MS_POSIXACL && RV_MS_UNBINDABLE == MS_UNBINDABLE &&
               RV_MS_PRIVATE == MS_PRIVATE && RV_MS_SLAVE == MS_SLAVE &&
               RV_MS_SHARED == MS_SHARED && RV_MS_RELATIME == MS_RELATIME &&
               RV_MS_KERNMOUNT == MS_KERNMOUNT && RV_MS_I_VERSION == MS_I_VERSION &&
               RV_MS_STRICTATIME == MS_STRICTATIME && RV_MS_LAZYTIME == MS_LAZYTIME &&
               RV_MS_MGC_VAL == MS_MGC_VAL,
               "mount flags are the same on every Linux architecture");
_Static_assert(RV_MNT_FORCE == MNT_FORCE && RV_MNT_DETACH == MNT_DETACH &&
               RV_MNT_EXPIRE == MNT_EXPIRE && RV_UMOUNT_NOFOLLOW == UMOUNT_NOFOLLOW,
               "umount2 flags are the same on every Linux architecture");

#endif
