/*
 * tests/unit/test_fpu.c - RISC-V F/D semantics of translate/fpu.c on the edge cases.
 *
 * Every expectation is a bit pattern plus the exact fflags it must raise. The values were
 * worked out from the spec and cross-checked against the real instructions under
 * qemu-riscv64 (tests/unit/fpu_diff.sh runs the same comparison on millions of random cases).
 */
#include <criterion/criterion.h>

#include "translate/fpu.h"

/* binary32 */
#define S_P0      UINT32_C(0x00000000)
#define S_N0      UINT32_C(0x80000000)
#define S_PINF    UINT32_C(0x7f800000)
#define S_NINF    UINT32_C(0xff800000)
#define S_CNAN    RV_F32_CANONICAL_NAN
#define S_QNAN_P  UINT32_C(0x7fc12345)  /* quiet NaN with a payload */
#define S_NQNAN   UINT32_C(0xffc00001)  /* negative quiet NaN with a payload */
#define S_SNAN    UINT32_C(0x7f800001)
#define S_SNAN_P  UINT32_C(0xffa00000)  /* negative signalling NaN with a payload */
#define S_MINSUB  UINT32_C(0x00000001)
#define S_MAXSUB  UINT32_C(0x007fffff)
#define S_MINNORM UINT32_C(0x00800000)
#define S_MAX     UINT32_C(0x7f7fffff)
#define S_ONE     UINT32_C(0x3f800000)
#define S_TWO     UINT32_C(0x40000000)
#define S_THREE   UINT32_C(0x40400000)
#define S_HALF    UINT32_C(0x3f000000)

/* binary64 */
#define D_P0      UINT64_C(0x0000000000000000)
#define D_N0      UINT64_C(0x8000000000000000)
#define D_PINF    UINT64_C(0x7ff0000000000000)
#define D_NINF    UINT64_C(0xfff0000000000000)
#define D_CNAN    RV_F64_CANONICAL_NAN
#define D_QNAN_P  UINT64_C(0x7ff8000000000123)
#define D_SNAN    UINT64_C(0x7ff0000000000001)
#define D_SNAN_N  UINT64_C(0xfff4000000000000)
#define D_MINSUB  UINT64_C(0x0000000000000001)
#define D_MAXSUB  UINT64_C(0x000fffffffffffff)
#define D_MINNORM UINT64_C(0x0010000000000000)
#define D_MAX     UINT64_C(0x7fefffffffffffff)
#define D_ONE     UINT64_C(0x3ff0000000000000)
#define D_TWO     UINT64_C(0x4000000000000000)
#define D_THREE   UINT64_C(0x4008000000000000)
#define D_HALF    UINT64_C(0x3fe0000000000000)

#define NX RV_FFLAG_NX
#define UF RV_FFLAG_UF
#define OF RV_FFLAG_OF
#define DZ RV_FFLAG_DZ
#define NV RV_FFLAG_NV

/* Evaluate `call` (which names `&fl`) with fresh flags; check its value and exact flags. */
#define EXPECT(type, fmt, call, want, want_flags) do {                                    \
        uint32_t fl = 0;                                                                  \
        type got_ = (type)(call);                                                         \
        type want_ = (type)(want);                                                        \
        cr_expect_eq(got_, want_, "%s: got " fmt ", want " fmt, #call, got_, want_);     \
        cr_expect_eq(fl, (uint32_t)(want_flags), "%s: flags %#x, want %#x", #call, fl,   \
                     (uint32_t)(want_flags));                                             \
    } while (0)
#define EXPECT_S(call, want, f) EXPECT(uint32_t, "%#010x", call, want, f)
#define EXPECT_D(call, want, f) EXPECT(uint64_t, "%#018lx", call, want, f)
#define EXPECT_X(call, want, f) EXPECT(uint64_t, "%#018lx", call, want, f)

/* --- add / sub -------------------------------------------------------------------------- */

Test(fpu_add, exact_and_rounding_modes_on_ties)
{
    EXPECT_S(rv_f32_add(S_ONE, S_TWO, RV_RNE, &fl), S_THREE, 0);
    /* 1 + 2^-24 is exactly halfway between 1 and 1+ulp: only RNE/RMM differ on ties */
    uint32_t half_ulp = UINT32_C(0x33800000);
    EXPECT_S(rv_f32_add(S_ONE, half_ulp, RV_RNE, &fl), S_ONE, NX);
    EXPECT_S(rv_f32_add(S_ONE, half_ulp, RV_RMM, &fl), 0x3f800001, NX);
    EXPECT_S(rv_f32_add(S_ONE, half_ulp, RV_RTZ, &fl), S_ONE, NX);
    EXPECT_S(rv_f32_add(S_ONE, half_ulp, RV_RDN, &fl), S_ONE, NX);
    EXPECT_S(rv_f32_add(S_ONE, half_ulp, RV_RUP, &fl), 0x3f800001, NX);
    /* the same on the negative side: RMM goes away from zero, RUP toward it */
    uint32_t m_one = S_ONE | S_N0, m_half_ulp = half_ulp | S_N0;
    EXPECT_S(rv_f32_add(m_one, m_half_ulp, RV_RNE, &fl), m_one, NX);
    EXPECT_S(rv_f32_add(m_one, m_half_ulp, RV_RMM, &fl), 0xbf800001, NX);
    EXPECT_S(rv_f32_add(m_one, m_half_ulp, RV_RDN, &fl), 0xbf800001, NX);
    EXPECT_S(rv_f32_add(m_one, m_half_ulp, RV_RUP, &fl), m_one, NX);
    EXPECT_S(rv_f32_add(m_one, m_half_ulp, RV_RTZ, &fl), m_one, NX);
    /* a tie whose lower neighbour is odd: RNE and RMM agree on rounding up */
    EXPECT_S(rv_f32_add(0x3f800001, half_ulp, RV_RNE, &fl), 0x3f800002, NX);

    EXPECT_D(rv_f64_add(D_ONE, UINT64_C(0x3ca0000000000000), RV_RNE, &fl), D_ONE, NX);
    EXPECT_D(rv_f64_add(D_ONE, UINT64_C(0x3ca0000000000000), RV_RMM, &fl),
             0x3ff0000000000001, NX);
    /* 0.1 + 0.2 */
    EXPECT_D(rv_f64_add(0x3fb999999999999a, 0x3fc999999999999a, RV_RNE, &fl),
             0x3fd3333333333334, NX);
    EXPECT_D(rv_f64_add(0x3fb999999999999a, 0x3fc999999999999a, RV_RTZ, &fl),
             0x3fd3333333333333, NX);
    EXPECT_D(rv_f64_sub(D_THREE, D_ONE, RV_RNE, &fl), D_TWO, 0);
}

Test(fpu_add, signed_zeros)
{
    /* x - x is +0, except -0 when rounding down (IEEE 754 6.3) */
    EXPECT_S(rv_f32_sub(S_ONE, S_ONE, RV_RNE, &fl), S_P0, 0);
    EXPECT_S(rv_f32_sub(S_ONE, S_ONE, RV_RDN, &fl), S_N0, 0);
    EXPECT_S(rv_f32_add(S_N0, S_N0, RV_RNE, &fl), S_N0, 0);
    EXPECT_S(rv_f32_add(S_P0, S_N0, RV_RNE, &fl), S_P0, 0);
    EXPECT_S(rv_f32_add(S_P0, S_N0, RV_RDN, &fl), S_N0, 0);
    EXPECT_S(rv_f32_sub(S_N0, S_P0, RV_RNE, &fl), S_N0, 0);
    EXPECT_D(rv_f64_sub(D_TWO, D_TWO, RV_RUP, &fl), D_P0, 0);
    EXPECT_D(rv_f64_sub(D_TWO, D_TWO, RV_RDN, &fl), D_N0, 0);
    EXPECT_D(rv_f64_add(D_N0, D_P0, RV_RMM, &fl), D_P0, 0);
    /* adding a zero returns the other operand unchanged, subnormals included */
    EXPECT_S(rv_f32_add(S_MINSUB, S_N0, RV_RNE, &fl), S_MINSUB, 0);
    EXPECT_D(rv_f64_sub(D_P0, D_MAXSUB, RV_RNE, &fl), D_MAXSUB | D_N0, 0);
}

