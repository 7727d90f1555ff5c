/*
 * mem/addrspace.c - the guest's part of the host address space and its mapping table.
 *
 * guest_as_init reserves [GUEST_BASE, GUEST_LIMIT) PROT_NONE once. From then on every host call
 * that touches that range uses MAP_FIXED at an address this file chose and checked, and taking
 * a guest mapping away maps PROT_NONE reservation back over it, so the host kernel never sees a
 * hole there in which it could put runner memory. The table (sorted, non-overlapping, merged
 * like the kernel merges vmas) is the guest's view: placement of non-fixed mmaps, pointer
 * checks for uaccess, and /proc/self/maps all read it. One lock guards table and host calls
 * together, so two guest threads cannot pick the same free range; pointer checks, the most
 * frequent users, only read and take it shared.
 */
#include "mem/addrspace.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mem/addrspace_table.h"
#include "mem/host.h"
#include "mem/hostmap.h"



void (*guest_as_code_changed)(guest_addr start, uint64_t len);

static pthread_rwlock_t as_lock = PTHREAD_RWLOCK_INITIALIZER;
static bool as_ready;
static struct guest_vma *vmas;
static size_t nvmas, capvmas;
static guest_addr mmap_base = GUEST_LIMIT - GUEST_MIN_GAP;
static guest_addr brk_start, brk_cur;

/* The allowance added to the guest's RLIMIT_AS on the host (see addrspace.h): the reservation
 * plus room for the runner's own memory. AddressSanitizer's shadow and allocator regions alone
 * take some 20 TiB of address space, so that build allows far more. */
#ifdef __SANITIZE_ADDRESS__
#define AS_RUNNER_ALLOWANCE (UINT64_C(1) << 46)
#else
#define AS_RUNNER_ALLOWANCE ((GUEST_LIMIT - GUEST_BASE) + (UINT64_C(16) << 30))
#endif
static uint64_t as_limit = RLIM_INFINITY;   /* the guest's soft RLIMIT_AS in bytes */

uint64_t guest_random_pages(uint64_t range)
{
    uint64_t v = 0;
    if (getrandom(&v, sizeof v, 0) != sizeof v)
        return 0;
    return (v % (range / GUEST_PAGE_SIZE)) * GUEST_PAGE_SIZE;
}

/* ---- the table (callers hold as_lock) ---------------------------------------------------- */

static int table_room(size_t extra)
{
    if (nvmas + extra <= capvmas)
        return 0;
    size_t cap = capvmas ? capvmas * 2 : 64;
    while (cap < nvmas + extra)
        cap *= 2;
    struct guest_vma *n = realloc(vmas, cap * sizeof *n);
    if (!n)
        return -ENOMEM;
    vmas = n;
    capvmas = cap;
    return 0;
}

