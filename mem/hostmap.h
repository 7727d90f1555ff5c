/*
 * mem/hostmap.h - the host memory calls mem/addrspace.c makes on guest ranges.
 *
 * They go straight to the kernel (mem/host.h), not through libc, whose wrappers a sanitizer
 * runtime intercepts and adjusts (ASan's would quietly shrink the guest reservation around its
 * shadow memory instead of letting it fail). They know nothing of the guest's mapping table:
 * keeping it right is the caller's job.
 */
#ifndef CROSSRUN_HOSTMAP_H
#define CROSSRUN_HOSTMAP_H

#include <stdint.h>
#include <sys/types.h>

#include "abi/types.h"

/* mmap and mremap at a guest address: the address, or MAP_FAILED with errno set. */
void *host_mmap(guest_addr a, uint64_t len, int prot, int flags, int fd, off_t off);
void *host_mremap(guest_addr old, uint64_t olen, uint64_t nlen, int flags, guest_addr dest);

/* munmap, mprotect, msync (nr is the host SYS_ number) on [a, a+len): 0 or -errno. */
int host_range_call(long nr, guest_addr a, uint64_t len, long arg);

/* The host protection for guest protection `prot` (never host PROT_EXEC; see hostmap.c). */
int host_prot(int prot);

/* Puts PROT_NONE reservation over [a, a+len). Memory that was there is dropped. 0 or -errno. */
int host_reserve(guest_addr a, uint64_t len);

#endif
