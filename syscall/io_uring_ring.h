/*
 * syscall/io_uring_ring.h - the runner's record of the guest's io_uring rings
 * (io_uring_ring.c): the guest's mmap and close of a ring (mm.c, fs.c), and one ring's record
 * for the syscalls of io_uring.c.
 */
#ifndef CROSSRUN_SYSCALL_IO_URING_RING_H
#define CROSSRUN_SYSCALL_IO_URING_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/io_uring.h"
#include "abi/types.h"

#define RV_IO_URING_NAME "anon_inode:[io_uring]"

/* The guest's mmap of a descriptor whose host name is "anon_inode:[io_uring]" (hprot and
 * hflags are host values): IORING_OFF_SQ_RING and CQ_RING map the rings, IORING_OFF_SQES the
 * guest's shadow of the SQE array, all from the runner's memory (io_uring.c says why).
 * Returns true with *result set when it handled the call. */
bool rv_io_uring_mmap(guest_addr addr, uint64_t len, int hprot, int hflags, int fd, uint64_t off,
                      const char *name, long *result);

/* For the guest's close, dup3 and close_range: before, whether fd is one of the runner's rings
 * (the guest's close of it then calls rv_io_uring_closed); after a close that may have taken
 * a ring's last descriptor, rv_io_uring_closed frees the record of every ring no descriptor
 * of the process refers to any more. */
bool rv_io_uring_closing(int fd);
void rv_io_uring_closed(void);

struct rv_uring_ring {
    uint64_t dev, ino;                   /* the ring's file */
    int refs;                            /* table_lock */
    uint32_t flags, sq_entries, sqe_size;
    struct rv_io_sqring_offsets sq_off;
    unsigned char *rings;                /* the SQ and CQ rings (the kernel pins these pages) */
    size_t rings_size;
    unsigned char *sqes;                 /* the SQE array the kernel reads (runner only) */
    size_t sqes_size;
    unsigned char *shadow;               /* the SQE array the guest writes */
    size_t shadow_size;
    uint32_t *written;                   /* indexes converted by the current submission */
    pthread_mutex_t lock;                /* one submission at a time */
};

/* The ring behind a guest descriptor, with a reference (rv_uring_put), or NULL. */
struct rv_uring_ring *rv_uring_get(int fd);
void rv_uring_put(struct rv_uring_ring *r);
/* The memory of a ring about to be set up, the runner's own: the rings (head, tail, index
 * array, CQEs: shared pages the guest also maps), the SQE array the kernel reads (private) and
 * the guest's shadow of it (shared). Sets IORING_SETUP_NO_MMAP and the addresses in *p.
 * NULL when out of memory. */
struct rv_uring_ring *rv_uring_new(uint32_t entries, struct rv_io_uring_params *p);
void rv_uring_discard(struct rv_uring_ring *r);
/* Records the ring once io_uring_setup made it (p: what the kernel returned): 0 or -errno
 * (r is then freed; the caller closes fd). */
long rv_uring_publish(struct rv_uring_ring *r, int fd, const struct rv_io_uring_params *p);
/* Takes the ring out of the table; it is freed when its last reference goes. */
void rv_uring_forget(struct rv_uring_ring *r);

#endif
