/*
 * tests/unit/fpu_diff_host.c - the crossrun side of the FPU differential harness.
 *
 *   fpu_diff_host gen COUNT SEED > cases    random cases, biased toward the hard spots
 *   fpu_diff_host check cases results       replay cases through translate/fpu.c and compare
 *                                           with the reference results (fpu_diff_guest.c)
 *
 * The generator favours special values, subnormals, overflow and integer-conversion
 * boundaries, short significands (so that exact ties for RNE vs RMM are common) and nearly
 * cancelling operands. Each case is replayed twice: with no flags accrued and with NX already
 * accrued (the state that enables fpu.c's host fast path); a difference between the two shows
 * as flags 0xff. A dev tool run by fpu_diff.sh, not by `make check`.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translate/fpu.h"
#include "fpu_diff_ops.h"

enum kind { S, D, W, L, X };

static const char *const op_names[] = {
#define NAME(name, in, out) #name,
    FPU_DIFF_OPS(NAME)
#undef NAME
};
static const int op_in[] = {
#define IN(name, in, out) in,
    FPU_DIFF_OPS(IN)
#undef IN
};
static const int op_out[] = {
#define OUT(name, in, out) out,
    FPU_DIFF_OPS(OUT)
#undef OUT
};

static uint64_t rng_state;

static uint64_t rnd(void)  /* splitmix64 */
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t n) { return rnd() % n; }

/* A float of the given format (frac bits, exponent bits) from a biased distribution. */
static uint64_t gen_float(int fb, int eb)
{
    uint64_t emax = (UINT64_C(1) << eb) - 1;
    uint64_t fmask = (UINT64_C(1) << fb) - 1;
    uint64_t sign = below(2) << (fb + eb);
    uint64_t e, frac;
    switch (below(10)) {
    case 0: {  /* specials */
        static const int pick_count = 8;
        switch (below(pick_count)) {
        case 0: return sign;                                      /* ±0 */
        case 1: return sign | (emax << fb);                       /* ±inf */
        case 2: return sign | (emax << fb) | (rnd() & fmask) | (UINT64_C(1) << (fb - 1)); /* qNaN */
        case 3: return sign | (emax << fb) | ((rnd() & (fmask >> 1)) | 1);  /* sNaN */
        case 4: return sign | 1;                                  /* min subnormal */
        case 5: return sign | fmask;                              /* max subnormal */
        case 6: return sign | (UINT64_C(1) << fb);                /* min normal */
        default: return sign | ((emax - 1) << fb) | fmask;        /* max finite */
        }
    }
    case 1:  /* subnormal or just above */
        e = below(3);
        break;
    case 2:  /* near overflow */
        e = emax - 1 - below(3);
        break;
    case 3:  /* integer range, for conversions: exponents 2^-2 .. 2^66 */
        e = ((emax >> 1) - 2) + below(69);
        break;
    case 4:  /* any finite exponent */
        e = below(emax);
        break;
    default:  /* moderate exponents around 1.0 */
        e = (emax >> 1) - 8 + below(17);
        break;
    }
    /* short significands make products and sums land on exact ties */
    switch (below(3)) {
    case 0:
        frac = rnd() & fmask;
        break;
    case 1: {
        int keep = 1 + (int)below(fb);
        frac = (rnd() & fmask) >> (fb - keep) << (fb - keep);
        break;
    }
    default:
        frac = (rnd() & fmask) & ((UINT64_C(1) << below(8)) - 1);
        frac |= below(2) ? fmask & ~((UINT64_C(1) << 8) - 1) : 0;
        break;
    }
    return sign | (e << fb) | frac;
}

