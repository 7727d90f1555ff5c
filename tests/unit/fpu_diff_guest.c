/*
 * tests/unit/fpu_diff_guest.c - the reference side of the FPU differential harness.
 *
 * A riscv64 program (built with riscv64-linux-gnu-gcc -static, run under qemu-riscv64 or real
 * hardware) that reads struct fpu_diff_case records on stdin, executes the one real F/D
 * instruction each names with frm set to the case's rounding mode, and writes the result and
 * the accrued fflags as struct fpu_diff_result records on stdout. Not part of `make check`:
 * fpu_diff.sh drives it.
 */
#include <stdio.h>

#include "fpu_diff_ops.h"

/* Operands enter through integer registers so NaN payloads and NaN-boxing are exactly ours. */
#define FOP_S(insn) \
    __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmv.w.x ft2, %3\n\t" insn \
                     "\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) \
                     : "ft0", "ft1", "ft2", "ft3")
#define FOP_D(insn) \
    __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\tfmv.d.x ft2, %3\n\t" insn \
                     "\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a), "r"(b), "r"(c) \
                     : "ft0", "ft1", "ft2", "ft3")
/* float operand(s) in ft0/ft1, integer result in %0 */
#define XOP_S(insn) \
    __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\t" insn \
                     : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1")
#define XOP_D(insn) \
    __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t" insn \
                     : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1")
/* integer operand in %1, float result */
#define IOP_S(insn) \
    __asm__ volatile(insn "\n\tfmv.x.w %0, ft3" : "=r"(r) : "r"(a) : "ft3")
#define IOP_D(insn) \
    __asm__ volatile(insn "\n\tfmv.x.d %0, ft3" : "=r"(r) : "r"(a) : "ft3")

