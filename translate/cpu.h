/*
 * translate/cpu.h - the architectural state of one guest hart (one guest thread).
 *
 * Every engine (translate/engine.h) hands guest state to the run loop through this struct, so
 * the layout is the contract between translate/, syscall/ and the signal-frame code. x[0] is
 * kept at zero by the engines (writes to it are discarded).
 */
#ifndef CROSSRUN_CPU_H
#define CROSSRUN_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/types.h"

/* Why the run loop returned control to its caller. */
enum rv_stop_reason {
    RV_STOP_NONE = 0,
    RV_STOP_EXIT,        /* exit/exit_group: cpu->exit_status holds the guest status */
};

struct rv_cpu {
    uint64_t x[32];          /* integer registers, x[0] always 0 */
    /* The translator's check of a load's or store's base register: at most this (unsigned),
     * the access base + imm (|imm| < 2048, up to 8 bytes) ends below GUEST_LIMIT; a larger
     * base takes a cold path that checks the access exactly (translate/jit/emit_mem.c). Right
     * after x[], where translated code reaches it with a one-byte displacement as it does
     * x[1..31] (translate/jit/pinned.h's RV_JIT_CPU_BIAS). */
    uint64_t mem_base_limit;
    uint64_t pc;             /* address of the instruction being executed */
    uint64_t f[32];          /* FP registers as raw bits; singles are NaN-boxed (upper 32 bits all ones) */
    uint32_t fflags;         /* accrued exceptions: NV DZ OF UF NX (bits 4..0) */
    uint32_t frm;            /* dynamic rounding mode, 0..7 as written by the guest */
    /* 1 when fflags holds NX and frm is RNE, the condition of the translator's inline double
     * ops with a dynamic rounding mode (translate/jit/emit_fp.c), which then test this one
     * field instead of two. 0 is always safe (the op takes its exact call, after which the
     * translator sets it again), so only a write that may clear NX or change frm must update it
     * (rv_cpu_fp_mode_written): a CSR write, sigreturn. */
    uint32_t jit_fp_fast;

    uint64_t instret;        /* retired guest instructions (the run loop adds whole blocks) */

    /* LR/SC: the reserved address and the value loaded, compared by SC with a host CAS so the
     * pair stays atomic with respect to other guest threads. */
    guest_addr reservation_addr;
    uint64_t reservation_value;
    bool reservation_valid;

    enum rv_stop_reason stop;
    int exit_status;         /* valid when stop == RV_STOP_EXIT */

    struct rv_thread *thread; /* per-thread runner state (signals, tid), owned by syscall/ */

    /* The synchronous exception an engine stopped at (RV_EXIT_FAULT, translate/engine.h):
     * host signal number (SIGILL, SIGSEGV, SIGBUS) and the address for si_addr. */
    struct {
        int signo;
        guest_addr addr;
    } fault;

    /* Nonzero when a guest signal may be deliverable: set by the host signal handler and by
     * the signal code (syscall/signal/sigstate.c), tested by the engine at every block boundary and
     * after every syscall, so it must stay a single cheap load. */
    volatile int signal_pending;

    /* The translator's range check of a guest access of 1 << i bytes: the access is inside
     * [GUEST_BASE, GUEST_LIMIT) when addr - GUEST_BASE <= mem_span[i] (unsigned), one compare
     * with this field (translate/jit/, which sets it). */
    uint64_t mem_span[4];
    /* The translator's table of indirect jump targets for this thread (translate/jit/jcache.h). */
    void *jcache;
    /* The translator's host stack while translated code runs: where its frames of guest calls
     * start (the way out resets the stack there) and how far they may grow
     * (translate/jit/codemem.c, translate.c). */
    uint64_t jit_stack_top, jit_stack_floor;
    /* Where a checked access's cold path called its region's fault tail from: the byte there
     * is the instruction's index in its block (translate/jit/codemem.c, translate.c). */
    uint64_t jit_fault_ret;
    /* The values a converted hammock's skipped instructions overwrite, kept for its cmovs
     * (translate/jit/emit_hammock.c). */
    uint64_t jit_hammock_old[3];
};

/* fflags or frm was written: jit_fp_fast follows (NX is fflags' bit 0, RNE frm's 0). */
static inline void rv_cpu_fp_mode_written(struct rv_cpu *cpu)
{
    cpu->jit_fp_fast = (cpu->fflags & 1u) && cpu->frm == 0;
}

#endif
