/*
 * abi/types.h - fixed-width names for guest (riscv64 Linux, LP64, little-endian) quantities.
 *
 * A guest_addr is a guest virtual address. Because crossrun maps the guest at the same host
 * address (design decision 1), a checked guest_addr can be handed to the host kernel unchanged,
 * but code never dereferences one directly: it goes through mem/uaccess.h.
 */
#ifndef CROSSRUN_ABI_TYPES_H
#define CROSSRUN_ABI_TYPES_H

#include <stdint.h>

typedef uint64_t guest_addr;

/* Guest C types (riscv64 LP64): long and pointers are 64-bit, int is 32-bit, char is unsigned. */
typedef int64_t guest_long;
typedef uint64_t guest_ulong;

/* Loads and stores of guest-endian values. riscv64 Linux is little-endian like the host; these
 * exist so that a big-endian guest can come later without touching every conversion. */
static inline uint16_t rv_le16(uint16_t v) { return v; }
static inline uint32_t rv_le32(uint32_t v) { return v; }
static inline uint64_t rv_le64(uint64_t v) { return v; }

#endif
