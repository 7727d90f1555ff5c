/*
 * syscall/path.c - guest path translation (see syscall/path.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loader/loader.h"
#include "mem/host.h"
#include "syscall/path.h"
#include "syscall/process_info.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

long rv_string_path_from_guest(struct rv_path *p, guest_addr guest_path)
{
    if (guest_path == 0) {
        p->host = NULL;
        return 0;
    }
    long r = string_from_guest(p->buf, guest_path, sizeof p->buf);
    if (r < 0)
        return r;
    p->host = p->buf;
    return 0;
}

bool rv_path_is_self_exe(const char *path)
{
    if (!path)
        return false;
    bool self = strcmp(path, "/proc/self/exe") == 0 || strcmp(path, "/proc/thread-self/exe") == 0;
    if (!self) {
        char own[64];
        snprintf(own, sizeof own, "/proc/%ld/exe", host_syscall0(SYS_getpid));
        self = strcmp(path, own) == 0;
    }
    /* Without a /proc (a root the guest chroot()ed into), the name means nothing: the host
     * lookup then fails as the kernel's would. */
    return self && host_syscall4(SYS_faccessat, AT_FDCWD, HOST_ARG("/proc/self"), F_OK, 0) == 0;
}

long rv_path_from_guest(struct rv_path *p, guest_addr guest_path)
{
    long r = rv_string_path_from_guest(p, guest_path);
    if (r < 0 || !p->host)
        return r;
    return rv_path_to_host(p);
}

long rv_path_required_from_guest(struct rv_path *p, guest_addr guest_path)
{
    long r = rv_path_from_guest(p, guest_path);
    return r == 0 && !p->host ? -EFAULT : r;
}

long rv_path_to_host(struct rv_path *p)
{
    if (rv_proc.exe_path && rv_path_is_self_exe(p->buf)) {
        if (strlen(rv_proc.exe_path) >= sizeof p->buf)
            return -ENAMETOOLONG;
        strcpy(p->buf, rv_proc.exe_path);
        return 0;
    }
    /* "/" itself stays the host's root: mapping it would make chdir("/") enter the sysroot and
     * every later relative path resolve inside it. */
    if (rv_proc.sysroot && p->buf[0] == '/' && p->buf[1] != '\0') {
        char mapped[PATH_MAX];
        long r = rv_sysroot_path(rv_proc.sysroot, p->buf, mapped, sizeof mapped);
        if (r < 0)
            return r;
        memcpy(p->buf, mapped, strlen(mapped) + 1);
    }
    return 0;
}
