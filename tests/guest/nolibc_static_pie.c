/* nolibc_static_pie.c: a static position-independent executable with no libc at all: an ET_DYN ELF
 * without PT_INTERP that the loader must place at some base and enter at _start with the initial stack
 * (argc, argv, envp) as the kernel lays it out. It is hello.c's -static-pie variant for toolchains
 * without glibc's rcrt1.o, and the smallest possible program: raw write and exit_group system calls,
 * pc-relative data only (no relocations to apply), built for both sides with per-arch syscall stubs.
 * guest-test: nolibc
 * guest-test: args first 'second arg'
 */
#if defined(__riscv)
#define NR_WRITE 64
#define NR_EXIT_GROUP 94
static long sys3(long n, long a, long b, long c)
{
    register long a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c, a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}
/* The stack pointer at entry points at argc; pass it to cmain. */
__asm__(".text\n.globl _start\n_start:\n mv a0, sp\n call cmain\n");
#elif defined(__x86_64__)
#define NR_WRITE 1
#define NR_EXIT_GROUP 231
static long sys3(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
__asm__(".text\n.globl _start\n_start:\n mov %rsp, %rdi\n and $-16, %rsp\n call cmain\n hlt\n");
#endif

static char scratch[64];
static const char greeting[] = "hello from a static PIE without libc\n";

static unsigned long len(const char *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    return n;
}

static void put(const char *s)
{
    sys3(NR_WRITE, 1, (long)s, (long)len(s));
}

static void put_num(unsigned long v)
{
    char buf[24];
    int i = sizeof buf - 1;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(buf + i);
}

__attribute__((used, noreturn)) void cmain(long *sp)
{
    long argc = sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    put(greeting);
    put("argc ");
    put_num((unsigned long)argc);
    put("\n");
    for (long i = 1; i < argc; i++) {
        put("argv[");
        put_num((unsigned long)i);
        put("] '");
        put(argv[i]);
        put("'\n");
    }
    int found = 0;
    for (char **e = envp; *e; e++) {
        const char *want = "GUEST_TEST_A=", *p = *e;
        while (*want && *p == *want)
            p++, want++;
        if (!*want) {
            put("env GUEST_TEST_A='");
            put(p);
            put("'\n");
            found = 1;
        }
    }
    if (!found)
        put("env GUEST_TEST_A missing\n");
    /* writable data: fill and read back */
    for (int i = 0; i < 63; i++)
        scratch[i] = (char)('a' + i % 26);
    scratch[63] = 0;
    put(scratch);
    put("\n");
    sys3(NR_EXIT_GROUP, 3, 0, 0);
    for (;;)
        ;
}
