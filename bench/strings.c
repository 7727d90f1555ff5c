/* bench/strings.c - string and memory functions of libc: memcpy, memmove, memset, strlen, strcmp,
 * strchr and snprintf over varied sizes, the mix that text-processing programs spend time in. */
#include <string.h>

#include "bench.h"

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    enum { SIZE = 1 << 16 };
    static char src[SIZE], dst[SIZE + 64];
    uint64_t seed = 3, sum = 0;
    for (int i = 0; i < SIZE; i++)
        src[i] = (char)('a' + bench_rand(&seed) % 26);
    src[SIZE - 1] = 0;
    for (long iter = 0; iter < 600000L * scale; iter++) {
        size_t len = 16 + bench_rand(&seed) % 4000;
        size_t off = bench_rand(&seed) % (SIZE - len - 1);
        memcpy(dst, src + off, len);
        dst[len] = 0;
        sum += strlen(dst);
        memmove(dst + 7, dst, len / 2);
        sum += (uint64_t)(strcmp(dst, src + off) > 0);
        const char *hit = strchr(dst, 'z');
        sum += hit ? (uint64_t)(hit - dst) : 0;
        memset(dst + len / 3, 'q', len / 3);
        char line[64];
        sum += (uint64_t)snprintf(line, sizeof line, "%zu:%ld:%s", len, iter, dst + len - 10);
    }
    printf("strings: checksum %llu\n", (unsigned long long)sum);
    return 0;
}
