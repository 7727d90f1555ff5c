/*
 * translate/fpu.c - the RISC-V F and D operations that round (add, sub, mul, div, sqrt, the
 * fused multiply-adds and every conversion): exact software rounding, host SSE as a fast path.
 * The operations that never round (fmin/fmax, feq/flt/fle, fclass) are fpu_compare.c's; the
 * unpacked operand both use is in fpu_internal.h.
 *
 * Every operation has an exact path done on integer significands: compute the exact result (or
 * one "jammed" to 64+ bits, the bits shifted out ORed into bit 0, which rounds identically as
 * long as the jam bit lies below the round bit; every caller keeps at least 8 guard bits), then
 * round once in round_pack(). All five rounding modes, including RMM (ties away from zero, which
 * x86 lacks), tininess after rounding, the canonical NaN and the exact accrued flags come out of
 * that one function, with no dependence on the host's floating-point state.
 *
 * The common case then goes faster through the host: with RNE, NX already accrued and operands
 * that are normal or zero, an SSE result that is finite and above the smallest normal is the
 * RISC-V result and raises nothing new (see fast_ok()). That is qemu's "hardfloat" idea; it
 * avoids emulating RMM, tininess or NX detection on SSE, which is where host-based emulation
 * gets subtle.
 *
 * Values are sign * sig * 2^exp with sig an unsigned integer; one format-generic path serves
 * binary32 and binary64 through a struct rv_fmt that is constant after inlining.
 */
#include "translate/fpu.h"

#include "translate/fpu_internal.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef unsigned __int128 u128;

/* Only the large rounding step stays out of line, once per format (round_pack32/64). */
#define NOINLINE __attribute__((noinline))

static ALWAYS_INLINE uint64_t
sign_bit(const struct rv_fmt *f, int sign)
{
    return (uint64_t)sign << (f->frac_bits == 23 ? 31 : 63);
}

static ALWAYS_INLINE uint64_t
pack_zero(const struct rv_fmt *f, int sign)
{
    return sign_bit(f, sign);
}

static ALWAYS_INLINE uint64_t
pack_inf(const struct rv_fmt *f, int sign)
{
    return sign_bit(f, sign) | ((uint64_t)f->exp_mask << f->frac_bits);
}

static ALWAYS_INLINE uint64_t
pack_max_finite(const struct rv_fmt *f, int sign)
{
    return pack_inf(f, sign) - 1;
}

static ALWAYS_INLINE int
msb64(uint64_t x)
{
    return 63 - __builtin_clzll(x);
}

static ALWAYS_INLINE int
msb128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? 64 + msb64(hi) : msb64((uint64_t)x);
}

