/*
 * translate/cache.c - the shared code cache (see cache.h for what it promises).
 *
 * Locking. One mutex (cache_lock) serialises every change: insertion, links, invalidation,
 * thread registration. Readers never take it: bucket chains are walked with acquire loads, and
 * a translation leaves a chain by one release store of its predecessor's hash_next, so a reader
 * standing on it still finds the rest of the chain through its own hash_next. Engines read
 * jmp_dest[] (rv_cache_dest) the same way. Nothing else is taken while cache_lock is held, so
 * it is a leaf lock.
 *
 * Reclamation by flush epochs. A dropped translation is unreachable for a thread that starts
 * looking after the drop (not in a bucket, no live exit chained to it), but a thread that was
 * already inside guest code may be running it or about to follow a pointer it loaded before.
 * So dropped translations are retired in a batch tagged with a new value of `epoch`, and the
 * batch is freed once every registered thread is either outside guest code (in_epoch 0) or
 * entered at the tag or later:
 *  - a thread records the epoch when it enters guest code (rv_cache_enter, seq_cst) and 0 when
 *    it leaves (rv_cache_quiescent);
 *  - the dropping thread unlinks, then bumps the epoch (seq_cst), then reads the records, so a
 *    thread that entered at the new epoch entered after the unlinking and cannot reach the
 *    batch;
 *  - engines' own per-thread lookup caches (the interpreter's jump cache) hold translations
 *    only while their thread stays inside, and are cleared when it re-enters at another epoch.
 * A thread spinning in guest code without leaving it delays reclamation, never safety. A
 * process with a single guest thread frees at once (the caller is outside guest code).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "translate/cache.h"

/* Sized for a large guest: gcc's cc1 compiling one 200 KB file makes 190 000 blocks, and with
 * 65536 buckets its dispatcher lookups (walks of cold chains) took 7% of its run. Range
 * invalidations and flushes walk every bucket, which is why it is not larger still. */
#define HASH_BITS 17
#define HASH_SIZE (1u << HASH_BITS)

static struct rv_tb *hash_table[HASH_SIZE];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rv_cache_ops ops;
static struct rv_cache_stats stats;     /* under cache_lock (live, inserted...: atomic reads) */

static __attribute__((noreturn)) void out_of_memory(void);

/* ---- which guest pages hold translated code ------------------------------------------------
 * Most invalidations are munmaps of data, so before scanning the table for overlapping
 * translations, invalidation asks a bitmap of the guest pages that hold (or held) translated
 * code. One bit per 4 KiB page of the Sv39 range, allocated in chunks of 2^14 pages as code
 * appears; a bit is set when a translation on the page is published and cleared when a scan
 * has dropped everything on the page (or at a full flush). Under cache_lock. */
#define CODE_PAGE_SHIFT 12
#define CODE_VA_BITS 38
#define CHUNK_SHIFT 14                                   /* pages per chunk: 2^14 (64 MiB) */
#define CHUNK_WORDS ((1u << CHUNK_SHIFT) / 64)
#define NCHUNKS (1u << (CODE_VA_BITS - CODE_PAGE_SHIFT - CHUNK_SHIFT))
static uint64_t *code_pages[NCHUNKS];

enum page_op { PAGES_SET, PAGES_CLEAR, PAGES_TEST };

/* Applies op to the bits of pages [first, last] (page numbers); PAGES_TEST returns whether any
 * is set. Pages at or above 2^38 have no bits (no guest code can be there). */
