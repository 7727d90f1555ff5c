/* thread_cancel.c: glibc's internal signals work for the guest. pthread_cancel sends
 * SIGCANCEL (32) to the target thread, and setuid/setgid in a threaded process make every
 * thread run the call through SIGSETXID (33). The runner's own glibc reserves both numbers on
 * the host, so an emulator that forwards them without a handler of its own kills itself with
 * signal 32 (exit status 160), or hangs in setgid waiting for threads that never answer.
 * guest-test: libs -pthread
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *testcancel_loop(void *arg)
{
    for (;;) {
        pthread_testcancel();
        usleep(1000);
    }
    return arg;
}

static int pipe_fds[2];

static void *blocked_in_read(void *arg)
{
    char c;
    (void)!read(pipe_fds[0], &c, 1);  /* a cancellation point: never returns normally */
    return arg;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int cleanup_ran;

static void on_cleanup(void *arg)
{
    (void)arg;
    cleanup_ran = 1;
    pthread_mutex_unlock(&lock);
}

static void *waits_on_cond(void *arg)
{
    pthread_mutex_lock(&lock);
    pthread_cleanup_push(on_cleanup, NULL);
    for (;;)
        pthread_cond_wait(&cond, &lock);
    pthread_cleanup_pop(1);
    return arg;
}

static void *sleeper(void *arg)
{
    sleep(1);
    return arg;
}

static void cancel_and_join(const char *what, void *(*fn)(void *))
{
    pthread_t t;
    void *result;
    pthread_create(&t, NULL, fn, NULL);
    usleep(20000);
    int c = pthread_cancel(t);
    int j = pthread_join(t, &result);
    printf("%s: cancel %d, join %d, canceled %d\n", what, c, j, result == PTHREAD_CANCELED);
}

int main(void)
{
    if (pipe(pipe_fds) != 0)
        return 1;
    cancel_and_join("testcancel loop", testcancel_loop);
    cancel_and_join("blocked in read", blocked_in_read);
    cancel_and_join("in cond_wait", waits_on_cond);
    printf("cleanup handler ran: %d\n", cleanup_ran);

    /* Setting the ids to their current values is allowed for anyone, and still goes through
     * glibc's all-threads broadcast while another thread exists. */
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    int r1 = setgid(getgid());
    int r2 = setuid(getuid());
    printf("setgid %d, setuid %d with a second thread\n", r1, r2);
    pthread_join(t, NULL);
    return 0;
}
