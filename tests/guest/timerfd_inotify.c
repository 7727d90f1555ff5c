/* timerfd_inotify.c: the special descriptors. A timerfd that fires (its read count >= 1), one
 * with an interval read back with timerfd_gettime, an absolute one in the past, a disarmed
 * non-blocking one (EAGAIN); an inotify watch on a temporary directory reporting IN_CREATE,
 * IN_DELETE and IN_IGNORED with the right names; eventfd counting and semaphore mode; a memfd
 * written, rewound, read back and sealed; splice between a pipe and a file with and without
 * offsets, tee between two pipes, and vmsplice of guest buffers into a pipe. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* "N" or "-1 ERRNO-TEXT" for a call's result; the call is made before errno is read (printf's
 * arguments are evaluated in no fixed order, so the call cannot sit next to strerror there). */
static const char *res(long r)
{
    static char buf[96];
    if (r < 0)
        snprintf(buf, sizeof buf, "-1 %s", strerror(errno));
    else
        snprintf(buf, sizeof buf, "%ld", r);
    return buf;
}

static void timers(void)
{
    int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct itimerspec its = { .it_value = { 0, 10 * 1000000 } };
    printf("timerfd_settime 10 ms: %d\n", timerfd_settime(t, 0, &its, NULL));
    uint64_t count = 0;
    ssize_t n = read(t, &count, sizeof count);   /* blocks until it fires */
    printf("timerfd read: %zd, fired: %s\n", n, count >= 1 ? "yes" : "no");

    struct itimerspec per = { .it_interval = { 0, 5 * 1000000 }, .it_value = { 3, 0 } }, old, cur;
    printf("settime interval: %d\n", timerfd_settime(t, 0, &per, &old));
    printf("old value: %ld.%09ld (disarmed after firing)\n", (long)old.it_value.tv_sec, old.it_value.tv_nsec);
    timerfd_gettime(t, &cur);
    printf("gettime: interval %ld.%09ld, value <= 3 s and > 2 s: %s\n", (long)cur.it_interval.tv_sec,
           cur.it_interval.tv_nsec, cur.it_value.tv_sec == 2 || (cur.it_value.tv_sec == 3 && cur.it_value.tv_nsec == 0) ? "yes" : "no");
    close(t);

    t = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
    printf("disarmed nonblocking read: %s\n", res(read(t, &count, sizeof count)));
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct itimerspec abs = { .it_value = { now.tv_sec - 10, 0 } };
    printf("absolute time in the past: %d\n", timerfd_settime(t, TFD_TIMER_ABSTIME, &abs, NULL));
    count = 0;
    n = read(t, &count, sizeof count);
    printf("read: %zd count %" PRIu64 "\n", n, count);
    printf("bad flags: %s\n", res(timerfd_settime(t, 0x40, &abs, NULL)));
    printf("timerfd_create bad clock: %s\n", res(timerfd_create(12345, 0)));
    close(t);
}

static const char *in_name(uint32_t m)
{
    static char buf[64];
    buf[0] = 0;
    if (m & IN_CREATE) strcat(buf, "IN_CREATE|");
    if (m & IN_DELETE) strcat(buf, "IN_DELETE|");
    if (m & IN_IGNORED) strcat(buf, "IN_IGNORED|");
    if (m & IN_ISDIR) strcat(buf, "IN_ISDIR|");
    size_t len = strlen(buf);
    if (len)
        buf[len - 1] = 0;
    return buf;
}

static void show_events(int fd)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
        printf("inotify read: %s\n", strerror(errno));
        return;
    }
    for (char *p = buf; p < buf + n;) {
        struct inotify_event *e = (struct inotify_event *)p;
        printf("  event %s name '%s' (len %s)\n", in_name(e->mask), e->len ? e->name : "",
               e->len % 4 == 0 ? "padded" : "odd");
        p += sizeof *e + e->len;
    }
}

