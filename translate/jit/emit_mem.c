/*
 * translate/jit/emit_mem.c - integer and FP loads and stores, and fence, as x86-64 code.
 *
 * Guest address = host address: a load is one host load, a store one host store after a range
 * check of its base (rv_jit_checked). A page the guest may not touch makes the host fault, and
 * the translator's sync_fault finds the instruction from the host pc (rd is written only after
 * the access; the pinned registers and the cache's dirty copies, recorded by rv_jit_fault_point
 * just before the access, are read from the fault's context).
 *
 * Why loads go unchecked: the check (a compare and a branch per base value) was 13% of
 * python3's time and 15% of sqlite3's, and what it protects is the runner's memory, which only
 * a store can harm. A load outside the guest range faults on the host as it would on a RISC-V
 * machine (run/fault.c takes the address from the instruction when the kernel's is not the
 * guest's), except where it lands on one of the runner's own mappings (above the guest range:
 * its code, heap, stacks, libraries), where it reads them instead of raising SIGSEGV; qemu-user
 * lets loads and stores alike go anywhere.
 * x86-64 allows misaligned accesses, which riscv64 Linux emulates for its guests.
 */
#include <signal.h>

#include "mem/addrspace.h"
#include "translate/jit/emit_ctx.h"
#include "translate/jit/operands.h"

/* The bytes a load or store of rv_jit_checked's touches: 0 for other ops. */
static int access_size(uint16_t op)
{
    switch (op) {
    case rv_op_lb: case rv_op_lbu: case rv_op_sb:                               return 1;
    case rv_op_lh: case rv_op_lhu: case rv_op_sh:                               return 2;
    case rv_op_lw: case rv_op_lwu: case rv_op_sw: case rv_op_flw: case rv_op_fsw: return 4;
    case rv_op_ld: case rv_op_sd: case rv_op_fld: case rv_op_fsd:               return 8;
    default:                                                                    return 0;
    }
}

/* Whether an access at `off` bytes from a value that passed the one-compare check is safe
 * without another: within the 2 KiB the check leaves (mem_base_limit). */
static bool within_reach(int64_t off)
{
    return off >= -(int64_t)GUEST_IMM_REACH && off < (int64_t)GUEST_IMM_REACH;
}

/* [*lo, *hi): the offsets from in->rs1's value now that this access and the later stores of
 * the block touch through it, following `addi rs1, rs1, c` (the offsets then shift
 * by c) and ending at any other instruction whose rd is rs1 (for a store or an FP destination
 * that is only a false end, never a missed write). */
static void same_base_span(const struct rv_jit_emit *e, const struct rv_dinsn *in, int size,
                           int32_t *lo, int32_t *hi)
{
    *lo = (int32_t)in->imm;
    *hi = (int32_t)in->imm + size;
    int64_t delta = 0;
    for (uint32_t j = e->at; j < e->t->n; j++) {
        const struct rv_dinsn *o = &e->t->insns[j];
        int n = rv_op_flags[o->op] & RVF_STORE ? access_size(o->op) : 0;  /* loads: unchecked */
        int64_t off = delta + o->imm;
        if (n && o->rs1 == in->rs1 && within_reach(off)) {
            *lo = off < *lo ? (int32_t)off : *lo;
            *hi = off + n > *hi ? (int32_t)(off + n) : *hi;
        }
        if (o->rd != in->rs1)
            continue;
        if (o->op != rv_op_addi || o->rs1 != in->rs1)
            break;
        delta += o->imm;
    }
}

