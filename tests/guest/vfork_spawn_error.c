/* vfork_spawn_error.c: a vfork child's stores to its parent's stack reach the parent, as with a
 * real shared-memory vfork. glibc's posix_spawn depends on it to report a failed exec: the child
 * stores errno in a struct on the parent's stack and exits with 127. Under crossrun the child
 * runs on a copy of memory, so without carrying those stores back posix_spawn of a missing
 * program returned 0 (Python 3.13's subprocess then raised no FileNotFoundError).
 * The parent must also stay suspended until the child has exec'd or exited when the child
 * closes every descriptor above 2 first (posix_spawn_file_actions_addclosefrom_np, what
 * Python 3.13's subprocess asks for with close_fds): crossrun's vfork parent waits on a pipe
 * whose end the child holds, which the guest's close_range must not take away. */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
    pid_t pid;
    char *argv[] = { "/nonexistent/program", NULL };
    int r = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
    printf("posix_spawn of a missing program: %s\n", r ? strerror(r) : "0 (success)");

    char *pargv[] = { "no-such-program-crossrun", NULL };
    r = posix_spawnp(&pid, pargv[0], NULL, NULL, pargv, environ);
    printf("posix_spawnp of a missing program: %s\n", r ? strerror(r) : "0 (success)");

    /* The same with every descriptor above 2 closed in the child before the exec. */
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    r = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    printf("posix_spawn of a missing program after closefrom(3): %s\n",
           r ? strerror(r) : "0 (success)");
    posix_spawn_file_actions_destroy(&fa);

    /* vfork() + close_range(3, ~0) + _exit(): the parent still waits for the exit and sees
     * the store made after the close_range. */
    volatile int after_close = 1;
    pid = vfork();
    if (pid == 0) {
        close_range(3, ~0U, 0);
        for (volatile int spin = 0; spin < 1000000; spin++)
            ;
        after_close = 7;
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    printf("vfork child stored after close_range: %d\n", after_close);

    /* A program that exists still runs and its status comes back. */
    char *sh[] = { "/bin/sh", "-c", "exit 3", NULL };
    r = posix_spawn(&pid, sh[0], NULL, NULL, sh, environ);
    st = 0;
    if (r == 0 && waitpid(pid, &st, 0) == pid)
        printf("posix_spawn /bin/sh: exit %d\n", WEXITSTATUS(st));
    else
        printf("posix_spawn /bin/sh failed: %s\n", strerror(r));

    /* vfork() + _exit(): the child's store to a local of the parent is seen by the parent. */
    volatile int shared = 1;
    pid = vfork();
    if (pid == 0) {
        shared = 42;
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("vfork child stored: %d\n", shared);
    return 0;
}
