/*
 * syscall/mm.c - guest memory-management syscalls: brk, mmap, munmap, mprotect, mremap,
 * madvise, msync, mlock family and riscv_flush_icache.
 *
 * Every mapping change goes through mem/addrspace (guest_mmap and friends), which keeps the
 * guest inside its reserved range and tells the engines when code may have changed. The
 * handlers here only check arguments the way the riscv64 kernel does, convert guest flag values
 * (abi/mman.h) and pass advice-like calls (madvise, msync, mlock) to the host once the range is
 * known to be guest memory, so a guest can never touch runner pages through them.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>

#include "abi/mman.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "syscall/iovec.h"
#include "syscall/io_uring_ring.h"
#include "syscall/fd_error.h"
#include "syscall/pidfd.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"
#include "translate/engines.h"

#define RV_PAGE_MASK ((uint64_t)GUEST_PAGE_SIZE - 1)

/* Page-rounded length, or 0 when rounding overflows (callers treat 0 as invalid). */
static uint64_t page_round(uint64_t len)
{
    if (len > UINT64_MAX - RV_PAGE_MASK)
        return 0;
    return (len + RV_PAGE_MASK) & ~RV_PAGE_MASK;
}

/* The common checks of madvise/msync/mlock: aligned start, mapped guest pages. The kernel
 * answers -ENOMEM for a range that is not (entirely) mapped. */
static long check_mapped_range(uint64_t addr, uint64_t len, uint64_t *rounded)
{
    if (addr & RV_PAGE_MASK)
        return -EINVAL;
    uint64_t rlen = page_round(len);
    if (len && !rlen)
        return -ENOMEM;
    if (rlen && (!guest_in_range(addr, rlen) || !guest_as_accessible(addr, rlen, 0)))
        return -ENOMEM;
    *rounded = rlen;
    return 0;
}

long sys_brk(struct rv_cpu *cpu, const uint64_t *a)
{
    return (long)guest_brk(a[0]);
}

/* The host path of a guest fd, so /proc/self/maps can name file mappings like the kernel. */
static const char *fd_name(int fd, char *buf, size_t size)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    long n = host_syscall3(SYS_readlink, HOST_ARG(link), HOST_ARG(buf), (long)size - 1);
    if (n < 0)
        return NULL;
    buf[n] = '\0';
    return buf;
}

long sys_mmap(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t addr = a[0], len = a[1], off = a[5];
    int prot = (int)a[2];
    int fd = (int)a[4];

    /* the kernel's order: the offset's alignment, then the fd of a file mapping, then the rest */
    if (off & RV_PAGE_MASK)
        return -EINVAL;
    bool file = !(a[3] & RV_MAP_ANONYMOUS);
    long hflags = rv_mmap_flags_to_host(a[3] & 0xffffffffu);
    if (hflags < 0)
        return file ? rv_fd_error_first(fd, hflags, true) : hflags;
    if (len == 0)
        return file ? rv_fd_error_first(fd, -EINVAL, true) : -EINVAL;
    if (!page_round(len) || page_round(len) > GUEST_LIMIT)
        return file ? rv_fd_error_first(fd, -ENOMEM, true) : -ENOMEM;
    /* The kernel's mmap keeps only READ/WRITE/EXEC of prot (calc_vm_prot_bits) and ignores
     * every other bit, so the guest's extra bits are dropped rather than refused. */
    int hprot = prot & (RV_PROT_READ | RV_PROT_WRITE | RV_PROT_EXEC);

    char namebuf[256];
    const char *name = NULL;
    if (!(hflags & MAP_ANONYMOUS)) {
        if (fd < 0)
            return -EBADF;
        name = fd_name(fd, namebuf, sizeof namebuf);
        long r;
        if (rv_io_uring_mmap(addr, len, hprot, (int)hflags, fd, off, name, &r))
            return r;   /* an io_uring's SQE array: the guest's shadow of it */
    } else {
        fd = -1;        /* the kernel ignores the fd of an anonymous mapping */
    }
    return guest_mmap(addr, len, hprot, (int)hflags, fd, (off_t)off, name);
}

long sys_munmap(struct rv_cpu *cpu, const uint64_t *a)
{
    if ((a[0] & RV_PAGE_MASK) || a[1] == 0)
        return -EINVAL;
    return guest_munmap(a[0], a[1]);
}

