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
#include "translate/jit/pinned.h"

/* What an op's format says about it: a rounding mode field, an integer source (rs1), an
 * integer result (rd); FP_NOT for every format that is not an FP computation. */
enum { FP_RM = 1, FP_XS = 2, FP_XD = 4, FP_NOT = 8 };
#define FPF_FR_RM FP_RM
#define FPF_FR4_RM FP_RM
#define FPF_FR1_RM FP_RM
#define FPF_FR 0
#define FPF_FCMP FP_XD
#define FPF_FX FP_XD
#define FPF_FX_RM (FP_XD | FP_RM)
#define FPF_XF FP_XS
#define FPF_XF_RM (FP_XS | FP_RM)
#define FPF_AMO FP_NOT
#define FPF_B FP_NOT
#define FPF_CSR FP_NOT
#define FPF_CSRI FP_NOT
#define FPF_FENCE FP_NOT
#define FPF_FLOAD FP_NOT
#define FPF_FSTORE FP_NOT
#define FPF_I FP_NOT
#define FPF_ISH FP_NOT
#define FPF_ISHW FP_NOT
#define FPF_J FP_NOT
#define FPF_JALR FP_NOT
#define FPF_LOAD FP_NOT
#define FPF_LR FP_NOT
#define FPF_NONE FP_NOT
#define FPF_R FP_NOT
#define FPF_R2 FP_NOT
#define FPF_STORE FP_NOT
#define FPF_U FP_NOT

static const uint8_t fp_form[rv_op_count] = {
    [rv_op_illegal] = FP_NOT,
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = FPF_##fmt,
#include "translate/riscv.def"
#undef RV
};

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
    if (has < 0) {
        const char *env = getenv("CROSSRUN_JIT_FMA");
        has = x86_host_has_fma() && !(env && strcmp(env, "0") == 0);
    }
    return has;
}

/* The inline path of a double op; returns the offsets of its jumps to the call (the slow path),
 * 0 when not emitted. */
static int emit_fast(struct rv_jit_emit *e, const struct rv_dinsn *in, size_t slow[3])
{
    enum x86_fma fma = X86_VFMADD213SD;
    int form = sse_form(in->op, &fma);
    if (!form || (form < 0 && !use_fma()) || (in->rm != RV_RNE && in->rm != RV_DYN))
        return 0;
    struct x86_buf *b = &e->b;
    int n = 0;
    /* two loads, not one of both fields: gcc's fsflags writes fflags alone, and a load wider
     * than the store before it waits for the store to retire (nbody: 0.64 -> 0.75 s) */
    x86_test_mi(b, 4, RV_JIT_CPU(fflags), RV_FFLAG_NX);
    slow[n++] = x86_jcc(b, X86_CC_E);
    if (in->rm == RV_DYN) {
        x86_alu_mi(b, X86_CMP, false, RV_JIT_CPU(frm), RV_RNE);
        slow[n++] = x86_jcc(b, X86_CC_NE);
    }
    if (form == X86_SQRTSD) {
        x86_sse_sd(b, X86_SQRTSD, 0, rv_jit_freg(in->rs1));
    } else if (form > 0) {
        x86_movsd_load(b, 0, rv_jit_freg(in->rs1));
        x86_sse_sd(b, (enum x86_sse_op)form, 0, rv_jit_freg(in->rs2));
    } else {
        x86_movsd_load(b, 0, rv_jit_freg(in->rs1));
        x86_movsd_load(b, 1, rv_jit_freg(in->rs2));
        x86_fma213_sd(b, fma, 0, 1, rv_jit_freg(in->rs3));
    }
    /* a biased exponent of 2 to 2046: finite, and at least twice the smallest normal, so not
     * tiny before rounding either (the rest take the call, whose result is exact anyway) */
    x86_movq_r_xmm(b, X86_RAX, 0);
    x86_lea(b, true, X86_RCX, x86_mem_index(X86_RAX, X86_RAX, 1, 0));
    x86_shift_ri(b, X86_SHR, true, X86_RCX, 53);
    x86_alu_ri(b, X86_SUB, false, X86_RCX, 2);
    x86_alu_ri(b, X86_CMP, false, X86_RCX, 2044);
    slow[n++] = x86_jcc(b, X86_CC_A);
    x86_store(b, 8, rv_jit_freg(in->rd), X86_RAX);
    return n;
}

