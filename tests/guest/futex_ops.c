/* futex_ops.c: every futex operation glibc and programs use, through the raw syscall: WAIT on a
 * changed word (EAGAIN), WAIT with a relative timeout and WAIT_BITSET with an absolute one on
 * CLOCK_MONOTONIC and (FUTEX_CLOCK_REALTIME) CLOCK_REALTIME (ETIMEDOUT, not early); WAKE_BITSET
 * waking only waiters whose bitset intersects; CMP_REQUEUE refusing a changed word and moving
 * waiters to a second futex; REQUEUE; WAKE_OP changing the second word and waking on its old
 * value; futex_waitv timing out, refusing a changed word and returning the index of the woken
 * word; the PI operations (LOCK_PI storing the owner's tid, TRYLOCK_PI refused while held,
 * LOCK_PI timing out, a blocked LOCK_PI getting the lock from UNLOCK_PI) and a
 * PTHREAD_PRIO_INHERIT mutex with a timed condition wait.
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "result_text.h"

static long futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout_or_val2,
                  uint32_t *uaddr2, uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

static double now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static struct timespec in_ms(clockid_t c, long ms)
{
    struct timespec t;
    clock_gettime(c, &t);
    t.tv_nsec += ms * 1000000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    return t;
}

static void pause_ms(long ms)
{
    struct timespec t = { 0, ms * 1000000 };
    nanosleep(&t, NULL);
}

/* --- plain waits and timeouts --------------------------------------------------------------- */
static void waits_and_timeouts(void)
{
    uint32_t w = 1;
    printf("WAIT changed word: %s\n", res(futex(&w, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0)));

    struct timespec rel = { 0, 30 * 1000000 };
    double t0 = now(CLOCK_MONOTONIC);
    long r = futex(&w, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0);
    printf("WAIT 30 ms: %s, waited enough: %d\n", res(r), now(CLOCK_MONOTONIC) - t0 >= 0.029);

    struct timespec abs = in_ms(CLOCK_MONOTONIC, 30);
    t0 = now(CLOCK_MONOTONIC);
    r = futex(&w, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
    printf("WAIT_BITSET monotonic deadline: %s, waited enough: %d\n", res(r),
           now(CLOCK_MONOTONIC) - t0 >= 0.029);

    abs = in_ms(CLOCK_REALTIME, 30);
    t0 = now(CLOCK_MONOTONIC);
    r = futex(&w, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &abs, NULL,
              FUTEX_BITSET_MATCH_ANY);
    printf("WAIT_BITSET realtime deadline: %s, waited enough: %d\n", res(r),
           now(CLOCK_MONOTONIC) - t0 >= 0.029);

    struct timespec bad = { 0, 2000000000 };
    printf("WAIT bad timeout: %s\n", res(futex(&w, FUTEX_WAIT_PRIVATE, 1, &bad, NULL, 0)));
    printf("WAIT_BITSET bitset 0: %s\n",
           res(futex(&w, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0)));
    printf("WAKE nobody: %s\n", res(futex(&w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
}

/* --- waiters in threads --------------------------------------------------------------------- */
struct waiter {
    uint32_t *word;
    int op;
    uint32_t bitset;
    long result;
};

static void *wait_thread(void *p)
{
    struct waiter *w = p;
    w->result = futex(w->word, w->op, 0, NULL, NULL, w->bitset);
    return NULL;
}

/* Repeats a wake-type call until it has reported `want` threads in total: a waiter that has not
 * yet entered the kernel is simply found by a later round. */
static long until(long want, long (*call)(void *), void *arg)
{
    long total = 0;
    for (int i = 0; i < 2000 && total < want; i++) {
        long r = call(arg);
        if (r < 0)
            return r;
        total += r;
        if (total < want)
            pause_ms(1);
    }
    return total;
}

static uint32_t f1, f2;
static long wake_bitset_2(void *p) { return futex(&f1, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 2); }
static long requeue_all(void *p) { return futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, &f2, 0); }
static long wake_f2(void *p) { return futex(&f2, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0); }
static long plain_requeue(void *p) { return futex(&f1, FUTEX_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, &f2, 0); }

static void bitsets_and_requeues(void)
{
    pthread_t th[3];
    struct waiter w[3];

    /* WAKE_BITSET: a waiter with bitset 2 is not woken by bitset 1. */
    f1 = 0;
    w[0] = (struct waiter){ &f1, FUTEX_WAIT_BITSET_PRIVATE, 2, 99 };
    pthread_create(&th[0], NULL, wait_thread, &w[0]);
    pause_ms(20);
    printf("WAKE_BITSET 1 of a bitset-2 waiter: %s\n",
           res(futex(&f1, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 1)));
    printf("WAKE_BITSET 2: woke %s\n", res(until(1, wake_bitset_2, NULL)));
    pthread_join(th[0], NULL);
    printf("waiter returned %ld\n", w[0].result);

    /* CMP_REQUEUE: refused when the word changed, else moves all three to f2. */
    f1 = 0;
    f2 = 0;
    for (int i = 0; i < 3; i++) {
        w[i] = (struct waiter){ &f1, FUTEX_WAIT_PRIVATE, 0, 99 };
        pthread_create(&th[i], NULL, wait_thread, &w[i]);
    }
    printf("CMP_REQUEUE with a stale value: %s\n",
           res(futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, &f2, 7)));
    printf("CMP_REQUEUE moved %s\n", res(until(3, requeue_all, NULL)));
    printf("WAKE on f1 after the move: %s\n", res(futex(&f1, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0)));
    printf("WAKE on f2 woke %s\n", res(until(3, wake_f2, NULL)));
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        printf("waiter %d returned %ld\n", i, w[i].result);
    }

    /* REQUEUE (no compare): one waiter moved, then woken on f2. */
    w[0] = (struct waiter){ &f1, FUTEX_WAIT_PRIVATE, 0, 99 };
    pthread_create(&th[0], NULL, wait_thread, &w[0]);
    printf("REQUEUE moved %s\n", res(until(1, plain_requeue, NULL)));
    printf("WAKE on f2 woke %s\n", res(until(1, wake_f2, NULL)));
    pthread_join(th[0], NULL);

    /* WAKE_OP: f2 += 3 (old value 5), then wake f2's waiters if the old value was 5. */
    f1 = 0;
    f2 = 5;
    long r = futex(&f1, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &f2,
                   FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5));
    printf("WAKE_OP: %s, f2 now %u\n", res(r), f2);
    r = futex(&f1, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &f2,
              FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_GT, 100));
    printf("WAKE_OP set: %s, f2 now %u\n", res(r), f2);
}

