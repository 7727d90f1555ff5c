/*
 * translate/jit/perfmap_symbols.h - the name of the guest function at a guest pc, for the lines
 * of --perfmap's /tmp/perf-PID.map (perfmap.c) and for the C library functions the translator
 * leaves to the host (libc_calls.c).
 *
 * Guest address = host address, so the runner's own /proc/self/maps says which file (the
 * program, ld.so, a library it mapped) backs a guest pc, at which file offset; that file's
 * program headers turn the offset into the ELF's own address, and its symbol table (.symtab,
 * else .dynsym) into "function+0xoffset". Both the parsed maps and each file's sorted symbols
 * are cached; the maps are read again when a pc lies outside every cached mapping.
 */
#ifndef CROSSRUN_JIT_PERFMAP_SYMBOLS_H
#define CROSSRUN_JIT_PERFMAP_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>

#include "abi/types.h"

/* Writes into buf (cap bytes, always terminated) "symbol+0xoff [file]" when the file mapped at
 * pc has a function symbol there, "guest:0xPC [file]" when the file is known but has no symbol
 * for pc (stripped, deleted, unreadable, not ELF), else "guest:0xPC". Never fails. Not
 * thread-safe: the caller serialises the calls (the translator's lock). */
void rv_perfmap_name(guest_addr pc, char *buf, size_t cap);

/* The name of the C library function whose entry is pc ("memcpy"), when pc is the address of
 * a plain function symbol (not an ifunc resolver) in glibc (libc.so.*, or a program linked with
 * it statically) that keep wants: only those are read from the file. NULL otherwise. Same lock
 * as rv_perfmap_name; the name lives until the next call of either. */
const char *rv_guest_libc_entry(guest_addr pc, bool (*keep)(const char *name));

#endif
