/*
 * tests/unit/test_addrspace.c - the guest address space (mem/addrspace.c) and the checked
 * copies on top of it (mem/uaccess.c).
 *
 * Each criterion test runs in its own process, so each starts from a fresh reservation. The
 * "over everything" tests are the point of design decision 1: whatever the guest maps or
 * unmaps inside its range, the runner's heap, stack and code keep working and nothing above
 * GUEST_LIMIT can be reached.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "mem/uaccess.h"

#define PG GUEST_PAGE_SIZE

static void as_setup(void)
{
    int r = guest_as_init();
    cr_assert_eq(r, 0, "guest_as_init: %s", strerror(-r));
}

static void stack_setup(void)
{
    struct rlimit rl = { 8 << 20, RLIM_INFINITY };
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = 8 << 20;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur)
        rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_STACK, &rl);
    cr_assert_eq(guest_stack_init(false, 0), 0);
}

static size_t count_vmas(void)
{
    struct guest_vma v;
    size_t n = 0;
    while (guest_as_vma(n, &v))
        n++;
    return n;
}

/* The table entry covering addr, or a zeroed one. */
static struct guest_vma vma_at(guest_addr addr)
{
    struct guest_vma v;
    for (size_t i = 0; guest_as_vma(i, &v); i++)
        if (v.start <= addr && addr < v.end)
            return v;
    memset(&v, 0, sizeof v);
    return v;
}

static guest_addr changed_start[16];
static uint64_t changed_len[16];
static int nchanged;
static void record_change(guest_addr start, uint64_t len)
{
    if (nchanged < 16) {
        changed_start[nchanged] = start;
        changed_len[nchanged] = len;
    }
    nchanged++;
}

static long anon(guest_addr addr, uint64_t len, int prot, int extra)
{
    return guest_mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0, NULL);
}

Test(addrspace, init_reserves_the_range_and_is_idempotent)
{
    as_setup();
    cr_assert_eq(guest_as_init(), 0);
    /* The host sees the whole guest range as taken: it can place nothing there. */
    void *p = mmap((void *)(uintptr_t)GUEST_BASE, PG, PROT_READ,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, MAP_FAILED);
    cr_assert_eq(errno, EEXIST);
    p = mmap((void *)(uintptr_t)(GUEST_LIMIT - PG), PG, PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, MAP_FAILED);
    cr_assert_eq(count_vmas(), 0);
    cr_assert(!guest_as_accessible(GUEST_BASE, 1, PROT_READ));
}

Test(addrspace, stack_without_aslr_ends_at_the_limit)
{
    as_setup();
    stack_setup();
    cr_assert_eq(guest_stack_top(), GUEST_LIMIT);
    struct guest_vma v = vma_at(GUEST_LIMIT - 1);
    cr_assert_str_eq(v.name, "[stack]");
    cr_assert_eq(v.end, GUEST_LIMIT);
    cr_assert_eq(v.end - v.start, 8u << 20);
    cr_assert_eq(v.prot, PROT_READ | PROT_WRITE);
    /* mmap placement starts 128 MiB below the stack top (Linux's MIN_GAP). */
    long a = anon(0, PG, PROT_READ, 0);
    cr_assert_eq((guest_addr)a, GUEST_LIMIT - (128u << 20) - PG);
}

Test(addrspace, stack_with_aslr_moves_and_can_be_executable)
{
    as_setup();
    cr_assert_eq(guest_stack_init(true, PROT_EXEC), 0);
    guest_addr top = guest_stack_top();
    cr_assert(top <= GUEST_LIMIT && top > GUEST_LIMIT - (GUEST_LIMIT >> 8));
    cr_assert_eq(top % PG, 0);
    cr_assert_eq(vma_at(top - 1).prot, PROT_READ | PROT_WRITE | PROT_EXEC);
}

