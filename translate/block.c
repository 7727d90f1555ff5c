/*
 * translate/block.c - building pre-decoded blocks from guest code and caching them by pc.
 *
 * Fetching follows what the hardware may touch: instruction bytes are read 16 bits at a time,
 * so a compressed instruction in the last two bytes of an executable mapping never makes us
 * read past it, and every page the block's bytes lie on is checked executable with the guest
 * address-space table before it is read. A block stays within one page (only its last
 * instruction may straddle into the next), which keeps invalidation by address range simple.
 */
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader/addrspace.h"
#include "translate/block.h"
#include "translate/exec.h"

/* Sized for a large guest (libc + a big program touch tens of thousands of blocks). */
#define HASH_BITS 16
#define HASH_SIZE (1u << HASH_BITS)

static struct rv_block *hash_table[HASH_SIZE];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t cached_blocks;
/* Lowest and highest code address of any cached block: most invalidations miss this span. */
static guest_addr code_lo = UINT64_MAX, code_hi;
/* Flush generation of the blocks in the table (never 0, which means "outside"; see below). */
static uint64_t epoch = 1;

static inline uint32_t hash_pc(guest_addr pc)
{
    /* pcs are 2-byte aligned; fold the page number in so blocks at equal page offsets spread */
    return (uint32_t)((pc >> 1) ^ (pc >> (HASH_BITS + 1))) & (HASH_SIZE - 1);
}

struct rv_block *rv_block_lookup(guest_addr pc)
{
    struct rv_block *b = __atomic_load_n(&hash_table[hash_pc(pc)], __ATOMIC_ACQUIRE);
    for (; b; b = __atomic_load_n(&b->hash_next, __ATOMIC_ACQUIRE))
        if (b->pc == pc)
            return b;
    return NULL;
}

static bool page_executable(guest_addr addr)
{
    return guest_in_range(addr, 2) && guest_as_accessible(addr, 2, PROT_EXEC);
}

static uint16_t fetch16(guest_addr addr)
{
    uint16_t v;
    memcpy(&v, (const void *)(uintptr_t)addr, sizeof v);  /* guest address = host address */
    return rv_le16(v);
}

static void fill_dinsn(struct rv_dinsn *d, const struct rv_insn *in, guest_addr pc, uint32_t idx)
{
    d->pc = pc;
    d->imm = in->imm;
    d->op = in->op;
    d->rd = in->rd;
    d->rs1 = in->rs1;
    d->rs2 = in->rs2;
    d->rs3 = in->rs3;
    d->rm = in->rm;
    d->aqrl = in->aqrl;
    d->len = in->len;
    d->idx = (uint16_t)idx;
}

/* Decodes the block at pc into a new allocation. When the first instruction cannot be fetched,
 * returns NULL with *fault_addr set to the address that could not be read. */
static struct rv_block *build_block(guest_addr pc, guest_addr *fault_addr)
{
    struct rv_dinsn buf[RV_BLOCK_MAX_INSNS];
    guest_addr page = pc & ~(guest_addr)(GUEST_PAGE_SIZE - 1);
    guest_addr cur = pc;
    uint32_t n = 0;

    if (!page_executable(pc)) {
        *fault_addr = pc;
        return NULL;
    }
    while (n < RV_BLOCK_MAX_INSNS) {
        uint32_t bits = fetch16(cur);
        if ((bits & 3) == 3) {
            guest_addr hi = cur + 2;
            /* the upper half is on the next page: that page must be executable too */
            if ((hi & (GUEST_PAGE_SIZE - 1)) == 0 && !page_executable(hi)) {
                if (n == 0) {
                    *fault_addr = hi;
                    return NULL;
                }
                break;  /* the fault is raised when control reaches this instruction */
            }
            bits |= (uint32_t)fetch16(hi) << 16;
        }
        struct rv_insn in;
        memset(&in, 0, sizeof in);
        rv_decode(bits, &in);
        fill_dinsn(&buf[n], &in, cur, n);
        n++;
        cur += in.len;
        if (in.op == rv_op_illegal || (rv_op_flags[in.op] & RVF_ENDS_BLOCK))
            break;
        if ((cur & ~(guest_addr)(GUEST_PAGE_SIZE - 1)) != page)
            break;
    }