/* x >> n keeping a sticky OR of the shifted-out bits in bit 0 (any n >= 0). */
static ALWAYS_INLINE u128
shift_right_jam128(u128 x, int n)
{
    if (n == 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

/*
 * Whether to add one unit to a truncated magnitude: `rest` holds the discarded bits, of which
 * the top one weighs half a unit (`half`). lsb is the low bit of the kept magnitude.
 */
static ALWAYS_INLINE bool
round_increment(int rm, int sign, bool lsb, u128 rest, u128 half)
{
    switch (rm) {
    case RV_RNE: return rest > half || (rest == half && lsb);
    case RV_RMM: return rest >= half;  /* ties away from zero */
    case RV_RDN: return rest != 0 && sign;
    case RV_RUP: return rest != 0 && !sign;
    default:     return false;          /* RV_RTZ */
    }
}

/*
 * Round m >> shift to an integer under rm; m may be jammed, shift may be anything >= 0.
 * Sets *inexact when any nonzero bit was discarded.
 */
static ALWAYS_INLINE uint64_t
round_shift(uint64_t m, int shift, int rm, int sign, bool *inexact)
{
    if (shift == 0) {
        *inexact = false;
        return m;
    }
    if (shift > 127)  /* m < 2^64 <= half a unit: only the sticky information matters */
        shift = 127;
    u128 wide = m;
    u128 rest = wide & (((u128)1 << shift) - 1);
    uint64_t kept = (uint64_t)(wide >> shift);
    *inexact = rest != 0;
    if (round_increment(rm, sign, kept & 1, rest, (u128)1 << (shift - 1)))
        kept++;
    return kept;
}

/*
 * The one rounding step: deliver (-1)^sign * sig * 2^exp (sig != 0, possibly jammed below at
 * least 8 guard bits) in format f under rm, with OF/UF/NX.
 *
 * Tininess is detected after rounding, as RISC-V (like x86) specifies: the result is tiny when
 * rounding to the format's precision with an unbounded exponent range gives a magnitude below
 * 2^emin. UF is raised only when the tiny result is also inexact (IEEE 754 7.5 default
 * handling).
 */
static ALWAYS_INLINE uint64_t
round_pack_fmt(const struct rv_fmt *f, int sign, int exp, u128 sig, int rm, uint32_t *flags)
{
    int p = f->frac_bits + 1;
    int emin = 1 - f->bias;
    int top = msb128(sig);
    uint64_t m;
    if (top > 63) {
        m = (uint64_t)shift_right_jam128(sig, top - 63);
        exp += top - 63;
    } else {
        m = (uint64_t)sig << (63 - top);
        exp -= 63 - top;
    }
    int e = exp + 63;  /* the value is in [2^e, 2^(e+1)) */
    bool inexact;
    bool tiny = false;
    if (e < emin) {
        tiny = true;
        if (e == emin - 1) {
            /* rounds up to 2^emin at full precision? then it was not tiny after rounding */
            bool ignored;
            uint64_t k = round_shift(m, 64 - p, rm, sign, &ignored);
            tiny = k != (UINT64_C(1) << p);
        }
        /* subnormal: the unit is 2^(emin - frac_bits), i.e. a shift of 64 - p + (emin - e) */
        uint64_t k = round_shift(m, 64 - p + (emin - e), rm, sign, &inexact);
        if (inexact) {
            *flags |= RV_FFLAG_NX;
            if (tiny)
                *flags |= RV_FFLAG_UF;
        }
        /* k <= 2^frac_bits; k == 2^frac_bits carries into exponent field 1, the smallest
         * normal, by the encoding itself */
        return sign_bit(f, sign) | k;
    }
    uint64_t k = round_shift(m, 64 - p, rm, sign, &inexact);
    if (k == (UINT64_C(1) << p)) {
        k >>= 1;
        e++;
    }
    if (e > f->bias) {
        *flags |= RV_FFLAG_OF | RV_FFLAG_NX;
        bool to_inf = rm == RV_RNE || rm == RV_RMM || (rm == RV_RUP && !sign) ||
                      (rm == RV_RDN && sign);
        return to_inf ? pack_inf(f, sign) : pack_max_finite(f, sign);
    }
    if (inexact)
        *flags |= RV_FFLAG_NX;
    return sign_bit(f, sign) | ((uint64_t)(e + f->bias) << f->frac_bits) |
           (k & ((UINT64_C(1) << f->frac_bits) - 1));
}

/* round_pack_fmt is large: keep one out-of-line copy per format, each with constant shifts. */
static NOINLINE uint64_t
round_pack32(int sign, int exp, u128 sig, int rm, uint32_t *flags)
{
    return round_pack_fmt(&fmt32, sign, exp, sig, rm, flags);
}

static NOINLINE uint64_t
round_pack64(int sign, int exp, u128 sig, int rm, uint32_t *flags)
{
    return round_pack_fmt(&fmt64, sign, exp, sig, rm, flags);
}

static ALWAYS_INLINE uint64_t
round_pack(const struct rv_fmt *f, int sign, int exp, u128 sig, int rm, uint32_t *flags)
{
    return f == &fmt32 ? round_pack32(sign, exp, sig, rm, flags)
                       : round_pack64(sign, exp, sig, rm, flags);
}

/* Any NaN operand gives the canonical NaN; a signalling one also raises NV. */
static ALWAYS_INLINE uint64_t
nan_result(const struct rv_fmt *f, const struct rv_unpacked *a, const struct rv_unpacked *b,
           const struct rv_unpacked *c, uint32_t *flags)
{
    if (a->kind == K_SNAN || (b && b->kind == K_SNAN) || (c && c->kind == K_SNAN))
        *flags |= RV_FFLAG_NV;
    return canonical_nan(f);
}

static ALWAYS_INLINE uint64_t
invalid(const struct rv_fmt *f, uint32_t *flags)
{
    *flags |= RV_FFLAG_NV;
    return canonical_nan(f);
}

/* An exact zero sum of operands of opposite signs (or of -0 and +0) is +0, but -0 in RDN
 * (IEEE 754 6.3). */
static int zero_sum_sign(int rm) { return rm == RV_RDN; }

/*
 * Sum of two finite values given as sig * 2^exp (sig < 2^64 each, nonzero), exactly rounded.
 * Both are put at the top of 128 bits; the one with the smaller top exponent is jammed right.
 * When the jam loses bits the larger one leads by > 20 bits, so the difference keeps its top
 * bit within one place and the jam bit stays far below the round bit.
 */
static ALWAYS_INLINE uint64_t
add_finite(const struct rv_fmt *f, int sa, int ea, u128 a, int sb, int eb, u128 b, int rm,
           uint32_t *flags)
{
    int ta = msb128(a), tb = msb128(b);
    a <<= 125 - ta;
    ea -= 125 - ta;
    b <<= 125 - tb;
    eb -= 125 - tb;
    if (ea < eb) {
        u128 t = a; a = b; b = t;
        int ti = ea; ea = eb; eb = ti;
        ti = sa; sa = sb; sb = ti;
    }
    /* both exponents are bounded by a few thousand, so the difference fits an int */
    b = shift_right_jam128(b, ea - eb > 200 ? 200 : ea - eb);
    if (sa == sb)
        return round_pack(f, sa, ea, a + b, rm, flags);
    if (a == b)
        return pack_zero(f, zero_sum_sign(rm));
    if (a > b)
        return round_pack(f, sa, ea, a - b, rm, flags);
    return round_pack(f, sb, ea, b - a, rm, flags);
}

static ALWAYS_INLINE uint64_t
op_add(const struct rv_fmt *f, uint64_t abits, uint64_t bbits, int negate_b, int rm,
       uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, abits), b = unpack(f, bbits);
    b.sign ^= negate_b;
    if (is_nan(&a) || is_nan(&b))
        return nan_result(f, &a, &b, NULL, flags);
    if (a.kind == K_INF) {
        if (b.kind == K_INF && a.sign != b.sign)
            return invalid(f, flags);  /* inf - inf */
        return pack_inf(f, a.sign);
    }
    if (b.kind == K_INF)
        return pack_inf(f, b.sign);
    if (a.kind == K_ZERO && b.kind == K_ZERO)
        return pack_zero(f, a.sign == b.sign ? a.sign : zero_sum_sign(rm));
    if (a.kind == K_ZERO)  /* x + 0 is x exactly: the operand is representable */
        return bbits ^ (negate_b ? sign_bit(f, 1) : 0);
    if (b.kind == K_ZERO)
        return abits;
    return add_finite(f, a.sign, a.exp, a.sig, b.sign, b.exp, b.sig, rm, flags);
}

static ALWAYS_INLINE uint64_t
op_mul(const struct rv_fmt *f, uint64_t abits, uint64_t bbits, int rm, uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, abits), b = unpack(f, bbits);
    int sign = a.sign ^ b.sign;
    if (is_nan(&a) || is_nan(&b))
        return nan_result(f, &a, &b, NULL, flags);
    if (a.kind == K_INF || b.kind == K_INF) {
        if (a.kind == K_ZERO || b.kind == K_ZERO)
            return invalid(f, flags);  /* inf * 0 */
        return pack_inf(f, sign);
    }
    if (a.kind == K_ZERO || b.kind == K_ZERO)
        return pack_zero(f, sign);
    /* the product of two <= 53-bit significands is exact in 128 bits */
    return round_pack(f, sign, a.exp + b.exp, (u128)a.sig * b.sig, rm, flags);
}

