/*
 * syscall/openat2.c - openat2(dirfd, path, how, size): openat with a struct of flags, a mode and
 * RESOLVE_* rules that restrict the lookup.
 *
 * struct open_how is copied the kernel's way (copy_struct_from_user): a size under 24 is EINVAL,
 * over a page E2BIG, and the bytes past the 24 known ones must be zero (E2BIG, or EFAULT when
 * they cannot be read; they are read before the known ones, as the kernel reads them). Unknown
 * O_* bits are EINVAL here, since dropping them as openat does would turn the kernel's refusal
 * into a success; the known ones go through rv_oflags_to_host. resolve and mode pass as they are
 * (the host applies the same checks). A path the runner cannot copy is handed to the host as an
 * address that faults (page zero, below both the guest range and mmap_min_addr), so that the
 * kernel's flag checks, which come before it reads the path, keep their place.
 *
 * Which path the host gets:
 *  - RESOLVE_BENEATH or RESOLVE_IN_ROOT: the guest's string as written. Both scope the lookup
 *    to dirfd: an absolute path is EXDEV under RESOLVE_BENEATH whatever it names, and is
 *    resolved from dirfd under RESOLVE_IN_ROOT, so the sysroot (a rule about the guest's "/")
 *    and /proc/self/exe never apply; nor does /proc emulation, as for any path not from "/".
 *  - a relative path: as written, as openat takes it.
 *  - an absolute path otherwise: openat's rules (syscall/path.c: the sysroot first, and
 *    /proc/self/exe naming the guest program), except that /proc/self/exe stays as written under
 *    RESOLVE_NO_MAGICLINKS or RESOLVE_NO_SYMLINKS: it is a magic link, which the host refuses
 *    with ELOOP as the guest's kernel would. The RESOLVE_* rules then judge the host's path: a
 *    sysroot prefix that holds a symlink or a mount point is seen by RESOLVE_NO_SYMLINKS and
 *    RESOLVE_NO_XDEV (a limit: keep the sysroot a plain directory on the root's mount).
 *  - the guest's own /proc files (syscall/procfs.c): the host opens its file with the same how
 *    first, so the lookup's refusals (ELOOP for /proc/self under RESOLVE_NO_SYMLINKS, EXDEV for
 *    the /proc mount under RESOLVE_NO_XDEV, EAGAIN under RESOLVE_CACHED) are the kernel's; when
 *    that succeeds, the emulated file replaces the host's.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <string.h>

#include "abi/fcntl.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/path.h"
#include "syscall/procfs.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"

_Static_assert(sizeof(struct open_how) == sizeof(struct rv_open_how), "host struct open_how");
_Static_assert(RESOLVE_NO_XDEV == RV_RESOLVE_NO_XDEV && RESOLVE_IN_ROOT == RV_RESOLVE_IN_ROOT &&
                   RESOLVE_CACHED == RV_RESOLVE_CACHED, "RESOLVE_* are generic");

#define FAULTING_PATH ((const char *)1)  /* never mapped: the host's copy of it faults */

/* The kernel's copy_struct_from_user for struct open_how: 0, -EINVAL, -E2BIG or -EFAULT. */
static long open_how_from_guest(struct rv_open_how *how, guest_addr src, uint64_t size)
{
    if (size < RV_OPEN_HOW_SIZE_VER0)
        return -EINVAL;
    if (size > GUEST_PAGE_SIZE)
        return -E2BIG;
    /* the tail, a page-bounded piece at a time, so a non-zero byte before an unreadable page
     * is E2BIG as the kernel's word-by-word check finds it */
    for (uint64_t at = sizeof *how; at < size;) {
        guest_addr addr = src + at;
        uint64_t piece = GUEST_PAGE_SIZE - (addr & GUEST_PAGE_LOW);
        if (piece > size - at)
            piece = size - at;
        unsigned char tail[GUEST_PAGE_SIZE];
        if (copy_from_guest(tail, addr, piece) < 0)
            return -EFAULT;
        for (uint64_t i = 0; i < piece; i++)
            if (tail[i])
                return -E2BIG;
        at += piece;
    }
    return copy_from_guest(how, src, sizeof *how) < 0 ? -EFAULT : 0;
}

/* Which path the host gets (the header's rules); p holds the guest's string. */
static long openat2_path(struct rv_path *p, uint64_t resolve)
{
    if (p->buf[0] != '/' || (resolve & (RV_RESOLVE_BENEATH | RV_RESOLVE_IN_ROOT)))
        return 0;
    if ((resolve & (RV_RESOLVE_NO_MAGICLINKS | RV_RESOLVE_NO_SYMLINKS)) &&
        rv_path_is_self_exe(p->buf))
        return 0;
    return rv_path_to_host(p);
}

/* openat2(dirfd, path, how, size) */
long sys_openat2(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_open_how g;
    long r = open_how_from_guest(&g, a[2], a[3]);
    if (r < 0)
        return r;
    if (g.flags & ~(uint64_t)RV_O_VALID)
        return -EINVAL;
    struct open_how how = {
        .flags = (uint64_t)(uint32_t)rv_oflags_to_host((uint32_t)g.flags),
        .mode = g.mode,
        .resolve = g.resolve,
    };
    int dirfd = (int)a[0];
    struct rv_path p;
    r = rv_string_path_from_guest(&p, a[1]);
    if (r == 0 && p.host)
        r = openat2_path(&p, g.resolve);
    if (r < 0 || !p.host) {
        /* the kernel checks the flags before it reads the path */
        long first = host_syscall4(SYS_openat2, dirfd, HOST_ARG(FAULTING_PATH), HOST_ARG(&how),
                                   sizeof how);
        return first != -EFAULT || r == 0 ? first : r;
    }
    r = safe_syscall4(SYS_openat2, dirfd, HOST_ARG(p.host), HOST_ARG(&how), sizeof how);
    long emulated;
    if (r >= 0 && p.host[0] == '/' && !(g.resolve & (RV_RESOLVE_BENEATH | RV_RESOLVE_IN_ROOT)) &&
        rv_procfs_open(p.host, (int)how.flags, &emulated)) {
        host_syscall1(SYS_close, r);
        return emulated;
    }
    return r;
}