static uint64_t run(uint32_t op, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t r = 0;
    switch (op) {
    case OP_fadd_s:    FOP_S("fadd.s ft3, ft0, ft1"); break;
    case OP_fsub_s:    FOP_S("fsub.s ft3, ft0, ft1"); break;
    case OP_fmul_s:    FOP_S("fmul.s ft3, ft0, ft1"); break;
    case OP_fdiv_s:    FOP_S("fdiv.s ft3, ft0, ft1"); break;
    case OP_fsqrt_s:   FOP_S("fsqrt.s ft3, ft0"); break;
    case OP_fmadd_s:   FOP_S("fmadd.s ft3, ft0, ft1, ft2"); break;
    case OP_fmsub_s:   FOP_S("fmsub.s ft3, ft0, ft1, ft2"); break;
    case OP_fnmsub_s:  FOP_S("fnmsub.s ft3, ft0, ft1, ft2"); break;
    case OP_fnmadd_s:  FOP_S("fnmadd.s ft3, ft0, ft1, ft2"); break;
    case OP_fmin_s:    FOP_S("fmin.s ft3, ft0, ft1"); break;
    case OP_fmax_s:    FOP_S("fmax.s ft3, ft0, ft1"); break;
    case OP_feq_s:     XOP_S("feq.s %0, ft0, ft1"); break;
    case OP_flt_s:     XOP_S("flt.s %0, ft0, ft1"); break;
    case OP_fle_s:     XOP_S("fle.s %0, ft0, ft1"); break;
    case OP_fclass_s:  XOP_S("fclass.s %0, ft0"); break;
    case OP_fcvt_w_s:  XOP_S("fcvt.w.s %0, ft0"); break;
    case OP_fcvt_wu_s: XOP_S("fcvt.wu.s %0, ft0"); break;
    case OP_fcvt_l_s:  XOP_S("fcvt.l.s %0, ft0"); break;
    case OP_fcvt_lu_s: XOP_S("fcvt.lu.s %0, ft0"); break;
    case OP_fcvt_s_w:  IOP_S("fcvt.s.w ft3, %1"); break;
    case OP_fcvt_s_wu: IOP_S("fcvt.s.wu ft3, %1"); break;
    case OP_fcvt_s_l:  IOP_S("fcvt.s.l ft3, %1"); break;
    case OP_fcvt_s_lu: IOP_S("fcvt.s.lu ft3, %1"); break;
    case OP_fcvt_d_s:
        __asm__ volatile("fmv.w.x ft0, %1\n\tfcvt.d.s ft3, ft0\n\tfmv.x.d %0, ft3"
                         : "=r"(r) : "r"(a) : "ft0", "ft3");
        break;
    case OP_fadd_d:    FOP_D("fadd.d ft3, ft0, ft1"); break;
    case OP_fsub_d:    FOP_D("fsub.d ft3, ft0, ft1"); break;
    case OP_fmul_d:    FOP_D("fmul.d ft3, ft0, ft1"); break;
    case OP_fdiv_d:    FOP_D("fdiv.d ft3, ft0, ft1"); break;
    case OP_fsqrt_d:   FOP_D("fsqrt.d ft3, ft0"); break;
    case OP_fmadd_d:   FOP_D("fmadd.d ft3, ft0, ft1, ft2"); break;
    case OP_fmsub_d:   FOP_D("fmsub.d ft3, ft0, ft1, ft2"); break;
    case OP_fnmsub_d:  FOP_D("fnmsub.d ft3, ft0, ft1, ft2"); break;
    case OP_fnmadd_d:  FOP_D("fnmadd.d ft3, ft0, ft1, ft2"); break;
    case OP_fmin_d:    FOP_D("fmin.d ft3, ft0, ft1"); break;
    case OP_fmax_d:    FOP_D("fmax.d ft3, ft0, ft1"); break;
    case OP_feq_d:     XOP_D("feq.d %0, ft0, ft1"); break;
    case OP_flt_d:     XOP_D("flt.d %0, ft0, ft1"); break;
    case OP_fle_d:     XOP_D("fle.d %0, ft0, ft1"); break;
    case OP_fclass_d:  XOP_D("fclass.d %0, ft0"); break;
    case OP_fcvt_w_d:  XOP_D("fcvt.w.d %0, ft0"); break;
    case OP_fcvt_wu_d: XOP_D("fcvt.wu.d %0, ft0"); break;
    case OP_fcvt_l_d:  XOP_D("fcvt.l.d %0, ft0"); break;
    case OP_fcvt_lu_d: XOP_D("fcvt.lu.d %0, ft0"); break;
    case OP_fcvt_d_w:  IOP_D("fcvt.d.w ft3, %1"); break;
    case OP_fcvt_d_wu: IOP_D("fcvt.d.wu ft3, %1"); break;
    case OP_fcvt_d_l:  IOP_D("fcvt.d.l ft3, %1"); break;
    case OP_fcvt_d_lu: IOP_D("fcvt.d.lu ft3, %1"); break;
    case OP_fcvt_s_d:
        __asm__ volatile("fmv.d.x ft0, %1\n\tfcvt.s.d ft3, ft0\n\tfmv.x.w %0, ft3"
                         : "=r"(r) : "r"(a) : "ft0", "ft3");
        break;
    }
    return r;
}

int main(void)
{
    static struct fpu_diff_case in[4096];
    static struct fpu_diff_result out[4096];
    size_t n;
    while ((n = fread(in, sizeof in[0], 4096, stdin)) > 0) {
        for (size_t i = 0; i < n; i++) {
            uint64_t flags;
            __asm__ volatile("fsrm %0\n\tfsflags zero" : : "r"((uint64_t)in[i].rm));
            out[i].value = run(in[i].op, in[i].a, in[i].b, in[i].c);
            __asm__ volatile("frflags %0" : "=r"(flags));
            out[i].flags = flags;
        }
        if (fwrite(out, sizeof out[0], n, stdout) != n)
            return 1;
    }
    return 0;
}
