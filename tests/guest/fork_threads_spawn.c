/* fork_threads_spawn: posix_spawn from a process whose other threads keep changing its address
 * space. Two threads mmap, touch and munmap anonymous memory (various sizes, some unmapped in two
 * halves) as fast as they can while the main thread posix_spawns this same program
 * (/proc/self/exe, arguments "child N") 300 times (see the count below). Each spawned
 * child maps and fills fresh memory, then generates a tiny function returning N % 100 in a fresh
 * page (written, made executable, __builtin___clear_cache, called) and exits with what it
 * returned; the parent checks each child's exit status.
 *
 * What it proves: glibc's posix_spawn is clone(CLONE_VM|CLONE_VFORK) or clone3, a path of its own
 * in a runner (crossrun cannot share its own memory with that child: it copies the whole runner
 * and keeps the parent waiting until the child execs), and the child runs guest code and the
 * runner's execve (which allocates) before the new program starts. A runner that copies itself
 * while another thread holds one of its locks (address-space table, block cache, signal state,
 * the host malloc's) leaves that child waiting forever on a lock nobody will release, and the
 * test times out. Under crossrun the exec'd program is a new crossrun, so the spawned child's
 * own work also checks that a fresh runner maps memory and translates new code.
 *
 * The count, 300 by default (argv[1] overrides it), is not fork_threads_mmap's 2000: every spawn
 * starts a whole new program, and under crossrun a whole new runner, about 20 ms on an idle
 * 2-CPU machine and 60-80 ms on a busy one, so 2000 would take 40 s to minutes per run, past the
 * harness's timeout. An unfixed runner hung within the first 40 spawns in every trial.
 * Output names no pids and no timings, so the native and the riscv64 runs print the same line.
 * guest-test: libs -pthread
 * guest-test: timeout 120
 */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "fork_threads_common.h"

#define DEFAULT_SPAWNS 300 /* see the header: the time a spawn takes under a runner */
#define ST_EXEC_FAILED 127 /* what posix_spawn's child exits with when its exec fails */

extern char **environ;

static const char *status_text(int st)
{
    /* "the" code page: this child has only the fresh one */
    return st == ST_CODE_PROT ? "mprotect of the code page failed" : fresh_status_text(st);
}

/* below 127, so a failed exec (127) is never taken for a child's result */
static int child_value(int n) { return n % 100; }

/* ---- the spawned child ---------------------------------------------------------------------- */

/* What "child N" does: fresh memory, then fresh code returning N % 100, whose result is the
 * exit status. */
static int child(int n)
{
    int got;
    int st = fresh_steps(n, child_value(n), &got);
    return st ? st : got;
}

/* ---- the parent ----------------------------------------------------------------------------- */

/* Whether child n ended as it should; if not, says how (for the first MAX_REPORTS failures). */
static int spawned_ok(int n, int st, int *reports)
{
    if (WIFEXITED(st) && WEXITSTATUS(st) == ST_EXEC_FAILED) {
        if ((*reports)++ < MAX_REPORTS)
            printf("spawn %d: child exited 127 (its exec of /proc/self/exe failed?)\n", n);
        return 0;
    }
    return child_ok("spawn", n, st, child_value(n), status_text, reports);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "child") == 0)
        return child(atoi(argv[2]));

    int spawns = child_count(argc, argv, DEFAULT_SPAWNS);
    if (spawns <= 0) {
        fprintf(stderr, "usage: %s [SPAWNS]\n", argv[0]);
        return 2;
    }

    if (!start_mappers())
        return 1;

    int ok = 0, reports = 0;
    for (int n = 0; n < spawns; n++) {
        char num[16];
        snprintf(num, sizeof num, "%d", n);
        char *args[] = { argv[0], "child", num, NULL };
        fflush(stdout); /* nothing buffered may reach the child */
        pid_t pid;
        int e = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, environ);
        if (e) {
            printf("spawn %d: posix_spawn failed: %s\n", n, strerror(e));
            return 1;
        }
        int st;
        if (waitpid(pid, &st, 0) != pid) {
            printf("spawn %d: waitpid failed: %s\n", n, strerror(errno));
            return 1;
        }
        ok += spawned_ok(n, st, &reports);
    }

    int mappers_ok = mappers_stopped_ok();
    printf("%d spawns, %d children ran fresh code\n", spawns, ok);
    return ok == spawns && mappers_ok ? 0 : 1;
}
