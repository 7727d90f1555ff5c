/*
 * syscall/io_uring_sqe.h - the per-opcode check of every submission the host kernel will read
 * (syscall/io_uring_sqe.c), used by io_uring_enter and io_uring_register (io_uring.c).
 */
#ifndef CROSSRUN_SYSCALL_IO_URING_SQE_H
#define CROSSRUN_SYSCALL_IO_URING_SQE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/io_uring.h"

/* A guest pointer made one the kernel faults on: a page below GUEST_BASE that neither the
 * guest nor the runner ever maps (the kernel answers as for any unmapped address). */
#define RV_URING_POISON UINT64_C(0x1000)

/* Memory a converted SQE points at (a host path, a host epoll_event, a checked iovec array):
 * it must stay valid until the host io_uring_enter that reads the SQE has returned, and is
 * freed then (the kernel copies what an SQE points at while it submits it: FEAT_SUBMIT_STABLE). */
struct rv_uring_bounce {
    void *chunks;
};
void *rv_uring_bounce_alloc(struct rv_uring_bounce *b, size_t n);
void rv_uring_bounce_free(struct rv_uring_bounce *b);

/* Makes one guest SQE safe for the host kernel, in place (syscall/io_uring_sqe.c): paths
 * through the sysroot rules, the riscv64 epoll_event converted, pointers outside the guest
 * range replaced by one the kernel answers -EFAULT for, the runner's descriptors by -1
 * (-EBADF), and opcodes the runner cannot make safe by an opcode the kernel answers -EINVAL
 * for. The CQE then carries what the kernel says. */
void rv_io_uring_sqe_convert(struct rv_io_uring_sqe *sqe, struct rv_uring_bounce *b);

/* Whether the runner refuses every SQE of this opcode (IORING_REGISTER_PROBE hides them). */
bool rv_io_uring_op_refused(uint8_t opcode);

#endif
