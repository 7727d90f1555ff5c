/*
 * syscall/path.h - guest path arguments -> host paths, for every handler that takes a path.
 *
 * One place decides what a guest path means on the host: the string is copied out of guest
 * memory (checked), an absolute path is looked up in the sysroot first when -L was given
 * (rv_sysroot_path, the loader's rule), and /proc/self/exe names the guest program rather than
 * crossrun. A NULL guest pointer stays NULL so calls that accept one (utimensat, and statx or
 * newfstatat with AT_EMPTY_PATH) see exactly what the guest passed.
 */
#ifndef CROSSRUN_SYSCALL_PATH_H
#define CROSSRUN_SYSCALL_PATH_H

#include <limits.h>
#include <stdbool.h>

#include "abi/types.h"

struct rv_path {
    const char *host;          /* what to hand the host kernel: buf, or NULL for a NULL guest pointer */
    char buf[PATH_MAX];
};

/* 0, -EFAULT or -ENAMETOOLONG. */
long rv_path_from_guest(struct rv_path *p, guest_addr guest_path) __attribute__((warn_unused_result));

/* rv_path_from_guest for calls whose path may not be NULL (chroot, umount2, mount's target,
 * execve): a NULL guest pointer is -EFAULT, as the kernel's getname gives. */
long rv_path_required_from_guest(struct rv_path *p, guest_addr guest_path)
    __attribute__((warn_unused_result));

/* The rules of rv_path_from_guest applied to a guest path already in p->buf (p->host == p->buf),
 * for callers that decide between them and the string as given: 0 or -ENAMETOOLONG. */
long rv_path_to_host(struct rv_path *p) __attribute__((warn_unused_result));

/* The guest's own string, unchanged (symlink targets are data, not a lookup). */
long rv_string_path_from_guest(struct rv_path *p, guest_addr guest_path)
    __attribute__((warn_unused_result));

/* True for /proc/self/exe and /proc/<our pid>/exe, where the guest expects its own program,
 * when there is a /proc to name it (the guest may have chroot()ed into a root without one). */
bool rv_path_is_self_exe(const char *path);

#endif
