/*
 * translate/jit/upper_dead.c - which W instructions of a block may leave the upper half of
 * their result unextended (see emit_ctx.h, rv_jit_find_upper_dead).
 *
 * A W instruction's result is the sign-extended low 32 bits: one movsxd after the host's 32-bit
 * operation. That extension is dead when nothing observes the upper half of the value: a
 * backward pass over the block tracks, per guest register, whether the upper half of its
 * current value is read. Instructions whose low 32 result bits depend only on the low 32 bits
 * of their sources (add, sub, the logical ops, left shifts, mul, the W forms) pass the question
 * on; everything else reads its sources whole. A point where the block's state becomes
 * visible—a load or store that may fault, a helper call, the block's end, where every register
 * is live—reads every register whole, so a value with a stale upper half never reaches a
 * handler, a home read later, or another block. A converted hammock's branch (its skipped
 * instructions pure register operations, which is also decided here) is no such point.
 */
#include "translate/jit/upper_dead.h"
#include "translate/jit/jit.h"

enum kind {
    VISIBLE,   /* may fault, calls a helper or ends the block: every register is read whole */
    LOW,       /* the result's low half depends only on the sources' low halves */
    W,         /* a W form: reads only the sources' low halves, whatever reads its result */
    WHOLE,     /* reads its sources whole (right shifts, compares), cannot fault */
};

static enum kind kind_of(uint16_t op)
{
    switch (op) {
    case rv_op_add: case rv_op_sub: case rv_op_and: case rv_op_or: case rv_op_xor:
    case rv_op_sll: case rv_op_addi: case rv_op_andi: case rv_op_ori: case rv_op_xori:
    case rv_op_slli: case rv_op_mul: case rv_op_lui: case rv_op_auipc:
        return LOW;
    case rv_op_addw: case rv_op_subw: case rv_op_sllw: case rv_op_srlw: case rv_op_sraw:
    case rv_op_addiw: case rv_op_slliw: case rv_op_srliw: case rv_op_sraiw: case rv_op_mulw:
    case rv_op_rolw: case rv_op_rorw: case rv_op_roriw:
        return W;
    case rv_op_srl: case rv_op_sra: case rv_op_srli: case rv_op_srai: case rv_op_slt:
    case rv_op_sltu: case rv_op_slti: case rv_op_sltiu: case rv_op_rol: case rv_op_ror:
    case rv_op_rori:
        return WHOLE;
    default:
        return VISIBLE;
    }
}

bool rv_jit_is_pure_alu(uint16_t op)
{
    return kind_of(op) != VISIBLE;
}

#define MAX_CONVERTED 3
/* registers a converted hammock may restore: one slot of cpu->jit_hammock_old each */
#define MAX_RESTORED ((int)(sizeof ((struct rv_cpu *)0)->jit_hammock_old / sizeof(uint64_t)))

bool rv_jit_hammock_converts(const struct rv_jit_tb *t, uint32_t b, uint32_t *writes)
{
    const struct rv_dinsn *br = &t->insns[b];
    uint32_t to = rv_jit_hammock_end(t, b);
    if (to - (b + 1) > MAX_CONVERTED)
        return false;
    uint32_t w = 0;
    for (uint32_t i = b + 1; i < to; i++) {
        if (!rv_jit_is_pure_alu(t->insns[i].op))
            return false;
        w |= 1u << t->insns[i].rd;
    }
    w &= ~1u;
    *writes = w;
    return __builtin_popcount(w) <= MAX_RESTORED && !(w & ((1u << br->rs1) | (1u << br->rs2)));
}

void rv_jit_find_upper_dead(const struct rv_jit_tb *t, uint8_t *dead)
{
    /* per instruction: a converted hammock's branch (1 << reg for the registers its cmovs
     * restore, bit 0 set), and where its ways meet (bit 0) */
    uint32_t converted[RV_BLOCK_MAX_INSNS] = { 0 };
    bool merges[RV_BLOCK_MAX_INSNS + 1] = { false };
    for (uint32_t i = 0; i < t->n; i++) {
        uint32_t writes;
        if (rv_jit_is_hammock(t, i) && rv_jit_hammock_converts(t, i, &writes)) {
            converted[i] = writes | 1u;  /* x0 is never among them */
            merges[rv_jit_hammock_end(t, i)] = true;
        }
    }
    uint32_t read = ~0u;  /* 1 << reg: the upper half of its current value is read later */
    uint32_t at_merge = ~0u;  /* read where the hammock walked through meets */
    for (uint32_t i = t->n; i-- > 0;) {
        const struct rv_dinsn *in = &t->insns[i];
        enum kind k = kind_of(in->op);
        if (in->op == rv_op_slli && in->imm >= 32)
            k = W;  /* only the source's low half reaches the result (gcc's zero extension) */
        dead[i] = 0;
        if (merges[i + 1])
            at_merge = read;
        if (in->superblock == RV_DINSN_FOLLOWED && i + 1 < t->n)
            continue;  /* a jump the block follows (superblock.c): nothing is seen there */
        if (converted[i]) {
            /* no exit, no fault: the old values of what it skips are kept, and restored where
             * the ways meet (emit_hammock.c), so they are read as much as the values there;
             * the compare reads its operands whole */
            read |= (at_merge & converted[i] & ~1u) | (1u << in->rs1) | (1u << in->rs2);
            continue;
        }
        if (k == VISIBLE) {
            read = ~0u;
            continue;
        }
        bool upper_read = in->rd && (read & (1u << in->rd));
        dead[i] = in->rd && !upper_read;
        read &= ~(1u << in->rd);
        if (k == WHOLE || (k == LOW && upper_read))
            read |= (1u << in->rs1) | (1u << in->rs2);  /* rs2: an immediate's bits at worst */
    }
}
