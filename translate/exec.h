/*
 * translate/exec.h - running guest code.
 *
 * rv_run executes one guest thread from cpu->pc until it exits (cpu->stop == RV_STOP_EXIT),
 * looking up pre-decoded blocks in the shared block cache and calling rv_syscall on ecall. An
 * illegal instruction stops the process as hardware would (for now: a one-line report with the
 * pc and the instruction bytes, then death by SIGILL); ebreak likewise with SIGTRAP.
 */
#ifndef CROSSRUN_EXEC_H
#define CROSSRUN_EXEC_H

#include <stdint.h>

#include "translate/cpu.h"

/* Installs the engine's host signal handlers and hooks (code invalidation). Call once. */
void rv_engine_init(void);

void rv_run(struct rv_cpu *cpu);

/* Drops translations overlapping [start, start+len): fence.i, riscv_flush_icache, munmap. */
void rv_code_invalidate(guest_addr start, uint64_t len);

/* Stops the process as the hardware trap `signo` (SIGILL, SIGTRAP, SIGSEGV, SIGBUS) would when
 * the guest has no handler: prints one line for SIGILL/SIGTRAP and dies by that signal. */
__attribute__((noreturn)) void rv_guest_fatal_signal(struct rv_cpu *cpu, int signo, guest_addr addr);

#endif
