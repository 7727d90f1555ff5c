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
 * are the interpreter's, bit for bit; inline SSE is the next step.
 */
#include <signal.h>

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

static bool caller_saved(enum x86_reg r)
{
    return r != X86_RBX && r != X86_RBP && r != X86_RSP && r < X86_R12;
}

/* Stores (load: loads) the pinned registers a call clobbers, and instret. */
static void clobbered_pins(struct rv_jit_emit *e, bool load)
{
    for (int k = 0; k < RV_JIT_PINNED; k++) {
        if (!caller_saved(rv_jit_pins[k].host))
            continue;
        if (load)
            x86_load(&e->b, 8, false, rv_jit_pins[k].host, rv_jit_pin_home(k));
        else
            x86_store(&e->b, 8, rv_jit_pin_home(k), rv_jit_pins[k].host);
    }
    struct x86_mem instret = RV_JIT_CPU(instret);
    if (load)
        x86_load(&e->b, 8, false, RV_JIT_INSTRET_HOST, instret);
    else
        x86_store(&e->b, 8, instret, RV_JIT_INSTRET_HOST);
}

bool rv_jit_emit_fp(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    unsigned form = fp_form[in->op];
    if (!(rv_op_flags[in->op] & RVF_FP) || (form & FP_NOT))
        return false;
    if ((form & FP_RM) && in->rm != RV_DYN && in->rm > RV_RMM)
        return false;  /* a reserved static mode: the general call raises SIGILL */
    if ((form & FP_RM) && in->rm == RV_DYN) {
        x86_alu_mi(&e->b, X86_CMP, false, RV_JIT_CPU(frm), RV_RMM);
        rv_jit_fault_if(e, in, X86_CC_A, SIGILL);
        if (!e->b.full)
            e->fixes[e->n_fixes - 1].addr = RV_JIT_ADDR_PC;
    }
    clobbered_pins(e, false);
    enum x86_reg xs = (form & FP_XS) ? rv_jit_pinned_host(in->rs1) : X86_NOREG;
    if (xs != X86_NOREG && !caller_saved(xs))
        x86_store(&e->b, 8, rv_jit_xreg(in->rs1), xs);
    x86_mov_rr(&e->b, true, X86_RDI, X86_RBX);
    x86_mov_ri(&e->b, X86_RSI, (uintptr_t)in);
    x86_mov_ri(&e->b, X86_RAX, (uintptr_t)rv_jit_exec_fns[in->op]);
    x86_call_r(&e->b, X86_RAX);
    clobbered_pins(e, true);
    enum x86_reg xd = (form & FP_XD) && in->rd ? rv_jit_pinned_host(in->rd) : X86_NOREG;
    if (xd != X86_NOREG && !caller_saved(xd))
        x86_load(&e->b, 8, false, xd, rv_jit_xreg(in->rd));
    return true;
}