static ALWAYS_INLINE uint64_t
op_div(const struct rv_fmt *f, uint64_t abits, uint64_t bbits, int rm, uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, abits), b = unpack(f, bbits);
    int sign = a.sign ^ b.sign;
    if (is_nan(&a) || is_nan(&b))
        return nan_result(f, &a, &b, NULL, flags);
    if (a.kind == K_INF) {
        if (b.kind == K_INF)
            return invalid(f, flags);  /* inf / inf */
        return pack_inf(f, sign);
    }
    if (b.kind == K_INF)
        return pack_zero(f, sign);
    if (b.kind == K_ZERO) {
        if (a.kind == K_ZERO)
            return invalid(f, flags);  /* 0 / 0 */
        *flags |= RV_FFLAG_DZ;
        return pack_inf(f, sign);
    }
    if (a.kind == K_ZERO)
        return pack_zero(f, sign);
    /* numerator with its top bit at 127, divisor at 63: the quotient has 64 or 65 bits, and a
     * nonzero remainder becomes the sticky bit */
    int sa = 63 - msb64(a.sig), sb = 63 - msb64(b.sig);
    u128 num = (u128)(a.sig << sa) << 64;
    uint64_t den = b.sig << sb;
    u128 q = num / den;
    bool rem = num % den != 0;
    int exp = (a.exp - sa - 64) - (b.exp - sb);
    return round_pack(f, sign, exp, q | rem, rm, flags);
}

