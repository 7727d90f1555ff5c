/*
 * syscall/signal/coredump.h - inside the signal wing: the guest's core dump on the way to a
 * death by signal (coredump.c), called by fatal.c.
 */
#ifndef CROSSRUN_SYSCALL_SIGNAL_COREDUMP_H
#define CROSSRUN_SYSCALL_SIGNAL_COREDUMP_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/ucontext.h"

struct rv_cpu;

/* Told by the signal state (sigstate.c) just before the calling thread dies of info->signo:
 * the cpu it ran (NULL outside guest code), the siginfo, its pending and blocked sets. */
void rv_core_note_death(struct rv_cpu *cpu, const struct rv_siginfo *info, uint64_t pending,
                        uint64_t blocked);

/* For a signal whose default action dumps core (hsig, the same number on both sides): writes
 * the guest's riscv64 core where /proc/sys/kernel/core_pattern and RLIMIT_CORE say, and sets
 * the runner up so that the host kernel's dump of the runner puts the core flag in the wait
 * status without touching that file. True when the runner should die dumpable; false when its
 * own dump must be switched off (no core for the guest, or none the runner can add safely). */
bool rv_core_dump(int hsig);

#endif
