/*
 * translate/jit/codemem.c - regions of translated code (see codemem.h).
 *
 * Finding a translation by host pc must work inside the host fault handler, so each region
 * keeps an append-only index of (code start, translation) pairs in allocation order, which is
 * address order: a reader binary-searches the prefix it sees (the count is published with a
 * release store after the entry). The index is reserved at its largest size up front and
 * committed by the kernel page by page as it fills.
 *
 * fork: a region of one private mapping becomes the child's own copy by the host's
 * copy-on-write. The two views of a region mapped twice are one shared anonymous mapping and its
 * alias, which a host fork leaves shared between parent and child: each would see the other's
 * new code and chain patches, which name translations the other does not have. So the child
 * moves every such region onto shared memory of its own at once, same addresses and bytes,
 * keeping every translation, while the parent waits with the translator's and the code cache's
 * locks held, so that nothing it writes meanwhile reaches the child's copy (a few hundred
 * microseconds for a megabyte of code).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "translate/jit/codemem.h"
#include "translate/jit/pinned.h"
#include "translate/jit/x86_emit.h"

/* Smallest translation the index is sized for: below this a region counts as full earlier. */
#define MIN_TRANSLATION 48
#define INDEX_ENTRIES (RV_CODEMEM_REGION_SIZE / MIN_TRANSLATION)
/* Hot code fills the region's first part, cold code (codemem.h) the rest, from COLD_START. */
#define COLD_START (RV_CODEMEM_REGION_SIZE / 2)
#define EXIT_PATH_ROOM 128
#define FAULT_TAIL_ROOM 64
#define PREFAULT_BYTES ((size_t)64 << 10)
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

struct index_entry {
    uintptr_t start;
    struct rv_tb *tb;
};

struct rv_region {
    uint8_t *rx, *rw;                 /* the two views, RV_CODEMEM_REGION_SIZE each (equal when
                                       * the region is one writable and executable mapping) */
    size_t used;                      /* bytes of the hot part allocated (exit path first) */
    size_t cold_used;                 /* bytes of the cold part allocated (from COLD_START) */
    struct index_entry *index;        /* INDEX_ENTRIES, lazily committed */
    uint32_t *cold_index;             /* entry k's cold part starts at rx + cold_index[k] */
    _Atomic size_t count;             /* entries published */
    _Atomic size_t live;              /* translations not yet released */
    bool retired;                     /* no longer allocated from (allocator lock) */
    int slot;                         /* position in regions[] */
};

/* At most this many regions exist at once: the current one and those retired but still
 * holding translations some thread may run (normally one). */
#define MAX_REGIONS 8
static struct rv_region *_Atomic regions[MAX_REGIONS];
static struct rv_region *current;
static pthread_mutex_t alloc_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t regions_opened;

/* rv_codemem_enter's code: a private page, written once. */
static uintptr_t (*enter_fn)(void *cpu, const void *code);

/* Bytes of host stack the frames of guest calls may take (translate.c): deeper recursion
 * leaves for the dispatcher, which starts the stack afresh. */
#define CALL_FRAMES_BYTES (256u << 10)

/* The exit path: rax holds the exit value; puts the pinned guest registers back into struct
 * rv_cpu (pinned.h), drops whatever frames of guest calls are on the stack (see emit_enter),
 * and undoes enter's pushes. */
static void emit_exit(struct x86_buf *b)
{
    rv_jit_pinned_store(b, false);
    x86_load(b, 8, false, X86_RSP, rv_jit_cpu_mem(offsetof(struct rv_cpu, jit_stack_top)));
    x86_alu_ri(b, X86_ADD, true, X86_RSP, 24);
    x86_pop(b, X86_R15);
    x86_pop(b, X86_R14);
    x86_pop(b, X86_R13);
    x86_pop(b, X86_R12);
    x86_pop(b, X86_RBP);
    x86_pop(b, X86_RBX);
    x86_ret(b);
}

/* The fault tail (rv_codemem_fault_tail) at rx + EXIT_PATH_ROOM, written through b; its jmp
 * to the exit path at rx. */
static void emit_fault_tail(struct x86_buf *b, const uint8_t *rx)
{
    x86_lea(b, true, X86_RAX, x86_mem(X86_RCX, (int32_t)GUEST_BASE));
    x86_pop(b, X86_RCX);
    x86_store(b, 8, rv_jit_cpu_mem(offsetof(struct rv_cpu, jit_fault_ret)), X86_RCX);
    x86_store(b, 8, rv_jit_cpu_mem(offsetof(struct rv_cpu, fault.addr)), X86_RAX);
    x86_mov_ri(b, X86_RAX, RV_CODEMEM_EXIT_FAULT_AT);
    size_t at = x86_jmp(b);
    if (!b->full)
        x86_patch_rel32(b->start + at, (uintptr_t)(rx + EXIT_PATH_ROOM + at + 4), (uintptr_t)rx);
}

