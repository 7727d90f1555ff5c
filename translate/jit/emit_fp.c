/*
 * translate/jit/emit_fp.c - F and D arithmetic, conversions, compares and moves: calls of the
 * interpreter's exact functions (exec_one.c), made cheap. Loads and stores are emit_mem.c's.
 *
 * A general helper call (translate.c) stores every pinned guest register before and loads them
 * after, since the helper may read or write any of them and may fault. These ops read or write
 * at most one integer register and fault only on an illegal rounding mode, so: the rounding
 * mode is checked inline (a dynamic one against frm), which leaves the helper nothing to fault
 * on, and only what the call clobbers is saved around it (the caller-saved pinned registers and
 * instret), plus the integer source before and the integer result after. Results and fflags
 * are the interpreter's, bit for bit.
 *
 * The double-precision add, sub, mul, div, sqrt and fused multiply-adds go inline first, on the
 * interpreter's own fast-path rule (fpu.c, fast_ok): when the rounding mode is RNE and fflags
 * already has NX, an SSE (or FMA3) result that is finite and above the smallest normal is the
 * RISC-V result and raises no flag that is not already set (a NaN, an infinity, an overflow, a
 * division by zero or a tiny result all fail the range check and take the call). feq, flt and
 * fle go inline when neither operand is a NaN (ordered operands raise nothing). MXCSR is the
 * process default (RNE, no DAZ/FTZ) and never changed.
 *
 * Float registers go through the float copies cache (emit_ctx.c: xmm2 to xmm15 hold copies for
 * the block, written back at its exits), so an inline op reads and writes xmm registers, not
 * homes in struct rv_cpu. Its operands are placed first (which may load or write back copies),
 * then the checks that send it to the call, in the cold part: that path writes back the dirty
 * copies as they are at the checks (the call reads homes), and after the call loads again every
 * copy the inline path would hold (the call clobbers the xmm registers and writes rd's home).
 * fsgnj.d (fmv.d, fneg.d, fabs.d), fmv.x.d and fmv.d.x are exact bit moves, always inline.
 *
 * The mode check of an op with a dynamic rounding mode reads cpu->jit_fp_fast (translate/cpu.h),
 * which CSR writes and sigreturn keep equal to "NX and RNE" and which 0 leaves safe: an op's
 * call in the cold part sets it again after its call, so once the guest's first inexact op
 * has gone through its call, the next one goes inline. Only a CSR write can clear it again
 * (calls only add flags), so a block checks once (facts.fp_known): the ops after a check go
 * unchecked, and the call after a failed check goes back to them only when the call made the
 * mode hold, else the block leaves. A one-block loop checks before its top (rv_jit_fp_guard).
 *
 * Why fflags stays exact in struct rv_cpu rather than accrued in MXCSR's sticky bits and folded
 * when read: reading MXCSR (stmxcsr) costs 6 ns on this project's Zen 4 host, and gcc reads
 * fflags around every quiet compare (frflags; flt.d; fsflags: the NaN check of each sqrt() call,
 * isless() and the like), so nbody ran 1.35 s with folding against 0.75 s without; the range
 * check it would save is five integer instructions per operation.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "translate/fpu.h"
#include "translate/jit/emit_ctx.h"
#include "translate/jit/operands.h"
#include "translate/jit/pinned.h"

/* An FP computation (not a load or store): what emit_fp takes. */
static bool is_fp_op(const struct rv_dinsn *in)
{
    return (rv_op_flags[in->op] & RVF_FP) && !(rv_op_flags[in->op] & (RVF_LOAD | RVF_STORE));
}

/* The SSE form of an inline double op (0: none); *fma the FMA3 one instead (-1). */
static int sse_form(enum rv_op op, enum x86_fma *fma)
{
    switch (op) {
    case rv_op_fadd_d:   return X86_ADDSD;
    case rv_op_fsub_d:   return X86_SUBSD;
    case rv_op_fmul_d:   return X86_MULSD;
    case rv_op_fdiv_d:   return X86_DIVSD;
    case rv_op_fsqrt_d:  return X86_SQRTSD;
    case rv_op_fmadd_d:  *fma = X86_VFMADD213SD; return -1;
    case rv_op_fmsub_d:  *fma = X86_VFMSUB213SD; return -1;
    case rv_op_fnmsub_d: *fma = X86_VFNMADD213SD; return -1;  /* -(a*b) + c */
    case rv_op_fnmadd_d: *fma = X86_VFNMSUB213SD; return -1;  /* -(a*b) - c */
    default:             return 0;
    }
}

/* Whether FMA3 is used: the host has it, unless CROSSRUN_JIT_FMA=0 (which the tests use to run
 * the differential tester's FP cases both ways). */
