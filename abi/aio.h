/*
 * abi/aio.h - Linux AIO's structs as the riscv64 guest lays them out (include/uapi/linux/aio_abi.h,
 * fs/aio.c's struct aio_ring).
 *
 * All three have one layout on every little-endian 64-bit architecture, so x86-64's kernel reads
 * the guest's iocbs and writes its io_events as they are; the asserts keep it so. aio_key and
 * aio_rw_flags swap places on big-endian machines (PADDED in aio_abi.h), which a big-endian guest
 * would have to handle here.
 */
#ifndef CROSSRUN_ABI_AIO_H
#define CROSSRUN_ABI_AIO_H

#include <stddef.h>
#include <stdint.h>

/* struct iocb: 64 bytes. */
struct rv_iocb {
    uint64_t aio_data;          /* returned in the event's data */
    uint32_t aio_key;           /* the kernel writes KIOCB_KEY (0) here on submission */
    int32_t aio_rw_flags;       /* RWF_* */
    uint16_t aio_lio_opcode;    /* RV_IOCB_CMD_* */
    int16_t aio_reqprio;
    uint32_t aio_fildes;
    uint64_t aio_buf;           /* a buffer, an iovec array (PREADV/PWRITEV) or poll events */
    uint64_t aio_nbytes;        /* its length, or the iovec count */
    int64_t aio_offset;
    uint64_t aio_reserved2;     /* must be 0 */
    uint32_t aio_flags;         /* RV_IOCB_FLAG_* */
    uint32_t aio_resfd;         /* an eventfd, with RV_IOCB_FLAG_RESFD */
};
_Static_assert(sizeof(struct rv_iocb) == 64, "struct iocb is 64 bytes");
_Static_assert(offsetof(struct rv_iocb, aio_key) == 8, "aio_key");
_Static_assert(offsetof(struct rv_iocb, aio_lio_opcode) == 16, "aio_lio_opcode");
_Static_assert(offsetof(struct rv_iocb, aio_buf) == 24, "aio_buf");
_Static_assert(offsetof(struct rv_iocb, aio_reserved2) == 48, "aio_reserved2");
_Static_assert(offsetof(struct rv_iocb, aio_resfd) == 60, "aio_resfd");

#define RV_IOCB_CMD_PREAD   0
#define RV_IOCB_CMD_PWRITE  1
#define RV_IOCB_CMD_FSYNC   2
#define RV_IOCB_CMD_FDSYNC  3
#define RV_IOCB_CMD_POLL    5
#define RV_IOCB_CMD_NOOP    6
#define RV_IOCB_CMD_PREADV  7
#define RV_IOCB_CMD_PWRITEV 8

#define RV_IOCB_FLAG_RESFD  1
#define RV_IOCB_FLAG_IOPRIO 2

/* struct io_event: 32 bytes. obj is the iocb's address as the guest submitted it. */
struct rv_io_event {
    uint64_t data;
    uint64_t obj;
    int64_t res;
    int64_t res2;
};
_Static_assert(sizeof(struct rv_io_event) == 32, "struct io_event is 32 bytes");

/* The completion ring's header (fs/aio.c), at the context id's address, io_events after it. The
 * mapping is (32 + nr * 32) bytes rounded up to pages: fs/aio.c sizes nr to fill its pages. */
struct rv_aio_ring {
    uint32_t id;
    uint32_t nr;
    uint32_t head;
    uint32_t tail;
    uint32_t magic;             /* RV_AIO_RING_MAGIC */
    uint32_t compat_features;
    uint32_t incompat_features;
    uint32_t header_length;
};
_Static_assert(sizeof(struct rv_aio_ring) == 32, "struct aio_ring's header is 32 bytes");
#define RV_AIO_RING_MAGIC 0xa10a10a1u

/* struct __aio_sigset (io_pgetevents): a sigset pointer and its size. */
struct rv_aio_sigset {
    uint64_t sigmask;
    uint64_t sigsetsize;
};

#endif