/* enter(cpu = rdi, code = rsi): saves the callee-saved registers the translation may use, keeps
 * rsp 16-byte aligned for the helper calls translated code makes, and jumps in. A guest call
 * pushes a frame of two words, the guest return address above the host one (translate.c);
 * enter pushes a first frame whose guest address, 1, matches no return (their targets are
 * even), and records where the frames start and how far they may go. */
static void emit_enter(struct x86_buf *b)
{
    x86_push(b, X86_RBX);
    x86_push(b, X86_RBP);
    x86_push(b, X86_R12);
    x86_push(b, X86_R13);
    x86_push(b, X86_R14);
    x86_push(b, X86_R15);
    x86_alu_ri(b, X86_SUB, true, X86_RSP, 8);
    x86_lea(b, true, X86_RBX, x86_mem(X86_RDI, RV_JIT_CPU_BIAS));
    x86_mov_ri(b, X86_RAX, 1);
    x86_push(b, X86_RAX);
    x86_push(b, X86_RAX);
    x86_store(b, 8, rv_jit_cpu_mem(offsetof(struct rv_cpu, jit_stack_top)), X86_RSP);
    x86_lea(b, true, X86_RAX, x86_mem(X86_RSP, -(int32_t)CALL_FRAMES_BYTES));
    x86_store(b, 8, rv_jit_cpu_mem(offsetof(struct rv_cpu, jit_stack_floor)), X86_RAX);
    rv_jit_pinned_load(b, false);
    x86_jmp_r(b, X86_RSI);
}

#define INDEX_BYTES (INDEX_ENTRIES * (sizeof(struct index_entry) + sizeof(uint32_t)))

/* Both indexes, in one lazily committed mapping. */
static bool map_index(struct rv_region *r)
{
    void *p = mmap(NULL, INDEX_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return false;
    r->index = p;
    r->cold_index = (uint32_t *)(void *)(r->index + INDEX_ENTRIES);
    return true;
}

static void unmap_region(struct rv_region *r)
{
    munmap(r->rx, RV_CODEMEM_REGION_SIZE);
    if (r->rw != r->rx)
        munmap(r->rw, RV_CODEMEM_REGION_SIZE);
    munmap(r->index, INDEX_BYTES);
    atomic_store(&regions[r->slot], NULL);
    free(r);
}

/* Whether regions are mapped twice (CROSSRUN_JIT_WX=1, or the kernel refuses a mapping that is
 * writable and executable), set by the first region. */
static bool two_views;

/* One private mapping, writable and executable: rw = rx. false when the kernel refuses it. */
static bool map_single(struct rv_region *r)
{
    void *p = mmap(NULL, RV_CODEMEM_REGION_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return false;
    if (!map_index(r)) {
        munmap(p, RV_CODEMEM_REGION_SIZE);
        return false;
    }
    r->rw = r->rx = p;
    return true;
}

/* The region's code memory and index; false, with nothing left mapped, when the kernel refuses.
 * One writable and executable mapping, as qemu's code buffer is: its pages count once in the
 * process's RSS, where two views of the same pages count twice (gcc's cc1: 40 MiB of code). The
 * two views (the executable one an mremap alias of the writable one's pages) where the kernel
 * refuses that (SELinux's execmem, PaX) or CROSSRUN_JIT_WX=1 asks for them. */
static bool map_views(struct rv_region *r)
{
    static bool decided;
    if (!decided) {
        const char *wx = getenv("CROSSRUN_JIT_WX");
        two_views = wx && strcmp(wx, "1") == 0;
        decided = true;
    }
    if (!two_views) {
        if (map_single(r))
            return true;
        if (errno != EACCES && errno != EPERM)
            return false;
        two_views = true;
    }
    r->rw = mmap(NULL, RV_CODEMEM_REGION_SIZE, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r->rw == MAP_FAILED)
        return false;
    r->rx = mremap(r->rw, 0, RV_CODEMEM_REGION_SIZE, MREMAP_MAYMOVE);
    if (r->rx != MAP_FAILED && mprotect(r->rx, RV_CODEMEM_REGION_SIZE, PROT_READ | PROT_EXEC) < 0) {
        munmap(r->rx, RV_CODEMEM_REGION_SIZE);
        r->rx = MAP_FAILED;
    }
    if (r->rx != MAP_FAILED && map_index(r))
        return true;
    if (r->rx != MAP_FAILED)
        munmap(r->rx, RV_CODEMEM_REGION_SIZE);
    munmap(r->rw, RV_CODEMEM_REGION_SIZE);
    return false;
}

static struct rv_region *open_region(void)
{
    int slot = -1;
    for (int i = 0; i < MAX_REGIONS && slot < 0; i++)
        if (!atomic_load(&regions[i]))
            slot = i;
    if (slot < 0)
        return NULL;
    struct rv_region *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (!map_views(r)) {
        free(r);
        return NULL;
    }
    /* The first pages every program uses, mapped in both views by one call each rather than
     * two page faults per page (one to write, one to run). 64 KiB: since blocks are translated
     * only once hot (interpret.c), a static hello fills a few pages; the 512 KiB this was when
     * every block was translated cost it more to map than it saved. Best effort (Linux 5.14+). */
    (void)madvise(r->rw, PREFAULT_BYTES, MADV_POPULATE_WRITE);
    (void)madvise(r->rw + COLD_START, PREFAULT_BYTES / 2, MADV_POPULATE_WRITE);
    if (r->rx != r->rw) {
        (void)madvise(r->rx, PREFAULT_BYTES, MADV_POPULATE_READ);
        (void)madvise(r->rx + COLD_START, PREFAULT_BYTES / 2, MADV_POPULATE_READ);
    }
    struct x86_buf b;
    x86_buf_init(&b, r->rw, EXIT_PATH_ROOM);
    emit_exit(&b);
    if (b.full)
        abort();  /* EXIT_PATH_ROOM too small: a build error, not a runtime condition */
    x86_buf_init(&b, r->rw + EXIT_PATH_ROOM, FAULT_TAIL_ROOM);
    emit_fault_tail(&b, r->rx);
    if (b.full)
        abort();  /* FAULT_TAIL_ROOM too small */
    r->used = EXIT_PATH_ROOM + FAULT_TAIL_ROOM;
    r->cold_used = 0;
    r->slot = slot;
    atomic_store(&regions[slot], r);
    regions_opened++;
    return r;
}

bool rv_codemem_init(void)
{
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        return false;
    struct x86_buf b;
    x86_buf_init(&b, page, 4096);
    emit_enter(&b);
    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) < 0)
        return false;
    enter_fn = (uintptr_t (*)(void *, const void *))page;
    current = open_region();
    return current != NULL;
}