    struct rv_block *b = calloc(1, sizeof *b + (n + 1) * sizeof b->insns[0]);
    if (!b) {
        static const char msg[] = "crossrun: out of memory for translated code\n";
        if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
        abort();
    }
    b->pc = pc;
    b->end = cur;
    b->n = n;
    memcpy(b->insns, buf, n * sizeof buf[0]);
    b->insns[n].pc = cur;
    b->insns[n].op = RV_OP_BLOCK_END;
    b->insns[n].idx = (uint16_t)n;
    return b;
}

static inline void enter_cache(void);

struct rv_block *rv_block_get(struct rv_cpu *cpu, guest_addr pc)
{
    enter_cache();
    struct rv_block *b = rv_block_lookup(pc);
    if (b)
        return b;

    guest_addr fault_addr = 0;
    b = build_block(pc, &fault_addr);
    if (!b) {
        cpu->pc = pc;
        rv_guest_fatal_signal(cpu, SIGSEGV, fault_addr);
    }

    pthread_mutex_lock(&cache_lock);
    struct rv_block *other = rv_block_lookup(pc);  /* another thread may have won the race */
    if (other) {
        pthread_mutex_unlock(&cache_lock);
        free(b);
        return other;
    }
    uint32_t h = hash_pc(pc);
    b->gen = epoch; /* flushes hold the lock too: this is the table's generation */
    b->hash_next = hash_table[h];
    __atomic_store_n(&hash_table[h], b, __ATOMIC_RELEASE);
    __atomic_store_n(&cached_blocks, cached_blocks + 1, __ATOMIC_RELAXED);
    if (b->pc < code_lo)
        code_lo = b->pc;
    if (b->end > code_hi)
        code_hi = b->end;
    pthread_mutex_unlock(&cache_lock);
    return b;
}

/* ---- reclaiming dropped blocks while other threads run ------------------------------------
 *
 * A flush while other guest threads run cannot free blocks at once: another thread may be
 * executing one, or about to follow a chain pointer into one. Flushed blocks are retired
 * instead, tagged with a new value of `epoch`, and freed once every thread has been outside
 * guest code since (an epoch-based scheme):
 *  - a thread records the epoch when it starts using the cache from outside guest code (the
 *    first rv_block_get after rv_block_quiescent) and 0 when it leaves guest code for the
 *    runner (rv_block_quiescent: the run loop holds no block pointer then; a thread blocked in
 *    a syscall is outside);
 *  - a batch tagged T is freed when no registered thread is inside with an epoch below T:
 *    threads that entered at T or later found the buckets already emptied (the seq_cst fences
 *    order "store my epoch, then read a bucket" against "empty the buckets, then read the
 *    epochs");
 *  - chain slots only link blocks of the same generation (rv_block.gen), so a block built after
 *    a flush never leads to a retired one, even when a lookup raced with the flush.
 * A thread that runs a hot loop without syscalls delays reclamation, never safety. */

/* Guest threads besides the first that may be running blocks (the thread code keeps it). */
static int other_threads;

struct thread_rec {
    uint64_t in_epoch;          /* 0 when outside guest code */
    int used;                   /* owned by a live host thread */
    struct thread_rec *next;
};
static struct thread_rec *threads;      /* never freed; reused after a thread ends */
static __thread struct thread_rec *self;

struct retired_batch {
    uint64_t tag;
    struct rv_block *blocks;            /* chained through hash_next */
    struct retired_batch *next;
};
static struct retired_batch *retired;   /* under cache_lock */

void rv_block_threads_add(int delta)
{
    __atomic_add_fetch(&other_threads, delta, __ATOMIC_SEQ_CST);
}

static struct thread_rec *self_rec(void)
{
    if (self)
        return self;
    pthread_mutex_lock(&cache_lock);
    struct thread_rec *r;
    for (r = threads; r; r = r->next)
        if (!r->used)
            break;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r)
            abort();
        r->next = threads;
        __atomic_store_n(&threads, r, __ATOMIC_RELEASE);
    }
    r->used = 1;
    __atomic_store_n(&r->in_epoch, 0, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&cache_lock);
    return self = r;
}

/* Marks the calling thread as using the cache, unless it already is (then it may hold a block
 * of an older epoch and must keep that one). */