static bool use_fma(void)
{
    static int has = -1;
    if (has < 0) {  /* cpuid once: it traps to the hypervisor in a virtual machine */
        int wanted = -1;
        has = x86_host_has_fma() && rv_jit_env_on("CROSSRUN_JIT_FMA", &wanted);
    }
    return has;
}

/* Sets ZF when what `known` names (RV_JIT_FP_FAST or RV_JIT_FP_NX) does not hold. */
static void test_known(struct x86_buf *b, uint8_t known)
{
    if (known == RV_JIT_FP_FAST)
        x86_alu_mi(b, X86_CMP, false, RV_JIT_CPU(jit_fp_fast), 0);
    else
        x86_test_mi(b, 4, RV_JIT_CPU(fflags), RV_FFLAG_NX);
}

/* fflags has NX and the rounding mode is RNE: the inline path's rule (jumps to the call
 * otherwise, their offsets added to slow[*n]). A dynamic mode tests cpu->jit_fp_fast, which
 * says both (one compare and branch where two took a quarter of matmul's loop); a static RNE
 * tests NX alone. The check is left out when an earlier one in the block made it known
 * (facts.fp_known); returns what it makes known from here, 0 when it was left out. */
static uint8_t check_mode(struct rv_jit_emit *e, const struct rv_dinsn *in, size_t *slow, int *n)
{
    uint8_t wanted = in->rm == RV_DYN ? RV_JIT_FP_FAST : RV_JIT_FP_NX;
    if (e->facts.fp_known >= wanted)
        return 0;
    test_known(&e->b, wanted);
    slow[(*n)++] = x86_jcc(&e->b, X86_CC_E);
    e->facts.fp_known = wanted;
    return wanted;
}

/* An op emit_fast puts inline behind a mode check. */
static bool checks_mode(const struct rv_dinsn *in)
{
    enum x86_fma fma;
    int form = sse_form(in->op, &fma);
    return form && (form > 0 || use_fma()) && (in->rm == RV_RNE || in->rm == RV_DYN);
}

/* Why once per loop: the check is one compare and branch, yet matmul's loop ran 0.81 s with
 * it at every trip and 0.59 s without, and nbody 0.41 s against 0.37. When it fails, the
 * dispatcher runs the block once with the interpreter's functions (RV_JIT_EXIT_INTERPRET),
 * exactly, and the first inexact op sets NX; under a rounding mode other than RNE the loop
 * runs that way every trip. */
void rv_jit_fp_guard(struct rv_jit_emit *e)
{
    const struct rv_jit_tb *t = e->t;
    bool wanted = false;
    for (uint32_t i = 0; e->loop && i < t->n; i++) {
        const struct rv_dinsn *in = &t->insns[i];
        if (in->op == rv_op_illegal || in->op >= rv_op_count)
            continue;
        if (rv_jit_may_clear_fp_mode(in))
            return;
        wanted |= checks_mode(in);
    }
    if (!wanted)
        return;
    test_known(&e->b, RV_JIT_FP_FAST);
    e->fp_guard_jcc_at = (uint32_t)rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_E));
    e->facts.fp_known = RV_JIT_FP_FAST;
}

/* A source operand: its xmm register, or X86_NOREG for its home as a memory operand. */
struct fsrc {
    int xmm;
    int reg;
};

static struct fsrc source(struct rv_jit_emit *e, int reg)
{
    return (struct fsrc){ .xmm = rv_jit_ffind(e, reg), .reg = reg };
}

/* The xmm register holding the source, loaded into `scratch` when it is in its home. */
static int in_xmm(struct rv_jit_emit *e, struct fsrc s, int scratch)
{
    if (s.xmm != X86_NOREG)
        return s.xmm;
    x86_movsd_load(&e->b, scratch, rv_jit_freg(s.reg));
    return scratch;
}

/* rd = the result in xmm0 */
static void put_result(struct rv_jit_emit *e, const struct rv_dinsn *in, int dst)
{
    if (dst != X86_NOREG)
        x86_movaps_rr(&e->b, dst, 0);
    rv_jit_fput(e, in->rd, dst != X86_NOREG ? dst : 0);
}

/* The inline path of a double op; returns the number of its jumps to the call (the slow path),
 * 0 when not emitted. */
