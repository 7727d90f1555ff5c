/*
 * mem/uaccess.h - the only way runner code touches guest memory (design: checked copies).
 *
 * A bad guest pointer yields -EFAULT, never a runner crash: addresses are checked against the
 * guest range and the mapping table of mem/addrspace before any host access. Guest pointers
 * handed straight to the host kernel (read's buffer, say) go through guest_buf() first so a
 * guest can never make the kernel write into runner memory above GUEST_LIMIT.
 */
#ifndef CROSSRUN_UACCESS_H
#define CROSSRUN_UACCESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#include "abi/types.h"

#define RV_WUR __attribute__((warn_unused_result))

/* 0 or -EFAULT. */
int copy_from_guest(void *dst, guest_addr src, size_t n) RV_WUR;
int copy_to_guest(guest_addr dst, const void *src, size_t n) RV_WUR;

/* Copies a NUL-terminated guest string into dst (size cap, including the NUL).
 * Returns its length, -EFAULT, or -ENAMETOOLONG when it does not fit. */
long string_from_guest(char *dst, guest_addr src, size_t cap) RV_WUR;

/* 0 when [addr, addr+n) is guest memory mapped with at least `prot` (PROT_READ when the host
 * kernel will read it, PROT_WRITE when it will write it), else -EFAULT. n == 0 is always fine.
 * Only after this check may a guest buffer be handed to the host kernel, through g2h(). */
int guest_check(guest_addr addr, size_t n, int prot) RV_WUR;

/* The host pointer for a guest address (identity mapping, design decision 1). */
static inline void *g2h(guest_addr addr) { return (void *)(uintptr_t)addr; }

#endif
