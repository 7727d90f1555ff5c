/* linux_aio.c: Linux AIO through raw syscalls against the native kernel: io_setup's checks and
 * its ring (the header libaio reads at the context id, "/[aio] (deleted)" in /proc/self/maps),
 * pwrite, pread, preadv, fsync and a poll completing through io_getevents with each event's
 * data, obj and res, the ring's head catching up, an eventfd told of completions, io_cancel of a
 * pending poll and of a finished iocb, io_pgetevents with a signal mask, a wait interrupted by a
 * signal and one whose mask holds it off, io_submit's errors (bad context, pointer array, iocb,
 * fd, opcode, reserved field, a buffer beyond user space, an unmapped buffer completing with
 * EFAULT), io_destroy freeing the ring's range, and io_setup asking for more events than
 * fs.aio-max-nr allows. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

struct ring {
    unsigned id, nr, head, tail, magic, compat_features, incompat_features, header_length;
};

static long io_setup(unsigned nr, aio_context_t *ctx) { return syscall(SYS_io_setup, nr, ctx); }
static long io_destroy(aio_context_t ctx) { return syscall(SYS_io_destroy, ctx); }
static long io_submit(aio_context_t ctx, long nr, struct iocb **ios)
{
    return syscall(SYS_io_submit, ctx, nr, ios);
}
static long io_getevents(aio_context_t ctx, long min, long nr, struct io_event *ev,
                         struct timespec *ts)
{
    return syscall(SYS_io_getevents, ctx, min, nr, ev, ts);
}

static void show(const char *what, long r)
{
    if (r < 0)
        printf("%-40s -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%-40s %ld\n", what, r);
}

static struct iocb make(int op, int fd, void *buf, size_t n, long long off, uint64_t data)
{
    struct iocb io;
    memset(&io, 0, sizeof io);
    io.aio_lio_opcode = (uint16_t)op;
    io.aio_fildes = (uint32_t)fd;
    io.aio_buf = (uint64_t)(uintptr_t)buf;
    io.aio_nbytes = n;
    io.aio_offset = off;
    io.aio_data = data;
    return io;
}

/* Reaps exactly `want` events (one second at most) and prints them by data, naming obj. */
static void reap(aio_context_t ctx, int want, struct iocb **known, int nknown)
{
    struct io_event ev[8];
    struct timespec ts = { 1, 0 };
    long n = io_getevents(ctx, want, 8, ev, &ts);
    if (n < 0) {
        printf("io_getevents: %s\n", strerrorname_np(errno));
        return;
    }
    printf("io_getevents: %ld events\n", n);
    for (long i = 0; i < n; i++) {
        int which = -1;
        for (int k = 0; k < nknown; k++)
            if (ev[i].obj == (uint64_t)(uintptr_t)known[k])
                which = k;
        printf("  data %llu, obj iocb %d, res %lld%s%s\n", (unsigned long long)ev[i].data,
               which, (long long)ev[i].res, ev[i].res < 0 ? " " : "",
               ev[i].res < 0 ? strerrorname_np((int)-ev[i].res) : "");
    }
}

static int maps_has_ring(aio_context_t ctx)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && lo == ctx)
            found = strstr(line, "/[aio] (deleted)") && !strcmp(perms, "rw-s") ? 1 : 2;
    }
    if (f)
        fclose(f);
    return found;
}

static void setup_errors(void)
{
    aio_context_t ctx = 0;
    show("io_setup 0 events", io_setup(0, &ctx));
    ctx = 1;
    show("io_setup, ctx not zero", io_setup(8, &ctx));
    show("io_setup, ctxp unmapped", io_setup(8, (aio_context_t *)8));
    ctx = 0;
    show("io_setup 0x7fffffff events", io_setup(0x7fffffff, &ctx));
    ctx = 0;
    show("io_setup 1 << 20 events (aio-max-nr)", io_setup(1 << 20, &ctx));
    show("io_destroy of no context", io_destroy(12345));
    show("io_destroy of 0", io_destroy(0));
}

