/* bench/qsort.c - libc qsort of 1M ints: indirect calls through the comparator, memory traffic. */
#include "bench.h"

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    enum { N = 1000 * 1000 };
    int *v = malloc(N * sizeof *v);
    uint64_t seed = 42, sum = 0;
    for (int round = 0; round < 2 * scale; round++) {
        for (int i = 0; i < N; i++)
            v[i] = (int)(bench_rand(&seed) >> 33);
        qsort(v, N, sizeof *v, compare_ints);
        for (int i = 0; i < N; i += 1000)
            sum = sum * 31 + (uint64_t)v[i];
    }
    printf("qsort: checksum %016llx sorted=%d\n", (unsigned long long)sum, v[0] <= v[N - 1]);
    free(v);
    return 0;
}
