/*
 * translate/log.h - the debug log (-d ITEMS, -D FILE): what to log and where it goes.
 *
 * Set once by main.c before any guest code runs, read by the engines without a lock (it does
 * not change afterwards, except that a fork child may reopen the file, log.c). It lives on the
 * engines' floor because the engines write it; main.c, above, only fills it in. The items
 * follow qemu's -d names; options.c holds their spellings and help lines, this header what
 * they mean.
 *
 * A record (one block's disassembly, one exec line) is formatted whole and handed to the
 * kernel in one write(2), never through a stdio buffer: records of threads and of forked
 * processes do not interleave (the file is opened O_APPEND), and a fork never copies
 * half-written log text into the child.
 */
#ifndef CROSSRUN_LOG_H
#define CROSSRUN_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum rv_log_item {
    RV_LOG_IN_ASM = 1u << 0,   /* the guest instructions of each block as it is translated */
    RV_LOG_OUT_ASM = 1u << 1,  /* the host code each block became */
    RV_LOG_EXEC = 1u << 2,     /* one line per translation entered from the dispatcher */
    RV_LOG_NOCHAIN = 1u << 3,  /* no chained exits, no jump table: every block is dispatched */
};

/* The items that only the jit engine acts on (main.c notes it under the others). */
#define RV_LOG_JIT_ONLY (RV_LOG_IN_ASM | RV_LOG_OUT_ASM | RV_LOG_EXEC | RV_LOG_NOCHAIN)

struct rv_log {
    unsigned items;           /* RV_LOG_* bits */
    int fd;                   /* 2 (standard error) or the -D file */
    /* NULL, or the number the -D file's descriptor has now: main.c keeps it out of the
     * guest's reach (syscall/runner_fd.h), which may move it to another number. */
    int (*fd_now)(int fd);
};

extern struct rv_log rv_log;

/* Set by main.c as the log is, before guest code runs, when --stats will print the engine's
 * counters: an engine may then count what it would not pay for otherwise. */
extern bool rv_engine_stats_wanted;

/* Opens the log: standard error when path is NULL, else path with each "%d" replaced by the
 * process id, created if missing, emptied first unless `append` (a runner that a guest execve
 * started continues the log of the one before it). With "%d" in path, a fork child reopens the
 * log under its own pid (emptied), so that each process writes its own file. 0 or -errno. */
int rv_log_open(const char *path, bool append);

/* Writes one record (whole lines) to the log in one write(2). */
void rv_log_write(const char *text, size_t len);

#endif
