/*
 * syscall/xattr.c - extended attributes: {,l,f}{set,get,list,remove}xattr.
 *
 * Programs probe these more than they use them (ls -l and cp -a look for ACLs and SELinux
 * labels), so they must answer as the kernel does rather than -ENOSYS. Each comes in three
 * flavours that differ only in the first argument: a path followed through symlinks, a path not
 * followed (l*), or a descriptor (f*); the bodies below are shared and take the host call number.
 * Attribute values are bytes with no layout, so the guest's buffers go to the host kernel once
 * checked. Limits and their errors are the kernel's (fs/xattr.c): a name longer than
 * XATTR_NAME_MAX is -ERANGE, a value to set above XATTR_SIZE_MAX is -E2BIG, and a get/list
 * buffer larger than the maximum is simply clamped by the kernel, so only that much is checked.
 */
#include <errno.h>

#include "mem/host.h"
#include "syscall/path.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

#define RV_XATTR_NAME_MAX 255
#define RV_XATTR_SIZE_MAX 65536
#define RV_XATTR_LIST_MAX 65536

enum xattr_target { BY_PATH, BY_FD };

/* The first argument for the host: a host path (in p) or the descriptor. */
static long xattr_target(enum xattr_target how, uint64_t arg, struct rv_path *p, long *out)
{
    if (how == BY_FD) {
        *out = (long)(int)arg;
        return 0;
    }
    long r = rv_path_from_guest(p, arg);
    if (r < 0)
        return r;
    *out = HOST_ARG(p->host);
    return 0;
}

static long xattr_name(char *name, guest_addr guest)
{
    long r = string_from_guest(name, guest, RV_XATTR_NAME_MAX + 1);
    return r == -ENAMETOOLONG ? -ERANGE : r;
}

static long xattr_set(long host_nr, enum xattr_target how, const uint64_t *a)
{
    struct rv_path p;
    char name[RV_XATTR_NAME_MAX + 1];
    long target;
    long r = xattr_target(how, a[0], &p, &target);
    if (r < 0 || (r = xattr_name(name, a[1])) < 0)
        return r;
    if (a[3] > RV_XATTR_SIZE_MAX)
        return -E2BIG;
    r = guest_check(a[2], a[3], PROT_READ);
    if (r < 0)
        return r;
    return host_syscall5(host_nr, target, HOST_ARG(name), HOST_ARG(g2h(a[2])), (long)a[3],
                         (long)(int)a[4]);
}

static long xattr_get(long host_nr, enum xattr_target how, const uint64_t *a)
{
    struct rv_path p;
    char name[RV_XATTR_NAME_MAX + 1];
    long target;
    long r = xattr_target(how, a[0], &p, &target);
    if (r < 0 || (r = xattr_name(name, a[1])) < 0)
        return r;
    r = guest_check(a[2], a[3] < RV_XATTR_SIZE_MAX ? a[3] : RV_XATTR_SIZE_MAX, PROT_WRITE);
    if (r < 0)
        return r;
    return host_syscall4(host_nr, target, HOST_ARG(name), HOST_ARG(g2h(a[2])), (long)a[3]);
}

static long xattr_list(long host_nr, enum xattr_target how, const uint64_t *a)
{
    struct rv_path p;
    long target;
    long r = xattr_target(how, a[0], &p, &target);
    if (r < 0)
        return r;
    r = guest_check(a[1], a[2] < RV_XATTR_LIST_MAX ? a[2] : RV_XATTR_LIST_MAX, PROT_WRITE);
    if (r < 0)
        return r;
    return host_syscall3(host_nr, target, HOST_ARG(g2h(a[1])), (long)a[2]);
}

static long xattr_remove(long host_nr, enum xattr_target how, const uint64_t *a)
{
    struct rv_path p;
    char name[RV_XATTR_NAME_MAX + 1];
    long target;
    long r = xattr_target(how, a[0], &p, &target);
    if (r < 0 || (r = xattr_name(name, a[1])) < 0)
        return r;
    return host_syscall2(host_nr, target, HOST_ARG(name));
}

long sys_setxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_set(SYS_setxattr, BY_PATH, a);
}

long sys_lsetxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_set(SYS_lsetxattr, BY_PATH, a);
}

long sys_fsetxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_set(SYS_fsetxattr, BY_FD, a);
}

long sys_getxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_get(SYS_getxattr, BY_PATH, a);
}

long sys_lgetxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_get(SYS_lgetxattr, BY_PATH, a);
}

long sys_fgetxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_get(SYS_fgetxattr, BY_FD, a);
}

long sys_listxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_list(SYS_listxattr, BY_PATH, a);
}

long sys_llistxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_list(SYS_llistxattr, BY_PATH, a);
}

long sys_flistxattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_list(SYS_flistxattr, BY_FD, a);
}

long sys_removexattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_remove(SYS_removexattr, BY_PATH, a);
}

long sys_lremovexattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_remove(SYS_lremovexattr, BY_PATH, a);
}

long sys_fremovexattr(struct rv_cpu *cpu, const uint64_t *a)
{
    return xattr_remove(SYS_fremovexattr, BY_FD, a);
}