static bool code_pages_op(uint64_t first, uint64_t last, enum page_op op)
{
    const uint64_t npages = (uint64_t)NCHUNKS << CHUNK_SHIFT;
    if (first >= npages)
        return false;
    if (last >= npages)
        last = npages - 1;
    for (uint64_t p = first; p <= last;) {
        uint64_t *chunk = code_pages[p >> CHUNK_SHIFT];
        uint64_t chunk_end = ((p >> CHUNK_SHIFT) + 1) << CHUNK_SHIFT;   /* first page after */
        if (!chunk && op == PAGES_SET) {
            chunk = code_pages[p >> CHUNK_SHIFT] = calloc(CHUNK_WORDS, sizeof *chunk);
            if (!chunk)
                out_of_memory();
        }
        if (!chunk) {
            p = chunk_end;
            continue;
        }
        for (; p <= last && p < chunk_end; p++) {
            uint64_t *w = &chunk[(p & ((1u << CHUNK_SHIFT) - 1)) / 64];
            uint64_t bit = UINT64_C(1) << (p % 64);
            if (op == PAGES_TEST && (*w & bit))
                return true;
            if (op == PAGES_TEST && *w == 0 && p % 64 == 0 && last - p >= 63)
                p += 63;                            /* a whole empty word */
            else if (op == PAGES_SET)
                *w |= bit;
            else if (op == PAGES_CLEAR)
                *w &= ~bit;
        }
    }
    return false;
}

/* One bucket for every 16 bytes of guest code (a block is about 20), so the blocks of a
 * stretch of code share the table's cache lines and pages: with a bucket every 2 bytes, a
 * static hello's first lookups touched a page of the 1 MiB table for each kilobyte of code it
 * ran (56 of its 326 page faults). The higher bits are folded in so that code 2 MiB apart
 * spreads. */
static inline uint32_t hash_pc(guest_addr pc)
{
    return (uint32_t)((pc >> 4) ^ (pc >> (HASH_BITS + 4))) & (HASH_SIZE - 1);
}

static void out_of_memory(void)
{
    static const char msg[] = "crossrun: out of memory in the code cache\n";
    if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
    abort();
}

static void default_free(struct rv_tb *tb)
{
    free(tb);
}

void rv_cache_init(const struct rv_cache_ops *o)
{
    ops = *o;
    if (!ops.free_tb)
        ops.free_tb = default_free;
}

struct rv_tb *rv_cache_lookup(guest_addr pc)
{
    struct rv_tb *tb = __atomic_load_n(&hash_table[hash_pc(pc)], __ATOMIC_ACQUIRE);
    for (; tb; tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE))
        if (tb->pc == pc)
            return tb;
    return NULL;
}

struct rv_tb *rv_cache_insert(struct rv_tb *tb)
{
    pthread_mutex_lock(&cache_lock);
    struct rv_tb *other = rv_cache_lookup(tb->pc);  /* another thread may have won the race */
    if (other) {
        pthread_mutex_unlock(&cache_lock);
        return other;
    }
    uint32_t h = hash_pc(tb->pc);
    tb->hash_next = hash_table[h];
    __atomic_store_n(&hash_table[h], tb, __ATOMIC_RELEASE);
    __atomic_store_n(&stats.live, stats.live + 1, __ATOMIC_RELAXED);
    stats.inserted++;
    code_pages_op(tb->pc >> CODE_PAGE_SHIFT, (tb->end - 1) >> CODE_PAGE_SHIFT, PAGES_SET);
    pthread_mutex_unlock(&cache_lock);
    return tb;
}

/* ---- links ------------------------------------------------------------------------------- */

_Static_assert(_Alignof(max_align_t) >= RV_TB_MAX_SLOTS, "a link's slot fits below its tb");
#define LINK(tb, slot) ((uintptr_t)(tb) | (uintptr_t)(slot))
#define LINK_TB(l) ((struct rv_tb *)((l) & ~(uintptr_t)(RV_TB_MAX_SLOTS - 1)))
#define LINK_SLOT(l) ((int)((l) & (RV_TB_MAX_SLOTS - 1)))

/* The exits tb has: the two of every block and the engine's more. */
static int slots_of(const struct rv_tb *tb)
{
    return 2 + __atomic_load_n(&tb->more_slots, __ATOMIC_ACQUIRE);
}