/* A translation starts on a line of `line` bytes (a power of two, at least 16). */
bool rv_codemem_reserve(struct rv_code_slot *slot, size_t line)
{
    struct rv_region *r = current;
    size_t align = (r->used + line - 1) & ~(line - 1);
    if (align + 256 > COLD_START || r->cold_used + 256 > RV_CODEMEM_REGION_SIZE - COLD_START ||
        atomic_load(&r->count) >= INDEX_ENTRIES)
        return false;
    slot->region = r;
    slot->rx = r->rx + align;
    slot->rw = r->rw + align;
    slot->room = COLD_START - align;
    slot->cold_rx = r->rx + COLD_START + r->cold_used;
    slot->cold_rw = r->rw + COLD_START + r->cold_used;
    slot->cold_room = RV_CODEMEM_REGION_SIZE - COLD_START - r->cold_used;
    return true;
}

bool rv_codemem_commit(struct rv_code_slot *slot, size_t used, size_t cold_used,
                       struct rv_tb *tb)
{
    struct rv_region *r = slot->region;
    size_t n = atomic_load(&r->count);
    if (n >= INDEX_ENTRIES)
        return false;
    r->index[n] = (struct index_entry){ (uintptr_t)slot->rx, tb };
    r->cold_index[n] = (uint32_t)(slot->cold_rx - r->rx);
    atomic_store_explicit(&r->count, n + 1, memory_order_release);
    atomic_fetch_add(&r->live, 1);
    r->used = (size_t)(slot->rx - r->rx) + used;
    r->cold_used = (size_t)(slot->cold_rx - r->rx) - COLD_START + cold_used;
    return true;
}

bool rv_codemem_new_region(void)
{
    pthread_mutex_lock(&alloc_lock);
    struct rv_region *old = current;
    struct rv_region *r = open_region();
    if (r) {
        current = r;
        old->retired = true;
        if (atomic_load(&old->live) == 0)
            unmap_region(old);
    }
    pthread_mutex_unlock(&alloc_lock);
    return r != NULL;
}

void rv_codemem_release(struct rv_region *region)
{
    if (atomic_fetch_sub(&region->live, 1) != 1)
        return;
    pthread_mutex_lock(&alloc_lock);
    if (region->retired && atomic_load(&region->live) == 0)
        unmap_region(region);
    pthread_mutex_unlock(&alloc_lock);
}

/* 1 + the index of the last entry of r whose part (hot or cold, as pc is) starts at or below
 * pc, 0 when none does. */
