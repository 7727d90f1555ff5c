/*
 * syscall/chroot_mount.c - the guest's view of the file system: chroot, mount, umount2.
 *
 * Forwarded to the host kernel with the guest's strings copied out first (a bad pointer is
 * -EFAULT, in the order the kernel reads them) and paths through the guest path rules
 * (syscall/path.h). The runner is the same process as the guest, so it lands in the new root
 * and sees the new mounts too. What keeps working there:
 *   - a guest execve re-executes crossrun through the descriptor the runner holds of its own
 *     file (syscall/runner_exe.h): neither crossrun's path nor /proc need to exist in the new
 *     root, and the static runner needs nothing else there (a --disable-static-runner build
 *     needs its shared libraries in it);
 *   - the sysroot (-L) stays a path, looked up in whatever root the process has now, as
 *     qemu-user's prefix is: an absolute guest path, and an exec'd program's PT_INTERP, is
 *     tried under SYSROOT inside the new root first, then as itself. A riscv64 root holds no
 *     SYSROOT directory, so the guest gets its own files from it, which is what it chroot()ed
 *     for; the runner keeps no descriptor of the old sysroot that would let host files show
 *     through.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "abi/mount.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/path.h"
#include "syscall/syscall.h"

/* What the kernel copies of mount's data argument: one page. */
#define MOUNT_DATA_MAX 4096

/* chroot(path) */
long sys_chroot(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_required_from_guest(&p, a[0]);
    if (r < 0)
        return r;
    return host_syscall1(SYS_chroot, HOST_ARG(p.host));
}

/* mount's source and type (the kernel's copy_mount_string): NULL stays NULL, a string longer
 * than PATH_MAX is -EINVAL. */
static long mount_string(char *buf, guest_addr addr, const char **out)
{
    *out = NULL;
    if (!addr)
        return 0;
    long r = string_from_guest(buf, addr, PATH_MAX);
    if (r < 0)
        return r == -ENAMETOOLONG ? -EINVAL : r;
    *out = buf;
    return 0;
}

/* mount's data (the kernel's copy_mount_options): a page's worth, or as much of it as can be
 * read before an unmapped address; -EFAULT only when not one byte can. The rest is zeros. */
static long mount_data(char *buf, guest_addr addr, const char **out)
{
    *out = NULL;
    if (!addr)
        return 0;
    size_t got = 0;
    while (got < MOUNT_DATA_MAX) {
        size_t to_page_end = MOUNT_DATA_MAX - ((addr + got) & (MOUNT_DATA_MAX - 1));
        size_t n = to_page_end < MOUNT_DATA_MAX - got ? to_page_end : MOUNT_DATA_MAX - got;
        if (copy_from_guest(buf + got, addr + got, n) < 0)
            break;
        got += n;
    }
    if (got == 0)
        return -EFAULT;
    memset(buf + got, 0, MOUNT_DATA_MAX - got);
    *out = buf;
    return 0;
}

/* mount(source, target, type, flags, data) */
long sys_mount(struct rv_cpu *cpu, const uint64_t *a)
{
    char type_buf[PATH_MAX], data_buf[MOUNT_DATA_MAX];
    struct rv_path source, target;
    const char *type = NULL, *data = NULL;
    long r = mount_string(type_buf, a[2], &type);
    if (r == 0)
        r = mount_string(source.buf, a[0], &source.host);
    /* A source is a path for bind and move mounts and block devices, a name for the rest
     * ("proc", "tmpfs"); only an absolute one is changed, as any absolute guest path. */
    if (r == 0 && source.host && source.buf[0] == '/')
        r = rv_path_to_host(&source);
    if (r == 0)
        r = mount_data(data_buf, a[4], &data);
    if (r == 0)
        r = rv_path_required_from_guest(&target, a[1]);
    if (r < 0)
        return r;
    return host_syscall5(SYS_mount, HOST_ARG(source.host), HOST_ARG(target.host), HOST_ARG(type),
                         (long)a[3], HOST_ARG(data));
}

/* umount2(target, flags) */
long sys_umount2(struct rv_cpu *cpu, const uint64_t *a)
{
    /* the kernel refuses unknown flags before it reads the path */
    if ((uint32_t)a[1] & ~(uint32_t)(RV_MNT_FORCE | RV_MNT_DETACH | RV_MNT_EXPIRE | RV_UMOUNT_NOFOLLOW))
        return -EINVAL;
    struct rv_path p;
    long r = rv_path_required_from_guest(&p, a[0]);
    if (r < 0)
        return r;
    return host_syscall2(SYS_umount2, HOST_ARG(p.host), (int)(uint32_t)a[1]);
}
