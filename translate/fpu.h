/*
 * translate/fpu.h - RISC-V F and D arithmetic on raw IEEE-754 bit patterns.
 *
 * Engines keep FP registers as raw bits (struct rv_cpu.f) and call these functions, which give
 * exactly the RISC-V results: the canonical NaN (0x7fc00000 / 0x7ff8000000000000) for every
 * NaN-producing operation, the fcvt saturation rules of the spec's table "Domains of
 * float-to-integer conversions", fmin/fmax per IEEE 754-2019 minimumNumber/maximumNumber
 * (with -0 < +0 and NV only for signalling NaNs), and the accrued exception bits OR-ed
 * into *flags (RV_FFLAG_*).
 *
 * `rm` is always a resolved static mode 0..4; the engine resolves DYN (7) from frm and raises an
 * illegal-instruction exception for reserved modes (5, 6) before calling here.
 *
 * Callers must leave the host MXCSR at its default (round to nearest, FTZ/DAZ off): fpu.c uses
 * the host's SSE arithmetic as a fast path when the result cannot differ from the exact one.
 */
#ifndef CROSSRUN_FPU_H
#define CROSSRUN_FPU_H

#include <stdint.h>

enum rv_rounding { RV_RNE = 0, RV_RTZ = 1, RV_RDN = 2, RV_RUP = 3, RV_RMM = 4, RV_DYN = 7 };

#define RV_FFLAG_NX 0x01u  /* inexact */
#define RV_FFLAG_UF 0x02u  /* underflow */
#define RV_FFLAG_OF 0x04u  /* overflow */
#define RV_FFLAG_DZ 0x08u  /* divide by zero */
#define RV_FFLAG_NV 0x10u  /* invalid operation */

#define RV_F32_CANONICAL_NAN UINT32_C(0x7fc00000)
#define RV_F64_CANONICAL_NAN UINT64_C(0x7ff8000000000000)

/* NaN-boxing (spec 12.2): a single lives in the low 32 bits of an f register whose upper 32 bits
 * are all ones; reading a single from a register that is not properly boxed gives the canonical
 * NaN. */
static inline uint64_t rv_box32(uint32_t v) { return UINT64_C(0xffffffff00000000) | v; }
static inline uint32_t rv_unbox32(uint64_t r)
{
    return (r >> 32) == UINT32_C(0xffffffff) ? (uint32_t)r : RV_F32_CANONICAL_NAN;
}

/* Arithmetic. fma variants: result = (±(a*b)) ± c with a single rounding:
 *   fmadd  a*b+c   fmsub  a*b-c   fnmsub -(a*b)+c   fnmadd -(a*b)-c */
uint32_t rv_f32_add(uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint32_t rv_f32_sub(uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint32_t rv_f32_mul(uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint32_t rv_f32_div(uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint32_t rv_f32_sqrt(uint32_t a, int rm, uint32_t *flags);
uint32_t rv_f32_fmadd(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags);
uint32_t rv_f32_fmsub(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags);
uint32_t rv_f32_fnmsub(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags);
uint32_t rv_f32_fnmadd(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags);
uint32_t rv_f32_min(uint32_t a, uint32_t b, uint32_t *flags);
uint32_t rv_f32_max(uint32_t a, uint32_t b, uint32_t *flags);
/* Comparisons return 0/1. feq: NV only for signalling NaN; flt/fle: NV for any NaN. */
int rv_f32_eq(uint32_t a, uint32_t b, uint32_t *flags);
int rv_f32_lt(uint32_t a, uint32_t b, uint32_t *flags);
int rv_f32_le(uint32_t a, uint32_t b, uint32_t *flags);
/* fclass: the one-hot 10-bit mask of the spec. */
uint32_t rv_f32_classify(uint32_t a);

uint64_t rv_f64_add(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_f64_sub(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_f64_mul(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_f64_div(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_f64_sqrt(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_f64_fmadd(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t rv_f64_fmsub(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t rv_f64_fnmsub(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t rv_f64_fnmadd(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t rv_f64_min(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_f64_max(uint64_t a, uint64_t b, uint32_t *flags);
int rv_f64_eq(uint64_t a, uint64_t b, uint32_t *flags);
int rv_f64_lt(uint64_t a, uint64_t b, uint32_t *flags);
int rv_f64_le(uint64_t a, uint64_t b, uint32_t *flags);
uint32_t rv_f64_classify(uint64_t a);

/* Conversions between formats. */
uint64_t rv_f32_to_f64(uint32_t a, uint32_t *flags);
uint32_t rv_f64_to_f32(uint64_t a, int rm, uint32_t *flags);

/* Float to integer, saturating per the spec (NaN -> max positive; NV on out-of-range/NaN,
 * NX when inexact and in range). 32-bit results are returned sign-extended to 64 bits as the
 * W forms write them to rd. */
int64_t rv_f32_to_i32(uint32_t a, int rm, uint32_t *flags);
int64_t rv_f32_to_u32(uint32_t a, int rm, uint32_t *flags);
int64_t rv_f32_to_i64(uint32_t a, int rm, uint32_t *flags);
uint64_t rv_f32_to_u64(uint32_t a, int rm, uint32_t *flags);
int64_t rv_f64_to_i32(uint64_t a, int rm, uint32_t *flags);
int64_t rv_f64_to_u32(uint64_t a, int rm, uint32_t *flags);
int64_t rv_f64_to_i64(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_f64_to_u64(uint64_t a, int rm, uint32_t *flags);

/* Integer to float. */
uint32_t rv_i32_to_f32(int32_t a, int rm, uint32_t *flags);
uint32_t rv_u32_to_f32(uint32_t a, int rm, uint32_t *flags);
uint32_t rv_i64_to_f32(int64_t a, int rm, uint32_t *flags);
uint32_t rv_u64_to_f32(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_i32_to_f64(int32_t a, int rm, uint32_t *flags);
uint64_t rv_u32_to_f64(uint32_t a, int rm, uint32_t *flags);
uint64_t rv_i64_to_f64(int64_t a, int rm, uint32_t *flags);
uint64_t rv_u64_to_f64(uint64_t a, int rm, uint32_t *flags);

#endif
