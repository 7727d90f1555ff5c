/* setjmp.c: non-local jumps. setjmp/longjmp across several frames (callee-saved registers and the stack
 * pointer must be restored, locals declared volatile keep their updated values), longjmp with value 0
 * (setjmp returns 1), repeated jumps in a loop, and sigsetjmp/siglongjmp restoring the signal mask
 * (which goes through rt_sigprocmask, so the mask is printed as facts about SIGUSR1 and SIGUSR2). */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;

/* Every path ends in longjmp, which GCC rightly calls infinite recursion: that is the point here. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int __attribute__((noinline)) dive(int depth, int code)
{
    volatile char pad[256];
    memset((char *)pad, depth, sizeof pad);
    depth_reached = depth;
    if (depth <= 0)
        longjmp(env, code);
    return dive(depth - 1, code) + pad[depth % 256];
}

/* Many live values across the call force use of callee-saved registers s0-s11 and fs0-fs11. */
static long __attribute__((noinline)) keep_registers(int code)
{
    long a = code * 3, b = code * 5, c = code * 7, d = code * 11, e = code * 13, f = code * 17;
    long g = code * 19, h = code * 23, i = code * 29, j = code * 31, k = code * 37, l = code * 41;
    double x = code * 0.5, y = code * 0.25, z = code * 0.125;
    if (setjmp(env) == 0) {
        dive(20, code);
        return -1;
    }
    return a + b + c + d + e + f + g + h + i + j + k + l + (long)((x + y + z) * 8);
}

static const char *blocked(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig) ? "blocked" : "unblocked";
}

int main(void)
{
    volatile int count = 0;
    int r = setjmp(env);
    printf("setjmp returned %d, count %d\n", r, count);
    if (count < 3) {
        count++;
        longjmp(env, count * 10);
    }

    r = setjmp(env);
    if (r == 0)
        dive(50, 0);
    printf("longjmp(env, 0) from depth %d makes setjmp return %d\n", depth_reached, r);

    r = setjmp(env);
    if (r == 0)
        dive(1000, 77);
    printf("longjmp from 1000 frames deep returned %d\n", r);

    printf("callee-saved values after longjmp: %ld (expected %ld)\n", keep_registers(3),
           3L * (3 + 5 + 7 + 11 + 13 + 17 + 19 + 23 + 29 + 31 + 37 + 41) + 21);

    volatile long sum = 0;
    for (volatile int i = 0; i < 1000; i++) {
        if (setjmp(env) == 0)
            longjmp(env, i + 1);
        sum += i;
    }
    printf("1000 setjmp/longjmp rounds, sum %ld\n", (long)sum);

    /* sigsetjmp(.., 1) saves the mask; siglongjmp restores it */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    printf("before sigsetjmp: SIGUSR1 %s, SIGUSR2 %s\n", blocked(SIGUSR1), blocked(SIGUSR2));
    if (sigsetjmp(senv, 1) == 0) {
        sigset_t more;
        sigemptyset(&more);
        sigaddset(&more, SIGUSR2);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        sigprocmask(SIG_BLOCK, &more, NULL);
        printf("changed mask: SIGUSR1 %s, SIGUSR2 %s\n", blocked(SIGUSR1), blocked(SIGUSR2));
        siglongjmp(senv, 5);
    }
    printf("after siglongjmp(savemask=1): SIGUSR1 %s, SIGUSR2 %s\n", blocked(SIGUSR1), blocked(SIGUSR2));
    if (sigsetjmp(senv, 0) == 0) {
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        siglongjmp(senv, 6);
    }
    printf("after siglongjmp(savemask=0): SIGUSR1 %s (mask not restored)\n", blocked(SIGUSR1));
    return 0;
}