static void submit_errors(aio_context_t ctx, int fd, char *page)
{
    char buf[16];
    struct iocb ok = make(IOCB_CMD_PREAD, fd, buf, sizeof buf, 0, 50);
    struct iocb *one[1] = { &ok };
    show("io_submit nr -1", io_submit(ctx, -1, one));
    show("io_submit nr 0", io_submit(ctx, 0, one));
    show("io_submit bad context", io_submit(12345, 1, one));
    show("io_submit bad context, bad array", io_submit(12345, 1, (struct iocb **)8));
    show("io_submit array unmapped", io_submit(ctx, 1, (struct iocb **)8));
    struct iocb *badp[1] = { (struct iocb *)8 };
    show("io_submit iocb unmapped", io_submit(ctx, 1, badp));
    struct iocb *kernp[1] = { (struct iocb *)0xffff800000001000ull };
    show("io_submit iocb in kernel space", io_submit(ctx, 1, kernp));
    struct iocb bad = make(IOCB_CMD_PREAD, 999, buf, sizeof buf, 0, 51);
    one[0] = &bad;
    show("io_submit bad fd", io_submit(ctx, 1, one));
    bad = make(99, fd, buf, sizeof buf, 0, 52);
    show("io_submit unknown opcode", io_submit(ctx, 1, one));
    bad = make(IOCB_CMD_PREAD, fd, buf, sizeof buf, 0, 53);
    bad.aio_reserved2 = 1;
    show("io_submit reserved2 set", io_submit(ctx, 1, one));
    bad = make(IOCB_CMD_PREAD, fd, (void *)0xffff800000000000ull, 16, 0, 54);
    show("io_submit buffer in kernel space", io_submit(ctx, 1, one));
    bad = make(IOCB_CMD_PREAD, 999, (void *)0xffff800000000000ull, 16, 0, 55);
    show("  ... and a bad fd", io_submit(ctx, 1, one));
    struct iovec kv[2] = { { buf, 4 }, { (void *)0xffff800000000000ull, 4 } };
    bad = make(IOCB_CMD_PREADV, fd, kv, 2, 0, 56);
    show("io_submit iovec in kernel space", io_submit(ctx, 1, one));
    bad = make(IOCB_CMD_PREADV, fd, (void *)0xffff800000000000ull, 2, 0, 57);
    show("io_submit iovec array in kernel space", io_submit(ctx, 1, one));
    bad = make(IOCB_CMD_PREADV, fd, kv, 5000, 0, 58);
    show("io_submit 5000 iovecs", io_submit(ctx, 1, one));
    /* two good ones around a bad one: the first is submitted, the count says so */
    struct iocb g1 = make(IOCB_CMD_PREAD, fd, buf, 4, 0, 60);
    bad = make(IOCB_CMD_PREAD, fd, (void *)0xffff800000000000ull, 16, 0, 61);
    struct iocb g2 = make(IOCB_CMD_PREAD, fd, buf + 8, 4, 0, 62);
    struct iocb *three[3] = { &g1, &bad, &g2 };
    show("io_submit good, bad, good", io_submit(ctx, 3, three));
    struct iocb *known[1] = { &g1 };
    reap(ctx, 1, known, 1);
    /* an unmapped buffer in user space: submitted, and the read completes with EFAULT */
    struct iocb un = make(IOCB_CMD_PREAD, fd, page, 16, 0, 63);
    one[0] = &un;
    show("io_submit unmapped buffer", io_submit(ctx, 1, one));
    struct iocb *k2[1] = { &un };
    reap(ctx, 1, k2, 1);
}

static volatile int alarms;
static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

/* A wait a signal interrupts: EINTR even with SA_RESTART (fs/aio.c), after the handler ran;
 * io_pgetevents' mask holds the signal off until the wait is over. */
