/*
 * translate/interp_dispatch.c - the reference interpreter's dispatch loops.
 *
 * Direct threading over pre-decoded blocks: every op has a label, generated from riscv.def,
 * that runs the op's inlined exec_<name>, zeroes x0 (cheaper than testing rd on every write) and
 * jumps straight to the next instruction's label, so each guest instruction costs one indirect
 * jump that the host predicts per op pair. At a block end (a branch or jump, or the sentinel
 * after a straight-line block) the block's instruction count is added to instret, and
 * cpu->signal_pending is tested (one load and a predicted branch), so guest signals are
 * delivered between blocks even in loops that never make a syscall. The next block is found:
 *  - chained (engine `interp`): a direct exit follows its chain slot in the shared code cache
 *    (slot 0 taken, slot 1 fall-through), linking it on the first miss; a jalr looks in a small
 *    per-thread jump cache indexed by target pc before the cache's hash table;
 *  - unchained (engine `interp-nochain`): every block end looks the pc up in the hash table.
 * The loop body is translate/interp_loop.h, instantiated once for each. An exception the
 * interpreter raises itself leaves the loop by rv_interp_fault.
 */
#include "translate/interp.h"
#include "translate/interp_amo.h"
#include "translate/interp_csr.h"
#include "translate/interp_fp.h"
#include "translate/interp_int.h"
#include "translate/interp_mem.h"

__thread sigjmp_buf *rv_interp_fault_unwind;

void rv_interp_fault(struct rv_cpu *cpu, int signo, guest_addr addr)
{
    cpu->fault.signo = signo;
    cpu->fault.addr = addr;
    siglongjmp(*rv_interp_fault_unwind, 1);
}

/* The block at cpu->pc, or the guest's instruction fetch fault. */
static inline __attribute__((always_inline)) struct rv_block *lookup(struct rv_cpu *cpu,
                                                                    struct rv_block *from)
{
    (void)from;
    guest_addr fault_addr;
    struct rv_block *nb = rv_block_get(cpu->pc, &fault_addr);
    if (__builtin_expect(!nb, 0))
        rv_interp_fault(cpu, SIGSEGV, fault_addr);
    return nb;
}

/* After a direct exit of b: its chain slot, else a lookup that then links the slot. */
static inline __attribute__((always_inline)) struct rv_block *via_chain(struct rv_cpu *cpu,
                                                                       struct rv_block *b)
{
    guest_addr pc = cpu->pc;
    /* Both slots are loaded and compared in turn rather than indexed by rv_block_slot(b, pc):
     * the index would make the load wait for the branch's outcome, where two compares let the
     * host predict and run ahead (measured: 30-50% slower loops with the index). */
    struct rv_tb *s0 = __atomic_load_n(&b->tb.jmp_dest[0], __ATOMIC_ACQUIRE);
    if (s0 && s0->pc == pc)
        return (struct rv_block *)s0;
    struct rv_tb *s1 = __atomic_load_n(&b->tb.jmp_dest[1], __ATOMIC_ACQUIRE);
    if (s1 && s1->pc == pc)
        return (struct rv_block *)s1;
    struct rv_block *nb = lookup(cpu, b);
    rv_cache_link(&b->tb, rv_block_slot(b, pc), &nb->tb);
    return nb;
}

/* jalr targets by pc, per host thread. An entry is used only while it is not dead: a dropped
 * block stays readable while this thread is inside guest code (cache.c), and the whole table
 * is emptied when the thread re-enters at a newer cache epoch. */
#define JUMP_CACHE_BITS 10
static __thread struct rv_block *jump_cache[1u << JUMP_CACHE_BITS];

void rv_interp_jump_cache_clear(void)
{
    memset(jump_cache, 0, sizeof jump_cache);
}

static inline __attribute__((always_inline)) struct rv_block *via_jump_cache(struct rv_cpu *cpu,
                                                                            struct rv_block *b)
{
    guest_addr pc = cpu->pc;
    struct rv_block **e = &jump_cache[(pc >> 1) & ((1u << JUMP_CACHE_BITS) - 1)];
    struct rv_block *nb = *e;
    if (__builtin_expect(nb && nb->tb.pc == pc && !__atomic_load_n(&nb->tb.dead, __ATOMIC_RELAXED), 1))
        return nb;
    nb = lookup(cpu, b);
    *e = nb;
    return nb;
}

#define INTERP_RUN rv_interp_run_chained
#define INTERP_CHAIN 1
#include "translate/interp_loop.h"
#undef INTERP_RUN
#undef INTERP_CHAIN

#define INTERP_RUN rv_interp_run_unchained
#define INTERP_CHAIN 0
#include "translate/interp_loop.h"
#undef INTERP_RUN
#undef INTERP_CHAIN
