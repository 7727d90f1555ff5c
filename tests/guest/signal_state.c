/* signal_state.c: the signal state a program sets and reads back without any signal being
 * delivered to a handler: sigaction round trips, the blocked mask, pending signals, the
 * alternate stack, ignored SIGPIPE giving EPIPE, and signals a process sends itself whose
 * default action ends it (the exit status must show death by that very signal).
 *
 * guest-test: args record
 * guest-test: args term
 * guest-test: args blocked
 * guest-test: args abort
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void handler(int sig, siginfo_t *info, void *uc)
{
    (void)sig; (void)info; (void)uc;
}

static void check(const char *what, int ok)
{
    printf("%-48s %s\n", what, ok ? "ok" : "WRONG");
}

static int record(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGKILL);
    check("sigaction(SIGUSR1) sets a handler", sigaction(SIGUSR1, &sa, &old) == 0);
    check("the old action was SIG_DFL", old.sa_handler == SIG_DFL);
    memset(&old, 0, sizeof old);
    check("sigaction(SIGUSR1) reads it back", sigaction(SIGUSR1, NULL, &old) == 0);
    check("  same handler", old.sa_sigaction == handler);
    check("  same flags", (old.sa_flags & (SA_SIGINFO | SA_RESTART | SA_NODEFER)) ==
                              (SA_SIGINFO | SA_RESTART));
    check("  SIGINT in the mask", sigismember(&old.sa_mask, SIGINT) == 1);
    check("  SIGKILL dropped from the mask", sigismember(&old.sa_mask, SIGKILL) == 0);
    errno = 0;
    check("sigaction(SIGKILL) is refused with EINVAL",
          sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);

    sigset_t set, cur;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGSTOP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    check("SIG_BLOCK blocks SIGTERM", sigismember(&cur, SIGTERM) == 1);
    check("SIGSTOP cannot be blocked", sigismember(&cur, SIGSTOP) == 0);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    check("SIG_UNBLOCK unblocks it", sigismember(&cur, SIGTERM) == 0);
    errno = 0;
    check("a bad 'how' is EINVAL", sigprocmask(42, &set, NULL) == -1 && errno == EINVAL);

    /* A blocked signal sent to oneself stays pending; ignoring it discards it. */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR2);
    sigpending(&cur);
    check("a blocked SIGUSR2 is pending", sigismember(&cur, SIGUSR2) == 1);
    signal(SIGUSR2, SIG_IGN);
    sigpending(&cur);
    check("ignoring it discards it", sigismember(&cur, SIGUSR2) == 0);
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    signal(SIGHUP, SIG_IGN);
    check("raise of an ignored SIGHUP returns", raise(SIGHUP) == 0);
    check("signal() reports the old SIG_IGN", signal(SIGHUP, SIG_DFL) == SIG_IGN);

    signal(SIGPIPE, SIG_IGN);
    int p[2];
    if (pipe(p) != 0)
        return 1;
    close(p[0]);
    errno = 0;
    check("write to a closed pipe with SIGPIPE ignored: EPIPE",
          write(p[1], "x", 1) == -1 && errno == EPIPE);

    static char stack_mem[65536];
    stack_t ss = { .ss_sp = stack_mem, .ss_size = sizeof stack_mem, .ss_flags = 0 }, oss;
    check("sigaltstack installs a stack", sigaltstack(&ss, &oss) == 0);
    check("  there was none before", (oss.ss_flags & SS_DISABLE) != 0);
    check("  it reads back", sigaltstack(NULL, &oss) == 0 && oss.ss_sp == stack_mem &&
                                 oss.ss_size == sizeof stack_mem && oss.ss_flags == 0);
    ss.ss_size = 100;
    errno = 0;
    check("a tiny stack is ENOMEM", sigaltstack(&ss, NULL) == -1 && errno == ENOMEM);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "record";
    if (!strcmp(mode, "record"))
        return record();
    if (!strcmp(mode, "term")) {
        puts("raising SIGTERM");
        fflush(stdout);
        raise(SIGTERM);
        puts("still here after SIGTERM");
        return 0;
    }
    if (!strcmp(mode, "blocked")) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        kill(getpid(), SIGUSR1);
        puts("alive while SIGUSR1 is blocked");
        fflush(stdout);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        puts("still here after unblocking");
        return 0;
    }
    if (!strcmp(mode, "abort")) {
        puts("calling abort");
        fflush(stdout);
        abort();
    }
    return 2;
}
