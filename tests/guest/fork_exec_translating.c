/* fork_exec_translating: fork and exec while other threads keep translating new code. Two
 * threads call 64 distinct functions in orders of their own, checking every checksum, and a
 * third keeps writing small functions into four executable pages ("return k" for k = 0, 1, 2...),
 * flushing the instruction cache and calling them, checking every result. Meanwhile the main
 * thread forks 50 children, one at a time, each with its stdout on a pipe:
 *   - even n: the child computes a checksum over the 64 functions and writes and runs a function
 *     of its own in a fresh page (nothing but system calls, memcpy and this code after a fork in a
 *     threaded program), then _exits with a status made of both;
 *   - odd n: the child execs /proc/self/exe with "exec-child n", which prints its checksum and
 *     its generated function's result and exits with n % 100 + 1.
 * The parent checks every exit status and every exec'd child's output against what it computes
 * itself. A runner whose fork copies a code cache in the middle of a translation or of a drop
 * (another thread holding its lock) gives a child that hangs, crashes or computes wrongly.
 * The output names no pids, so the native and the riscv64 runs print the same.
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILDREN 50
#define NFUNCS 64
#define CODE_PAGES 4
#define PAGE 4096
#define MAX_REPORTS 10

/* ---- 64 distinct functions ----------------------------------------------------------------- */

#define FN(k)                                                                                      \
    __attribute__((noipa)) static uint64_t fn_##k(uint64_t x)                                     \
    {                                                                                              \
        x ^= x >> ((k) % 23 + 5);                                                                  \
        x *= 0xbf58476d1ce4e5b9ull + 2 * (k);                                                      \
        if (x & (1ull << ((k) % 53)))                                                              \
            x ^= (uint64_t)(k) * 0x9876543ull;                                                     \
        else                                                                                       \
            x += (uint64_t)((k) + 3) << ((k) % 13);                                                \
        return x ^ (x >> 29);                                                                      \
    }
#define FN8(a) FN(a##0) FN(a##1) FN(a##2) FN(a##3) FN(a##4) FN(a##5) FN(a##6) FN(a##7)
FN8(1) FN8(2) FN8(3) FN8(4) FN8(5) FN8(6) FN8(7) FN8(10)
#define REF8(a) fn_##a##0, fn_##a##1, fn_##a##2, fn_##a##3, fn_##a##4, fn_##a##5, fn_##a##6, fn_##a##7
typedef uint64_t (*fn_t)(uint64_t);
static fn_t const fns[NFUNCS] = {
    REF8(1), REF8(2), REF8(3), REF8(4), REF8(5), REF8(6), REF8(7), REF8(10),
};

static uint64_t checksum(unsigned seed, unsigned rounds)
{
    uint64_t acc = 0x51ed27ull * (seed + 1);
    unsigned stride = 2 * seed + 1;
    for (unsigned r = 0; r < rounds; r++)
        for (unsigned i = 0; i < NFUNCS; i++)
            acc = fns[(i * stride + r + seed) % NFUNCS](acc ^ i);
    return acc;
}

/* ---- generated code ------------------------------------------------------------------------- */

typedef int (*gen_fn)(void);

/* Writes "return value;" (0 <= value < 2048) at p and flushes it. */
static void emit_return(unsigned char *p, int value)
{
#if defined(__riscv)
    uint32_t insn[2] = {
        ((uint32_t)value << 20) | (10u << 7) | 0x13u, /* addi a0, zero, value */
        0x00008067u,                                   /* ret */
    };
    memcpy(p, insn, sizeof insn);
    __builtin___clear_cache((char *)p, (char *)p + sizeof insn);
#elif defined(__x86_64__)
    uint32_t imm = (uint32_t)value;
    p[0] = 0xb8; /* mov eax, imm32 */
    memcpy(p + 1, &imm, sizeof imm);
    p[5] = 0xc3; /* ret */
    __builtin___clear_cache((char *)p, (char *)p + 6);
#else
#error "fork_exec_translating.c: no code generator for this architecture"
#endif
}

/* A fresh page holding "return value;", run once: its result, or -1 if mmap failed. */
static int fresh_code(int value)
{
    unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    emit_return(p + 64 * (value % 32), value);
    int r = ((gen_fn)(void *)(p + 64 * (value % 32)))();
    munmap(p, PAGE);
    return r;
}

/* ---- what the children do -------------------------------------------------------------------- */

static int gen_value(int n) { return 1000 + n; }
static unsigned child_rounds(int n) { return 20 + (unsigned)n % 7; }

/* even n, after fork: a status below 200 from the checksum and the generated code's result */
static int computed_status(int n, uint64_t sum, int gen)
{
    return (int)((sum + (uint64_t)gen) % 200);
}

static void exec_child_line(char *buf, size_t cap, int n, uint64_t sum, int gen)
{
    snprintf(buf, cap, "exec child %d: checksum %016llx, generated code returned %d\n", n,
             (unsigned long long)sum, gen);
}

static int exec_child(int n)
{
    char line[128];
    exec_child_line(line, sizeof line, n, checksum((unsigned)n, child_rounds(n)),
                    fresh_code(gen_value(n)));
    fputs(line, stdout);
    return n % 100 + 1;
}

/* ---- the translating threads ------------------------------------------------------------------ */

static int stop_threads;
static long thread_errors[3], thread_loops[3];