/* Where exit `slot` of tb keeps its successor and its place in that one's incoming list. */
static struct rv_tb **dest_at(struct rv_tb *tb, int slot)
{
    return slot < 2 ? &tb->jmp_dest[slot] : &ops.more_link(tb, slot)->dest;
}

static uintptr_t *next_at(struct rv_tb *tb, int slot)
{
    return slot < 2 ? &tb->jmp_next[slot] : &ops.more_link(tb, slot)->next;
}

struct rv_tb *rv_cache_dest(const struct rv_tb *tb, int slot)
{
    return __atomic_load_n(dest_at((struct rv_tb *)tb, slot), __ATOMIC_ACQUIRE);
}

/* Removes the link (from, slot) from the incoming list of its target (lock held). */
static void forget_incoming(struct rv_tb *from, int slot)
{
    struct rv_tb *to = *dest_at(from, slot);
    uintptr_t want = LINK(from, slot);
    for (uintptr_t *l = &to->jmp_in; *l; l = next_at(LINK_TB(*l), LINK_SLOT(*l))) {
        if (*l == want) {
            *l = *next_at(from, slot);
            return;
        }
    }
}

void rv_cache_link(struct rv_tb *from, int slot, struct rv_tb *to)
{
    pthread_mutex_lock(&cache_lock);
    if (!from->dead && !to->dead && slot < slots_of(from) && *dest_at(from, slot) != to) {
        if (*dest_at(from, slot))
            forget_incoming(from, slot);
        *next_at(from, slot) = to->jmp_in;
        to->jmp_in = LINK(from, slot);
        __atomic_store_n(dest_at(from, slot), to, __ATOMIC_RELEASE);
        if (ops.chain)
            ops.chain(from, slot, to);
        stats.links++;
    }
    pthread_mutex_unlock(&cache_lock);
}

void rv_cache_relink(struct rv_tb *tb)
{
    if (!ops.chain)
        return;
    pthread_mutex_lock(&cache_lock);
    if (!tb->dead) {
        for (uintptr_t l = tb->jmp_in; l; l = *next_at(LINK_TB(l), LINK_SLOT(l)))
            ops.chain(LINK_TB(l), LINK_SLOT(l), tb);
        for (int slot = 0; slot < slots_of(tb); slot++)
            if (*dest_at(tb, slot))
                ops.chain(tb, slot, *dest_at(tb, slot));
    }
    pthread_mutex_unlock(&cache_lock);
}

/* Cuts exit `slot` of `from` (lock held; its entry in the target's list is the caller's). */
static void cut_exit(struct rv_tb *from, int slot)
{
    __atomic_store_n(dest_at(from, slot), NULL, __ATOMIC_RELEASE);
    if (ops.unchain)
        ops.unchain(from, slot);
}

/* ---- threads and epochs ---------------------------------------------------------------- */

static uint64_t epoch = 1;              /* never 0, which means "outside" */

struct thread_rec {
    uint64_t in_epoch;                  /* 0 when outside guest code */
    int used;                           /* owned by a live host thread */
    struct thread_rec *next;
};
static struct thread_rec *threads;      /* never freed; reused after a thread ends */
static int registered;                  /* records in use (cache_lock) */
static __thread struct thread_rec *self;

struct retired_batch {
    uint64_t tag;
    struct rv_tb *tbs;                  /* through retired_next */
    struct retired_batch *next;
};
static struct retired_batch *retired;   /* under cache_lock */

void rv_cache_thread_enter(void)
{
    if (self)
        return;
    pthread_mutex_lock(&cache_lock);
    struct thread_rec *r;
    for (r = threads; r; r = r->next)
        if (!r->used)
            break;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r)
            out_of_memory();
        r->next = threads;
        threads = r;
    }
    r->used = 1;
    registered++;
    __atomic_store_n(&r->in_epoch, 0, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&cache_lock);
    self = r;
}

