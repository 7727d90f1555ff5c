/*
 * tests/guest/self_modifying.c - a guest that writes code and runs it, then rewrites it: the new
 * code must run after fence.i, after __builtin___clear_cache (riscv_flush_icache), and at an
 * address that was unmapped and mapped again with other code, whatever engine translated the
 * old code (the translator must drop exactly those translations).
 *
 * The code is riscv64 machine code, so the expected output is a golden file.
 * guest-test: golden
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef long (*fn_t)(long);

/* addi a0, a0, imm; ret */
static void write_adder(uint32_t *code, int imm)
{
    code[0] = ((uint32_t)(imm & 0xfff) << 20) | (10u << 15) | (10u << 7) | 0x13u;
    code[1] = 0x00008067u;
}

/* a loop the engine will chain to itself: a0 = a0 + imm, n times (a1 = n) */
static void write_loop(uint32_t *code, int imm)
{
    code[0] = ((uint32_t)(imm & 0xfff) << 20) | (10u << 15) | (10u << 7) | 0x13u; /* addi a0,a0,imm */
    code[1] = (0xfffu << 20) | (11u << 15) | (11u << 7) | 0x13u;               /* addi a1,a1,-1 */
    /* bnez a1, -8: bne a1, x0, -8 */
    code[2] = 0xfe059ce3u;
    code[3] = 0x00008067u;                                                       /* ret */
}

/* f(x) = x > 1000 ? far : x + 9, far being `li a0, imm; ret` after f's ret: for the translator
 * a superblock whose forward branch is a side exit to far, its jump chained there once taken */
static void write_side_exit(uint32_t *code, int imm)
{
    code[0] = 0x3e800593u;                         /* addi a1, zero, 1000 */
    code[1] = 0x02a5c663u;                         /* blt a1, a0, far (+44) */
    for (int i = 2; i <= 10; i++)
        code[i] = 0x00150513u;                     /* addi a0, a0, 1 */
    code[11] = 0x00008067u;                        /* ret */
    code[12] = ((uint32_t)(imm & 0xfff) << 20) | (10u << 7) | 0x13u;  /* far: li a0, imm */
    code[13] = 0x00008067u;                        /* ret */
}

int main(void)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    fn_t f = (fn_t)(uintptr_t)code;
    long sum = 0;
    for (int i = 0; i < 200; i++) {
        write_adder(code, i);
        if (i % 2)
            __asm__ volatile("fence.i" ::: "memory");
        else
            __builtin___clear_cache((char *)code, (char *)code + 8);
        sum += f(1000);
    }
    printf("adders: %ld\n", sum);  /* 200 * 1000 + 0 + 1 + ... + 199 */

    long (*loop)(long, long) = (long (*)(long, long))(uintptr_t)code;
    for (int i = 1; i <= 5; i++) {
        write_loop(code, i);
        __builtin___clear_cache((char *)code, (char *)code + 16);
        printf("loop %d: %ld\n", i, loop(0, 10000));
    }

    /* unmapped and mapped again at the same address with other code: no flush needed */
    void *at = code;
    for (int i = 1; i <= 3; i++) {
        munmap(at, 4096);
        uint32_t *again = mmap(at, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (again != at) {
            perror("mmap again");
            return 1;
        }
        write_adder(again, 100 * i);
        printf("remapped %d: %ld\n", i, ((fn_t)(uintptr_t)again)(5));
    }
    /* a side exit chained to far, then far rewritten: the chained jump must not reach the old
     * translation of far (it is cut when far's is dropped), while f's own stays */
    write_side_exit(code, 7);
    __builtin___clear_cache((char *)code, (char *)code + 56);
    long near = 0, taken = 0;
    for (int i = 0; i < 50; i++)
        near += f(1);  /* hot with its side exit never taken */
    for (int i = 0; i < 50; i++)
        taken += f(2000);  /* taken: linked, then chained once far is translated */
    printf("side exit: %ld %ld\n", near, taken);
    code[12] = (9u << 20) | (10u << 7) | 0x13u;  /* far: li a0, 9 */
    __builtin___clear_cache((char *)&code[12], (char *)&code[13]);
    printf("side exit after far rewritten: %ld %ld\n", f(2000), f(1));

    /* mprotect away and back: the old translation must not survive either */
    write_adder(code, 7);
    __builtin___clear_cache((char *)code, (char *)code + 8);
    printf("before mprotect: %ld\n", f(1));
    mprotect(code, 4096, PROT_READ | PROT_WRITE);
    write_adder(code, 9);
    mprotect(code, 4096, PROT_READ | PROT_EXEC);
    printf("after mprotect: %ld\n", f(1));
    return 0;
}
