/*
 * abi/io_uring.h - the io_uring ABI as the guest sees it (include/uapi/linux/io_uring.h, 6.18).
 *
 * The SQE, the CQE, struct io_uring_params and struct io_uring_getevents_arg are built from
 * fixed-width fields only, so they have one layout on every 64-bit little-endian ABI: riscv64
 * and x86-64 agree byte for byte and the asserts below pin the offsets the runner reads. What
 * differs is not the layout of the ring but what some SQEs point at (paths, the riscv64
 * struct epoll_event) and which descriptors the runner owns: syscall/io_uring_sqe.c is the
 * per-opcode table that deals with those. Only the constants the runner acts on are here.
 */
#ifndef CROSSRUN_ABI_IO_URING_H
#define CROSSRUN_ABI_IO_URING_H

#include <stddef.h>
#include <stdint.h>

struct rv_io_uring_sqe {
    uint8_t opcode;
    uint8_t flags;          /* IOSQE_* */
    uint16_t ioprio;
    int32_t fd;
    uint64_t off;           /* also addr2 */
    uint64_t addr;          /* also splice_off_in */
    uint32_t len;
    uint32_t op_flags;      /* rw_flags, open_flags, statx_flags, msg_flags, timeout_flags... */
    uint64_t user_data;
    uint16_t buf_index;     /* also buf_group */
    uint16_t personality;
    int32_t splice_fd_in;   /* also file_index, addr_len (u16) and optlen */
    uint64_t addr3;         /* also attr_ptr */
    uint64_t pad3;          /* also attr_type_mask */
};
_Static_assert(sizeof(struct rv_io_uring_sqe) == 64, "io_uring_sqe is 64 bytes");
_Static_assert(offsetof(struct rv_io_uring_sqe, off) == 8 &&
               offsetof(struct rv_io_uring_sqe, addr) == 16 &&
               offsetof(struct rv_io_uring_sqe, len) == 24 &&
               offsetof(struct rv_io_uring_sqe, user_data) == 32 &&
               offsetof(struct rv_io_uring_sqe, splice_fd_in) == 44 &&
               offsetof(struct rv_io_uring_sqe, addr3) == 48, "io_uring_sqe field offsets");

struct rv_io_sqring_offsets {
    uint32_t head, tail, ring_mask, ring_entries, flags, dropped, array, resv1;
    uint64_t user_addr;
};
struct rv_io_cqring_offsets {
    uint32_t head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1;
    uint64_t user_addr;
};
struct rv_io_uring_params {
    uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd;
    uint32_t resv[3];
    struct rv_io_sqring_offsets sq_off;
    struct rv_io_cqring_offsets cq_off;
};
_Static_assert(sizeof(struct rv_io_uring_params) == 120, "io_uring_params is 120 bytes");
_Static_assert(offsetof(struct rv_io_uring_params, sq_off) == 40 &&
               offsetof(struct rv_io_uring_params, cq_off) == 80, "io_uring_params offsets");

struct rv_io_uring_getevents_arg {
    uint64_t sigmask;
    uint32_t sigmask_sz;
    uint32_t min_wait_usec;
    uint64_t ts;
};
_Static_assert(sizeof(struct rv_io_uring_getevents_arg) == 24, "io_uring_getevents_arg size");

/* io_uring_setup flags */
#define RV_IORING_SETUP_SQPOLL            (1u << 1)
#define RV_IORING_SETUP_SQ_AFF            (1u << 2)
#define RV_IORING_SETUP_CQSIZE            (1u << 3)
#define RV_IORING_SETUP_ATTACH_WQ         (1u << 5)
#define RV_IORING_SETUP_SQE128            (1u << 10)
#define RV_IORING_SETUP_CQE32             (1u << 11)
#define RV_IORING_SETUP_NO_MMAP           (1u << 14)
#define RV_IORING_SETUP_REGISTERED_FD_ONLY (1u << 15)
#define RV_IORING_SETUP_NO_SQARRAY        (1u << 16)
#define RV_IORING_SETUP_CQE_MIXED         (1u << 18)
#define RV_IORING_SETUP_KNOWN             ((1u << 19) - 1)   /* every flag of 6.18 */