/* Index of the first entry whose end lies above addr (nvmas when none). */
static size_t table_find(guest_addr addr)
{
    size_t lo = 0, hi = nvmas;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vmas[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool vma_is_anon(const struct guest_vma *v) { return v->flags & MAP_ANONYMOUS; }
static bool vma_grows_down(const struct guest_vma *v) { return v->flags & MAP_GROWSDOWN; }

/* Splits the entry that strictly contains x, if any, so that x becomes an entry boundary. */
static void table_split(guest_addr x)
{
    size_t i = table_find(x);
    if (i == nvmas || vmas[i].start >= x)
        return;
    memmove(&vmas[i + 1], &vmas[i], (nvmas - i) * sizeof *vmas);
    nvmas++;
    vmas[i].end = x;
    vmas[i + 1].start = x;
    if (!vma_is_anon(&vmas[i + 1]))
        vmas[i + 1].offset += x - vmas[i].start;
}

/* Removes [start, end) from the table. Needs room for one more entry (a split in the middle).
 * Returns whether any mapping was there; *had_exec tells whether any of it was executable. */
static bool table_remove(guest_addr start, guest_addr end, bool *had_exec)
{
    table_split(start);
    table_split(end);
    size_t i = table_find(start), j = i;
    bool exec = false;
    while (j < nvmas && vmas[j].start < end) {
        exec |= (vmas[j].prot & PROT_EXEC) != 0;
        j++;
    }
    memmove(&vmas[i], &vmas[j], (nvmas - j) * sizeof *vmas);
    nvmas -= j - i;
    if (had_exec)
        *had_exec = exec;
    return j > i;
}

/* Whether b can extend a the way the kernel merges vmas: same protection, type and file,
 * contiguous offsets. Shared anonymous mappings are separate objects and never merge. */
static bool vma_mergeable(const struct guest_vma *a, const struct guest_vma *b)
{
    if (a->end != b->start || a->prot != b->prot || a->flags != b->flags)
        return false;
    if (strcmp(a->name, b->name) != 0 || a->shm_size != b->shm_size || a->shmid != b->shmid)
        return false;
    if (vma_is_anon(a))
        return !(a->flags & MAP_SHARED);
    return b->offset == a->offset + (a->end - a->start);
}

static void table_merge(void)
{
    size_t out = 0;
    for (size_t i = 0; i < nvmas; i++) {
        if (out > 0 && vma_mergeable(&vmas[out - 1], &vmas[i]))
            vmas[out - 1].end = vmas[i].end;
        else
            vmas[out++] = vmas[i];
    }
    nvmas = out;
}

/* Inserts v into a free range (the caller removed what was there). Needs room for one entry. */
static void table_insert(const struct guest_vma *v)
{
    size_t i = table_find(v->start);
    memmove(&vmas[i + 1], &vmas[i], (nvmas - i) * sizeof *vmas);
    vmas[i] = *v;
    nvmas++;
    table_merge();
}

static bool range_free(guest_addr start, guest_addr end)
{
    size_t i = table_find(start);
    return i == nvmas || vmas[i].start >= end;
}

/* Every byte of [start, end) mapped, by entries that all have the `prot` bits. */
static bool range_mapped(guest_addr start, guest_addr end, int prot)
{
    guest_addr at = start;
    for (size_t i = table_find(start); at < end; i++) {
        if (i == nvmas || vmas[i].start > at || (vmas[i].prot & prot) != prot)
            return false;
        at = vmas[i].end;
    }
    return true;
}

/* Highest free range of len bytes ending at or below `below`, as the kernel's top-down
 * allocator picks it, keeping stack_guard_gap clear below a grows-down mapping (the kernel's
 * vm_start_gap). 0 when none. */
static guest_addr find_free_topdown(uint64_t len, guest_addr below)
{
    guest_addr hi = below;
    for (size_t i = nvmas + 1; i-- > 0;) {
        guest_addr gap_lo = i == 0 ? GUEST_BASE : vmas[i - 1].end;
        guest_addr gap_hi = i == nvmas ? GUEST_LIMIT : vmas[i].start;
        if (i < nvmas && vma_grows_down(&vmas[i]))
            gap_hi = gap_hi - gap_lo > GUEST_STACK_GUARD_GAP ? gap_hi - GUEST_STACK_GUARD_GAP : gap_lo;
        if (gap_hi > hi)
            gap_hi = hi;
        if (gap_hi > gap_lo && gap_hi - gap_lo >= len)
            return gap_hi - len;
    }
    return 0;
}

static guest_addr find_free(uint64_t len)
{
    guest_addr a = find_free_topdown(len, mmap_base);
    return a ? a : find_free_topdown(len, GUEST_LIMIT);
}

static void set_name(struct guest_vma *v, const char *name, int flags, int fd)
{
    v->name[0] = '\0';
    if (name) {
        snprintf(v->name, sizeof v->name, "%s", name);
    } else if (!(flags & MAP_ANONYMOUS) && fd >= 0) {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, v->name, sizeof v->name - 1);
        v->name[n > 0 ? n : 0] = '\0';
    }
}

static void code_changed(bool changed, guest_addr start, uint64_t len)
{
    if (changed && guest_as_code_changed)
        guest_as_code_changed(start, len);
}

/* ---- RLIMIT_AS --------------------------------------------------------------------------- */

uint64_t guest_as_rlimit_to_host(uint64_t v)
{
    return v >= RLIM_INFINITY - AS_RUNNER_ALLOWANCE ? RLIM_INFINITY : v + AS_RUNNER_ALLOWANCE;
}

/* A host limit below the allowance was not set by a guest: the runner was started under it
 * (and only runs if its reservation fitted), so the guest sees it unchanged. */
uint64_t guest_as_rlimit_from_host(uint64_t v)
{
    return v == RLIM_INFINITY || v < AS_RUNNER_ALLOWANCE ? v : v - AS_RUNNER_ALLOWANCE;
}

void guest_as_set_rlimit(uint64_t soft)
{
    pthread_rwlock_wrlock(&as_lock);
    as_limit = soft;
    pthread_rwlock_unlock(&as_lock);
}

/* The kernel's may_expand_vm for RLIMIT_AS: may the guest's mapped total grow by `add` bytes
 * of which `replaced` are already mapped? Sums the table only when a limit is set. Lock held. */
static bool may_expand(uint64_t add, uint64_t replaced)
{
    if (as_limit == RLIM_INFINITY)
        return true;
    uint64_t total = 0;
    for (size_t i = 0; i < nvmas; i++)
        total += vmas[i].end - vmas[i].start;
    return total - replaced + add <= as_limit;
}

/* Bytes of [start, end) the table maps. Lock held. */
static uint64_t mapped_bytes(guest_addr start, guest_addr end)
{
    uint64_t n = 0;
    for (size_t i = table_find(start); i < nvmas && vmas[i].start < end; i++) {
        guest_addr s = vmas[i].start > start ? vmas[i].start : start;
        guest_addr e = vmas[i].end < end ? vmas[i].end : end;
        n += e - s;
    }
    return n;
}

/* ---- set-up ------------------------------------------------------------------------------ */

int guest_as_init(void)
{
    pthread_rwlock_wrlock(&as_lock);
    int r = 0;
    if (!as_ready) {
        void *want = (void *)(uintptr_t)GUEST_BASE;
        void *p = host_mmap(GUEST_BASE, GUEST_LIMIT - GUEST_BASE, PROT_NONE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                            -1, 0);
        if (p == MAP_FAILED) {
            r = -errno;      /* EEXIST: runner memory (non-PIE image, sanitizer shadow) is there */
        } else if (p != want) {
            /* pre-4.17 kernels took MAP_FIXED_NOREPLACE for a hint */
            host_range_call(SYS_munmap, (uintptr_t)p, GUEST_LIMIT - GUEST_BASE, 0);
            r = -EEXIST;
        } else {
            as_ready = true;
        }
        struct rlimit rl;
        if (r == 0 && host_syscall4(SYS_prlimit64, 0, RLIMIT_AS, 0, (long)&rl) == 0)
            as_limit = guest_as_rlimit_from_host(rl.rlim_cur);
    }
    pthread_rwlock_unlock(&as_lock);
    return r;
}

/* ---- for mem/stack.c (addrspace_table.h) ------------------------------------------------ */

void guest_as_lock_write(void) { pthread_rwlock_wrlock(&as_lock); }
void guest_as_unlock(void) { pthread_rwlock_unlock(&as_lock); }
bool guest_as_may_expand(uint64_t add) { return may_expand(add, 0); }
void guest_as_set_mmap_base(guest_addr base) { mmap_base = base; }

struct guest_vma *guest_as_entry_at(guest_addr addr, struct guest_vma **prev)
{
    size_t i = table_find(addr);
    *prev = i > 0 && i <= nvmas ? &vmas[i - 1] : NULL;
    return i < nvmas ? &vmas[i] : NULL;
}

/* ---- queries ----------------------------------------------------------------------------- */

bool guest_as_accessible(guest_addr addr, uint64_t len, int prot)
{
    if (len == 0)
        return true;
    if (!guest_in_range(addr, len))
        return false;
    pthread_rwlock_rdlock(&as_lock);
    bool ok = range_mapped(addr, addr + len, prot);
    pthread_rwlock_unlock(&as_lock);
    return ok;
}

bool guest_as_vma(size_t idx, struct guest_vma *out)
{
    pthread_rwlock_rdlock(&as_lock);
    bool ok = idx < nvmas;
    if (ok)
        *out = vmas[idx];
    pthread_rwlock_unlock(&as_lock);
    return ok;
}

bool guest_as_vma_at(guest_addr addr, struct guest_vma *out)
{
    pthread_rwlock_rdlock(&as_lock);
    size_t i = table_find(addr);
    bool ok = i < nvmas && vmas[i].start <= addr;
    if (ok)
        *out = vmas[i];
    pthread_rwlock_unlock(&as_lock);
    return ok;
}

/* ---- mmap, munmap, mprotect -------------------------------------------------------------- */

/* The table entry a guest mmap adds, all but its range: protection, type, file offset, name. */
static struct guest_vma mmap_entry(int prot, int flags, int fd, off_t off, const char *name)
{
    struct guest_vma v = {
        .prot = prot,
        .flags = ((flags & MAP_TYPE) == MAP_PRIVATE ? MAP_PRIVATE : MAP_SHARED)
                 | (flags & MAP_ANONYMOUS),
        /* only private anonymous memory grows (grow_down maps more of it) */
        .offset = (flags & MAP_ANONYMOUS) ? 0 : (uint64_t)off,
    };
    if ((flags & MAP_GROWSDOWN) && v.flags == (MAP_PRIVATE | MAP_ANONYMOUS))
        v.flags |= MAP_GROWSDOWN;
    set_name(&v, name, flags, fd);
    return v;
}

/* MAP_FIXED or MAP_FIXED_NOREPLACE: the mapping goes at addr, checked as the kernel checks it.
 * Returns addr or -errno; *replaced when guest mappings are there. Lock held. */
static long mmap_place_fixed(guest_addr addr, uint64_t plen, bool noreplace, bool *replaced)
{
    /* Linux: beyond TASK_SIZE is ENOMEM, below mmap_min_addr EPERM. */
    if (addr > GUEST_LIMIT || plen > GUEST_LIMIT - addr)
        return -ENOMEM;
    if (addr < GUEST_BASE)
        return -EPERM;
    if (!range_free(addr, addr + plen)) {
        if (noreplace)      /* with or without MAP_FIXED, as in the kernel */
            return -EEXIST;
        *replaced = true;
    }
    return (long)addr;
}

/* Without MAP_FIXED addr is a hint: taken when its range is free, else the highest free range
 * below the mmap base, as the kernel's top-down allocator picks it. Returns it or -ENOMEM.
 * Lock held. */
static long mmap_place_free(guest_addr addr, uint64_t plen)
{
    /* The kernel's round_hint_to_min: a low hint becomes mmap_min_addr. */
    guest_addr hint = addr && addr < GUEST_BASE ? GUEST_BASE : guest_page_up(addr);
    if (hint >= GUEST_BASE && hint >= addr && guest_in_range(hint, plen)
        && range_free(hint, hint + plen))
        return (long)hint;
    guest_addr a = find_free(plen);
    return a ? (long)a : -ENOMEM;
}

/* A failed host mmap at [a, a+plen) must not leave a hole the host could fill. Over free range,
 * put the reservation back. Over guest mappings, recent kernels restore what was there, but
 * older ones unmapped it before failing: msync sees holes (ENOMEM) without touching memory, and
 * then the range is reserved again and dropped from the table. Returns whether guest mappings
 * were lost that way. Lock held. */
static bool mmap_undo_failure(guest_addr a, uint64_t plen, bool replaced)
{
    if (!replaced) {
        (void)host_reserve(a, plen);
        return false;
    }
    if (host_range_call(SYS_msync, a, plen, MS_ASYNC) == -ENOMEM && host_reserve(a, plen) == 0) {
        table_remove(a, a + plen, NULL);
        return true;
    }
    return false;
}

long guest_map_by(guest_addr addr, uint64_t len, enum guest_place how, struct guest_vma *v,
                  guest_host_map_fn map, void *ctx)
{
    uint64_t plen = guest_page_up(len);
    if (len == 0 || plen < len || (how != GUEST_PLACE_HINT && (addr & GUEST_PAGE_LOW)))
        return -EINVAL;
    pthread_rwlock_wrlock(&as_lock);
    long r = as_ready ? table_room(2) : -ENOMEM;
    guest_addr a = 0;
    bool replaced = false, lost = false;
    if (r < 0)
        goto out;
    if (how == GUEST_PLACE_KEEP && (addr + plen < addr || !range_free(addr, addr + plen)))
        r = -EINVAL;
    else if (how == GUEST_PLACE_HINT)
        r = mmap_place_free(addr, plen);
    else
        r = mmap_place_fixed(addr, plen, how == GUEST_PLACE_NOREPLACE, &replaced);
    if (r < 0)
        goto out;
    a = (guest_addr)r;
    if (!may_expand(plen, replaced ? mapped_bytes(a, a + plen) : 0)) {
        r = -ENOMEM;
        goto out;
    }
    r = map(ctx, a, plen);
    if (r < 0) {
        lost = mmap_undo_failure(a, plen, replaced);
        goto out;
    }
    table_remove(a, a + plen, NULL);
    v->start = a;
    v->end = a + plen;
    table_insert(v);
    r = (long)a;
out:
    pthread_rwlock_unlock(&as_lock);
    if (r >= 0 || lost)
        code_changed(replaced, a, plen);
    return r;
}

struct mmap_call { int prot, hflags, fd; off_t off; };   /* guest_mmap's host call */

static long mmap_host(void *ctx, guest_addr a, uint64_t len)
{
    const struct mmap_call *c = ctx;
    void *p = host_mmap(a, len, host_prot(c->prot), c->hflags, c->fd, c->off);
    return p == MAP_FAILED ? -errno : 0;
}

long guest_mmap(guest_addr addr, uint64_t len, int prot, int flags, int fd, off_t off,
                const char *name)
{
    if (len == 0 || (off & (off_t)GUEST_PAGE_LOW))
        return -EINVAL;
    uint64_t plen = guest_page_up(len);
    if (plen < len)
        return -ENOMEM;
    bool fixed = flags & MAP_FIXED, noreplace = flags & MAP_FIXED_NOREPLACE;
    /* The reservation is a host mapping too, so the host must always be told MAP_FIXED and
     * the NOREPLACE check is ours. GROWSDOWN would let the host grow the mapping into the
     * reservation's accounting; MAP_32BIT means nothing for a riscv64 guest. */
    struct mmap_call c = { prot, (flags & ~(MAP_FIXED_NOREPLACE | MAP_GROWSDOWN | MAP_32BIT)) |
                                 MAP_FIXED, fd, off };
    struct guest_vma v = mmap_entry(prot, flags, fd, off, name);
    enum guest_place how = noreplace ? GUEST_PLACE_NOREPLACE : fixed ? GUEST_PLACE_FIXED
                                                                     : GUEST_PLACE_HINT;
    return guest_map_by(addr, len, how, &v, mmap_host, &c);
}

long guest_munmap(guest_addr addr, uint64_t len)
{
    uint64_t plen = guest_page_up(len);
    if ((addr & GUEST_PAGE_LOW) || len == 0 || plen < len || addr > GUEST_LIMIT
        || plen > GUEST_LIMIT - addr)
        return -EINVAL;
    guest_addr start = addr < GUEST_BASE ? GUEST_BASE : addr, end = addr + plen;
    if (end <= start)
        return 0;   /* only the never-mapped low pages */

    pthread_rwlock_wrlock(&as_lock);
    long r = table_room(1);
    bool removed = false;
    if (r == 0 && !range_free(start, end)) {
        r = host_reserve(start, end - start);
        if (r == 0)
            removed = table_remove(start, end, NULL);
    }
    pthread_rwlock_unlock(&as_lock);
    code_changed(removed, start, end - start);
    return r;
}

long guest_mprotect(guest_addr addr, uint64_t len, int prot)
{
    if (addr & GUEST_PAGE_LOW)
        return -EINVAL;
    bool growsdown = prot & PROT_GROWSDOWN;
    prot &= ~PROT_GROWSDOWN;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x8 /* PROT_SEM */))
        return -EINVAL;
    if (len == 0)
        return 0;
    uint64_t plen = guest_page_up(len);
    if (plen < len || !guest_in_range(addr, plen))
        return -ENOMEM;
    guest_addr start = addr, end = addr + plen;

    pthread_rwlock_wrlock(&as_lock);
    long r = table_room(2);
    bool exec_dropped = false;
    if (r < 0)
        goto out;
    if (growsdown) {
        /* glibc's _dl_make_stack_executable: the kernel widens the range down to the start of
         * the grows-down vma. */
        size_t i = table_find(start);
        if (i == nvmas || vmas[i].start > start || !vma_grows_down(&vmas[i])) {
            r = -EINVAL;
            goto out;
        }
        start = vmas[i].start;
    }
    if (!range_mapped(start, end, 0)) {
        r = -ENOMEM;
        goto out;
    }
    r = host_range_call(SYS_mprotect, start, end - start, host_prot(prot));
    if (r < 0)
        goto out;
    table_split(start);
    table_split(end);
    for (size_t i = table_find(start); i < nvmas && vmas[i].start < end; i++) {
        if ((vmas[i].prot & PROT_EXEC) && !(prot & PROT_EXEC))
            exec_dropped = true;
        vmas[i].prot = prot;
    }
    table_merge();
