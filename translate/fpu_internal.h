/*
 * translate/fpu_internal.h - an IEEE binary32/binary64 operand taken apart, for the two halves
 * of the F/D helpers: fpu.c (the operations that round) and fpu_compare.c (the ones that never
 * round: fmin/fmax, feq/flt/fle, fclass). Not part of the API; translate/fpu.h is.
 *
 * This header does not include fpu.h: fpu.c includes it, and scripts/check-layers counts fpu.c
 * and fpu.h as one node, so an include back would be a cycle. The one constant of fpu.h that it
 * would need, the canonical NaN, it derives from the format instead (canonical_nan()).
 *
 * The format-generic code is inlined into each per-format entry point so that field widths
 * become constants.
 */
#ifndef CROSSRUN_FPU_INTERNAL_H
#define CROSSRUN_FPU_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* An IEEE binary interchange format: fraction bits and exponent bias. */
struct rv_fmt {
    int frac_bits;  /* 23 or 52: significand precision is frac_bits + 1 */
    int bias;       /* 127 or 1023: emax = bias, emin = 1 - bias */
    int exp_mask;   /* all-ones biased exponent: 0xff or 0x7ff */
};

static const struct rv_fmt fmt32 = { 23, 127, 0xff };
static const struct rv_fmt fmt64 = { 52, 1023, 0x7ff };

/* The RISC-V canonical NaN (spec 12.3): positive, quiet, payload zero. That is
 * RV_F32_CANONICAL_NAN (0x7fc00000) for fmt32 and RV_F64_CANONICAL_NAN (0x7ff8000000000000)
 * for fmt64. */
static ALWAYS_INLINE uint64_t
canonical_nan(const struct rv_fmt *f)
{
    return ((uint64_t)f->exp_mask << f->frac_bits) | (UINT64_C(1) << (f->frac_bits - 1));
}

enum rv_fclass_kind { K_ZERO, K_FINITE, K_INF, K_QNAN, K_SNAN };

/* An unpacked operand: for K_FINITE the value is (-1)^sign * sig * 2^exp, sig != 0. */
struct rv_unpacked {
    int kind;
    int sign;
    int exp;
    uint64_t sig;
};

static ALWAYS_INLINE struct rv_unpacked
unpack(const struct rv_fmt *f, uint64_t bits)
{
    struct rv_unpacked u;
    int width = f->frac_bits == 23 ? 32 : 64;
    uint64_t frac = bits & ((UINT64_C(1) << f->frac_bits) - 1);
    int e = (int)(bits >> f->frac_bits) & f->exp_mask;
    u.sign = (int)(bits >> (width - 1)) & 1;
    u.exp = 0;
    u.sig = 0;
    if (e == f->exp_mask) {
        if (frac == 0)
            u.kind = K_INF;
        else  /* the top fraction bit is the quiet bit (spec 12.3, IEEE 754-2008 6.2.1) */
            u.kind = (frac >> (f->frac_bits - 1)) & 1 ? K_QNAN : K_SNAN;
    } else if (e == 0) {
        if (frac == 0) {
            u.kind = K_ZERO;
        } else {
            u.kind = K_FINITE;
            u.sig = frac;
            u.exp = 1 - f->bias - f->frac_bits;
        }
    } else {
        u.kind = K_FINITE;
        u.sig = frac | (UINT64_C(1) << f->frac_bits);
        u.exp = e - f->bias - f->frac_bits;
    }
    return u;
}

static ALWAYS_INLINE bool
is_nan(const struct rv_unpacked *u)
{
    return u->kind == K_QNAN || u->kind == K_SNAN;
}

#endif
