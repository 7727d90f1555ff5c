/*
 * translate/interp.h - what the reference interpreter's per-instruction functions share.
 *
 * The semantics live in interp_int.h (RV64I, M, Zba/Zbb/Zbs/Zicond, control flow),
 * interp_mem.h (loads, stores), interp_amo.h (A), interp_fp.h (F, D) and interp_csr.h (Zicsr),
 * one `static inline void exec_<name>(cpu, in)` per row of riscv.def. They are headers, not .c
 * files, because all of them must be inlined into the one dispatch loop in interp_dispatch.c:
 * that is what makes the interpreter fast.
 *
 * Conventions: an exec function reads sources from cpu and writes its destination directly;
 * a write to x0 is harmless because the loop zeroes x[0] after every instruction. Only
 * instructions that end a block (branches, jumps) write cpu->pc, except that anything that can
 * fault first sets cpu->pc to its own pc so the fault is reported at the exact instruction.
 */
#ifndef CROSSRUN_INTERP_H
#define CROSSRUN_INTERP_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "mem/addrspace.h"
#include "translate/block.h"
#include "translate/cpu.h"
#include "translate/engine.h"
#include "translate/fpu.h"

#define RV_EXEC(name) \
    static inline __attribute__((always_inline)) void exec_##name(struct rv_cpu *cpu, \
                                                                  const struct rv_dinsn *in)

#define RS1 (cpu->x[in->rs1])
#define RS2 (cpu->x[in->rs2])
#define RD (cpu->x[in->rd])

static inline uint64_t rv_sext32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)(uint32_t)v; }
static inline uint64_t rv_zext32(uint64_t v) { return (uint32_t)v; }

/* A synchronous exception the interpreter raises itself (illegal instruction, misaligned
 * atomic, access outside the guest range, instruction fetch fault): records it in cpu->fault,
 * with cpu->pc at the instruction, and unwinds to the interpreter's run(), which returns
 * RV_EXIT_FAULT (interp_engine.c). rv_interp_fault_unwind is where it unwinds to: run() sets
 * it, on this thread, before it enters a dispatch loop. */
__attribute__((noreturn, cold)) void rv_interp_fault(struct rv_cpu *cpu, int signo,
                                                     guest_addr addr);
extern __thread sigjmp_buf *rv_interp_fault_unwind;

/* An illegal-instruction exception at `in`: the guest's SIGILL. */
__attribute__((noreturn, cold, noinline, unused)) static void rv_illegal(struct rv_cpu *cpu,
                                                                 const struct rv_dinsn *in)
{
    cpu->pc = in->pc;
    rv_interp_fault(cpu, SIGILL, in->pc);
}

/* The dispatch loops (interp_dispatch.c): run blocks from `b` until an instruction that leaves
 * the engine (ecall, ebreak, fence.i: cpu->pc at it) or, at a block boundary, until
 * cpu->signal_pending is set (cpu->pc at the next block). One follows chained exits and a
 * per-thread jump cache for jalr, the other looks every block up in the shared cache. */
enum rv_exit rv_interp_run_chained(struct rv_cpu *cpu, struct rv_block *b);
enum rv_exit rv_interp_run_unchained(struct rv_cpu *cpu, struct rv_block *b);

/* The per-thread jump cache: must be emptied when the thread re-enters guest code at a new
 * cache epoch (interp_engine.c does it; translations it names may be freed meanwhile). */
void rv_interp_jump_cache_clear(void);

#endif