static inline void enter_cache(void)
{
    struct thread_rec *r = self_rec();
    if (__atomic_load_n(&r->in_epoch, __ATOMIC_RELAXED) == 0) {
        __atomic_store_n(&r->in_epoch, __atomic_load_n(&epoch, __ATOMIC_SEQ_CST), __ATOMIC_SEQ_CST);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
}

void rv_block_quiescent(void)
{
    if (self)
        __atomic_store_n(&self->in_epoch, 0, __ATOMIC_RELEASE);
}

void rv_block_thread_gone(void)
{
    if (!self)
        return;
    pthread_mutex_lock(&cache_lock);
    __atomic_store_n(&self->in_epoch, 0, __ATOMIC_SEQ_CST);
    self->used = 0;
    pthread_mutex_unlock(&cache_lock);
    self = NULL;
}

static void free_chain(struct rv_block *b)
{
    while (b) {
        struct rv_block *next = b->hash_next;
        free(b);
        b = next;
    }
}

/* Frees the batches no thread can still be using (cache_lock held). */
static void reclaim(bool alone)
{
    uint64_t oldest = UINT64_MAX;
    if (!alone)
        for (struct thread_rec *r = threads; r; r = r->next) {
            uint64_t e = __atomic_load_n(&r->in_epoch, __ATOMIC_SEQ_CST);
            if (e && e < oldest)
                oldest = e;
        }
    struct retired_batch **link = &retired;
    while (*link) {
        struct retired_batch *rb = *link;
        if (alone || rb->tag <= oldest) {
            *link = rb->next;
            free_chain(rb->blocks);
            free(rb);
        } else {
            link = &rb->next;
        }
    }
}

/* Drops every block. Chain pointers only ever point at other blocks of the same generation, so
 * dropping a whole generation never leaves a dangling successor in a reachable block.
 * Callers must not be inside a block (rv_run calls this between blocks, syscalls too). With
 * other threads live the blocks are retired (see above): a thread inside an old block keeps
 * running the old translation until it leaves through the hash table, as a hart that has not
 * executed fence.i may keep fetching stale instructions. */
void rv_block_flush_all(void)
{
    pthread_mutex_lock(&cache_lock);
    bool alone = __atomic_load_n(&other_threads, __ATOMIC_SEQ_CST) == 0;
    struct retired_batch *rb = alone ? NULL : calloc(1, sizeof *rb);
    if (!alone && !rb)
        abort();
    for (uint32_t h = 0; h < HASH_SIZE; h++) {
        struct rv_block *b = hash_table[h];
        __atomic_store_n(&hash_table[h], NULL, __ATOMIC_SEQ_CST);
        if (alone) {
            free_chain(b);
            continue;
        }
        /* hash_next is read by lock-free lookups that may still walk this bucket: append the
         * batch to the old chain through its last block only, leaving the others intact */
        if (b) {
            struct rv_block *last = b;
            while (last->hash_next)
                last = last->hash_next;
            __atomic_store_n(&last->hash_next, rb->blocks, __ATOMIC_RELEASE);
            rb->blocks = b;
        }
    }
    uint64_t tag = __atomic_add_fetch(&epoch, 1, __ATOMIC_SEQ_CST);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (rb) {
        rb->tag = tag;
        rb->next = retired;
        retired = rb;
    }
    reclaim(alone);
    __atomic_store_n(&cached_blocks, 0, __ATOMIC_RELAXED);
    code_lo = UINT64_MAX;
    code_hi = 0;
    pthread_mutex_unlock(&cache_lock);
}

/* munmap, mprotect and fence.i land here. Most unmaps touch data, not code, so first look
 * whether any cached block overlaps the range (one pass over the table, no frees) and only
 * then flush everything. */
void rv_code_invalidate(guest_addr start, uint64_t len)
{
    guest_addr end = start + len < start ? UINT64_MAX : start + len;
    bool hit = false;

    pthread_mutex_lock(&cache_lock);
    if (end <= code_lo || start >= code_hi) {
        pthread_mutex_unlock(&cache_lock);
        return;
    }
    for (uint32_t h = 0; h < HASH_SIZE && !hit; h++)
        for (struct rv_block *b = hash_table[h]; b; b = b->hash_next)
            if (b->pc < end && start < b->end) {
                hit = true;
                break;
            }
    pthread_mutex_unlock(&cache_lock);
    if (hit)
        rv_block_flush_all();
}

uint64_t rv_block_count(void)
{
    return __atomic_load_n(&cached_blocks, __ATOMIC_RELAXED);
}