/* floor(sqrt(x)) for x < 2^126, from a long double estimate corrected to be exact. */
static uint64_t isqrt128(u128 x)
{
    uint64_t r = (uint64_t)sqrtl((long double)x);
    while ((u128)r * r > x)
        r--;
    while ((u128)(r + 1) * (r + 1) <= x)
        r++;
    return r;
}

static ALWAYS_INLINE uint64_t
op_sqrt(const struct rv_fmt *f, uint64_t abits, int rm, uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, abits);
    if (is_nan(&a))
        return nan_result(f, &a, NULL, NULL, flags);
    if (a.kind == K_ZERO)
        return abits;  /* sqrt(-0) = -0 */
    if (a.sign)
        return invalid(f, flags);  /* negative, including -inf */
    if (a.kind == K_INF)
        return abits;
    /* put the top bit at 124 or 125 so the exponent left over is even; the root then has
     * 63 bits and an inexact root (nonzero remainder) jams into its low bit */
    int s = 124 - msb64(a.sig);
    if ((a.exp - s) & 1)
        s++;
    u128 x = (u128)a.sig << s;
    uint64_t r = isqrt128(x);
    bool rem = (u128)r * r != x;
    return round_pack(f, 0, (a.exp - s) / 2, (u128)(r | rem), rm, flags);
}

/*
 * Fused multiply-add: (-1)^negp * a*b + (-1)^negc * c with one rounding.
 * Spec 13.6: inf * 0 raises NV even when c is a quiet NaN.
 */
static ALWAYS_INLINE uint64_t
op_fma(const struct rv_fmt *f, uint64_t abits, uint64_t bbits, uint64_t cbits, int negp, int negc,
       int rm, uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, abits), b = unpack(f, bbits), c = unpack(f, cbits);
    int sp = a.sign ^ b.sign ^ negp;
    c.sign ^= negc;
    if ((a.kind == K_INF && b.kind == K_ZERO) || (a.kind == K_ZERO && b.kind == K_INF))
        return invalid(f, flags);
    if (is_nan(&a) || is_nan(&b) || is_nan(&c))
        return nan_result(f, &a, &b, &c, flags);
    if (a.kind == K_INF || b.kind == K_INF) {
        if (c.kind == K_INF && c.sign != sp)
            return invalid(f, flags);  /* inf - inf */
        return pack_inf(f, sp);
    }
    if (c.kind == K_INF)
        return pack_inf(f, c.sign);
    if (a.kind == K_ZERO || b.kind == K_ZERO) {
        if (c.kind == K_ZERO)
            return pack_zero(f, sp == c.sign ? sp : zero_sum_sign(rm));
        return cbits ^ (negc ? sign_bit(f, 1) : 0);  /* 0 + c is c exactly */
    }
    u128 prod = (u128)a.sig * b.sig;
    if (c.kind == K_ZERO)
        return round_pack(f, sp, a.exp + b.exp, prod, rm, flags);
    return add_finite(f, sp, a.exp + b.exp, prod, c.sign, c.exp, c.sig, rm, flags);
}

/* Between formats: NaNs become canonical (NV when signalling); finite values round. */
static ALWAYS_INLINE uint64_t
op_convert(const struct rv_fmt *to, const struct rv_fmt *from, uint64_t bits, int rm,
           uint32_t *flags)
{
    struct rv_unpacked a = unpack(from, bits);
    switch (a.kind) {
    case K_QNAN:
    case K_SNAN: return nan_result(to, &a, NULL, NULL, flags);
    case K_INF:  return pack_inf(to, a.sign);
    case K_ZERO: return pack_zero(to, a.sign);
    default:     return round_pack(to, a.sign, a.exp, a.sig, rm, flags);
    }
}

