/* signalfd.c: signals read from a signalfd instead of a handler. SIGUSR1 and SIGUSR2 are blocked,
 * sent with raise and sigqueue (carrying a value), and read back as signalfd_siginfo records
 * with their numbers, codes, sender pid and value; a non-blocking signalfd with nothing
 * pending gives EAGAIN; a changed mask on the same descriptor takes effect; a bad mask size
 * is EINVAL. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

static void read_one(int fd, const char *label)
{
    struct signalfd_siginfo si;
    ssize_t n = read(fd, &si, sizeof si);
    if (n != (ssize_t)sizeof si) {
        printf("%s: read returned %zd (%s)\n", label, n, n < 0 ? strerror(errno) : "short");
        return;
    }
    printf("%s: signo=%s code=%s pid_is_self=%d value=%d\n", label,
           si.ssi_signo == SIGUSR1 ? "SIGUSR1" : si.ssi_signo == SIGUSR2 ? "SIGUSR2" : "other",
           si.ssi_code == SI_TKILL ? "SI_TKILL" : si.ssi_code == SI_QUEUE ? "SI_QUEUE"
                                    : si.ssi_code == SI_USER ? "SI_USER" : "other",
           si.ssi_pid == (uint32_t)getpid(), si.ssi_int);
}

int main(void)
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0)
        perror("sigprocmask");

    int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: %s\n", fd >= 0 ? "ok" : strerror(errno));

    struct signalfd_siginfo si;
    errno = 0;
    ssize_t n = read(fd, &si, sizeof si);
    printf("nothing pending: %zd %s\n", n, errno == EAGAIN ? "EAGAIN" : strerror(errno));

    raise(SIGUSR1);
    read_one(fd, "raise");

    union sigval v = { .sival_int = 4242 };
    sigqueue(getpid(), SIGUSR2, v);
    read_one(fd, "sigqueue");

    /* Narrow the mask of the same descriptor to SIGUSR2 only: a pending SIGUSR1 is not read. */
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    printf("remask: %s\n", signalfd(fd, &only2, 0) == fd ? "same fd" : strerror(errno));
    raise(SIGUSR1);
    errno = 0;
    n = read(fd, &si, sizeof si);
    printf("SIGUSR1 outside the mask: %zd %s\n", n, errno == EAGAIN ? "EAGAIN" : strerror(errno));
    sigset_t pending;
    sigpending(&pending);
    printf("SIGUSR1 still pending: %d\n", sigismember(&pending, SIGUSR1));

    long r = syscall(SYS_signalfd4, -1, &mask, 4, 0);
    printf("bad size: %ld %s\n", r, r < 0 && errno == EINVAL ? "EINVAL" : strerror(errno));
    return 0;
}
