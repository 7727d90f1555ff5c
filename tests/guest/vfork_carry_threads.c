/* vfork_carry_threads.c: a vfork child that exits without exec gives its parent its stores to
 * the parent's stack (vfork_spawn_error.c), and nothing else: the parent's other threads keep
 * what they wrote meanwhile, even next to the vforking thread's stack in the same mapping.
 * Under crossrun the child runs on a copy of the memory and the parent copies the child's
 * stores back from the range above its stack pointer; it once wrote back that whole range as
 * the child left it, so another thread's work done during the child's life was undone. Go's
 * goroutine stacks live in its heap, next to other goroutines' stacks and objects, and its
 * os/exec tests (whose children fail to exec) crashed the Go runtime that way.
 *
 * Here one mapping holds thread A's stack (its lower half) and a counter that thread B counts
 * up all the time (its upper half). A vforks children that sleep and _exit, each storing to a
 * local of A's; B checks after each step that the counter still holds what it stored. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { REGION = 256 * 1024, ROUNDS = 10 };

static atomic_int counting = 1;
static atomic_long steps;
static int went_back;
static volatile long *counter;

static void *count_up(void *arg)
{
    (void)arg;
    long expect = *counter;
    while (atomic_load(&counting)) {
        long v = *counter;
        if (v != expect)
            went_back++;
        *counter = v + 1;
        expect = v + 1;
        atomic_fetch_add(&steps, 1);
    }
    return NULL;
}

static int seen;

static void *vfork_children(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        volatile int stored = 0;
        /* B must be counting while the child lives */
        long before = atomic_load(&steps);
        while (atomic_load(&steps) < before + 1000)
            sched_yield();
        pid_t pid = vfork();
        if (pid == 0) {
            struct timespec ts = { 0, 20 * 1000 * 1000 };
            nanosleep(&ts, NULL);
            stored = 42;
            _exit(0);
        }
        int st;
        if (pid < 0 || waitpid(pid, &st, 0) != pid) {
            perror("vfork/waitpid");
            exit(1);
        }
        seen += stored == 42;
    }
    return NULL;
}

int main(void)
{
    char *region = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    counter = (volatile long *)(region + REGION - 4096);
    pthread_t a, b;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, region, REGION / 2);
    if (pthread_create(&b, NULL, count_up, NULL) || pthread_create(&a, &attr, vfork_children, NULL)) {
        fprintf(stderr, "pthread_create failed\n");
        return 1;
    }
    pthread_join(a, NULL);
    atomic_store(&counting, 0);
    pthread_join(b, NULL);
    printf("children's stores seen by the parent: %d of %d\n", seen, ROUNDS);
    printf("times the other thread's counter went back: %d\n", went_back);
    return 0;
}
