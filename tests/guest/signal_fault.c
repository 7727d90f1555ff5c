/* signal_fault.c: synchronous faults caught by handlers: SIGSEGV on an unmapped page
 * (SEGV_MAPERR) and on a write to a read-only page (SEGV_ACCERR), with si_addr checked against
 * the faulting address and the handler leaving by siglongjmp; an illegal instruction caught as
 * SIGILL; and a stack overflow caught on the alternate stack.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static char *volatile alt_lo, *volatile alt_hi;
static volatile int on_alt;

static void check(const char *what, int ok)
{
    printf("%-52s %s\n", what, ok ? "ok" : "WRONG");
}

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    char here;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    on_alt = &here >= alt_lo && &here < alt_hi;
    siglongjmp(env, 1);
}

static void install(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static int recurse(volatile char *prev)
{
    volatile char buf[1024];
    buf[0] = prev ? prev[0] + 1 : 0;
    return recurse(buf) + buf[1];
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    long page = sysconf(_SC_PAGESIZE);
    char *base = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(base + page, page);
    install(SIGSEGV, 0);

    got_sig = 0;
    if (!sigsetjmp(env, 1)) {
        volatile char c = base[page + 123];
        (void)c;
    }
    check("read of an unmapped page: SIGSEGV, SEGV_MAPERR", got_sig == SIGSEGV && got_code == SEGV_MAPERR);
    printf("si_addr - base = %ld\n", (long)((char *)got_addr - base));

    mprotect(base, page, PROT_READ);
    got_sig = 0;
    if (!sigsetjmp(env, 1))
        ((volatile char *)base)[77] = 1;
    check("write to a read-only page: SEGV_ACCERR", got_sig == SIGSEGV && got_code == SEGV_ACCERR);
    printf("si_addr - base = %ld\n", (long)((char *)got_addr - base));

    /* The mask was restored by siglongjmp(env, 1): the handler works a second time. */
    got_sig = 0;
    if (!sigsetjmp(env, 1))
        ((volatile char *)base)[5] = 1;
    check("a second fault is caught too", got_sig == SIGSEGV && (char *)got_addr == base + 5);

    install(SIGILL, 0);
    got_sig = 0;
    if (!sigsetjmp(env, 1)) {
#if defined(__x86_64__)
        __asm__ volatile("ud2");
#elif defined(__riscv)
        __asm__ volatile(".4byte 0xffffffff");
#endif
    }
    check("an illegal instruction: SIGILL", got_sig == SIGILL && got_addr != NULL);

    /* Stack overflow: only a handler on the alternate stack can run. */
    size_t alt_size = 64 * 1024;
    char *alt = malloc(alt_size);
    alt_lo = alt;
    alt_hi = alt + alt_size;
    stack_t ss = { .ss_sp = alt, .ss_size = alt_size, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    install(SIGSEGV, SA_ONSTACK);
    got_sig = 0;
    on_alt = 0;
    if (!sigsetjmp(env, 1))
        recurse(NULL);
    check("stack overflow caught on the alternate stack", got_sig == SIGSEGV && on_alt);
    stack_t cur;
    sigaltstack(NULL, &cur);
    check("back on the normal stack after siglongjmp", !(cur.ss_flags & SS_ONSTACK));
    return 0;
}
