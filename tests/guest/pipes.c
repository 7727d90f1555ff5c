/* pipes.c: pipe(2), dup/dup2/fcntl on pipe ends, and byte-exact transfer of data larger than the pipe
 * buffer, all in one process (fork is not needed: writes and reads alternate in chunks that fit).
 * A checksum of everything read proves no byte was lost, repeated or reordered. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long fnv(unsigned long h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211UL;
    return h;
}

static unsigned char pattern(unsigned long i)
{
    return (unsigned char)((i * 2654435761UL) >> 13);
}

int main(void)
{
    int p[2];
    if (pipe(p) != 0) {
        perror("pipe");
        return 1;
    }
    printf("pipe: read end flags O_RDONLY %s, write end O_WRONLY %s\n",
           (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY ? "yes" : "no",
           (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY ? "yes" : "no");

    /* small message through a dup2'd write end */
    int w = dup2(p[1], 100);
    printf("dup2 to 100: %d\n", w);
    printf("write via dup: %zd\n", write(w, "ping", 4));
    char buf[64] = { 0 };
    printf("read: %zd '%s'\n", read(p[0], buf, sizeof buf - 1), buf);
    close(w);

    /* 4 MiB through the pipe in chunks of varying size: write a chunk, read it all back */
    unsigned long total = 4ul << 20, done = 0, in_sum = 14695981039346656037UL, out_sum = in_sum;
    unsigned long rpos = 0, reads = 0;
    static unsigned char chunk[40000], got[40000];
    size_t sizes[] = { 1, 7, 512, 4096, 4097, 30000, 65536 / 2, 40000 };
    int k = 0;
    while (done < total) {
        size_t n = sizes[k++ % 8];
        if (n > total - done)
            n = total - done;
        for (size_t i = 0; i < n; i++)
            chunk[i] = pattern(done + i);
        ssize_t wr = write(p[1], chunk, n);
        if (wr != (ssize_t)n) {
            printf("short write %zd of %zu at %lu\n", wr, n, done);
            return 1;
        }
        in_sum = fnv(in_sum, chunk, n);
        done += n;
        while (rpos < done) {
            ssize_t rd = read(p[0], got, sizeof got);
            if (rd <= 0) {
                printf("read returned %zd at %lu\n", rd, rpos);
                return 1;
            }
            for (ssize_t i = 0; i < rd; i++)
                if (got[i] != pattern(rpos + i)) {
                    printf("byte %lu differs\n", rpos + i);
                    return 1;
                }
            out_sum = fnv(out_sum, got, rd);
            rpos += rd;
            reads++;
        }
    }
    printf("transferred %lu bytes, checksums equal %s, in %016lx\n", rpos, in_sum == out_sum ? "yes" : "no",
           in_sum);
    printf("reads >= chunks: %s\n", reads >= (unsigned long)k ? "yes" : "no");

    /* non-blocking read of an empty pipe: EAGAIN */
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    errno = 0;
    ssize_t r = read(p[0], buf, 1);
    int e = errno;
    printf("empty non-blocking read: %zd EAGAIN %s\n", r, e == EAGAIN ? "yes" : "no");

    /* dup2 the pipe onto stdout: printf output comes back through the pipe */
    fflush(stdout);
    int saved = dup(1);
    dup2(p[1], 1);
    printf("through the pipe %d\n", 12345);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    memset(buf, 0, sizeof buf);
    r = read(p[0], buf, sizeof buf - 1);
    printf("read back %zd: %s", r, buf);

    /* EOF after the write end is closed; EPIPE (with SIGPIPE ignored) after the read end is */
    close(p[1]);
    printf("read after writer closed: %zd\n", read(p[0], buf, 1));
    signal(SIGPIPE, SIG_IGN);
    if (pipe(p) != 0)
        return 1;
    close(p[0]);
    errno = 0;
    r = write(p[1], "x", 1);
    e = errno;
    printf("write with no reader: %zd EPIPE %s\n", r, e == EPIPE ? "yes" : "no");
    close(p[1]);
    printf("pipe2 O_CLOEXEC: ");
    int q[2];
    if (pipe2(q, O_CLOEXEC) == 0)
        printf("FD_CLOEXEC %s\n", (fcntl(q[0], F_GETFD) & FD_CLOEXEC) ? "yes" : "no");
    else
        printf("failed\n");
    return 0;
}
