/* strings_qsort.c: the string and memory routines glibc implements with hand-written assembly or word-at-a-
 * time tricks (strlen, strcmp, memcpy, memmove, memset, memchr, strchr at every alignment and length), which
 * stress unaligned and sub-word loads and stores, plus qsort with several comparators and snprintf
 * formatting. Results are checksummed so any single wrong byte changes the output. */
#define _GNU_SOURCE
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t h = 0xcbf29ce484222325ULL;

static void mix(uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ULL;
}

static void mixbuf(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mix(p[i]);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct rec {
    char name[12];
    double score;
    short id;
};

static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->id - y->id;
}

int main(void)
{
    static unsigned char src[4096 + 64], dst[4096 + 64];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (unsigned char)(i * 131 + 7);

    /* memcpy / memmove / memset at all alignments and many lengths */
    for (int so = 0; so < 16; so++)
        for (int dof = 0; dof < 16; dof++)
            for (size_t n = 0; n < 300; n += (n < 40 ? 1 : 37)) {
                memset(dst, 0xee, 400);
                memcpy(dst + dof, src + so, n);
                mixbuf(dst, 400);
            }
    printf("memcpy alignments: %016" PRIx64 "\n", h);
    h = 0xcbf29ce484222325ULL;
    for (int off = -20; off <= 20; off++)
        for (size_t n = 0; n < 200; n += 13) {
            memcpy(dst, src, 300);
            memmove(dst + 50 + off, dst + 50, n);
            mixbuf(dst, 300);
        }
    printf("memmove overlaps: %016" PRIx64 "\n", h);
    h = 0xcbf29ce484222325ULL;
    for (int off = 0; off < 16; off++)
        for (size_t n = 0; n < 260; n += 3) {
            memset(dst, 1, 300);
            memset(dst + off, off * 16 + 1, n);
            mixbuf(dst, 300);
        }
    printf("memset: %016" PRIx64 "\n", h);

    /* strlen/strchr/memchr/strcmp at every alignment */
    char s[300];
    uint64_t lens = 0, cmps = 0, chrs = 0;
    for (int off = 0; off < 16; off++)
        for (int n = 0; n < 100; n++) {
            memset(s, 'x', sizeof s);
            for (int i = 0; i < n; i++)
                s[off + i] = (char)('a' + (i * 7) % 26);
            s[off + n] = 0;
            lens = lens * 31 + strlen(s + off);
            const char *c = strchr(s + off, 'q');
            chrs = chrs * 31 + (c ? (uint64_t)(c - s - off) : 999);
            const void *m = memchr(s + off, 'z', n);
            chrs = chrs * 31 + (m ? (uint64_t)((const char *)m - s - off) : 999);
            char t[300];
            strcpy(t + (off ^ 5), s + off);
            if (n > 0)
                t[(off ^ 5) + n - 1] ^= 1;
            int r = strcmp(s + off, t + (off ^ 5));
            cmps = cmps * 3 + (r > 0 ? 2 : r < 0 ? 0 : 1);
            r = strncmp(s + off, t + (off ^ 5), n / 2);
            cmps = cmps * 3 + (r > 0 ? 2 : r < 0 ? 0 : 1);
        }
    printf("strlen %016" PRIx64 " strchr/memchr %016" PRIx64 " strcmp signs %016" PRIx64 "\n", lens, chrs, cmps);
    printf("strcmp of high bytes: %d %d, memcmp: %d\n", strcmp("\x80", "\x01") > 0, strcmp("a\xff", "a") > 0,
           memcmp("\x80", "\x7f", 1) > 0);
    char buf[64];
    strcpy(buf, "Hello");
    strcat(buf, ", ");
    size_t six = strlen("World!");
    const char *volatile world = "World!!!";
    strncat(buf, world, six);
    printf("strcat: '%s' strstr: '%s' strrchr: '%s' strspn %zu strcspn %zu\n", buf, strstr(buf, "lo, W"),
           strrchr(buf, 'o'), strspn(buf, "HeloL"), strcspn(buf, " !"));
    char tok[] = "a,b;;c,,d";
    printf("strtok:");
    for (char *p = strtok(tok, ",;"); p; p = strtok(NULL, ",;"))
        printf(" [%s]", p);
    printf("\n");
    for (char *p = buf; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    printf("toupper: %s, strtol(\"-0x1f\",16) %ld, strtoul(\"777\",8) %lu, atoi(\"  42abc\") %d\n", buf,
           strtol("-0x1f", NULL, 16), strtoul("777", NULL, 8), atoi("  42abc"));

    /* qsort: integers, strings, structs (stable tie-break on id) */
    enum { N = 50000 };
    static int a[N];
    uint32_t x = 2463534242u;
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        a[i] = (int)(x % 200001) - 100000;
    }
    qsort(a, N, sizeof a[0], cmp_int);
    int sorted = 1;
    h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < N; i++) {
        sorted &= i == 0 || a[i - 1] <= a[i];
        mix((uint64_t)(uint32_t)a[i]);
    }
    printf("qsort %d ints: sorted %s min %d max %d median %d checksum %016" PRIx64 "\n", N, sorted ? "yes" : "no",
           a[0], a[N - 1], a[N / 2], h);
    static const char *words[] = { "pear", "apple", "fig", "banana", "Apple", "cherry", "apple pie", "", "date",
                                   "elderberry", "Zucchini", "grape", "10", "9", "ápple" };
    const char *w[sizeof words / sizeof words[0]];
    memcpy(w, words, sizeof w);
    qsort(w, sizeof w / sizeof w[0], sizeof w[0], cmp_str);
    printf("qsort strings:");
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        printf(" '%s'", w[i]);
    printf("\n");
    struct rec r[200];
    for (int i = 0; i < 200; i++) {
        snprintf(r[i].name, sizeof r[i].name, "n%03d", (i * 37) % 200);
        r[i].score = (double)((i * 53) % 17) / 4;
        r[i].id = (short)i;
    }
    qsort(r, 200, sizeof r[0], cmp_rec);
    printf("qsort structs: first %s %.2f %d, last %s %.2f %d\n", r[0].name, r[0].score, r[0].id, r[199].name,
           r[199].score, r[199].id);

    /* snprintf: truncation return value, widths, precision, every integer conversion */
    char small[8];
    const char *volatile long_text = "truncated output";
    int n = snprintf(small, sizeof small, "%s", long_text);
    printf("snprintf truncation: returned %d, buffer '%s'\n", n, small);
    printf("ints: [%5d] [%-5d] [%05d] [%+d] [% d] [%x] [%X] [%#o] [%#x] [%lld] [%llu] [%hhd] [%hd] [%zu] [%jd]\n", 42,
           42, 42, 42, 42, 255u, 255u, 8u, 255u, (long long)INT64_MIN, (unsigned long long)UINT64_MAX, (signed char)200,
           (short)70000, (size_t)12345, (intmax_t)-1);
    printf("strings: [%10s] [%-10s] [%.3s] [%*d] [%-*d] [%c] [%%] [%5.1f]\n", "right", "left", "precision", 6, 7, 6, 7,
           'c', 3.14159);
    char *dyn;
    if (asprintf(&dyn, "%s-%d-%.2f", "asprintf", 99, 2.5) > 0) {
        printf("%s\n", dyn);
        free(dyn);
    }
    return 0;
}