out:
    pthread_rwlock_unlock(&as_lock);
    if (r == 0)
        code_changed(exec_dropped, start, end - start);
    return r;
}

/* ---- mremap ------------------------------------------------------------------------------ */

/* Moves [old, old+olen) to [dest, dest+nlen) with host mremap (MREMAP_FIXED unmaps whatever is
 * at dest, our reservation included, in the same call) and reserves the old range again, which
 * the host left as a hole. Table and hooks follow. Called with the lock held.
 * Between the host call and the re-reservation (and in grow-in-place below, between opening
 * the hole and mremap) the range is briefly unreserved; a runner thread's own mmap could only
 * land there if the kernel's top-down search found no room in the ~128 TiB above GUEST_LIMIT. */
static long move_mapping(const struct guest_vma *src, guest_addr old, uint64_t olen,
                         uint64_t nlen, guest_addr dest, int flags, bool *dest_replaced)
{
    int hflags = MREMAP_MAYMOVE | MREMAP_FIXED | (flags & MREMAP_DONTUNMAP);
    void *p = host_mremap(old, olen, nlen, hflags, dest);
    if (p == MAP_FAILED)
        return -errno;
    if (!(flags & MREMAP_DONTUNMAP) && olen)
        (void)host_reserve(old, olen);
    struct guest_vma v = *src;
    v.start = dest;
    v.end = dest + nlen;
    if (!vma_is_anon(&v))
        v.offset += old - src->start;
    if (!(flags & MREMAP_DONTUNMAP) && olen)
        table_remove(old, old + olen, NULL);
    *dest_replaced = table_remove(dest, dest + nlen, NULL);
    table_insert(&v);
    return (long)dest;
}

