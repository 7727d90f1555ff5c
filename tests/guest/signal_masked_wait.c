/* signal_masked_wait.c: the "unblock only while waiting" pattern. SIGUSR1 is blocked; pselect,
 * ppoll and epoll_pwait each wait with a mask that lets it through, and a child sends it. The
 * call must return EINTR with the handler already run (the handler runs with the wait's mask
 * in place) and SIGUSR1 blocked again afterwards, as the kernel does. An emulator that records
 * the signal during the wait but delivers it under the caller's own mask loses it: the
 * handler never runs, and the next wait of a real program would hang.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile sig_atomic_t usr1_blocked_in_handler = -1;

static void on_usr1(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    /* Inside the handler the signal is blocked by the handler itself (no SA_NODEFER). */
    usr1_blocked_in_handler = sigismember(&cur, SIGUSR1);
    got = sig;
}

static void send_later(void)
{
    pid_t parent = getpid();
    if (fork() == 0) {
        usleep(20000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t usr1, empty, cur;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    int ep = epoll_create1(0);
    const char *names[] = { "pselect", "ppoll", "epoll_pwait" };

    for (int k = 0; k < 3; k++) {
        got = 0;
        send_later();
        int r;
        if (k == 0) {
            r = pselect(0, NULL, NULL, NULL, NULL, &empty);
        } else if (k == 1) {
            r = ppoll(NULL, 0, NULL, &empty);
        } else {
            struct epoll_event ev;
            r = epoll_pwait(ep, &ev, 1, -1, &empty);
        }
        int e = errno;
        sigprocmask(SIG_BLOCK, NULL, &cur);
        printf("%s: r=%d %s, handler ran: %s, usr1 blocked after: %d, in handler: %d\n",
               names[k], r, r < 0 ? strerror(e) : "", got == SIGUSR1 ? "yes" : "no",
               sigismember(&cur, SIGUSR1), (int)usr1_blocked_in_handler);
        while (wait(NULL) > 0)
            ;
    }

    /* A signal sent while blocked and outside any wait stays pending; the next masked wait
     * takes it at once. */
    got = 0;
    kill(getpid(), SIGUSR1);
    int r = ppoll(NULL, 0, NULL, &empty);
    printf("pending before ppoll: r=%d, handler ran: %s\n", r, got == SIGUSR1 ? "yes" : "no");
    return 0;
}
