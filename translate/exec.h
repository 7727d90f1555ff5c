/*
 * translate/exec.h - running guest code: the run loop above the engines.
 *
 * rv_run executes one guest thread from cpu->pc until it exits (cpu->stop == RV_STOP_EXIT)
 * with the process's engine (translate/engine.h), calling rv_syscall on ecall, and delivers
 * pending guest signals at the engine's safe points and after syscalls. An illegal instruction
 * raises SIGILL as hardware would (without a guest handler: a one-line report with the pc and
 * the instruction bytes, then death by SIGILL); ebreak likewise with SIGTRAP.
 */
#ifndef CROSSRUN_EXEC_H
#define CROSSRUN_EXEC_H

#include <stdint.h>

#include "translate/cpu.h"

/* Starts the selected engine and installs the host fault handlers and the code-invalidation
 * hook. Call once, after rv_engine_select. */
void rv_run_init(void);

void rv_run(struct rv_cpu *cpu);

/* Drops translations overlapping [start, start+len) (len UINT64_MAX: all): the address
 * space's hook for munmap and mprotect (guest_as_code_changed), and tests. */
void rv_code_invalidate(guest_addr start, uint64_t len);

/* The hardware trap `signo` (SIGILL, SIGTRAP, SIGSEGV, SIGBUS) at cpu->pc. When the guest has
 * an unblocked handler for it, the signal is recorded (si_code from the kind of fault, si_addr
 * = addr) and control unwinds by siglongjmp into rv_run, which delivers it; otherwise prints one
 * line for SIGILL/SIGTRAP and dies by that signal. Never returns either way. */
__attribute__((noreturn)) void rv_guest_fatal_signal(struct rv_cpu *cpu, int signo, guest_addr addr);

#endif
