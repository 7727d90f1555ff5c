/*
 * mem/addrspace.h - the guest's part of the host address space (design decision 1).
 *
 * At start-up the runner reserves [GUEST_BASE, GUEST_LIMIT) with PROT_NONE. Every guest mapping
 * (ELF segments, stack, brk, guest mmap) is carved out of that reservation with MAP_FIXED, and a
 * guest munmap puts PROT_NONE reservation back instead of unmapping, so the host kernel never
 * places runner memory (malloc arenas, thread stacks, libraries) inside the guest range and the
 * guest can never map over the runner. The module keeps a table of the guest's mappings (start,
 * end, prot, flags, file name) used for: placing non-fixed guest mmaps, checking guest pointers
 * (uaccess), invalidating translated code, and /proc/self/maps.
 *
 * All functions return a guest address or 0 on success, or a negative errno, never call exit().
 */
#ifndef CROSSRUN_ADDRSPACE_H
#define CROSSRUN_ADDRSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "abi/types.h"

/* Sv39: riscv64 Linux gives user space addresses below 2^38 by default.
 * AddressSanitizer (the --enable-sanitizers build) owns fixed host ranges from 0x7fff8000 up
 * (its shadow and shadow gap), so that build confines the guest to the low 2 GiB below them.
 * Every layout constant (stack top, PIE and interpreter bases, mmap base) is derived from
 * GUEST_LIMIT, never written as an absolute address, so both layouts work. */
#ifdef __SANITIZE_ADDRESS__
#define GUEST_LIMIT      UINT64_C(0x7fff0000)
#else
#define GUEST_LIMIT      (UINT64_C(1) << 38)
#endif
#define GUEST_BASE       UINT64_C(0x10000)  /* the usual vm.mmap_min_addr: page 0.. is never mapped */
#define GUEST_PAGE_SIZE  4096u
/* A load's or store's offset is a 12-bit signed immediate: its address is within this of its
 * base register. Translated code checks only the base, and leaves an address a negative offset
 * wraps past zero, into the top GUEST_IMM_REACH bytes of the 64-bit space, to the host to fault
 * on (translate/jit/emit_ctx.c, run/fault.c). */
#define GUEST_IMM_REACH  2048
#define GUEST_PAGE_LOW   ((uint64_t)GUEST_PAGE_SIZE - 1)

/* Linux riscv64 (Sv39) moves the stack top, the mmap base, the PIE base and the break by up to
 * 1 GiB each (mmap_rnd_bits = 18 bits of pages, STACK_RND_MASK, arch_randomize_brk's SZ_1G):
 * 1/256 of the range, written relative to GUEST_LIMIT so the smaller sanitizer range scales it,
 * and rounded to whole pages because every address built from it is mapped with MAP_FIXED. */
#define GUEST_RND_RANGE  ((GUEST_LIMIT >> 8) & ~GUEST_PAGE_LOW)

static inline uint64_t guest_page_down(uint64_t v) { return v & ~GUEST_PAGE_LOW; }
static inline uint64_t guest_page_up(uint64_t v) { return (v + GUEST_PAGE_LOW) & ~GUEST_PAGE_LOW; }

/* A page-aligned random offset in [0, range) for ASLR (0 when getrandom fails: only the
 * quality of the randomisation suffers). */
uint64_t guest_random_pages(uint64_t range);

/* Reserve the guest range. Returns 0 or -errno (e.g. when something already sits there). */
int guest_as_init(void) __attribute__((warn_unused_result));

/* True when [addr, addr+len) lies inside the guest range (no wraparound). Cheap: no table lookup. */
static inline bool guest_in_range(guest_addr addr, uint64_t len)
{
    return addr >= GUEST_BASE && addr <= GUEST_LIMIT && len <= GUEST_LIMIT - addr;
}

/* True when every page of [addr, addr+len) is mapped by the guest with at least `prot`
 * (PROT_READ / PROT_WRITE / PROT_EXEC bits). len 0 is always accessible. */
bool guest_as_accessible(guest_addr addr, uint64_t len, int prot);

/* Guest mmap with host flag values (abi/ converts guest flags first). Without MAP_FIXED the
 * address is a hint; placement is top-down below the stack, as the kernel does.
 * `name` labels the mapping for /proc/self/maps (may be NULL: anonymous or taken from fd). */
long guest_mmap(guest_addr addr, uint64_t len, int prot, int flags, int fd, off_t off,
                const char *name) __attribute__((warn_unused_result));
long guest_munmap(guest_addr addr, uint64_t len) __attribute__((warn_unused_result));

/* A guest mapping made by another host call than mmap (System V shmat, syscall/sysv_shm.c):
 * guest_mmap's placement, then map(ctx, at, len) makes the host mapping at the chosen page
 * with the table's lock held (it must replace what is there, reservation included, and
 * return 0 or -errno), and `entry` is recorded (its start and end filled in). How addr is taken:
 * HINT as mmap without MAP_FIXED; FIXED and NOREPLACE as MAP_FIXED and MAP_FIXED_NOREPLACE;
 * KEEP as shmat without SHM_REMAP: EINVAL when the range holds mappings, before FIXED's checks.
 * Returns the address or -errno. */
