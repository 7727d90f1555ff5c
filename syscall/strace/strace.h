/*
 * syscall/strace/strace.h - the strace wing's API: the --strace hooks that dispatch.c calls
 * around every guest syscall.
 *
 * dispatch.c calls rv_strace_enter before the handler and rv_strace_exit after it, only when
 * rv_proc.strace is set, for every guest syscall number, implemented or not (an unimplemented
 * one returns -ENOSYS and is traced like any other call). syscall/strace/strace.c implements
 * them, with the fmt column of syscall/syscalls.def (syscall/names.h: rv_syscall_format; its
 * vocabulary is documented at the top of that file) and the formatter of strace_fmt.c.
 *
 * The exit hook is called even for exit/exit_group (the handler returns after setting
 * cpu->stop = RV_STOP_EXIT); the printer can show "= ?" there as strace does.
 */
#ifndef CROSSRUN_STRACE_H
#define CROSSRUN_STRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "translate/cpu.h"

void rv_strace_enter(struct rv_cpu *cpu, long nr, const uint64_t *a);

/* Whether the calling task's lines carry strace -f's "[pid N] " (it is not the first traced
 * task); and, in a runner exec'd by such a task (--strace-forked), makes every line carry it. */
bool rv_strace_prefixed(void);
void rv_strace_mark_forked(void);
void rv_strace_exit(struct rv_cpu *cpu, long nr, const uint64_t *a, long ret);

#endif