static void interrupted_wait(aio_context_t ctx)
{
    struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { .it_value = { 0, 50 * 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    struct io_event ev[1];
    struct timespec ts = { 5, 0 };
    show("io_getevents interrupted by SIGALRM", io_getevents(ctx, 1, 1, ev, &ts));
    printf("handler ran: %d\n", alarms);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    struct { const sigset_t *set; size_t size; } usig = { &block, 8 };
    setitimer(ITIMER_REAL, &it, NULL);
    ts.tv_sec = 0;
    ts.tv_nsec = 600 * 1000 * 1000;
    show("io_pgetevents, SIGALRM blocked", syscall(SYS_io_pgetevents, ctx, 1, 1, ev, &ts, &usig));
    printf("handler ran, once the wait's mask was gone: %d\n", alarms);
}

static void getevents_errors(aio_context_t ctx)
{
    struct io_event ev[4];
    struct timespec zero = { 0, 0 };
    show("io_getevents, nothing, zero timeout", io_getevents(ctx, 0, 4, ev, &zero));
    show("io_getevents min_nr > nr", io_getevents(ctx, 3, 2, ev, &zero));
    show("io_getevents min_nr < 0", io_getevents(ctx, -1, 2, ev, &zero));
    show("io_getevents bad context", io_getevents(12345, 0, 2, ev, &zero));
    show("io_getevents bad timeout", io_getevents(ctx, 0, 2, ev, (struct timespec *)8));
    show("io_getevents bad ctx, bad timeout", io_getevents(12345, 0, 2, ev,
                                                           (struct timespec *)8));
    struct timespec short_wait = { 0, 20 * 1000 * 1000 };
    show("io_getevents, 1 wanted, times out", io_getevents(ctx, 1, 4, ev, &short_wait));
}

int main(void)
{
    setup_errors();
    aio_context_t ctx = 0;
    show("io_setup 128", io_setup(128, &ctx));
    struct ring *ring = (struct ring *)ctx;
    printf("ring: magic %#x, nr >= 128 %s, head %u, tail %u, incompat %u, header %u\n",
           ring->magic, ring->nr >= 128 ? "yes" : "no", ring->head, ring->tail,
           ring->incompat_features, ring->header_length);
    int m = maps_has_ring(ctx);
    printf("maps: %s\n", m == 1 ? "/[aio] (deleted) rw-s at the context" :
                         m == 2 ? "something else at the context" : "nothing at the context");

    char path[] = "/tmp/linux_aio.XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    static char out[8192], in[4096], in2[8];
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (char)('a' + i % 26);
    struct iocb w1 = make(IOCB_CMD_PWRITE, fd, out, 4096, 0, 1);
    struct iocb w2 = make(IOCB_CMD_PWRITE, fd, out + 4096, 4096, 4096, 2);
    struct iocb *ws[2] = { &w1, &w2 };
    show("io_submit 2 writes", io_submit(ctx, 2, ws));
    reap(ctx, 2, ws, 2);
    printf("ring after reaping: head == tail %s\n", ring->head == ring->tail ? "yes" : "no");
    printf("aio_key of a submitted iocb: %u\n", w1.aio_key);

    int efd = eventfd(0, EFD_NONBLOCK);
    struct iocb r1 = make(IOCB_CMD_PREAD, fd, in, sizeof in, 4096, 3);
    r1.aio_flags = IOCB_FLAG_RESFD;
    r1.aio_resfd = (uint32_t)efd;
    struct iovec iov[2] = { { in2, 3 }, { in2 + 3, 4 } };
    struct iocb r2 = make(IOCB_CMD_PREADV, fd, iov, 2, 26, 4);
    struct iocb s1 = make(IOCB_CMD_FSYNC, fd, NULL, 0, 0, 5);
    struct iocb *rs[3] = { &r1, &r2, &s1 };
    show("io_submit pread, preadv, fsync", io_submit(ctx, 3, rs));
    reap(ctx, 3, rs, 3);
    printf("pread matches: %s, preadv read %.7s\n",
           memcmp(in, out + 4096, sizeof in) == 0 ? "yes" : "no", in2);
    uint64_t count = 0;
    ssize_t got = read(efd, &count, 8);
    printf("eventfd: %s %llu\n", got == 8 ? "count" : strerrorname_np(errno),
           (unsigned long long)count);

    /* a poll that cannot complete, cancelled; then one that completes */
    int p[2];
    if (pipe(p) < 0)
        return 1;
    struct iocb pl = make(IOCB_CMD_POLL, p[0], NULL, 0, 0, 6);
    pl.aio_buf = POLLIN;
    struct iocb *ps[1] = { &pl };
    show("io_submit poll", io_submit(ctx, 1, ps));
    struct io_event res;
    show("io_cancel the poll", syscall(SYS_io_cancel, ctx, &pl, &res));
    reap(ctx, 1, ps, 1);
    show("io_cancel it again", syscall(SYS_io_cancel, ctx, &pl, &res));
    show("io_cancel a finished iocb", syscall(SYS_io_cancel, ctx, &w1, &res));
    show("io_cancel bad iocb", syscall(SYS_io_cancel, ctx, (struct iocb *)8, &res));
    show("io_cancel bad context", syscall(SYS_io_cancel, 12345, &pl, &res));
    pl.aio_data = 7;
    show("io_submit poll again", io_submit(ctx, 1, ps));
    if (write(p[1], "x", 1) != 1)
        return 1;
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    struct { const sigset_t *set; size_t size; } usig = { &mask, 8 };
    struct io_event ev[2];
    struct timespec ts = { 1, 0 };
    long n = syscall(SYS_io_pgetevents, ctx, 1, 2, ev, &ts, &usig);
    printf("io_pgetevents: %ld, data %llu, res %s\n", n, n > 0 ? (unsigned long long)ev[0].data
           : 0ull, n > 0 && (ev[0].res & POLLIN) ? "POLLIN" : "other");
    usig.size = 4;
    show("io_pgetevents sigsetsize 4", syscall(SYS_io_pgetevents, ctx, 0, 2, ev, &ts, &usig));
    show("io_pgetevents bad usig", syscall(SYS_io_pgetevents, ctx, 0, 2, ev, &ts, (void *)8));

    long page = sysconf(_SC_PAGESIZE);
    char *hole = mmap(NULL, (size_t)page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, (size_t)page);
    submit_errors(ctx, fd, hole);
    getevents_errors(ctx);
    interrupted_wait(ctx);

    show("io_destroy", io_destroy(ctx));
    m = maps_has_ring(ctx);
    printf("maps after io_destroy: %s\n", m ? "still mapped" : "nothing at the context");
    void *again = mmap((void *)ctx, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
                       MAP_FIXED_NOREPLACE, -1, 0);
    printf("the ring's range free again: %s\n", again == (void *)ctx ? "yes" : "no");
    show("io_destroy again", io_destroy(ctx));
    show("io_submit after io_destroy", io_submit(ctx, 1, ws));
    return 0;
}
