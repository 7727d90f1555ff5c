/*
 * loader/stack.c - the initial guest stack: argc, argv, envp, auxv and the strings they point to,
 * laid out as riscv64 Linux's execve and create_elf_tables (fs/binfmt_elf.c) leave them.
 *
 * From the top down: a zero word, the AT_EXECFN string, the environment strings, the argument
 * strings (argv[0] lowest), a random gap below one page (riscv's arch_align_stack, only with
 * ASLR) rounded to 16, the 16 AT_RANDOM bytes, then - 16-byte aligned with sp pointing at it -
 * argc, argv[], NULL, envp[], NULL and the auxv pairs ending in AT_NULL. riscv64 Linux passes
 * no AT_PLATFORM; AT_SYSINFO_EHDR is left out until there is a guest vDSO, and the cache
 * geometry entries the kernel sends as 0 when it knows nothing are left out too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "loader/elf.h"
#include "mem/uaccess.h"

/* riscv64 AT_HWCAP: one bit per single-letter extension, bit (letter - 'a'). rv64gc = IMAFDC. */
#define RV_HWCAP_LETTER(c) (UINT64_C(1) << ((c) - 'a'))
#define RV_HWCAP (RV_HWCAP_LETTER('i') | RV_HWCAP_LETTER('m') | RV_HWCAP_LETTER('a') \
                  | RV_HWCAP_LETTER('f') | RV_HWCAP_LETTER('d') | RV_HWCAP_LETTER('c'))

/* arch/riscv/kernel/signal.c get_rt_frame_size(): sizeof(struct rt_sigframe) = siginfo (128) +
 * ucontext (960: 176 bytes of flags, link, stack, sigmask and padding, then a 784-byte
 * sigcontext of 32 x-registers and the 528-byte FP state), rounded to 16; no V state on rv64gc. */
#define RV_MINSIGSTKSZ 1088

#define RV_CLKTCK 100          /* USER_HZ */
#define AUXV_PAIRS 18

static int stack_fail(char *err, size_t errlen, const char *who, int code, const char *why)
{
    snprintf(err, errlen, "%s: cannot build the initial stack: %s", who, why);
    return code;
}

/* Lowest address of the "[stack]" mapping, or 0. */
static guest_addr stack_bottom(void)
{
    struct guest_vma v;
    for (size_t i = 0; guest_as_vma(i, &v); i++)
        if (strcmp(v.name, "[stack]") == 0)
            return v.start;
    return 0;
}

/* Copies s just below *p and returns its guest address (0 on a fault). */
static guest_addr push_string(guest_addr *p, const char *s)
{
    size_t n = strlen(s) + 1;
    *p -= n;
    return copy_to_guest(*p, s, n) == 0 ? *p : 0;
}

/* Guest addresses of what sits above the pointer table: each argument and environment string
 * (argv and envp share one allocation) and the AT_EXECFN and AT_RANDOM data. */
struct stack_strings {
    guest_addr *argv, *envp;
    size_t envc;
    guest_addr execfn, random;
};

/* Bytes the strings take on the stack, each with its NUL; counts the environment into *envc. */
static size_t strings_size(const struct rv_stack_args *a, const char *execfn, size_t *envc)
{
    size_t strings = strlen(execfn) + 1;
    for (int i = 0; i < a->argc; i++)
        strings += strlen(a->argv[i]) + 1;
    for (*envc = 0; a->envp && a->envp[*envc]; (*envc)++)
        strings += strlen(a->envp[*envc]) + 1;
    return strings;
}

/* Copies the AT_EXECFN string, the environment and then the arguments below *p, so argv[0] ends
 * lowest, recording their addresses in *s. False on a fault. */
static bool push_strings(guest_addr *p, const struct rv_stack_args *a, const char *execfn,
                         struct stack_strings *s)
{
    s->execfn = push_string(p, execfn);
    bool ok = s->execfn != 0;
    for (size_t i = s->envc; ok && i-- > 0;)
        ok = (s->envp[i] = push_string(p, a->envp[i])) != 0;
    for (size_t i = (size_t)a->argc; ok && i-- > 0;)
        ok = (s->argv[i] = push_string(p, a->argv[i])) != 0;
    return ok;
}

/* Below the strings: with ASLR a random gap under one page (riscv's arch_align_stack), then
 * 16-byte alignment and the 16 AT_RANDOM bytes, whose address goes to *random_addr.
 * 0, -EIO when getrandom fails, or -EFAULT. */
static int push_random(guest_addr *p, bool randomize, guest_addr *random_addr)
{
    uint64_t rnd[2] = { 0, 0 };
    if (randomize && getrandom(rnd, sizeof rnd[0], 0) == sizeof rnd[0])
        *p -= rnd[0] % GUEST_PAGE_SIZE;
    *p &= ~(guest_addr)15;
    if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd)
        return -EIO;
    *p -= sizeof rnd;
    *random_addr = *p;
    return copy_to_guest(*random_addr, rnd, sizeof rnd) < 0 ? -EFAULT : 0;
}

