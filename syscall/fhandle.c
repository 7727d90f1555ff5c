/*
 * syscall/fhandle.c - file handles and fanotify: name_to_handle_at, open_by_handle_at,
 * fanotify_init, fanotify_mark.
 *
 * struct file_handle (a u32 size, an int type, then the handle's bytes) and fanotify's records
 * (struct fanotify_event_metadata, fanotify_response) have one layout on riscv64 and x86-64, and
 * the FAN_*, AT_* and handle flags are generic. A handle is copied through runner memory, its
 * size read once and bounded by MAX_HANDLE_SZ as the kernel bounds it, so another guest thread
 * changing it meanwhile cannot make the kernel write past what was checked. Paths go through
 * the guest path rules (sysroot first), as open's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>

#include "abi/fcntl.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/path.h"
#include "syscall/syscall.h"

#define ARG_INT(i) ((long)(int)a[i])
#define ARG_UINT(i) ((long)(uint32_t)a[i])

#define MAX_HANDLE_BYTES 128          /* the kernel's MAX_HANDLE_SZ */
#define AT_HANDLE_MNT_ID_UNIQUE 0x001 /* Linux 6.12: *mount_id is a u64 */

struct handle_buf {
    uint32_t handle_bytes;
    int32_t handle_type;
    unsigned char f_handle[MAX_HANDLE_BYTES];
};

/* name_to_handle_at(dirfd, path, handle, mount_id, flags) */
long sys_name_to_handle_at(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    struct handle_buf h;
    if (copy_from_guest(&h.handle_bytes, a[2], sizeof h.handle_bytes) < 0)
        return -EFAULT;
    if (h.handle_bytes > MAX_HANDLE_BYTES)
        return -EINVAL;
    uint64_t mount_id = 0;
    r = host_syscall5(SYS_name_to_handle_at, ARG_INT(0), HOST_ARG(p.host), HOST_ARG(&h),
                      HOST_ARG(&mount_id), ARG_INT(4));
    if (r < 0 && r != -EOVERFLOW)
        return r;
    /* EOVERFLOW stores the size needed; success the size, the type and the bytes */
    size_t out = r == -EOVERFLOW ? sizeof h.handle_bytes : 8 + (size_t)h.handle_bytes;
    if (copy_to_guest(a[2], &h, out) < 0)
        return -EFAULT;
    if (r == 0) {
        size_t id_size = ((int)a[4] & AT_HANDLE_MNT_ID_UNIQUE) ? 8 : 4;
        if (copy_to_guest(a[3], &mount_id, id_size) < 0)
            return -EFAULT;
    }
    return r;
}

/* open_by_handle_at(mount_fd, handle, flags) */
long sys_open_by_handle_at(struct rv_cpu *cpu, const uint64_t *a)
{
    struct handle_buf h;
    if (copy_from_guest(&h, a[1], 8) < 0)
        return -EFAULT;
    if (h.handle_bytes > MAX_HANDLE_BYTES || h.handle_bytes == 0)
        return -EINVAL;
    if (copy_from_guest(h.f_handle, a[1] + 8, h.handle_bytes) < 0)
        return -EFAULT;
    return host_syscall3(SYS_open_by_handle_at, ARG_INT(0), HOST_ARG(&h),
                         rv_oflags_to_host((uint32_t)a[2]));
}

/* fanotify_init(flags, event_f_flags): the second is the open flags of the event fds. */
long sys_fanotify_init(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_fanotify_init, ARG_UINT(0), rv_oflags_to_host((uint32_t)a[1]));
}

/* fanotify_mark(fd, flags, mask, dirfd, path): path may be NULL (dirfd names the object). */
long sys_fanotify_mark(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[4]);
    if (r < 0)
        return r;
    return host_syscall5(SYS_fanotify_mark, ARG_INT(0), ARG_UINT(1), (long)a[2], ARG_INT(3),
                         HOST_ARG(p.host));
}
