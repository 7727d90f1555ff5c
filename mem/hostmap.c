/*
 * mem/hostmap.c - the host memory calls mem/addrspace.c makes on guest ranges (see hostmap.h):
 * raw mmap, mremap, munmap, mprotect and msync, and the PROT_NONE reservation.
 */
#include "mem/hostmap.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "mem/host.h"

void *host_mmap(guest_addr a, uint64_t len, int prot, int flags, int fd, off_t off)
{
    long r = host_syscall6(SYS_mmap, (long)a, (long)len, prot, flags, fd, (long)off);
    if (r < 0 && r >= -4095) {
        errno = (int)-r;
        return MAP_FAILED;
    }
    return (void *)r;
}

void *host_mremap(guest_addr old, uint64_t olen, uint64_t nlen, int flags, guest_addr dest)
{
    long r = host_syscall5(SYS_mremap, (long)old, (long)olen, (long)nlen, flags, (long)dest);
    if (r < 0 && r >= -4095) {
        errno = (int)-r;
        return MAP_FAILED;
    }
    return (void *)r;
}

int host_range_call(long nr, guest_addr a, uint64_t len, long arg)
{
    return (int)host_syscall3(nr, (long)a, (long)len, arg);
}

/* Guest pages are never host-executable: translated code lives elsewhere, so host PROT_EXEC
 * would only widen what a runner bug could do, and it fails for files on noexec mounts. The
 * decoder reads guest code, so executable guest pages are host-readable. */
int host_prot(int prot)
{
    return (prot & ~PROT_EXEC) | ((prot & PROT_EXEC) ? PROT_READ : 0);
}

int host_reserve(guest_addr a, uint64_t len)
{
    void *p = host_mmap(a, len, PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    return p == MAP_FAILED ? -errno : 0;
}