/* The argument checks the kernel makes before looking at any mapping. 0 or -errno. */
static long mremap_check_args(guest_addr old, uint64_t old_len, uint64_t new_len, int flags,
                              guest_addr new_addr)
{
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if ((flags & MREMAP_DONTUNMAP) && old_len != new_len)
        return -EINVAL;
    if (old & GUEST_PAGE_LOW)
        return -EINVAL;
    uint64_t olen = guest_page_up(old_len), nlen = guest_page_up(new_len);
    if (nlen == 0 || olen < old_len || nlen < new_len)
        return -EINVAL;
    if (!guest_in_range(old, olen ? olen : 1))
        return -EFAULT;
    if (flags & MREMAP_FIXED) {
        if ((new_addr & GUEST_PAGE_LOW) || !guest_in_range(new_addr, nlen))
            return -EINVAL;
        if (new_addr < old + olen && old < new_addr + nlen)
            return -EINVAL;
    }
    return 0;
}

/* Copies to *src the table entry that holds all of [old, old+olen). 0 or -errno. Lock held. */
static long mremap_source(guest_addr old, uint64_t olen, struct guest_vma *src)
{
    size_t i = table_find(old);
    if (i == nvmas || vmas[i].start > old || old + olen > vmas[i].end)
        return -EFAULT;    /* the kernel's vma_to_resize: the range must sit in one vma */
    *src = vmas[i];
    if (olen == 0 && !(src->flags & MAP_SHARED))
        return -EINVAL;    /* duplicating with old_len 0 only works for shared mappings */
    return 0;
}

