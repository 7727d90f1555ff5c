/* libc_string_edges.c: glibc's string functions where their arguments meet the edge of mapped
 * memory, which the translator hands to the host's own versions once their entry blocks are hot
 * (translate/jit/libc_calls.h): strings ending on a page's last byte before an unmapped page,
 * copies that fill a page exactly, overlapping moves both ways, and calls that fault (a source
 * in an unmapped page, a destination in a read-only page, a string running into an unmapped
 * page), where the SIGSEGV handler says which page si_addr fell in. Every call is made often
 * enough to be translated. strcmp and memcmp print their sign (the host's glibc returns other
 * magnitudes); `libc_string_edges raw` prints their values as the guest's glibc returns them,
 * which tests/libc-calls.sh compares with and without the host versions. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { ROUNDS = 40 };

static int raw;
static long page;
static char *base;  /* page 0 read-write, page 1 read-only, page 2 unmapped, page 3 read-write */
static sigjmp_buf back;
static volatile long fault_page = -9;
static volatile size_t sink;  /* keeps calls whose result is unused */

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)ctx;
    fault_page = ((char *)si->si_addr - base) / page;
    siglongjmp(back, 1);
}

static long sign_or_raw(long v)
{
    return raw ? v : (v > 0) - (v < 0);
}

static uint64_t h = 0xcbf29ce484222325ULL;

static void mix(uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ULL;
}

/* Strings and blocks whose last byte is the last of page 0 or page 3 (before an unmapped or a
 * read-only page). */
static void at_page_ends(void)
{
    char *end0 = base + page, *end3 = base + 4 * page;
    for (int r = 0; r < ROUNDS; r++)
        for (int len = 0; len < 70; len += 1 + r % 3) {
            char *s = end3 - len - 1;
            memset(s, 'a' + len % 26, (size_t)len);
            s[len] = 0;
            mix(strlen(s));
            char *hit = strchr(s, 'a' + len % 26);
            mix(hit ? (uint64_t)(hit - s) : 999);
            mix(strchr(s, 0) == s + len);
            mix(strchr(s, '#') == NULL);
            char *t = end0 - len - 1;
            memcpy(t, s, (size_t)len + 1);
            mix((uint64_t)sign_or_raw(strcmp(t, s)));
            t[len / 2] ^= 1;
            mix((uint64_t)sign_or_raw(strcmp(t, s)));
            mix((uint64_t)sign_or_raw(memcmp(s, t, (size_t)len + 1)));
            char *m = memchr(t, 0, (size_t)len + 1);
            mix(m ? (uint64_t)(m - t) : 999);
        }
    printf("page ends: %016llx\n", (unsigned long long)h);
}

/* memmove both ways over a region, memcpy and memset of whole pages. */
static void overlaps_and_pages(void)
{
    char *p = base + 3 * page;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < 512; i++)
            p[i] = (char)(i * 7 + r);
        memmove(p + 3 + r, p, 200);
        memmove(p, p + 5 + r, 300);
        for (int i = 0; i < 512; i++)
            mix((unsigned char)p[i]);
        memset(base, r, (size_t)page);
        memcpy(p, base, (size_t)page);
        mix((unsigned char)p[page - 1] + (unsigned char)p[0]);
        mix(memcmp(p, base, (size_t)page) == 0);
        mix(memset(p, 0, 0) == p && memcpy(p, base, 0) == p && memmove(p, p, 0) == p);
    }
    printf("overlaps and pages: %016llx\n", (unsigned long long)h);
}

/* Calls that fault, each made ROUNDS times: which page the fault was in, how many faulted. */
static void faults(void)
{
    struct { const char *what; int kind; } cases[] = {
        { "memcpy from an unmapped page", 0 }, { "memcpy into a read-only page", 1 },
        { "memset of a read-only page", 2 }, { "strlen into an unmapped page", 3 },
        { "strcmp into an unmapped page", 4 }, { "memmove across an unmapped page", 5 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int faulted = 0;
        long where = -9;
        for (int r = 0; r < ROUNDS; r++) {
            fault_page = -9;
            if (sigsetjmp(back, 1) == 0) {
                switch (cases[c].kind) {
                case 0: memcpy(base, base + 2 * page + 16 * r, 100); break;
                case 1: memcpy(base + page + 8 * r, base, 300); break;
                case 2: memset(base + page - 8, 0, 64 + (size_t)r); break;
                case 3:
                    /* page 1 is all 'r', no terminator: strlen runs into page 2 */
                    sink = strlen(base + 2 * page - 1 - r);
                    break;
                case 4:  /* equal up to the end of page 1, where the first runs on */
                    memset(base + 3 * page, 'r', (size_t)page);
                    sink = (size_t)strcmp(base + 2 * page - 64 + r, base + 3 * page + r);
                    break;
                case 5: memmove(base + 3 * page, base + page + 4000, 200 + (size_t)r); break;
                }
            } else {
                faulted++;
                where = fault_page;
            }
        }
        printf("%s: %d of %d faulted, in page %ld\n", cases[c].what, faulted, ROUNDS,
               faulted ? where : -1);
    }
}

int main(int argc, char **argv)
{
    raw = argc > 1 && strcmp(argv[1], "raw") == 0;
    page = sysconf(_SC_PAGESIZE);
    base = mmap(NULL, (size_t)page * 4, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return perror("mmap"), 1;
    memset(base + page, 'r', (size_t)page);
    base[2 * page - 1] = 'r';
    if (mprotect(base + page, (size_t)page, PROT_READ) || munmap(base + 2 * page, (size_t)page))
        return perror("mprotect/munmap"), 1;
    struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_NODEFER };
    sigaction(SIGSEGV, &sa, NULL);
    at_page_ends();
    overlaps_and_pages();
    faults();
    return 0;
}