/* --- futex_waitv: several words at once ------------------------------------------------------ */
static uint32_t v1, v2;
static long wake_v2(void *p) { return futex(&v2, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0); }
static long waitv_result;
static void *waitv_thread(void *p)
{
    struct futex_waitv w[2] = {
        { .val = 0, .uaddr = (uintptr_t)&v1, .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
        { .val = 0, .uaddr = (uintptr_t)&v2, .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
    };
    waitv_result = syscall(SYS_futex_waitv, w, 2, 0, NULL, CLOCK_MONOTONIC);
    return NULL;
}

static void waitv(void)
{
    v1 = v2 = 0;
    struct futex_waitv w[2] = {
        { .val = 0, .uaddr = (uintptr_t)&v1, .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
        { .val = 0, .uaddr = (uintptr_t)&v2, .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
    };
    struct timespec abs = in_ms(CLOCK_MONOTONIC, 30);
    double t0 = now(CLOCK_MONOTONIC);
    long r = syscall(SYS_futex_waitv, w, 2, 0, &abs, CLOCK_MONOTONIC);
    printf("futex_waitv deadline: %s, waited enough: %d\n", res(r), now(CLOCK_MONOTONIC) - t0 >= 0.029);
    w[1].val = 1;
    printf("futex_waitv changed word: %s\n", res(syscall(SYS_futex_waitv, w, 2, 0, NULL, CLOCK_MONOTONIC)));
    printf("futex_waitv no waiters: %s\n", res(syscall(SYS_futex_waitv, w, 0, 0, NULL, CLOCK_MONOTONIC)));
    pthread_t th;
    pthread_create(&th, NULL, waitv_thread, NULL);
    printf("wake the second word: woke %s\n", res(until(1, wake_v2, NULL)));
    pthread_join(th, NULL);
    printf("futex_waitv returned the index %ld\n", waitv_result);
}

/* --- priority inheritance ------------------------------------------------------------------- */
static uint32_t pi;
static long other_trylock, other_timedlock, other_lock, other_owner_ok;
static int phase;

static void *pi_thread(void *p)
{
    uint32_t me = (uint32_t)gettid();
    other_trylock = futex(&pi, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0) < 0 ? errno : 0;
    struct timespec abs = in_ms(CLOCK_REALTIME, 30);  /* LOCK_PI's timeout is absolute, realtime */
    other_timedlock = futex(&pi, FUTEX_LOCK_PI_PRIVATE, 0, &abs, NULL, 0) < 0 ? errno : 0;
    __atomic_store_n(&phase, 2, __ATOMIC_RELEASE);
    other_lock = futex(&pi, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    other_owner_ok = (pi & FUTEX_TID_MASK) == me;
    futex(&pi, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    return NULL;
}

static void priority_inheritance(void)
{
    pi = 0;
    long r = futex(&pi, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    printf("LOCK_PI free lock: %s, owner is me: %d\n", res(r), pi == (uint32_t)gettid());
    printf("LOCK_PI again (deadlock): %s\n", res(futex(&pi, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0)));
    pthread_t th;
    pthread_create(&th, NULL, pi_thread, NULL);
    /* Let the other thread time out, then (most likely) block in its untimed LOCK_PI; if it
     * is slower than that, it finds the lock free instead, with the same results. */
    for (int i = 0; i < 5000 && __atomic_load_n(&phase, __ATOMIC_ACQUIRE) != 2; i++)
        pause_ms(1);
    pause_ms(50);
    printf("UNLOCK_PI: %s\n", res(futex(&pi, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0)));
    pthread_join(th, NULL);
    printf("other: TRYLOCK_PI %s, timed LOCK_PI %s, LOCK_PI %ld, owner ok %ld\n",
           strerror((int)other_trylock), strerror((int)other_timedlock), other_lock, other_owner_ok);
    printf("lock free at the end: %d\n", pi == 0);
    printf("UNLOCK_PI not owner: %s\n", res(futex(&pi, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0)));

    /* glibc's own use: a PI mutex and a timed condition wait (WAIT_BITSET with a deadline). */
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setprotocol(&ma, PTHREAD_PRIO_INHERIT);
    pthread_mutex_t m;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    printf("PI mutex init: %d\n", pthread_mutex_init(&m, &ma));
    pthread_mutex_lock(&m);
    struct timespec abs = in_ms(CLOCK_REALTIME, 20);
    printf("cond timedwait: %s\n", strerror(pthread_cond_timedwait(&c, &m, &abs)));
    printf("PI mutex trylock while held: %s\n", strerror(pthread_mutex_trylock(&m)));
    printf("PI mutex unlock: %d\n", pthread_mutex_unlock(&m));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    waits_and_timeouts();
    bitsets_and_requeues();
    waitv();
    priority_inheritance();
    return 0;
}