static int emit_fast(struct rv_jit_emit *e, const struct rv_dinsn *in, size_t slow[3],
                     struct rv_jit_dirty_map *before, uint8_t *establishes)
{
    if (!checks_mode(in))
        return 0;
    enum x86_fma fma = X86_VFMADD213SD;
    int form = sse_form(in->op, &fma);
    struct x86_buf *b = &e->b;
    struct fsrc s1 = source(e, in->rs1);
    struct fsrc s2 = form == X86_SQRTSD ? (struct fsrc){ X86_NOREG, 0 } : source(e, in->rs2);
    struct fsrc s3 = form < 0 ? source(e, in->rs3) : (struct fsrc){ X86_NOREG, 0 };
    int dst = rv_jit_fdest(e, in->rd);
    rv_jit_dirty_now(e, before);  /* the operands are placed: the state the checks leave */
    int n = 0;
    *establishes = check_mode(e, in, slow, &n);
    if (form == X86_SQRTSD) {
        if (s1.xmm == X86_NOREG)
            x86_sse_sd(b, X86_SQRTSD, 0, rv_jit_freg(in->rs1));
        else
            x86_sse_sd_rr(b, X86_SQRTSD, 0, s1.xmm);
    } else {
        if (s1.xmm == X86_NOREG)
            x86_movsd_load(b, 0, rv_jit_freg(in->rs1));
        else
            x86_movaps_rr(b, 0, s1.xmm);
        if (form > 0 && s2.xmm == X86_NOREG)
            x86_sse_sd(b, (enum x86_sse_op)form, 0, rv_jit_freg(in->rs2));
        else if (form > 0)
            x86_sse_sd_rr(b, (enum x86_sse_op)form, 0, s2.xmm);
        else if (s3.xmm == X86_NOREG)
            x86_fma213_sd(b, fma, 0, in_xmm(e, s2, 1), rv_jit_freg(in->rs3));
        else
            x86_fma213_sd_rr(b, fma, 0, in_xmm(e, s2, 1), s3.xmm);
    }
    /* a biased exponent of 2 to 2046: finite, and at least twice the smallest normal, so not
     * tiny before rounding either (the rest take the call, whose result is exact anyway) */
    x86_movq_r_xmm(b, X86_RAX, 0);
    x86_lea(b, true, X86_RCX, x86_mem_index(X86_RAX, X86_RAX, 1, 0));
    x86_shift_ri(b, X86_SHR, true, X86_RCX, 53);
    x86_alu_ri(b, X86_SUB, false, X86_RCX, 2);
    x86_alu_ri(b, X86_CMP, false, X86_RCX, 2044);
    slow[n++] = x86_jcc(b, X86_CC_A);
    put_result(e, in, dst);
    return n;
}

/* feq.d, flt.d, fle.d inline: ucomisd, then the call when the operands are unordered (a NaN,
 * which raises NV or not by the op and the NaN's kind); ordered operands raise nothing. */
static int emit_fast_compare(struct rv_jit_emit *e, const struct rv_dinsn *in, size_t slow[3],
                             struct rv_jit_dirty_map *before)
{
    enum x86_cc cc = in->op == rv_op_feq_d ? X86_CC_E : in->op == rv_op_flt_d ? X86_CC_B
                   : in->op == rv_op_fle_d ? X86_CC_BE : X86_CC_P;
    if (cc == X86_CC_P)
        return 0;
    struct x86_buf *b = &e->b;
    int a = rv_jit_fget(e, in->rs1, 0);
    int c = rv_jit_fget(e, in->rs2, 1);
    rv_jit_dirty_now(e, before);
    x86_ucomisd(b, a, c);
    slow[0] = x86_jcc(b, X86_CC_P);
    x86_setcc(b, cc, X86_RAX);
    rv_jit_store_x(e, in->rd, X86_RAX);
    return 1;
}

/* The sign injections on doubles (fmv.d, fneg.d, fabs.d and the rest) and the moves between
 * the register files: bit operations, exact and flag-free, so no call. False for other ops. */
static bool emit_bit_move(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    struct x86_buf *b = &e->b;
    switch (in->op) {
    case rv_op_fmv_x_d:
        x86_movq_r_xmm(b, X86_RAX, rv_jit_fget(e, in->rs1, 0));
        rv_jit_store_x(e, in->rd, X86_RAX);
        return true;
    case rv_op_fmv_d_x: {
        rv_jit_load_x(e, X86_RCX, in->rs1);
        int dst = rv_jit_fdest(e, in->rd);
        x86_movq_xmm_r(b, dst != X86_NOREG ? dst : 0, X86_RCX);
        rv_jit_fput(e, in->rd, dst != X86_NOREG ? dst : 0);
        return true;
    }
    case rv_op_fsgnj_d: case rv_op_fsgnjn_d: case rv_op_fsgnjx_d:
        break;
    default:
        return false;
    }
    int dst = rv_jit_fdest(e, in->rd);
    if (in->op == rv_op_fsgnj_d && in->rs1 == in->rs2) {  /* fmv.d */
        int src = rv_jit_fget(e, in->rs1, 0);
        if (src != 0)
            x86_movaps_rr(b, 0, src);
        put_result(e, in, dst);
        return true;
    }
    x86_movq_r_xmm(b, X86_RAX, rv_jit_fget(e, in->rs1, 0));   /* the magnitude */
    x86_movq_r_xmm(b, X86_RCX, rv_jit_fget(e, in->rs2, 1));   /* the sign's source */
    if (in->op == rv_op_fsgnjn_d)
        x86_not(b, true, X86_RCX);
    else if (in->op == rv_op_fsgnjx_d)
        x86_alu_rr(b, X86_XOR, true, X86_RCX, X86_RAX);
    x86_shift_ri(b, X86_SHL, true, X86_RAX, 1);   /* rax = |rs1| */
    x86_shift_ri(b, X86_SHR, true, X86_RAX, 1);
    x86_shift_ri(b, X86_SHR, true, X86_RCX, 63);  /* rcx = the sign bit */
    x86_shift_ri(b, X86_SHL, true, X86_RCX, 63);
    x86_alu_rr(b, X86_OR, true, X86_RAX, X86_RCX);
    x86_movq_xmm_r(b, 0, X86_RAX);
    put_result(e, in, dst);
    return true;
}

