/*
 * tests/pty-run.c - runs a program on a new pseudo-terminal and types a script into it, for tests
 * of interactive job control (tests/real/bash.sh runs `bash -i` under it, under crossrun and
 * natively, and compares). A native test helper, never a guest program.
 *
 *   pty-run SCRIPT TIMEOUT-SECONDS PROGRAM ARG...
 *
 * The child gets a new session with the pty's slave as its controlling terminal (setsid,
 * TIOCSCTTY) on fds 0-2, so the shell finds a terminal of its own as it would in an xterm. SCRIPT
 * is read line by line:
 *   @expect TEXT   wait until the program's output, after the previous match, contains TEXT
 *   @sleep MS      wait MS milliseconds (output is still collected meanwhile)
 *   @ctrl X        type control-X (@ctrl C is ^C, which the line discipline turns into SIGINT)
 *   @eof           type ^D
 *   @resize R C    set the terminal's size to R rows and C columns (the foreground process group
 *                  gets SIGWINCH)
 *   # ...          a comment, ignored
 *   anything else  typed as it is, followed by a newline
 * After the script the helper waits for the program to exit. Everything the program printed goes
 * to stdout, with the carriage returns the terminal adds removed. Exit status: the program's
 * (128+N for death by signal N); 3 when an @expect or the whole run times out, after printing what
 * the program had printed so far and which step timed out; 2 for usage or system errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *out;           /* everything read from the master */
static size_t out_len, out_cap;
static size_t matched;      /* offset after the last @expect match */
static int master = -1;
static pid_t child = -1;
static int child_status = -1;
static double deadline;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Appends output, dropping '\r' (the tty's ONLCR and the shell's line redrawing). */
static void append(const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\r')
            continue;
        if (out_len + 1 >= out_cap) {
            out_cap = out_cap ? out_cap * 2 : 4096;
            out = realloc(out, out_cap);
            if (!out) {
                perror("pty-run: realloc");
                exit(2);
            }
        }
        out[out_len++] = buf[i];
        out[out_len] = 0;
    }
}

/* Reads whatever output arrives within `ms`. Returns 1 when something was read, 0 when nothing
 * came, -1 once the master reports EOF/EIO (what Linux gives when no process holds the slave). */
static int pump(int ms)
{
    struct pollfd p = { .fd = master, .events = POLLIN };
    int r = poll(&p, 1, ms);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    char buf[4096];
    ssize_t n = read(master, buf, sizeof buf);
    if (n > 0) {
        append(buf, (size_t)n);
        return 1;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    return -1;
}

static void reap(int block)
{
    if (child_status >= 0 || child < 0)
        return;
    int st;
    if (waitpid(child, &st, block ? 0 : WNOHANG) == child)
        child_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void fail_timeout(const char *what)
{
    fwrite(out ? out : "", 1, out_len, stdout);
    printf("\npty-run: timed out %s\n", what);
    fflush(stdout);
    if (child > 0) {
        kill(-child, SIGKILL);
        kill(child, SIGKILL);
    }
    exit(3);
}

static void type(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(master, s, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                pump(10);
                continue;
            }
            perror("pty-run: write to the pty");
            exit(2);
        }
        s += w;
        n -= (size_t)w;
    }
}

static void expect(const char *text)
{
    for (;;) {
        char *hit = out ? strstr(out + matched, text) : NULL;
        if (hit) {
            matched = (size_t)(hit - out) + strlen(text);
            return;
        }
        if (now() > deadline || pump(100) < 0) {
            char what[600];
            snprintf(what, sizeof what, "waiting for \"%s\"", text);
            fail_timeout(what);
        }
    }
}

static void run_line(char *line)
{
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n')
        line[--n] = 0;
    if (strncmp(line, "@expect ", 8) == 0) {
        expect(line + 8);
    } else if (strncmp(line, "@sleep ", 7) == 0) {
        double end = now() + atoi(line + 7) / 1000.0;
        while (now() < end)
            pump((int)((end - now()) * 1000) + 1);
    } else if (strncmp(line, "@ctrl ", 6) == 0 && line[6]) {
        char c = (char)(line[6] & 0x1f);
        type(&c, 1);
    } else if (strncmp(line, "@resize ", 8) == 0) {
        struct winsize ws = { 0 };
        if (sscanf(line + 8, "%hu %hu", &ws.ws_row, &ws.ws_col) != 2 ||
            ioctl(master, TIOCSWINSZ, &ws) < 0) {
            fprintf(stderr, "pty-run: bad @resize: %s\n", line);
            exit(2);
        }
    } else if (strcmp(line, "@eof") == 0) {
        type("\004", 1);
    } else if (line[0] == '#') {
        return;
    } else if (line[0] == '@') {
        fprintf(stderr, "pty-run: unknown directive: %s\n", line);
        exit(2);
    } else {
        type(line, n);
        type("\n", 1);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: pty-run SCRIPT TIMEOUT-SECONDS PROGRAM ARG...\n");
        return 2;
    }
    FILE *script = fopen(argv[1], "r");
    if (!script) {
        fprintf(stderr, "pty-run: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    deadline = now() + atof(argv[2]);

    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
        perror("pty-run: posix_openpt");
        return 2;
    }
    const char *slave_name = ptsname(master);
    struct winsize ws = { .ws_row = 24, .ws_col = 200 };  /* wide: no line wrapping in output */
    (void)ioctl(master, TIOCSWINSZ, &ws);

    child = fork();
    if (child < 0) {
        perror("pty-run: fork");
        return 2;
    }
    if (child == 0) {
        /* A new session whose controlling terminal is the slave, as a terminal emulator does. */
        if (setsid() < 0) {
            perror("pty-run: setsid");
            _exit(127);
        }
        int s = open(slave_name, O_RDWR);
        if (s < 0 || ioctl(s, TIOCSCTTY, 0) < 0) {
            perror("pty-run: slave");
            _exit(127);
        }
        dup2(s, 0);
        dup2(s, 1);
        dup2(s, 2);
        if (s > 2)
            close(s);
        close(master);
        execvp(argv[3], argv + 3);
        perror("pty-run: exec");
        _exit(127);
    }

    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, script) >= 0)
        run_line(line);
    free(line);
    fclose(script);

    /* Collect output until the program exits, then what is left in the buffer (a background
     * process may still hold the slave, so stop at the first quiet 100 ms). */
    while (child_status < 0 && pump(100) >= 0) {
        reap(0);
        if (child_status < 0 && now() > deadline)
            fail_timeout("waiting for the program to exit");
    }
    while (child_status >= 0 && pump(100) > 0)
        ;
    while (child_status < 0) {
        reap(0);
        if (child_status < 0) {
            if (now() > deadline)
                fail_timeout("waiting for the program to exit");
            usleep(10000);
        }
    }
    fwrite(out ? out : "", 1, out_len, stdout);
    return child_status;
}
