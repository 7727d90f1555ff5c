/*
 * translate/jit/emit_hammock.c - a hammock's branch (hammock.c) and where its two ways meet.
 *
 * Two ways to write one. A jump over the skipped instructions, with every cached copy written
 * back and dropped on both ways (the float ones too: any skipped instruction may change them,
 * if only by a call), so that the copies cache is empty where they meet. Or, when
 * the skipped instructions are at most three pure register operations (they cannot
 * fault) writing at most three registers, none of them the branch's operands, no jump at all:
 * the old values of those registers are kept in cpu->jit_hammock_old, the skipped instructions
 * run, and the branch's compare, made after them, puts the old values back with cmov where
 * the branch is taken (if-conversion). rv64gc has no conditional move, so gcc compiles
 * `crc = bit ? x : y` to such a branch, taken at random: intmix's crc16 loop spent most of its
 * time mispredicting it. Either way the block knows, after the meeting point, what it knew at
 * the branch (facts_at_branch) except for the registers the skipped instructions write and
 * the FP mode a CSR write among them may have cleared (facts.fp_known), and
 * the skipped instructions count in instret only on the way through them. A converted hammock
 * keeps the copies cache as it is at the branch: its skipped instructions run on both ways, so
 * the cache changes as in straight-line code, and the cmovs at the meeting point restore the
 * old values into wherever the new ones are (a pinned register, a copy, a home). xz's match
 * finder loop wrote back and reloaded seven copies a trip around its one such hammock.
 */
#include "translate/jit/emit_ctx.h"
#include "translate/jit/pinned.h"

enum x86_cc rv_jit_branch_compare(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    static const enum x86_cc taken[] = {
        [rv_op_beq - rv_op_beq] = X86_CC_E, [rv_op_bne - rv_op_beq] = X86_CC_NE,
        [rv_op_blt - rv_op_beq] = X86_CC_L, [rv_op_bge - rv_op_beq] = X86_CC_GE,
        [rv_op_bltu - rv_op_beq] = X86_CC_B, [rv_op_bgeu - rv_op_beq] = X86_CC_AE,
    };
    enum x86_reg s1 = rv_jit_get(e, in->rs1, X86_RAX);
    enum x86_reg s2 = in->rs2 ? rv_jit_find(e, in->rs2, X86_RCX) : X86_NOREG;
    if (in->rs2 == 0)  /* flags as cmp s1, 0 gives them, for every condition used here */
        x86_test_rr(&e->b, true, s1, s1);
    else if (s2 == X86_NOREG)  /* rs2 from its home */
        x86_alu_rm(&e->b, X86_CMP, true, s1, rv_jit_xreg(in->rs2));
    else
        x86_alu_rr(&e->b, X86_CMP, true, s1, s2);
    return taken[in->op - rv_op_beq];
}

/* The host register holding guest register r's value: its pinned one or its copy, else
 * X86_NOREG (its home has it). */
static enum x86_reg current_place(const struct rv_jit_emit *e, int r)
{
    enum x86_reg h = rv_jit_pin_of(e, r);
    return h != X86_NOREG ? h : (enum x86_reg)rv_jit_cache_find(&e->xc, r);
}

static struct x86_mem old_value(int k)
{
    return rv_jit_cpu_mem(offsetof(struct rv_cpu, jit_hammock_old) + 8 * (size_t)k);
}

void rv_jit_hammock_branch(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    uint32_t to = rv_jit_hammock_end(e->t, e->at);
    e->hammock_branch = e->at;
    e->merge_at = to;
    e->skipped = to - e->at - 1;
    e->facts_at_branch = e->facts;
    e->skipped_writes = 0;
    e->converted = rv_jit_hammock_converts(e->t, e->at, &e->converted_writes);
    if (!e->converted) {
        rv_jit_forget_all(e);
        rv_jit_fforget_all(e);
        enum x86_cc cc = rv_jit_branch_compare(e, in);
        rv_jit_forget_all(e);  /* the compare's clean copies: no code, the compare and the jcc
                                * stay adjacent (the host fuses them) */
        e->merge_jcc = (uint32_t)x86_jcc(&e->b, cc);
        return;
    }
    /* The copies cache is kept: a converted hammock's skipped instructions run on every way,
     * so the cache changes as it would in straight-line code. */
    int k = 0;
    for (int r = 1; r < 32; r++) {
        if (!(e->converted_writes & (1u << r)))
            continue;
        enum x86_reg h = current_place(e, r);
        if (h == X86_NOREG) {
            x86_load(&e->b, 8, false, X86_RAX, rv_jit_xreg(r));
            h = X86_RAX;
        }
        x86_store(&e->b, 8, old_value(k++), h);
    }
}

void rv_jit_hammock_merge(struct rv_jit_emit *e)
{
    if (e->converted) {
        e->xc.busy = 0;
        enum x86_cc taken = rv_jit_branch_compare(e, &e->t->insns[e->hammock_branch]);
        int k = 0;
        for (int r = 1; r < 32; r++) {  /* mov and cmov leave the flags alone */
            if (!(e->converted_writes & (1u << r)))
                continue;
            x86_load(&e->b, 8, false, X86_RCX, old_value(k++));
            enum x86_reg h = current_place(e, r);
            if (h != X86_NOREG) {
                x86_cmov(&e->b, taken, true, h, X86_RCX);
            } else {
                x86_load(&e->b, 8, false, X86_RAX, rv_jit_xreg(r));
                x86_cmov(&e->b, taken, true, X86_RAX, X86_RCX);
                x86_store(&e->b, 8, rv_jit_xreg(r), X86_RAX);
            }
        }
        if (rv_jit_counts_instret) {
            x86_lea(&e->b, true, X86_RAX, x86_mem(RV_JIT_INSTRET_HOST, (int32_t)e->skipped));
            x86_cmov(&e->b, (enum x86_cc)(taken ^ 1), true, RV_JIT_INSTRET_HOST, X86_RAX);
        }
    } else {
        rv_jit_forget_all(e);
        rv_jit_fforget_all(e);
        rv_jit_count_retired(e, e->skipped);
        rv_jit_link_local(e, e->merge_jcc, x86_buf_used(&e->b));
    }
    uint32_t keep = ~e->skipped_writes;
    uint8_t fp_after_skipped = e->facts.fp_known;  /* a CSR write among them may clear it */
    e->facts = e->facts_at_branch;
    e->facts.checked &= keep;
    e->facts.known &= keep;
    if (fp_after_skipped < e->facts.fp_known)
        e->facts.fp_known = fp_after_skipped;
    e->merge_at = UINT32_MAX;
}