/* The interpreter's function for the op: a dynamic rounding mode checked first (SIGILL for a
 * reserved one), then a light call. The copies caches have nothing dirty here (emit_fp forgets
 * every copy before a call in line, and a cold call writes back what was dirty first), so this
 * is the same code wherever it is written, in line or in the cold part. */
static void call(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    unsigned form = rv_jit_operands_of(in);
    if ((form & RV_HAS_RM) && in->rm == RV_DYN) {
        x86_alu_mi(&e->b, X86_CMP, false, RV_JIT_CPU(frm), RV_RMM);
        rv_jit_fault_if(e, in, X86_CC_A, SIGILL);
        if (!e->b.full) {
            e->fixes[e->n_fixes - 1].addr = RV_JIT_ADDR_PC;
            e->fixes[e->n_fixes - 1].dirty = (struct rv_jit_dirty_map){ { 0 }, { 0 } };
        }
    }
    rv_jit_light_call(e, in, form & RV_RS1_X, form & RV_RD_X);
}

bool rv_jit_emit_fp(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    unsigned form = rv_jit_operands_of(in);
    if (!is_fp_op(in))
        return false;
    if ((form & RV_HAS_RM) && in->rm != RV_DYN && in->rm > RV_RMM)
        return false;  /* a reserved static mode: the general call raises SIGILL */
    if (emit_bit_move(e, in))
        return true;
    size_t slow[3];
    struct rv_jit_dirty_map before;
    uint8_t establishes = 0;
    int n_slow = emit_fast(e, in, slow, &before, &establishes);
    if (!n_slow)
        n_slow = emit_fast_compare(e, in, slow, &before);
    if (n_slow) {  /* the call in the cold part */
        if (e->n_cold_calls == RV_JIT_MAX_COLD_CALLS) {
            e->b.full = true;  /* cannot happen (one per instruction): never leave a jump unwired */
            return true;
        }
        struct rv_jit_cold_call *c = &e->cold_calls[e->n_cold_calls++];
        c->in = in;
        c->n_slow = (uint8_t)n_slow;
        for (int k = 0; k < n_slow; k++)
            c->slow[k] = (uint32_t)slow[k];
        c->done = (uint32_t)x86_buf_used(&e->b);
        c->before = before;
        c->establishes = establishes;
        rv_jit_held_now(e, &c->after);
        return true;
    }
    rv_jit_forget_all(e);  /* the call clobbers the cache registers and reads homes */
    rv_jit_fforget_all(e);
    call(e, in);
    return true;
}

void rv_jit_emit_fp_cold(struct rv_jit_emit *e)
{
    for (uint32_t i = 0; i < e->n_cold_calls; i++) {
        const struct rv_jit_cold_call *c = &e->cold_calls[i];
        for (int k = 0; k < c->n_slow; k++)
            rv_jit_link_local(e, c->slow[k], rv_jit_here(e));
        rv_jit_write_back(e, &c->before);
        call(e, c->in);
        rv_jit_fp_mode_written(&e->b);  /* the call may have set NX: the next op goes inline */
        if (c->establishes) {
            /* the ops after it go inline unchecked: back only when the call made it hold,
             * else on through the dispatcher (nothing is dirty: the call's homes are the
             * truth) */
            test_known(&e->b, c->establishes);
            size_t holds = rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_NE));
            rv_jit_leave_at(e, c->in->idx + 1u, c->in->pc + c->in->len, RV_JIT_EXIT_LOOKUP);
            rv_jit_link_local(e, holds, rv_jit_here(e));
        }
        rv_jit_reload(e, &c->after);
        rv_jit_link_local(e, rv_jit_in_part(e, x86_jmp(&e->b)), c->done);
    }
}
