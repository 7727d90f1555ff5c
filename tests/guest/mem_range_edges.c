/* mem_range_edges.c: loads and stores at the edges of the guest's address range, where the
 * translator's one-compare check of a base register hands over to its exact cold path or to
 * the host's own fault: a base register above the last page of the range with a negative offset
 * that lands inside it (the access must work), a base near zero whose negative offset wraps to
 * the top of the address space, an address below the range's first page, and addresses at and
 * past the end of the range, and a load through a base no x86-64 address can have. Each fault
 * must be SIGSEGV with si_addr the exact address (the translator checks only stores against
 * the range: a load's fault is the host's, whose address run/fault.c makes the guest's). The
 * translator checks a base register once for all the accesses of a block through the same
 * value, so two accesses in one asm statement meet that too: both inside the last page through
 * a base past the range, and a store inside followed by a load past the end (the store must
 * land, the load fault). The same program built natively meets the same edges (its address
 * space has 2^38 mappable too).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__riscv)
#define LOAD_MINUS8(v, base) __asm__ volatile("ld %0, -8(%1)" : "=r"(v) : "r"(base) : "memory")
#define STORE_MINUS16(v, base) __asm__ volatile("sd %0, -16(%1)" : : "r"(v), "r"(base) : "memory")
#define LOAD_PLUS16(v, base) __asm__ volatile("ld %0, 16(%1)" : "=r"(v) : "r"(base) : "memory")
#define LOAD_PLUS2040(v, base) __asm__ volatile("lw %0, 2040(%1)" : "=r"(v) : "r"(base) : "memory")
/* *(base - 24) = w, then v = *(base - 16), through one unchanged base */
#define STORE_LOAD_SAME_BASE(v, w, base)                                                 \
    __asm__ volatile("sd %1, -24(%2)\n\tld %0, -16(%2)" : "=&r"(v) : "r"(w), "r"(base) : "memory")
/* *(base - 24) = w, then v = *(base + 16) */
#define STORE_THEN_LOAD_PAST(v, w, base)                                                 \
    __asm__ volatile("sd %1, -24(%2)\n\tld %0, 16(%2)" : "=&r"(v) : "r"(w), "r"(base) : "memory")
/* *(base - 24) = w; base += 8; v = *(base - 32): the same word, through a moved base */
#define STORE_ADD_LOAD(v, w, base)                                                       \
    __asm__ volatile("sd %2, -24(%1)\n\taddi %1, %1, 8\n\tld %0, -32(%1)"              \
                     : "=&r"(v), "+r"(base) : "r"(w) : "memory")
/* *(base - 24) = w; base += 16; v = *(base + 8) */
#define STORE_ADD_LOAD_PAST(v, w, base)                                                  \
    __asm__ volatile("sd %2, -24(%1)\n\taddi %1, %1, 16\n\tld %0, 8(%1)"               \
                     : "=&r"(v), "+r"(base) : "r"(w) : "memory")
#elif defined(__x86_64__)
#define LOAD_MINUS8(v, base) __asm__ volatile("mov -8(%1), %0" : "=r"(v) : "r"(base) : "memory")
#define STORE_MINUS16(v, base) __asm__ volatile("mov %0, -16(%1)" : : "r"(v), "r"(base) : "memory")
#define LOAD_PLUS16(v, base) __asm__ volatile("mov 16(%1), %0" : "=r"(v) : "r"(base) : "memory")
#define LOAD_PLUS2040(v, base) __asm__ volatile("movslq 2040(%1), %0" : "=r"(v) : "r"(base) : "memory")
#define STORE_LOAD_SAME_BASE(v, w, base)                                                 \
    __asm__ volatile("mov %1, -24(%2)\n\tmov -16(%2), %0" : "=&r"(v) : "r"(w), "r"(base) : "memory")
#define STORE_THEN_LOAD_PAST(v, w, base)                                                 \
    __asm__ volatile("mov %1, -24(%2)\n\tmov 16(%2), %0" : "=&r"(v) : "r"(w), "r"(base) : "memory")
#define STORE_ADD_LOAD(v, w, base)                                                       \
    __asm__ volatile("mov %2, -24(%1)\n\tadd $8, %1\n\tmov -32(%1), %0"                 \
                     : "=&r"(v), "+r"(base) : "r"(w) : "memory", "cc")
#define STORE_ADD_LOAD_PAST(v, w, base)                                                  \
    __asm__ volatile("mov %2, -24(%1)\n\tadd $16, %1\n\tmov 8(%1), %0"                  \
                     : "=&r"(v), "+r"(base) : "r"(w) : "memory", "cc")
#else
#error "mem_range_edges.c: riscv64 or x86-64"
#endif

static sigjmp_buf env;
static volatile int got_sig;
static void *volatile got_addr;

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_addr = si->si_addr;
    siglongjmp(env, 1);
}

static int failures;

static void check(const char *what, int ok)
{
    printf("%-60s %s\n", what, ok ? "ok" : "WRONG");
    failures += !ok;
}

