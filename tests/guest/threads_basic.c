/* threads_basic: pthread_create/join with return values, __thread variables per thread, a
 * mutex + condition variable producer/consumer, pthread_once, detached threads and a barrier.
 * Every output line is produced by the main thread after synchronisation, so the output is
 * deterministic.
 * guest-test: libs -pthread
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 8

static __thread long tls_value = 1000;
static __thread char tls_name[16] = "initial";

/* Each thread checks that its __thread copies start at their initial values, sets its own,
 * spins a little so that threads overlap, and returns a value computed from them. */
static void *worker(void *arg)
{
    long id = (long)arg;
    if (tls_value != 1000 || strcmp(tls_name, "initial") != 0)
        return (void *)-1L;
    tls_value = id * 10;
    snprintf(tls_name, sizeof tls_name, "thread%ld", id);
    volatile long sink = 0;
    for (long i = 0; i < 100000; i++)
        sink += i;
    char expect[16];
    snprintf(expect, sizeof expect, "thread%ld", id);
    if (tls_value != id * 10 || strcmp(tls_name, expect) != 0)
        return (void *)-2L;
    return (void *)(id * id + tls_value);
}

/* Producer/consumer over a bounded ring guarded by one mutex and two condition variables. */
#define RING 4
#define ITEMS 2000
static int ring[RING];
static int ring_head, ring_count;
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&ring_lock);
        while (ring_count == RING)
            pthread_cond_wait(&not_full, &ring_lock);
        ring[(ring_head + ring_count) % RING] = i;
        ring_count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&ring_lock);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long sum = 0;
    int last = 0, in_order = 1;
    for (int i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&ring_lock);
        while (ring_count == 0)
            pthread_cond_wait(&not_empty, &ring_lock);
        int v = ring[ring_head];
        ring_head = (ring_head + 1) % RING;
        ring_count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&ring_lock);
        if (v != last + 1)
            in_order = 0;
        last = v;
        sum += v;
    }
    *(long *)arg = in_order ? sum : -sum;
    return NULL;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_calls;
static void once_init(void) { once_calls++; }
static void *call_once(void *arg)
{
    (void)arg;
    pthread_once(&once, once_init);
    return NULL;
}

/* Detached threads report through a barrier that the main thread also waits on. */
static pthread_barrier_t barrier;
static int detached_seen[NTHREADS];
static void *detached(void *arg)
{
    long id = (long)arg;
    detached_seen[id] = (int)id + 1;
    pthread_barrier_wait(&barrier);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
    for (long i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        printf("worker %ld returned %ld\n", i, (long)r);
    }
    printf("main tls after workers: %ld %s\n", tls_value, tls_name);

    long result = 0;
    pthread_t p, c;
    pthread_create(&c, NULL, consumer, &result);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("consumer sum %ld (expected %ld)\n", result, (long)ITEMS * (ITEMS + 1) / 2);

    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, call_once, NULL);
    for (long i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("once_init ran %d time(s)\n", once_calls);

    pthread_barrier_init(&barrier, NULL, NTHREADS + 1);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (long i = 0; i < NTHREADS; i++) {
        pthread_t d;
        if (pthread_create(&d, &attr, detached, (void *)i) != 0)
            printf("detached create failed\n");
    }
    pthread_barrier_wait(&barrier);
    int seen = 0;
    for (int i = 0; i < NTHREADS; i++)
        seen += detached_seen[i] == i + 1;
    printf("detached threads seen: %d\n", seen);
    pthread_attr_destroy(&attr);
    return 0;
}
