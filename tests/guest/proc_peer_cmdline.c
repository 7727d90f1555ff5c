/* proc_peer_cmdline: /proc/PID/cmdline of another process, which `ps -f`, `pgrep -f` and a shell's
 * `cat /proc/$pid/cmdline` read. A child execs this program with its own argv[0] and arguments
 * (one with a space, one empty) and waits; the parent reads the child's cmdline. Under crossrun
 * the child is a runner started by the guest, whose host command line (runner, options,
 * program path) must not show through: the guest sees the argv the child was given. The native
 * build prints the same. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *label, const char *path)
{
    char buf[4096];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
    if (fd >= 0)
        close(fd);
    printf("%s:", label);
    for (ssize_t i = 0; i < n; i++)
        putchar(buf[i] ? buf[i] : '|');
    printf(" (%zd bytes)\n", n);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "peer") == 0) {
        /* Tell the parent the exec is done, then wait to be killed. */
        if (write(3, "r", 1) != 1)
            return 1;
        pause();
        return 0;
    }
    int p[2];
    if (pipe(p) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 3);
        char *args[] = { "custom-argv0", "peer", "two words", "", "last", NULL };
        execv("/proc/self/exe", args);
        _exit(127);
    }
    close(p[1]);
    char c;
    if (read(p[0], &c, 1) != 1) {
        printf("the child did not start\n");
        return 1;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
    show("child", path);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    printf("child ended by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return 0;
}
