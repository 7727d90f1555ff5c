/* signal_syscall_race.c: a signal that arrives just as a thread enters a blocking read is not
 * lost. The reader uses the self-pipe pattern (the handler writes one byte into the pipe the
 * reader waits on), which is race-free on real hardware: a signal before the read fills the
 * pipe, one during the read interrupts it. Under an emulator that records a host signal and
 * delivers it "at the next safe point", a signal landing between the last check and the host
 * read leaves the reader blocked with the handler not run. A watchdog thread counts such lost
 * wakeups (and rescues the reader so the test ends): there must be none.
 *
 * A sender thread fires one SIGUSR1 at the reader per round as soon as the reader announces
 * the round; the reader then works a varying short while before its read, so that over the
 * rounds the signal lands at every point of the reader's way into read().
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 30000  /* the old race lost about 1 wakeup in 5000 rounds */

static int self_pipe[2];
static pid_t reader_tid;
static atomic_int round_ready;   /* the round the reader is about to wait in */
static atomic_int round_done;    /* the last round the reader finished */
static atomic_int finished;
static atomic_int handled;
static int lost;

static void on_usr1(int sig)
{
    (void)sig;
    int saved = errno;
    char byte = 's';
    if (write(self_pipe[1], &byte, 1) != 1)
        _exit(3);
    atomic_fetch_add(&handled, 1);
    errno = saved;
}

static void spin(unsigned n)
{
    for (volatile unsigned i = 0; i < n; i++)
        ;
}

static void *sender(void *arg)
{
    (void)arg;
    pid_t pid = getpid();
    for (int r = 1; r <= ROUNDS; r++) {
        while (atomic_load(&round_ready) < r)
            ;
        syscall(SYS_tgkill, pid, reader_tid, SIGUSR1);
        while (atomic_load(&round_done) < r)
            ;
    }
    return NULL;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* A reader stuck for a whole second in a round lost its wakeup: count it and feed the pipe. */
static void *watchdog(void *arg)
{
    (void)arg;
    int last = -1;
    long since = now_ms();
    while (!atomic_load(&finished)) {
        struct timespec tick = { 0, 20 * 1000 * 1000 };
        nanosleep(&tick, NULL);
        int d = atomic_load(&round_done);
        if (d != last) {
            last = d;
            since = now_ms();
        } else if (now_ms() - since > 1000) {
            lost++;
            char byte = 'w';
            if (write(self_pipe[1], &byte, 1) != 1)
                _exit(4);
            since = now_ms();
        }
    }
    return NULL;
}

int main(void)
{
    if (pipe(self_pipe) != 0)
        return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;  /* no SA_RESTART: a read it interrupts returns EINTR */
    sigaction(SIGUSR1, &sa, NULL);
    reader_tid = (pid_t)syscall(SYS_gettid);

    pthread_t s, w;
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, &old);  /* the helper threads never take SIGUSR1 */
    pthread_create(&s, NULL, sender, NULL);
    pthread_create(&w, NULL, watchdog, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    int eintr = 0;
    for (int r = 1; r <= ROUNDS; r++) {
        atomic_store(&round_ready, r);
        spin((unsigned)(r * 7919) % 1500);
        char byte;
        ssize_t n;
        while ((n = read(self_pipe[0], &byte, 1)) < 0 && errno == EINTR)
            eintr++;
        if (n != 1) {
            perror("read");
            return 1;
        }
        atomic_store(&round_done, r);
    }
    atomic_store(&finished, 1);
    pthread_join(s, NULL);
    pthread_join(w, NULL);
    /* One byte per round was read; the handler ran once per round (late or not). */
    printf("rounds %d, handled %d, lost wakeups %d\n", ROUNDS, atomic_load(&handled), lost);
    (void)eintr;  /* how often the read was interrupted varies with timing: not printed */
    return lost != 0;
}