/* mmap offsets */
#define RV_IORING_OFF_SQ_RING  UINT64_C(0)
#define RV_IORING_OFF_CQ_RING  UINT64_C(0x8000000)
#define RV_IORING_OFF_SQES     UINT64_C(0x10000000)

/* io_uring_enter flags */
#define RV_IORING_ENTER_GETEVENTS       (1u << 0)
#define RV_IORING_ENTER_EXT_ARG         (1u << 3)
#define RV_IORING_ENTER_REGISTERED_RING (1u << 4)
#define RV_IORING_ENTER_EXT_ARG_REG     (1u << 6)
#define RV_IORING_ENTER_KNOWN           ((1u << 8) - 1)    /* every flag of 6.18 */

/* sqe->flags */
#define RV_IOSQE_FIXED_FILE     (1u << 0)
#define RV_IOSQE_BUFFER_SELECT  (1u << 5)
#define RV_IOSQE_KNOWN          0x7fu   /* up to IOSQE_CQE_SKIP_SUCCESS */

/* sqe->op_flags of some opcodes */
#define RV_IORING_TIMEOUT_UPDATE    (1u << 1)
#define RV_IORING_NOP_FIXED_FILE    (1u << 2)
#define RV_SPLICE_F_FD_IN_FIXED     (1u << 31)
#define RV_IORING_RECVSEND_FIXED_BUF (1u << 2)   /* sqe->ioprio of send/recv */
#define RV_IORING_SEND_VECTORIZED   (1u << 5)    /* sqe->ioprio of send: addr is an iovec array */
#define RV_IORING_RECVSEND_KNOWN    0x3fu        /* every sqe->ioprio bit of send/recv in 6.18 */

/* Opcodes (enum io_uring_op). */
enum {
    RV_IORING_OP_NOP, RV_IORING_OP_READV, RV_IORING_OP_WRITEV, RV_IORING_OP_FSYNC,
    RV_IORING_OP_READ_FIXED, RV_IORING_OP_WRITE_FIXED, RV_IORING_OP_POLL_ADD,
    RV_IORING_OP_POLL_REMOVE, RV_IORING_OP_SYNC_FILE_RANGE, RV_IORING_OP_SENDMSG,
    RV_IORING_OP_RECVMSG, RV_IORING_OP_TIMEOUT, RV_IORING_OP_TIMEOUT_REMOVE,
    RV_IORING_OP_ACCEPT, RV_IORING_OP_ASYNC_CANCEL, RV_IORING_OP_LINK_TIMEOUT,
    RV_IORING_OP_CONNECT, RV_IORING_OP_FALLOCATE, RV_IORING_OP_OPENAT, RV_IORING_OP_CLOSE,
    RV_IORING_OP_FILES_UPDATE, RV_IORING_OP_STATX, RV_IORING_OP_READ, RV_IORING_OP_WRITE,
    RV_IORING_OP_FADVISE, RV_IORING_OP_MADVISE, RV_IORING_OP_SEND, RV_IORING_OP_RECV,
    RV_IORING_OP_OPENAT2, RV_IORING_OP_EPOLL_CTL, RV_IORING_OP_SPLICE,
    RV_IORING_OP_PROVIDE_BUFFERS, RV_IORING_OP_REMOVE_BUFFERS, RV_IORING_OP_TEE,
    RV_IORING_OP_SHUTDOWN, RV_IORING_OP_RENAMEAT, RV_IORING_OP_UNLINKAT, RV_IORING_OP_MKDIRAT,
    RV_IORING_OP_SYMLINKAT, RV_IORING_OP_LINKAT, RV_IORING_OP_MSG_RING,
    RV_IORING_OP_FSETXATTR, RV_IORING_OP_SETXATTR, RV_IORING_OP_FGETXATTR,
    RV_IORING_OP_GETXATTR, RV_IORING_OP_SOCKET, RV_IORING_OP_URING_CMD, RV_IORING_OP_SEND_ZC,
    RV_IORING_OP_SENDMSG_ZC, RV_IORING_OP_READ_MULTISHOT, RV_IORING_OP_WAITID,
    RV_IORING_OP_FUTEX_WAIT, RV_IORING_OP_FUTEX_WAKE, RV_IORING_OP_FUTEX_WAITV,
    RV_IORING_OP_FIXED_FD_INSTALL, RV_IORING_OP_FTRUNCATE, RV_IORING_OP_BIND,
    RV_IORING_OP_LISTEN, RV_IORING_OP_RECV_ZC, RV_IORING_OP_EPOLL_WAIT,
    RV_IORING_OP_READV_FIXED, RV_IORING_OP_WRITEV_FIXED, RV_IORING_OP_PIPE,
    RV_IORING_OP_LAST
};
_Static_assert(RV_IORING_OP_EPOLL_CTL == 29 && RV_IORING_OP_LINKAT == 39 &&
               RV_IORING_OP_PIPE == 62, "io_uring opcode numbers");

