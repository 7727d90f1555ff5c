/*
 * run/loop.h - running guest code: the run loop above the engines.
 *
 * rv_run executes one guest thread from cpu->pc until it exits (cpu->stop == RV_STOP_EXIT)
 * with the process's engine (translate/engines.h), calling rv_syscall on ecall, and delivers
 * pending guest signals at the engine's safe points and after syscalls. Traps go to the fault
 * path (run/fault.h): an illegal instruction raises SIGILL as hardware would, ebreak SIGTRAP.
 */
#ifndef CROSSRUN_RUN_LOOP_H
#define CROSSRUN_RUN_LOOP_H

#include <stdint.h>

#include "translate/cpu.h"

/* Starts the selected engine and installs the host fault handlers and the code-invalidation
 * hook. Call once, after rv_engine_select. */
void rv_run_init(void);

void rv_run(struct rv_cpu *cpu);

/* Drops translations overlapping [start, start+len) (len UINT64_MAX: all): the address
 * space's hook for munmap and mprotect (guest_as_code_changed), and tests. */
void rv_code_invalidate(guest_addr start, uint64_t len);

#endif
