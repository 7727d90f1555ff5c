/*
 * bench/bench.h - shared by the benchmark kernels: the scale argument and the result line.
 *
 * Every kernel takes an optional scale factor (argv[1], default 1) so `make bench` can trade
 * precision for time, and prints one deterministic checksum line: the harness compares the
 * native, crossrun and qemu outputs so a fast wrong answer never counts as a result.
 */
#ifndef CROSSRUN_BENCH_H
#define CROSSRUN_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline int bench_scale(int argc, char **argv)
{
    int s = argc > 1 ? atoi(argv[1]) : 1;
    return s > 0 ? s : 1;
}

/* A small deterministic generator (xorshift64*) so inputs are identical on every architecture. */
static inline uint64_t bench_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * UINT64_C(2685821657736338717);
}

#endif
