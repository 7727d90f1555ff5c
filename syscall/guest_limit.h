/*
 * syscall/guest_limit.h - guest pointers the host kernel may be given as they are.
 *
 * Below GUEST_LIMIT there is nothing but guest mappings, the PROT_NONE reservation and the
 * never-mapped pages under GUEST_BASE (mem/addrspace.h), so the host kernel, handed a guest
 * address there, reads and writes only what the guest's kernel would and faults where it would.
 * Calls whose kernel code copies from pointers at moments of its own (Linux AIO, keyctl) pass
 * such pointers unchanged and so keep the kernel's order of errors. A range reaching above
 * GUEST_LIMIT, riscv64 Sv39's TASK_SIZE, where the guest's kernel refuses too, is replaced by
 * RV_HOST_REFUSED_ADDR, which no host access_ok takes: the call then fails with EFAULT at the
 * point the kernel copies it, after its other checks, and never touches runner memory.
 */
#ifndef CROSSRUN_SYSCALL_GUEST_LIMIT_H
#define CROSSRUN_SYSCALL_GUEST_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/addrspace.h"

#define RV_HOST_REFUSED_ADDR UINT64_C(0xffff800000000000)   /* x86-64's kernel half */

static inline bool rv_below_guest_limit(uint64_t addr, uint64_t len)
{
    return addr <= GUEST_LIMIT && len <= GUEST_LIMIT - addr;
}

/* addr when [addr, addr+len) lies below GUEST_LIMIT, else RV_HOST_REFUSED_ADDR. */
static inline uint64_t rv_host_ptr(uint64_t addr, uint64_t len)
{
    return rv_below_guest_limit(addr, len) ? addr : RV_HOST_REFUSED_ADDR;
}

#endif
