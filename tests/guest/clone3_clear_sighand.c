/* clone3_clear_sighand: clone3's CLONE_CLEAR_SIGHAND (Linux 5.5), which glibc 2.41's posix_spawn
 * asks for (and gcc's driver, make and python spawn their children that way): the child starts
 * with every handled signal back at SIG_DFL and flags and masks cleared, while ignored signals
 * stay ignored; the parent keeps its own handlers. Checked by querying the child's actions and by
 * raising signals in it (a cleared handler means the default action kills it), with a plain fork
 * and with CLONE_VFORK. CLONE_CLEAR_SIGHAND together with CLONE_SIGHAND is EINVAL.
 * Output names no pids or addresses, so the native and riscv64 runs print the same. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif

static volatile sig_atomic_t usr1_seen;
static void on_usr1(int sig) { usr1_seen = sig; }

static const char *action_name(int sig)
{
    struct sigaction sa;
    if (sigaction(sig, NULL, &sa) < 0)
        return "error";
    if (sa.sa_handler == SIG_DFL)
        return "SIG_DFL";
    if (sa.sa_handler == SIG_IGN)
        return "SIG_IGN";
    return "handler";
}

/* sa_flags and sa_mask of sig as this process sees them (SA_RESTORER, which x86-64's libc adds,
 * left out so that both builds print the same). */
static void print_action(const char *who, int sig)
{
    struct sigaction sa;
    if (sigaction(sig, NULL, &sa) < 0) {
        printf("%s: sigaction(%d): %s\n", who, sig, strerror(errno));
        return;
    }
    printf("%s: %s %s restart=%d mask_has_term=%d\n", who, strsignal(sig), action_name(sig),
           !!(sa.sa_flags & SA_RESTART), sigismember(&sa.sa_mask, SIGTERM));
}

static long clone3_fork(uint64_t flags)
{
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = flags;
    args.exit_signal = SIGCHLD;
    return syscall(SYS_clone3, &args, sizeof args);
}

static void describe(const char *what, int st)
{
    if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by %s\n", what, strsignal(WTERMSIG(st)));
    else
        printf("%s: status 0x%x\n", what, st);
}

static void run(const char *name, uint64_t flags)
{
    fflush(stdout);
    long pid = clone3_fork(flags | CLONE_CLEAR_SIGHAND);
    if (pid < 0) {
        printf("%s: clone3 failed: %s\n", name, strerror(errno));
        return;
    }
    if (pid == 0) {
        print_action("child", SIGUSR1);
        print_action("child", SIGUSR2);
        print_action("child", SIGHUP);
        raise(SIGUSR2); /* still ignored: nothing happens */
        printf("child: survived SIGUSR2\n");
        fflush(stdout);
        raise(SIGUSR1); /* back at SIG_DFL: terminates */
        printf("child: survived SIGUSR1 (handler ran: %d)\n", usr1_seen != 0);
        fflush(stdout);
        _exit(3);
    }
    int st;
    if (waitpid((pid_t)pid, &st, 0) < 0)
        printf("%s: waitpid: %s\n", name, strerror(errno));
    else
        describe(name, st);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGUSR2, &sa, NULL);

    run("fork with CLONE_CLEAR_SIGHAND", 0);
    run("vfork with CLONE_CLEAR_SIGHAND", CLONE_VFORK);

    print_action("parent", SIGUSR1);
    print_action("parent", SIGUSR2);
    raise(SIGUSR1);
    printf("parent: its handler ran: %d\n", usr1_seen == SIGUSR1);

    errno = 0;
    long r = clone3_fork(CLONE_CLEAR_SIGHAND | CLONE_SIGHAND | CLONE_VM);
    printf("CLONE_CLEAR_SIGHAND|CLONE_SIGHAND: %ld %s\n", r, r < 0 ? strerrorname_np(errno) : "?");
    if (r == 0)
        _exit(0);
    return 0;
}
