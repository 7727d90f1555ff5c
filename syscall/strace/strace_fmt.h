/*
 * syscall/strace/strace_fmt.h - the --strace formatter: one guest syscall as one strace-like line.
 *
 * strace.c decides when to print (at the call's return, or at entry for calls that do not
 * return) and where; this formatter turns a name, the fmt column of syscalls.def and the six
 * argument registers into text, reading guest memory only through checked copies (a pointer
 * it cannot read prints as its address). Apart so that a unit test can format into memory
 * without linking the dispatcher.
 */
#ifndef CROSSRUN_STRACE_FMT_H
#define CROSSRUN_STRACE_FMT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum rv_strace_mode {
    RV_STRACE_DONE,        /* "name(args) = ret" */
    RV_STRACE_NORETURN,    /* "name(args) = ?": exit, exit_group */
    RV_STRACE_UNFINISHED,  /* "name(args <unfinished ...>": execve, resumed by rv_strace_resumed */
};

/* Prints one call and a newline. fmt NULL: an unimplemented call, six hex arguments. */
void rv_strace_call(FILE *out, const char *name, const char *fmt, const uint64_t *a, long ret,
                    enum rv_strace_mode mode);

/* "<... name resumed>) = ret" and a newline, after an RV_STRACE_UNFINISHED line. */
void rv_strace_resumed(FILE *out, const char *name, const char *fmt, long ret);

/* A guest siginfo as strace prints it in a signal line: "{si_signo=SIGUSR1, si_code=SI_USER,
 * si_pid=1, si_uid=0}" (strace_siginfo.c). */
struct rv_siginfo;
void rv_strace_siginfo(FILE *out, const struct rv_siginfo *si);

#endif