void rv_jit_written(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    uint32_t rd = rv_jit_x_writes(in);
    bool base_known = in->rs1 == 0 || (e->facts.known & (1u << in->rs1));
    uint64_t base = in->rs1 ? e->facts.known_value[in->rs1] : 0;
    /* rd = a checked value + imm: addi, or a move (add with x0, which c.mv is) */
    int from = in->op == rv_op_addi ? in->rs1
             : in->op == rv_op_add && in->rs1 == 0 ? in->rs2
             : in->op == rv_op_add && in->rs2 == 0 ? in->rs1 : 0;
    int32_t imm = in->op == rv_op_addi ? (int32_t)in->imm : 0;
    bool moves_checked = from && (e->facts.checked & (1u << from));
    e->facts.checked &= ~rd;
    e->facts.known &= ~rd;
    if (rd <= 1)  /* x0, or no integer register */
        return;
    if (moves_checked) {
        e->facts.checked_lo[in->rd] = e->facts.checked_lo[from];
        e->facts.checked_hi[in->rd] = e->facts.checked_hi[from];
        e->facts.checked_delta[in->rd] = e->facts.checked_delta[from] + imm;
        e->facts.checked |= rd;
    }
    if (in->op == rv_op_lui)
        e->facts.known_value[in->rd] = (uint64_t)in->imm;
    else if (in->op == rv_op_auipc)
        e->facts.known_value[in->rd] = in->pc + (uint64_t)in->imm;
    else if (in->op == rv_op_addi && base_known)
        e->facts.known_value[in->rd] = base + (uint64_t)in->imm;
    else
        return;
    e->facts.known |= rd;
}

/*
 * One compare of the base register, once per value of it in a block: at most mem_base_limit,
 * base + imm cannot reach GUEST_LIMIT, so the access touches guest memory or the unmapped pages
 * below GUEST_BASE (an address under it, or wrapped below zero to the top of the address space
 * by a negative imm), where the host faults with the exact address (run/fault.c); and so does
 * every later store through the same value, whose imm is within 2 KiB too. A larger base (the
 * top 2 KiB of the range, or outside it) takes a cold path (rv_jit_recheck) that checks
 * exactly the span of this store and the later ones through the same value, and comes back
 * when it passes.
 */
struct x86_mem rv_jit_checked(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    enum x86_reg base = rv_jit_get(e, in->rs1, X86_RAX);
    int r = in->rs1;
    struct x86_mem m = x86_mem(base, (int32_t)in->imm);
    if (r == 0)  /* an address within 2 KiB of 0: below the range, or wrapped to the top */
        return m;
    if (e->facts.known & (1u << r)) {  /* a constant address (an auipc and a load, say) */
        uint64_t addr = e->facts.known_value[r] + (uint64_t)in->imm;
        if (addr >= GUEST_BASE && addr <= GUEST_LIMIT - (uint64_t)size)
            return m;
    }
    int64_t off = (int64_t)e->facts.checked_delta[r] + in->imm;  /* from the checked value */
    if ((e->facts.checked & (1u << r)) && within_reach(off) && off >= e->facts.checked_lo[r] &&
        off + size <= e->facts.checked_hi[r])
        return m;
    x86_alu_rm(&e->b, X86_CMP, true, base, RV_JIT_CPU(mem_base_limit));
    rv_jit_fault_if(e, in, X86_CC_A, SIGSEGV);
    if (e->b.full)
        return m;
    struct rv_jit_fault_fix *f = &e->fixes[e->n_fixes - 1];
    f->addr = RV_JIT_ADDR_RECHECK;
    f->base = (int8_t)base;
    f->imm = (int32_t)in->imm;
    f->size = (int8_t)size;
    f->resume_at = (uint32_t)x86_buf_used(&e->b);
    f->at = e->at;
    same_base_span(e, in, size, &f->lo, &f->hi);
    e->facts.checked |= 1u << r;
    e->facts.checked_lo[r] = f->lo;
    e->facts.checked_hi[r] = f->hi;
    e->facts.checked_delta[r] = 0;
    return m;
}

/* The cold path of a RV_JIT_ADDR_RECHECK fix: back to the access when the span of it and the
 * later accesses through its base is inside the range; else, when this access alone is, a jump
 * for translate.c to wire to running the instruction alone (alone_jcc_at); else rax = the
 * address for the fault. */
