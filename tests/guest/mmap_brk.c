/* mmap_brk.c: the guest's memory management: a malloc-heavy workload (many allocations and frees of varied
 * sizes, realloc growth; glibc serves small ones from brk and large ones from mmap), then mmap of anonymous
 * and file memory, mprotect, munmap, mremap and sbrk directly. Contents are checksummed, so a lost or
 * misplaced page shows up as a wrong sum, not only as a crash. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x100000001b3ULL;
}

static void malloc_workload(void)
{
    enum { SLOTS = 2000 };
    static unsigned char *slot[SLOTS];
    static size_t len[SLOTS];
    uint64_t h = 0xcbf29ce484222325ULL;
    unsigned long allocs = 0, frees = 0;
    for (int round = 0; round < 60000; round++) {
        int i = next() % SLOTS;
        if (slot[i]) {
            for (size_t k = 0; k < len[i]; k += 61)
                h = mix(h, slot[i][k]);
            free(slot[i]);
            slot[i] = NULL;
            frees++;
            continue;
        }
        /* mostly small, sometimes page-sized, rarely above the mmap threshold */
        uint64_t r = next();
        size_t n = r % 100 < 80 ? r % 200 + 1 : r % 100 < 98 ? r % 9000 + 1 : r % 300000 + 131072;
        slot[i] = malloc(n);
        if (!slot[i]) {
            printf("malloc(%zu) failed\n", n);
            exit(1);
        }
        len[i] = n;
        memset(slot[i], (int)(r >> 32), n);
        slot[i][n - 1] = (unsigned char)i;
        allocs++;
    }
    for (int i = 0; i < SLOTS; i++) {
        if (slot[i]) {
            h = mix(h, slot[i][len[i] - 1]);
            free(slot[i]);
        }
    }
    printf("malloc workload: %lu allocs %lu frees checksum %016llx\n", allocs, frees, (unsigned long long)h);

    /* realloc growth keeps the prefix */
    unsigned char *p = NULL;
    size_t have = 0;
    int ok = 1;
    for (size_t n = 16; n <= (8u << 20); n = n * 3 / 2 + 7) {
        p = realloc(p, n);
        if (!p) {
            printf("realloc(%zu) failed\n", n);
            exit(1);
        }
        for (size_t k = 0; k < have; k += 97)
            ok &= p[k] == (unsigned char)(k * 13);
        for (size_t k = have; k < n; k++)
            p[k] = (unsigned char)(k * 13);
        have = n;
    }
    printf("realloc growth to %zu keeps contents: %s\n", have, ok ? "yes" : "no");
    p = realloc(p, 100);
    ok = 1;
    for (size_t k = 0; k < 100; k++)
        ok &= p[k] == (unsigned char)(k * 13);
    printf("realloc shrink keeps contents: %s\n", ok ? "yes" : "no");
    free(p);
    void *c = calloc(1000, 1000);
    size_t nz = 0;
    for (size_t k = 0; k < 1000000; k++)
        nz += ((unsigned char *)c)[k] != 0;
    printf("calloc 1e6 zero bytes: %s\n", nz == 0 ? "yes" : "no");
    free(c);
}

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    printf("page size: %ld\n", page);
    malloc_workload();

    /* anonymous mapping is zeroed, writable, and page-aligned */
    size_t len = 16 * page;
    unsigned char *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap anon: %s, aligned %s\n", a == MAP_FAILED ? "failed" : "ok",
           ((uintptr_t)a & (page - 1)) == 0 ? "yes" : "no");
    size_t nz = 0;
    for (size_t k = 0; k < len; k++)
        nz += a[k] != 0;
    printf("anon zeroed: %s\n", nz == 0 ? "yes" : "no");
    for (size_t k = 0; k < len; k++)
        a[k] = (unsigned char)(k ^ (k >> 9));

    /* mprotect read-only then back; contents survive */
    printf("mprotect RO: %d\n", mprotect(a, len, PROT_READ));
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t k = 0; k < len; k++)
        h = mix(h, a[k]);
    printf("mprotect RW: %d\n", mprotect(a, len, PROT_READ | PROT_WRITE));
    a[0] = 1;
    printf("anon checksum %016llx\n", (unsigned long long)h);

    /* mremap grow (may move) keeps contents, new part zeroed */
    unsigned char *b = mremap(a, len, 4 * len, MREMAP_MAYMOVE);
    printf("mremap grow: %s\n", b == MAP_FAILED ? "failed" : "ok");
    int ok = b[0] == 1;
    for (size_t k = 1; k < len; k++)
        ok &= b[k] == (unsigned char)(k ^ (k >> 9));
    nz = 0;
    for (size_t k = len; k < 4 * len; k++)
        nz += b[k] != 0;
    printf("mremap kept contents %s, new zeroed %s\n", ok ? "yes" : "no", nz == 0 ? "yes" : "no");
    unsigned char *s = mremap(b, 4 * len, len / 2, 0);
    printf("mremap shrink in place: %s\n", s == b ? "yes" : "no");

    /* munmap a hole in the middle, the rest stays usable */
    printf("munmap middle page: %d\n", munmap(s + 2 * page, page));
    s[page] = 7;
    s[3 * page] = 9;
    printf("neighbours usable: %d %d\n", s[page], s[3 * page]);
    printf("munmap rest: %d %d\n", munmap(s, 2 * page), munmap(s + 3 * page, len / 2 - 3 * page));

    /* file mapping: shared writes reach the file, private ones do not */
    char path[] = "mmap_brk.XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    unsigned char fbuf[3 * 4096 + 100];
    for (size_t k = 0; k < sizeof fbuf; k++)
        fbuf[k] = (unsigned char)(k * 5 + 1);
    if (write(fd, fbuf, sizeof fbuf) != (ssize_t)sizeof fbuf)
        printf("write failed\n");
    unsigned char *f = mmap(NULL, sizeof fbuf, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("mmap file: %s, contents equal %s, tail of last page zero %s\n", f == MAP_FAILED ? "failed" : "ok",
           memcmp(f, fbuf, sizeof fbuf) == 0 ? "yes" : "no",
           f[sizeof fbuf] == 0 && f[4 * 4096 - 1] == 0 ? "yes" : "no");
    munmap(f, sizeof fbuf);
    f = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
    printf("mmap file at offset 4096: byte0 ok %s\n", f[0] == fbuf[4096] ? "yes" : "no");
    munmap(f, 4096);
    f = mmap(NULL, sizeof fbuf, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(f + 10, "shared!", 7);
    msync(f, sizeof fbuf, MS_SYNC);
    char rb[8] = { 0 };
    pread(fd, rb, 7, 10);
    printf("MAP_SHARED write visible via pread: %s\n", rb);
    munmap(f, sizeof fbuf);
    f = mmap(NULL, sizeof fbuf, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    memcpy(f + 10, "private", 7);
    pread(fd, rb, 7, 10);
    printf("MAP_PRIVATE write not in file: %s\n", rb);
    munmap(f, sizeof fbuf);
    close(fd);

    /* MAP_FIXED over part of an existing mapping */
    unsigned char *g = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(g, 0xaa, 4 * page);
    unsigned char *g2 = mmap(g + page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED at requested address: %s, replaced page zero %s, neighbours kept %s\n",
           g2 == g + page ? "yes" : "no", g2[0] == 0 && g2[page - 1] == 0 ? "yes" : "no",
           g[0] == 0xaa && g[2 * page] == 0xaa ? "yes" : "no");
    munmap(g, 4 * page);

    /* sbrk: grow, write, shrink */
    char *brk0 = sbrk(0);
    char *p = sbrk(100000);
    printf("sbrk grow returns old break: %s\n", p == brk0 ? "yes" : "no");
    memset(p, 0x5a, 100000);
    char *brk1 = sbrk(0);
    printf("break moved by 100000: %s\n", brk1 - brk0 == 100000 ? "yes" : "no");
    sbrk(-50000);
    printf("break after shrink: %ld above start\n", (long)((char *)sbrk(0) - brk0));
    printf("memory below new break intact: %s\n", p[49999] == 0x5a ? "yes" : "no");
    return 0;
}
