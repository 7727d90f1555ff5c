/*
 * translate/jit/x86_emit_host.c - what the host CPU can run among the forms x86_emit.h offers
 * beyond baseline x86-64: lzcnt, tzcnt and popcnt; FMA3. Asked of cpuid on every call: a translator
 * asks once, when it starts.
 */
#include "translate/jit/x86_emit.h"

#include <cpuid.h>

#define LEAF_FEATURES      1u
#define LEAF_EXT_FEATURES  7u
#define LEAF_EXT_AMD       0x80000001u
#define ECX1_POPCNT        (1u << 23)  /* CPUID.01H:ECX.POPCNT */
#define EBX7_BMI1          (1u << 3)   /* CPUID.(07H,0):EBX.BMI1: tzcnt */
#define ECX80000001_ABM    (1u << 5)   /* CPUID.80000001H:ECX.LZCNT (AMD's ABM) */
#define ECX1_FMA           (1u << 12)
#define ECX1_OSXSAVE       (1u << 27)
#define ECX1_AVX           (1u << 28)
#define XCR0_SSE_AVX       0x6u        /* the OS saves xmm and ymm state */

bool x86_host_has_bitops(void)
{
    unsigned a, b, c, d;
    /* On a CPU without them, lzcnt and tzcnt decode as bsr and bsf (the F3 is ignored) and
     * give other results for zero: not an illegal instruction, a wrong answer. */
    if (!__get_cpuid(LEAF_FEATURES, &a, &b, &c, &d) || !(c & ECX1_POPCNT))
        return false;
    if (!__get_cpuid_count(LEAF_EXT_FEATURES, 0, &a, &b, &c, &d) || !(b & EBX7_BMI1))
        return false;
    return __get_cpuid(LEAF_EXT_AMD, &a, &b, &c, &d) && (c & ECX80000001_ABM);
}

bool x86_host_has_fma(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(LEAF_FEATURES, &a, &b, &c, &d))
        return false;
    unsigned need = ECX1_FMA | ECX1_OSXSAVE | ECX1_AVX;
    if ((c & need) != need)
        return false;
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & XCR0_SSE_AVX) == XCR0_SSE_AVX;
}