Test(addrspace, non_fixed_mmaps_go_top_down_and_honour_free_hints)
{
    as_setup();
    stack_setup();
    long a = anon(0, 3 * PG, PROT_READ | PROT_WRITE, 0);
    long b = anon(0, PG, PROT_READ | PROT_WRITE, 0);
    cr_assert_gt(a, 0);
    cr_assert_eq(b, a - PG, "second mapping right below the first");
    long c = anon(0x100000, PG, PROT_READ, 0);
    cr_assert_eq(c, 0x100000, "a free hint is used");
    long d = anon(0x100000, PG, PROT_READ, 0);
    cr_assert_neq(d, 0x100000, "a taken hint is not");
    long e = anon(GUEST_LIMIT + 0x100000, PG, PROT_READ, 0);
    cr_assert(e > 0 && guest_in_range((guest_addr)e, PG), "a hint above the range is ignored");
    long low = anon(0x1000, PG, PROT_READ, 0);
    cr_assert_eq(low, GUEST_BASE, "a hint below the range means its bottom");
    long f = anon(0x200123, 10, PROT_READ, 0);
    cr_assert_eq(f, 0x201000, "hints are rounded up to a page, lengths too");
    cr_assert_eq(vma_at(0x201000).end, 0x202000);
    memset(g2h((guest_addr)a), 0x5a, 3 * PG);
}

