/* int_math.c: integer arithmetic where ISAs disagree or the M extension has special cases: division and
 * remainder by zero and INT_MIN / -1 (done through inline assembly on riscv64, where the results are
 * defined: x/0 = -1, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0; on the native side through the same rules written
 * in C, so both print one truth), signed and unsigned division of every width, 128-bit multiplication via
 * __int128 (mulh, mulhu, mulhsu), shifts by large amounts, sign and zero extension, popcount/clz/ctz,
 * rotations and byte swaps. Built a second time with -march=rv64gc_zba_zbb_zbs so GCC uses the bit-
 * manipulation instructions (cpop, clz, ctz, rev8, rol, ror, sh1add, bclr, bext, min/max, sext.b...).
 * guest-test: march rv64gc_zba_zbb_zbs
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t h = 0xcbf29ce484222325ULL;

static void mix(uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ULL;
}

/* RISC-V division semantics, stated by the spec ("The quotient of division by zero has all bits set, and
 * the remainder of division by zero equals the dividend. Signed division overflow ... the quotient is
 * equal to the dividend, and the remainder is zero."), executed by the real instruction on riscv64. */
#if defined(__riscv)
#define RV_OP(name, insn, type)                                                   \
    static type name(type a, type b)                                             \
    {                                                                             \
        type r;                                                                   \
        __asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));          \
        return r;                                                                 \
    }
RV_OP(rv_div, "div", int64_t)
RV_OP(rv_divu, "divu", uint64_t)
RV_OP(rv_rem, "rem", int64_t)
RV_OP(rv_remu, "remu", uint64_t)
RV_OP(rv_divw, "divw", int64_t)
RV_OP(rv_divuw, "divuw", int64_t)
RV_OP(rv_remw, "remw", int64_t)
RV_OP(rv_remuw, "remuw", int64_t)
#else
static int64_t rv_div(int64_t a, int64_t b) { return b == 0 ? -1 : (a == INT64_MIN && b == -1) ? a : a / b; }
static uint64_t rv_divu(uint64_t a, uint64_t b) { return b == 0 ? UINT64_MAX : a / b; }
static int64_t rv_rem(int64_t a, int64_t b) { return b == 0 ? a : (a == INT64_MIN && b == -1) ? 0 : a % b; }
static uint64_t rv_remu(uint64_t a, uint64_t b) { return b == 0 ? a : a % b; }
static int64_t rv_divw(int64_t a, int64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    return y == 0 ? -1 : (x == INT32_MIN && y == -1) ? x : x / y;
}
static int64_t rv_divuw(int64_t a, int64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    return (int32_t)(y == 0 ? UINT32_MAX : x / y);
}
static int64_t rv_remw(int64_t a, int64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    return y == 0 ? x : (x == INT32_MIN && y == -1) ? 0 : x % y;
}
static int64_t rv_remuw(int64_t a, int64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    return (int32_t)(y == 0 ? x : x % y);
}
#endif

static volatile int64_t edge[] = { 0, 1, -1, 2, -2, 7, -7, INT64_MAX, INT64_MIN, INT32_MAX, INT32_MIN,
                                   (int64_t)UINT32_MAX, 0x123456789abcdefLL, -0x123456789abcdefLL, 0x80000000LL,
                                   0xffffffff00000000LL };