/* RLIMIT_AS for mremap: growing, or keeping the old range too (DONTUNMAP, or old_len 0), adds
 * to the total; with MREMAP_FIXED what sits at the destination goes. Lock held. */
static bool mremap_may_expand(uint64_t olen, uint64_t nlen, int flags, guest_addr new_addr)
{
    uint64_t kept = (flags & MREMAP_DONTUNMAP) ? olen : 0;
    uint64_t over = (flags & MREMAP_FIXED) ? mapped_bytes(new_addr, new_addr + nlen) : 0;
    return nlen <= olen - kept || may_expand(nlen - (olen - kept), over);
}

/* Shrinking in place: the tail [old+nlen, old+olen) goes back to the reservation and leaves
 * the table. 0 or -errno. Lock held. */
static long mremap_shrink(guest_addr old, uint64_t olen, uint64_t nlen)
{
    long r = host_reserve(old + nlen, olen - nlen);
    if (r == 0)
        table_remove(old + nlen, old + olen, NULL);
    return r;
}

/* Growing in place when the range above is free: the host can only extend into a hole, so
 * open one where the reservation is and close it again if the host says no. Returns whether
 * the mapping grew. Lock held. */
static bool mremap_grow_in_place(const struct guest_vma *src, guest_addr old, uint64_t olen,
                                 uint64_t nlen)
{
    guest_addr ext = old + olen;
    if (!guest_in_range(ext, nlen - olen) || !range_free(ext, old + nlen))
        return false;
    if (host_range_call(SYS_munmap, ext, nlen - olen, 0) != 0)
        return false;
    void *p = host_mremap(old, olen, nlen, 0, 0);
    if (p == MAP_FAILED) {
        (void)host_reserve(ext, nlen - olen);
        return false;
    }
    struct guest_vma v = *src;
    v.start = ext;
    v.end = old + nlen;
    if (!vma_is_anon(&v))
        v.offset += ext - src->start;
    table_insert(&v);
    return true;
}

