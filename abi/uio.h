/*
 * abi/uio.h - the guest's struct iovec and the kernel's limit on iovec counts.
 *
 * Vectored I/O (readv/writev and friends, sendmsg/recvmsg, vmsplice) all take arrays of these;
 * syscall/iovec.c converts them once for every caller.
 */
#ifndef CROSSRUN_ABI_UIO_H
#define CROSSRUN_ABI_UIO_H

#include <stdint.h>

/* struct iovec (include/uapi/linux/uio.h): a pointer and a __kernel_size_t. */
struct rv_iovec {
    uint64_t iov_base;
    uint64_t iov_len;
};
_Static_assert(sizeof(struct rv_iovec) == 16, "riscv64 iovec is 16 bytes");

/* UIO_MAXIOV (include/uapi/linux/uio.h): the most iovecs in one call, the same on every
 * architecture; also the most messages one sendmmsg/recvmmsg handles. */
#define RV_UIO_MAXIOV 1024

#endif