int main(void)
{
    size_t ne = sizeof edge / sizeof edge[0];
    printf("division edge cases (a, b: div divu rem remu | divw divuw remw remuw):\n");
    static const int show[][2] = { { 5, 0 }, { 8, 2 }, { 8, 0 }, { 10, 2 }, { 10, 0 }, { 6, 4 }, { 7, 11 } };
    for (size_t i = 0; i < sizeof show / sizeof show[0]; i++) {
        int64_t a = edge[show[i][0]], b = edge[show[i][1]];
        printf("  %" PRId64 ", %" PRId64 ": %" PRId64 " %" PRIu64 " %" PRId64 " %" PRIu64 " | %" PRId64 " %" PRId64
               " %" PRId64 " %" PRId64 "\n",
               a, b, rv_div(a, b), rv_divu(a, b), rv_rem(a, b), rv_remu(a, b), rv_divw(a, b), rv_divuw(a, b),
               rv_remw(a, b), rv_remuw(a, b));
    }
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < ne; j++) {
            int64_t a = edge[i], b = edge[j];
            mix((uint64_t)rv_div(a, b));
            mix(rv_divu(a, b));
            mix((uint64_t)rv_rem(a, b));
            mix(rv_remu(a, b));
            mix((uint64_t)rv_divw(a, b));
            mix((uint64_t)rv_divuw(a, b));
            mix((uint64_t)rv_remw(a, b));
            mix((uint64_t)rv_remuw(a, b));
        }
    printf("all edge pairs checksum %016" PRIx64 "\n", h);

    /* ordinary C division of every width (compiler-chosen instructions, defined cases only) */
    h = 0xcbf29ce484222325ULL;
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t y = (x * 0xbf58476d1ce4e5b9ULL) >> (i % 64);
        if (y == 0)
            y = 3;
        int64_t sx = (int64_t)x, sy = (int64_t)y;
        if (!(sx == INT64_MIN && sy == -1))
            mix((uint64_t)(sx / sy)), mix((uint64_t)(sx % sy));
        mix(x / y), mix(x % y);
        int32_t a32 = (int32_t)x, b32 = (int32_t)y ? (int32_t)y : 5;
        if (!(a32 == INT32_MIN && b32 == -1))
            mix((uint64_t)(int64_t)(a32 / b32)), mix((uint64_t)(int64_t)(a32 % b32));
        mix((uint32_t)x / ((uint32_t)y | 1)), mix((uint32_t)x % ((uint32_t)y | 1));
        int16_t a16 = (int16_t)x, b16 = (int16_t)(y | 1);
        mix((uint64_t)(int64_t)(a16 / b16));
        uint8_t a8 = (uint8_t)x, b8 = (uint8_t)(y | 1);
        mix((uint64_t)(a8 % b8));
        /* multiplication: low and high halves, signed, unsigned and mixed */
        unsigned __int128 uu = (unsigned __int128)x * y;
        __int128 ss = (__int128)sx * sy;
        __int128 su = (__int128)sx * (unsigned __int128)y;
        mix((uint64_t)uu), mix((uint64_t)(uu >> 64)), mix((uint64_t)(ss >> 64)), mix((uint64_t)(su >> 64));
        mix((uint64_t)(int64_t)((int32_t)x * (int32_t)y));
        /* shifts by variable amounts, arithmetic and logical, 32 and 64 bit */
        unsigned s = (unsigned)(y & 63), s32 = (unsigned)(y & 31);
        mix(x << s), mix(x >> s), mix((uint64_t)(sx >> s));
        mix((uint64_t)(int64_t)(int32_t)((uint32_t)x << s32)), mix((uint64_t)(int64_t)((int32_t)x >> s32));
        mix((uint64_t)(int64_t)(int32_t)((uint32_t)x >> s32));
        /* sign/zero extension, comparisons */
        mix((uint64_t)(int64_t)(int8_t)x), mix((uint64_t)(int64_t)(int16_t)x), mix((uint64_t)(uint16_t)x);
        mix((uint64_t)(int64_t)(int32_t)x), mix((uint64_t)(uint32_t)x);
        mix((sx < sy) | (x < y) << 1 | ((int32_t)x < (int32_t)y) << 2);
        mix(sx < sy ? (uint64_t)sx : (uint64_t)sy), mix(x > y ? x : y);
    }
    printf("division/multiply/shift mix checksum %016" PRIx64 "\n", h);

    /* 128-bit arithmetic beyond multiplication */
    unsigned __int128 big = ((unsigned __int128)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL;
    unsigned __int128 q = big / 1000000007u, r = big % 1000000007u;
    printf("128-bit: big/1e9+7 = %016" PRIx64 "%016" PRIx64 " rem %" PRIu64 ", big*big low %016" PRIx64 "\n",
           (uint64_t)(q >> 64), (uint64_t)q, (uint64_t)r, (uint64_t)(big * big));
    __int128 neg = -(__int128)big;
    printf("128-bit signed: -big >> 70 = %" PRId64 ", (-big)/(-12345) low %016" PRIx64 "\n", (int64_t)(neg >> 70),
           (uint64_t)(neg / -12345));

    /* bit counting and byte order */
    h = 0xcbf29ce484222325ULL;
    x = 1;
    for (int i = 0; i < 100000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t v = x >> (i % 61);
        uint32_t w = (uint32_t)(x >> 17) >> (i % 29);
        mix((uint64_t)__builtin_popcountll(v)), mix((uint64_t)__builtin_popcount(w));
        if (v)
            mix((uint64_t)__builtin_clzll(v)), mix((uint64_t)__builtin_ctzll(v));
        if (w)
            mix((uint64_t)__builtin_clz(w)), mix((uint64_t)__builtin_ctz(w));
        mix(__builtin_bswap64(v)), mix(__builtin_bswap32(w)), mix(__builtin_bswap16((uint16_t)w));
        unsigned k = (unsigned)(i % 64);
        mix((v << k) | (v >> ((64 - k) & 63))), mix((uint64_t)((w >> (k & 31)) | (w << ((32 - (k & 31)) & 31))));
        mix(v & ~(1ULL << k)), mix(v | (1ULL << k)), mix((v >> k) & 1), mix(v ^ (1ULL << k));
        mix(v + (w << 1)), mix(v + ((uint64_t)w << 2)), mix(v + ((uint64_t)w << 3));
        mix(((uint64_t)w << 3) + (uint32_t)v);
        mix(v & (v - 1)), mix(v & -v), mix(~v & (v + 1));
        mix((uint64_t)__builtin_parityll(v)), mix((uint64_t)__builtin_clrsbll((int64_t)v));
    }
    printf("bit ops checksum %016" PRIx64 "\n", h);
    printf("popcount(0xf0f0) %d clz(1) %d ctz(0x80) %d clzll(1) %d bswap32(0x11223344) %08x bswap64 %016" PRIx64 "\n",
           __builtin_popcount(0xf0f0u), __builtin_clz(1u), __builtin_ctz(0x80u), __builtin_clzll(1ull),
           __builtin_bswap32(0x11223344u), __builtin_bswap64(0x0102030405060708ULL));
    volatile int32_t i32 = INT32_MAX;
    volatile uint32_t u32 = UINT32_MAX;
    printf("wrap: (uint32)INT32_MAX+1 %u, UINT32_MAX+1 %u, (int64)(int32)0x80000000 %" PRId64 "\n",
           (uint32_t)i32 + 1u, u32 + 1u, (int64_t)(int32_t)0x80000000u);
    return 0;
}