static uint64_t gen_int(int bits)
{
    uint64_t v;
    switch (below(5)) {
    case 0: {
        static const uint64_t edge[] = { 0, 1, UINT64_C(0x7fffffff), UINT64_C(0x80000000),
            UINT64_C(0xffffffff), UINT64_C(0x7fffffffffffffff), UINT64_C(0x8000000000000000),
            UINT64_MAX, (UINT64_C(1) << 24) + 1, (UINT64_C(1) << 53) + 1 };
        v = edge[below(sizeof edge / sizeof edge[0])];
        break;
    }
    case 1:  /* a short bit string at a random place: exact, inexact and tie cases */
        v = (rnd() & ((UINT64_C(1) << (1 + below(30))) - 1)) << below(40);
        break;
    case 2:
        v = below(1000);
        break;
    default:
        v = rnd();
        break;
    }
    if (below(4) == 0)
        v = -v;
    return bits == 32 ? (uint64_t)(int64_t)(int32_t)v : v;
}

static uint64_t gen_operand(int kind)
{
    switch (kind) {
    case S: return gen_float(23, 8);
    case D: return gen_float(52, 11);
    case W: return gen_int(32);
    default: return gen_int(64);
    }
}

static bool is_op(uint32_t op, int first, int count) { return op >= (uint32_t)first &&
                                                            op < (uint32_t)(first + count); }

/* Replace the exponent field of a finite nonzero operand, clamped to the normal range. */
static uint64_t with_exp(uint64_t v, int fb, int eb, long e)
{
    long emax = (1L << eb) - 2;
    if (e < 1)
        e = 1;
    if (e > emax)
        e = emax;
    uint64_t field = ((UINT64_C(1) << eb) - 1) << fb;
    return (v & ~field) | ((uint64_t)e << fb);
}

/*
 * Push some cases to where results are hardest: products and quotients landing at the
 * subnormal boundary or near overflow, and fused multiply-adds whose addend nearly cancels
 * the product (exposing the exact low part of a*b, often tiny and often a tie).
 */
static void steer(struct fpu_diff_case *c)
{
    bool single = is_op(c->op, OP_fmul_s, 2) || is_op(c->op, OP_fmadd_s, 4);
    bool dbl = is_op(c->op, OP_fmul_d, 2) || is_op(c->op, OP_fmadd_d, 4);
    if (!single && !dbl)
        return;
    int fb = single ? 23 : 52, eb = single ? 8 : 11;
    long bias = (1L << (eb - 1)) - 1;
    long ea = (long)((c->a >> fb) & ((UINT64_C(1) << eb) - 1));
    bool is_div = c->op == OP_fdiv_s || c->op == OP_fdiv_d;
    bool is_fma = !is_op(c->op, single ? OP_fmul_s : OP_fmul_d, 2);
    switch (below(4)) {
    case 0: {  /* result exponent near emin (-fb .. +2) or near emax */
        long target = below(2) ? 1 - (long)below(fb + 3) + 2 : 2 * bias - (long)below(3);
        long eb_new = is_div ? ea + bias - target : target + bias - ea;
        c->b = with_exp(c->b, fb, eb, eb_new);
        break;
    }
    case 1:
        if (is_fma) {  /* c = -(a*b) rounded, nudged by a few ulps */
            uint32_t ignored = 0;
            uint64_t p = single ? rv_f32_mul((uint32_t)c->a, (uint32_t)c->b, RV_RNE, &ignored)
                                : rv_f64_mul(c->a, c->b, RV_RNE, &ignored);
            uint64_t sbit = UINT64_C(1) << (single ? 31 : 63);
            uint64_t flip = c->op == OP_fmadd_s || c->op == OP_fmadd_d ||
                            c->op == OP_fnmadd_s || c->op == OP_fnmadd_d ? sbit : 0;
            c->c = (p ^ flip) + below(5) - 2;
            if (single)
                c->c &= 0xffffffff;
        }
        break;
    default:
        break;
    }
}

