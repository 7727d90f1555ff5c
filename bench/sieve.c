/* bench/sieve.c - Sieve of Eratosthenes: byte stores, tight loops, branches. */
#include <string.h>

#include "bench.h"

int main(int argc, char **argv)
{
    int scale = bench_scale(argc, argv);
    enum { N = 20 * 1000 * 1000 };
    static unsigned char composite[N + 1];
    long total = 0;
    for (int round = 0; round < 2 * scale; round++) {
        memset(composite, 0, sizeof composite);
        long count = 0;
        for (long i = 2; i <= N; i++) {
            if (composite[i])
                continue;
            count++;
            for (long j = i * i; j <= N; j += i)
                composite[j] = 1;
        }
        total += count;
    }
    printf("sieve: %ld primes counted\n", total);
    return 0;
}