void rv_cache_thread_leave(void)
{
    if (!self)
        return;
    pthread_mutex_lock(&cache_lock);
    __atomic_store_n(&self->in_epoch, 0, __ATOMIC_SEQ_CST);
    self->used = 0;
    registered--;
    pthread_mutex_unlock(&cache_lock);
    self = NULL;
}

uint64_t rv_cache_enter(void)
{
    if (!self)
        rv_cache_thread_enter();
    uint64_t e = __atomic_load_n(&self->in_epoch, __ATOMIC_RELAXED);
    if (e == 0) {
        /* Published before any bucket is read: see the comment at the top. */
        e = __atomic_load_n(&epoch, __ATOMIC_SEQ_CST);
        __atomic_store_n(&self->in_epoch, e, __ATOMIC_SEQ_CST);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
    return e;
}

void rv_cache_quiescent(void)
{
    if (self)
        __atomic_store_n(&self->in_epoch, 0, __ATOMIC_RELEASE);
}

static void free_list(struct rv_tb *tb)
{
    while (tb) {
        struct rv_tb *next = tb->retired_next;
        ops.free_tb(tb);
        tb = next;
    }
}

/* Frees the batches no thread can still be using (lock held). */
static void reclaim(void)
{
    bool alone = registered == 0 ||
                 (registered == 1 && self && !__atomic_load_n(&self->in_epoch, __ATOMIC_RELAXED));
    uint64_t oldest = UINT64_MAX;
    if (!alone)
        for (struct thread_rec *r = threads; r; r = r->next) {
            uint64_t e = r->used ? __atomic_load_n(&r->in_epoch, __ATOMIC_SEQ_CST) : 0;
            if (e && e < oldest)
                oldest = e;
        }
    struct retired_batch **link = &retired;
    while (*link) {
        struct retired_batch *rb = *link;
        if (alone || rb->tag <= oldest) {
            *link = rb->next;
            free_list(rb->tbs);
            free(rb);
        } else {
            link = &rb->next;
        }
    }
}

bool rv_cache_stale(void)
{
    return self && __atomic_load_n(&self->in_epoch, __ATOMIC_RELAXED) !=
                       __atomic_load_n(&epoch, __ATOMIC_RELAXED);
}

void rv_cache_refresh(void)
{
    rv_cache_quiescent();
    (void)rv_cache_enter();
    if (__atomic_load_n(&retired, __ATOMIC_RELAXED)) {  /* a peek: a missed batch waits for the next drop */
        pthread_mutex_lock(&cache_lock);
        reclaim();
        pthread_mutex_unlock(&cache_lock);
    }
}

/* Retires the translations on `dropped` under a new epoch and frees what can go (lock held). */
static void retire(struct rv_tb *dropped, uint64_t count)
{
    if (!dropped)
        return;
    struct retired_batch *rb = calloc(1, sizeof *rb);
    if (!rb)
        out_of_memory();
    rb->tbs = dropped;
    rb->tag = __atomic_add_fetch(&epoch, 1, __ATOMIC_SEQ_CST);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    rb->next = retired;
    retired = rb;
    __atomic_store_n(&stats.live, stats.live - count, __ATOMIC_RELAXED);
    stats.dropped += count;
    reclaim();
}

/* ---- dropping ----------------------------------------------------------------------------- */

/* Marks tb dead and cuts every link into and out of it (lock held; tb already out of its
 * bucket). */
static void drop_links(struct rv_tb *tb)
{
    __atomic_store_n(&tb->dead, true, __ATOMIC_RELEASE);
    for (uintptr_t l = tb->jmp_in; l; ) {
        struct rv_tb *from = LINK_TB(l);
        int slot = LINK_SLOT(l);
        l = *next_at(from, slot);
        cut_exit(from, slot);
        stats.unlinks++;
    }
    tb->jmp_in = 0;
    for (int slot = 0; slot < slots_of(tb); slot++)
        if (*dest_at(tb, slot)) {
            forget_incoming(tb, slot);
            cut_exit(tb, slot);
        }
}

uint64_t rv_cache_invalidate(guest_addr start, uint64_t len)
{
    guest_addr end = start + len < start ? UINT64_MAX : start + len;
    struct rv_tb *dropped = NULL;
    uint64_t count = 0;

    if (end <= start)
        return 0;
    uint64_t first_page = start >> CODE_PAGE_SHIFT, last_page = (end - 1) >> CODE_PAGE_SHIFT;
    pthread_mutex_lock(&cache_lock);
    if (!code_pages_op(first_page, last_page, PAGES_TEST)) {
        pthread_mutex_unlock(&cache_lock);
        return 0;
    }
    for (uint32_t h = 0; h < HASH_SIZE; h++) {
        struct rv_tb **prev = &hash_table[h];
        for (struct rv_tb *tb = *prev; tb; tb = *prev) {
            if (tb->pc < end && start < tb->end) {
                __atomic_store_n(prev, tb->hash_next, __ATOMIC_RELEASE);
                drop_links(tb);
                tb->retired_next = dropped;
                dropped = tb;
                count++;
            } else {
                prev = &tb->hash_next;
            }
        }
    }
    if (count)
        stats.invalidations++;
    /* Nothing overlapping the range is left: pages it covers whole hold no code now. */
    uint64_t whole_first = (start + (UINT64_C(1) << CODE_PAGE_SHIFT) - 1) >> CODE_PAGE_SHIFT;
    uint64_t whole_end = end == UINT64_MAX ? UINT64_MAX >> CODE_PAGE_SHIFT : end >> CODE_PAGE_SHIFT;
    if (whole_end > whole_first)
        code_pages_op(whole_first, whole_end - 1, PAGES_CLEAR);
    retire(dropped, count);
    pthread_mutex_unlock(&cache_lock);
    return count;
}

/* Everything at once: no link needs to be kept consistent with anything that survives, so the
 * exits are only cleared (a thread inside old code then leaves it through the table). */
uint64_t rv_cache_flush_all(void)
{
    struct rv_tb *dropped = NULL;
    uint64_t count = 0;
    pthread_mutex_lock(&cache_lock);
    for (uint32_t h = 0; h < HASH_SIZE; h++) {
        struct rv_tb *tb = hash_table[h];
        __atomic_store_n(&hash_table[h], NULL, __ATOMIC_RELEASE);
        for (; tb; tb = tb->hash_next) {
            __atomic_store_n(&tb->dead, true, __ATOMIC_RELEASE);
            for (int slot = 0; slot < slots_of(tb); slot++)
                if (*dest_at(tb, slot))
                    cut_exit(tb, slot);
            tb->jmp_in = 0;
            tb->retired_next = dropped;
            dropped = tb;
            count++;
        }
    }
    stats.flushes++;
    for (uint32_t c = 0; c < NCHUNKS; c++)
        if (code_pages[c])
            memset(code_pages[c], 0, CHUNK_WORDS * sizeof *code_pages[c]);
    retire(dropped, count);
    pthread_mutex_unlock(&cache_lock);
    return count;
}

/* ---- fork ---------------------------------------------------------------------------------- */

void rv_cache_fork_prepare(void)
{
    pthread_mutex_lock(&cache_lock);
}

void rv_cache_fork_parent(void)
{
    pthread_mutex_unlock(&cache_lock);
}

/* The child has one thread, the forking one (which was outside guest code: it is in a
 * syscall). Records of the others would hold reclamation back forever, so they are freed for
 * reuse, and the lock starts afresh (the parent's owner does not exist here). */
void rv_cache_fork_child(void)
{
    pthread_mutex_init(&cache_lock, NULL);
    registered = 0;
    for (struct thread_rec *r = threads; r; r = r->next) {
        r->used = r == self;
        r->in_epoch = 0;
        registered += r->used;
    }
}

void rv_cache_get_stats(struct rv_cache_stats *st)
{
    pthread_mutex_lock(&cache_lock);
    *st = stats;
    pthread_mutex_unlock(&cache_lock);
}
