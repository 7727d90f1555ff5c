/*
 * translate/jit/rotate.c - rotations written as two shifts and an or.
 *
 * rv64gc has no rotate: gcc writes a 32-bit rotate right of x by k (sha256's Sigma functions,
 * hashes, checksums) as `srliw a, x, k; slliw b, x, 32 - k; or r, a, b` (srli and slli by
 * 64 - k for a 64-bit one), often with the shifts of several rotations interleaved. The or is
 * written as one host rotate of x (ror, then movsxd for the 32-bit form: the two shifts' values
 * are sign-extended and their set bits disjoint, so or, xor and add all give the sign-extended
 * rotation). A shift whose result nothing but that or reads, and that the block writes again
 * before anything can see it (no possible fault, call or exit, as emit_ctx.c's dead copies),
 * is not written at all: its register keeps its old value, which nothing sees either.
 *
 * Found by a pass over the block before it is written; the copies cache asks the result which
 * registers the instructions read (the or: x alone; a shift not written: nothing).
 */
#include <string.h>

#include "translate/jit/operands.h"
#include "translate/jit/rotate.h"
#include "translate/jit/upper_dead.h"

/* Whether a hammock's skipped instructions overlap [from, to]: a way past them may skip a
 * shift, or the write that makes one unseen. */
static bool crosses_hammock(const struct rv_jit_tb *t, uint32_t from, uint32_t to)
{
    for (uint32_t h = 0; h < to; h++)
        if (rv_jit_is_hammock(t, h) && rv_jit_hammock_end(t, h) > from)
            return true;
    return false;
}

/* Whether the shift at p writing r can be left out: from p on, only the or at `or_at` reads
 * r before the block writes it again, and nothing up to that write can fault, call or leave. */
static bool unseen_but_by(const struct rv_jit_tb *t, uint32_t p, uint32_t or_at, int r)
{
    for (uint32_t k = p + 1; k < t->n; k++) {
        const struct rv_dinsn *in = &t->insns[k];
        if (!rv_jit_is_pure_alu(in->op) || (k != or_at && rv_jit_reads(in, r, false)))
            return false;
        if (rv_jit_writes(in, r, false))
            return true;
    }
    return false;  /* the block's end, where every register is seen */
}

/* Fills rot[i] when instruction i is the or of a rotation; last[r] is the last instruction
 * before i that writes integer register r, or -1. */
static void match(const struct rv_jit_tb *t, uint32_t i, const int *last,
                  struct rv_jit_rotation *rot)
{
    const struct rv_dinsn *in = &t->insns[i];
    if ((in->op != rv_op_or && in->op != rv_op_xor && in->op != rv_op_add) || in->rd == 0 ||
        in->rs1 == 0 || in->rs2 == 0 || in->rs1 == in->rs2)
        return;
    int a = last[in->rs1], b = last[in->rs2];
    if (a < 0 || b < 0)
        return;
    const struct rv_dinsn *sa = &t->insns[a], *sb = &t->insns[b];
    if (sa->op == rv_op_slliw || sa->op == rv_op_slli) {  /* the right shift first */
        const struct rv_dinsn *s = sa;
        sa = sb, sb = s;
        int k = a;
        a = b, b = k;
    }
    bool wide = sa->op == rv_op_srli;
    int bits = wide ? 64 : 32;
    if ((sa->op != (wide ? rv_op_srli : rv_op_srliw)) || sb->op != (wide ? rv_op_slli : rv_op_slliw) ||
        sa->rs1 != sb->rs1 || sa->rs1 == 0 || sa->imm <= 0 || sa->imm >= bits ||
        sb->imm != bits - sa->imm)
        return;
    int x = sa->rs1;
    int first = a < b ? a : b;
    if (last[x] >= first || crosses_hammock(t, (uint32_t)first, i))
        return;  /* x written at or after the first shift: the two shifted different values */
    rot[i] = (struct rv_jit_rotation){ .src = (uint8_t)x, .by = (uint8_t)sa->imm, .wide = wide };
    rot[a].elided = unseen_but_by(t, (uint32_t)a, i, sa->rd);
    rot[b].elided = unseen_but_by(t, (uint32_t)b, i, sb->rd);
}

void rv_jit_find_rotations(const struct rv_jit_tb *t, struct rv_jit_rotation *rot)
{
    int last[32];
    for (int r = 0; r < 32; r++)
        last[r] = -1;
    memset(rot, 0, sizeof *rot * t->n);
    for (uint32_t i = 0; i < t->n; i++) {
        match(t, i, last, rot);
        uint32_t w = rv_jit_x_writes(&t->insns[i]);
        if (w)
            last[__builtin_ctz(w)] = (int)i;
    }
}
