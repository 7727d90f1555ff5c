/* fork_threads_mmap: fork from a process whose other threads keep changing its address space.
 * Two threads mmap, touch and munmap anonymous memory (various sizes, some unmapped in two
 * halves) as fast as they can while the main thread forks 2000 times (argv[1] overrides the
 * count). Every child maps and fills fresh memory, then generates a tiny function returning
 * i % 200 in a fresh page (written, made executable, __builtin___clear_cache, called) and exits
 * with what it returned; the parent checks each child's exit status.
 *
 * What it proves: a fork may happen at any instant of the other threads' mmap/munmap, so a
 * runner that forks while another thread holds one of its locks (address-space table, block
 * cache, signal state, the host malloc's) hands the child a lock that nobody will ever release.
 * Such a child hangs at the first step that needs that lock (storing its tid for fork's
 * CLONE_CHILD_SETTID, its first mmap, its first new translation), and the test times out.
 * An unfixed crossrun hung within the first 50 forks in every trial: 2000 leave a wide margin.
 *
 * It also proves that a translation inherited from the parent does not outlive a rewrite: just
 * before each fork the parent rewrites and runs its own code page (returning 199 - i % 200, never
 * the child's value), and the child rewrites that same page with its own value and runs it again.
 *
 * Output names no pids and no timings, so the native and the riscv64 runs print the same line.
 * guest-test: libs -pthread
 * guest-test: timeout 240
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fork_threads_common.h"

#define DEFAULT_FORKS 2000

/* This test's own exit statuses, after the fresh steps' (see fork_threads_common.h). */
enum {
    ST_STALE = ST_FIRST_OWN, /* the rewritten inherited page still ran the parent's code */
    ST_REWRITE_WRONG,        /* the rewritten inherited page returned some other value */
};

static const char *status_text(int st)
{
    switch (st) {
    /* "a" code page: the fresh one or the inherited one */
    case ST_CODE_PROT: return "mprotect of a code page failed";
    case ST_STALE: return "the rewritten inherited code page ran the parent's stale code";
    case ST_REWRITE_WRONG: return "the rewritten inherited code page returned a wrong value";
    }
    return fresh_status_text(st);
}

static int child_value(int i) { return i % 200; }
static int parent_value(int i) { return 199 - i % 200; } /* never equals child_value(i) */

/* ---- the child ------------------------------------------------------------------------------ */

/* Only async-signal-safe work after fork in a threaded program: system calls, memset, memcpy,
 * generated code. Never returns. */
static void child(int i, unsigned char *parent_code)
{
    int got;
    int st = fresh_steps(i, child_value(i), &got);
    if (st)
        _exit(st);

    /* the page the parent ran just before fork: its translation must not survive the rewrite */
    int again = generate_and_run(parent_code, child_value(i));
    if (again < 0)
        _exit(ST_CODE_PROT);
    if (again == parent_value(i))
        _exit(ST_STALE);
    if (again != child_value(i))
        _exit(ST_REWRITE_WRONG);
    _exit(got);
}

int main(int argc, char **argv)
{
    int forks = child_count(argc, argv, DEFAULT_FORKS);
    if (forks <= 0) {
        fprintf(stderr, "usage: %s [FORKS]\n", argv[0]);
        return 2;
    }
    unsigned char *parent_code = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (parent_code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }

    if (!start_mappers())
        return 1;

    int ok = 0, reports = 0;
    for (int i = 0; i < forks; i++) {
        /* translated in the parent now, so the child inherits a translation of it */
        int r = generate_and_run(parent_code, parent_value(i));
        if (r != parent_value(i)) {
            printf("fork %d: the parent's generated code returned %d, expected %d\n", i, r, parent_value(i));
            return 1;
        }
        fflush(stdout); /* children _exit, but nothing buffered may ever be printed twice */
        pid_t pid = fork();
        if (pid < 0) {
            printf("fork %d: fork failed: %s\n", i, strerror(errno));
            return 1;
        }
        if (pid == 0)
            child(i, parent_code);
        int st;
        if (waitpid(pid, &st, 0) != pid) {
            printf("fork %d: waitpid failed: %s\n", i, strerror(errno));
            return 1;
        }
        ok += child_ok("fork", i, st, child_value(i), status_text, &reports);
    }

    int mappers_ok = mappers_stopped_ok();
    printf("%d forks, %d children ran fresh code\n", forks, ok);
    return ok == forks && mappers_ok ? 0 : 1;
}