struct guest_vma;
enum guest_place { GUEST_PLACE_HINT, GUEST_PLACE_FIXED, GUEST_PLACE_NOREPLACE, GUEST_PLACE_KEEP };
typedef long (*guest_host_map_fn)(void *ctx, guest_addr at, uint64_t len);
long guest_map_by(guest_addr addr, uint64_t len, enum guest_place how, struct guest_vma *entry,
                  guest_host_map_fn map, void *ctx) __attribute__((warn_unused_result));
long guest_mprotect(guest_addr addr, uint64_t len, int prot) __attribute__((warn_unused_result));
long guest_mremap(guest_addr old_addr, uint64_t old_len, uint64_t new_len, int flags,
                  guest_addr new_addr) __attribute__((warn_unused_result));

/* brk: guest_brk_init sets the initial break (page-aligned end of the highest ELF segment).
 * guest_brk(0) returns the current break; otherwise moves it like the kernel does (returning
 * the old break on failure, never an error). */
void guest_brk_init(guest_addr start);
guest_addr guest_brk(guest_addr new_brk);

/* The stack (mem/stack.c). Maps the grows-down "[stack]" region (RLIMIT_STACK, clamped to [128 KiB, 256 MiB]) ending at a top just
 * below GUEST_LIMIT (lowered by a random page offset when randomize) and puts the base for
 * top-down mmap placement a kernel-sized gap below it. prot adds PROT_EXEC for PT_GNU_STACK.
 * Called once by the loader, before it places anything non-fixed. 0 or -errno. */
int guest_stack_init(bool randomize, int prot) __attribute__((warn_unused_result));

/* After the loader wrote the initial stack down to `low`: the "[stack]" mapping keeps only
 * 128 KiB below that page, as the kernel's setup_arg_pages leaves it; the rest is reservation
 * again, into which the stack grows on demand (guest_as_grow_stack). */
void guest_stack_settle(guest_addr low);

/* A guest access at addr that found no mapping: when addr lies below a grows-down mapping (the
 * main stack, MAP_GROWSDOWN), grows that mapping down to addr's page as the kernel does
 * (RLIMIT_STACK, stack_guard_gap, RLIMIT_AS) and returns true; otherwise false. Called by
 * the fault path (from a host signal handler) and by the checked copies. */
bool guest_as_grow_stack(guest_addr addr);

/* The top of the guest stack region and where top-down mmap placement starts below it. */
guest_addr guest_stack_top(void);

/* RLIMIT_AS. The reservation and the runner's own memory (code cache, heap, host thread stacks,
 * a sanitizer's shadow) count in the host process's address space but are no part of the
 * guest's, so the host limit is the guest's raised by a fixed allowance (mem/addrspace.c):
 * a guest that runs `ulimit -v` still has a runner that works, and an exec'd runner takes the
 * guest's value back by the same rule. The guest's own soft limit is enforced on guest mappings
 * (mmap, mremap, brk), as the kernel's may_expand_vm does. RLIM_INFINITY maps to itself. */
uint64_t guest_as_rlimit_to_host(uint64_t guest_limit);
uint64_t guest_as_rlimit_from_host(uint64_t host_limit);
/* Records the guest's new soft limit (after a successful setrlimit/prlimit on itself). */
void guest_as_set_rlimit(uint64_t guest_soft_limit);

/* Iterate mappings (for /proc/self/maps and tests). Returns false when idx is past the end. */
struct guest_vma {
    guest_addr start, end;   /* [start, end), page aligned */
    int prot;                /* PROT_* */
    int flags;               /* MAP_PRIVATE / MAP_SHARED / MAP_ANONYMOUS / MAP_GROWSDOWN */
    uint64_t offset;         /* file offset of start */
    uint64_t shm_size;       /* a SysV shm attachment: the segment's size in bytes; else 0 */
    int shmid;               /* ... and the segment's id */
    char name[128];          /* file path, "[stack]", "[heap]" or "" */
};
bool guest_as_vma(size_t idx, struct guest_vma *out);
/* The mapping holding addr, in one search of the table; false when none does. */
bool guest_as_vma_at(guest_addr addr, struct guest_vma *out);

/* Called after any change that can drop or replace guest code (munmap, mprotect losing EXEC,
 * MAP_FIXED over existing pages) so engines forget translations of that range. Set by translate/. */
extern void (*guest_as_code_changed)(guest_addr start, uint64_t len);

/* Around a host fork: take the table's lock / release it in the parent / reset it in the
 * child, which has only the forking thread. */
void guest_as_fork_prepare(void);
void guest_as_fork_parent(void);
void guest_as_fork_child(void);

#endif
