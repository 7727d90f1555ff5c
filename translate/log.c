/*
 * translate/log.c - where the debug log goes (translate/log.h): opening the -D file, one
 * write per record, and a file of its own for each fork child when the name has "%d".
 *
 * The file is opened O_APPEND: processes that share it (a fork child without "%d" in the name,
 * a runner a guest execve started, which opens it again) each add whole records at its end
 * instead of writing over each other at their own offsets. Only the first runner empties it,
 * as qemu does with -D; the ones a guest execve starts are told to append (options.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "translate/log.h"

struct rv_log rv_log = { .items = 0, .fd = 2, .fd_now = NULL };
bool rv_engine_stats_wanted;

/* The -D argument as given, kept for a fork child to expand with its own pid. */
static char pattern[PATH_MAX];

/* pattern with every "%d" replaced by pid; false when the result does not fit. */
static bool expand(const char *pat, long pid, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = pat; *p; p++) {
        int w = p[0] == '%' && p[1] == 'd' ? snprintf(out + n, cap - n, "%ld", pid)
                                           : snprintf(out + n, cap - n, "%c", *p);
        if (w < 0 || (size_t)w >= cap - n)
            return false;
        n += (size_t)w;
        if (p[0] == '%' && p[1] == 'd')
            p++;
    }
    out[n] = '\0';
    return true;
}

/* Opens the file for pattern and this process; the descriptor or -errno. */
static int open_for_this_process(bool append)
{
    char path[PATH_MAX];
    if (!expand(pattern, (long)getpid(), path, sizeof path))
        return -ENAMETOOLONG;
    int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC);
    int fd = open(path, flags, 0666);
    return fd < 0 ? -errno : fd;
}

static int current_fd(void)
{
    return rv_log.fd_now ? rv_log.fd_now(rv_log.fd) : rv_log.fd;
}

/* In a fork child (glibc's fork runs it: every fork and vfork but the rare raw clones,
 * syscall/fork.c): the log moves to a file named with the child's pid, on the same descriptor
 * number, so that whoever keeps that number (main.c's runner_fd slot) needs no telling. When
 * that file cannot be opened the child goes on writing to its parent's. */
static void reopen_in_child(void)
{
    int fd = open_for_this_process(false);
    if (fd < 0)
        return;
    int cur = current_fd();
    if (fd != cur) {
        if (dup3(fd, cur, O_CLOEXEC) < 0) {
            close(fd);
            return;
        }
        close(fd);
    }
}

int rv_log_open(const char *path, bool append)
{
    if (!path) {
        rv_log.fd = 2;
        return 0;
    }
    if (strlen(path) >= sizeof pattern)
        return -ENAMETOOLONG;
    strcpy(pattern, path);
    int fd = open_for_this_process(append);
    if (fd < 0)
        return fd;
    rv_log.fd = fd;
    if (strstr(path, "%d"))
        pthread_atfork(NULL, NULL, reopen_in_child);
    return 0;
}

void rv_log_write(const char *text, size_t len)
{
    int saved_errno = errno;  /* callers are in the middle of other work */
    int fd = current_fd();
    while (len > 0) {
        ssize_t w = write(fd, text, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;  /* a log that cannot be written is not the guest's problem */
        text += w;
        len -= (size_t)w;
    }
    errno = saved_errno;
}