/* io_uring_register opcodes */
enum {
    RV_IORING_REGISTER_BUFFERS = 0, RV_IORING_UNREGISTER_BUFFERS = 1,
    RV_IORING_REGISTER_FILES = 2, RV_IORING_UNREGISTER_FILES = 3,
    RV_IORING_REGISTER_EVENTFD = 4, RV_IORING_UNREGISTER_EVENTFD = 5,
    RV_IORING_REGISTER_FILES_UPDATE = 6, RV_IORING_REGISTER_EVENTFD_ASYNC = 7,
    RV_IORING_REGISTER_PROBE = 8, RV_IORING_REGISTER_PERSONALITY = 9,
    RV_IORING_UNREGISTER_PERSONALITY = 10, RV_IORING_REGISTER_RESTRICTIONS = 11,
    RV_IORING_REGISTER_ENABLE_RINGS = 12, RV_IORING_REGISTER_FILES2 = 13,
    RV_IORING_REGISTER_FILES_UPDATE2 = 14, RV_IORING_REGISTER_BUFFERS2 = 15,
    RV_IORING_REGISTER_BUFFERS_UPDATE = 16, RV_IORING_REGISTER_IOWQ_AFF = 17,
    RV_IORING_UNREGISTER_IOWQ_AFF = 18, RV_IORING_REGISTER_IOWQ_MAX_WORKERS = 19,
    RV_IORING_UNREGISTER_PBUF_RING = 23,
};
#define RV_IORING_REGISTER_USE_REGISTERED_RING (1u << 31)

struct rv_io_uring_files_update {
    uint32_t offset;
    uint32_t resv;
    uint64_t fds;           /* __s32 * */
};
_Static_assert(sizeof(struct rv_io_uring_files_update) == 16, "io_uring_files_update size");

/* IORING_REGISTER_FILES2 and BUFFERS2 (nr_args is its size) */
struct rv_io_uring_rsrc_register {
    uint32_t nr;
    uint32_t flags;
    uint64_t resv2;
    uint64_t data;          /* __s32 fds[nr] or struct iovec[nr]; 0 with REGISTER_SPARSE */
    uint64_t tags;          /* __u64[nr] or 0 */
};
/* IORING_REGISTER_FILES_UPDATE2 and BUFFERS_UPDATE */
struct rv_io_uring_rsrc_update2 {
    uint32_t offset;
    uint32_t resv;
    uint64_t data;
    uint64_t tags;
    uint32_t nr;
    uint32_t resv2;
};
_Static_assert(sizeof(struct rv_io_uring_rsrc_register) == 32 &&
               sizeof(struct rv_io_uring_rsrc_update2) == 32, "io_uring rsrc structs");

#endif
