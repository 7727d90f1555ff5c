/*
 * tests/unit/engine_diff_state.c - the initial state of an engine_diff case.
 *
 * Registers and sandbox bytes are drawn from pools of edge values (where instructions have
 * their corner cases: sign bits, 32-bit boundaries, NaNs with and without the signalling bit,
 * signed zeros, infinities, subnormals, the largest finite values, conversion limits, singles
 * NaN-boxed and not), mixed with plain random bits. The state depends on the seed only, through
 * its own random stream, so a named regression case (code fixed, state from its seed) keeps
 * its state when the code generator changes.
 */
#include <string.h>

#include "tests/unit/engine_diff.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const uint64_t int_edges[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000, UINT64_MAX, UINT64_MAX - 1, 0x8000000000000000, 0x7fffffffffffffff,
    0xffffffff80000000, 0xffffffff7fffffff, 0x8000000000000001, 0x5555555555555555,
    0xaaaaaaaaaaaaaaaa, 0x0101010101010101, 0x8080808080808080, 0x00ff00ff00ff00ff,
    0xfffffffffffff800, 63, 64, 31, 32, 0x3f, 0x1f, 0xdeadbeefcafef00d,
};

static const uint64_t double_edges[] = {
    0x0000000000000000, 0x8000000000000000,   /* +-0 */
    0x7ff0000000000000, 0xfff0000000000000,   /* +-inf */
    0x7ff8000000000000, 0xfff8000000000001,   /* quiet NaNs, canonical and with payload */
    0x7ff0000000000001, 0x7ff4000000000000,   /* signalling NaNs */
    0xfff7ffffffffffff,
    0x0000000000000001, 0x800fffffffffffff,   /* subnormals */
    0x0010000000000000, 0x8010000000000000,   /* smallest normals */
    0x7fefffffffffffff, 0xffefffffffffffff,   /* largest finite */
    0x3ff0000000000000, 0xbff0000000000000, 0x3fe0000000000000, 0x3ff8000000000000,
    0x4004000000000000, 0xc004000000000000, 0x3fb999999999999a,   /* 1 -1 .5 1.5 2.5 -2.5 .1 */
    0x41dfffffffc00000, 0x41e0000000000000, 0xc1e0000000000000,   /* 2^31-1, 2^31, -2^31 */
    0xc1e0000000200000, 0x41efffffffe00000, 0x41f0000000000000,   /* -2^31-1, 2^32-1, 2^32 */
    0x43dfffffffffffff, 0x43e0000000000000, 0xc3e0000000000000,   /* around 2^63 */
    0x43f0000000000000, 0x4340000000000000, 0x3cb0000000000000,   /* 2^64, 2^53, 2^-52 */
};

static const uint32_t single_edges[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000,   /* +-0, +-inf */
    0x7fc00000, 0xffc00001, 0x7f800001, 0x7fa00000,   /* quiet and signalling NaNs */
    0x00000001, 0x807fffff, 0x00800000, 0x80800000,   /* subnormals, smallest normals */
    0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000,   /* largest finite, +-1 */
    0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x3dcccccd,
    0x4effffff, 0x4f000000, 0xcf000000, 0x4f800000,   /* around 2^31, 2^32 */
    0x5effffff, 0x5f000000, 0xdf000000, 0x5f800000,   /* around 2^63, 2^64 */
    0x4b000000, 0x34000000,                           /* 2^23, 2^-23 */
};

static uint64_t pick(struct ed_rng *r, const uint64_t *pool, size_t n)
{
    return pool[ed_below(r, (uint32_t)n)];
}

static uint64_t int_value(struct ed_rng *r)
{
    switch (ed_below(r, 5)) {
    case 0:
    case 1: return pick(r, int_edges, COUNT(int_edges));
    case 2: return (uint64_t)(int64_t)(int32_t)ed_next(r);          /* sign-extended word */
    case 3: return (uint64_t)((int64_t)ed_below(r, 4096) - 2048);  /* small */
    default: return ed_next(r);
    }
}

static uint64_t single_value(struct ed_rng *r)
{
    return ed_chance(r, 75) ? single_edges[ed_below(r, COUNT(single_edges))] : (uint32_t)ed_next(r);
}

static uint64_t fp_value(struct ed_rng *r)
{
    unsigned k = ed_below(r, 100);
    if (k < 35)
        return pick(r, double_edges, COUNT(double_edges));
    if (k < 70)
        return UINT64_C(0xffffffff00000000) | single_value(r);   /* NaN-boxed single */
    if (k < 76) /* not properly boxed: a single reads it as the canonical NaN */
        return (ed_chance(r, 50) ? UINT64_C(0x7fffffff00000000) : 0) | single_value(r);
    return ed_next(r);
}

/* 8 bytes of sandbox: a double, two singles, an integer or random bits. */
static uint64_t sandbox_slot(struct ed_rng *r)
{
    unsigned k = ed_below(r, 4);
    if (k == 0)
        return pick(r, double_edges, COUNT(double_edges));
    if (k == 1) {
        uint64_t lo = single_value(r);
        return lo | single_value(r) << 32;
    }
    return k == 2 ? int_value(r) : ed_next(r);
}

void ed_init_state(struct ed_state *s, uint64_t seed)
{
    struct ed_rng r = {seed ^ UINT64_C(0x57a7e0000000cafe)};
    memset(s, 0, sizeof *s);
    for (unsigned i = 1; i < 32; i++)
        s->x[i] = int_value(&r);
    s->x[2] = ED_SP_INIT;            /* for compressed sp-relative accesses of named cases */
    s->x[ED_BASE_REG] = ED_DATA_MID;
    for (unsigned i = 0; i < 32; i++)
        s->f[i] = fp_value(&r);
    s->fflags = ed_below(&r, 32);
    s->frm = ed_below(&r, 5);
    for (unsigned off = 0; off < ED_SANDBOX_LEN; off += 8) {
        uint64_t v = sandbox_slot(&r);
        memcpy(s->mem + off, &v, 8);
    }
}
