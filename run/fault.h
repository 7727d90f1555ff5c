/*
 * run/fault.h - the fault path: what happens when guest code traps (illegal instruction,
 * ebreak, a misaligned atomic, a load, store or fetch the host kernel refused).
 *
 * The run loop (run/loop.c) tells the fault path which cpu this host thread runs, whether it is
 * inside guest code right now and where a handled fault unwinds to; the fault path never calls
 * the run loop. A fault the guest has an unblocked handler for is recorded (the signal wing,
 * syscall/signal/signal.h) and unwinds by siglongjmp into the innermost rv_run, which delivers
 * it; any other ends the process as the guest would end on riscv64 Linux: death by the same
 * signal, with one line on stderr for SIGILL and SIGTRAP. Host faults that are not the guest's
 * are the runner's bugs and are reported as such.
 */
#ifndef CROSSRUN_RUN_FAULT_H
#define CROSSRUN_RUN_FAULT_H

#include <setjmp.h>
#include <signal.h>

#include "translate/cpu.h"

/* Per host thread, kept by rv_run: the cpu it runs, whether guest code runs right now (not the
 * runner's own code such as a syscall handler) and the innermost rv_run's unwind point. */
extern __thread struct rv_cpu *rv_fault_cpu;
extern __thread volatile sig_atomic_t rv_fault_in_guest_code;
extern __thread sigjmp_buf *rv_fault_unwind;

/* Installs the host SIGSEGV/SIGBUS handlers (on an alternate stack, so that even an overflow
 * of the runner's own stack is reported). Once, at start-up. */
void rv_fault_init(void);

/* The hardware trap `signo` (SIGILL, SIGTRAP, SIGSEGV, SIGBUS) at cpu->pc, si_addr addr. When
 * the guest has an unblocked handler for it, the signal is recorded and control unwinds into
 * rv_run; otherwise prints one line for SIGILL/SIGTRAP and dies by that signal. Never returns. */
__attribute__((noreturn)) void rv_guest_fatal_signal(struct rv_cpu *cpu, int signo, guest_addr addr);

#endif
