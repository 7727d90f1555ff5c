/* lock_signal_storm.c: what stress-ng's fcntl and lockf stressors do to a runner. Many children
 * take and release fcntl record locks (F_SETLKW, lockf, OFD locks) on overlapping ranges of one
 * file while the parent showers them with a handled signal; every child must finish. Then children
 * blocked in F_SETLKW on a range the parent holds are killed with SIGKILL and must be reaped, and a
 * blocked F_SETLKW interrupted by a handler without SA_RESTART returns EINTR while one with
 * SA_RESTART goes on waiting until the lock is free.
 * guest-test: timeout 60
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILDREN 6
#define ROUNDS 400

static volatile sig_atomic_t hits;

static void on_usr1(int sig)
{
    (void)sig;
    hits++;
}

static void handle(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void check(const char *what, int ok)
{
    printf("%-60s %s\n", what, ok ? "ok" : "WRONG");
}

static int lock(int fd, int cmd, short type, off_t start, off_t len)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    int r;
    do
        r = fcntl(fd, cmd, &fl);
    while (r < 0 && errno == EINTR);
    return r;
}

/* One child's work: each round a different way of locking an overlapping range. */
static void locker(const char *path, int id)
{
    int fd = open(path, O_RDWR);
    int ofd = open(path, O_RDWR);
    if (fd < 0 || ofd < 0)
        _exit(10);
    for (int i = 0; i < ROUNDS; i++) {
        off_t start = (id * 7 + i * 3) % 64;
        switch (i % 4) {
        case 0:
            if (lock(fd, F_SETLKW, F_WRLCK, start, 16) < 0)
                _exit(11);
            if (lock(fd, F_SETLK, F_UNLCK, start, 16) < 0)
                _exit(12);
            break;
        case 1:
            if (lseek(fd, start, SEEK_SET) < 0)
                _exit(13);
            while (lockf(fd, F_LOCK, 8) < 0)
                if (errno != EINTR)
                    _exit(14);
            if (lockf(fd, F_ULOCK, 8) < 0)
                _exit(15);
            break;
        case 2:
            if (lock(ofd, F_OFD_SETLKW, F_RDLCK, start, 32) < 0)
                _exit(16);
            if (lock(ofd, F_OFD_SETLK, F_UNLCK, start, 32) < 0)
                _exit(17);
            break;
        default: {
            struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = 4 };
            if (fcntl(fd, F_GETLK, &fl) < 0 && errno != EINTR)
                _exit(18);
            if (lock(fd, F_SETLK, F_RDLCK, start, 4) < 0 && errno != EAGAIN && errno != EACCES)
                _exit(19);
            lock(fd, F_SETLK, F_UNLCK, start, 4);
        }
        }
    }
    _exit(0);
}

static void storm(const char *path)
{
    handle(SIGUSR1, 0);
    pid_t kids[CHILDREN];
    for (int i = 0; i < CHILDREN; i++) {
        kids[i] = fork();
        if (kids[i] == 0)
            locker(path, i);
    }
    int done = 0, clean = 0;
    int alive[CHILDREN];
    for (int i = 0; i < CHILDREN; i++)
        alive[i] = 1;
    struct timespec pause = { 0, 200000 };
    while (done < CHILDREN) {
        for (int i = 0; i < CHILDREN; i++)
            if (alive[i])
                kill(kids[i], SIGUSR1);
        nanosleep(&pause, NULL);
        for (int i = 0; i < CHILDREN; i++) {
            int st;
            if (alive[i] && waitpid(kids[i], &st, WNOHANG) == kids[i]) {
                alive[i] = 0;
                done++;
                if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
                    clean++;
                else
                    printf("child %d: status %#x\n", i, st);
            }
        }
    }
    check("every locking child finished under a signal storm", clean == CHILDREN);
}

/* Children wait in F_SETLKW for a range the parent holds and are killed there. */
static void kill_waiters(const char *path, int fd)
{
    if (lock(fd, F_SETLK, F_WRLCK, 0, 0) < 0) {
        perror("lock");
        return;
    }
    pid_t kids[CHILDREN];
    for (int i = 0; i < CHILDREN; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            int cfd = open(path, O_RDWR);
            lock(cfd, i % 2 ? F_OFD_SETLKW : F_SETLKW, F_WRLCK, i, 1);
            _exit(20);
        }
    }
    usleep(100000);
    int killed = 0;
    for (int i = 0; i < CHILDREN; i++) {
        int st;
        kill(kids[i], SIGUSR2);
        kill(kids[i], SIGKILL);
        if (waitpid(kids[i], &st, 0) == kids[i] && WIFSIGNALED(st) &&
            (WTERMSIG(st) == SIGKILL || WTERMSIG(st) == SIGUSR2))
            killed++;
    }
    check("children blocked in F_SETLKW die by the signal sent", killed == CHILDREN);
    lock(fd, F_SETLK, F_UNLCK, 0, 0);
}

/* A child blocks in F_SETLKW; a signal with or without SA_RESTART arrives. */
static void interrupted(const char *path, int fd, int flags)
{
    int pfd[2];
    if (pipe(pfd) < 0 || lock(fd, F_SETLK, F_WRLCK, 0, 0) < 0)
        return;
    pid_t kid = fork();
    if (kid == 0) {
        handle(SIGUSR1, flags);
        int cfd = open(path, O_RDWR);
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
        if (write(pfd[1], "r", 1) != 1)
            _exit(30);
        int r = fcntl(cfd, F_SETLKW, &fl);
        int e = errno;
        _exit(r == 0 ? (hits ? 1 : 2) : e == EINTR ? 3 : 4);
    }
    char c;
    if (read(pfd[0], &c, 1) != 1)
        return;
    usleep(100000);
    kill(kid, SIGUSR1);
    usleep(100000);
    lock(fd, F_SETLK, F_UNLCK, 0, 0);
    int st;
    waitpid(kid, &st, 0);
    if (flags & SA_RESTART)
        check("F_SETLKW with SA_RESTART: handler ran, lock taken after",
              WIFEXITED(st) && WEXITSTATUS(st) == 1);
    else
        check("F_SETLKW without SA_RESTART: EINTR", WIFEXITED(st) && WEXITSTATUS(st) == 3);
    close(pfd[0]);
    close(pfd[1]);
}

int main(void)
{
    char path[] = "/tmp/lock_signal_stormXXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, 128) < 0) {
        perror("mkstemp");
        return 1;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    storm(path);
    kill_waiters(path, fd);
    interrupted(path, fd, 0);
    interrupted(path, fd, SA_RESTART);
    unlink(path);
    return 0;
}
