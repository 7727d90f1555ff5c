/*
 * syscall/iovec.h - guest iovec arrays turned into host ones, checked, for every vectored call.
 */
#ifndef CROSSRUN_SYSCALL_IOVEC_H
#define CROSSRUN_SYSCALL_IOVEC_H

#include <stdint.h>
#include <sys/uio.h>

#include "abi/types.h"
#include "abi/uio.h"

/* Copies the guest array of count iovecs at guest into host[] (room for count entries, count
 * at most RV_UIO_MAXIOV: callers check first, each with its own errno for too many) and checks
 * that every buffer is guest memory with the access `prot` the kernel will make (PROT_WRITE
 * when it fills them). Returns 0, -EFAULT, or -EINVAL when the total passes SSIZE_MAX, the
 * kernel's answers. */
long iovec_from_guest(struct iovec *host, guest_addr guest, uint64_t count, int prot)
    __attribute__((warn_unused_result));

#endif