/*
 * Float to integer (spec table "Domains of float-to-integer conversions"): round under rm, then
 * saturate. Out of range or NaN raises only NV (not NX); NaN and +inf/too large give the
 * maximum, -inf/too small the minimum (0 for unsigned). A negative value that rounds to 0 is
 * in range for unsigned targets.
 */
static ALWAYS_INLINE uint64_t
op_to_int(const struct rv_fmt *f, uint64_t bits, int rm, bool is_signed, int width, uint32_t *flags)
{
    struct rv_unpacked a = unpack(f, bits);
    uint64_t umax = width == 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
    uint64_t smax = umax >> 1;  /* as a magnitude; the minimum's magnitude is smax + 1 */
    uint64_t pos_max = is_signed ? smax : umax;
    uint64_t neg_min = is_signed ? ~smax : 0;  /* two's complement of -(smax+1), truncated */
    if (is_nan(&a)) {
        *flags |= RV_FFLAG_NV;
        return pos_max;
    }
    if (a.kind == K_INF) {
        *flags |= RV_FFLAG_NV;
        return a.sign ? neg_min : pos_max;
    }
    if (a.kind == K_ZERO)
        return 0;
    uint64_t mag;
    bool inexact = false;
    bool overflow = false;
    if (a.exp >= 0) {
        /* an integer already: sig < 2^53, so anything shifted past bit 63 is out of range */
        if (a.exp > 63 - msb64(a.sig))
            overflow = true;
        mag = overflow ? 0 : a.sig << a.exp;
    } else {
        mag = round_shift(a.sig, -a.exp, rm, a.sign, &inexact);
    }
    if (!overflow) {
        if (a.sign)
            overflow = is_signed ? mag > smax + 1 : mag != 0;
        else
            overflow = mag > pos_max;
    }
    if (overflow) {
        *flags |= RV_FFLAG_NV;
        return a.sign ? neg_min : pos_max;
    }
    if (inexact)
        *flags |= RV_FFLAG_NX;
    return a.sign ? -mag : mag;
}

/* Integer magnitude to float: exact unless wider than the significand. */
static ALWAYS_INLINE uint64_t
op_from_int(const struct rv_fmt *f, int sign, uint64_t mag, int rm, uint32_t *flags)
{
    if (mag == 0)
        return pack_zero(f, 0);
    return round_pack(f, sign, 0, mag, rm, flags);
}

/* --- host fast path ----------------------------------------------------------------------- */

/*
 * The idea of qemu's "hardfloat": when the mode is RNE, NX has already accrued (typical once a
 * program has done any inexact arithmetic) and every operand is normal or zero, the host's SSE
 * result is the RISC-V result whenever it is finite and above the smallest normal. No flag but
 * NX can then arise: NV needs a NaN, inf or 0*inf operand or result, DZ a zero divisor (result
 * inf), OF an infinite result, and UF (tininess after rounding) a result at or below 2^emin.
 * Anything else takes the exact path, so this changes speed only.
 *
 * Precondition: the host MXCSR is at its default (round to nearest, FTZ and DAZ off), as it is
 * in every thread and signal handler unless crossrun itself changes it. Checking it here with
 * stmxcsr would double the cost of the fast path, so code that ever changes MXCSR (a JIT using
 * other SSE rounding modes) must restore it before calling into this file.
 */
static inline bool fast_ok(int rm, const uint32_t *flags)
{
    return rm == RV_RNE && (*flags & RV_FFLAG_NX);
}

static inline bool plain32(uint32_t x)  /* normal or zero */
{
    uint32_t e = (x >> 23) & 0xff;
    return e - 1 < 0xfe || (x << 1) == 0;
}

static inline bool plain64(uint64_t x)
{
    uint64_t e = (x >> 52) & 0x7ff;
    return e - 1 < 0x7fe || (x << 1) == 0;
}

static inline float host32(uint32_t b) { float f; memcpy(&f, &b, sizeof f); return f; }
static inline double host64(uint64_t b) { double d; memcpy(&d, &b, sizeof d); return d; }

/* Return the host result from the calling function when it is final (NaN compares false). */
#define FAST32(operands_plain, expr) do {                                                   \
        if (fast_ok(rm, flags) && (operands_plain)) {                                       \
            float r_ = (expr);                                                              \
            if (fabsf(r_) > FLT_MIN && fabsf(r_) <= FLT_MAX) {                              \
                uint32_t b_;                                                                \
                memcpy(&b_, &r_, sizeof b_);                                                \
                return b_;                                                                  \
            }                                                                               \
        }                                                                                   \
    } while (0)