/* The threads work about 2 ms, then rest 2 ms: on a machine of 2 CPUs, three threads that
 * never rest would leave the parent and its children a fraction of one, for no more coverage. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void pace(double *work_start)
{
    if (now_ms() - *work_start < 2.0)
        return;
    struct timespec rest = { 0, 2000 * 1000 };
    nanosleep(&rest, NULL);
    *work_start = now_ms();
}

static void *caller_thread(void *arg)
{
    int id = (int)(intptr_t)arg;
    uint64_t want[8];
    for (unsigned s = 0; s < 8; s++)
        want[s] = checksum(s + 8 * (unsigned)id, 3);
    double start = now_ms();
    for (long n = 0; !__atomic_load_n(&stop_threads, __ATOMIC_ACQUIRE); n++) {
        pace(&start);
        unsigned s = (unsigned)(n % 8);
        if (checksum(s + 8 * (unsigned)id, 3) != want[s])
            thread_errors[id]++;
        thread_loops[id]++;
    }
    return NULL;
}

static void *generator_thread(void *arg)
{
    (void)arg;
    unsigned char *pages = mmap(NULL, CODE_PAGES * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) {
        thread_errors[2]++;
        return NULL;
    }
    double start = now_ms();
    for (long k = 0; !__atomic_load_n(&stop_threads, __ATOMIC_ACQUIRE); k++) {
        pace(&start);
        /* a different slot each time: fresh addresses for the runner to translate */
        unsigned char *p = pages + (size_t)(k % (CODE_PAGES * PAGE / 64)) * 64;
        int value = (int)(k % 2000);
        emit_return(p, value);
        if (((gen_fn)(void *)p)() != value)
            thread_errors[2]++;
        thread_loops[2]++;
    }
    munmap(pages, CODE_PAGES * PAGE);
    return NULL;
}

/* ---- the parent ------------------------------------------------------------------------------- */

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "fork_exec_translating: timed out (a hang)\n";
    write(2, msg, sizeof msg - 1);
    _exit(2);
}

/* Reads fd to its end into buf (NUL-terminated, truncated to cap - 1). */
static void read_all(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    for (;;) {
        ssize_t r = read(fd, buf + len, cap - 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
        if (len == cap - 1)
            break;
    }
    buf[len] = '\0';
}

static void describe(int n, int st, int want, const char *out, const char *want_out, int *reports)
{
    if ((*reports)++ >= MAX_REPORTS)
        return;
    if (WIFSIGNALED(st))
        printf("child %d: killed by %s\n", n, strsignal(WTERMSIG(st)));
    else if (!WIFEXITED(st))
        printf("child %d: status 0x%x\n", n, st);
    else if (WEXITSTATUS(st) != want)
        printf("child %d: exit status %d, expected %d\n", n, WEXITSTATUS(st), want);
    if (want_out && strcmp(out, want_out) != 0)
        printf("child %d: printed \"%s\", expected \"%s\"\n", n, out, want_out);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "exec-child") == 0)
        return exec_child(atoi(argv[2]));

    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGALRM, on_alarm);
    alarm(50);

    pthread_t t[3];
    for (int i = 0; i < 3; i++) {
        int e = pthread_create(&t[i], NULL, i < 2 ? caller_thread : generator_thread,
                               (void *)(intptr_t)i);
        if (e) {
            printf("pthread_create: %s\n", strerror(e));
            return 1;
        }
    }

    int ok = 0, reports = 0, computed = 0, execd = 0;
    for (int n = 0; n < CHILDREN; n++) {
        int want;
        char want_out[128] = "", out[512];
        uint64_t sum = checksum((unsigned)n, child_rounds(n));
        if (n % 2 == 0) {
            want = computed_status(n, sum, gen_value(n));
        } else {
            want = n % 100 + 1;
            exec_child_line(want_out, sizeof want_out, n, sum, gen_value(n));
        }
        int fds[2];
        if (pipe(fds) != 0) {
            perror("pipe");
            return 1;
        }
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            close(fds[0]);
            dup2(fds[1], 1);
            close(fds[1]);
            if (n % 2 == 0) {
                uint64_t s = checksum((unsigned)n, child_rounds(n));
                _exit(computed_status(n, s, fresh_code(gen_value(n))));
            }
            char num[16];
            snprintf(num, sizeof num, "%d", n);
            char *args[] = { argv[0], "exec-child", num, NULL };
            execv("/proc/self/exe", args);
            _exit(127);
        }
        close(fds[1]);
        read_all(fds[0], out, sizeof out);
        close(fds[0]);
        int st;
        if (waitpid(pid, &st, 0) != pid) {
            printf("child %d: waitpid: %s\n", n, strerror(errno));
            return 1;
        }
        int good = WIFEXITED(st) && WEXITSTATUS(st) == want && strcmp(out, want_out) == 0;
        if (good) {
            ok++;
            if (n % 2 == 0)
                computed++;
            else
                execd++;
        } else {
            describe(n, st, want, out, n % 2 ? want_out : "", &reports);
        }
    }

    __atomic_store_n(&stop_threads, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    int threads_ok = 1;
    for (int i = 0; i < 3; i++) {
        if (thread_errors[i] || thread_loops[i] == 0) {
            printf("thread %d: %ld wrong results in %ld loops\n", i, thread_errors[i], thread_loops[i]);
            threads_ok = 0;
        }
    }
    printf("%d children: %d computed and exited right, %d exec'd and printed and exited right\n",
           CHILDREN, computed, execd);
    printf("translating threads: %s\n", threads_ok ? "every result right" : "WRONG results");
    return ok == CHILDREN && threads_ok ? 0 : 1;
}