void rv_jit_recheck(struct rv_jit_emit *e, struct rv_jit_fault_fix *f)
{
    enum x86_reg base = (enum x86_reg)f->base;  /* may be rax: rax is written last */
    struct x86_mem any_byte = RV_JIT_CPU(mem_span[0]);
    size_t alone_check = 0;
    f->alone_jcc_at = 0;
    if (f->lo != f->imm || f->hi != f->imm + f->size) {
        /* base + lo inside, then base + hi at most the range's last byte (one byte stricter
         * than needed, which only sends that edge to the check of the access alone) */
        x86_lea(&e->b, true, X86_RCX, x86_mem(base, f->lo - (int32_t)GUEST_BASE));
        x86_alu_rm(&e->b, X86_CMP, true, X86_RCX, any_byte);
        alone_check = rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_A));
        x86_lea(&e->b, true, X86_RCX, x86_mem(base, f->hi - (int32_t)GUEST_BASE));
        x86_alu_rm(&e->b, X86_CMP, true, X86_RCX, any_byte);
        rv_jit_link_local(e, rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_BE)), f->resume_at);
        rv_jit_link_local(e, alone_check, rv_jit_here(e));
    }
    x86_lea(&e->b, true, X86_RCX, x86_mem(base, f->imm - (int32_t)GUEST_BASE));
    x86_alu_rm(&e->b, X86_CMP, true, X86_RCX, RV_JIT_CPU(mem_span[rv_jit_log2_size(f->size)]));
    size_t passes = rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_BE));
    if (alone_check)
        f->alone_jcc_at = (uint32_t)passes;
    else
        rv_jit_link_local(e, passes, f->resume_at);
}

/* A load's operand: [rs1's register + imm], unchecked (see above). */
static struct x86_mem unchecked(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    return x86_mem(rv_jit_get(e, in->rs1, X86_RAX), (int32_t)in->imm);
}

static void load(struct rv_jit_emit *e, const struct rv_dinsn *in, int size, bool sign)
{
    struct x86_mem m = unchecked(e, in);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 0);  /* rax for x0: the access may still fault */
    rv_jit_fault_point(e);
    x86_load(&e->b, size, sign, dst, m);
    rv_jit_put(e, in->rd, dst);
}

static void store(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    struct x86_mem m = rv_jit_checked(e, in, size);
    if (in->rs2 == 0) {  /* x0: an immediate zero */
        rv_jit_fault_point(e);
        x86_store_imm(&e->b, size, m, 0);
        return;
    }
    enum x86_reg value = rv_jit_get(e, in->rs2, X86_RCX);
    rv_jit_fault_point(e);
    x86_store(&e->b, size, m, value);
}

/* flw NaN-boxes the 32 bits it loads; fsw stores the low 32 bits whatever the upper ones are
 * (both are transfers, exempt from the boxing check). The value goes through the float copies
 * cache: fld into the register that keeps it for the instructions that read it next. */
static void fp_load(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    struct x86_mem m = unchecked(e, in);
    int dst = rv_jit_fdest(e, in->rd);
    if (dst == X86_NOREG)
        dst = 0;  /* not read again in the block: through scratch to its home */
    rv_jit_fault_point(e);
    if (size == 8) {
        x86_movsd_load(&e->b, dst, m);
    } else {
        x86_load(&e->b, 4, false, X86_RCX, m);
        x86_mov_ri(&e->b, X86_RAX, UINT64_C(0xffffffff00000000));
        x86_alu_rr(&e->b, X86_OR, true, X86_RCX, X86_RAX);
        x86_movq_xmm_r(&e->b, dst, X86_RCX);
    }
    rv_jit_fput(e, in->rd, dst);
}

static void fp_store(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    struct x86_mem m = rv_jit_checked(e, in, size);
    int value = rv_jit_fget(e, in->rs2, 0);
    rv_jit_fault_point(e);
    if (size == 8)
        x86_movsd_store(&e->b, m, value);
    else
        x86_movd_store(&e->b, m, value);
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
