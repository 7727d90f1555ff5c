/* fp_printf.c: floating point as a program sees it: printf of doubles and floats (%g %e %f %a), strtod
 * and strtof round trips, basic arithmetic and libm under every rounding mode, and the fenv exception flags.
 * Correctly rounded operations (+ - * / sqrt fma, conversions, rint family) are printed exactly with %a
 * in all four rounding modes. Transcendental functions are only "within an ulp or so" in glibc and their
 * last bit differs between glibc's x86-64 and riscv64 builds, so they are printed to 12 significant digits
 * in round-to-nearest only. The one architecture-specific fact, the bit pattern of the NaN that an invalid
 * operation produces (RISC-V: canonical positive quiet NaN; x86-64: negative "default NaN"), is printed as
 * "matches this architecture's default NaN", so both builds print the same line and crossrun must
 * canonicalize NaNs the RISC-V way. */
#define _GNU_SOURCE
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* volatile operands keep the compiler from folding operations at build time under the default mode */
static volatile double vd[] = { 1.0, 3.0, -7.5, 0.1, 1e300, 1e-300, 2.5, -2.5, 0.5, 1.5, 123456.789, -0.0,
                                 4.9406564584124654e-324, 1.7976931348623157e308, 2.2250738585072014e-308 };
static volatile float vf[] = { 1.0f, 3.0f, 0.1f, -2.5f, 1e30f, 1e-30f, 16777217.0f, 3.4028235e38f };

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static void flags(const char *what)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("  %-22s flags:%s%s%s%s%s%s\n", what, f & FE_INVALID ? " invalid" : "", f & FE_DIVBYZERO ? " divbyzero" : "",
           f & FE_OVERFLOW ? " overflow" : "", f & FE_UNDERFLOW ? " underflow" : "", f & FE_INEXACT ? " inexact" : "",
           f ? "" : " none");
    feclearexcept(FE_ALL_EXCEPT);
}

static void printf_formats(void)
{
    printf("printf formats:\n");
    for (size_t i = 0; i < sizeof vd / sizeof vd[0]; i++) {
        double d = vd[i];
        printf("  %%g %g  %%.17g %.17g  %%e %e  %%.3f %.3f  %%a %a\n", d, d, d, d, d);
    }
    for (size_t i = 0; i < sizeof vf / sizeof vf[0]; i++) {
        float f = vf[i];
        printf("  float %%g %g  %%.9g %.9g  %%a %a  bits %08x\n", f, f, f, fbits(f));
    }
    printf("  %%f of 1e22 %f, %%.0f of 0.5 %.0f and 1.5 %.0f, %%10.4f|%10.4f| %%-10.2e|%-10.2e| %%+g %+g\n", 1e22, 0.5,
           1.5, 3.14159265, 31415.9265, 2.0);
    printf("  inf %f %e %g, -inf %F\n", (double)INFINITY, (double)INFINITY, (double)INFINITY, -(double)INFINITY);
    printf("  long double via double: %Lg\n", (long double)1 / 3);
}

static void strtod_round_trips(void)
{
    static const char *in[] = { "0.1", "1e23", "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308",
                                "1.7976931348623159e308", "0x1.fffffffffffffp+1023", "123456789012345678901234567890",
                                "-0", "nan", "-inf", "1e-400", "3.14159265358979323846264338327950288",
                                "9007199254740993", "0.30000000000000004" };
    printf("strtod:\n");
    int all_round_trip = 1;
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *end;
        double d = strtod(in[i], &end);
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        double back = strtod(buf, NULL);
        int same = bits(back) == bits(d) || (isnan(d) && isnan(back));
        all_round_trip &= same;
        printf("  %-40s -> %016llx %-24s consumed %td, round trip %s\n", in[i], (unsigned long long)bits(d), buf,
               end - in[i], same ? "yes" : "no");
    }
    float f = strtof("0.1", NULL), g = strtof("16777217", NULL), h = strtof("1e-46", NULL);
    printf("  strtof 0.1 %08x, 16777217 %08x, 1e-46 %08x\n", fbits(f), fbits(g), fbits(h));
    long double ld = strtold("0.1", NULL);
    printf("  strtold 0.1 as double %a\n", (double)ld);
    /* shortest round trip for many values */
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    int rt = 1;
    for (int i = 0; i < 3000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double d;
        uint64_t u = x & 0x7fefffffffffffffULL;
        memcpy(&d, &u, sizeof d);
        char buf[40];
        snprintf(buf, sizeof buf, "%.17g", d);
        rt &= bits(strtod(buf, NULL)) == u;
    }
    printf("  3000 random doubles round trip through %%.17g: %s (listed ones: %s)\n", rt ? "yes" : "no",
           all_round_trip ? "yes" : "no");
}

