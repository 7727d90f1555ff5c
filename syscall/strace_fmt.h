/*
 * syscall/strace_fmt.h - the --strace formatter: one guest syscall as one strace-like line.
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
 * si_pid=1, si_uid=0}" (syscall/strace_siginfo.c). */
struct rv_siginfo;
void rv_strace_siginfo(FILE *out, const struct rv_siginfo *si);

/* Name tables: exact values (enums) or bit sets (flags). A flag entry with several bits
 * matches when all of them are set; entries are tried in order. */
struct rv_name {
    uint64_t value;
    const char *name;
};

/* v as NAME|NAME|0x.. ("zero" when v is 0). */
void rv_strace_flags(FILE *out, uint64_t v, const struct rv_name *tab, const char *zero);
/* v by name, else as decimal (hex when `hex`). Returns whether a name was found. */
bool rv_strace_enum(FILE *out, uint64_t v, const struct rv_name *tab, bool hex);

/* Tables (syscall/strace_names.c), each ended by a NULL name. */
extern const struct rv_name rv_names_mmap_prot[], rv_names_mmap_flags[], rv_names_oflags[],
    rv_names_atflags[], rv_names_access[], rv_names_whence[], rv_names_fcntl[], rv_names_ioctl[],
    rv_names_sighow[], rv_names_clock[], rv_names_futex_cmd[], rv_names_clone[],
    rv_names_statx_mask[], rv_names_rename[], rv_names_madvise[], rv_names_mremap[],
    rv_names_rlimit[], rv_names_prctl[], rv_names_sa_flags[], rv_names_ss_flags[],
    rv_names_file_type[], rv_names_grnd[], rv_names_msync[], rv_names_timer[];

#endif