long guest_mremap(guest_addr old, uint64_t old_len, uint64_t new_len, int flags,
                  guest_addr new_addr)
{
    long r = mremap_check_args(old, old_len, new_len, flags, new_addr);
    if (r < 0)
        return r;
    uint64_t olen = guest_page_up(old_len), nlen = guest_page_up(new_len);

    pthread_rwlock_wrlock(&as_lock);
    r = table_room(4);
    bool old_gone = false, dest_replaced = false;
    guest_addr dest = 0;
    struct guest_vma src;
    if (r == 0)
        r = mremap_source(old, olen, &src);
    if (r == 0 && !mremap_may_expand(olen, nlen, flags, new_addr))
        r = -ENOMEM;
    if (r < 0)
        goto out;
    if (flags & MREMAP_FIXED) {
        dest = new_addr;
        r = move_mapping(&src, old, olen, nlen, dest, flags, &dest_replaced);
        old_gone = r >= 0;
        goto out;
    }
    if (nlen <= olen && !(flags & MREMAP_DONTUNMAP)) {
        if (nlen < olen) {
            r = mremap_shrink(old, olen, nlen);
            if (r < 0)
                goto out;
            dest_replaced = true;   /* reported below as the shrunk tail */
            dest = old + nlen;
        }
        r = (long)old;
        goto out;
    }
    if (!(flags & MREMAP_DONTUNMAP) && mremap_grow_in_place(&src, old, olen, nlen)) {
        r = (long)old;
        goto out;
    }
    if (!(flags & MREMAP_MAYMOVE)) {
        r = -ENOMEM;
        goto out;
    }
    dest = find_free(nlen);
    if (!dest) {
        r = -ENOMEM;
        goto out;
    }
    r = move_mapping(&src, old, olen, nlen, dest, flags, &dest_replaced);
    old_gone = r >= 0;
out:
    pthread_rwlock_unlock(&as_lock);
    if (r >= 0) {
        code_changed(old_gone, old, olen);
        code_changed(dest_replaced, dest, old_gone ? nlen : olen - nlen);
    }
    return r;
}

