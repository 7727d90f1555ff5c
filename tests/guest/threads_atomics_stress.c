/* threads_atomics_stress: 8 threads each add 1 200000 times to three shared counters, one with
 * __atomic_fetch_add (an AMO), one with a compare-exchange loop (LR/SC on riscv64), one under a
 * mutex. A lost update in any of them shows as a wrong total.
 * guest-test: libs -pthread
 */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 8
#define ITERS 200000

static long amo_counter;
static long cas_counter;
static int cas_counter32;
static long mutex_counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *hammer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start); /* all start together, so the threads really contend */
    for (int i = 0; i < ITERS; i++) {
        __atomic_fetch_add(&amo_counter, 1, __ATOMIC_RELAXED);

        long old = __atomic_load_n(&cas_counter, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas_counter, &old, old + 1, 1, __ATOMIC_ACQ_REL,
                                            __ATOMIC_RELAXED))
            ;
        int old32 = __atomic_load_n(&cas_counter32, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas_counter32, &old32, old32 + 1, 0,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;

        if ((i & 7) == 0) {
            pthread_mutex_lock(&lock);
            mutex_counter += 8;
            pthread_mutex_unlock(&lock);
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, hammer, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    long expect = (long)NTHREADS * ITERS;
    printf("amo   %ld %s\n", amo_counter, amo_counter == expect ? "ok" : "LOST UPDATES");
    printf("cas   %ld %s\n", cas_counter, cas_counter == expect ? "ok" : "LOST UPDATES");
    printf("cas32 %d %s\n", cas_counter32, cas_counter32 == expect ? "ok" : "LOST UPDATES");
    printf("mutex %ld %s\n", mutex_counter, mutex_counter == expect ? "ok" : "LOST UPDATES");
    return 0;
}
