/* signal_fault_regs.c (riscv64 only, golden output): every integer register at a synchronous
 * fault, and every register after the handler edits the saved context.
 *
 * Each case is one assembly function that loads all of ra, t0-t6, s0-s11 and a0-a7 with distinct
 * 64-bit values and then faults: a load from an unmapped page and a store to a read-only one
 * (SIGSEGV, SEGV_MAPERR / SEGV_ACCERR), .4byte 0 (SIGILL, ILL_ILLOPC), ebreak (SIGTRAP,
 * TRAP_BRKPT), a misaligned amoadd.w (SIGBUS, BUS_ADRALN, as Linux and qemu raise it), and a load
 * in a loop that has already walked thousands of words of an array into the unmapped page after
 * it (so the loop is translated and chained to itself when the fault comes; once with the walking
 * pointer in a register the translator keeps in a host register, once in one it keeps in memory).
 * The handler records si_code, si_addr and uc_mcontext's __gregs (pc, x1..x31), then edits the
 * pc (past the faulting instruction, or out of the loop) and ten registers (ra, t0, s0, a0, a2,
 * a3, a5, s2, s11, t6). After rt_sigreturn the function stores all registers to memory. main
 * checks: the signal, si_code, si_addr, the saved pc (the faulting instruction's own label), every
 * saved register (sp as the function had it, gp and tp unchanged), and every register after the
 * return (the ten edited ones hold the handler's values, the rest their values at the fault).
 * Every case runs 3 times: the later runs meet code the engine has already translated.
 *
 * A wrong value prints what differs and the test exits 1; alarm() turns a hang into exit 2.
 * guest-test: golden
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if !defined(__riscv) || __riscv_xlen != 64
#error "signal_fault_regs.c is a riscv64 test"
#endif

/* Shared with the assembly below: the values every case loads, what it stores after the
 * handler, and the sp it runs with. */
unsigned long fr_setval[32];
unsigned long fr_outval[32];
unsigned long fr_entry_sp;

/* CASE_PROLOGUE saves ra and s0-s11 (the case clobbers them all) and records sp; SET_ALL loads
 * x1 and x5-x31 from fr_setval (x31 last: it is the base); STORE_ALL stores x1-x31 to fr_outval
 * (t6's own value through the frame's scratch slot). */
__asm__(".macro CASE_PROLOGUE\n"
        "  addi sp, sp, -112\n"
        "  sd ra, 0(sp)\n"
        "  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11\n"
        "  sd s\\n, 8+8*\\n(sp)\n"
        "  .endr\n"
        "  lla t0, fr_entry_sp\n"
        "  sd sp, 0(t0)\n"
        ".endm\n"
        ".macro CASE_EPILOGUE\n"
        "  ld ra, 0(sp)\n"
        "  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11\n"
        "  ld s\\n, 8+8*\\n(sp)\n"
        "  .endr\n"
        "  addi sp, sp, 112\n"
        "  ret\n"
        ".endm\n"
        ".macro SET_ALL\n"
        "  lla x31, fr_setval\n"
        "  .irp n, 1,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
        "  ld x\\n, 8*\\n(x31)\n"
        "  .endr\n"
        "  ld x31, 8*31(x31)\n"
        ".endm\n"
        ".macro STORE_ALL\n"
        "  sd x31, 104(sp)\n"
        "  lla x31, fr_outval\n"
        "  .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
        "  sd x\\n, 8*\\n(x31)\n"
        "  .endr\n"
        "  ld x30, 104(sp)\n"
        "  sd x30, 8*31(x31)\n"
        ".endm\n");

/* case_NAME(): all registers set, BODY (which faults at the global label fault_NAME), all
 * registers stored. No compressed instructions, so every instruction is 4 bytes. */
