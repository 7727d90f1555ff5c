/*
 * syscall/strace/strace_values.h - values that strace decodes beyond one name table: a file
 * mode, a signal set, open/mmap/futex/clone flags (strace_values.c).
 *
 * Shared by the conversion table (register values) and the struct printers (the same values
 * inside a struct stat or struct sigaction); nothing here reads guest memory.
 */
#ifndef CROSSRUN_STRACE_VALUES_H
#define CROSSRUN_STRACE_VALUES_H

#include <stdint.h>
#include <stdio.h>

/* S_IFREG|0644: the type bits by name, the rest in octal. */
void rv_strace_file_mode(FILE *out, uint64_t mode);
/* [INT TERM], or ~[...] when most of the 64 bits are set. */
void rv_strace_sigset_bits(FILE *out, uint64_t set);
/* SIGINT by name, else the number. */
void rv_strace_signal(FILE *out, uint64_t v);
/* An rlimit bound: RLIM64_INFINITY, 8192*1024, 7. */
void rv_strace_rlim(FILE *out, uint64_t v);
/* open(2) flags led by their access mode: O_RDONLY|O_CLOEXEC. */
void rv_strace_open_flags(FILE *out, uint64_t v);
/* mmap(2) flags led by their mapping type: MAP_PRIVATE|MAP_ANONYMOUS. */
void rv_strace_mmap_flags(FILE *out, uint64_t v);
/* A futex op: FUTEX_WAIT_PRIVATE, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME. */
void rv_strace_futex_op(FILE *out, uint64_t v);
/* clone(2) flags with the exit signal in the low byte: CLONE_VM|CLONE_VFORK|SIGCHLD. */
void rv_strace_clone_flags(FILE *out, uint64_t v);

#endif
