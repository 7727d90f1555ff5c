/*
 * translate/exec.c - the run loop of one guest thread and the engine's fatal-fault paths.
 *
 * rv_run hands blocks to the interpreter and acts on what makes it return: ecall (the
 * syscall layer), ebreak (SIGTRAP) and fence.i (drop all translations). Faults the guest
 * causes end the process exactly as they would end the guest on riscv64 Linux without a
 * handler: death by the same signal, with no core file from the runner. Host faults that are
 * not the guest's are the runner's bugs and are reported as such.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loader/addrspace.h"
#include "syscall/syscall.h"
#include "translate/block.h"
#include "translate/exec.h"
#include "translate/interp.h"

/* The cpu this host thread runs, and whether it is inside guest code right now (not in the
 * runner's own code such as a syscall handler). Read by the host fault handler. */
static __thread struct rv_cpu *current_cpu;
static __thread volatile sig_atomic_t in_guest_code;

/* Writes str to stderr with one write(2): usable while dying inside a signal handler. */
static void write_stderr(const char *str)
{
    size_t len = strlen(str);
    while (len > 0) {
        ssize_t n = write(2, str, len);
        if (n <= 0)
            return;
        str += n;
        len -= (size_t)n;
    }
}

/* Dies by signo with the default action, as the kernel kills a process whose handler is
 * SIG_DFL. Cores are disabled first: the guest's core would be a dump of the runner. */
__attribute__((noreturn)) static void die_by_signal(int signo)
{
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);  /* also stops core_pattern pipes, which ignore the limit */

    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(signo, &dfl, NULL);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(signo);
    /* only reachable if the signal's default action does not kill */
    _exit(128 + signo);
}

/* The instruction bits at pc for the SIGILL report: 4 hex digits for a compressed one. */
static int format_insn_bits(char *buf, size_t cap, guest_addr pc)
{
    if (!guest_in_range(pc, 2) || !guest_as_accessible(pc, 2, PROT_EXEC))
        return snprintf(buf, cap, "(unreadable)");
    uint16_t lo, hi;
    memcpy(&lo, (const void *)(uintptr_t)pc, 2);
    if ((lo & 3) != 3)
        return snprintf(buf, cap, "0x%04x", lo);
    if (!guest_in_range(pc + 2, 2) || !guest_as_accessible(pc + 2, 2, PROT_EXEC))
        return snprintf(buf, cap, "0x%04x", lo);
    memcpy(&hi, (const void *)(uintptr_t)(pc + 2), 2);
    return snprintf(buf, cap, "0x%08x", (uint32_t)lo | (uint32_t)hi << 16);
}

void rv_guest_fatal_signal(struct rv_cpu *cpu, int signo, guest_addr addr)
{
    char line[128];
    in_guest_code = 0;
    if (signo == SIGILL) {
        char bits[32];
        format_insn_bits(bits, sizeof bits, cpu->pc);
        snprintf(line, sizeof line, "crossrun: illegal instruction %s at pc 0x%lx\n", bits,
                 (unsigned long)cpu->pc);
        write_stderr(line);
    } else if (signo == SIGTRAP) {
        snprintf(line, sizeof line, "crossrun: breakpoint (ebreak) at pc 0x%lx\n",
                 (unsigned long)cpu->pc);
        write_stderr(line);
    }
    /* SIGSEGV, SIGBUS: silent, the shell reports the death like it would for the real guest */
    die_by_signal(signo);
}

/* Host SIGSEGV/SIGBUS. A fault at a guest address while guest code runs is the guest's
 * (cpu->pc was set by the faulting load/store); anything else is a bug in the runner. */
static void host_fault_handler(int signo, siginfo_t *si, void *uctx)
{
    (void)uctx;
    guest_addr addr = (guest_addr)(uintptr_t)si->si_addr;
    struct rv_cpu *cpu = current_cpu;

    if (cpu && in_guest_code && addr < GUEST_LIMIT)
        rv_guest_fatal_signal(cpu, signo, addr);

    char line[160];
    snprintf(line, sizeof line, "crossrun: internal error: %s at 0x%lx (guest pc 0x%lx)\n",
             signo == SIGBUS ? "SIGBUS" : "SIGSEGV", (unsigned long)addr,
             cpu ? (unsigned long)cpu->pc : 0ul);
    write_stderr(line);
    signal(SIGABRT, SIG_DFL);
    abort();
}

void rv_engine_init(void)
{
    /* An alternate stack so that even a runner stack overflow gets reported. */
    static char altstack[64 * 1024];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = host_fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    guest_as_code_changed = rv_code_invalidate;
}

void rv_run(struct rv_cpu *cpu)
{
    struct rv_cpu *saved = current_cpu;
    current_cpu = cpu;
    cpu->x[0] = 0;

    while (cpu->stop == RV_STOP_NONE) {
        struct rv_block *b = rv_block_get(cpu, cpu->pc);
        in_guest_code = 1;
        const struct rv_dinsn *t = rv_interp_run(cpu, b);
        in_guest_code = 0;
        /* copy out what we need: fence.i and syscalls (munmap) may free the block */
        uint16_t op = t->op;
        uint8_t len = t->len;

        switch (op) {
        case rv_op_ecall:
            rv_syscall(cpu);
            if (cpu->stop != RV_STOP_NONE)
                break;
            cpu->pc += len;
            break;
        case rv_op_ebreak:
            rv_guest_fatal_signal(cpu, SIGTRAP, cpu->pc);
        case rv_op_fence_i:
            rv_block_flush_all();
            cpu->pc += len;
            break;
        default:
            abort();  /* rv_interp_run returns only at the instructions above */
        }
    }
    current_cpu = saved;
}