#define FAST64(operands_plain, expr) do {                                                   \
        if (fast_ok(rm, flags) && (operands_plain)) {                                       \
            double r_ = (expr);                                                             \
            if (fabs(r_) > DBL_MIN && fabs(r_) <= DBL_MAX) {                                \
                uint64_t b_;                                                                \
                memcpy(&b_, &r_, sizeof b_);                                                \
                return b_;                                                                  \
            }                                                                               \
        }                                                                                   \
    } while (0)
#define P32_2 (plain32(a) && plain32(b))
#define P32_3 (plain32(a) && plain32(b) && plain32(c))
#define P64_2 (plain64(a) && plain64(b))
#define P64_3 (plain64(a) && plain64(b) && plain64(c))

/* --- binary32 ----------------------------------------------------------------------------- */

uint32_t rv_f32_add(uint32_t a, uint32_t b, int rm, uint32_t *flags)
{
    FAST32(P32_2, host32(a) + host32(b));
    return (uint32_t)op_add(&fmt32, a, b, 0, rm, flags);
}

uint32_t rv_f32_sub(uint32_t a, uint32_t b, int rm, uint32_t *flags)
{
    FAST32(P32_2, host32(a) - host32(b));
    return (uint32_t)op_add(&fmt32, a, b, 1, rm, flags);
}

uint32_t rv_f32_mul(uint32_t a, uint32_t b, int rm, uint32_t *flags)
{
    FAST32(P32_2, host32(a) * host32(b));
    return (uint32_t)op_mul(&fmt32, a, b, rm, flags);
}

uint32_t rv_f32_div(uint32_t a, uint32_t b, int rm, uint32_t *flags)
{
    FAST32(P32_2, host32(a) / host32(b));
    return (uint32_t)op_div(&fmt32, a, b, rm, flags);
}

uint32_t rv_f32_sqrt(uint32_t a, int rm, uint32_t *flags)
{
    FAST32(plain32(a), __builtin_sqrtf(host32(a)));
    return (uint32_t)op_sqrt(&fmt32, a, rm, flags);
}

uint32_t rv_f32_fmadd(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags)
{
    FAST32(P32_3, fmaf(host32(a), host32(b), host32(c)));
    return (uint32_t)op_fma(&fmt32, a, b, c, 0, 0, rm, flags);
}

uint32_t rv_f32_fmsub(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags)
{
    FAST32(P32_3, fmaf(host32(a), host32(b), -host32(c)));
    return (uint32_t)op_fma(&fmt32, a, b, c, 0, 1, rm, flags);
}

uint32_t rv_f32_fnmsub(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags)
{
    FAST32(P32_3, fmaf(-host32(a), host32(b), host32(c)));
    return (uint32_t)op_fma(&fmt32, a, b, c, 1, 0, rm, flags);
}

uint32_t rv_f32_fnmadd(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags)
{
    FAST32(P32_3, fmaf(-host32(a), host32(b), -host32(c)));
    return (uint32_t)op_fma(&fmt32, a, b, c, 1, 1, rm, flags);
}

/* --- binary64 ----------------------------------------------------------------------------- */

uint64_t rv_f64_add(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    FAST64(P64_2, host64(a) + host64(b));
    return op_add(&fmt64, a, b, 0, rm, flags);
}

uint64_t rv_f64_sub(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    FAST64(P64_2, host64(a) - host64(b));
    return op_add(&fmt64, a, b, 1, rm, flags);
}

uint64_t rv_f64_mul(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    FAST64(P64_2, host64(a) * host64(b));
    return op_mul(&fmt64, a, b, rm, flags);
}

uint64_t rv_f64_div(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    FAST64(P64_2, host64(a) / host64(b));
    return op_div(&fmt64, a, b, rm, flags);
}

uint64_t rv_f64_sqrt(uint64_t a, int rm, uint32_t *flags)
{
    FAST64(plain64(a), __builtin_sqrt(host64(a)));
    return op_sqrt(&fmt64, a, rm, flags);
}

uint64_t rv_f64_fmadd(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    FAST64(P64_3, fma(host64(a), host64(b), host64(c)));
    return op_fma(&fmt64, a, b, c, 0, 0, rm, flags);
}

