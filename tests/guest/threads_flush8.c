/* threads_flush8: eight threads each run a lot of distinct code (128 different functions, called
 * through a table in an order of their own) while the main thread flushes the instruction
 * cache 3,000 times, starting once every worker runs (they go on until it is done). On
 * riscv64 the flushes alternate between __builtin___clear_cache over the functions' range,
 * riscv_flush_icache(0, 0, 0) and riscv_flush_icache(0, ~0, 0) (Linux ignores the range and
 * flushes everything; a runner drops the range's translations or all of them), on x86-64 only
 * __builtin___clear_cache (nothing there). Every worker pass must produce the checksum the main
 * thread computed alone before the threads started: a runner that frees or rewrites code a
 * thread is still running, or runs a half-dropped translation, gives a wrong sum or a crash.
 * The output is the same natively and under a runner; alarm() turns a hang into exit 2.
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
#include <unistd.h>
#if defined(__riscv)
#include <sys/syscall.h>
#ifndef __NR_riscv_flush_icache
#define __NR_riscv_flush_icache 259
#endif
#endif

#define NTHREADS 8
#define NFUNCS 128
#define ROUNDS 60 /* table walks per pass */
#define PASSES 4  /* passes per worker at least: they run for as long as the flushes go on */
#define FLUSHES 3000

/* 128 functions that differ in their constants, shifts and branches, so each is its own code */
#define FN(k)                                                                                      \
    __attribute__((noipa)) static uint64_t fn_##k(uint64_t x)                                     \
    {                                                                                              \
        x ^= x >> ((k) % 29 + 3);                                                                  \
        x *= 0x9e3779b97f4a7c15ull + 2 * (k);                                                      \
        if (x & (1ull << ((k) % 61)))                                                              \
            x += (uint64_t)(k) * 0x123456789ull;                                                   \
        else                                                                                       \
            x -= (uint64_t)((k) + 1) << ((k) % 17);                                                \
        for (int i = 0; i < (k) % 4; i++)                                                          \
            x = (x << 7 | x >> 57) ^ (uint64_t)(i + (k));                                          \
        return x ^ (x >> 31);                                                                      \
    }
#define FN8(a) FN(a##0) FN(a##1) FN(a##2) FN(a##3) FN(a##4) FN(a##5) FN(a##6) FN(a##7)
FN8(1) FN8(2) FN8(3) FN8(4) FN8(5) FN8(6) FN8(7) FN8(10) FN8(11) FN8(12) FN8(13) FN8(14) FN8(15)
FN8(16) FN8(17) FN8(20)
#define REF8(a) fn_##a##0, fn_##a##1, fn_##a##2, fn_##a##3, fn_##a##4, fn_##a##5, fn_##a##6, fn_##a##7
typedef uint64_t (*fn_t)(uint64_t);
static fn_t const fns[NFUNCS] = {
    REF8(1), REF8(2), REF8(3), REF8(4), REF8(5), REF8(6), REF8(7), REF8(10),
    REF8(11), REF8(12), REF8(13), REF8(14), REF8(15), REF8(16), REF8(17), REF8(20),
};

/* One pass of worker id: walks the table ROUNDS times with a stride of its own. */
static uint64_t work(int id)
{
    uint64_t acc = 0x1234567ull * (uint64_t)(id + 1);
    unsigned stride = 2 * (unsigned)id + 1; /* odd: every function, in a different order */
    for (unsigned r = 0; r < ROUNDS; r++)
        for (unsigned i = 0; i < NFUNCS; i++)
            acc = fns[(i * stride + r + (unsigned)id) % NFUNCS](acc ^ i);
    return acc;
}

static uint64_t reference[NTHREADS];
static int mismatches[NTHREADS];
static int flushing_done, workers_started;

/* at least PASSES passes, and for as long as the main thread flushes */
static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    __atomic_add_fetch(&workers_started, 1, __ATOMIC_RELEASE);
    for (int p = 0; p < PASSES || !__atomic_load_n(&flushing_done, __ATOMIC_ACQUIRE); p++)
        if (work(id) != reference[id])
            mismatches[id]++;
    return NULL;
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "threads_flush8: timed out (a hang)\n";
    write(2, msg, sizeof msg - 1);
    _exit(2);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGALRM, on_alarm);
    alarm(50);
    for (int id = 0; id < NTHREADS; id++)
        reference[id] = work(id);

    char *lo = (char *)fns[0], *hi = (char *)fns[0];
    for (int i = 1; i < NFUNCS; i++) {
        if ((char *)fns[i] < lo)
            lo = (char *)fns[i];
        if ((char *)fns[i] > hi)
            hi = (char *)fns[i];
    }
    hi += 512; /* past the last function's code */

    pthread_t t[NTHREADS];
    for (int id = 0; id < NTHREADS; id++) {
        int e = pthread_create(&t[id], NULL, worker, (void *)(intptr_t)id);
        if (e) {
            printf("pthread_create: %s\n", strerror(e));
            return 1;
        }
    }
    while (__atomic_load_n(&workers_started, __ATOMIC_ACQUIRE) < NTHREADS)
        sched_yield();
    for (long flushes = 0; flushes < FLUSHES; flushes++) {
        switch (flushes % 3) {
        case 0:
            __builtin___clear_cache(lo, hi);
            break;
#if defined(__riscv)
        case 1:
            if (syscall(__NR_riscv_flush_icache, 0ul, 0ul, 0ul) != 0) {
                perror("riscv_flush_icache(0, 0, 0)");
                return 1;
            }
            break;
        case 2:
            if (syscall(__NR_riscv_flush_icache, 0ul, ~0ul, 0ul) != 0) {
                perror("riscv_flush_icache(0, ~0, 0)");
                return 1;
            }
            break;
#else
        default:
            __builtin___clear_cache(lo, hi);
            break;
#endif
        }
    }
    __atomic_store_n(&flushing_done, 1, __ATOMIC_RELEASE);
    int bad = 0;
    for (int id = 0; id < NTHREADS; id++) {
        pthread_join(t[id], NULL);
        if (mismatches[id])
            printf("worker %d: WRONG: %d passes did not give the checksum\n", id, mismatches[id]);
        printf("worker %d: checksum %016llx\n", id, (unsigned long long)reference[id]);
        bad += mismatches[id];
    }
    printf("%d flushes while the workers ran: %s\n", FLUSHES,
           bad ? "WRONG sums" : "every pass gave its checksum");
    return bad ? 1 : 0;
}
