/*
 * syscall/syscall.h - guest system calls: the dispatch entry point and the handler contract.
 *
 * syscalls.def lists every guest syscall once; table.c builds the table indexed by the guest
 * number from it and dispatch.c calls through it. A handler gets the cpu and the six raw
 * argument registers a0..a5, returns a non-negative result or a negative errno, and calls the
 * host kernel through host.h (raw syscalls that return -errno), never through libc wrappers
 * whose semantics differ.
 * Handlers use host numbering (host.h results, <errno.h> constants); dispatch.c turns the
 * result into the guest's numbering in that one place (abi/errno.h: an asserted identity).
 */
#ifndef CROSSRUN_SYSCALL_H
#define CROSSRUN_SYSCALL_H

#include <stdint.h>

#include <stdbool.h>

#include "translate/cpu.h"

typedef long rv_syscall_handler(struct rv_cpu *cpu, const uint64_t *a);

/* Executes the ecall at cpu->pc: number in a7, arguments a0..a5, result to a0. May set
 * cpu->stop (exit). Does not advance pc; the run loop does. Returns true when a guest signal came
 * before the call could block: nothing was done, a0 is untouched, and the run loop must deliver
 * the signal and run the same ecall again (syscall/signal/signal.h). */
bool rv_syscall(struct rv_cpu *cpu);

#define SYSCALL(nr, name, handler, fmt) rv_syscall_handler handler;
#include "syscall/syscalls.def"
#undef SYSCALL

#endif
