/* threads_smc_spin.c (riscv64 only, golden output): one thread rewrites code that another thread
 * is running, then flushes the instruction cache for all threads (riscv_flush_icache with flags
 * 0, as __builtin___clear_cache does); the other thread must run the new code.
 *
 * Spinning rounds: thread B calls generated code that loops on itself forever, and is inside
 * the loop (translated and chained to itself) when thread A, 100 ms later, rewrites it into code
 * that returns; B must return what the new code returns within 10 s of the flush:
 *   1. `j .` at the entry becomes `li a0, 42` (the `ret` after it was written first);
 *   2. the compressed `c.j .` becomes `c.li a0, 21` before a `c.jr ra`;
 *   3. `addi a0, a0, 1; j .-4` (counting) gets `ret` in place of the jump: B returns its count;
 *   4. a loop entered from the middle of a function: `li a0, 44; j .` (the jump target the
 *      j itself) becomes `li a0, 44; ret`;
 *   5. a memfd mapped twice, written through the read-write view while B runs the read-exec
 *      view, the flush naming the read-exec view.
 * Every spinning round writes one aligned instruction last, so B never sees half of a change.
 * Round 1 names the code's range, 2 uses __builtin___clear_cache, 3 names no range (start =
 * end = 0), 4 and 5 the range again.
 *
 * Calling round: B calls `li a0, G; ret` in a loop while A rewrites G from 1 to 60, flushing
 * each time and then publishing G (release) once its flush returned: a call B starts after it
 * read G (acquire) must return at least G (on Linux the flush is done on every hart when the
 * call returns), and B must see the last generation.
 *
 * A failure prints what B did (still spinning, or which value it returned) and exits 1; a hang
 * past the alarm() watchdog exits 2.
 * guest-test: golden
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#if !defined(__riscv) || __riscv_xlen != 64
#error "threads_smc_spin.c is a riscv64 test"
#endif

#ifndef __NR_riscv_flush_icache
#define __NR_riscv_flush_icache 259
#endif

#define PAGE 4096
#define SPIN_BEFORE_REWRITE_MS 100
#define RETURN_LIMIT_S 10
#define GENERATIONS 60

/* ---- instruction encodings ------------------------------------------------------------------- */

static uint32_t li_a0(int imm) /* addi a0, zero, imm */
{
    return ((uint32_t)(imm & 0xfff) << 20) | (10u << 7) | 0x13u;
}
#define INSN_RET 0x00008067u      /* jalr zero, 0(ra) */
#define INSN_J_SELF 0x0000006fu   /* jal zero, 0 */
#define INSN_J_BACK4 0xffdff06fu  /* jal zero, -4 */
#define INSN_ADDI_A0_1 0x00150513u /* addi a0, a0, 1 */
#define C_J_SELF 0xa001u          /* c.j 0 */
#define C_JR_RA 0x8082u           /* c.jr ra */
static uint16_t c_li_a0(int imm) /* c.li a0, imm (-32..31) */
{
    uint32_t u = (uint32_t)imm;
    return (uint16_t)(0x4000u | ((u & 0x20) << 7) | (10u << 7) | ((u & 0x1f) << 2) | 1u);
}

static void flush_range(void *lo, size_t len)
{
    long r = syscall(__NR_riscv_flush_icache, (unsigned long)lo, (unsigned long)lo + len, 0ul);
    if (r != 0) {
        perror("riscv_flush_icache");
        exit(1);
    }
}

static void flush_everything(void)
{
    if (syscall(__NR_riscv_flush_icache, 0ul, 0ul, 0ul) != 0) {
        perror("riscv_flush_icache(0, 0, 0)");
        exit(1);
    }
}

static void store32(void *at, uint32_t insn)
{
    __atomic_store_n((uint32_t *)at, insn, __ATOMIC_RELEASE);
}

static void store16(void *at, uint16_t insn)
{
    __atomic_store_n((uint16_t *)at, insn, __ATOMIC_RELEASE);
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "threads_smc_spin: timed out (a hang)\n";
    write(2, msg, sizeof msg - 1);
    _exit(2);
}

static int failures;

/* ---- spinning rounds ------------------------------------------------------------------------ */

typedef long (*code_fn)(long);

