/*
 * translate/fpu_compare.c - the RISC-V F and D operations that never round: fmin/fmax, the
 * comparisons feq/flt/fle and fclass.
 *
 * They look at operands and pick or order them, so they need neither the rounding step nor the
 * host fast path of fpu.c, only the unpacked view of fpu_internal.h; the one flag they can raise
 * is NV, for NaN operands.
 */
#include "translate/fpu.h"

#include "translate/fpu_internal.h"

/* minimumNumber / maximumNumber (IEEE 754-2019 9.6), -0 < +0. */
static ALWAYS_INLINE uint64_t
op_minmax(const struct rv_fmt *f, uint64_t abits, uint64_t bbits, bool want_max, uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, abits), b = unpack(f, bbits);
    if (a.kind == K_SNAN || b.kind == K_SNAN)
        *flags |= RV_FFLAG_NV;
    if (is_nan(&a) && is_nan(&b))
        return canonical_nan(f);
    if (is_nan(&a))
        return bbits;
    if (is_nan(&b))
        return abits;
    /* total order on non-NaN bit patterns: map sign-magnitude onto an ordered integer */
    int width = f->frac_bits == 23 ? 32 : 64;
    uint64_t mag_mask = width == 32 ? UINT64_C(0x7fffffff) : UINT64_C(0x7fffffffffffffff);
    int64_t ka = a.sign ? -(int64_t)(abits & mag_mask) - 1 : (int64_t)(abits & mag_mask);
    int64_t kb = b.sign ? -(int64_t)(bbits & mag_mask) - 1 : (int64_t)(bbits & mag_mask);
    bool a_less = ka < kb;
    return a_less != want_max ? abits : bbits;
}

/* -1, 0, 1 for a < b, a == b, a > b on non-NaN operands (+0 == -0). */
static ALWAYS_INLINE int
op_compare(const struct rv_fmt *f, const struct rv_unpacked *a, uint64_t abits,
           const struct rv_unpacked *b, uint64_t bbits)
{
    if (a->kind == K_ZERO && b->kind == K_ZERO)
        return 0;
    int width = f->frac_bits == 23 ? 32 : 64;
    uint64_t mag_mask = width == 32 ? UINT64_C(0x7fffffff) : UINT64_C(0x7fffffffffffffff);
    int64_t ka = a->sign ? -(int64_t)(abits & mag_mask) : (int64_t)(abits & mag_mask);
    int64_t kb = b->sign ? -(int64_t)(bbits & mag_mask) : (int64_t)(bbits & mag_mask);
    return (ka > kb) - (ka < kb);
}

static ALWAYS_INLINE int
op_eq(const struct rv_fmt *f, uint64_t abits, uint64_t bbits, uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, abits), b = unpack(f, bbits);
    if (is_nan(&a) || is_nan(&b)) {
        if (a.kind == K_SNAN || b.kind == K_SNAN)  /* quiet comparison */
            *flags |= RV_FFLAG_NV;
        return 0;
    }
    return op_compare(f, &a, abits, &b, bbits) == 0;
}

/* flt/fle are signalling comparisons: any NaN raises NV. */
static ALWAYS_INLINE int
op_rel(const struct rv_fmt *f, uint64_t abits, uint64_t bbits, bool or_equal, uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, abits), b = unpack(f, bbits);
    if (is_nan(&a) || is_nan(&b)) {
        *flags |= RV_FFLAG_NV;
        return 0;
    }
    int c = op_compare(f, &a, abits, &b, bbits);
    return or_equal ? c <= 0 : c < 0;
}

static ALWAYS_INLINE uint32_t
op_classify(const struct rv_fmt *f, uint64_t bits)
{
    struct rv_unpacked a = unpack(f, bits);
    int e = (int)(bits >> f->frac_bits) & f->exp_mask;
    switch (a.kind) {
    case K_INF:  return a.sign ? 1u << 0 : 1u << 7;
    case K_ZERO: return a.sign ? 1u << 3 : 1u << 4;
    case K_SNAN: return 1u << 8;
    case K_QNAN: return 1u << 9;
    default:
        if (e == 0)  /* subnormal */
            return a.sign ? 1u << 2 : 1u << 5;
        return a.sign ? 1u << 1 : 1u << 6;
    }
}

/* --- binary32 ----------------------------------------------------------------------------- */

uint32_t rv_f32_min(uint32_t a, uint32_t b, uint32_t *flags)
{
    return (uint32_t)op_minmax(&fmt32, a, b, false, flags);
}

uint32_t rv_f32_max(uint32_t a, uint32_t b, uint32_t *flags)
{
    return (uint32_t)op_minmax(&fmt32, a, b, true, flags);
}

int rv_f32_eq(uint32_t a, uint32_t b, uint32_t *flags)
{
    return op_eq(&fmt32, a, b, flags);
}

int rv_f32_lt(uint32_t a, uint32_t b, uint32_t *flags)
{
    return op_rel(&fmt32, a, b, false, flags);
}

int rv_f32_le(uint32_t a, uint32_t b, uint32_t *flags)
{
    return op_rel(&fmt32, a, b, true, flags);
}

uint32_t rv_f32_classify(uint32_t a) { return op_classify(&fmt32, a); }

/* --- binary64 ----------------------------------------------------------------------------- */

uint64_t rv_f64_min(uint64_t a, uint64_t b, uint32_t *flags)
{
    return op_minmax(&fmt64, a, b, false, flags);
}

uint64_t rv_f64_max(uint64_t a, uint64_t b, uint32_t *flags)
{
    return op_minmax(&fmt64, a, b, true, flags);
}

int rv_f64_eq(uint64_t a, uint64_t b, uint32_t *flags)
{
    return op_eq(&fmt64, a, b, flags);
}

int rv_f64_lt(uint64_t a, uint64_t b, uint32_t *flags)
{
    return op_rel(&fmt64, a, b, false, flags);
}

int rv_f64_le(uint64_t a, uint64_t b, uint32_t *flags)
{
    return op_rel(&fmt64, a, b, true, flags);
}

uint32_t rv_f64_classify(uint64_t a) { return op_classify(&fmt64, a); }