static void exact_ops(void)
{
    double a = vd[0], b = vd[1], c = vd[3], big = vd[4], tiny = vd[5], h = vd[6];
    double q = a / b;
    printf("    1/3 %a  0.1*3 %a  0.1+0.2 %a  1-0.1 %a\n", q, c * b, c + 0.2, a - c);
    printf("    sqrt(2) %a  sqrt(0.1) %a  fma(0.1,3,-0.3) %a  fma(1/3,3,-1) %a\n", sqrt(2 * a), sqrt(c), fma(c, b, -0.3),
           fma(q, b, -a));
    printf("    1e300*1e10 %a  1e-300*1e-20 %a  -7.5/1e-300 %a\n", big * 1e10, tiny * 1e-20, vd[2] / tiny);
    printf("    nearbyint 2.5 %g -2.5 %g 1.5 %g 0.5 %g  rint 2.5 %g  lrint -2.5 %ld  llrint 1.5 %lld\n", nearbyint(h),
           nearbyint(vd[7]), nearbyint(vd[9]), nearbyint(vd[8]), rint(h), lrint(vd[7]), llrint(vd[9]));
    printf("    lround 2.5 %ld -2.5 %ld  round -2.5 %g  trunc -2.5 %g  floor -2.5 %g  ceil -2.5 %g\n", lround(h),
           lround(vd[7]), round(vd[7]), trunc(vd[7]), floor(vd[7]), ceil(vd[7]));
    float fa = vf[0], fb = vf[1], fc = vf[2];
    printf("    float 1/3 %a  0.1f*3 %a  sqrtf(3) %a  fmaf %a  (float)0.1 %a  (float)1e300 %a\n", fa / fb, fc * fb,
           sqrtf(fb), fmaf(fc, fb, -0.3f), (float)c, (float)big);
    printf("    (long)123456.789 %ld  (int)-2.5 %d  (unsigned)2.5 %u  (double)(1ull<<63|1) %a  (float)16777217 %a\n",
           (long)vd[10], (int)vd[7], (unsigned)h, (double)((1ull << 63) | 1), (float)16777217);
}

int main(void)
{
    printf_formats();
    strtod_round_trips();

    static const struct { int mode; const char *name; } modes[] = {
        { FE_TONEAREST, "FE_TONEAREST" }, { FE_DOWNWARD, "FE_DOWNWARD" },
        { FE_UPWARD, "FE_UPWARD" }, { FE_TOWARDZERO, "FE_TOWARDZERO" },
    };
    for (size_t i = 0; i < 4; i++) {
        int r = fesetround(modes[i].mode);
        printf("rounding %s: fesetround %d, fegetround matches %s\n", modes[i].name, r,
               fegetround() == modes[i].mode ? "yes" : "no");
        exact_ops();
    }
    fesetround(FE_TONEAREST);

    printf("libm (12 significant digits):\n");
    static const double xs[] = { 0.5, 1.0, 2.0, 10.0, 100.0, -3.25, 1e-5 };
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        volatile double x = xs[i];
        printf("  x=%g sin %.12g cos %.12g tan %.12g exp %.12g log|x| %.12g pow(x,1.5) %.12g atan2 %.12g cbrt %.12g\n",
               x, sin(x), cos(x), tan(x), exp(x), log(fabs(x)), pow(fabs(x), 1.5), atan2(x, 3.0), cbrt(x));
        printf("      sinf %.6g expf %.6g logf %.6g powf %.6g hypot %.12g erf %.12g tgamma(|x|) %.10g\n", sinf((float)x),
               expf((float)x), logf(fabsf((float)x)), powf(fabsf((float)x), 0.5f), hypot(x, 1.0), erf(x),
               tgamma(fabs(x)));
    }
    int e;
    double m = frexp(vd[10], &e);
    printf("  frexp(123456.789) %a e %d  ldexp(1,-1074) %a  modf: ", m, e, ldexp(vd[0], -1074));
    double ip, fp = modf(vd[10], &ip);
    printf("%a %a  fmod(7.5,2) %g  remainder(7.5,2) %g  copysign(3,-0.) %g\n", ip, fp, fmod(-vd[2], 2),
           remainder(-vd[2], 2), copysign(3, vd[11]));

    printf("exception flags:\n");
    feclearexcept(FE_ALL_EXCEPT);
    volatile double one = vd[0], zero = 0.0, three = vd[1], r;
    flags("start");
    r = one + one;
    flags("1+1");
    r = one / three;
    flags("1/3");
    r = one / zero;
    flags("1/0");
    r = zero / zero;
    flags("0/0");
    r = vd[13] * 2;
    flags("max*2");
    r = vd[14] / 3;
    flags("min_normal/3");
    r = vd[12] / 2;
    flags("denorm_min/2");
    r = sqrt(-one);
    flags("sqrt(-1)");
    volatile float fr = (float)vd[4];
    flags("(float)1e300");
    volatile long lr = (long)vd[10];
    flags("(long)123456.789");
    lr = lrint(vd[4]);
    flags("lrint(1e300)");
    r = nearbyint(vd[6]);
    flags("nearbyint(2.5)");
    r = rint(vd[6]);
    flags("rint(2.5)");
    (void)lr;
    (void)fr;
    (void)r;
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    flags("feraiseexcept");

    volatile double n = zero / zero;
#if defined(__riscv)
    const uint64_t default_nan = 0x7ff8000000000000ULL;
#elif defined(__x86_64__)
    const uint64_t default_nan = 0xfff8000000000000ULL;
#endif
    printf("0/0 matches this architecture's default NaN: %s\n", bits(n) == default_nan ? "yes" : "no");
    float fn = (float)n;
    printf("isnan: %d, (float) of it is NaN: %d, NaN == NaN: %d, fmax(NaN,1) %g, fmin(1,NaN) %g\n", isnan(n) != 0,
           isnan(fn) != 0, n == n, fmax(n, 1), fmin(1, n));
    printf("signbit(-0.0) %d, -0.0 == 0.0 %d, 1/-0.0 %g\n", signbit(vd[11]) != 0, vd[11] == 0.0, 1 / vd[11]);
    return 0;
}
