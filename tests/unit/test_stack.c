/*
 * tests/unit/test_stack.c - the initial guest stack (loader/stack.c), read back from guest
 * memory as a riscv64 program's _start would: argc, argv, envp, every auxv entry, the strings
 * and their order, alignment, and the AT_RANDOM bytes.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "loader/elf.h"
#include "mem/uaccess.h"

static void setup(bool randomize)
{
    int r = guest_as_init();
    cr_assert_eq(r, 0);
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = 8 << 20;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur)
        rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_STACK, &rl);
    cr_assert_eq(guest_stack_init(randomize, 0), 0);
}

static uint64_t word(guest_addr a)
{
    uint64_t v;
    cr_assert_eq(copy_from_guest(&v, a, sizeof v), 0, "reading 0x%lx", a);
    return v;
}

static const char *str(guest_addr a)
{
    static char s[8][256];
    static int n;
    char *out = s[n++ % 8];
    cr_assert_geq(string_from_guest(out, a, 256), 0, "string at 0x%lx", a);
    return out;
}

static char *argv[] = { "prog", "first arg", "", NULL };
static char *envp[] = { "HOME=/home/x", "LANG=C", NULL };

static const struct rv_stack_args ARGS = {
    .argc = 3, .argv = argv, .envp = envp, .execfn = "/bin/prog",
    .phdr = 0x10040, .phnum = 9, .entry = 0x10500, .base = 0x3ff7fe1000,
};

Test(stack, layout_matches_the_riscv64_kernel)
{
    setup(false);
    guest_addr sp, auxv;
    size_t auxv_len;
    char err[256] = "";
    cr_assert_eq(rv_build_stack(&ARGS, &sp, &auxv, &auxv_len, err, sizeof err), 0, "%s", err);
    cr_assert_eq(sp % 16, 0, "sp 16-byte aligned");
    cr_assert_eq(word(sp), 3, "argc");
    guest_addr a[3];
    for (int i = 0; i < 3; i++) {
        a[i] = word(sp + 8 + 8 * i);
        cr_assert_str_eq(str(a[i]), argv[i]);
    }
    cr_assert_eq(word(sp + 8 * 4), 0, "argv NULL");
    guest_addr e0 = word(sp + 8 * 5), e1 = word(sp + 8 * 6);
    cr_assert_str_eq(str(e0), "HOME=/home/x");
    cr_assert_str_eq(str(e1), "LANG=C");
    cr_assert_eq(word(sp + 8 * 7), 0, "envp NULL");
    cr_assert_eq(auxv, sp + 8 * 8);
    cr_assert_eq(auxv_len, 18 * 16);

    /* Strings ascend argv[0], argv[1], ..., envp[0], ..., execfn; a zero word at the top. */
    cr_assert(a[0] < a[1] && a[1] < a[2] && a[2] < e0 && e0 < e1);
    cr_assert_eq(a[1], a[0] + 5);
    guest_addr top = guest_stack_top();
    cr_assert_eq(top, GUEST_LIMIT);
    cr_assert_eq(word(top - 8), 0);
    guest_addr execfn = top - 8 - strlen("/bin/prog") - 1;
    cr_assert_str_eq(str(execfn), "/bin/prog");
    cr_assert_eq(e1 + strlen("LANG=C") + 1, execfn);

    uint64_t want[][2] = {
        { AT_MINSIGSTKSZ, 1088 }, { AT_HWCAP, 0x112d }, { AT_PAGESZ, 4096 }, { AT_CLKTCK, 100 },
        { AT_PHDR, 0x10040 }, { AT_PHENT, 56 }, { AT_PHNUM, 9 }, { AT_BASE, 0x3ff7fe1000 },
        { AT_FLAGS, 0 }, { AT_ENTRY, 0x10500 }, { AT_UID, getuid() }, { AT_EUID, geteuid() },
        { AT_GID, getgid() }, { AT_EGID, getegid() }, { AT_SECURE, 0 }, { AT_RANDOM, 0 },
        { AT_EXECFN, execfn }, { AT_NULL, 0 },
    };
    guest_addr random = 0;
    for (size_t i = 0; i < 18; i++) {
        uint64_t type = word(auxv + 16 * i), val = word(auxv + 16 * i + 8);
        cr_assert_eq(type, want[i][0], "auxv[%zu] type %lu, expected %lu", i, type, want[i][0]);
        if (type == AT_RANDOM)
            random = val;
        else
            cr_assert_eq(val, want[i][1], "auxv type %lu = 0x%lx, expected 0x%lx", type, val,
                         want[i][1]);
    }
    /* AT_RANDOM: 16 bytes between the table and the strings, not all zero. */
    cr_assert(random >= auxv + auxv_len && random + 16 <= a[0]);
    cr_assert_eq(random % 16, 0);
    unsigned char r[16], zero[16] = { 0 };
    cr_assert_eq(copy_from_guest(r, random, 16), 0);
    cr_assert_neq(memcmp(r, zero, 16), 0);
    /* Without ASLR nothing is left between the random bytes and the table but alignment. */
    cr_assert_lt(random - (auxv + auxv_len), 16);
}

Test(stack, aslr_moves_sp_and_keeps_it_aligned)
{
    setup(true);
    guest_addr sp, auxv;
    size_t auxv_len;
    char err[256] = "";
    cr_assert_eq(rv_build_stack(&ARGS, &sp, &auxv, &auxv_len, err, sizeof err), 0, "%s", err);
    cr_assert_eq(sp % 16, 0);
    cr_assert_eq(word(sp), 3);
    cr_assert_str_eq(str(word(sp + 8)), "prog");
    guest_addr top = guest_stack_top();
    cr_assert(top < GUEST_LIMIT || top == GUEST_LIMIT);
    cr_assert(sp < top && sp > top - 8192 - 1024);
}

Test(stack, empty_argv_and_env)
{
    setup(false);
    char *none[] = { NULL };
    struct rv_stack_args a = { .argc = 0, .argv = none, .envp = none, .execfn = "x" };
    guest_addr sp, auxv;
    size_t auxv_len;
    char err[256] = "";
    cr_assert_eq(rv_build_stack(&a, &sp, &auxv, &auxv_len, err, sizeof err), 0, "%s", err);
    cr_assert_eq(word(sp), 0);
    cr_assert_eq(word(sp + 8), 0);
    cr_assert_eq(word(sp + 16), 0);
    cr_assert_eq(auxv, sp + 24);
    cr_assert_eq(word(auxv), AT_MINSIGSTKSZ);
}

Test(stack, too_much_is_e2big)
{
    setup(false);
    size_t n = 3 << 20;   /* more than a quarter of the 8 MiB stack */
    char *big = malloc(n);
    memset(big, 'a', n - 1);
    big[n - 1] = '\0';
    char *env[] = { big, NULL };
    struct rv_stack_args a = ARGS;
    a.envp = env;
    guest_addr sp, auxv;
    size_t auxv_len;
    char err[256] = "";
    cr_assert_eq(rv_build_stack(&a, &sp, &auxv, &auxv_len, err, sizeof err), -E2BIG);
    cr_assert_str_eq(err, "/bin/prog: cannot build the initial stack: Argument list too long");
    free(big);
}