uint64_t rv_f64_fmsub(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    FAST64(P64_3, fma(host64(a), host64(b), -host64(c)));
    return op_fma(&fmt64, a, b, c, 0, 1, rm, flags);
}

uint64_t rv_f64_fnmsub(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    FAST64(P64_3, fma(-host64(a), host64(b), host64(c)));
    return op_fma(&fmt64, a, b, c, 1, 0, rm, flags);
}

uint64_t rv_f64_fnmadd(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    FAST64(P64_3, fma(-host64(a), host64(b), -host64(c)));
    return op_fma(&fmt64, a, b, c, 1, 1, rm, flags);
}

/* --- conversions -------------------------------------------------------------------------- */

uint64_t rv_f32_to_f64(uint32_t a, uint32_t *flags)
{
    return op_convert(&fmt64, &fmt32, a, RV_RNE, flags);  /* exact: rm never matters */
}

uint32_t rv_f64_to_f32(uint64_t a, int rm, uint32_t *flags)
{
    return (uint32_t)op_convert(&fmt32, &fmt64, a, rm, flags);
}

/* W results are sign-extended from bit 31, for fcvt.wu.* too (spec 12.7 / RV64 note). */
static int64_t sext32(uint64_t v) { return (int64_t)(int32_t)(uint32_t)v; }

int64_t rv_f32_to_i32(uint32_t a, int rm, uint32_t *flags)
{
    return sext32(op_to_int(&fmt32, a, rm, true, 32, flags));
}

int64_t rv_f32_to_u32(uint32_t a, int rm, uint32_t *flags)
{
    return sext32(op_to_int(&fmt32, a, rm, false, 32, flags));
}

int64_t rv_f32_to_i64(uint32_t a, int rm, uint32_t *flags)
{
    return (int64_t)op_to_int(&fmt32, a, rm, true, 64, flags);
}

uint64_t rv_f32_to_u64(uint32_t a, int rm, uint32_t *flags)
{
    return op_to_int(&fmt32, a, rm, false, 64, flags);
}

int64_t rv_f64_to_i32(uint64_t a, int rm, uint32_t *flags)
{
    return sext32(op_to_int(&fmt64, a, rm, true, 32, flags));
}

int64_t rv_f64_to_u32(uint64_t a, int rm, uint32_t *flags)
{
    return sext32(op_to_int(&fmt64, a, rm, false, 32, flags));
}

int64_t rv_f64_to_i64(uint64_t a, int rm, uint32_t *flags)
{
    return (int64_t)op_to_int(&fmt64, a, rm, true, 64, flags);
}

uint64_t rv_f64_to_u64(uint64_t a, int rm, uint32_t *flags)
{
    return op_to_int(&fmt64, a, rm, false, 64, flags);
}

/* Magnitude of a signed value without overflowing on the minimum. */
static uint64_t magnitude(int64_t a) { return a < 0 ? -(uint64_t)a : (uint64_t)a; }

uint32_t rv_i32_to_f32(int32_t a, int rm, uint32_t *flags)
{
    return (uint32_t)op_from_int(&fmt32, a < 0, magnitude(a), rm, flags);
}

uint32_t rv_u32_to_f32(uint32_t a, int rm, uint32_t *flags)
{
    return (uint32_t)op_from_int(&fmt32, 0, a, rm, flags);
}

uint32_t rv_i64_to_f32(int64_t a, int rm, uint32_t *flags)
{
    return (uint32_t)op_from_int(&fmt32, a < 0, magnitude(a), rm, flags);
}

uint32_t rv_u64_to_f32(uint64_t a, int rm, uint32_t *flags)
{
    return (uint32_t)op_from_int(&fmt32, 0, a, rm, flags);
}

uint64_t rv_i32_to_f64(int32_t a, int rm, uint32_t *flags)
{
    return op_from_int(&fmt64, a < 0, magnitude(a), rm, flags);
}

uint64_t rv_u32_to_f64(uint32_t a, int rm, uint32_t *flags)
{
    return op_from_int(&fmt64, 0, a, rm, flags);
}

uint64_t rv_i64_to_f64(int64_t a, int rm, uint32_t *flags)
{
    return op_from_int(&fmt64, a < 0, magnitude(a), rm, flags);
}

uint64_t rv_u64_to_f64(uint64_t a, int rm, uint32_t *flags)
{
    return op_from_int(&fmt64, 0, a, rm, flags);
}
