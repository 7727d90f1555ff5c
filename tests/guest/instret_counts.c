/*
 * tests/guest/instret_counts.c - rdinstret counts every instruction the guest retires, once the
 * guest reads it: the jit engine's translated code counts only from the first read of cycle or
 * instret (translate/jit/jit.h), so the differences between reads must be exact from then on,
 * in interpreted, translated and retranslated code alike. A loop of three instructions a trip
 * runs 1001 and 1 trips between two reads each; the two differences differ by exactly 3000,
 * round after round (the first rounds run interpreted, the later ones translated).
 *
 * rdinstret is riscv64's, so the expected output is a golden file.
 * guest-test: golden
 */
#include <stdint.h>
#include <stdio.h>

/* the instructions retired by `trips` trips of a three-instruction loop, with the reads */
static uint64_t retired_by(uint64_t trips)
{
    uint64_t before, after, count = 0;
    __asm__ volatile("rdinstret %0\n"
                     "1: addi %2, %2, 1\n"
                     "addi %3, %3, -1\n"
                     "bnez %3, 1b\n"
                     "rdinstret %1"
                     : "=&r"(before), "=&r"(after), "+r"(count), "+r"(trips));
    return after - before;
}

int main(void)
{
    int exact = 0;
    const int rounds = 40;
    for (int round = 0; round < rounds; round++) {
        uint64_t many = retired_by(1001), one = retired_by(1);
        if (many - one == 3000 && one == 4)
            exact++;
        else
            printf("round %d: 1001 trips %llu, 1 trip %llu\n", round, (unsigned long long)many,
                   (unsigned long long)one);
    }
    printf("%d of %d rounds exact\n", exact, rounds);
    return exact != rounds;
}
