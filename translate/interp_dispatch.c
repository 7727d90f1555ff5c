/*
 * translate/interp_dispatch.c - the reference interpreter's dispatch loop.
 *
 * Direct threading over pre-decoded blocks: every op has a label, generated from riscv.def,
 * that runs the op's inlined exec_<name>, zeroes x0 (cheaper than testing rd on every write) and
 * jumps straight to the next instruction's label, so each guest instruction costs one indirect
 * jump that the host predicts per op pair. At a block end (a branch or jump, or the sentinel
 * after a straight-line block) the block's instruction count is added to instret and the next
 * block is found through the two chained-successor slots before falling back to the hash table.
 * Every block end also tests cpu->signal_pending (one load and a predicted branch) and returns
 * NULL with cpu->pc at the next block when it is set, so guest signals are delivered between
 * blocks even in loops that never make a syscall.
 */
#include "translate/interp.h"
#include "translate/interp_amo.h"
#include "translate/interp_csr.h"
#include "translate/interp_fp.h"
#include "translate/interp_int.h"
#include "translate/interp_mem.h"

/* Finds the block at cpu->pc after `b` ended, through b's chain slots when it has been there. */
static inline __attribute__((always_inline)) struct rv_block *next_block(struct rv_cpu *cpu,
                                                                        struct rv_block *b)
{
    guest_addr pc = cpu->pc;
    /* Other guest threads may rewrite the slots at any time: load each pointer once and check
     * the block it names (blocks are immutable once published). */
    struct rv_block *s0 = __atomic_load_n(&b->succ[0], __ATOMIC_ACQUIRE);
    if (s0 && s0->pc == pc)
        return s0;
    struct rv_block *s1 = __atomic_load_n(&b->succ[1], __ATOMIC_ACQUIRE);
    if (s1 && s1->pc == pc)
        return s1;
    struct rv_block *nb = rv_block_get(cpu, pc);
    /* Remember it; alternate slots so a branch's two successors both stay chained, and an
     * indirect jump keeps its last two targets. */
    uint32_t slot = s0 == NULL   ? 0
                    : s1 == NULL ? 1
                                 : (__atomic_fetch_xor(&b->victim, 1, __ATOMIC_RELAXED) ^ 1);
    /* Never chain across a flush: a block of the current generation must not lead into a
     * retired one (nb may be retired when this lookup raced with a flush). */
    if (nb->gen == b->gen)
        __atomic_store_n(&b->succ[slot], nb, __ATOMIC_RELEASE);
    return nb;
}

const struct rv_dinsn *rv_interp_run(struct rv_cpu *cpu, struct rv_block *b)
{
    static const void *const labels[rv_op_count + 1] = {
        [rv_op_illegal] = &&op_illegal,
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = &&op_##name,
#include "translate/riscv.def"
#undef RV
        [rv_op_count] = &&op_block_end,
    };
    const struct rv_dinsn *in;

    /* Chains to the next block and dispatches its first instruction. Expanded at every op
     * that ends a block, so each has its own indirect jump for the host to predict. */
#define NEXT_BLOCK() \
    do { \
        cpu->instret += b->n; \
        if (__builtin_expect(cpu->signal_pending, 0)) \
            return NULL; \
        b = next_block(cpu, b); \
        in = b->insns; \
        goto *labels[in->op]; \
    } while (0)

    in = b->insns;
    goto *labels[in->op];

    /* Each op: run it; leave the engine for traps and fence.i; follow the chain after a
     * branch or jump; otherwise go on with the next instruction of the block. `flags` is a
     * constant from the table, so only one of the three tails survives compilation. */
#define RV(name, fmt, match, mask, ext, flags) \
    op_##name: \
    exec_##name(cpu, in); \
    cpu->x[0] = 0; \
    if ((flags) & (RVF_TRAP | RVF_FENCE_I)) \
        goto leave; \
    if ((flags) & RVF_ENDS_BLOCK) \
        NEXT_BLOCK(); \
    in++; \
    goto *labels[in->op];
#include "translate/riscv.def"
#undef RV

op_illegal:
    rv_illegal(cpu, in);

op_block_end:
    /* straight-line block ended (length limit, page boundary): fall through to the next one */
    cpu->pc = in->pc;
    NEXT_BLOCK();
#undef NEXT_BLOCK

leave:
    cpu->instret += b->n;
    return in;
}
