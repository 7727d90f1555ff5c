/* tests/guest/fork_threads_common.h - shared by fork_threads_mmap.c and fork_threads_spawn.c,
 * which both make children while two threads keep changing the address space:
 *   - the mapping threads (mapper), their stop flag and the first error they found;
 *   - the code generator (emit_return, generate_and_run);
 *   - the child's fresh-memory and fresh-code steps, the exit statuses that say which failed, and
 *     the parent's check of a child's exit status.
 * It is a header of static functions because each guest test is a standalone program that
 * tests/run-guest.sh builds natively and for riscv64 from its one .c file (see result_text.h).
 * The guest-test directives stay in each .c file: run-guest.sh reads them from there only.
 */
#ifndef CROSSRUN_TESTS_GUEST_FORK_THREADS_COMMON_H
#define CROSSRUN_TESTS_GUEST_FORK_THREADS_COMMON_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

/* How many children a test makes: argv[1] when given, else the test's default, or a tenth of it
 * when GUEST_TEST_QUICK is set (the sanitizer build sets it: there each child costs a whole
 * ASan runner's start and exit, and that build is there for memory errors, not for soaking). */
static int child_count(int argc, char **argv, int full)
{
    if (argc > 1)
        return atoi(argv[1]);
    const char *quick = getenv("GUEST_TEST_QUICK");
    return quick && *quick ? full / 10 : full;
}

#define NMAPPERS 2
#define PAGE 4096
#define MAX_REPORTS 10 /* failing children described; the rest are only counted */

/* A child's exit status is its generated function's result (below 200) or one of these, which
 * say which of the fresh steps failed. A test numbers its own statuses from ST_FIRST_OWN. */
enum {
    ST_DATA_MAP = 201, /* mmap of the fresh data region failed */
    ST_DATA_BAD,       /* the fresh data region did not read back what was written */
    ST_CODE_MAP,       /* mmap of the fresh code page failed */
    ST_CODE_PROT,      /* mprotect of a code page failed */
    ST_FIRST_OWN,
};

/* What the statuses above mean, but for ST_CODE_PROT: each test words that one itself, as
 * fork_threads_mmap's child mprotects two code pages and fork_threads_spawn's one. */
static const char *fresh_status_text(int st)
{
    switch (st) {
    case ST_DATA_MAP: return "mmap of fresh memory failed";
    case ST_DATA_BAD: return "fresh memory read back wrong";
    case ST_CODE_MAP: return "mmap of the code page failed";
    }
    return NULL;
}

/* ---- generated code ------------------------------------------------------------------------ */

typedef int (*generated_fn)(void);

/* Writes the machine code of "return value;" (0 <= value < 2048) at p. */
static void emit_return(unsigned char *p, int value)
{
#if defined(__riscv)
    uint32_t insn[2] = {
        ((uint32_t)value << 20) | (10u << 7) | 0x13u, /* addi a0, zero, value (li a0, value) */
        0x00008067u,                                   /* jalr zero, 0(ra) (ret) */
    };
    memcpy(p, insn, sizeof insn); /* both hosts and riscv64 are little-endian */
#elif defined(__x86_64__)
    uint32_t imm = (uint32_t)value;
    p[0] = 0xb8; /* mov eax, imm32 */
    memcpy(p + 1, &imm, sizeof imm);
    p[5] = 0xc3; /* ret */
#else
#error "fork_threads_common.h: no code generator for this architecture"
#endif
}

/* Makes the page at page hold "return value;" the way a JIT does (writable, write, executable,
 * flush the instruction cache) and calls it. Returns its result, or -1 if an mprotect failed. */
static int generate_and_run(unsigned char *page, int value)
{
    if (mprotect(page, PAGE, PROT_READ | PROT_WRITE) != 0)
        return -1;
    emit_return(page, value);
    if (mprotect(page, PAGE, PROT_READ | PROT_EXEC) != 0)
        return -1;
    __builtin___clear_cache((char *)page, (char *)page + 64);
    return ((generated_fn)(void *)page)();
}

/* ---- the mapping threads ------------------------------------------------------------------- */

static pthread_t mapper_threads[NMAPPERS];
static int stop_mappers;
static const char *mapper_error; /* the first thing a mapping thread found wrong */

