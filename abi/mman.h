/*
 * abi/mman.h - guest (riscv64) mmap/mprotect/madvise/msync/mremap constants and the one
 * conversion of guest mmap flags to host flags.
 *
 * riscv64 takes these from asm-generic/mman-common.h, asm-generic/mman.h and linux/mman.h;
 * x86-64 uses the same numbers but adds MAP_32BIT (0x40), which riscv64 does not have. The
 * numbers are written out here anyway so that a guest value is never handed to the host just
 * because it happens to match, and so a host-only bit set by the guest is dropped, as the
 * riscv64 kernel would ignore it, instead of changing host behaviour.
 */
#ifndef CROSSRUN_ABI_MMAN_H
#define CROSSRUN_ABI_MMAN_H

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#define RV_PROT_READ       0x1
#define RV_PROT_WRITE      0x2
#define RV_PROT_EXEC       0x4
#define RV_PROT_SEM        0x8
#define RV_PROT_GROWSDOWN  0x01000000
#define RV_PROT_GROWSUP    0x02000000

#define RV_MAP_SHARED           0x01
#define RV_MAP_PRIVATE          0x02
#define RV_MAP_SHARED_VALIDATE  0x03
#define RV_MAP_TYPE             0x0f
#define RV_MAP_FIXED            0x10
#define RV_MAP_ANONYMOUS        0x20
#define RV_MAP_GROWSDOWN        0x0100
#define RV_MAP_DENYWRITE        0x0800
#define RV_MAP_EXECUTABLE       0x1000
#define RV_MAP_LOCKED           0x2000
#define RV_MAP_NORESERVE        0x4000
#define RV_MAP_POPULATE         0x8000
#define RV_MAP_NONBLOCK         0x10000
#define RV_MAP_STACK            0x20000
#define RV_MAP_HUGETLB          0x40000
#define RV_MAP_SYNC             0x80000
#define RV_MAP_FIXED_NOREPLACE  0x100000
#define RV_MAP_UNINITIALIZED    0x4000000
#define RV_MAP_HUGE_SHIFT       26
#define RV_MAP_HUGE_MASK        0x3f

#define RV_MREMAP_MAYMOVE    1
#define RV_MREMAP_FIXED      2
#define RV_MREMAP_DONTUNMAP  4

#define RV_MS_ASYNC       1
#define RV_MS_INVALIDATE  2
#define RV_MS_SYNC        4

#define RV_MCL_CURRENT  1
#define RV_MCL_FUTURE   2
#define RV_MCL_ONFAULT  4

#define RV_MADV_NORMAL           0
#define RV_MADV_RANDOM           1
#define RV_MADV_SEQUENTIAL       2
#define RV_MADV_WILLNEED         3
#define RV_MADV_DONTNEED         4
#define RV_MADV_FREE             8
#define RV_MADV_REMOVE           9
#define RV_MADV_DONTFORK         10
#define RV_MADV_DOFORK           11
#define RV_MADV_MERGEABLE        12
#define RV_MADV_UNMERGEABLE      13
#define RV_MADV_HUGEPAGE         14
#define RV_MADV_NOHUGEPAGE       15
#define RV_MADV_DONTDUMP         16
#define RV_MADV_DODUMP           17
#define RV_MADV_WIPEONFORK       18
#define RV_MADV_KEEPONFORK       19
#define RV_MADV_COLD             20
#define RV_MADV_PAGEOUT          21
#define RV_MADV_POPULATE_READ    22
#define RV_MADV_POPULATE_WRITE   23
#define RV_MADV_DONTNEED_LOCKED  24
#define RV_MADV_COLLAPSE         25
#define RV_MADV_HWPOISON         100
#define RV_MADV_SOFT_OFFLINE     101

/* The guest mmap flag bits that have a host meaning, each with its host value. MAP_TYPE is
 * handled separately because it is a 4-bit field, not a set of flags. */
#define RV_MMAP_FLAG_TABLE(X)                       \
    X(RV_MAP_FIXED,           MAP_FIXED)            \
    X(RV_MAP_ANONYMOUS,       MAP_ANONYMOUS)        \
    X(RV_MAP_GROWSDOWN,       MAP_GROWSDOWN)        \
    X(RV_MAP_DENYWRITE,       MAP_DENYWRITE)        \
    X(RV_MAP_EXECUTABLE,      MAP_EXECUTABLE)       \
    X(RV_MAP_LOCKED,          MAP_LOCKED)           \
    X(RV_MAP_NORESERVE,       MAP_NORESERVE)        \
    X(RV_MAP_POPULATE,        MAP_POPULATE)         \
    X(RV_MAP_NONBLOCK,        MAP_NONBLOCK)         \
    X(RV_MAP_STACK,           MAP_STACK)            \
    X(RV_MAP_HUGETLB,         MAP_HUGETLB)          \
    X(RV_MAP_SYNC,            MAP_SYNC)             \
    X(RV_MAP_FIXED_NOREPLACE, MAP_FIXED_NOREPLACE)

/* Guest mmap flags -> host flags. Returns the host flags, or -EINVAL for a bad mapping type.
 * Bits riscv64 does not define are dropped (the riscv64 kernel ignores them for MAP_PRIVATE
 * and MAP_SHARED) except under MAP_SHARED_VALIDATE, which rejects them with -EOPNOTSUPP as the
 * kernel does. MAP_UNINITIALIZED is dropped: kernels without CONFIG_MMAP_ALLOW_UNINITIALIZED
 * (all distribution kernels) ignore it. */
static inline long rv_mmap_flags_to_host(uint64_t g)
{
    long host = 0;
    uint64_t known = RV_MAP_TYPE | RV_MAP_UNINITIALIZED |
                     ((uint64_t)RV_MAP_HUGE_MASK << RV_MAP_HUGE_SHIFT);
    switch (g & RV_MAP_TYPE) {
    case RV_MAP_SHARED:          host = MAP_SHARED; break;
    case RV_MAP_PRIVATE:         host = MAP_PRIVATE; break;
    case RV_MAP_SHARED_VALIDATE: host = MAP_SHARED_VALIDATE; break;
    default:                     return -EINVAL;
    }
#define RV_MMAP_FLAG_CONV(gbit, hbit) if (g & (gbit)) host |= (hbit); known |= (gbit);
    RV_MMAP_FLAG_TABLE(RV_MMAP_FLAG_CONV)
#undef RV_MMAP_FLAG_CONV
    if ((g & RV_MAP_TYPE) == RV_MAP_SHARED_VALIDATE && (g & ~known))
        return -EOPNOTSUPP;
    /* The MAP_HUGE_* page-size field shares its encoding (log2 of the size at bit 26). */
    if (g & RV_MAP_HUGETLB)
        host |= (long)(g & ((uint64_t)RV_MAP_HUGE_MASK << RV_MAP_HUGE_SHIFT));
    return host;
}

#endif
