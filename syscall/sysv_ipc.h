/*
 * syscall/sysv_ipc.h - what the System V IPC handlers (sysv_ipc.c, sysv_shm.c) share.
 */
#ifndef CROSSRUN_SYSCALL_SYSV_IPC_H
#define CROSSRUN_SYSCALL_SYSV_IPC_H

#include <stddef.h>

#include "abi/types.h"

/* The host argument for a guest buffer of len bytes the kernel reads (PROT_READ) or writes
 * (PROT_WRITE): the guest address once checked, else an address the host kernel refuses, so
 * its answer is EFAULT at the point of its own order (after EINVAL, EIDRM, EACCES...), as for
 * a bad pointer on riscv64. */
long rv_ipc_host_buf(guest_addr addr, size_t len, int prot);

#endif