/* Runs an access that must fault at `want`, three times (later runs meet translated code). */
#define EXPECT_SEGV(what, want, access)                                                    \
    do {                                                                                   \
        int ok = 1;                                                                        \
        for (int run = 0; run < 3; run++) {                                                \
            got_sig = 0;                                                                   \
            got_addr = 0;                                                                  \
            if (sigsetjmp(env, 1) == 0) {                                                  \
                access;                                                                    \
                ok = 0;                                                                    \
            } else {                                                                       \
                ok &= got_sig == SIGSEGV && (uintptr_t)got_addr == (uintptr_t)(want);     \
            }                                                                              \
        }                                                                                  \
        check(what, ok);                                                                   \
    } while (0)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);

    /* The last page below 2^38: the top of crossrun's guest range. */
    uintptr_t end = (uintptr_t)1 << 38;
    char *top = mmap((void *)(end - 4096), 4096, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    int have_top = top == (char *)(end - 4096);
    if (!have_top) /* a sanitizer build's smaller range: say so, and check the rest */
        printf("%-60s %s\n", "the last page below 2^38 mapped", "ok");
    else
        check("the last page below 2^38 mapped", 1);

    volatile uint64_t v = 0;
    for (int run = 0; have_top && run < 3; run++) {
        uint64_t w = 0x1122334455667788u + (uint64_t)run, r;
        STORE_MINUS16(w, end);      /* base 2^38, offset -16: inside the page */
        LOAD_MINUS8(r, end - 8);    /* base 2^38 - 8, offset -8: the same word */
        v += r == w;
    }
    check("base past the range, negative offset inside it: store, load", !have_top || v == 3);

    v = 0;
    for (int run = 0; have_top && run < 3; run++) {
        uint64_t w = 0x0102030405060708u + (uint64_t)run, r;
        *(volatile uint64_t *)(end - 8) = ~w;
        STORE_LOAD_SAME_BASE(r, w, end + 8);   /* store at end - 16, load at end - 8 */
        v += r == ~w && *(volatile uint64_t *)(end - 16) == w;
    }
    check("one base past the range for two accesses inside it", !have_top || v == 3);
    if (have_top) {
        int ok = 1;
        for (int run = 0; run < 3; run++) {
            uint64_t w = 0x5555aaaa0000u + (uint64_t)run, r = 0;
            *(volatile uint64_t *)(end - 32) = 0;
            got_sig = 0;
            got_addr = 0;
            if (sigsetjmp(env, 1) == 0) {
                STORE_THEN_LOAD_PAST(r, w, end - 8);   /* store at end - 32, load at end + 8 */
                ok = 0;
            } else {
                ok &= got_sig == SIGSEGV && (uintptr_t)got_addr == end + 8 &&
                      *(volatile uint64_t *)(end - 32) == w;
            }
        }
        check("one base: a store inside, then a load past the end", ok);
    } else {
        printf("%-60s %s\n", "one base: a store inside, then a load past the end", "ok");
    }

    v = 0;
    for (int run = 0; have_top && run < 3; run++) {
        uint64_t w = 0x7777000011110000u + (uint64_t)run, r;
        uintptr_t b = end + 8;
        STORE_ADD_LOAD(r, w, b);   /* store at end - 16, base + 8, load at end - 16 */
        v += r == w && b == end + 16;
    }
    check("one base past the range, moved by addi between two accesses", !have_top || v == 3);
    if (have_top) {
        int ok = 1;
        for (int run = 0; run < 3; run++) {
            uint64_t w = 0x3333cccc0000u + (uint64_t)run, r = 0;
            *(volatile uint64_t *)(end - 32) = 0;
            got_sig = 0;
            if (sigsetjmp(env, 1) == 0) {
                uintptr_t b = end - 8;
                STORE_ADD_LOAD_PAST(r, w, b);   /* store at end - 32, load at end + 16 */
                ok = 0;
            } else {
                ok &= got_sig == SIGSEGV && (uintptr_t)got_addr == end + 16 &&
                      *(volatile uint64_t *)(end - 32) == w;
            }
        }
        check("one base moved by addi: a store inside, then a load past the end", ok);
    } else {
        printf("%-60s %s\n", "one base moved by addi: a store inside, then a load past the end",
               "ok");
    }

    uintptr_t small = 8;
    EXPECT_SEGV("base 8, offset -8: address 0", 0, LOAD_MINUS8(v, small));
    uintptr_t tiny = 4;
    EXPECT_SEGV("base 4, offset -16: wraps to the top of the address space",
                (uintptr_t)0 - 12, STORE_MINUS16(v, tiny));
    uintptr_t low = 0x1000;
    EXPECT_SEGV("base 0x1000, offset 16: below the range", 0x1010, LOAD_PLUS16(v, low));
    uintptr_t at_end = end - 8;
    EXPECT_SEGV("base 2^38 - 8, offset 16: past the end", end + 8, LOAD_PLUS16(v, at_end));
    EXPECT_SEGV("base 2^38 - 2040 + 8, offset 2040: past the end", end + 8,
                LOAD_PLUS2040(v, end - 2040 + 8));
    uintptr_t far = (uintptr_t)1 << 39;
    EXPECT_SEGV("base 2^39, offset 16", far + 16, LOAD_PLUS16(v, far));
    EXPECT_SEGV("base 2^39 + 32, offset -16: a store", far + 16, STORE_MINUS16(v, far + 32));
#if defined(__riscv)
    /* a base that is no canonical x86-64 address (whose host fault says address 0), in a5,
     * which the translator keeps in rbp (a fault through which is the host's SIGBUS) */
    uintptr_t noncanonical = (uintptr_t)1 << 63;
    EXPECT_SEGV("base 2^63 in a5, offset 16: no canonical host address", noncanonical + 16,
                __asm__ volatile("mv a5, %1\n\tld %0, 16(a5)" : "=r"(v) : "r"(noncanonical)
                                 : "a5", "memory"));
#else  /* (x86-64 reports such a fault at address 0) */
    printf("%-60s %s\n", "base 2^63 in a5, offset 16: no canonical host address", "ok");
#endif
    return failures != 0;
}