/* feq.d, flt.d, fle.d inline: ucomisd, then the call when the operands are unordered (a NaN,
 * which raises NV or not by the op and the NaN's kind); ordered operands raise nothing. */
static int emit_fast_compare(struct rv_jit_emit *e, const struct rv_dinsn *in, size_t slow[3])
{
    enum x86_cc cc = in->op == rv_op_feq_d ? X86_CC_E : in->op == rv_op_flt_d ? X86_CC_B
                   : in->op == rv_op_fle_d ? X86_CC_BE : X86_CC_P;
    if (cc == X86_CC_P)
        return 0;
    struct x86_buf *b = &e->b;
    x86_movsd_load(b, 0, rv_jit_freg(in->rs1));
    x86_movsd_load(b, 1, rv_jit_freg(in->rs2));
    x86_ucomisd(b, 0, 1);
    slow[0] = x86_jcc(b, X86_CC_P);
    x86_setcc(b, cc, X86_RAX);
    rv_jit_store_x(e, in->rd, X86_RAX);
    return 1;
}

/* The interpreter's function for the op: a dynamic rounding mode checked first (SIGILL for a
 * reserved one), then a light call. The cache is empty here (translate.c forgets every copy
 * before FP ops), so this is the same code wherever it is written, in line or in the cold
 * part. */
static void call(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    unsigned form = fp_form[in->op];
    if ((form & FP_RM) && in->rm == RV_DYN) {
        x86_alu_mi(&e->b, X86_CMP, false, RV_JIT_CPU(frm), RV_RMM);
        rv_jit_fault_if(e, in, X86_CC_A, SIGILL);
        if (!e->b.full)
            e->fixes[e->n_fixes - 1].addr = RV_JIT_ADDR_PC;
    }
    rv_jit_light_call(e, in, form & FP_XS, form & FP_XD);
}

bool rv_jit_emit_fp(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    unsigned form = fp_form[in->op];
    if (!(rv_op_flags[in->op] & RVF_FP) || (form & FP_NOT))
        return false;
    if ((form & FP_RM) && in->rm != RV_DYN && in->rm > RV_RMM)
        return false;  /* a reserved static mode: the general call raises SIGILL */
    size_t slow[3];
    int n_slow = emit_fast(e, in, slow);
    if (!n_slow)
        n_slow = emit_fast_compare(e, in, slow);
    if (n_slow && e->n_cold_calls < RV_JIT_MAX_COLD_CALLS) {  /* the call in the cold part */
        struct rv_jit_cold_call *c = &e->cold_calls[e->n_cold_calls++];
        c->in = in;
        c->n_slow = (uint8_t)n_slow;
        for (int k = 0; k < n_slow; k++)
            c->slow[k] = (uint32_t)slow[k];
        c->done = (uint32_t)x86_buf_used(&e->b);
        return true;
    }
    for (int k = 0; k < n_slow; k++)
        rv_jit_link_local(e, slow[k], x86_buf_used(&e->b));
    call(e, in);
    return true;
}

void rv_jit_emit_fp_cold(struct rv_jit_emit *e)
{
    for (uint32_t i = 0; i < e->n_cold_calls; i++) {
        const struct rv_jit_cold_call *c = &e->cold_calls[i];
        for (int k = 0; k < c->n_slow; k++)
            rv_jit_link_local(e, c->slow[k], rv_jit_here(e));
        call(e, c->in);
        rv_jit_link_local(e, rv_jit_in_part(e, x86_jmp(&e->b)), c->done);
    }
}
