/*
 * translate/interp_loop.h - the body of the interpreter's dispatch loop, included twice by
 * interp_dispatch.c: with INTERP_CHAIN 1 (the `interp` engine) and 0 (`interp-nochain`).
 * A template rather than a function with a flag, because a function whose label addresses
 * sit in a static table cannot be inlined into two specialised copies.
 *
 * Before including, define INTERP_RUN (the function's name) and INTERP_CHAIN.
 */
enum rv_exit INTERP_RUN(struct rv_cpu *cpu, struct rv_block *b)
{
    static const void *const labels[rv_op_count + 1] = {
        [rv_op_illegal] = &&op_illegal,
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = &&op_##name,
#include "translate/riscv.def"
#undef RV
        [rv_op_count] = &&op_block_end,
    };
    const struct rv_dinsn *in;

    /* Goes on to the block at cpu->pc and dispatches its first instruction. Expanded at every
     * op that ends a block, so each has its own indirect jump for the host to predict;
     * `indirect` is a constant there (the op's RVF_INDIRECT). */
#define NEXT_BLOCK(indirect) \
    do { \
        cpu->instret += b->n; \
        if (__builtin_expect(cpu->signal_pending, 0)) \
            return RV_EXIT_SIGNAL; \
        b = INTERP_CHAIN ? ((indirect) ? via_jump_cache(cpu, b) : via_chain(cpu, b)) \
                         : lookup(cpu, b); \
        in = b->insns; \
        goto *labels[in->op]; \
    } while (0)

    in = b->insns;
    goto *labels[in->op];

    /* Each op: run it; leave the engine for traps and fence.i; go on to the next block after
     * a branch or jump; otherwise go on with the next instruction of the block. `flags` is a
     * constant from the table, so only one of the three tails survives compilation. */
#define RV(name, fmt, match, mask, ext, flags) \
    op_##name: \
    exec_##name(cpu, in); \
    cpu->x[0] = 0; \
    if ((flags) & (RVF_TRAP | RVF_FENCE_I)) \
        goto leave; \
    if ((flags) & RVF_ENDS_BLOCK) \
        NEXT_BLOCK((flags) & RVF_INDIRECT); \
    in++; \
    goto *labels[in->op];
#include "translate/riscv.def"
#undef RV

op_illegal:
    rv_illegal(cpu, in);

op_block_end:
    /* straight-line block ended (length limit, page boundary): fall through to the next one */
    cpu->pc = in->pc;
    NEXT_BLOCK(0);
#undef NEXT_BLOCK

leave:
    cpu->instret += b->n;
    switch (in->op) {
    case rv_op_ecall:
        return RV_EXIT_ECALL;
    case rv_op_ebreak:
        return RV_EXIT_EBREAK;
    default:
        return RV_EXIT_FENCE_I;
    }
}
