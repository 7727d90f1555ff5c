/*
 * syscall/strace/strace_conv.h - the conversions of syscalls.def's fmt column (%fd, %path,
 * %ostat...; the vocabulary is documented at the top of syscall/syscalls.def): one row each,
 * naming the printer of an argument and how the line treats it (strace_conv.c).
 *
 * strace_fmt.c looks each conversion of a call up here and calls its printer. The unit test
 * (tests/unit/test_strace.c) checks that this table and syscalls.def speak the same vocabulary:
 * every conversion syscalls.def uses has a row, and every row is used.
 */
#ifndef CROSSRUN_STRACE_CONV_H
#define CROSSRUN_STRACE_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The call being printed, as its conversions see it: the registers, the result, and what one
 * argument tells the ones after it. */
struct rv_strace_args {
    FILE *out;
    const uint64_t *a;      /* the six argument registers */
    long ret;               /* the result, when the call has returned */
    bool ok;                /* returned successfully: output arguments are valid */
    bool skip_mode;         /* openat without O_CREAT/O_TMPFILE: strace omits the mode */
    bool mode_follows;      /* the conversion after this one is %mode (open-style flags) */
    int argv_seen;          /* the second %argv (envp) prints as a count */
};

enum {
    /* Memory the call writes: its content is valid only after a successful call, so otherwise
     * (and when NULL) the argument prints as its address and the printer is not called. */
    RV_STRACE_WRITTEN = 1 << 0,
    /* open's mode: left out, as strace leaves it out, when the open flags before it have
     * neither O_CREAT nor O_TMPFILE (struct rv_strace_args.skip_mode). */
    RV_STRACE_CREAT_MODE = 1 << 1,
};

struct rv_strace_conv {
    const char *name;                               /* as in syscalls.def, without the %: "fd" */
    void (*print)(struct rv_strace_args *c, int i); /* prints argument i (c->a[i]) to c->out */
    unsigned flags;                                 /* RV_STRACE_WRITTEN, RV_STRACE_CREAT_MODE */
};

/* The table, ended by a row with a NULL name. */
extern const struct rv_strace_conv rv_strace_convs[];

/* The row named by the len characters at name, or NULL when there is none. */
const struct rv_strace_conv *rv_strace_conv_find(const char *name, size_t len);

#endif