struct spin {
    code_fn entry;
    volatile int entered, returned;
    volatile long result;
};

static void *spinner(void *arg)
{
    struct spin *s = arg;
    s->entered = 1;
    long r = s->entry(0);
    s->result = r;
    __atomic_store_n(&s->returned, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* Starts B at entry, lets it spin, runs rewrite(ctx) (which rewrites and flushes), and waits for
 * B's result. Returns 1 and sets *result when B returned in time. */
static int spin_round(const char *name, code_fn entry, void (*rewrite)(void *), void *ctx, long *result)
{
    struct spin s = { .entry = entry };
    pthread_t b;
    int e = pthread_create(&b, NULL, spinner, &s);
    if (e) {
        printf("%s: pthread_create: %s\n", name, strerror(e));
        exit(1);
    }
    while (!s.entered)
        sched_yield();
    sleep_ms(SPIN_BEFORE_REWRITE_MS);
    if (__atomic_load_n(&s.returned, __ATOMIC_ACQUIRE)) {
        printf("%s: WRONG: B returned %ld before the code was rewritten\n", name, s.result);
        failures++;
        pthread_join(b, NULL);
        return 0;
    }
    rewrite(ctx);
    double end = now() + RETURN_LIMIT_S;
    while (!__atomic_load_n(&s.returned, __ATOMIC_ACQUIRE)) {
        if (now() > end) {
            printf("%s: WRONG: B still spinning in the old code %d s after the flush\n", name,
                   RETURN_LIMIT_S);
            exit(1);
        }
        sleep_ms(1);
    }
    pthread_join(b, NULL);
    *result = s.result;
    return 1;
}

static void expect(const char *name, int ok, long got, long want)
{
    if (!ok)
        return;
    if (got == want) {
        printf("%s: %ld\n", name, got);
    } else {
        printf("%s: WRONG: B returned %ld, expected %ld\n", name, got, want);
        failures++;
    }
}

static unsigned char *code; /* one RWX page */

static void rewrite_1(void *ctx)
{
    (void)ctx;
    store32(code, li_a0(42));
    flush_range(code, 8);
}

static void rewrite_2(void *ctx)
{
    (void)ctx;
    store16(code, c_li_a0(21));
    __builtin___clear_cache((char *)code, (char *)code + 4);
}

static void rewrite_3(void *ctx)
{
    (void)ctx;
    store32(code + 4, INSN_RET);
    flush_everything();
}

static void rewrite_4(void *ctx)
{
    (void)ctx;
    store32(code + 8, INSN_RET);
    flush_range(code, 12);
}

struct alias {
    unsigned char *rw, *rx;
};

static void rewrite_5(void *ctx)
{
    struct alias *a = ctx;
    store32(a->rw, li_a0(45));
    flush_range(a->rx, 8);
}

static void spinning_rounds(void)
{
    long r;
    int ok;

    /* 1: j . -> li a0, 42 */
    store32(code + 4, INSN_RET);
    store32(code, INSN_J_SELF);
    flush_everything();
    ok = spin_round("round 1 (j . becomes li a0,42)", (code_fn)(uintptr_t)code, rewrite_1, NULL, &r);
    expect("round 1 (j . becomes li a0,42)", ok, r, 42);

    /* 2: c.j . -> c.li a0, 21 (c.jr ra after it) */
    memset(code, 0, 16);
    store16(code + 2, C_JR_RA);
    store16(code, C_J_SELF);
    flush_everything();
    ok = spin_round("round 2 (c.j . becomes c.li a0,21)", (code_fn)(uintptr_t)code, rewrite_2,
                    NULL, &r);
    expect("round 2 (c.j . becomes c.li a0,21)", ok, r, 21);

    /* 3: addi a0, a0, 1; j .-4 -> addi a0, a0, 1; ret */
    store32(code, INSN_ADDI_A0_1);
    store32(code + 4, INSN_J_BACK4);
    flush_everything();
    ok = spin_round("round 3 (counting loop, its jump becomes ret)", (code_fn)(uintptr_t)code,
                    rewrite_3, NULL, &r);
    if (ok) {
        if (r > 0) {
            printf("round 3 (counting loop, its jump becomes ret): a positive count\n");
        } else {
            printf("round 3: WRONG: B returned %ld, expected a positive count\n", r);
            failures++;
        }
    }

    /* 4: nop; li a0, 44; j . -> nop; li a0, 44; ret */
    store32(code, 0x00000013u); /* nop */
    store32(code + 4, li_a0(44));
    store32(code + 8, INSN_J_SELF);
    flush_everything();
    ok = spin_round("round 4 (j . after li a0,44 becomes ret)", (code_fn)(uintptr_t)code,
                    rewrite_4, NULL, &r);
    expect("round 4 (j . after li a0,44 becomes ret)", ok, r, 44);

    /* 5: a memfd mapped twice */
    int fd = memfd_create("threads_smc_spin", 0);
    if (fd < 0 || ftruncate(fd, PAGE) != 0) {
        perror("memfd_create/ftruncate");
        exit(1);
    }
    struct alias a;
    a.rw = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    a.rx = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    if (a.rw == MAP_FAILED || a.rx == MAP_FAILED) {
        perror("mmap of the memfd");
        exit(1);
    }
    store32(a.rw + 4, INSN_RET);
    store32(a.rw, INSN_J_SELF);
    flush_range(a.rx, 8);
    ok = spin_round("round 5 (memfd, written through the other view)", (code_fn)(uintptr_t)a.rx,
                    rewrite_5, &a, &r);
    expect("round 5 (memfd, written through the other view)", ok, r, 45);
    munmap(a.rw, PAGE);
    munmap(a.rx, PAGE);
    close(fd);
}

/* ---- the calling round ---------------------------------------------------------------------- */

static int generation;        /* published by A after the flush of the code returning it */
static volatile long calls;   /* B's calls so far */
static long stale_calls, wrong_calls, first_stale_gen, first_stale_got;
static volatile int caller_done;

static void *caller(void *arg)
{
    code_fn f = (code_fn)(uintptr_t)arg;
    for (;;) {
        int g = __atomic_load_n(&generation, __ATOMIC_ACQUIRE);
        long v = f(0);
        if (v < g) {
            if (!stale_calls++) {
                first_stale_gen = g;
                first_stale_got = v;
            }
        } else if (v > GENERATIONS) {
            wrong_calls++;
        }
        calls++;
        if (v == GENERATIONS)
            break;
    }
    caller_done = 1;
    return NULL;
}

static void calling_round(void)
{
    store32(code + 4, INSN_RET);
    store32(code, li_a0(1));
    flush_range(code, 8);
    __atomic_store_n(&generation, 1, __ATOMIC_RELEASE);
    pthread_t b;
    if (pthread_create(&b, NULL, caller, code) != 0) {
        printf("pthread_create failed\n");
        exit(1);
    }
    for (int g = 2; g <= GENERATIONS; g++) {
        /* let B call the current code many times first (translated, its call chained) */
        long seen = calls;
        double end = now() + RETURN_LIMIT_S;
        while (calls < seen + 200 && now() < end)
            sched_yield();
        store32(code, li_a0(g));
        flush_range(code, 8);
        __atomic_store_n(&generation, g, __ATOMIC_RELEASE);
    }
    double end = now() + RETURN_LIMIT_S;
    while (!caller_done) {
        if (now() > end) {
            printf("calling round: WRONG: B still gets old values %d s after the last flush\n",
                   RETURN_LIMIT_S);
            exit(1);
        }
        sleep_ms(1);
    }
    pthread_join(b, NULL);
    if (stale_calls) {
        printf("calling round: WRONG: %ld calls started after a flush returned old code (the "
               "first: generation %ld published, code returned %ld)\n",
               stale_calls, first_stale_gen, first_stale_got);
        failures++;
    }
    if (wrong_calls) {
        printf("calling round: WRONG: %ld calls returned values never written\n", wrong_calls);
        failures++;
    }
    printf("calling round: B saw generation %d, no call ran code older than the last flush: %s\n",
           GENERATIONS, stale_calls ? "no" : "yes");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGALRM, on_alarm);
    alarm(60);
    code = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    spinning_rounds();
    calling_round();
    if (failures) {
        printf("%d checks failed\n", failures);
        return 1;
    }
    return 0;
}