/* ---- brk --------------------------------------------------------------------------------- */

void guest_brk_init(guest_addr start)
{
    pthread_rwlock_wrlock(&as_lock);
    brk_start = brk_cur = guest_page_up(start);
    pthread_rwlock_unlock(&as_lock);
}

guest_addr guest_brk(guest_addr new_brk)
{
    pthread_rwlock_wrlock(&as_lock);
    guest_addr oldp = guest_page_up(brk_cur), newp = guest_page_up(new_brk);
    bool shrunk_any = false;
    if (new_brk < brk_start || newp < new_brk || table_room(2) < 0)
        goto out;
    if (newp == oldp) {
        brk_cur = new_brk;
    } else if (newp < oldp) {
        if (host_reserve(newp, oldp - newp) == 0) {
            shrunk_any = table_remove(newp, oldp, NULL);
            brk_cur = new_brk;
        }
    } else {
        /* Like the kernel: the new pages plus one guard page must be free and in range. */
        if (!guest_in_range(oldp, newp - oldp + GUEST_PAGE_SIZE)
            || !range_free(oldp, newp + GUEST_PAGE_SIZE) || !may_expand(newp - oldp, 0))
            goto out;
        void *p = host_mmap(oldp, newp - oldp, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p == MAP_FAILED) {
            (void)host_reserve(oldp, newp - oldp);
            goto out;
        }
        struct guest_vma v = { .start = oldp, .end = newp, .prot = PROT_READ | PROT_WRITE,
                               .flags = MAP_PRIVATE | MAP_ANONYMOUS, .name = "[heap]" };
        table_insert(&v);
        brk_cur = new_brk;
    }
out:;
    guest_addr cur = brk_cur;
    pthread_rwlock_unlock(&as_lock);
    code_changed(shrunk_any, newp, oldp > newp ? oldp - newp : 0);
    return cur;
}

/* ---- fork ---------------------------------------------------------------------------------- */

/* Around a host fork (syscall/fork.c): the table is held for writing, so no other thread is
 * half-way through a change the child would inherit, and the child starts with a free lock
 * (its holder, this thread, has another tid there: re-initialised, not unlocked). */
void guest_as_fork_prepare(void)
{
    pthread_rwlock_wrlock(&as_lock);
}

void guest_as_fork_parent(void)
{
    pthread_rwlock_unlock(&as_lock);
}

void guest_as_fork_child(void)
{
    pthread_rwlock_init(&as_lock, NULL);
}
