/*
 * syscall/strace/strace_guest.h - guest memory as --strace shows it: checked reads that never
 * fault, addresses, and strings and buffers quoted and escaped as strace does (strace_guest.c).
 *
 * The floor of the wing's printers: the conversion table and the struct printers all read the
 * guest through these, so a bad pointer prints as its address instead of faulting the runner.
 */
#ifndef CROSSRUN_STRACE_GUEST_H
#define CROSSRUN_STRACE_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mem/addrspace.h"

#define RV_STRACE_STR_MAX     32      /* strace's default -s: string bytes shown before "..." */
#define RV_STRACE_ARRAY_MAX   32      /* elements shown of an array before "..." */
#define RV_STRACE_PATH_CAP    4096    /* paths are shown whole, up to this */

/* Copies the readable prefix of [src, src+n) to dst; returns how many bytes that was. */
size_t rv_strace_peek(void *dst, guest_addr src, size_t n);
/* Whether all n bytes at src (not NULL) could be copied. */
bool rv_strace_peek_all(void *dst, guest_addr src, size_t n);

/* A guest address: 0x... or NULL. */
void rv_strace_addr(FILE *out, guest_addr v);
/* n bytes between double quotes, escaped as strace escapes them. */
void rv_strace_quoted(FILE *out, const uint8_t *p, size_t n);
/* A NUL-terminated guest string, cut after `max` bytes with "..." (its address if unreadable). */
void rv_strace_string(FILE *out, guest_addr addr, size_t max);
/* A guest buffer of len bytes, the first RV_STRACE_STR_MAX shown. */
void rv_strace_buffer(FILE *out, guest_addr addr, uint64_t len);
/* A string the call wrote, len bytes long, up to its first NUL if it has one (readlinkat
 * writes none, getcwd counts its NUL in len). */
void rv_strace_written_string(FILE *out, guest_addr addr, uint64_t len);

#endif