Test(addrspace, fixed_mappings_check_range_and_replace)
{
    as_setup();
    guest_as_code_changed = record_change;
    cr_assert_eq(anon(0x400000, 4 * PG, PROT_READ | PROT_EXEC, MAP_FIXED), 0x400000);
    cr_assert_eq(nchanged, 0, "nothing was replaced");
    cr_assert_eq(anon(0x401000, PG, PROT_READ, MAP_FIXED_NOREPLACE), -EEXIST);
    cr_assert_eq(anon(0x401000, PG, PROT_READ, MAP_FIXED_NOREPLACE | MAP_FIXED), -EEXIST);
    cr_assert_eq(anon(0x402000, PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x402000);
    cr_assert_eq(nchanged, 1);
    cr_assert_eq(changed_start[0], 0x402000);
    cr_assert_eq(changed_len[0], PG);
    cr_assert_eq(count_vmas(), 3, "split into before, new, after");
    cr_assert_eq(vma_at(0x403000).prot, PROT_READ | PROT_EXEC);
    cr_assert_eq(anon(0x401001, PG, PROT_READ, MAP_FIXED), -EINVAL);
    cr_assert_eq(anon(GUEST_LIMIT, PG, PROT_READ, MAP_FIXED), -ENOMEM);
    cr_assert_eq(anon(GUEST_LIMIT - PG, 2 * PG, PROT_READ, MAP_FIXED), -ENOMEM);
    cr_assert_eq(anon(0x1000, PG, PROT_READ, MAP_FIXED), -EPERM);
    cr_assert_eq(anon(0x400000, 0, PROT_READ, MAP_FIXED), -EINVAL);
    cr_assert_eq(guest_mmap(0x400000, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, -1, 1, NULL),
                 -EINVAL, "unaligned offset");
}

Test(addrspace, adjacent_compatible_mappings_merge)
{
    as_setup();
    cr_assert_eq(anon(0x400000, PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x400000);
    cr_assert_eq(anon(0x401000, PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x401000);
    cr_assert_eq(count_vmas(), 1);
    cr_assert_eq(vma_at(0x400000).end, 0x402000);
    cr_assert_eq(anon(0x402000, PG, PROT_READ, MAP_FIXED), 0x402000);
    cr_assert_eq(count_vmas(), 2);
}

Test(addrspace, failed_host_mmap_leaves_no_hole)
{
    as_setup();
    long r = guest_mmap(0x400000, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, 987, 0, NULL);
    cr_assert_eq(r, -EBADF);
    cr_assert_eq(count_vmas(), 0);
    void *p = mmap((void *)0x400000, PG, PROT_READ,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, MAP_FAILED, "the reservation is still there");
}

Test(addrspace, munmap_splits_and_restores_the_reservation)
{
    as_setup();
    guest_as_code_changed = record_change;
    cr_assert_eq(anon(0x400000, 3 * PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x400000);
    memset(g2h(0x400000), 1, 3 * PG);
    cr_assert_eq(guest_munmap(0x401000, PG), 0);
    cr_assert_eq(nchanged, 1);
    cr_assert_eq(count_vmas(), 2);
    cr_assert(guest_as_accessible(0x400000, PG, PROT_READ | PROT_WRITE));
    cr_assert(!guest_as_accessible(0x400000, 2 * PG, PROT_READ));
    cr_assert(guest_as_accessible(0x402000, PG, PROT_WRITE));
    void *p = mmap((void *)0x401000, PG, PROT_READ,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, MAP_FAILED, "the hole is reserved again, not free for the host");
    cr_assert_eq(guest_munmap(0x600000, PG), 0, "unmapping nothing is fine");
    cr_assert_eq(nchanged, 1, "and drops no code");
    cr_assert_eq(guest_munmap(0x400001, PG), -EINVAL);
    cr_assert_eq(guest_munmap(0x400000, 0), -EINVAL);
    cr_assert_eq(guest_munmap(GUEST_LIMIT, PG), -EINVAL);
    /* Re-mapping the hole gives zeroed memory. */
    cr_assert_eq(anon(0x401000, PG, PROT_READ, MAP_FIXED), 0x401000);
    cr_assert_eq(*(volatile char *)g2h(0x401000), 0);
}

/* guest_map_by with a host call other than mmap (System V shmat's): placed by the table,
 * never by the host, and recorded with its entry. */
static long shmat_at(void *ctx, guest_addr at, uint64_t len)
{
    long r = (long)shmat(*(int *)ctx, g2h(at), SHM_REMAP);
    return r == -1 ? -errno : 0;
}

static long fail_at(void *ctx, guest_addr at, uint64_t len)
{
    return -EACCES;
}

Test(addrspace, map_by_places_records_and_undoes)
{
    as_setup();
    stack_setup();
    guest_as_code_changed = record_change;
    int id = shmget(IPC_PRIVATE, 2 * PG + 1, IPC_CREAT | 0600);
    cr_assert_geq(id, 0);
    struct guest_vma e = { .prot = PROT_READ | PROT_WRITE, .flags = MAP_SHARED,
                           .shm_size = 2 * PG + 1, .shmid = id, .name = "/SYSV00000000 (deleted)" };
    long a = guest_map_by(0, 2 * PG + 1, GUEST_PLACE_HINT, &e, shmat_at, &id);
    shmctl(id, IPC_RMID, NULL);   /* goes with the last detach or exit, whatever fails below */
    cr_assert_gt(a, 0);
    cr_assert(guest_in_range((guest_addr)a, 3 * PG), "the host never chose the address");
    struct guest_vma v = vma_at((guest_addr)a);
    cr_assert_eq(v.end - v.start, 3 * PG);
    cr_assert_eq(v.shm_size, 2 * PG + 1);
    cr_assert_eq(v.shmid, id);
    cr_assert_str_eq(v.name, "/SYSV00000000 (deleted)");
    memset(g2h((guest_addr)a), 5, 3 * PG);

    cr_assert_eq(anon(0x400000, 4 * PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x400000);
    cr_assert_eq(guest_map_by(0x400000, PG, GUEST_PLACE_KEEP, &e, shmat_at, &id), -EINVAL);
    cr_assert_eq(guest_map_by(0x401000, PG, GUEST_PLACE_KEEP, &e, shmat_at, &id), -EINVAL);
    cr_assert_eq(guest_map_by(0x400000, 3 * PG, GUEST_PLACE_FIXED, &e, shmat_at, &id), 0x400000);
    cr_assert_eq(*(volatile char *)g2h(0x400000), 5, "the segment's bytes");
    cr_assert_eq(vma_at(0x400000).shm_size, 2 * PG + 1);
    cr_assert_eq(vma_at(0x403000).shm_size, 0, "the anonymous page above stays");
    cr_assert_eq(guest_map_by(GUEST_LIMIT, PG, GUEST_PLACE_KEEP, &e, shmat_at, &id), -ENOMEM);
    cr_assert_eq(guest_map_by(0x1000, PG, GUEST_PLACE_KEEP, &e, shmat_at, &id), -EPERM);
    cr_assert_eq(guest_map_by(0x600001, PG, GUEST_PLACE_KEEP, &e, shmat_at, &id), -EINVAL);
    cr_assert_eq(guest_map_by(0x600000, PG, GUEST_PLACE_KEEP, &e, fail_at, NULL), -EACCES);
    cr_assert_eq(vma_at(0x600000).end, 0);
    void *p = mmap((void *)0x600000, PG, PROT_READ,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, MAP_FAILED, "a failed host call leaves the reservation");

    cr_assert_eq(guest_munmap(0x400000, 3 * PG), 0, "munmap detaches");
    cr_assert_eq(guest_munmap((guest_addr)a, 3 * PG), 0);
    struct shmid_ds ds;
    cr_assert_lt(shmctl(id, IPC_STAT, &ds), 0, "the last detach destroyed the segment");
}

Test(addrspace, mprotect_needs_mapped_pages_and_reports_lost_exec)
{
    as_setup();
    guest_as_code_changed = record_change;
    cr_assert_eq(anon(0x400000, 4 * PG, PROT_READ | PROT_EXEC, MAP_FIXED), 0x400000);
    cr_assert_eq(guest_mprotect(0x401000, PG, PROT_READ | PROT_EXEC), 0);
    cr_assert_eq(nchanged, 0, "exec kept");
    cr_assert_eq(guest_mprotect(0x401000, 2 * PG, PROT_READ | PROT_WRITE), 0);
    cr_assert_eq(nchanged, 1);
    cr_assert_eq(changed_start[0], 0x401000);
    cr_assert_eq(changed_len[0], 2 * PG);
    cr_assert_eq(count_vmas(), 3);
    *(volatile char *)g2h(0x401000) = 7;
    cr_assert(guest_as_accessible(0x401000, 2 * PG, PROT_WRITE));
    cr_assert(!guest_as_accessible(0x400000, 2 * PG, PROT_WRITE));
    cr_assert_eq(guest_mprotect(0x403000, 2 * PG, PROT_READ), -ENOMEM, "runs past the mapping");
    cr_assert_eq(vma_at(0x403000).prot, PROT_READ | PROT_EXEC, "and changed nothing");
    cr_assert_eq(guest_mprotect(0x400001, PG, PROT_READ), -EINVAL);
    cr_assert_eq(guest_mprotect(0x400000, 0, PROT_READ), 0);
    cr_assert_eq(guest_mprotect(0x400000, 4 * PG, PROT_READ | PROT_EXEC), 0);
    cr_assert_eq(count_vmas(), 1, "merged back");
}

Test(addrspace, mprotect_growsdown_widens_to_the_stack_start)
{
    as_setup();
    stack_setup();
    guest_addr top = guest_stack_top();
    cr_assert_eq(guest_mprotect(top - PG, PG, PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN),
                 0);
    cr_assert_eq(vma_at(top - (8 << 20)).prot, PROT_READ | PROT_WRITE | PROT_EXEC);
    cr_assert_eq(anon(0x400000, PG, PROT_READ, MAP_FIXED), 0x400000);
    cr_assert_eq(guest_mprotect(0x400000, PG, PROT_READ | PROT_GROWSDOWN), -EINVAL);
}

Test(addrspace, mremap_shrinks_grows_and_moves)
{
    as_setup();
    stack_setup();
    guest_as_code_changed = record_change;
    cr_assert_eq(anon(0x400000, 2 * PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x400000);
    memset(g2h(0x400000), 0x11, 2 * PG);
    /* grow in place into free space */
    cr_assert_eq(guest_mremap(0x400000, 2 * PG, 4 * PG, 0, 0), 0x400000);
    cr_assert_eq(vma_at(0x400000).end, 0x404000);
    cr_assert_eq(*(char *)g2h(0x401fff), 0x11);
    cr_assert_eq(*(volatile char *)g2h(0x403fff), 0);
    /* shrink */
    cr_assert_eq(guest_mremap(0x400000, 4 * PG, PG, 0, 0), 0x400000);
    cr_assert(!guest_as_accessible(0x401000, 1, PROT_READ));
    /* blocked growth without MAYMOVE fails, with it moves */
    cr_assert_eq(anon(0x401000, PG, PROT_READ, MAP_FIXED), 0x401000);
    cr_assert_eq(guest_mremap(0x400000, PG, 2 * PG, 0, 0), -ENOMEM);
    nchanged = 0;
    long m = guest_mremap(0x400000, PG, 2 * PG, MREMAP_MAYMOVE, 0);
    cr_assert(m > 0 && m != 0x400000);
    cr_assert_eq(*(char *)g2h((guest_addr)m), 0x11);
    cr_assert(!guest_as_accessible(0x400000, 1, PROT_READ), "the old place is gone");
    cr_assert_geq(nchanged, 1);
    cr_assert_eq(changed_start[0], 0x400000);
    void *p = mmap((void *)0x400000, PG, PROT_READ,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, MAP_FAILED, "and reserved again");
    /* MREMAP_FIXED onto a chosen address */
    cr_assert_eq(guest_mremap((guest_addr)m, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
                              0x800000), 0x800000);
    cr_assert_eq(*(char *)g2h(0x800000), 0x11);
    cr_assert_eq(vma_at(0x800000).prot, PROT_READ | PROT_WRITE);
    /* DONTUNMAP keeps the old range mapped (and empty) */
    cr_assert_eq(guest_mremap(0x800000, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0) > 0,
                 1);
    cr_assert(guest_as_accessible(0x800000, 2 * PG, PROT_READ | PROT_WRITE));
    cr_assert_eq(*(volatile char *)g2h(0x800000), 0);
}

Test(addrspace, mremap_rejects_what_linux_rejects)
{
    as_setup();
    cr_assert_eq(anon(0x400000, 2 * PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x400000);
    cr_assert_eq(guest_mremap(0x400000, PG, PG, MREMAP_FIXED, 0x800000), -EINVAL);
    cr_assert_eq(guest_mremap(0x400000, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0), -EINVAL);
    cr_assert_eq(guest_mremap(0x400000, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0x401000),
                 -EINVAL, "overlapping source and destination");
    cr_assert_eq(guest_mremap(0x400000, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
                              GUEST_LIMIT), -EINVAL);
    cr_assert_eq(guest_mremap(0x500000, PG, 2 * PG, MREMAP_MAYMOVE, 0), -EFAULT, "not mapped");
    cr_assert_eq(guest_mremap(0x400000, 3 * PG, 4 * PG, MREMAP_MAYMOVE, 0), -EFAULT,
                 "runs past the mapping");
    cr_assert_eq(guest_mremap(0x400000, PG, 0, 0, 0), -EINVAL);
    cr_assert_eq(guest_mremap(0x400000, 0, PG, MREMAP_MAYMOVE, 0), -EINVAL,
                 "duplicating a private mapping");
}

Test(addrspace, brk_grows_shrinks_and_never_overwrites)
{
    as_setup();
    guest_brk_init(0x600000);
    cr_assert_eq(guest_brk(0), 0x600000);
    cr_assert_eq(guest_brk(0x500000), 0x600000, "below the start: unchanged");
    cr_assert_eq(guest_brk(0x600010), 0x600010);
    cr_assert_str_eq(vma_at(0x600000).name, "[heap]");
    *(volatile char *)g2h(0x60000f) = 3;
    cr_assert_eq(guest_brk(0x603000), 0x603000);
    cr_assert_eq(count_vmas(), 1);
    cr_assert_eq(vma_at(0x600000).end, 0x603000);
    cr_assert_eq(guest_brk(0x601000), 0x601000);
    cr_assert(!guest_as_accessible(0x601000, 1, PROT_READ));
    cr_assert_eq(anon(0x605000, PG, PROT_READ, MAP_FIXED), 0x605000);
    cr_assert_eq(guest_brk(0x606000), 0x601000, "would cover a mapping: old break");
    cr_assert_eq(guest_brk(0x604001), 0x601000, "one guard page must stay before the mapping");
    cr_assert_eq(guest_brk(0x604000), 0x604000);
    cr_assert_eq(vma_at(0x605000).prot, PROT_READ, "the mapping is untouched");
    cr_assert_eq(vma_at(0x603fff).end, 0x604000);
    cr_assert_eq(guest_brk(GUEST_LIMIT + 0x1000), 0x604000);
}

static int depth(int n)
{
    volatile int buf[64];
    buf[n % 64] = n;
    return n ? depth(n - 1) + buf[n % 64] : 0;
}

static void runner_still_works(void)
{
    char *heap = malloc(1 << 20);
    cr_assert_not_null(heap);
    memset(heap, 0x77, 1 << 20);
    cr_assert_eq(heap[12345], 0x77);
    cr_assert((uintptr_t)heap >= GUEST_LIMIT, "runner heap above the guest range");
    free(heap);
    void *big = malloc(64 << 20);    /* mmap'ed by malloc */
    cr_assert_not_null(big);
    cr_assert((uintptr_t)big >= GUEST_LIMIT);
    memset(big, 1, 64 << 20);
    free(big);
    cr_assert_eq(depth(1000), 1000 * 1001 / 2);
    int (*fn)(int) = depth;
    cr_assert((uintptr_t)fn >= GUEST_LIMIT, "runner code above the guest range");
    cr_assert_eq(fn(3), 6);
}

static void over_everything(int extra)
{
    as_setup();
    stack_setup();
    guest_as_code_changed = record_change;
    long r = anon(GUEST_BASE, GUEST_LIMIT - GUEST_BASE, PROT_READ | PROT_WRITE, MAP_FIXED | extra);
    cr_assert(r == (long)GUEST_BASE || r == -ENOMEM, "map over everything: %ld", r);
    if (r > 0) {
        cr_assert_eq(count_vmas(), 1);
        cr_assert_eq(nchanged, 1, "the stack was replaced");
        *(volatile char *)g2h(GUEST_BASE) = 1;
        *(volatile char *)g2h(GUEST_LIMIT - 1) = 1;
    }
    runner_still_works();
    cr_assert_eq(guest_munmap(GUEST_BASE, GUEST_LIMIT - GUEST_BASE), 0);
    cr_assert_eq(count_vmas(), 0);
    runner_still_works();
    /* Nothing above the range can be reached, whatever the flags. */
    cr_assert_eq(anon(GUEST_LIMIT, PG, PROT_READ | PROT_WRITE, MAP_FIXED), -ENOMEM);
    cr_assert_eq(anon(GUEST_LIMIT, PG, PROT_READ | PROT_WRITE, MAP_FIXED_NOREPLACE), -ENOMEM);
    uintptr_t runner = (uintptr_t)&runner_still_works & ~(uintptr_t)(PG - 1);
    cr_assert_eq(anon(runner, PG, PROT_READ | PROT_WRITE, MAP_FIXED), -ENOMEM);
    cr_assert_eq(guest_munmap(runner, PG), -EINVAL);
    cr_assert_eq(guest_mprotect(runner, PG, PROT_NONE), -ENOMEM);
    cr_assert_eq(guest_mremap(runner, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0x400000), -EFAULT);
    cr_assert(!guest_as_accessible(runner, 1, PROT_READ));
    /* and the reservation still fences the range off from the host */
    void *p = mmap(NULL, 1 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert((uintptr_t)p >= GUEST_LIMIT);
    p = mmap((void *)(uintptr_t)GUEST_BASE, PG, PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, MAP_FAILED);
    runner_still_works();
}

Test(addrspace, map_over_everything_noreserve_cannot_touch_the_runner) { over_everything(MAP_NORESERVE); }
Test(addrspace, map_over_everything_cannot_touch_the_runner) { over_everything(0); }

Test(addrspace, file_mappings_keep_names_and_offsets_through_splits)
{
    as_setup();
    char path[] = "/tmp/crossrun-test-as-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    unlink(path);
    for (int i = 0; i < 4; i++) {
        char page[PG];
        memset(page, 'a' + i, sizeof page);
        cr_assert_eq(write(fd, page, sizeof page), (ssize_t)PG);
    }
    cr_assert_eq(guest_mmap(0x400000, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0, NULL),
                 0x400000);
    struct guest_vma v = vma_at(0x400000);
    cr_assert_neq(strstr(v.name, "crossrun-test-as-"), NULL, "named after the file: %s", v.name);
    cr_assert_eq(guest_mprotect(0x402000, PG, PROT_READ | PROT_WRITE), 0);
    cr_assert_eq(vma_at(0x402000).offset, 2 * PG);
    cr_assert_eq(vma_at(0x403000).offset, 3 * PG);
    cr_assert_eq(guest_munmap(0x401000, PG), 0);
    cr_assert_eq(vma_at(0x400000).offset, 0);
    cr_assert_eq(*(char *)g2h(0x403000), 'd');
    /* moving keeps the file offset with the pages */
    cr_assert_eq(guest_mremap(0x403000, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0x500000),
                 0x500000);
    cr_assert_eq(vma_at(0x500000).offset, 3 * PG);
    cr_assert_eq(*(char *)g2h(0x500000), 'd');
    /* mprotect back: pieces with contiguous offsets merge again */
    cr_assert_eq(guest_mprotect(0x402000, PG, PROT_READ), 0);
    cr_assert_eq(guest_mmap(0x401000, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, PG, NULL),
                 0x401000);
    cr_assert_eq(vma_at(0x400000).end, 0x403000);
    close(fd);
}

/* ---- random operations against a page-by-page model ------------------------------------ */

#define WIN   UINT64_C(0x10000000)
#define NPG   64
static int model_prot[NPG];          /* -1 unmapped, else PROT_* */
static unsigned char model_tag[NPG]; /* first byte of each page */

static void check_against_model(int step)
{
    struct guest_vma v, prev = { 0 };
    for (size_t i = 0; guest_as_vma(i, &v); i++) {
        cr_assert(v.start < v.end && v.start % PG == 0 && v.end % PG == 0, "step %d", step);
        if (i > 0) {
            cr_assert_leq(prev.end, v.start, "step %d: sorted, no overlap", step);
            cr_assert(!(prev.end == v.start && prev.prot == v.prot && prev.flags == v.flags
                        && !strcmp(prev.name, v.name)), "step %d: left unmerged", step);
        }
        prev = v;
    }
    for (int pg = 0; pg < NPG; pg++) {
        guest_addr a = WIN + (guest_addr)pg * PG;
        int m = model_prot[pg];
        cr_assert_eq(guest_as_accessible(a, PG, 0), m >= 0, "step %d page %d mapped", step, pg);
        if (m < 0)
            continue;
        cr_assert_eq(vma_at(a).prot, m, "step %d page %d prot", step, pg);
        if (m & PROT_READ)
            cr_assert_eq(*(volatile unsigned char *)g2h(a), model_tag[pg],
                         "step %d page %d content", step, pg);
    }
}

Test(addrspace, random_operations_match_a_page_model)
{
    as_setup();
    static const int prots[] = { PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE,
                                 PROT_READ | PROT_EXEC };
    for (int pg = 0; pg < NPG; pg++)
        model_prot[pg] = -1;
    srandom(12345);
    unsigned char tag = 0;
    for (int step = 0; step < 3000; step++) {
        int a = (int)(random() % NPG), n = 1 + (int)(random() % 8);
        if (a + n > NPG)
            n = NPG - a;
        guest_addr ga = WIN + (guest_addr)a * PG;
        int prot = prots[random() % 4];
        switch (random() % 4) {
        case 0:
            cr_assert_eq(anon(ga, (uint64_t)n * PG, prot, MAP_FIXED), (long)ga);
            for (int i = a; i < a + n; i++) {
                model_prot[i] = prot;
                model_tag[i] = 0;
                if (prot & PROT_WRITE) {
                    model_tag[i] = ++tag;
                    *(unsigned char *)g2h(WIN + (guest_addr)i * PG) = tag;
                }
            }
            break;
        case 1:
            cr_assert_eq(guest_munmap(ga, (uint64_t)n * PG), 0);
            for (int i = a; i < a + n; i++)
                model_prot[i] = -1;
            break;
        case 2: {
            bool all = true;
            for (int i = a; i < a + n; i++)
                all &= model_prot[i] >= 0;
            cr_assert_eq(guest_mprotect(ga, (uint64_t)n * PG, prot), all ? 0 : -ENOMEM);
            for (int i = a; all && i < a + n; i++)
                model_prot[i] = prot;
            break;
        }
        default: {
            /* move n pages lying in one table entry to a disjoint place in the window */
            struct guest_vma v = vma_at(ga);
            int d = (int)(random() % (NPG - n + 1));
            if (!v.end || ga + (uint64_t)n * PG > v.end || (d < a + n && a < d + n))
                break;
            guest_addr gd = WIN + (guest_addr)d * PG;
            cr_assert_eq(guest_mremap(ga, (uint64_t)n * PG, (uint64_t)n * PG,
                                      MREMAP_MAYMOVE | MREMAP_FIXED, gd), (long)gd);
            int mp[8];
            unsigned char mt[8];
            for (int i = 0; i < n; i++) {
                mp[i] = model_prot[a + i];
                mt[i] = model_tag[a + i];
                model_prot[a + i] = -1;
            }
            for (int i = 0; i < n; i++) {
                model_prot[d + i] = mp[i];
                model_tag[d + i] = mt[i];
            }
            break;
        }
        }
        check_against_model(step);
    }
}

static long thread_addrs[8][200];
static void *map_many(void *arg)
{
    long *out = arg;
    for (int i = 0; i < 200; i++) {
        out[i] = anon(0, PG, PROT_READ | PROT_WRITE, 0);
        if (out[i] > 0)
            *(volatile long *)g2h((guest_addr)out[i]) = out[i];
        if (i % 3 == 2 && out[i - 1] > 0 && guest_munmap((guest_addr)out[i - 1], PG) == 0)
            out[i - 1] = 0;
    }
    return NULL;
}

Test(addrspace, threads_never_get_the_same_range)
{
    as_setup();
    stack_setup();
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, map_many, thread_addrs[i]), 0);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    size_t live = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 200; j++) {
            long a = thread_addrs[i][j];
            if (a == 0)
                continue;
            cr_assert_gt(a, 0);
            cr_assert_eq(*(long *)g2h((guest_addr)a), a, "page written by one thread only");
            cr_assert(guest_as_accessible((guest_addr)a, PG, PROT_WRITE));
            live++;
        }
    size_t pages = 0;
    struct guest_vma v;
    for (size_t i = 0; guest_as_vma(i, &v); i++)
        if (strcmp(v.name, "[stack]") != 0)
            pages += (v.end - v.start) / PG;
    cr_assert_eq(pages, live);
}

/* ---- uaccess ----------------------------------------------------------------------------- */

Test(uaccess, copies_check_mapping_and_protection)
{
    as_setup();
    cr_assert_eq(anon(0x400000, PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x400000);
    cr_assert_eq(anon(0x401000, PG, PROT_READ, MAP_FIXED), 0x401000);
    char buf[64] = "hello";
    cr_assert_eq(copy_to_guest(0x400ff0, buf, 16), 0);
    char back[16];
    cr_assert_eq(copy_from_guest(back, 0x400ff0, 16), 0);
    cr_assert_str_eq(back, "hello");
    cr_assert_eq(copy_to_guest(0x400ff8, buf, 16), -EFAULT, "crosses into a read-only page");
    cr_assert_eq(copy_from_guest(back, 0x401ff8, 16), -EFAULT, "crosses into nothing");
    cr_assert_eq(copy_from_guest(back, 0x402000, 1), -EFAULT);
    cr_assert_eq(copy_from_guest(back, 0, 1), -EFAULT);
    cr_assert_eq(copy_from_guest(back, ~(guest_addr)0 - 4, 16), -EFAULT, "wraps around");
    cr_assert_eq(copy_from_guest(back, (uintptr_t)buf, 1), -EFAULT, "runner memory");
    cr_assert_eq(copy_to_guest(0x12345, buf, 0), 0, "nothing to copy");
    cr_assert_eq(guest_check(0x400000, 2 * PG, PROT_READ), 0);
    cr_assert_eq(guest_check(0x400000, 2 * PG, PROT_WRITE), -EFAULT);
    cr_assert_eq(guest_check(0x400000, 0, PROT_WRITE), 0);
}

Test(uaccess, strings_stop_at_the_first_unmapped_page)
{
    as_setup();
    cr_assert_eq(anon(0x400000, PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x400000);
    char *g = g2h(0x400000);
    char out[64];
    memcpy(g + PG - 6, "abcde", 6);
    cr_assert_eq(string_from_guest(out, 0x400000 + PG - 6, sizeof out), 5);
    cr_assert_str_eq(out, "abcde");
    cr_assert_eq(string_from_guest(out, 0x400000 + PG - 6, 6), 5, "exactly fits");
    cr_assert_eq(string_from_guest(out, 0x400000 + PG - 6, 5), -ENAMETOOLONG);
    memset(g + PG - 4, 'x', 4);   /* no NUL before the mapping ends */
    cr_assert_eq(string_from_guest(out, 0x400000 + PG - 4, sizeof out), -EFAULT);
    cr_assert_eq(string_from_guest(out, 0x400000 + PG - 4, 4), -ENAMETOOLONG,
                 "too long is noticed before the unmapped page is reached");
    cr_assert_eq(string_from_guest(out, 0x500000, sizeof out), -EFAULT);
    /* a long string across two mapped pages */
    cr_assert_eq(anon(0x401000, PG, PROT_READ | PROT_WRITE, MAP_FIXED), 0x401000);
    static char big[PG + 100];
    memset(g + PG - 50, 'y', 150);
    g[PG + 100] = '\0';
    cr_assert_eq(string_from_guest(big, 0x400000 + PG - 50, sizeof big), 150);
    cr_assert_eq(big[149], 'y');
    cr_assert_eq(big[150], '\0');
}
