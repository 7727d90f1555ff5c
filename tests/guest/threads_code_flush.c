/* threads_code_flush: worker threads keep running (and re-translating) code while the main
 * thread repeatedly asks for an instruction-cache flush of that code (__builtin___clear_cache:
 * riscv_flush_icache on riscv64, nothing on x86-64). The runner must not free translations a
 * thread is still inside; the results must be exact and memory must not grow per flush.
 * guest-test: libs -pthread
 */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define ROUNDS 3000
#define FLUSHES 3000

typedef long (*step_fn)(long);
static long step_a(long x) { return x * 3 + 1; }
static long step_b(long x) { return (x >> 1) ^ 0x5a5a; }
static long step_c(long x) { return x - 7; }
static long step_d(long x) { return x + (x & 15); }
static step_fn steps[4] = {step_a, step_b, step_c, step_d};

static long results[NTHREADS];
static int finished;

static void *worker(void *arg)
{
    long id = (long)arg, acc = id;
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < 64; i++)
            acc = steps[(i + r + id) & 3](acc) & 0xffffffff;
    results[id] = acc;
    __atomic_add_fetch(&finished, 1, __ATOMIC_RELEASE);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    /* the code of the step functions: flush a range around them */
    char *lo = (char *)step_a, *hi = (char *)step_d;
    if (lo > hi) {
        char *x = lo;
        lo = hi;
        hi = x;
    }
    /* at least FLUSHES, and for as long as any worker runs, so that flushes do overlap */
    for (int f = 0; f < FLUSHES || __atomic_load_n(&finished, __ATOMIC_ACQUIRE) < NTHREADS; f++)
        __builtin___clear_cache(lo, hi + 64);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < NTHREADS; i++)
        printf("worker %d: %ld\n", i, results[i]);
    return 0;
}