static void gen(long count)
{
    for (long i = 0; i < count; i++) {
        struct fpu_diff_case c;
        c.op = (uint32_t)below(OP_COUNT);
        c.rm = (uint32_t)below(5);
        c.a = gen_operand(op_in[c.op]);
        c.b = gen_operand(op_in[c.op]);
        c.c = gen_operand(op_in[c.op]);
        /* nearly cancelling operands for add/sub and fma: b or c close to -a or -a*b */
        if (below(4) == 0 && (op_in[c.op] == S || op_in[c.op] == D)) {
            int sbit = op_in[c.op] == S ? 31 : 63;
            uint64_t flip = below(2) ? UINT64_C(1) << sbit : 0;
            uint64_t jitter = below(16);
            c.b = (c.a ^ flip) + jitter;
            if (op_in[c.op] == S) {
                c.a &= 0xffffffff;
                c.b &= 0xffffffff;
            }
        }
        steer(&c);
        if (fwrite(&c, sizeof c, 1, stdout) != 1)
            exit(1);
    }
}

static uint64_t host(const struct fpu_diff_case *c, uint32_t *fl)
{
    uint64_t a = c->a, b = c->b, d = c->c;
    uint32_t as = (uint32_t)a, bs = (uint32_t)b, ds = (uint32_t)d;
    int rm = (int)c->rm;
    switch (c->op) {
    case OP_fadd_s:    return rv_f32_add(as, bs, rm, fl);
    case OP_fsub_s:    return rv_f32_sub(as, bs, rm, fl);
    case OP_fmul_s:    return rv_f32_mul(as, bs, rm, fl);
    case OP_fdiv_s:    return rv_f32_div(as, bs, rm, fl);
    case OP_fsqrt_s:   return rv_f32_sqrt(as, rm, fl);
    case OP_fmadd_s:   return rv_f32_fmadd(as, bs, ds, rm, fl);
    case OP_fmsub_s:   return rv_f32_fmsub(as, bs, ds, rm, fl);
    case OP_fnmsub_s:  return rv_f32_fnmsub(as, bs, ds, rm, fl);
    case OP_fnmadd_s:  return rv_f32_fnmadd(as, bs, ds, rm, fl);
    case OP_fmin_s:    return rv_f32_min(as, bs, fl);
    case OP_fmax_s:    return rv_f32_max(as, bs, fl);
    case OP_feq_s:     return (uint64_t)rv_f32_eq(as, bs, fl);
    case OP_flt_s:     return (uint64_t)rv_f32_lt(as, bs, fl);
    case OP_fle_s:     return (uint64_t)rv_f32_le(as, bs, fl);
    case OP_fclass_s:  return rv_f32_classify(as);
    case OP_fcvt_w_s:  return (uint64_t)rv_f32_to_i32(as, rm, fl);
    case OP_fcvt_wu_s: return (uint64_t)rv_f32_to_u32(as, rm, fl);
    case OP_fcvt_l_s:  return (uint64_t)rv_f32_to_i64(as, rm, fl);
    case OP_fcvt_lu_s: return rv_f32_to_u64(as, rm, fl);
    case OP_fcvt_s_w:  return rv_i32_to_f32((int32_t)a, rm, fl);
    case OP_fcvt_s_wu: return rv_u32_to_f32((uint32_t)a, rm, fl);
    case OP_fcvt_s_l:  return rv_i64_to_f32((int64_t)a, rm, fl);
    case OP_fcvt_s_lu: return rv_u64_to_f32(a, rm, fl);
    case OP_fcvt_d_s:  return rv_f32_to_f64(as, fl);
    case OP_fadd_d:    return rv_f64_add(a, b, rm, fl);
    case OP_fsub_d:    return rv_f64_sub(a, b, rm, fl);
    case OP_fmul_d:    return rv_f64_mul(a, b, rm, fl);
    case OP_fdiv_d:    return rv_f64_div(a, b, rm, fl);
    case OP_fsqrt_d:   return rv_f64_sqrt(a, rm, fl);
    case OP_fmadd_d:   return rv_f64_fmadd(a, b, d, rm, fl);
    case OP_fmsub_d:   return rv_f64_fmsub(a, b, d, rm, fl);
    case OP_fnmsub_d:  return rv_f64_fnmsub(a, b, d, rm, fl);
    case OP_fnmadd_d:  return rv_f64_fnmadd(a, b, d, rm, fl);
    case OP_fmin_d:    return rv_f64_min(a, b, fl);
    case OP_fmax_d:    return rv_f64_max(a, b, fl);
    case OP_feq_d:     return (uint64_t)rv_f64_eq(a, b, fl);
    case OP_flt_d:     return (uint64_t)rv_f64_lt(a, b, fl);
    case OP_fle_d:     return (uint64_t)rv_f64_le(a, b, fl);
    case OP_fclass_d:  return rv_f64_classify(a);
    case OP_fcvt_w_d:  return (uint64_t)rv_f64_to_i32(a, rm, fl);
    case OP_fcvt_wu_d: return (uint64_t)rv_f64_to_u32(a, rm, fl);
    case OP_fcvt_l_d:  return (uint64_t)rv_f64_to_i64(a, rm, fl);
    case OP_fcvt_lu_d: return rv_f64_to_u64(a, rm, fl);
    case OP_fcvt_d_w:  return rv_i32_to_f64((int32_t)a, rm, fl);
    case OP_fcvt_d_wu: return rv_u32_to_f64((uint32_t)a, rm, fl);
    case OP_fcvt_d_l:  return rv_i64_to_f64((int64_t)a, rm, fl);
    case OP_fcvt_d_lu: return rv_u64_to_f64(a, rm, fl);
    case OP_fcvt_s_d:  return rv_f64_to_f32(a, rm, fl);
    default:           return 0;
    }
}