Test(fpu_add, infinities_and_nans)
{
    EXPECT_S(rv_f32_add(S_PINF, S_NINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_sub(S_PINF, S_PINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_add(S_PINF, S_MAX, RV_RNE, &fl), S_PINF, 0);
    EXPECT_S(rv_f32_sub(S_ONE, S_PINF, RV_RNE, &fl), S_NINF, 0);
    /* NaN payloads never propagate; only signalling NaNs raise NV */
    EXPECT_S(rv_f32_add(S_QNAN_P, S_ONE, RV_RNE, &fl), S_CNAN, 0);
    EXPECT_S(rv_f32_add(S_ONE, S_NQNAN, RV_RNE, &fl), S_CNAN, 0);
    EXPECT_S(rv_f32_add(S_SNAN, S_ONE, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_sub(S_QNAN_P, S_SNAN_P, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_add(S_SNAN, S_PINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_D(rv_f64_add(D_QNAN_P, D_ONE, RV_RNE, &fl), D_CNAN, 0);
    EXPECT_D(rv_f64_sub(D_ONE, D_SNAN_N, RV_RNE, &fl), D_CNAN, NV);
    EXPECT_D(rv_f64_add(D_NINF, D_PINF, RV_RNE, &fl), D_CNAN, NV);
}

Test(fpu_add, overflow_depends_on_rounding_mode)
{
    EXPECT_S(rv_f32_add(S_MAX, S_MAX, RV_RNE, &fl), S_PINF, OF | NX);
    EXPECT_S(rv_f32_add(S_MAX, S_MAX, RV_RMM, &fl), S_PINF, OF | NX);
    EXPECT_S(rv_f32_add(S_MAX, S_MAX, RV_RTZ, &fl), S_MAX, OF | NX);
    EXPECT_S(rv_f32_add(S_MAX, S_MAX, RV_RDN, &fl), S_MAX, OF | NX);
    EXPECT_S(rv_f32_add(S_MAX, S_MAX, RV_RUP, &fl), S_PINF, OF | NX);
    uint32_t m_max = S_MAX | S_N0;
    EXPECT_S(rv_f32_add(m_max, m_max, RV_RNE, &fl), S_NINF, OF | NX);
    EXPECT_S(rv_f32_add(m_max, m_max, RV_RTZ, &fl), m_max, OF | NX);
    EXPECT_S(rv_f32_add(m_max, m_max, RV_RDN, &fl), S_NINF, OF | NX);
    EXPECT_S(rv_f32_add(m_max, m_max, RV_RUP, &fl), m_max, OF | NX);
    EXPECT_D(rv_f64_add(D_MAX, D_MAX, RV_RNE, &fl), D_PINF, OF | NX);
    EXPECT_D(rv_f64_add(D_MAX, D_MAX, RV_RTZ, &fl), D_MAX, OF | NX);
    EXPECT_D(rv_f64_sub(D_MAX | D_N0, D_MAX, RV_RUP, &fl), D_MAX | D_N0, OF | NX);
    /* MAX + half an ulp of MAX is a tie that RNE breaks to even: infinity */
    EXPECT_S(rv_f32_add(S_MAX, 0x73000000, RV_RNE, &fl), S_PINF, OF | NX);
    /* just below that tie it is no overflow, only inexact */
    EXPECT_S(rv_f32_add(S_MAX, 0x72ffffff, RV_RNE, &fl), S_MAX, NX);
}

Test(fpu_add, subnormals_exact_and_inexact)
{
    /* exact subnormal results raise nothing: UF needs inexact too */
    EXPECT_S(rv_f32_add(S_MINSUB, S_MINSUB, RV_RNE, &fl), 0x00000002, 0);
    EXPECT_S(rv_f32_sub(S_MINNORM, S_MINSUB, RV_RNE, &fl), S_MAXSUB, 0);
    EXPECT_S(rv_f32_add(S_MAXSUB, S_MINSUB, RV_RNE, &fl), S_MINNORM, 0);
    EXPECT_D(rv_f64_sub(D_MINNORM, D_MINSUB, RV_RNE, &fl), D_MAXSUB, 0);
}

/* --- mul / div / sqrt ------------------------------------------------------------------ */

Test(fpu_mul, basic_and_special)
{
    EXPECT_S(rv_f32_mul(S_TWO, S_THREE, RV_RNE, &fl), 0x40c00000, 0);
    EXPECT_S(rv_f32_mul(S_N0, S_THREE, RV_RNE, &fl), S_N0, 0);
    EXPECT_S(rv_f32_mul(S_PINF, S_P0, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_mul(S_N0, S_NINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_mul(S_NINF, S_TWO | S_N0, RV_RNE, &fl), S_PINF, 0);
    EXPECT_S(rv_f32_mul(S_QNAN_P, S_P0, RV_RNE, &fl), S_CNAN, 0);
    EXPECT_S(rv_f32_mul(S_SNAN, S_PINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_D(rv_f64_mul(D_TWO, D_THREE, RV_RNE, &fl), 0x4018000000000000, 0);
    EXPECT_D(rv_f64_mul(D_PINF, D_N0, RV_RNE, &fl), D_CNAN, NV);
    EXPECT_D(rv_f64_mul(D_SNAN, D_ONE, RV_RNE, &fl), D_CNAN, NV);
    /* overflow */
    EXPECT_S(rv_f32_mul(0x7f000000, S_TWO, RV_RNE, &fl), S_PINF, OF | NX);
    EXPECT_S(rv_f32_mul(0x7f000000, S_TWO, RV_RTZ, &fl), S_MAX, OF | NX);
    EXPECT_D(rv_f64_mul(D_MAX, D_MAX | D_N0, RV_RUP, &fl), D_MAX | D_N0, OF | NX);
    EXPECT_D(rv_f64_mul(D_MAX, D_MAX | D_N0, RV_RDN, &fl), D_NINF, OF | NX);
}

Test(fpu_mul, underflow)
{
    /* exact subnormal: no flags */
    EXPECT_S(rv_f32_mul(S_MINNORM, S_HALF, RV_RNE, &fl), 0x00400000, 0);
    /* 2^-150 is halfway between 0 and the smallest subnormal */
    EXPECT_S(rv_f32_mul(S_MINSUB, S_HALF, RV_RNE, &fl), S_P0, UF | NX);
    EXPECT_S(rv_f32_mul(S_MINSUB, S_HALF, RV_RMM, &fl), S_MINSUB, UF | NX);
    EXPECT_S(rv_f32_mul(S_MINSUB, S_HALF, RV_RTZ, &fl), S_P0, UF | NX);
    EXPECT_S(rv_f32_mul(S_MINSUB, S_HALF, RV_RUP, &fl), S_MINSUB, UF | NX);
    EXPECT_S(rv_f32_mul(S_MINSUB, S_HALF | S_N0, RV_RDN, &fl), S_MINSUB | S_N0, UF | NX);
    EXPECT_S(rv_f32_mul(S_MINSUB, S_HALF | S_N0, RV_RNE, &fl), S_N0, UF | NX);
    EXPECT_S(rv_f32_mul(S_MINSUB, 0x3f400000, RV_RNE, &fl), S_MINSUB, UF | NX);  /* x0.75 */
    EXPECT_D(rv_f64_mul(D_MINSUB, D_HALF, RV_RNE, &fl), D_P0, UF | NX);
    EXPECT_D(rv_f64_mul(D_MINSUB, D_HALF, RV_RMM, &fl), D_MINSUB, UF | NX);
    EXPECT_D(rv_f64_mul(D_MINSUB, D_MINSUB, RV_RUP, &fl), D_MINSUB, UF | NX);
}

Test(fpu_mul, tininess_is_detected_after_rounding)
{
    /* 2^-126 * (1 - 2^-24): with unbounded exponent it is exactly representable below 2^-126,
     * so it is tiny, yet rounding to the subnormal grid gives 2^-126 (RNE, tie to even) */
    EXPECT_S(rv_f32_mul(S_MINNORM, 0x3f7fffff, RV_RNE, &fl), S_MINNORM, UF | NX);
    EXPECT_S(rv_f32_mul(S_MINNORM, 0x3f7fffff, RV_RTZ, &fl), S_MAXSUB, UF | NX);
    EXPECT_D(rv_f64_mul(D_MINNORM, 0x3fefffffffffffff, RV_RNE, &fl), D_MINNORM, UF | NX);
    /* (2^-126 + ulp)(1 - 2^-23) = 2^-126 (1 - 2^-46): rounds to 2^-126 even with an
     * unbounded exponent, so it is not tiny: NX only */
    EXPECT_S(rv_f32_mul(0x00800001, 0x3f7ffffe, RV_RNE, &fl), S_MINNORM, NX);
    /* the same boundary through narrowing */
    EXPECT_S(rv_f64_to_f32(0x380fffffefffffff, RV_RNE, &fl), S_MINNORM, UF | NX);
    EXPECT_S(rv_f64_to_f32(0x380ffffff0000000, RV_RNE, &fl), S_MINNORM, NX);
    EXPECT_S(rv_f64_to_f32(0x380ffffff0000000, RV_RTZ, &fl), S_MAXSUB, UF | NX);
}

Test(fpu_div, rounding_and_special)
{
    uint32_t third = UINT32_C(0x3eaaaaab);
    EXPECT_S(rv_f32_div(S_ONE, S_THREE, RV_RNE, &fl), third, NX);
    EXPECT_S(rv_f32_div(S_ONE, S_THREE, RV_RMM, &fl), third, NX);
    EXPECT_S(rv_f32_div(S_ONE, S_THREE, RV_RUP, &fl), third, NX);
    EXPECT_S(rv_f32_div(S_ONE, S_THREE, RV_RTZ, &fl), third - 1, NX);
    EXPECT_S(rv_f32_div(S_ONE, S_THREE, RV_RDN, &fl), third - 1, NX);
    EXPECT_S(rv_f32_div(S_ONE | S_N0, S_THREE, RV_RDN, &fl), third | S_N0, NX);
    EXPECT_S(rv_f32_div(S_ONE | S_N0, S_THREE, RV_RUP, &fl), (third - 1) | S_N0, NX);
    EXPECT_D(rv_f64_div(D_ONE, D_THREE, RV_RNE, &fl), 0x3fd5555555555555, NX);
    EXPECT_D(rv_f64_div(D_ONE, D_THREE, RV_RUP, &fl), 0x3fd5555555555556, NX);
    EXPECT_D(rv_f64_div(D_THREE, D_TWO, RV_RNE, &fl), 0x3ff8000000000000, 0);
    /* DZ only for a finite nonzero dividend */
    EXPECT_S(rv_f32_div(S_ONE, S_P0, RV_RNE, &fl), S_PINF, DZ);
    EXPECT_S(rv_f32_div(S_ONE, S_N0, RV_RNE, &fl), S_NINF, DZ);
    EXPECT_S(rv_f32_div(S_MINSUB | S_N0, S_P0, RV_RTZ, &fl), S_NINF, DZ);
    EXPECT_S(rv_f32_div(S_P0, S_P0, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_div(S_PINF, S_P0, RV_RNE, &fl), S_PINF, 0);
    EXPECT_S(rv_f32_div(S_QNAN_P, S_P0, RV_RNE, &fl), S_CNAN, 0);
    EXPECT_S(rv_f32_div(S_PINF, S_NINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_div(S_ONE, S_NINF, RV_RNE, &fl), S_N0, 0);
    EXPECT_D(rv_f64_div(D_N0, D_N0, RV_RNE, &fl), D_CNAN, NV);
    EXPECT_D(rv_f64_div(D_TWO, D_N0, RV_RNE, &fl), D_NINF, DZ);
    EXPECT_D(rv_f64_div(D_SNAN, D_P0, RV_RNE, &fl), D_CNAN, NV);
    /* overflow and underflow */
    EXPECT_S(rv_f32_div(S_MAX, S_HALF, RV_RNE, &fl), S_PINF, OF | NX);
    EXPECT_S(rv_f32_div(S_MAX, S_HALF, RV_RDN, &fl), S_MAX, OF | NX);
    EXPECT_S(rv_f32_div(S_MINSUB, S_TWO, RV_RNE, &fl), S_P0, UF | NX);
    EXPECT_S(rv_f32_div(S_MINSUB, S_TWO, RV_RMM, &fl), S_MINSUB, UF | NX);
    EXPECT_D(rv_f64_div(D_MINNORM, D_TWO, RV_RNE, &fl), 0x0008000000000000, 0);
}

Test(fpu_sqrt, values_and_domain)
{
    EXPECT_S(rv_f32_sqrt(0x40800000, RV_RNE, &fl), S_TWO, 0);
    EXPECT_S(rv_f32_sqrt(S_TWO, RV_RNE, &fl), 0x3fb504f3, NX);
    EXPECT_S(rv_f32_sqrt(S_TWO, RV_RTZ, &fl), 0x3fb504f3, NX);
    EXPECT_S(rv_f32_sqrt(S_TWO, RV_RUP, &fl), 0x3fb504f4, NX);
    EXPECT_S(rv_f32_sqrt(S_MINSUB, RV_RNE, &fl), 0x1a3504f3, NX);
    EXPECT_D(rv_f64_sqrt(D_TWO, RV_RNE, &fl), 0x3ff6a09e667f3bcd, NX);
    EXPECT_D(rv_f64_sqrt(D_TWO, RV_RTZ, &fl), 0x3ff6a09e667f3bcc, NX);
    EXPECT_D(rv_f64_sqrt(D_MINSUB, RV_RNE, &fl), 0x1e60000000000000, 0);  /* 2^-537 */
    EXPECT_D(rv_f64_sqrt(0x4022000000000000, RV_RNE, &fl), D_THREE, 0);   /* 9 */
    EXPECT_S(rv_f32_sqrt(S_N0, RV_RNE, &fl), S_N0, 0);
    EXPECT_S(rv_f32_sqrt(S_P0, RV_RNE, &fl), S_P0, 0);
    EXPECT_S(rv_f32_sqrt(S_PINF, RV_RNE, &fl), S_PINF, 0);
    EXPECT_S(rv_f32_sqrt(S_ONE | S_N0, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_sqrt(S_MINSUB | S_N0, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_sqrt(S_NINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_sqrt(S_NQNAN, RV_RNE, &fl), S_CNAN, 0);
    EXPECT_S(rv_f32_sqrt(S_SNAN, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_D(rv_f64_sqrt(D_ONE | D_N0, RV_RNE, &fl), D_CNAN, NV);
    EXPECT_D(rv_f64_sqrt(D_N0, RV_RNE, &fl), D_N0, 0);
    EXPECT_D(rv_f64_sqrt(D_QNAN_P, RV_RNE, &fl), D_CNAN, 0);
}

/* --- fused multiply-add ----------------------------------------------------------------- */

Test(fpu_fma, sign_variants)
{
    EXPECT_S(rv_f32_fmadd(S_TWO, S_THREE, S_ONE, RV_RNE, &fl), 0x40e00000, 0);   /*  7 */
    EXPECT_S(rv_f32_fmsub(S_TWO, S_THREE, S_ONE, RV_RNE, &fl), 0x40a00000, 0);   /*  5 */
    EXPECT_S(rv_f32_fnmsub(S_TWO, S_THREE, S_ONE, RV_RNE, &fl), 0xc0a00000, 0);  /* -5 */
    EXPECT_S(rv_f32_fnmadd(S_TWO, S_THREE, S_ONE, RV_RNE, &fl), 0xc0e00000, 0);  /* -7 */
    EXPECT_D(rv_f64_fmadd(D_TWO, D_THREE, D_ONE, RV_RNE, &fl), 0x401c000000000000, 0);
    EXPECT_D(rv_f64_fmsub(D_TWO, D_THREE, D_ONE, RV_RNE, &fl), 0x4014000000000000, 0);
    EXPECT_D(rv_f64_fnmsub(D_TWO, D_THREE, D_ONE, RV_RNE, &fl), 0xc014000000000000, 0);
    EXPECT_D(rv_f64_fnmadd(D_TWO, D_THREE, D_ONE, RV_RNE, &fl), 0xc01c000000000000, 0);
}

Test(fpu_fma, single_rounding)
{
    /* (1+2^-23)^2 - (1+2^-22) = 2^-46 exactly; a separate multiply would round it away */
    EXPECT_S(rv_f32_fmadd(0x3f800001, 0x3f800001, 0xbf800002, RV_RNE, &fl), 0x28800000, 0);
    /* (1+2^-12)^2 = 1 + 2^-11 + 2^-24 is a tie at single precision; a tiny addend decides it,
     * which computing in double and then narrowing would miss */
    EXPECT_S(rv_f32_fmadd(0x3f800800, 0x3f800800, S_P0, RV_RNE, &fl), 0x3f801000, NX);
    EXPECT_S(rv_f32_fmadd(0x3f800800, 0x3f800800, S_P0, RV_RMM, &fl), 0x3f801001, NX);
    EXPECT_S(rv_f32_fmadd(0x3f800800, 0x3f800800, 0x17800000, RV_RNE, &fl), 0x3f801001, NX);
    EXPECT_S(rv_f32_fmadd(0x3f800800, 0x3f800800, 0x97800000, RV_RNE, &fl), 0x3f801000, NX);
    EXPECT_S(rv_f32_fmadd(0x3f800800, 0x3f800800, 0x97800000, RV_RMM, &fl), 0x3f801000, NX);
    /* (1+2^-26)(1+2^-27) = 1 + 2^-26 + 2^-27 + 2^-53: a double-precision tie */
    uint64_t a = UINT64_C(0x3ff0000004000000), b = UINT64_C(0x3ff0000002000000);
    EXPECT_D(rv_f64_fmadd(a, b, D_P0, RV_RNE, &fl), 0x3ff0000006000000, NX);
    EXPECT_D(rv_f64_fmadd(a, b, D_P0, RV_RMM, &fl), 0x3ff0000006000001, NX);
    EXPECT_D(rv_f64_fmadd(a, b, 0x3370000000000000, RV_RNE, &fl), 0x3ff0000006000001, NX);
    EXPECT_D(rv_f64_fmsub(a, b, 0x3370000000000000, RV_RNE, &fl), 0x3ff0000006000000, NX);
}

Test(fpu_fma, special_operands)
{
    /* spec: inf * 0 raises NV even when the addend is a quiet NaN */
    EXPECT_S(rv_f32_fmadd(S_PINF, S_P0, S_QNAN_P, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_fmadd(S_N0, S_NINF, S_ONE, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_D(rv_f64_fnmadd(D_P0, D_PINF, D_QNAN_P, RV_RNE, &fl), D_CNAN, NV);
    EXPECT_S(rv_f32_fmadd(S_QNAN_P, S_ONE, S_ONE, RV_RNE, &fl), S_CNAN, 0);
    EXPECT_S(rv_f32_fmadd(S_ONE, S_ONE, S_SNAN, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_D(rv_f64_fmadd(D_ONE, D_SNAN, D_QNAN_P, RV_RNE, &fl), D_CNAN, NV);
    /* inf - inf between product and addend */
    EXPECT_S(rv_f32_fmadd(S_PINF, S_ONE, S_NINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_fmsub(S_PINF, S_ONE, S_PINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_fnmadd(S_PINF, S_ONE, S_NINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_fnmsub(S_PINF, S_ONE, S_PINF, RV_RNE, &fl), S_CNAN, NV);
    EXPECT_S(rv_f32_fmadd(S_PINF, S_ONE, S_PINF, RV_RNE, &fl), S_PINF, 0);
    EXPECT_S(rv_f32_fnmadd(S_PINF, S_ONE, S_NINF, RV_RTZ, &fl), S_CNAN, NV);
    EXPECT_D(rv_f64_fmadd(D_ONE, D_ONE, D_NINF, RV_RNE, &fl), D_NINF, 0);
    EXPECT_D(rv_f64_fnmsub(D_NINF, D_TWO, D_MAX, RV_RNE, &fl), D_PINF, 0);
    /* the product overflows but the exact sum is what gets rounded */
    EXPECT_S(rv_f32_fmadd(S_MAX, S_TWO, S_MAX | S_N0, RV_RNE, &fl), S_MAX, 0);
    EXPECT_S(rv_f32_fmadd(S_MAX, S_TWO, S_ONE, RV_RNE, &fl), S_PINF, OF | NX);
}

Test(fpu_fma, zero_results)
{
    EXPECT_S(rv_f32_fmadd(S_ONE, S_ONE, S_ONE | S_N0, RV_RNE, &fl), S_P0, 0);
    EXPECT_S(rv_f32_fmadd(S_ONE, S_ONE, S_ONE | S_N0, RV_RDN, &fl), S_N0, 0);
    EXPECT_S(rv_f32_fmadd(S_P0, S_ONE | S_N0, S_N0, RV_RNE, &fl), S_N0, 0);
    EXPECT_S(rv_f32_fmadd(S_P0, S_ONE, S_N0, RV_RNE, &fl), S_P0, 0);
    EXPECT_S(rv_f32_fmadd(S_P0, S_ONE, S_N0, RV_RDN, &fl), S_N0, 0);
    EXPECT_S(rv_f32_fnmsub(S_P0, S_ONE, S_P0, RV_RNE, &fl), S_P0, 0);   /* -0 + +0 */
    EXPECT_S(rv_f32_fnmadd(S_P0, S_ONE, S_P0, RV_RNE, &fl), S_N0, 0);   /* -0 - +0 */
    EXPECT_D(rv_f64_fmsub(D_TWO, D_THREE, 0x4018000000000000, RV_RDN, &fl), D_N0, 0);
    /* a zero product leaves the addend exact, even a subnormal one */
    EXPECT_D(rv_f64_fmadd(D_P0, D_MAX, D_MINSUB, RV_RNE, &fl), D_MINSUB, 0);
    EXPECT_S(rv_f32_fmsub(S_P0, S_MAX, S_MAXSUB, RV_RNE, &fl), S_MAXSUB | S_N0, 0);
    /* a tiny product with a zero addend rounds on its own and keeps its sign */
    EXPECT_S(rv_f32_fmadd(S_MINSUB, S_HALF | S_N0, S_P0, RV_RNE, &fl), S_N0, UF | NX);
    EXPECT_S(rv_f32_fmadd(S_MINSUB, S_MINSUB, S_P0, RV_RUP, &fl), S_MINSUB, UF | NX);
}

/* --- min / max / compare / classify ----------------------------------------------------- */

Test(fpu_minmax, zeros_and_nans)
{
    EXPECT_S(rv_f32_min(S_P0, S_N0, &fl), S_N0, 0);
    EXPECT_S(rv_f32_min(S_N0, S_P0, &fl), S_N0, 0);
    EXPECT_S(rv_f32_max(S_N0, S_P0, &fl), S_P0, 0);
    EXPECT_S(rv_f32_max(S_P0, S_N0, &fl), S_P0, 0);
    EXPECT_S(rv_f32_min(S_ONE, S_TWO, &fl), S_ONE, 0);
    EXPECT_S(rv_f32_max(S_ONE | S_N0, S_TWO | S_N0, &fl), S_ONE | S_N0, 0);
    EXPECT_S(rv_f32_min(S_NINF, S_MAX | S_N0, &fl), S_NINF, 0);
    EXPECT_S(rv_f32_max(S_MINSUB, S_P0, &fl), S_MINSUB, 0);
    /* one NaN: the other operand; NV only for a signalling NaN */
    EXPECT_S(rv_f32_min(S_QNAN_P, S_ONE, &fl), S_ONE, 0);
    EXPECT_S(rv_f32_min(S_ONE, S_NQNAN, &fl), S_ONE, 0);
    EXPECT_S(rv_f32_max(S_NINF, S_QNAN_P, &fl), S_NINF, 0);
    EXPECT_S(rv_f32_min(S_SNAN, S_ONE, &fl), S_ONE, NV);
    EXPECT_S(rv_f32_max(S_TWO, S_SNAN_P, &fl), S_TWO, NV);
    /* both NaN: canonical NaN, never a payload */
    EXPECT_S(rv_f32_min(S_QNAN_P, S_NQNAN, &fl), S_CNAN, 0);
    EXPECT_S(rv_f32_max(S_SNAN, S_QNAN_P, &fl), S_CNAN, NV);
    EXPECT_D(rv_f64_min(D_P0, D_N0, &fl), D_N0, 0);
    EXPECT_D(rv_f64_max(D_N0, D_P0, &fl), D_P0, 0);
    EXPECT_D(rv_f64_max(D_QNAN_P, D_MINSUB | D_N0, &fl), D_MINSUB | D_N0, 0);
    EXPECT_D(rv_f64_min(D_SNAN_N, D_PINF, &fl), D_PINF, NV);
    EXPECT_D(rv_f64_min(D_QNAN_P, D_QNAN_P, &fl), D_CNAN, 0);
    EXPECT_D(rv_f64_max(D_ONE | D_N0, D_HALF | D_N0, &fl), D_HALF | D_N0, 0);
}

Test(fpu_compare, quiet_and_signalling)
{
    EXPECT_X(rv_f32_eq(S_P0, S_N0, &fl), 1, 0);
    EXPECT_X(rv_f32_eq(S_ONE, S_ONE, &fl), 1, 0);
    EXPECT_X(rv_f32_eq(S_ONE, S_TWO, &fl), 0, 0);
    EXPECT_X(rv_f32_eq(S_CNAN, S_CNAN, &fl), 0, 0);       /* feq is quiet on qNaN */
    EXPECT_X(rv_f32_eq(S_SNAN, S_ONE, &fl), 0, NV);
    EXPECT_X(rv_f32_lt(S_CNAN, S_ONE, &fl), 0, NV);       /* flt/fle signal on any NaN */
    EXPECT_X(rv_f32_le(S_ONE, S_QNAN_P, &fl), 0, NV);
    EXPECT_X(rv_f32_le(S_SNAN, S_SNAN, &fl), 0, NV);
    EXPECT_X(rv_f32_lt(S_N0, S_P0, &fl), 0, 0);
    EXPECT_X(rv_f32_le(S_N0, S_P0, &fl), 1, 0);
    EXPECT_X(rv_f32_le(S_P0, S_N0, &fl), 1, 0);
    EXPECT_X(rv_f32_lt(S_ONE, S_TWO, &fl), 1, 0);
    EXPECT_X(rv_f32_lt(S_TWO | S_N0, S_ONE | S_N0, &fl), 1, 0);
    EXPECT_X(rv_f32_lt(S_ONE | S_N0, S_TWO | S_N0, &fl), 0, 0);
    EXPECT_X(rv_f32_lt(S_NINF, S_MAX | S_N0, &fl), 1, 0);
    EXPECT_X(rv_f32_le(S_PINF, S_PINF, &fl), 1, 0);
    EXPECT_X(rv_f32_lt(S_MINSUB | S_N0, S_P0, &fl), 1, 0);
    EXPECT_X(rv_f64_eq(D_N0, D_P0, &fl), 1, 0);
    EXPECT_X(rv_f64_eq(D_QNAN_P, D_QNAN_P, &fl), 0, 0);
    EXPECT_X(rv_f64_eq(D_ONE, D_SNAN, &fl), 0, NV);
    EXPECT_X(rv_f64_lt(D_ONE, D_TWO, &fl), 1, 0);
    EXPECT_X(rv_f64_lt(D_MINSUB, D_MINSUB, &fl), 0, 0);
    EXPECT_X(rv_f64_le(D_MINSUB, D_MINSUB, &fl), 1, 0);
    EXPECT_X(rv_f64_le(D_QNAN_P, D_ONE, &fl), 0, NV);
    EXPECT_X(rv_f64_lt(D_NINF, D_PINF, &fl), 1, 0);
}

Test(fpu_classify, every_class)
{
    cr_expect_eq(rv_f32_classify(S_NINF), 1u << 0);
    cr_expect_eq(rv_f32_classify(S_ONE | S_N0), 1u << 1);
    cr_expect_eq(rv_f32_classify(S_MAXSUB | S_N0), 1u << 2);
    cr_expect_eq(rv_f32_classify(S_N0), 1u << 3);
    cr_expect_eq(rv_f32_classify(S_P0), 1u << 4);
    cr_expect_eq(rv_f32_classify(S_MINSUB), 1u << 5);
    cr_expect_eq(rv_f32_classify(S_MINNORM), 1u << 6);
    cr_expect_eq(rv_f32_classify(S_PINF), 1u << 7);
    cr_expect_eq(rv_f32_classify(S_SNAN), 1u << 8);
    cr_expect_eq(rv_f32_classify(S_SNAN_P), 1u << 8);
    cr_expect_eq(rv_f32_classify(S_CNAN), 1u << 9);
    cr_expect_eq(rv_f32_classify(S_NQNAN), 1u << 9);
    cr_expect_eq(rv_f64_classify(D_NINF), 1u << 0);
    cr_expect_eq(rv_f64_classify(D_MAX | D_N0), 1u << 1);
    cr_expect_eq(rv_f64_classify(D_MINSUB | D_N0), 1u << 2);
    cr_expect_eq(rv_f64_classify(D_N0), 1u << 3);
    cr_expect_eq(rv_f64_classify(D_P0), 1u << 4);
    cr_expect_eq(rv_f64_classify(D_MAXSUB), 1u << 5);
    cr_expect_eq(rv_f64_classify(D_MAX), 1u << 6);
    cr_expect_eq(rv_f64_classify(D_PINF), 1u << 7);
    cr_expect_eq(rv_f64_classify(D_SNAN_N), 1u << 8);
    cr_expect_eq(rv_f64_classify(D_QNAN_P), 1u << 9);
}

/* --- conversions between formats -------------------------------------------------------- */

Test(fpu_convert, single_to_double)
{
    EXPECT_D(rv_f32_to_f64(S_ONE, &fl), D_ONE, 0);
    EXPECT_D(rv_f32_to_f64(S_MINSUB, &fl), 0x36a0000000000000, 0);  /* 2^-149, now normal */
    EXPECT_D(rv_f32_to_f64(S_MAX, &fl), 0x47efffffe0000000, 0);
    EXPECT_D(rv_f32_to_f64(S_N0, &fl), D_N0, 0);
    EXPECT_D(rv_f32_to_f64(S_NINF, &fl), D_NINF, 0);
    EXPECT_D(rv_f32_to_f64(S_QNAN_P, &fl), D_CNAN, 0);
    EXPECT_D(rv_f32_to_f64(S_SNAN, &fl), D_CNAN, NV);
    EXPECT_D(rv_f32_to_f64(S_SNAN_P, &fl), D_CNAN, NV);
}

Test(fpu_convert, double_to_single)
{
    EXPECT_S(rv_f64_to_f32(D_HALF, RV_RNE, &fl), S_HALF, 0);
    EXPECT_S(rv_f64_to_f32(0x36a0000000000000, RV_RNE, &fl), S_MINSUB, 0);  /* exact subnormal */
    /* 1 + 2^-24: a tie */
    EXPECT_S(rv_f64_to_f32(0x3ff0000010000000, RV_RNE, &fl), S_ONE, NX);
    EXPECT_S(rv_f64_to_f32(0x3ff0000010000000, RV_RMM, &fl), 0x3f800001, NX);
    EXPECT_S(rv_f64_to_f32(0xbff0000010000000, RV_RMM, &fl), 0xbf800001, NX);
    EXPECT_S(rv_f64_to_f32(0x3ff0000010000001, RV_RNE, &fl), 0x3f800001, NX);
    EXPECT_S(rv_f64_to_f32(0x3ff0000010000000, RV_RDN, &fl), S_ONE, NX);
    /* overflow */
    EXPECT_S(rv_f64_to_f32(D_MAX, RV_RNE, &fl), S_PINF, OF | NX);
    EXPECT_S(rv_f64_to_f32(D_MAX, RV_RTZ, &fl), S_MAX, OF | NX);
    EXPECT_S(rv_f64_to_f32(D_MAX | D_N0, RV_RUP, &fl), S_MAX | S_N0, OF | NX);
    EXPECT_S(rv_f64_to_f32(D_MAX | D_N0, RV_RDN, &fl), S_NINF, OF | NX);
    /* underflow: 2^-150 ties between 0 and the smallest subnormal */
    EXPECT_S(rv_f64_to_f32(0x3690000000000000, RV_RNE, &fl), S_P0, UF | NX);
    EXPECT_S(rv_f64_to_f32(0x3690000000000000, RV_RMM, &fl), S_MINSUB, UF | NX);
    EXPECT_S(rv_f64_to_f32(0xb690000000000000, RV_RDN, &fl), S_MINSUB | S_N0, UF | NX);
    EXPECT_S(rv_f64_to_f32(D_MINSUB, RV_RNE, &fl), S_P0, UF | NX);
    EXPECT_S(rv_f64_to_f32(D_MINSUB, RV_RUP, &fl), S_MINSUB, UF | NX);
    EXPECT_S(rv_f64_to_f32(D_MINSUB | D_N0, RV_RDN, &fl), S_MINSUB | S_N0, UF | NX);
    /* specials */
    EXPECT_S(rv_f64_to_f32(D_N0, RV_RNE, &fl), S_N0, 0);
    EXPECT_S(rv_f64_to_f32(D_PINF, RV_RTZ, &fl), S_PINF, 0);
    EXPECT_S(rv_f64_to_f32(D_QNAN_P, RV_RNE, &fl), S_CNAN, 0);
    EXPECT_S(rv_f64_to_f32(D_SNAN, RV_RNE, &fl), S_CNAN, NV);
}

/* --- float to integer ------------------------------------------------------------------- */

#define I32_MIN_SX UINT64_C(0xffffffff80000000)  /* INT32_MIN as rd holds it */
#define ALL_ONES   UINT64_C(0xffffffffffffffff)

Test(fpu_to_int, rounding_modes)
{
    uint32_t s1_5 = 0x3fc00000, s2_5 = 0x40200000, sm2_5 = 0xc0200000;
    EXPECT_X(rv_f32_to_i32(s1_5, RV_RNE, &fl), 2, NX);
    EXPECT_X(rv_f32_to_i32(s2_5, RV_RNE, &fl), 2, NX);
    EXPECT_X(rv_f32_to_i32(s2_5, RV_RMM, &fl), 3, NX);
    EXPECT_X(rv_f32_to_i32(s2_5, RV_RTZ, &fl), 2, NX);
    EXPECT_X(rv_f32_to_i32(s2_5, RV_RUP, &fl), 3, NX);
    EXPECT_X(rv_f32_to_i32(sm2_5, RV_RNE, &fl), (uint64_t)-2, NX);
    EXPECT_X(rv_f32_to_i32(sm2_5, RV_RMM, &fl), (uint64_t)-3, NX);
    EXPECT_X(rv_f32_to_i32(sm2_5, RV_RDN, &fl), (uint64_t)-3, NX);
    EXPECT_X(rv_f32_to_i32(sm2_5, RV_RUP, &fl), (uint64_t)-2, NX);
    EXPECT_X(rv_f32_to_i32(sm2_5, RV_RTZ, &fl), (uint64_t)-2, NX);
    EXPECT_X(rv_f32_to_i64(S_HALF, RV_RUP, &fl), 1, NX);
    EXPECT_X(rv_f32_to_i64(S_HALF, RV_RNE, &fl), 0, NX);
    EXPECT_X(rv_f32_to_i64(S_MINSUB, RV_RUP, &fl), 1, NX);
    EXPECT_X(rv_f32_to_i64(S_MINSUB | S_N0, RV_RDN, &fl), (uint64_t)-1, NX);
    EXPECT_X(rv_f64_to_i64(0xc00c000000000000, RV_RNE, &fl), (uint64_t)-4, NX);  /* -3.5 */
    EXPECT_X(rv_f64_to_i64(D_THREE, RV_RNE, &fl), 3, 0);
    EXPECT_X(rv_f64_to_u64(D_MINSUB, RV_RUP, &fl), 1, NX);
    EXPECT_X(rv_f32_to_i32(S_N0, RV_RNE, &fl), 0, 0);
    /* -0.5 in every mode */
    uint32_t m_half = 0xbf000000;
    EXPECT_X(rv_f32_to_i32(m_half, RV_RNE, &fl), 0, NX);
    EXPECT_X(rv_f32_to_i32(m_half, RV_RTZ, &fl), 0, NX);
    EXPECT_X(rv_f32_to_i32(m_half, RV_RDN, &fl), ALL_ONES, NX);
    EXPECT_X(rv_f32_to_i32(m_half, RV_RUP, &fl), 0, NX);
    EXPECT_X(rv_f32_to_i32(m_half, RV_RMM, &fl), ALL_ONES, NX);
    EXPECT_X(rv_f64_to_u64(0xbfe0000000000000, RV_RUP, &fl), 0, NX);
}

Test(fpu_to_int, signed_32_saturation)
{
    EXPECT_X(rv_f32_to_i32(0x4effffff, RV_RNE, &fl), 2147483520, 0);  /* largest below 2^31 */
    EXPECT_X(rv_f32_to_i32(0x4f000000, RV_RNE, &fl), 0x7fffffff, NV);  /* 2^31 */
    EXPECT_X(rv_f32_to_i32(0xcf000000, RV_RNE, &fl), I32_MIN_SX, 0);   /* -2^31 exact */
    EXPECT_X(rv_f32_to_i32(0xcf000001, RV_RNE, &fl), I32_MIN_SX, NV);
    EXPECT_X(rv_f32_to_i32(S_CNAN, RV_RNE, &fl), 0x7fffffff, NV);
    EXPECT_X(rv_f32_to_i32(S_NQNAN, RV_RNE, &fl), 0x7fffffff, NV);    /* NaN sign ignored */
    EXPECT_X(rv_f32_to_i32(S_PINF, RV_RNE, &fl), 0x7fffffff, NV);
    EXPECT_X(rv_f32_to_i32(S_NINF, RV_RNE, &fl), I32_MIN_SX, NV);
    /* 2^31 - 0.5: the range is checked after rounding */
    uint64_t below = UINT64_C(0x41dfffffffe00000);
    EXPECT_X(rv_f64_to_i32(below, RV_RNE, &fl), 0x7fffffff, NV);
    EXPECT_X(rv_f64_to_i32(below, RV_RMM, &fl), 0x7fffffff, NV);
    EXPECT_X(rv_f64_to_i32(below, RV_RUP, &fl), 0x7fffffff, NV);
    EXPECT_X(rv_f64_to_i32(below, RV_RTZ, &fl), 0x7fffffff, NX);
    EXPECT_X(rv_f64_to_i32(below, RV_RDN, &fl), 0x7fffffff, NX);
    /* -2^31 - 0.5 and -2^31 - 1 */
    uint64_t under = UINT64_C(0xc1e0000000100000);
    EXPECT_X(rv_f64_to_i32(under, RV_RNE, &fl), I32_MIN_SX, NX);
    EXPECT_X(rv_f64_to_i32(under, RV_RUP, &fl), I32_MIN_SX, NX);
    EXPECT_X(rv_f64_to_i32(under, RV_RTZ, &fl), I32_MIN_SX, NX);
    EXPECT_X(rv_f64_to_i32(under, RV_RMM, &fl), I32_MIN_SX, NV);
    EXPECT_X(rv_f64_to_i32(under, RV_RDN, &fl), I32_MIN_SX, NV);
    EXPECT_X(rv_f64_to_i32(0xc1e0000000200000, RV_RTZ, &fl), I32_MIN_SX, NV);
    EXPECT_X(rv_f64_to_i32(0x41dfffffffc00000, RV_RNE, &fl), 0x7fffffff, 0);  /* 2^31 - 1 */
    EXPECT_X(rv_f64_to_i32(D_MAX, RV_RNE, &fl), 0x7fffffff, NV);
    EXPECT_X(rv_f64_to_i32(D_SNAN, RV_RNE, &fl), 0x7fffffff, NV);
}

Test(fpu_to_int, unsigned_32_saturation_and_sign_extension)
{
    /* W results are sign-extended even for fcvt.wu */
    EXPECT_X(rv_f32_to_u32(0x4f000000, RV_RNE, &fl), I32_MIN_SX, 0);        /* 2^31 */
    EXPECT_X(rv_f64_to_u32(0x41efffffffe00000, RV_RNE, &fl), ALL_ONES, 0);  /* 2^32 - 1 */
    EXPECT_X(rv_f64_to_u32(0x41f0000000000000, RV_RNE, &fl), ALL_ONES, NV); /* 2^32 */
    EXPECT_X(rv_f64_to_u32(0x41efffffffe00001, RV_RTZ, &fl), ALL_ONES, NX);
    EXPECT_X(rv_f32_to_u32(S_CNAN, RV_RNE, &fl), ALL_ONES, NV);
    EXPECT_X(rv_f32_to_u32(S_PINF, RV_RNE, &fl), ALL_ONES, NV);
    EXPECT_X(rv_f32_to_u32(S_NINF, RV_RNE, &fl), 0, NV);
    EXPECT_X(rv_f32_to_u32(0xbf800000, RV_RNE, &fl), 0, NV);  /* -1.0 */
    EXPECT_X(rv_f32_to_u32(S_N0, RV_RNE, &fl), 0, 0);
    /* -0.5 is in range exactly when it rounds to 0 */
    uint32_t m_half = 0xbf000000;
    EXPECT_X(rv_f32_to_u32(m_half, RV_RNE, &fl), 0, NX);
    EXPECT_X(rv_f32_to_u32(m_half, RV_RTZ, &fl), 0, NX);
    EXPECT_X(rv_f32_to_u32(m_half, RV_RUP, &fl), 0, NX);
    EXPECT_X(rv_f32_to_u32(m_half, RV_RMM, &fl), 0, NV);
    EXPECT_X(rv_f32_to_u32(m_half, RV_RDN, &fl), 0, NV);
    EXPECT_X(rv_f32_to_u32(0xbe99999a, RV_RTZ, &fl), 0, NX);  /* -0.3 */
    EXPECT_X(rv_f64_to_u32(0xbfe0000000000000, RV_RNE, &fl), 0, NX);
    EXPECT_X(rv_f64_to_u32(0xbfe0000000000000, RV_RDN, &fl), 0, NV);
}

Test(fpu_to_int, sixty_four_bit_saturation)
{
    EXPECT_X(rv_f64_to_i64(0x43e0000000000000, RV_RNE, &fl), INT64_MAX, NV);  /* 2^63 */
    EXPECT_X(rv_f64_to_i64(0xc3e0000000000000, RV_RNE, &fl), INT64_MIN, 0);   /* -2^63 */
    EXPECT_X(rv_f64_to_i64(0xc3e0000000000001, RV_RNE, &fl), INT64_MIN, NV);
    EXPECT_X(rv_f64_to_i64(0x43dfffffffffffff, RV_RNE, &fl), 0x7ffffffffffffc00, 0);
    EXPECT_X(rv_f64_to_i64(D_QNAN_P, RV_RNE, &fl), INT64_MAX, NV);
    EXPECT_X(rv_f64_to_i64(D_NINF, RV_RNE, &fl), INT64_MIN, NV);
    EXPECT_X(rv_f32_to_i64(0x5f000000, RV_RNE, &fl), INT64_MAX, NV);          /* 2^63 */
    EXPECT_X(rv_f32_to_i64(0xdf000000, RV_RNE, &fl), INT64_MIN, 0);
    EXPECT_X(rv_f32_to_i64(0x5effffff, RV_RNE, &fl), 0x7fffff8000000000, 0);
    EXPECT_X(rv_f64_to_u64(0x43f0000000000000, RV_RNE, &fl), ALL_ONES, NV);   /* 2^64 */
    EXPECT_X(rv_f64_to_u64(0x43efffffffffffff, RV_RNE, &fl), 0xfffffffffffff800, 0);
    EXPECT_X(rv_f64_to_u64(0x43e0000000000000, RV_RNE, &fl), 0x8000000000000000, 0);
    EXPECT_X(rv_f64_to_u64(0xbff0000000000000, RV_RNE, &fl), 0, NV);
    EXPECT_X(rv_f64_to_u64(0xbfe0000000000000, RV_RMM, &fl), 0, NV);
    EXPECT_X(rv_f64_to_u64(0xbfe0000000000000, RV_RTZ, &fl), 0, NX);
    EXPECT_X(rv_f64_to_u64(D_CNAN, RV_RNE, &fl), ALL_ONES, NV);
    EXPECT_X(rv_f64_to_u64(D_NINF, RV_RNE, &fl), 0, NV);
    EXPECT_X(rv_f64_to_u64(D_PINF, RV_RNE, &fl), ALL_ONES, NV);
    EXPECT_X(rv_f32_to_u64(0x5f800000, RV_RNE, &fl), ALL_ONES, NV);           /* 2^64 */
    EXPECT_X(rv_f32_to_u64(0x5f7fffff, RV_RNE, &fl), 0xffffff0000000000, 0);
    EXPECT_X(rv_f32_to_u64(S_SNAN_P, RV_RNE, &fl), ALL_ONES, NV);
}

/* --- integer to float ------------------------------------------------------------------- */

Test(fpu_from_int, to_single)
{
    /* 2^24 + 1 is a tie at single precision */
    EXPECT_S(rv_i32_to_f32(16777217, RV_RNE, &fl), 0x4b800000, NX);
    EXPECT_S(rv_i32_to_f32(16777217, RV_RMM, &fl), 0x4b800001, NX);
    EXPECT_S(rv_i32_to_f32(16777217, RV_RUP, &fl), 0x4b800001, NX);
    EXPECT_S(rv_i32_to_f32(16777217, RV_RTZ, &fl), 0x4b800000, NX);
    EXPECT_S(rv_i32_to_f32(-16777217, RV_RDN, &fl), 0xcb800001, NX);
    EXPECT_S(rv_i32_to_f32(-16777217, RV_RUP, &fl), 0xcb800000, NX);
    EXPECT_S(rv_i32_to_f32(16777216, RV_RNE, &fl), 0x4b800000, 0);
    EXPECT_S(rv_i32_to_f32(0, RV_RDN, &fl), S_P0, 0);
    EXPECT_S(rv_i32_to_f32(INT32_MIN, RV_RNE, &fl), 0xcf000000, 0);
    EXPECT_S(rv_i32_to_f32(INT32_MAX, RV_RNE, &fl), 0x4f000000, NX);
    EXPECT_S(rv_i32_to_f32(INT32_MAX, RV_RTZ, &fl), 0x4effffff, NX);
    EXPECT_S(rv_i32_to_f32(-1, RV_RNE, &fl), 0xbf800000, 0);
    EXPECT_S(rv_u32_to_f32(UINT32_MAX, RV_RNE, &fl), 0x4f800000, NX);
    EXPECT_S(rv_u32_to_f32(UINT32_MAX, RV_RTZ, &fl), 0x4f7fffff, NX);
    EXPECT_S(rv_u32_to_f32(0x80000000u, RV_RNE, &fl), 0x4f000000, 0);
    EXPECT_S(rv_i64_to_f32(-1, RV_RNE, &fl), 0xbf800000, 0);
    EXPECT_S(rv_i64_to_f32(INT64_MIN, RV_RNE, &fl), 0xdf000000, 0);
    EXPECT_S(rv_i64_to_f32(INT64_MAX, RV_RTZ, &fl), 0x5effffff, NX);
    EXPECT_S(rv_u64_to_f32(UINT64_MAX, RV_RNE, &fl), 0x5f800000, NX);
    EXPECT_S(rv_u64_to_f32(UINT64_MAX, RV_RTZ, &fl), 0x5f7fffff, NX);
    EXPECT_S(rv_u64_to_f32(UINT64_C(0x8000008000000000), RV_RNE, &fl), 0x5f000000, NX);
    EXPECT_S(rv_u64_to_f32(UINT64_C(0x8000008000000000), RV_RMM, &fl), 0x5f000001, NX);
}

Test(fpu_from_int, to_double)
{
    /* every 32-bit integer is exact in double */
    EXPECT_D(rv_i32_to_f64(INT32_MIN, RV_RNE, &fl), 0xc1e0000000000000, 0);
    EXPECT_D(rv_i32_to_f64(INT32_MAX, RV_RTZ, &fl), 0x41dfffffffc00000, 0);
    EXPECT_D(rv_u32_to_f64(UINT32_MAX, RV_RNE, &fl), 0x41efffffffe00000, 0);
    EXPECT_D(rv_i32_to_f64(0, RV_RNE, &fl), D_P0, 0);
    /* 2^53 + 1 is a tie at double precision */
    int64_t big = (INT64_C(1) << 53) + 1;
    EXPECT_D(rv_i64_to_f64(big, RV_RNE, &fl), 0x4340000000000000, NX);
    EXPECT_D(rv_i64_to_f64(big, RV_RMM, &fl), 0x4340000000000001, NX);
    EXPECT_D(rv_i64_to_f64(big, RV_RUP, &fl), 0x4340000000000001, NX);
    EXPECT_D(rv_i64_to_f64(-big, RV_RDN, &fl), 0xc340000000000001, NX);
    EXPECT_D(rv_i64_to_f64(-big, RV_RTZ, &fl), 0xc340000000000000, NX);
    EXPECT_D(rv_i64_to_f64(INT64_MIN, RV_RNE, &fl), 0xc3e0000000000000, 0);
    EXPECT_D(rv_i64_to_f64(INT64_MAX, RV_RNE, &fl), 0x43e0000000000000, NX);
    EXPECT_D(rv_i64_to_f64(INT64_MAX, RV_RTZ, &fl), 0x43dfffffffffffff, NX);
    EXPECT_D(rv_u64_to_f64(UINT64_MAX, RV_RNE, &fl), 0x43f0000000000000, NX);
    EXPECT_D(rv_u64_to_f64(UINT64_MAX, RV_RTZ, &fl), 0x43efffffffffffff, NX);
    EXPECT_D(rv_u64_to_f64(UINT64_C(1) << 63, RV_RNE, &fl), 0x43e0000000000000, 0);
}

/* --- flags accrue, NaN-boxing ----------------------------------------------------------- */

Test(fpu_flags, accrue_without_clearing)
{
    uint32_t fl = DZ;
    rv_f32_div(S_ONE, S_THREE, RV_RNE, &fl);
    cr_expect_eq(fl, DZ | NX);
    rv_f64_sqrt(D_ONE | D_N0, RV_RNE, &fl);
    cr_expect_eq(fl, DZ | NX | NV);
    rv_f32_add(S_ONE, S_ONE, RV_RNE, &fl);  /* exact: adds nothing */
    cr_expect_eq(fl, DZ | NX | NV);
}

/* Like EXPECT, but starting with NX already accrued: the state in which fpu.c may use the
 * host's arithmetic; the result must be the same and only NX may be pre-set. */
#define EXPECT_NX(type, fmt, call, want, want_flags) do {                                 \
        uint32_t fl = NX;                                                                 \
        type got_ = (type)(call);                                                         \
        type want_ = (type)(want);                                                        \
        cr_expect_eq(got_, want_, "%s: got " fmt ", want " fmt, #call, got_, want_);     \
        cr_expect_eq(fl, (uint32_t)(want_flags) | NX, "%s: flags %#x, want %#x", #call,  \
                     fl, (uint32_t)(want_flags) | NX);                                    \
    } while (0)
#define EXPECT_NX_S(call, want, f) EXPECT_NX(uint32_t, "%#010x", call, want, f)
#define EXPECT_NX_D(call, want, f) EXPECT_NX(uint64_t, "%#018lx", call, want, f)

Test(fpu_flags, with_inexact_already_accrued)
{
    EXPECT_NX_S(rv_f32_add(S_ONE, S_TWO, RV_RNE, &fl), S_THREE, 0);
    EXPECT_NX_D(rv_f64_div(D_ONE, D_THREE, RV_RNE, &fl), 0x3fd5555555555555, 0);
    EXPECT_NX_D(rv_f64_sqrt(D_TWO, RV_RNE, &fl), 0x3ff6a09e667f3bcd, 0);
    EXPECT_NX_S(rv_f32_fmadd(0x3f800001, 0x3f800001, 0xbf800002, RV_RNE, &fl), 0x28800000, 0);
    /* results at the edges still raise their own flags */
    EXPECT_NX_S(rv_f32_add(S_MAX, S_MAX, RV_RNE, &fl), S_PINF, OF);
    EXPECT_NX_D(rv_f64_mul(D_MAX, D_TWO, RV_RNE, &fl), D_PINF, OF);
    EXPECT_NX_D(rv_f64_fmadd(D_MAX, D_TWO, D_ONE, RV_RNE, &fl), D_PINF, OF);
    EXPECT_NX_S(rv_f32_mul(S_MINNORM, 0x3f7fffff, RV_RNE, &fl), S_MINNORM, UF);
    EXPECT_NX_D(rv_f64_mul(D_MINNORM, 0x3fefffffffffffff, RV_RNE, &fl), D_MINNORM, UF);
    EXPECT_NX_D(rv_f64_div(D_MINNORM, 0x3ff0000000000001, RV_RNE, &fl), D_MINNORM - 1, UF);
    EXPECT_NX_D(rv_f64_mul(D_MINNORM, D_HALF, RV_RNE, &fl), 0x0008000000000000, 0);
    EXPECT_NX_D(rv_f64_fmsub(D_MINNORM, D_ONE, 0x0010000000000001, RV_RNE, &fl),
                D_MINSUB | D_N0, 0);
    EXPECT_NX_S(rv_f32_sub(S_ONE, S_ONE, RV_RNE, &fl), S_P0, 0);
    EXPECT_NX_S(rv_f32_div(S_ONE, S_P0, RV_RNE, &fl), S_PINF, DZ);
    EXPECT_NX_D(rv_f64_sqrt(D_ONE | D_N0, RV_RNE, &fl), D_CNAN, NV);
    EXPECT_NX_S(rv_f32_sqrt(S_N0, RV_RNE, &fl), S_N0, 0);
    EXPECT_NX_D(rv_f64_div(D_P0, D_P0, RV_RNE, &fl), D_CNAN, NV);
    /* operands outside the fast path's domain */
    EXPECT_NX_D(rv_f64_add(D_QNAN_P, D_ONE, RV_RNE, &fl), D_CNAN, 0);
    EXPECT_NX_S(rv_f32_add(S_MINSUB, S_MAX, RV_RNE, &fl), S_MAX, 0);
    /* other rounding modes are unaffected */
    EXPECT_NX_S(rv_f32_add(S_ONE, 0x33800000, RV_RMM, &fl), 0x3f800001, 0);
    EXPECT_NX_D(rv_f64_div(D_ONE, D_THREE, RV_RUP, &fl), 0x3fd5555555555556, 0);
}

Test(fpu_flags, nan_boxing)
{
    cr_expect_eq(rv_box32(S_ONE), UINT64_C(0xffffffff3f800000));
    cr_expect_eq(rv_unbox32(UINT64_C(0xffffffff3f800000)), S_ONE);
    cr_expect_eq(rv_unbox32(UINT64_C(0x000000003f800000)), S_CNAN);
    cr_expect_eq(rv_unbox32(UINT64_C(0xfffffffe3f800000)), S_CNAN);
}