static void mapper_fail(const char *what)
{
    const char *none = NULL;
    __atomic_compare_exchange_n(&mapper_error, &none, what, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

/* mmap, touch every page, check, munmap, as fast as possible until told to stop. Odd rounds
 * unmap the upper half first, so the runner's table also splits mappings. */
static void *mapper(void *arg)
{
    static const size_t pages[] = { 1, 3, 16, 65, 256, 513, 2, 31 };
    unsigned seed = (unsigned)(uintptr_t)arg;
    for (unsigned n = 0; !__atomic_load_n(&stop_mappers, __ATOMIC_ACQUIRE); n++) {
        size_t len = pages[(n + seed) % (sizeof pages / sizeof pages[0])] * PAGE;
        unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            mapper_fail("mmap failed");
            break;
        }
        for (size_t off = 0; off < len; off += PAGE)
            p[off] = (unsigned char)(off / PAGE + n);
        for (size_t off = 0; off < len; off += PAGE)
            if (p[off] != (unsigned char)(off / PAGE + n))
                mapper_fail("a page read back wrong");
        size_t half = len / PAGE / 2 * PAGE;
        if ((n & 1) && half) {
            munmap(p + half, len - half);
            munmap(p, half);
        } else {
            munmap(p, len);
        }
    }
    return NULL;
}

/* Starts the mapping threads. Returns 0, having said why, if one could not start. */
static int start_mappers(void)
{
    for (long m = 0; m < NMAPPERS; m++) {
        int e = pthread_create(&mapper_threads[m], NULL, mapper, (void *)m);
        if (e) {
            printf("pthread_create: %s\n", strerror(e));
            return 0;
        }
    }
    return 1;
}

/* Stops and joins the mapping threads. Returns 0, having said what, if they found something
 * wrong. */
static int mappers_stopped_ok(void)
{
    __atomic_store_n(&stop_mappers, 1, __ATOMIC_RELEASE);
    for (int m = 0; m < NMAPPERS; m++)
        pthread_join(mapper_threads[m], NULL);
    const char *merr = __atomic_load_n(&mapper_error, __ATOMIC_ACQUIRE);
    if (merr)
        printf("mapping thread: %s\n", merr);
    return !merr;
}

/* ---- the child's fresh steps ---------------------------------------------------------------- */

/* The steps use only system calls, memset, memcpy and generated code: after a fork in a threaded
 * program, nothing else is async-signal-safe. */

/* Fresh memory: the runner's address-space table must take this new mapping. Returns 0, or the
 * status of what failed. */
static int fresh_memory(int n)
{
    size_t len = 16 * PAGE;
    unsigned char *data = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data == MAP_FAILED)
        return ST_DATA_MAP;
    memset(data, n & 0xff, len);
    for (size_t off = 0; off < len; off += PAGE / 2)
        if (data[off] != (unsigned char)(n & 0xff))
            return ST_DATA_BAD;
    return 0;
}

/* Fresh code: the runner's block cache must translate it. Returns 0 with *got set to what the
 * code returned, or the status of what failed. */
static int fresh_code(int value, int *got)
{
    unsigned char *code = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        return ST_CODE_MAP;
    *got = generate_and_run(code, value);
    return *got < 0 ? ST_CODE_PROT : 0;
}

/* Both fresh steps for child n, whose code returns value: 0 with *got set, or a status. */
static int fresh_steps(int n, int value, int *got)
{
    int st = fresh_memory(n);
    return st ? st : fresh_code(value, got);
}

/* ---- the parent's check --------------------------------------------------------------------- */

/* Whether child i ended with exit status expected; if not, says how, as "VERB i: ...", for the
 * first MAX_REPORTS failures. status_text names a test's statuses (NULL for a code result). */
static int child_ok(const char *verb, int i, int st, int expected,
                    const char *(*status_text)(int), int *reports)
{
    if (WIFEXITED(st) && WEXITSTATUS(st) == expected)
        return 1;
    if ((*reports)++ >= MAX_REPORTS)
        return 0;
    if (WIFSIGNALED(st))
        printf("%s %d: child killed by %s\n", verb, i, strsignal(WTERMSIG(st)));
    else if (!WIFEXITED(st))
        printf("%s %d: child status 0x%x\n", verb, i, st);
    else if (status_text(WEXITSTATUS(st)))
        printf("%s %d: child: %s\n", verb, i, status_text(WEXITSTATUS(st)));
    else
        printf("%s %d: child's generated code returned %d, expected %d\n", verb, i,
               WEXITSTATUS(st), expected);
    return 0;
}

#endif