long sys_mprotect(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t prot = a[2];
    uint64_t known = RV_PROT_READ | RV_PROT_WRITE | RV_PROT_EXEC | RV_PROT_SEM |
                     RV_PROT_GROWSDOWN | RV_PROT_GROWSUP;
    if (a[0] & RV_PAGE_MASK)
        return -EINVAL;
    /* riscv64 has no upward-growing stacks; both grow bits together are invalid anywhere. */
    if ((prot & ~known) || (prot & RV_PROT_GROWSUP))
        return -EINVAL;
    if (a[1] == 0)
        return 0;
    if (!page_round(a[1]))
        return -ENOMEM;
    /* PROT_GROWSDOWN extends the change to the start of a grows-down mapping; crossrun maps
     * stacks without MAP_GROWSDOWN, so the range is taken as given. */
    return guest_mprotect(a[0], a[1], (int)(prot & (RV_PROT_READ | RV_PROT_WRITE | RV_PROT_EXEC)));
}

long sys_mremap(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t flags = a[3];
    if (flags & ~(uint64_t)(RV_MREMAP_MAYMOVE | RV_MREMAP_FIXED | RV_MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & (RV_MREMAP_FIXED | RV_MREMAP_DONTUNMAP)) && !(flags & RV_MREMAP_MAYMOVE))
        return -EINVAL;
    if (a[0] & RV_PAGE_MASK)
        return -EINVAL;
    int hflags = ((flags & RV_MREMAP_MAYMOVE) ? MREMAP_MAYMOVE : 0) |
                 ((flags & RV_MREMAP_FIXED) ? MREMAP_FIXED : 0) |
                 ((flags & RV_MREMAP_DONTUNMAP) ? MREMAP_DONTUNMAP : 0);
    return guest_mremap(a[0], a[1], a[2], hflags, a[4]);
}

/* The advice values the riscv64 kernel accepts, each with its host value. HWPOISON and
 * SOFT_OFFLINE are left out on purpose: they poison host pages and need CAP_SYS_ADMIN. Values
 * not listed (newer ones, such as MADV_GUARD_INSTALL) are the generic numbers on both sides and
 * act only on the checked guest range: sys_madvise passes them to the host kernel, whose answer
 * (EINVAL for one it does not know either) the guest gets. */
static int madvise_to_host(uint64_t advice)
{
    switch (advice) {
    case RV_MADV_NORMAL:          return MADV_NORMAL;
    case RV_MADV_RANDOM:          return MADV_RANDOM;
    case RV_MADV_SEQUENTIAL:      return MADV_SEQUENTIAL;
    case RV_MADV_WILLNEED:        return MADV_WILLNEED;
    case RV_MADV_DONTNEED:        return MADV_DONTNEED;
    case RV_MADV_FREE:            return MADV_FREE;
    case RV_MADV_REMOVE:          return MADV_REMOVE;
    case RV_MADV_DONTFORK:        return MADV_DONTFORK;
    case RV_MADV_DOFORK:          return MADV_DOFORK;
    case RV_MADV_MERGEABLE:       return MADV_MERGEABLE;
    case RV_MADV_UNMERGEABLE:     return MADV_UNMERGEABLE;
    case RV_MADV_HUGEPAGE:        return MADV_HUGEPAGE;
    case RV_MADV_NOHUGEPAGE:      return MADV_NOHUGEPAGE;
    case RV_MADV_DONTDUMP:        return MADV_DONTDUMP;
    case RV_MADV_DODUMP:          return MADV_DODUMP;
    case RV_MADV_WIPEONFORK:      return MADV_WIPEONFORK;
    case RV_MADV_KEEPONFORK:      return MADV_KEEPONFORK;
    case RV_MADV_COLD:            return MADV_COLD;
    case RV_MADV_PAGEOUT:         return MADV_PAGEOUT;
    case RV_MADV_POPULATE_READ:   return 22;   /* glibc headers may predate these three */
    case RV_MADV_POPULATE_WRITE:  return 23;
    case RV_MADV_DONTNEED_LOCKED: return 24;
    case RV_MADV_COLLAPSE:        return 25;
    case RV_MADV_HWPOISON:
    case RV_MADV_SOFT_OFFLINE:    return -1;
    default:                      return (int)advice < 0 ? -2 : (int)advice;
    }
}

long sys_madvise(struct rv_cpu *cpu, const uint64_t *a)
{
    int advice = madvise_to_host((uint32_t)a[2]);  /* the kernel's argument is an int */
    if (advice < 0)
        return advice == -1 ? -EPERM : -EINVAL;
    uint64_t len;
    long r = check_mapped_range(a[0], a[1], &len);
    if (r < 0)
        return r;
    if (len == 0)
        return 0;
    return host_syscall3(SYS_madvise, (long)a[0], (long)len, advice);
}