#define FAULT_CASE(name, body)                                                                    \
    void case_##name(void);                                                                       \
    extern const char fault_##name[];                                                             \
    __asm__(".text\n.balign 4\n.globl case_" #name "\n.type case_" #name ", @function\n"          \
            "case_" #name ":\n.option push\n.option norvc\n"                                       \
            "CASE_PROLOGUE\nSET_ALL\n" body "\nSTORE_ALL\nCASE_EPILOGUE\n"                         \
            ".option pop\n.size case_" #name ", .-case_" #name "\n")

/* ld a0, 8(a1): a1 points at an unmapped page */
FAULT_CASE(segv_load, ".globl fault_segv_load\nfault_segv_load: ld a0, 8(a1)");
/* sd a5, 16(a2): a2 points at a read-only page */
FAULT_CASE(segv_store, ".globl fault_segv_store\nfault_segv_store: sd a5, 16(a2)");
/* an all-zero word: two 16-bit illegal instructions */
FAULT_CASE(sigill, ".globl fault_sigill\nfault_sigill: .4byte 0");
FAULT_CASE(sigtrap, ".globl fault_sigtrap\nfault_sigtrap: ebreak");
/* amoadd.w s4, a3, (s5): s5 is 1 past a word boundary */
FAULT_CASE(sigbus, ".globl fault_sigbus\nfault_sigbus: amoadd.w s4, a3, (s5)");
/* t6 += *t3++ until t3 reaches the unmapped page; the handler resumes at loop_struct_out */
FAULT_CASE(loop_struct, "1:\n.globl fault_loop_struct\nfault_loop_struct: ld t1, 0(t3)\n"
                        "add t6, t6, t1\naddi t3, t3, 8\nj 1b\n"
                        ".globl loop_struct_out\nloop_struct_out:");
/* the same with the pointer in a3 and the sum in a4 */
FAULT_CASE(loop_host, "1:\n.globl fault_loop_host\nfault_loop_host: ld s6, 0(a3)\n"
                      "add a4, a4, s6\naddi a3, a3, 8\nj 1b\n"
                      ".globl loop_host_out\nloop_host_out:");
extern const char loop_struct_out[], loop_host_out[];

#define ROUNDS 3
#define LOOP_WORDS 8192 /* words walked before the fault: 64 KiB */

static const int edited[] = { 1, 5, 8, 10, 12, 13, 15, 18, 27, 31 };
#define NEDITED (int)(sizeof edited / sizeof edited[0])

static const char *const regname[32] = {
    "pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* what the handler saw and does */
static volatile int hits, seen_sig, seen_code;
static volatile unsigned long seen_addr, seen_gregs[32];
static volatile unsigned long resume_pc, edit_val[32];

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    unsigned long *g = uc->uc_mcontext.__gregs;
    if (++hits > 3) {
        static const char msg[] =
            "signal_fault_regs: the fault keeps coming back (resumed at the wrong pc?)\n";
        write(2, msg, sizeof msg - 1);
        _exit(1);
    }
    seen_sig = sig;
    seen_code = si->si_code;
    seen_addr = (unsigned long)si->si_addr;
    for (int i = 0; i < 32; i++)
        seen_gregs[i] = g[i];
    g[REG_PC] = resume_pc;
    for (int i = 0; i < NEDITED; i++)
        g[edited[i]] = edit_val[edited[i]];
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "signal_fault_regs: timed out (a hang)\n";
    write(2, msg, sizeof msg - 1);
    _exit(2);
}

static void on_first(int sig)
{
    (void)sig;
}

static int failures;

static void fail(const char *name, int round, const char *fmt, unsigned long got, unsigned long want)
{
    if (failures++ < 40) {
        printf("FAIL %s round %d: ", name, round);
        printf(fmt, got, want);
        printf("\n");
    }
}

static unsigned long cur_gp(void)
{
    unsigned long v;
    __asm__("mv %0, gp" : "=r"(v));
    return v;
}

static unsigned long cur_tp(void)
{
    unsigned long v;
    __asm__("mv %0, tp" : "=r"(v));
    return v;
}

struct fault_case {
    const char *name;
    void (*fn)(void);
    int sig, code;
    const char *fault_pc, *resume; /* resume NULL: the instruction after the fault */
};

/* Runs one case: set_regs[] is what SET_ALL loads, at_fault[] what the registers must hold at
 * the fault, addr the expected si_addr. */
static void run_case(const struct fault_case *c, int round, const unsigned long *set_regs,
                     const unsigned long *at_fault, unsigned long addr)
{
    memcpy(fr_setval, set_regs, sizeof fr_setval);
    memset(fr_outval, 0, sizeof fr_outval);
    for (int i = 0; i < 32; i++)
        edit_val[i] = ~at_fault[i] ^ (0x1111111111111111ul * (unsigned long)(round + 1));
    resume_pc = (unsigned long)(c->resume ? c->resume : c->fault_pc + 4);
    hits = 0;
    seen_sig = 0;
    c->fn();
    if (hits != 1) {
        fail(c->name, round, "the handler ran %lu times, not %lu", (unsigned long)hits, 1);
        return;
    }
    if (seen_sig != c->sig)
        fail(c->name, round, "signal %lu, expected %lu", (unsigned long)seen_sig,
             (unsigned long)c->sig);
    if (seen_code != c->code)
        fail(c->name, round, "si_code %lu, expected %lu", (unsigned long)seen_code,
             (unsigned long)c->code);
    if (seen_addr != addr)
        fail(c->name, round, "si_addr %#lx, expected %#lx", seen_addr, addr);
    if (seen_gregs[0] != (unsigned long)c->fault_pc)
        fail(c->name, round, "saved pc %#lx, expected the faulting instruction at %#lx", seen_gregs[0],
             (unsigned long)c->fault_pc);
    unsigned long want_fault[32], want_after[32];
    memcpy(want_fault, at_fault, sizeof want_fault);
    want_fault[2] = fr_entry_sp;
    want_fault[3] = cur_gp();
    want_fault[4] = cur_tp();
    memcpy(want_after, want_fault, sizeof want_after);
    for (int i = 0; i < NEDITED; i++)
        want_after[edited[i]] = edit_val[edited[i]];
    char what[96];
    for (int r = 1; r < 32; r++) {
        if (seen_gregs[r] != want_fault[r]) {
            snprintf(what, sizeof what, "at the fault %s (x%d) = %%#lx, expected %%#lx", regname[r], r);
            fail(c->name, round, what, seen_gregs[r], want_fault[r]);
        }
        if (fr_outval[r] != want_after[r]) {
            snprintf(what, sizeof what, "after the handler %s (x%d) = %%#lx, expected %%#lx",
                     regname[r], r);
            fail(c->name, round, what, fr_outval[r], want_after[r]);
        }
    }
}

static void install(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0) {
        perror("sigaction");
        exit(1);
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGALRM, on_alarm);
    alarm(30);
    install(SIGSEGV);
    install(SIGILL);
    install(SIGTRAP);
    install(SIGBUS);
    /* One signal before the layout below is made: crossrun maps its signal return page (Linux's
     * vDSO, mapped at exec) at the first delivery, into a free gap such as the unmapped page. */
    struct sigaction first = { .sa_handler = on_first };
    sigaction(SIGUSR1, &first, NULL);
    raise(SIGUSR1);

    long page = sysconf(_SC_PAGESIZE);
    /* [loop array: LOOP_WORDS words][unmapped page][read-only page][data page] */
    size_t array_len = LOOP_WORDS * 8;
    char *base = mmap(NULL, array_len + 3 * page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    unsigned long *array = (unsigned long *)base;
    char *unmapped = base + array_len, *ro = unmapped + page, *data = ro + page;
    unsigned long sum = 0;
    for (int i = 0; i < LOOP_WORDS; i++) {
        array[i] = 0x100000001ul * (unsigned long)i + 7;
        sum += array[i];
    }
    if (munmap(unmapped, page) != 0 || mprotect(ro, page, PROT_READ) != 0) {
        perror("munmap/mprotect");
        return 1;
    }
    for (int i = 0; i < 16; i++)
        data[i] = (char)(0x40 + i);

    static const struct fault_case cases[] = {
        { "segv-load", case_segv_load, SIGSEGV, SEGV_MAPERR, fault_segv_load, NULL },
        { "segv-store", case_segv_store, SIGSEGV, SEGV_ACCERR, fault_segv_store, NULL },
        { "sigill", case_sigill, SIGILL, ILL_ILLOPC, fault_sigill, NULL },
        { "sigtrap", case_sigtrap, SIGTRAP, TRAP_BRKPT, fault_sigtrap, NULL },
        { "sigbus", case_sigbus, SIGBUS, BUS_ADRALN, fault_sigbus, NULL },
        { "loop-struct", case_loop_struct, SIGSEGV, SEGV_MAPERR, fault_loop_struct, loop_struct_out },
        { "loop-host", case_loop_host, SIGSEGV, SEGV_MAPERR, fault_loop_host, loop_host_out },
    };
    static const char *const what[] = {
        "ld a0,8(a1) from an unmapped page",
        "sd a5,16(a2) to a read-only page",
        ".4byte 0",
        "ebreak",
        "misaligned amoadd.w s4,a3,(s5)",
        "ld in a loop, pointer t3, sum t6",
        "ld in a loop, pointer a3, sum a4",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct fault_case *c = &cases[k];
        int before = failures;
        for (int round = 0; round < ROUNDS; round++) {
            unsigned long set[32], at[32];
            for (int r = 0; r < 32; r++)
                set[r] = 0x9e3779b97f4a7c15ul * (unsigned long)(r + 1 + 32 * (int)k + 7 * round);
            unsigned long addr = (unsigned long)c->fault_pc;
            switch (k) {
            case 0: set[11] = (unsigned long)unmapped + 64 * round; addr = set[11] + 8; break;
            case 1: set[12] = (unsigned long)ro + 8 * round; addr = set[12] + 16; break;
            case 4: set[21] = (unsigned long)data + 1 + 4 * round; addr = set[21]; break;
            case 5: set[28] = (unsigned long)array; set[31] = 0; break;
            case 6: set[13] = (unsigned long)array; set[14] = 0; break;
            }
            memcpy(at, set, sizeof at);
            if (k == 5) {
                at[28] = (unsigned long)unmapped;
                at[31] = sum;
                at[6] = array[LOOP_WORDS - 1];
                addr = (unsigned long)unmapped;
            } else if (k == 6) {
                at[13] = (unsigned long)unmapped;
                at[14] = sum;
                at[22] = array[LOOP_WORDS - 1];
                addr = (unsigned long)unmapped;
            }
            run_case(c, round, set, at, addr);
        }
        if (k == 4)
            for (int i = 0; i < 16; i++)
                if (data[i] != (char)(0x40 + i))
                    fail(c->name, 0, "byte %lu of the data page changed to %#lx", (unsigned long)i,
                         (unsigned long)(unsigned char)data[i]);
        printf("%-12s %-36s %s\n", c->name, what[k], failures == before ? "ok" : "WRONG");
    }
    if (failures) {
        printf("%d wrong values\n", failures);
        return 1;
    }
    return 0;
}
