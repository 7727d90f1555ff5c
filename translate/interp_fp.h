/*
 * translate/interp_fp.h - F and D instructions (loads and stores are in interp_mem.h).
 *
 * Arithmetic and conversions are fpu.c's job, comparisons, min/max and fclass fpu_compare.c's
 * (exact RISC-V results on raw bits); this file resolves the rounding mode, unboxes
 * single-precision inputs, NaN-boxes single-precision results, accrues fflags and does the
 * bit-level instructions itself (fsgnj*, fmv).
 */
#ifndef CROSSRUN_INTERP_FP_H
#define CROSSRUN_INTERP_FP_H

#include "translate/interp.h"

/* "If the rounding mode is DYN, the dynamic rounding mode in frm is used; ... If frm is set to
 * an invalid value (101-111), any subsequent attempt to execute a floating-point operation with
 * a dynamic rounding mode will raise an illegal-instruction exception." Static modes 5 and 6
 * are reserved and illegal as well. */
static inline __attribute__((always_inline)) int rv_fp_rm(struct rv_cpu *cpu,
                                                          const struct rv_dinsn *in)
{
    unsigned rm = in->rm == RV_DYN ? cpu->frm : in->rm;
    if (__builtin_expect(rm > RV_RMM, 0))
        rv_illegal(cpu, in);
    return (int)rm;
}

#define F32(r) rv_unbox32(cpu->f[r])
#define F64(r) (cpu->f[r])
#define FL (&cpu->fflags)

/* --- arithmetic --- */
#define RV_FOP2_S(name, fn) \
    RV_EXEC(name) \
    { \
        int rm = rv_fp_rm(cpu, in); \
        cpu->f[in->rd] = rv_box32(fn(F32(in->rs1), F32(in->rs2), rm, FL)); \
    }
#define RV_FOP2_D(name, fn) \
    RV_EXEC(name) \
    { \
        int rm = rv_fp_rm(cpu, in); \
        cpu->f[in->rd] = fn(F64(in->rs1), F64(in->rs2), rm, FL); \
    }
#define RV_FOP3_S(name, fn) \
    RV_EXEC(name) \
    { \
        int rm = rv_fp_rm(cpu, in); \
        cpu->f[in->rd] = rv_box32(fn(F32(in->rs1), F32(in->rs2), F32(in->rs3), rm, FL)); \
    }
#define RV_FOP3_D(name, fn) \
    RV_EXEC(name) \
    { \
        int rm = rv_fp_rm(cpu, in); \
        cpu->f[in->rd] = fn(F64(in->rs1), F64(in->rs2), F64(in->rs3), rm, FL); \
    }
RV_FOP2_S(fadd_s, rv_f32_add)
RV_FOP2_S(fsub_s, rv_f32_sub)
RV_FOP2_S(fmul_s, rv_f32_mul)
RV_FOP2_S(fdiv_s, rv_f32_div)
RV_FOP3_S(fmadd_s, rv_f32_fmadd)
RV_FOP3_S(fmsub_s, rv_f32_fmsub)
RV_FOP3_S(fnmsub_s, rv_f32_fnmsub)
RV_FOP3_S(fnmadd_s, rv_f32_fnmadd)
RV_FOP2_D(fadd_d, rv_f64_add)
RV_FOP2_D(fsub_d, rv_f64_sub)
RV_FOP2_D(fmul_d, rv_f64_mul)
RV_FOP2_D(fdiv_d, rv_f64_div)
RV_FOP3_D(fmadd_d, rv_f64_fmadd)
RV_FOP3_D(fmsub_d, rv_f64_fmsub)
RV_FOP3_D(fnmsub_d, rv_f64_fnmsub)
RV_FOP3_D(fnmadd_d, rv_f64_fnmadd)
RV_EXEC(fsqrt_s)
{
    int rm = rv_fp_rm(cpu, in);
    cpu->f[in->rd] = rv_box32(rv_f32_sqrt(F32(in->rs1), rm, FL));
}
RV_EXEC(fsqrt_d) { int rm = rv_fp_rm(cpu, in); cpu->f[in->rd] = rv_f64_sqrt(F64(in->rs1), rm, FL); }
/* fmin/fmax have no rounding mode: funct3 selects min or max */
RV_EXEC(fmin_s) { cpu->f[in->rd] = rv_box32(rv_f32_min(F32(in->rs1), F32(in->rs2), FL)); }
RV_EXEC(fmax_s) { cpu->f[in->rd] = rv_box32(rv_f32_max(F32(in->rs1), F32(in->rs2), FL)); }
RV_EXEC(fmin_d) { cpu->f[in->rd] = rv_f64_min(F64(in->rs1), F64(in->rs2), FL); }
RV_EXEC(fmax_d) { cpu->f[in->rd] = rv_f64_max(F64(in->rs1), F64(in->rs2), FL); }

/* --- sign injection: "FSGNJ.S, FSGNJN.S, and FSGNJX.S produce a result that takes all bits
 * except the sign bit from rs1. For FSGNJ, the result's sign bit is rs2's sign bit; for FSGNJN,
 * the result's sign bit is the opposite of rs2's sign bit; and for FSGNJX, the sign bit is the
 * XOR of the sign bits of rs1 and rs2." No flags, no canonicalisation, but the single forms read
 * NaN-boxed inputs like any other non-transfer operation. --- */