/* process_madvise(pidfd, iovec, vlen, advice, flags): the iovecs name ranges of the pidfd's
 * process, not guest buffers of this one, so for another process only the array is checked
 * (copied). Newer kernels take advice that drops data (MADV_DONTNEED), so when the pidfd names
 * this process every range must be mapped guest memory, as for madvise, lest the guest zero
 * the runner's own. */
long sys_process_madvise(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t count = a[2];
    if (count > RV_UIO_MAXIOV)
        return -EINVAL;
    struct iovec iov[RV_UIO_MAXIOV];  /* struct rv_iovec's layout: asserted in iovec.c */
    if (count && copy_from_guest(iov, a[1], (size_t)count * sizeof(struct rv_iovec)) < 0)
        return rv_fd_error_first((int)a[0], -EFAULT, false);
    if (rv_pidfd_pid((int)a[0]) == host_syscall0(SYS_getpid))
        for (uint64_t i = 0; i < count; i++) {
            uint64_t len;
            uint64_t base = (uint64_t)(uintptr_t)iov[i].iov_base & ~(uint64_t)RV_PAGE_MASK;
            uint64_t span = (uint64_t)(uintptr_t)iov[i].iov_base + iov[i].iov_len - base;
            if (check_mapped_range(base, span, &len) < 0)
                return -ENOMEM;
        }
    int advice = madvise_to_host((uint32_t)a[3]);
    return host_syscall5(SYS_process_madvise, (int)a[0], HOST_ARG(iov), (long)count,
                         advice < 0 ? -1 : advice, (long)(uint32_t)a[4]);
}

long sys_msync(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t flags = a[2];
    if (flags & ~(uint64_t)(RV_MS_ASYNC | RV_MS_INVALIDATE | RV_MS_SYNC))
        return -EINVAL;
    if ((flags & RV_MS_ASYNC) && (flags & RV_MS_SYNC))
        return -EINVAL;
    uint64_t len;
    long r = check_mapped_range(a[0], a[1], &len);
    if (r < 0)
        return r;
    if (len == 0)
        return 0;
    int hflags = ((flags & RV_MS_ASYNC) ? MS_ASYNC : 0) | ((flags & RV_MS_SYNC) ? MS_SYNC : 0) |
                 ((flags & RV_MS_INVALIDATE) ? MS_INVALIDATE : 0);
    return host_syscall3(SYS_msync, (long)a[0], (long)len, hflags);
}

/* mlock and friends lock real host pages, so the host's limits (RLIMIT_MEMLOCK) and errors
 * are the ones a riscv64 kernel would give; the range check keeps them on guest pages. mlock
 * takes any start and rounds down, unlike madvise. */
static long lock_range(long nr, uint64_t addr, uint64_t len, long extra)
{
    uint64_t start = addr & ~RV_PAGE_MASK;
    uint64_t end = page_round(addr + len);
    if (addr + len < addr || (len && !end))
        return -ENOMEM;
    if (end > start && (!guest_in_range(start, end - start) ||
                        !guest_as_accessible(start, end - start, 0)))
        return -ENOMEM;
    if (nr == SYS_mlock2)
        return host_syscall3(nr, (long)start, (long)(end - start), extra);
    return host_syscall2(nr, (long)start, (long)(end - start));
}

long sys_mlock(struct rv_cpu *cpu, const uint64_t *a)
{
    return lock_range(SYS_mlock, a[0], a[1], 0);
}

long sys_munlock(struct rv_cpu *cpu, const uint64_t *a)
{
    return lock_range(SYS_munlock, a[0], a[1], 0);
}

long sys_mlock2(struct rv_cpu *cpu, const uint64_t *a)
{
    if (a[2] & ~(uint64_t)1)     /* MLOCK_ONFAULT is the only flag */
        return -EINVAL;
    return lock_range(SYS_mlock2, a[0], a[1], (long)a[2]);
}

/* mlockall would lock the runner's own memory too; it is accepted (after the kernel's flag
 * checks) without locking anything, since locking changes no result the guest can observe
 * besides residency. */
long sys_mlockall(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t flags = a[0];
    if (!flags || (flags & ~(uint64_t)(RV_MCL_CURRENT | RV_MCL_FUTURE | RV_MCL_ONFAULT)) ||
        flags == RV_MCL_ONFAULT)
        return -EINVAL;
    return 0;
}

