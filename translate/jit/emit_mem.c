/*
 * translate/jit/emit_mem.c - integer and FP loads and stores, and fence, as x86-64 code.
 *
 * Guest address = host address: after the range check (rv_jit_address) an access is one host
 * load or store. A page inside the range the guest may not touch makes the host fault, and the
 * translator's sync_fault finds the instruction from the host pc (rd is written only after the
 * access; the pinned registers and the cache's dirty copies, recorded by rv_jit_fault_point just
 * before the access, are read from the fault's context).
 * x86-64 allows misaligned accesses, which riscv64 Linux emulates for its guests.
 */
#include "translate/jit/emit_ctx.h"


static void load(struct rv_jit_emit *e, const struct rv_dinsn *in, int size, bool sign)
{
    struct x86_mem m = rv_jit_checked(e, in, size);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 0);  /* rax for x0: the access may still fault */
    rv_jit_fault_point(e);
    x86_load(&e->b, size, sign, dst, m);
    rv_jit_put(e, in->rd, dst);
}

static void store(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    struct x86_mem m = rv_jit_checked(e, in, size);
    enum x86_reg value = rv_jit_get(e, in->rs2, X86_RCX);
    rv_jit_fault_point(e);
    x86_store(&e->b, size, m, value);
}

/* flw NaN-boxes the 32 bits it loads; fsw stores the low 32 bits whatever the upper ones are
 * (both are transfers, exempt from the boxing check). */
static void fp_load(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    rv_jit_forget(e, X86_RDX);
    struct x86_mem m = rv_jit_checked(e, in, size);
    rv_jit_fault_point(e);
    x86_load(&e->b, size, false, X86_RDX, m);
    if (size == 4) {
        x86_mov_ri(&e->b, X86_RCX, UINT64_C(0xffffffff00000000));
        x86_alu_rr(&e->b, X86_OR, true, X86_RDX, X86_RCX);
    }
    x86_store(&e->b, 8, rv_jit_freg(in->rd), X86_RDX);
}

static void fp_store(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    rv_jit_forget(e, X86_RDX);
    struct x86_mem m = rv_jit_checked(e, in, size);
    x86_load(&e->b, size, false, X86_RDX, rv_jit_freg(in->rs2));
    rv_jit_fault_point(e);
    x86_store(&e->b, size, m, X86_RDX);
}

bool rv_jit_emit_mem(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    switch (in->op) {
    case rv_op_lb:  load(e, in, 1, true); break;
    case rv_op_lh:  load(e, in, 2, true); break;
    case rv_op_lw:  load(e, in, 4, true); break;
    case rv_op_ld:  load(e, in, 8, false); break;
    case rv_op_lbu: load(e, in, 1, false); break;
    case rv_op_lhu: load(e, in, 2, false); break;
    case rv_op_lwu: load(e, in, 4, false); break;
    case rv_op_sb:  store(e, in, 1); break;
    case rv_op_sh:  store(e, in, 2); break;
    case rv_op_sw:  store(e, in, 4); break;
    case rv_op_sd:  store(e, in, 8); break;
    case rv_op_flw: fp_load(e, in, 4); break;
    case rv_op_fld: fp_load(e, in, 8); break;
    case rv_op_fsw: fp_store(e, in, 4); break;
    case rv_op_fsd: fp_store(e, in, 8); break;
    /* x86-64 (TSO) keeps every order RISC-V's fence can ask for except a store before a later
     * load: only a fence whose predecessor set has W and successor set has R needs mfence
     * (imm: fm, pred, succ, four bits each; R is 2, W is 1). */
    case rv_op_fence:
        if (((in->imm >> 4) & 1) && (in->imm & 2))
            x86_mfence(&e->b);
        break;
    default:
        return false;
    }
    return true;
}
