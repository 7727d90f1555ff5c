/*
 * translate/jit/perfmap.c - --perfmap's /tmp/perf-PID.map (perfmap.h).
 *
 * The file is opened for each line and closed again, O_APPEND, one write per line: no
 * descriptor stays open for a guest to close (close_range in a fork child, a daemon closing
 * everything) or to see, and a guest killed by a signal leaves every line written.
 *
 * One file per process, by pid:
 * - the first line of a process creates its file afresh: a file left with this pid describes
 *   code that is gone, be it another process's from long ago or the code of the crossrun this
 *   one replaced at a guest execve (same pid; perf reads the map at report time, and only the
 *   program running last is described). The old file is unlinked and the new one created with
 *   O_EXCL and O_NOFOLLOW, so a file or symlink someone else put at that path in /tmp is never
 *   written through;
 * - a fork child keeps the parent's translations at the same addresses (codemem.c), so its
 *   file starts with the lines the parent had written at the fork (the byte count is in this
 *   module's memory, which the child inherits), copied from the parent's file if that is still
 *   the same file (same device and inode; a parent that exec'd meanwhile made a new one).
 * Limit of the format: host addresses are reused when translations are dropped (code memory
 * full, invalidation), and perf takes the whole file as valid for the whole run; the lines
 * naming freed code stay.
 */
#include "translate/jit/perfmap.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "translate/jit/perfmap_symbols.h"

bool rv_perfmap_on;

static pid_t file_pid;        /* the process the file below belongs to; 0: none yet */
static char file_path[64];
static dev_t file_dev;
static ino_t file_ino;
static uint64_t file_bytes;   /* complete lines in it */

/* file_pid again, on a page a fork child gets zeroed (MADV_WIPEONFORK, Linux 4.14+, also for
 * the runner's raw clone forks), so that a process that wrote before knows it without a getpid
 * system call per line; NULL without it (getpid then). */
static pid_t *wiped_at_fork;

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#endif

void rv_perfmap_enable(void)
{
    rv_perfmap_on = true;
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page != MAP_FAILED && madvise(page, 4096, MADV_WIPEONFORK) == 0)
        wiped_at_fork = page;
    else if (page != MAP_FAILED)
        munmap(page, 4096);
}

/* Stops writing, saying why on stderr (once: nothing is written after). */
static void give_up(const char *what, int err)
{
    char msg[256];
    int n = snprintf(msg, sizeof msg, "crossrun: --perfmap: %s %s: %s; no more perf map lines\n",
                     what, file_path, strerror(err));
    if (n > 0 && write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1) < 0) {
        /* nothing more to do */
    }
    rv_perfmap_on = false;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Copies the first `bytes` of the parent's map file into fd, when the parent's file is the one
 * it wrote them to. Returns the bytes copied (all or none). */
static uint64_t copy_inherited(const char *parent_path, dev_t dev, ino_t ino, uint64_t bytes,
                               int fd)
{
    int in = open(parent_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0)
        return 0;
    struct stat st;
    uint64_t done = 0;
    if (fstat(in, &st) == 0 && st.st_dev == dev && st.st_ino == ino) {
        char buf[16384];
        while (done < bytes) {
            size_t want = bytes - done < sizeof buf ? (size_t)(bytes - done) : sizeof buf;
            ssize_t r = read(in, buf, want);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0 || !write_all(fd, buf, (size_t)r))
                break;
            done += (uint64_t)r;
        }
    }
    close(in);
    if (done != bytes) {  /* a partial copy could end inside a line */
        done = 0;
        if (ftruncate(fd, 0) < 0)
            return 0;
    }
    return done;
}

/* Creates this process's file (see the header comment), with the inherited lines of a fork
 * child. False when it cannot be created. */
static bool start_file(pid_t pid)
{
    char parent_path[sizeof file_path];
    memcpy(parent_path, file_path, sizeof parent_path);
    bool inherits = file_pid != 0;
    snprintf(file_path, sizeof file_path, "/tmp/perf-%ld.map", (long)pid);
    if (unlink(file_path) < 0 && errno != ENOENT) {
        give_up("cannot replace", errno);
        return false;
    }
    int fd = open(file_path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC | O_NOFOLLOW,
                  0644);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        give_up("cannot create", errno);
        if (fd >= 0)
            close(fd);
        return false;
    }
    file_bytes = inherits ? copy_inherited(parent_path, file_dev, file_ino, file_bytes, fd) : 0;
    close(fd);
    file_pid = pid;
    file_dev = st.st_dev;
    file_ino = st.st_ino;
    return true;
}

static void append_line(const char *line, size_t len)
{
    int fd = open(file_path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        give_up("cannot open", errno);
        return;
    }
    if (write_all(fd, line, len))
        file_bytes += len;
    else
        give_up("cannot write", errno ? errno : EIO);
    close(fd);
}

/* One line of the map: "START SIZE NAME", NAME with ".cold" before its " [dso]" for a cold
 * part (as gcc names the cold halves of functions it splits); its length (a line longer than
 * cap is cut and still ends), 0 when snprintf fails. */
static int map_line(char *line, size_t cap, const void *host, size_t size, const char *name,
                    bool cold)
{
    const char *dso = cold ? strrchr(name, '[') : NULL;
    int stem = dso && dso > name ? (int)(dso - name - 1) : (int)strlen(name);
    int n = snprintf(line, cap, "%" PRIxPTR " %zx %.*s%s%s\n", (uintptr_t)host, size, stem, name,
                     cold ? ".cold" : "", name + stem);
    if (n < 0)
        return 0;
    if ((size_t)n >= cap) {  /* a very long name: cut, the line still ends */
        n = (int)cap - 1;
        line[n - 1] = '\n';
    }
    return n;
}

void rv_perfmap_note(const void *host, size_t size, const void *cold, size_t cold_size,
                     uint64_t guest_pc)
{
    if (!rv_perfmap_on)
        return;
    if (!wiped_at_fork || *wiped_at_fork == 0) {
        pid_t pid = getpid();
        if (pid != file_pid && !start_file(pid))
            return;
        if (wiped_at_fork)
            *wiped_at_fork = pid;
    }
    char name[512], lines[1280];
    rv_perfmap_name(guest_pc, name, sizeof name);
    int n = map_line(lines, sizeof lines / 2, host, size, name, false);
    if (cold_size)
        n += map_line(lines + n, sizeof lines / 2, cold, cold_size, name, true);
    append_line(lines, (size_t)n);
}
