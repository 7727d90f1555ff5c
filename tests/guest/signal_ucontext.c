/* signal_ucontext.c (riscv64 only, golden output): handlers that read and edit the riscv64
 * ucontext. SIGILL, SIGTRAP (ebreak) and SIGSEGV handlers check si_code, si_addr and the saved
 * pc, then resume after the faulting instruction by adding 4 to uc_mcontext pc and change a0,
 * so rt_sigreturn must reload pc and registers from the frame. Also checked: the saved FP
 * register and fcsr, the saved signal mask, and the END header the kernel puts after the FP
 * state.
 *
 * guest-test: golden
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int seen_sig, seen_code, pc_matches, fp_ok, mask_ok, end_ok;
static volatile uintptr_t seen_addr;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    seen_sig = sig;
    seen_code = si->si_code;
    seen_addr = (uintptr_t)si->si_addr;
    pc_matches = uc->uc_mcontext.__gregs[REG_PC] == (unsigned long)si->si_addr;
    double d;
    memcpy(&d, &uc->uc_mcontext.__fpregs.__d.__f[10], sizeof d);  /* fa0 */
    fp_ok = d == 1.5 && (uc->uc_mcontext.__fpregs.__d.__fcsr >> 5) == 0;
    mask_ok = sigismember(&uc->uc_sigmask, SIGUSR2) && !sigismember(&uc->uc_sigmask, sig);
    /* __riscv_extra_ext_header: reserved word at byte 516, END header (0, 0) at 520. */
    const uint32_t *ext = (const uint32_t *)&uc->uc_mcontext.__fpregs;
    end_ok = ext[129] == 0 && ext[130] == 0 && ext[131] == 0;
    if (sig == SIGSEGV)
        pc_matches = 1;  /* si_addr is the data address there */
    uc->uc_mcontext.__gregs[REG_PC] += 4;
    uc->uc_mcontext.__gregs[REG_A0] = 1000 + sig;
}

static void install(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void report(const char *what, long a0)
{
    printf("%s: sig %d code %d pc_ok %d fp_ok %d mask_ok %d end_ok %d a0 %ld\n", what, seen_sig,
           seen_code, pc_matches, fp_ok, mask_ok, end_ok, a0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    install(SIGILL);
    install(SIGTRAP);
    install(SIGSEGV);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);

    register long a0 __asm__("a0");
    register double fa0 __asm__("fa0") = 1.5;

    a0 = 1;
    __asm__ volatile(".4byte 0xffffffff" : "+r"(a0) : "f"(fa0) : "memory");
    report("illegal", a0);

    a0 = 2;
    __asm__ volatile(".4byte 0x00100073" : "+r"(a0) : "f"(fa0) : "memory");  /* ebreak */
    report("ebreak", a0);

    register long a1 __asm__("a1") = 0x10;  /* below any mapping */
    a0 = 3;
    __asm__ volatile(".4byte 0x0005b503" : "+r"(a0) : "r"(a1), "f"(fa0) : "memory");  /* ld a0,0(a1) */
    report("load", a0);
    printf("load si_addr %#lx\n", (unsigned long)seen_addr);
    return 0;
}
