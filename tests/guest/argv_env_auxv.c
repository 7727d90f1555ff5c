/* argv_env_auxv.c: what the loader puts on the initial stack: argv (including empty and spaced words),
 * selected environment variables set by the harness, and the auxiliary vector. The hwcap bits are
 * riscv64's, so this program's output is compared with argv_env_auxv.expected, not with a native run.
 * Only facts that are the same for static and dynamic builds are printed (not AT_BASE, for example).
 * guest-test: golden
 * guest-test: args one 'two words' '' "quote'd" -dash --long=x
 * guest-test: args
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static const char *yes(int c)
{
    return c ? "yes" : "no";
}

static void show_env(const char *name)
{
    const char *v = getenv(name);
    int count = 0;
    size_t len = strlen(name);
    for (char **e = environ; *e; e++)
        count += strncmp(*e, name, len) == 0 && (*e)[len] == '=';
    if (v)
        printf("env %s='%s' (found %d time%s in environ)\n", name, v, count, count == 1 ? "" : "s");
    else
        printf("env %s unset\n", name);
}

int main(int argc, char **argv)
{
    printf("argc %d\n", argc);
    printf("argv[0] basename %s\n", base(argv[0]));
    for (int i = 1; i < argc; i++)
        printf("argv[%d] '%s'\n", i, argv[i]);
    printf("argv[argc] is NULL: %s\n", yes(argv[argc] == NULL));
    printf("environ follows argv: %s\n", yes(environ == argv + argc + 1));
    show_env("GUEST_TEST_A");
    show_env("GUEST_TEST_EMPTY");
    show_env("GUEST_TEST_UTF8");
    show_env("GUEST_TEST_UNSET");

    printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
    unsigned long hw = getauxval(AT_HWCAP);
    printf("AT_HWCAP has");
    for (const char *c = "IMAFDC"; *c; c++)
        printf(" %c:%s", *c, yes(hw & (1ul << (*c - 'A'))));
    printf("\n");
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    int nonzero = 0;
    if (rnd)
        for (int i = 0; i < 16; i++)
            nonzero |= rnd[i];
    printf("AT_RANDOM non-null %s, 16 bytes not all zero %s\n", yes(rnd != NULL), yes(nonzero));
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN non-null %s, basename %s, equals argv[0] %s\n", yes(execfn != NULL),
           execfn ? base(execfn) : "-", yes(execfn && strcmp(execfn, argv[0]) == 0));
    printf("AT_PHDR non-zero %s, AT_PHENT %lu, AT_PHNUM > 0 %s\n", yes(getauxval(AT_PHDR) != 0),
           getauxval(AT_PHENT), yes(getauxval(AT_PHNUM) > 0));
    printf("AT_ENTRY non-zero %s\n", yes(getauxval(AT_ENTRY) != 0));
    printf("AT_UID/EUID/GID/EGID match getuid etc: %s\n",
           yes(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() && getauxval(AT_GID) == getgid() &&
               getauxval(AT_EGID) == getegid()));
    printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
    printf("AT_CLKTCK %lu\n", getauxval(AT_CLKTCK));
    printf("sysconf page size %ld, clock ticks %ld\n", sysconf(_SC_PAGESIZE), sysconf(_SC_CLK_TCK));
    int local;
    printf("stack address below 2^47: %s\n", yes((uintptr_t)&local < (1ull << 47)));
    printf("frame 16-byte aligned: %s\n", yes(((uintptr_t)__builtin_frame_address(0) & 15) == 0));
    return 0;
}
