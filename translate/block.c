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

struct rv_block *rv_block_get(struct rv_cpu *cpu, guest_addr pc)
{
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
    b->hash_next = hash_table[h];
    __atomic_store_n(&hash_table[h], b, __ATOMIC_RELEASE);
    cached_blocks++;
    if (b->pc < code_lo)
        code_lo = b->pc;
    if (b->end > code_hi)
        code_hi = b->end;
    pthread_mutex_unlock(&cache_lock);
    return b;
}

/* Frees every block. Chain pointers only ever point at other cached blocks, so dropping all of
 * them at once never leaves a dangling successor; a partial drop would have to unchain too.
 * Callers must not be inside a block (rv_run calls this between blocks, syscalls too).
 * TODO(threads): defer the frees until every other guest thread has left its current block. */
void rv_block_flush_all(void)
{
    pthread_mutex_lock(&cache_lock);
    for (uint32_t h = 0; h < HASH_SIZE; h++) {
        struct rv_block *b = hash_table[h];
        __atomic_store_n(&hash_table[h], NULL, __ATOMIC_RELEASE);
        while (b) {
            struct rv_block *next = b->hash_next;
            free(b);
            b = next;
        }
    }
    cached_blocks = 0;
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
