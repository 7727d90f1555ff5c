/* signal_restart.c: a blocking read from an empty pipe interrupted by a timer signal returns
 * EINTR when the handler lacks SA_RESTART and is restarted when it has it (the handler then
 * feeds the pipe so the restarted read finishes); nanosleep returns EINTR even with SA_RESTART,
 * as the kernel does for sleeps. splice and tee waiting on an empty pipe are restarted too
 * (crossrun once gave them EINTR: Go's net package, which splices through a pipe, failed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static volatile sig_atomic_t fired;

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "WRONG");
}

static void on_alarm(int sig)
{
    (void)sig;
    fired++;
    if (write(fds[1], "x", 1) != 1)
        fired = -100;
}

static void on_alarm_quiet(int sig)
{
    (void)sig;
    fired++;
}

static void arm(void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { .it_value = { 0, 50 * 1000 } };
    fired = 0;
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (pipe(fds) != 0)
        return 1;
    char c = 0;

    arm(on_alarm_quiet, 0);
    ssize_t n = read(fds[0], &c, 1);
    check("read without SA_RESTART: -1 EINTR", n == -1 && errno == EINTR && fired == 1);

    arm(on_alarm, SA_RESTART);
    n = read(fds[0], &c, 1);
    check("read with SA_RESTART restarts and gets the byte", n == 1 && c == 'x' && fired == 1);

    int out[2];
    if (pipe(out) != 0)
        return 1;
    arm(on_alarm_quiet, 0);
    n = splice(fds[0], NULL, out[1], NULL, 1, 0);
    check("splice without SA_RESTART: -1 EINTR", n == -1 && errno == EINTR && fired == 1);

    arm(on_alarm, SA_RESTART);
    n = splice(fds[0], NULL, out[1], NULL, 1, 0);
    check("splice with SA_RESTART restarts and moves the byte",
          n == 1 && fired == 1 && read(out[0], &c, 1) == 1 && c == 'x');

    arm(on_alarm, SA_RESTART);
    n = tee(fds[0], out[1], 1, 0);
    check("tee with SA_RESTART restarts and copies the byte",
          n == 1 && fired == 1 && read(out[0], &c, 1) == 1 && c == 'x');

    arm(on_alarm_quiet, SA_RESTART);
    struct timespec ts = { 5, 0 }, rem = { 0, 0 };
    int r = nanosleep(&ts, &rem);
    check("nanosleep with SA_RESTART: -1 EINTR", r == -1 && errno == EINTR && fired == 1);
    check("nanosleep reports the remaining time", rem.tv_sec >= 3 && rem.tv_sec <= 5);
    return 0;
}