/* Writes the AUXV_PAIRS auxv pairs, ending in AT_NULL, to out. */
static void fill_auxv(uint64_t *out, const struct rv_stack_args *a, const struct stack_strings *s)
{
    /* The kernel's order: ARCH_DLINFO first, then the generic entries. */
    const uint64_t aux[AUXV_PAIRS][2] = {
        { AT_MINSIGSTKSZ, RV_MINSIGSTKSZ },
        { AT_HWCAP, RV_HWCAP },
        { AT_PAGESZ, GUEST_PAGE_SIZE },
        { AT_CLKTCK, RV_CLKTCK },
        { AT_PHDR, a->phdr },
        { AT_PHENT, sizeof(Elf64_Phdr) },
        { AT_PHNUM, a->phnum },
        { AT_BASE, a->base },
        { AT_FLAGS, 0 },
        { AT_ENTRY, a->entry },
        { AT_UID, getuid() },
        { AT_EUID, geteuid() },
        { AT_GID, getgid() },
        { AT_EGID, getegid() },
        /* set when the kernel started crossrun with changed credentials (a setuid guest under
         * binfmt_misc's C flag): the guest's ld.so must then ignore LD_PRELOAD & co. */
        { AT_SECURE, getauxval(AT_SECURE) },
        { AT_RANDOM, s->random },
        { AT_EXECFN, s->execfn },
        { AT_NULL, 0 },
    };
    for (size_t i = 0; i < AUXV_PAIRS; i++) {
        out[2 * i] = aux[i][0];
        out[2 * i + 1] = aux[i][1];
    }
}

/* Fills the table sp points at: argc, argv[], NULL, envp[], NULL, then the auxv pairs.
 * Returns the index where the auxv starts. */
static size_t fill_table(uint64_t *table, const struct rv_stack_args *a,
                         const struct stack_strings *s)
{
    size_t k = 0;
    table[k++] = (uint64_t)a->argc;
    for (int i = 0; i < a->argc; i++)
        table[k++] = s->argv[i];
    table[k++] = 0;
    for (size_t i = 0; i < s->envc; i++)
        table[k++] = s->envp[i];
    table[k++] = 0;
    fill_auxv(table + k, a, s);
    return k;
}

int rv_build_stack(const struct rv_stack_args *a, guest_addr *sp_out, guest_addr *auxv_out,
                   size_t *auxv_len, char *err, size_t errlen)
{
    const char *who = a->execfn ? a->execfn : "crossrun";
    const char *execfn = a->execfn ? a->execfn : "";
    guest_addr top = guest_stack_top(), bottom = stack_bottom();
    if (!bottom || bottom >= top)
        return stack_fail(err, errlen, who, -ENOMEM, "no stack mapping");

    struct stack_strings s = { 0 };
    size_t strings = strings_size(a, execfn, &s.envc);
    size_t items = 1 + (size_t)a->argc + 1 + s.envc + 1 + 2 * AUXV_PAIRS;
    /* Linux allows strings up to a quarter of the stack limit (E2BIG beyond). */
    if (strings + items * 8 + GUEST_PAGE_SIZE > (top - bottom) / 4)
        return stack_fail(err, errlen, who, -E2BIG, strerror(E2BIG));

    uint64_t *table = calloc(items, sizeof *table);
    s.argv = calloc((size_t)a->argc + s.envc + 1, sizeof *s.argv);
    if (!table || !s.argv) {
        free(table);
        free(s.argv);
        return stack_fail(err, errlen, who, -ENOMEM, strerror(ENOMEM));
    }
    s.envp = s.argv + a->argc;

    guest_addr p = top - sizeof(uint64_t);   /* the kernel leaves the top word zero */
    int r = push_strings(&p, a, execfn, &s) ? push_random(&p, a->randomize, &s.random) : -EFAULT;
    if (r < 0)
        goto out;
    size_t auxv_index = fill_table(table, a, &s);
    guest_addr sp = (p - items * sizeof *table) & ~(guest_addr)15;
    if (copy_to_guest(sp, table, items * sizeof *table) < 0) {
        r = -EFAULT;
        goto out;
    }
    guest_stack_settle(p);   /* the strings' page and 128 KiB below stay mapped */
    *sp_out = sp;
    *auxv_out = sp + auxv_index * sizeof *table;
    *auxv_len = 2 * AUXV_PAIRS * sizeof *table;
out:
    if (r == -EFAULT)
        stack_fail(err, errlen, who, r, "it does not fit in the stack mapping");
    else if (r == -EIO)
        stack_fail(err, errlen, who, r, "getrandom failed");
    free(table);
    free(s.argv);
    return r;
}
