/* exec_chain: execve of this same program three levels deep, each level checking what it
 * inherited: argv[0] exactly as the caller chose it, the environment the caller passed (and
 * nothing of the caller's own), uname's machine equal to the caller's (under crossrun the child
 * must be a riscv64 process again), /proc/self/exe equal to the caller's realpath; then exec
 * errors (ENOENT, EACCES, ENOEXEC, EFAULT) that leave the caller running, and a #! script whose
 * interpreter is this program with one argument, and a dup2 onto descriptor 1023 before the
 * chain. The native build and the riscv64 builds print the same lines. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static char self[PATH_MAX];

static const char *errname(int e)
{
    switch (e) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case ENOEXEC: return "ENOEXEC";
    case EFAULT: return "EFAULT";
    default: return strerror(e);
    }
}

static void machine(char *out, size_t cap)
{
    struct utsname u;
    uname(&u);
    snprintf(out, cap, "%s", u.machine);
}

/* level N MACHINE EXE: a link of the chain. */
static int level(int argc, char **argv)
{
    int n = atoi(argv[2]);
    char m[65];
    machine(m, sizeof m);
    printf("level %d: argv[0]=%s argc=%d same machine=%s same exe=%s env=%s%s\n", n, argv[0], argc,
           strcmp(m, argv[3]) == 0 ? "yes" : "no", strcmp(self, argv[4]) == 0 ? "yes" : "no",
           getenv("CHAIN") ? getenv("CHAIN") : "(unset)", getenv("HOME") ? " HOME leaked" : "");
    fflush(stdout);
    if (n >= 3)
        return 0;
    char next[16], argv0[32], envbuf[64];
    snprintf(next, sizeof next, "%d", n + 1);
    snprintf(argv0, sizeof argv0, "chain-link-%d", n + 1);
    snprintf(envbuf, sizeof envbuf, "CHAIN=%s+%d", getenv("CHAIN") ? getenv("CHAIN") : "", n + 1);
    char *args[] = { argv0, "level", next, m, self, NULL };
    char *env[] = { envbuf, NULL };
    execve("/proc/self/exe", args, env);
    printf("execve failed: %s\n", errname(errno));
    return 1;
}

static void try_exec(const char *what, const char *path, char **args)
{
    errno = 0;
    execv(path, args);
    printf("%s: %s\n", what, errname(errno));
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    write(fd, text, strlen(text));
    close(fd);
    chmod(path, mode);
}

static void run_child(const char *what, const char *path, char **args)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execv(path, args);
        printf("%s: exec failed: %s\n", what, errname(errno));
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("%s: exited %d\n", what, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

int main(int argc, char **argv)
{
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len < 0)
        return 2;
    self[len] = '\0';
    if (argc == 5 && strcmp(argv[1], "level") == 0)
        return level(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "script-arg") == 0) {
        /* run as the interpreter of a #! script: SELF script-arg SCRIPT x1 x2 */
        printf("interpreter: argc=%d argv[0] is self=%s argv[1]=%s argv[2] is script=%s rest=%s %s\n",
               argc, strcmp(argv[0], self) == 0 ? "yes" : "no", argv[1],
               argc > 2 && strstr(argv[2], "exec_chain_script") ? "yes" : "no",
               argc > 3 ? argv[3] : "-", argc > 4 ? argv[4] : "-");
        return 4;
    }

    char dir[] = "/tmp/exec_chain.XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char path[PATH_MAX + 64], script[PATH_MAX + 64];

    char *none[] = { "x", NULL };
    try_exec("missing program", "/nonexistent/program", none);
    snprintf(path, sizeof path, "%s/plain", dir);
    write_file(path, "just text\n", 0644);
    try_exec("no exec permission", path, none);
    snprintf(path, sizeof path, "%s/garbage", dir);
    write_file(path, "\x01\x02\x03 not a program\n", 0755);
    try_exec("unknown format", path, none);
    char **volatile bad_argv = (char **)16; /* volatile: no compile-time warning about it */
    errno = 0;
    execve(self, bad_argv, NULL);
    printf("bad argv pointer: %s\n", errname(errno));
    try_exec("a directory", dir, none);

    snprintf(script, sizeof script, "%s/exec_chain_script", dir);
    char text[PATH_MAX + 64];
    snprintf(text, sizeof text, "#!%s script-arg\nthis line is not read\n", self);
    write_file(script, text, 0755);
    char *sargs[] = { "ignored-argv0", "x1", "x2", NULL };
    run_child("script", script, sargs);

    unlink(script);
    snprintf(path, sizeof path, "%s/plain", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/garbage", dir);
    unlink(path);
    rmdir(dir);

    /* Descriptor 1023 is where crossrun keeps its own file (syscall/runner_exe.c): a dup2 onto
     * it must neither fail nor keep the chain below from running. */
    errno = 0;
    printf("dup2 onto descriptor 1023: %s\n", dup2(1, 1023) == 1023 ? "ok" : errname(errno));

    char m[65];
    machine(m, sizeof m);
    char *args[] = { "chain-link-1", "level", "1", m, self, NULL };
    char *env[] = { "CHAIN=start", NULL };
    fflush(stdout);
    execve("/proc/self/exe", args, env);
    printf("execve failed: %s\n", errname(errno));
    return 1;
}
