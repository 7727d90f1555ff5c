/* fork_wait: fork, vfork, posix_spawn and the wait family: exit statuses and deaths by signal
 * reported exactly (wait4 status words, waitid siginfo), WNOHANG and ECHILD, getppid in the
 * child, and a pipe carrying 4 MiB from a child to its parent. posix_spawn runs this same
 * program (/proc/self/exe) with an argument, so the native and the riscv64 build each spawn
 * themselves; under crossrun that is a guest execve re-executing crossrun.
 * Output names no pids, so the native run and the riscv64 runs print the same. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void describe(const char *what, int st)
{
    if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by %s\n", what, strsignal(WTERMSIG(st)));
    else
        printf("%s: status 0x%x\n", what, st);
}

static pid_t fork_or_die(void)
{
    fflush(stdout); /* nothing buffered may be printed twice */
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    return pid;
}

static void exit_status(void)
{
    pid_t pid = fork_or_die();
    if (pid == 0)
        exit(7);
    int st = -1;
    struct rusage ru;
    pid_t r = wait4(pid, &st, 0, &ru);
    printf("wait4 returned the child: %s\n", r == pid ? "yes" : "no");
    describe("exit(7)", st);
    printf("rusage utime sane: %s\n", ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 ? "yes" : "no");
}

static void killed_by_parent(void)
{
    int p[2];
    if (pipe(p) < 0)
        return;
    pid_t pid = fork_or_die();
    if (pid == 0) {
        close(p[0]);
        write(p[1], "r", 1); /* running: the parent may kill now */
        for (;;)
            sleep(1);
    }
    close(p[1]);
    char c;
    read(p[0], &c, 1);
    close(p[0]);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    describe("kill(SIGTERM)", st);
}

static void killed_by_fault(void)
{
    pid_t pid = fork_or_die();
    if (pid == 0) {
        int *volatile bad = (int *)16; /* volatile pointer: the compiler cannot see it is bad */
        *bad = 1;
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    describe("bad store", st);
}

static void with_waitid(void)
{
    pid_t pid = fork_or_die();
    if (pid == 0)
        _exit(3);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = waitid(P_PID, (id_t)pid, &si, WEXITED);
    printf("waitid: r=%d signo=%s code=%s pid ok=%s status=%d\n", r, strsignal(si.si_signo),
           si.si_code == CLD_EXITED ? "CLD_EXITED" : "other", si.si_pid == pid ? "yes" : "no",
           si.si_status);

    pid = fork_or_die();
    if (pid == 0)
        for (;;)
            sleep(1);
    kill(pid, SIGKILL);
    memset(&si, 0, sizeof si);
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("waitid: r=%d code=%s status=%s\n", r, si.si_code == CLD_KILLED ? "CLD_KILLED" : "other",
           strsignal(si.si_status));
}

static void nohang_and_echild(void)
{
    int p[2];
    if (pipe(p) < 0)
        return;
    pid_t pid = fork_or_die();
    if (pid == 0) {
        close(p[1]);
        char c;
        read(p[0], &c, 1); /* wait until the parent has looked */
        _exit(0);
    }
    close(p[0]);
    int st;
    printf("WNOHANG while running: %d\n", (int)waitpid(pid, &st, WNOHANG));
    write(p[1], "x", 1);
    close(p[1]);
    waitpid(pid, &st, 0);
    describe("released child", st);
    errno = 0;
    pid_t r = wait(&st);
    printf("wait with no children: %d %s\n", (int)r, errno == ECHILD ? "ECHILD" : strerror(errno));
}

static void ppid(void)
{
    pid_t me = getpid();
    pid_t pid = fork_or_die();
    if (pid == 0)
        _exit(getppid() == me ? 0 : 1);
    int st;
    waitpid(pid, &st, 0);
    describe("getppid in the child is the parent", st);
}

static void big_pipe(void)
{
    enum { TOTAL = 4 << 20 };
    int p[2];
    if (pipe(p) < 0)
        return;
    pid_t pid = fork_or_die();
    if (pid == 0) {
        close(p[0]);
        static unsigned char buf[65536];
        unsigned v = 1;
        for (size_t done = 0; done < TOTAL; done += sizeof buf) {
            for (size_t i = 0; i < sizeof buf; i++) {
                v = v * 1103515245u + 12345u;
                buf[i] = (unsigned char)(v >> 16);
            }
            for (size_t off = 0; off < sizeof buf;) {
                ssize_t n = write(p[1], buf + off, sizeof buf - off);
                if (n <= 0)
                    _exit(2);
                off += (size_t)n;
            }
        }
        _exit(0);
    }
    close(p[1]);
    unsigned v = 1, bad = 0;
    size_t got = 0;
    unsigned char buf[30000];
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            v = v * 1103515245u + 12345u;
            bad += buf[i] != (unsigned char)(v >> 16);
        }
        got += (size_t)n;
    }
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    printf("pipe: %zu bytes from the child, %u wrong\n", got, bad);
    describe("pipe writer", st);
}

static void with_vfork(void)
{
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0)
        _exit(5);
    int st;
    waitpid(pid, &st, 0);
    describe("vfork + _exit(5)", st);

    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        char *args[] = { "vforked", "child", "11", NULL };
        execve("/proc/self/exe", args, environ);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    describe("vfork + execve(self)", st);
}

static void with_posix_spawn(void)
{
    fflush(stdout);
    pid_t pid;
    char *args[] = { "spawned", "child", "9", NULL };
    int r = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, environ);
    if (r != 0) {
        printf("posix_spawn: %s\n", strerror(r));
        return;
    }
    int st;
    waitpid(pid, &st, 0); /* print only now: the child's line must come first */
    printf("posix_spawn: ok\n");
    describe("spawned self", st);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "child") == 0) {
        printf("  child '%s' running, exiting %s\n", argv[0], argv[2]);
        return atoi(argv[2]);
    }
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    exit_status();
    killed_by_parent();
    killed_by_fault();
    with_waitid();
    nohang_and_echild();
    ppid();
    big_pipe();
    with_vfork();
    with_posix_spawn();
    return 0;
}