long sys_munlockall(struct rv_cpu *cpu, const uint64_t *a)
{
    return 0;
}

/* riscv_flush_icache(start, end, flags): the guest wrote code and wants to run it. The kernel
 * flushes every hart's whole icache whatever the range; crossrun drops the translations of the
 * given range, or of the whole guest when the range is empty, which is what the guest needs. */
#define RV_SYS_RISCV_FLUSH_ICACHE_LOCAL 1u

long sys_riscv_flush_icache(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t start = a[0], end = a[1];
    if (a[2] & ~(uint64_t)RV_SYS_RISCV_FLUSH_ICACHE_LOCAL)
        return -EINVAL;
    if (end > start && guest_in_range(start, end - start))
        rv_engine->invalidate(start, end - start);
    else
        rv_engine->invalidate(0, UINT64_MAX);
    return 0;
}

/* mincore(addr, len, vec): one byte per 4 KiB page on both sides; the kernel writes vec. */
long sys_mincore(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t len;
    long r = check_mapped_range(a[0], a[1], &len);
    if (r < 0)
        return r;
    if (guest_check(a[2], len / GUEST_PAGE_SIZE, PROT_WRITE) < 0)
        return -EFAULT;
    return host_syscall3(SYS_mincore, (long)a[0], (long)a[1], (long)a[2]);
}

/* membarrier(cmd, flags, cpu_id): guest threads are host threads and their loads and stores
 * are the host's, so the host's barriers order them. Not offered: the SYNC_CORE commands (they
 * promise that other harts refetch modified code, which the engine does not hear about; the
 * guest has riscv_flush_icache for that) and the RSEQ ones (they restart the host thread's rseq
 * critical sections, not the guest's). Kernels without them answer -EINVAL too. */
#define RV_MEMBARRIER_CMD_QUERY 0
#define RV_MEMBARRIER_UNOFFERED ((1 << 5) | (1 << 6) | (1 << 7) | (1 << 8))
long sys_membarrier(struct rv_cpu *cpu, const uint64_t *a)
{
    int cmd = (int)a[0];
    if (cmd == RV_MEMBARRIER_CMD_QUERY) {
        long r = host_syscall3(SYS_membarrier, cmd, (unsigned)a[1], (int)a[2]);
        return r < 0 ? r : (r & ~(long)RV_MEMBARRIER_UNOFFERED);
    }
    if (cmd & RV_MEMBARRIER_UNOFFERED)
        return -EINVAL;
    return host_syscall3(SYS_membarrier, cmd, (unsigned)a[1], (int)a[2]);
}

/* process_vm_readv/writev(pid, local_iov, liovcnt, remote_iov, riovcnt, flags): struct iovec
 * is the same 16 bytes on both sides. The local buffers are this guest's and are checked like
 * readv's; the remote addresses are the other process's guest addresses, which are its host
 * addresses too (every guest runs at guest address = host address), so they pass unchanged,
 * except that a guest naming its own process is held to its own memory as well. */
static long process_vm(long nr, const uint64_t *a, int local_prot)
{
    if (a[2] > RV_UIO_MAXIOV || a[4] > RV_UIO_MAXIOV)
        return -EINVAL;
    static _Thread_local struct iovec local[RV_UIO_MAXIOV], remote[RV_UIO_MAXIOV];
    long r = iovec_from_guest(local, a[1], a[2], local_prot);
    if (r < 0)
        return r;
    int pid = (int)a[0];
    if (pid == host_syscall0(SYS_getpid)) {
        r = iovec_from_guest(remote, a[3], a[4], local_prot == PROT_WRITE ? PROT_READ : PROT_WRITE);
    } else {
        _Static_assert(sizeof(struct iovec) == sizeof(struct rv_iovec), "iovec differs");
        r = copy_from_guest(remote, a[3], a[4] * sizeof(struct iovec));
    }
    if (r < 0)
        return r;
    return host_syscall6(nr, pid, HOST_ARG(local), (long)a[2], HOST_ARG(remote), (long)a[4],
                         (long)a[5]);
}

long sys_process_vm_readv(struct rv_cpu *cpu, const uint64_t *a)
{
    return process_vm(SYS_process_vm_readv, a, PROT_WRITE);
}

long sys_process_vm_writev(struct rv_cpu *cpu, const uint64_t *a)
{
    return process_vm(SYS_process_vm_writev, a, PROT_READ);
}