static int check(const char *cases_path, const char *results_path)
{
    FILE *fc = fopen(cases_path, "rb"), *fr = fopen(results_path, "rb");
    if (!fc || !fr) {
        perror("fpu_diff_host: open");
        return 2;
    }
    long total[OP_COUNT] = { 0 }, bad[OP_COUNT] = { 0 }, all = 0, all_bad = 0;
    struct fpu_diff_case c;
    struct fpu_diff_result ref;
    while (fread(&c, sizeof c, 1, fc) == 1) {
        if (fread(&ref, sizeof ref, 1, fr) != 1) {
            fprintf(stderr, "fpu_diff_host: results file is short\n");
            return 2;
        }
        uint32_t fl = 0;
        uint64_t got = host(&c, &fl);
        uint64_t want = ref.value;
        if (op_out[c.op] == S) {  /* the reference reads back the 32-bit pattern sign-extended */
            got &= 0xffffffff;
            want &= 0xffffffff;
        }
        total[c.op]++;
        all++;
        /* again with NX already accrued, the state in which fpu.c may take its host fast
         * path: the value must not change and the flags must be the reference's plus NX */
        uint32_t fl_nx = RV_FFLAG_NX;
        uint64_t got_nx = host(&c, &fl_nx);
        if (op_out[c.op] == S)
            got_nx &= 0xffffffff;
        if (got_nx != got || fl_nx != (fl | RV_FFLAG_NX))
            fl = 0xff;  /* reported as a mismatch in flags */
        if (got != want || fl != (uint32_t)ref.flags) {
            if (bad[c.op] < 5)
                printf("MISMATCH %-10s rm=%u a=%016llx b=%016llx c=%016llx: got %016llx fl=%02x "
                       "want %016llx fl=%02x\n", op_names[c.op], c.rm, (unsigned long long)c.a,
                       (unsigned long long)c.b, (unsigned long long)c.c, (unsigned long long)got,
                       fl, (unsigned long long)want, (unsigned)ref.flags);
            bad[c.op]++;
            all_bad++;
        }
    }
    for (int i = 0; i < OP_COUNT; i++)
        if (bad[i])
            printf("%-10s %ld/%ld mismatches\n", op_names[i], bad[i], total[i]);
    printf("agreement: %ld/%ld cases (%.4f%%)\n", all - all_bad, all,
           all ? 100.0 * (double)(all - all_bad) / (double)all : 100.0);
    return all_bad != 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "gen") == 0) {
        rng_state = strtoull(argv[3], NULL, 0);
        gen(strtol(argv[2], NULL, 0));
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "check") == 0)
        return check(argv[2], argv[3]);
    fprintf(stderr, "usage: %s gen COUNT SEED | check CASES RESULTS\n", argv[0]);
    return 2;
}