static size_t entry_at(struct rv_region *r, uintptr_t pc)
{
    size_t lo = 0, hi = atomic_load_explicit(&r->count, memory_order_acquire);
    size_t off = pc - (uintptr_t)r->rx;
    bool cold = off >= COLD_START;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cold ? r->cold_index[mid] <= off : r->index[mid].start <= pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct rv_tb *rv_codemem_find(uintptr_t pc)
{
    for (int i = 0; i < MAX_REGIONS; i++) {
        struct rv_region *r = atomic_load(&regions[i]);
        if (!r || pc < (uintptr_t)r->rx || pc >= (uintptr_t)r->rx + RV_CODEMEM_REGION_SIZE)
            continue;
        size_t k = entry_at(r, pc);
        return k ? r->index[k - 1].tb : NULL;
    }
    return NULL;
}

void rv_codemem_cold_part(struct rv_region *r, const uint8_t *code, const uint8_t **cold,
                          size_t *size)
{
    size_t k = entry_at(r, (uintptr_t)code), count = atomic_load(&r->count);
    *cold = NULL;
    *size = 0;
    if (!k || r->index[k - 1].start != (uintptr_t)code)
        return;
    size_t start = r->cold_index[k - 1];
    size_t end = k < count ? r->cold_index[k] : COLD_START + r->cold_used;
    *cold = r->rx + start;
    *size = end - start;
}

uint8_t *rv_codemem_rw(struct rv_region *region, const uint8_t *rx)
{
    return region->rw + (rx - region->rx);
}

uint8_t *rv_codemem_exit(struct rv_region *region)
{
    return region->rx;
}

uint8_t *rv_codemem_fault_tail(struct rv_region *region)
{
    return region->rx + EXIT_PATH_ROOM;
}

uintptr_t rv_codemem_enter(void *cpu, const void *code)
{
    return enter_fn(cpu, code);
}

/* The parent's half of a fork waits on this pipe until the child has its own copy of the code
 * (the child closes its write end then, or at death); see the file comment. */
static int fork_pipe[2] = { -1, -1 };

void rv_codemem_fork_prepare(void)
{
    pthread_mutex_lock(&alloc_lock);
    if (pipe2(fork_pipe, O_CLOEXEC) < 0)
        fork_pipe[0] = fork_pipe[1] = -1;
}

void rv_codemem_fork_parent(void)
{
    if (fork_pipe[1] >= 0) {
        close(fork_pipe[1]);
        char c;
        /* EOF: the child closed its end, or there is no child (the fork failed) */
        while (read(fork_pipe[0], &c, 1) < 0 && errno == EINTR)
            ;
        close(fork_pipe[0]);
    }
    fork_pipe[0] = fork_pipe[1] = -1;
    pthread_mutex_unlock(&alloc_lock);
}

/* Moves region r onto shared memory of its own, at the same addresses and with the same bytes, so
 * every translation in it stays valid. */
static bool own_region(struct rv_region *r)
{
    uint8_t *fresh = mmap(NULL, RV_CODEMEM_REGION_SIZE, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (fresh == MAP_FAILED)
        return false;
    memcpy(fresh, r->rw, r->used);
    memcpy(fresh + COLD_START, r->rw + COLD_START, r->cold_used);
    /* an alias of the fresh pages replaces the executable view, then they replace the other */
    return mremap(fresh, 0, RV_CODEMEM_REGION_SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, r->rx) ==
               (void *)r->rx &&
           mprotect(r->rx, RV_CODEMEM_REGION_SIZE, PROT_READ | PROT_EXEC) == 0 &&
           mremap(fresh, RV_CODEMEM_REGION_SIZE, RV_CODEMEM_REGION_SIZE,
                  MREMAP_MAYMOVE | MREMAP_FIXED, r->rw) == (void *)r->rw;
}

void rv_codemem_fork_child(void)
{
    pthread_mutex_init(&alloc_lock, NULL);
    for (int i = 0; i < MAX_REGIONS; i++) {
        struct rv_region *r = atomic_load(&regions[i]);
        if (r && r->rx != r->rw && !own_region(r)) {  /* a private mapping is the child's own */
            static const char msg[] = "crossrun: cannot copy translated code in a fork child\n";
            if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
            _exit(127);
        }
    }
    if (fork_pipe[1] >= 0) {
        close(fork_pipe[0]);
        close(fork_pipe[1]);  /* the parent goes on */
    }
    fork_pipe[0] = fork_pipe[1] = -1;
}

size_t rv_codemem_used(void)
{
    return current ? current->used + current->cold_used : 0;
}

uint64_t rv_codemem_regions(void)
{
    return regions_opened;
}
