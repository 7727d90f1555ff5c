/* inotify_signal_read.c: what stress-ng's inotify stressor does to a runner. A reader blocked in
 * read() on an inotify descriptor (and in select() before it) gets signals while another process
 * makes, renames and removes files in the watched directory; every event must arrive, a handler
 * without SA_RESTART must make the blocked read return EINTR, one with SA_RESTART must let it go on,
 * and FIONREAD / a too-small buffer must answer as the kernel does.
 * guest-test: timeout 60
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FILES 300

static volatile sig_atomic_t hits;
static char dir[64];

static void on_sig(int sig)
{
    (void)sig;
    hits++;
}

static void handle(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void check(const char *what, int ok)
{
    printf("%-60s %s\n", what, ok ? "ok" : "WRONG");
}

/* Makes FILES files and removes them; each gives IN_CREATE, IN_CLOSE_WRITE and IN_DELETE. */
static void churn(void)
{
    char p[128], q[128];
    for (int i = 0; i < FILES; i++) {
        snprintf(p, sizeof p, "%s/f%d", dir, i);
        snprintf(q, sizeof q, "%s/g%d", dir, i);
        int fd = open(p, O_CREAT | O_WRONLY, 0600);
        if (fd < 0 || write(fd, "x", 1) != 1)
            _exit(1);
        close(fd);
        if (rename(p, q) < 0 || unlink(q) < 0)
            _exit(2);
    }
    _exit(0);
}

/* The reader: counts deletes until it has seen them all, reading after select() or straight. */
static void storm(void)
{
    int in = inotify_init1(IN_CLOEXEC);
    if (in < 0 || inotify_add_watch(in, dir, IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
        perror("inotify");
        exit(1);
    }
    handle(SIGUSR1, 0);
    handle(SIGALRM, SA_RESTART);
    pid_t reader = getpid();
    pid_t pester = fork();
    if (pester == 0) {
        struct timespec pause = { 0, 100000 };
        for (;;) {
            if (kill(reader, SIGUSR1) < 0 || kill(reader, SIGALRM) < 0)
                _exit(0);
            nanosleep(&pause, NULL);
        }
    }
    pid_t maker = fork();
    if (maker == 0)
        churn();
    int deletes = 0, creates = 0, moves = 0, closes = 0, eintr = 0, bad = 0;
    char buf[4096] __attribute__((aligned(8)));
    time_t start = time(NULL);
    while (deletes < FILES && time(NULL) - start < 20) {
        if (deletes % 2) {
            fd_set rd;
            FD_ZERO(&rd);
            FD_SET(in, &rd);
            struct timeval tv = { 1, 0 };
            int r = select(in + 1, &rd, NULL, NULL, &tv);
            if (r < 0 && errno != EINTR)
                bad++;
            int avail = 0;
            if (r > 0 && (ioctl(in, FIONREAD, &avail) < 0 || avail <= 0))
                bad++;
            if (r <= 0)
                continue;
        }
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                eintr++;
            else
                bad++;
            continue;
        }
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *)p;
            if (e->mask & IN_DELETE)
                deletes++;
            if (e->mask & IN_CREATE)
                creates++;
            if (e->mask & IN_MOVED_TO)
                moves++;
            if (e->mask & IN_CLOSE_WRITE)
                closes++;
            p += sizeof *e + e->len;
        }
    }
    kill(pester, SIGKILL);
    int st, ok = 1;
    waitpid(pester, &st, 0);
    waitpid(maker, &st, 0);
    ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    check("the file maker finished", ok);
    check("every create, close, move and delete event was read", creates == FILES &&
          closes == FILES && moves == FILES && deletes == FILES);
    check("no read or select failed but with EINTR", bad == 0);
    (void)eintr;  /* how many depends on timing */
    close(in);
}

/* A thread blocked in read() on an inotify descriptor with nothing to read gets a signal. */
static int blocked_in;
static volatile int blocked_result, blocked_errno;

static void *blocked_reader(void *arg)
{
    (void)arg;
    char buf[512] __attribute__((aligned(8)));
    ssize_t n = read(blocked_in, buf, sizeof buf);
    blocked_errno = n < 0 ? errno : 0;
    blocked_result = n < 0 ? -1 : (n > 0 ? 1 : 0);
    return NULL;
}

static void interrupted(int flags)
{
    hits = 0;
    handle(SIGUSR2, flags);
    blocked_in = inotify_init1(0);
    inotify_add_watch(blocked_in, dir, IN_CREATE);
    blocked_result = -2;
    pthread_t t;
    pthread_create(&t, NULL, blocked_reader, NULL);
    usleep(100000);
    pthread_kill(t, SIGUSR2);
    usleep(100000);
    int still = blocked_result == -2;
    char p[128];
    snprintf(p, sizeof p, "%s/wake", dir);
    int fd = open(p, O_CREAT | O_WRONLY, 0600);
    close(fd);
    unlink(p);
    pthread_join(t, NULL);
    if (flags & SA_RESTART)
        check("inotify read with SA_RESTART: handler ran, read goes on",
              hits == 1 && still && blocked_result == 1);
    else
        check("inotify read without SA_RESTART: EINTR",
              hits == 1 && blocked_result == -1 && blocked_errno == EINTR);
    close(blocked_in);
}

static void small_buffer(void)
{
    int in = inotify_init1(IN_NONBLOCK);
    inotify_add_watch(in, dir, IN_CREATE);
    char p[128];
    snprintf(p, sizeof p, "%s/a_rather_long_file_name", dir);
    close(open(p, O_CREAT | O_WRONLY, 0600));
    unlink(p);
    int avail = 0;
    ioctl(in, FIONREAD, &avail);
    char buf[sizeof(struct inotify_event) + 4] __attribute__((aligned(8)));
    ssize_t n = read(in, buf, sizeof buf);
    check("FIONREAD counts the queued record", avail == (int)sizeof(struct inotify_event) + 32);
    check("read into a buffer too small for the record: EINVAL", n < 0 && errno == EINVAL);
    close(in);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(dir, sizeof dir, "/tmp/inotify_signal_readXXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    storm();
    interrupted(0);
    interrupted(SA_RESTART);
    small_buffer();
    rmdir(dir);
    return 0;
}