#define S32 UINT32_C(0x80000000)
#define S64 UINT64_C(0x8000000000000000)
RV_EXEC(fsgnj_s) { cpu->f[in->rd] = rv_box32((F32(in->rs1) & ~S32) | (F32(in->rs2) & S32)); }
RV_EXEC(fsgnjn_s) { cpu->f[in->rd] = rv_box32((F32(in->rs1) & ~S32) | (~F32(in->rs2) & S32)); }
RV_EXEC(fsgnjx_s) { cpu->f[in->rd] = rv_box32(F32(in->rs1) ^ (F32(in->rs2) & S32)); }
RV_EXEC(fsgnj_d) { cpu->f[in->rd] = (F64(in->rs1) & ~S64) | (F64(in->rs2) & S64); }
RV_EXEC(fsgnjn_d) { cpu->f[in->rd] = (F64(in->rs1) & ~S64) | (~F64(in->rs2) & S64); }
RV_EXEC(fsgnjx_d) { cpu->f[in->rd] = F64(in->rs1) ^ (F64(in->rs2) & S64); }

/* --- comparisons and classification (results to x registers) --- */
RV_EXEC(feq_s) { RD = (uint64_t)rv_f32_eq(F32(in->rs1), F32(in->rs2), FL); }
RV_EXEC(flt_s) { RD = (uint64_t)rv_f32_lt(F32(in->rs1), F32(in->rs2), FL); }
RV_EXEC(fle_s) { RD = (uint64_t)rv_f32_le(F32(in->rs1), F32(in->rs2), FL); }
RV_EXEC(feq_d) { RD = (uint64_t)rv_f64_eq(F64(in->rs1), F64(in->rs2), FL); }
RV_EXEC(flt_d) { RD = (uint64_t)rv_f64_lt(F64(in->rs1), F64(in->rs2), FL); }
RV_EXEC(fle_d) { RD = (uint64_t)rv_f64_le(F64(in->rs1), F64(in->rs2), FL); }
RV_EXEC(fclass_s) { RD = rv_f32_classify(F32(in->rs1)); }
RV_EXEC(fclass_d) { RD = rv_f64_classify(F64(in->rs1)); }

/* --- conversions --- */
#define RV_FCVT_TO_X(name, fn, src) \
    RV_EXEC(name) { int rm = rv_fp_rm(cpu, in); RD = (uint64_t)fn(src(in->rs1), rm, FL); }
RV_FCVT_TO_X(fcvt_w_s, rv_f32_to_i32, F32)
RV_FCVT_TO_X(fcvt_wu_s, rv_f32_to_u32, F32)
RV_FCVT_TO_X(fcvt_l_s, rv_f32_to_i64, F32)
RV_FCVT_TO_X(fcvt_lu_s, rv_f32_to_u64, F32)
RV_FCVT_TO_X(fcvt_w_d, rv_f64_to_i32, F64)
RV_FCVT_TO_X(fcvt_wu_d, rv_f64_to_u32, F64)
RV_FCVT_TO_X(fcvt_l_d, rv_f64_to_i64, F64)
RV_FCVT_TO_X(fcvt_lu_d, rv_f64_to_u64, F64)
/* integer to float: the W forms take the low 32 bits of rs1 */
#define RV_FCVT_TO_S(name, fn, type) \
    RV_EXEC(name) \
    { \
        int rm = rv_fp_rm(cpu, in); \
        cpu->f[in->rd] = rv_box32(fn((type)RS1, rm, FL)); \
    }
#define RV_FCVT_TO_D(name, fn, type) \
    RV_EXEC(name) { int rm = rv_fp_rm(cpu, in); cpu->f[in->rd] = fn((type)RS1, rm, FL); }
RV_FCVT_TO_S(fcvt_s_w, rv_i32_to_f32, int32_t)
RV_FCVT_TO_S(fcvt_s_wu, rv_u32_to_f32, uint32_t)
RV_FCVT_TO_S(fcvt_s_l, rv_i64_to_f32, int64_t)
RV_FCVT_TO_S(fcvt_s_lu, rv_u64_to_f32, uint64_t)
RV_FCVT_TO_D(fcvt_d_w, rv_i32_to_f64, int32_t)
RV_FCVT_TO_D(fcvt_d_wu, rv_u32_to_f64, uint32_t)
RV_FCVT_TO_D(fcvt_d_l, rv_i64_to_f64, int64_t)
RV_FCVT_TO_D(fcvt_d_lu, rv_u64_to_f64, uint64_t)
RV_EXEC(fcvt_s_d)
{
    int rm = rv_fp_rm(cpu, in);
    cpu->f[in->rd] = rv_box32(rv_f64_to_f32(F64(in->rs1), rm, FL));
}
/* widening is exact, but the rm field is still checked: a reserved mode is illegal */
RV_EXEC(fcvt_d_s) { (void)rv_fp_rm(cpu, in); cpu->f[in->rd] = rv_f32_to_f64(F32(in->rs1), FL); }

/* --- moves: transfers, so no NaN-boxing check on the way out and a box on the way in.
 * "FMV.X.W moves the single-precision value in floating-point register rs1 represented in
 * IEEE 754-2008 encoding to the lower 32 bits of integer register rd. The bits are not modified
 * in the transfer, and in particular, the payloads of non-canonical NaNs are preserved. For
 * RV64, the higher 32 bits of the destination register are filled with copies of the
 * floating-point number's sign bit." --- */
RV_EXEC(fmv_x_w) { RD = rv_sext32(cpu->f[in->rs1]); }
RV_EXEC(fmv_w_x) { cpu->f[in->rd] = rv_box32((uint32_t)RS1); }
RV_EXEC(fmv_x_d) { RD = cpu->f[in->rs1]; }
RV_EXEC(fmv_d_x) { cpu->f[in->rd] = RS1; }

#endif