static void watches(void)
{
    char dir[] = "inotify-XXXXXX";
    if (!mkdtemp(dir))
        return;
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    int wd = inotify_add_watch(in, dir, IN_CREATE | IN_DELETE);
    printf("inotify watch: %s\n", wd >= 0 ? "ok" : strerror(errno));
    char c;
    printf("nothing yet: %s\n", res(read(in, &c, 1)));
    char path[64];
    snprintf(path, sizeof path, "%s/hello.txt", dir);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0755);
    show_events(in);
    snprintf(path, sizeof path, "%s/hello.txt", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/sub", dir);
    rmdir(path);
    show_events(in);
    printf("rm_watch: %d\n", inotify_rm_watch(in, wd));
    show_events(in);
    printf("rm_watch again: %s\n", res(inotify_rm_watch(in, wd)));
    printf("watch missing path: %s\n", res(inotify_add_watch(in, "no-such-dir", IN_CREATE)));
    rmdir(dir);
    close(in);
}

static void eventfds(void)
{
    int e = eventfd(5, EFD_NONBLOCK);
    uint64_t v = 3;
    printf("eventfd write: %zd\n", write(e, &v, 8));
    v = 0;
    ssize_t got = read(e, &v, 8);
    printf("eventfd read: %zd value %" PRIu64 "\n", got, v);
    printf("eventfd empty: %s\n", res(read(e, &v, 8)));
    close(e);
    e = eventfd(2, EFD_SEMAPHORE);
    read(e, &v, 8);
    printf("semaphore read: %" PRIu64, v);
    read(e, &v, 8);
    printf(", %" PRIu64 "\n", v);
    close(e);
}

static void memfds(void)
{
    int m = memfd_create("crossrun-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    printf("memfd_create: %s\n", m >= 0 ? "ok" : strerror(errno));
    printf("write: %zd\n", write(m, "hello memfd", 11));
    printf("lseek: %ld\n", (long)lseek(m, 6, SEEK_SET));
    char buf[16] = { 0 };
    ssize_t got = read(m, buf, sizeof buf - 1);
    printf("read: %zd '%s'\n", got, buf);
    struct stat st;
    fstat(m, &st);
    printf("size %ld, regular file: %s\n", (long)st.st_size, S_ISREG(st.st_mode) ? "yes" : "no");
    printf("seal write: %d\n", fcntl(m, F_ADD_SEALS, F_SEAL_WRITE));
    printf("write after seal: %s\n", res(write(m, "x", 1)));
    close(m);
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    printf("memfd long name: %s\n", res(memfd_create(longname, 0)));
}

static void splices(void)
{
    int p[2], q[2];
    if (pipe(p) || pipe(q))
        return;
    int f = open("splice.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
    const char *msg = "spliced through a pipe";
    printf("write pipe: %zd\n", write(p[1], msg, strlen(msg)));
    loff_t off = 100;
    ssize_t n = splice(p[0], NULL, f, &off, 64, 0);
    printf("splice pipe -> file at 100: %zd, offset now %ld\n", n, (long)off);
    printf("file position unchanged: %ld\n", (long)lseek(f, 0, SEEK_CUR));
    off = 108;
    n = splice(f, &off, q[1], NULL, 7, 0);
    printf("splice file@108 -> pipe: %zd, offset now %ld\n", n, (long)off);
    printf("write pipe: %zd\n", write(p[1], "by position", 11));
    n = splice(p[0], NULL, f, NULL, 64, 0);
    printf("splice pipe -> file (position): %zd, position %ld\n", n, (long)lseek(f, 0, SEEK_CUR));
    /* tee duplicates q's content into p without consuming it */
    printf("tee: %zd\n", tee(q[0], p[1], 64, 0));
    char a[32] = { 0 }, b[32] = { 0 };
    n = read(q[0], a, sizeof a - 1);
    printf("read q: %zd '%s'\n", n, a);
    n = read(p[0], b, sizeof b - 1);
    printf("read p: %zd '%s'\n", n, b);
    off = 0;
    printf("splice with offset on a pipe: %s\n", res(splice(p[0], &off, f, NULL, 4, SPLICE_F_NONBLOCK)));
    struct iovec iov[2] = { { "vm", 2 }, { "splice", 6 } };
    printf("vmsplice: %zd\n", vmsplice(p[1], iov, 2, 0));
    memset(b, 0, sizeof b);
    n = read(p[0], b, sizeof b - 1);
    printf("read p: %zd '%s'\n", n, b);
    close(f);
    unlink("splice.tmp");
}

int main(void)
{
    timers();
    watches();
    eventfds();
    memfds();
    splices();
    return 0;
}
