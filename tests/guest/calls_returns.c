/* calls_returns.c: calls and returns in every shape the translator's return-address stack
 * (host call/ret frames) must get right: recursion deeper than its bound (100000 levels, so
 * calls go on through the dispatcher past it and returns miss the frames), mutual recursion,
 * one function returning to many call sites, indirect calls through a table, tail calls, and
 * longjmp out of nested calls 100000 times in a loop with no system call (frames left behind
 * each time until the bound resets them). Every result is a checksum compared with the native
 * build's. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>

#define NOINLINE __attribute__((noinline))

static NOINLINE uint64_t deep(uint64_t n)
{
    if (n == 0)
        return 1;
    return deep(n - 1) * 3 + n;  /* not a tail call: every level returns through its frame */
}

static NOINLINE int is_odd(unsigned n);
static NOINLINE int is_even(unsigned n)
{
    return n == 0 ? 1 : is_odd(n - 1);
}
static NOINLINE int is_odd(unsigned n)
{
    return n == 0 ? 0 : is_even(n - 1);
}

static NOINLINE uint64_t mix(uint64_t x)
{
    return x * 0x9e3779b97f4a7c15u ^ (x >> 29);
}

static NOINLINE uint64_t op_add(uint64_t a, uint64_t b) { return a + b; }
static NOINLINE uint64_t op_xor(uint64_t a, uint64_t b) { return a ^ mix(b); }
static NOINLINE uint64_t op_mul(uint64_t a, uint64_t b) { return a * (b | 1); }
static NOINLINE uint64_t op_sub(uint64_t a, uint64_t b) { return mix(a) - b; }
static uint64_t (*const ops[])(uint64_t, uint64_t) = { op_add, op_xor, op_mul, op_sub };

/* tail calls: gcc -O2 turns these into jumps, so returns skip frames */
static NOINLINE uint64_t tail_b(uint64_t x, int n);
static NOINLINE uint64_t tail_a(uint64_t x, int n)
{
    return n ? tail_b(x + 1, n - 1) : x;
}
static NOINLINE uint64_t tail_b(uint64_t x, int n)
{
    return n ? tail_a(mix(x), n - 1) : x;
}

static jmp_buf env;
static volatile uint64_t jumped;

static NOINLINE void dive(int n)
{
    if (n == 0)
        longjmp(env, 1);
    dive(n - 1);
    jumped += 1000000;  /* never reached */
}

int main(void)
{
    printf("deep(100000) = %llu\n", (unsigned long long)deep(100000));
    printf("is_even(300001) = %d\n", is_even(300001));

    uint64_t sum = 0;
    for (uint64_t i = 0; i < 200000; i++) {  /* mix returns to four different call sites */
        sum += mix(i);
        sum ^= mix(sum);
        sum = op_add(sum, mix(i ^ sum));
        sum -= mix(i * 7);
    }
    printf("many call sites: %016llx\n", (unsigned long long)sum);

    uint64_t acc = 1;
    for (uint64_t i = 0; i < 400000; i++)
        acc = ops[(acc ^ i) & 3](acc, i);
    printf("indirect calls: %016llx\n", (unsigned long long)acc);

    printf("tail calls: %016llx\n", (unsigned long long)tail_a(5, 100001));

    for (int i = 0; i < 100000; i++)
        if (setjmp(env) == 0)
            dive(i % 13);
        else
            jumped++;
    printf("longjmps: %llu\n", (unsigned long long)jumped);
    printf("deep again: %llu\n", (unsigned long long)deep(50000));
    return 0;
}
