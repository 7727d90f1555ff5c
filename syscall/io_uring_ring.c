/*
 * syscall/io_uring_ring.c - the runner's record of the guest's io_uring rings: its own views of
 * each ring's memory, found by the ring file's inode, and the guest's mmap of a ring's SQEs.
 *
 * Kept apart from the syscalls (io_uring.c) so mm.c and fs.c, which call into it for mmap and
 * close, need nothing else. The design is described in io_uring.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "mem/addrspace.h"
#include "mem/host.h"
#include "syscall/io_uring_ring.h"

#define MAX_RINGS 256

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rv_uring_ring *table[MAX_RINGS];
static int ring_count;

static bool file_id(int fd, uint64_t *dev, uint64_t *ino)
{
    struct stat st;
    if (host_syscall2(SYS_fstat, fd, HOST_ARG(&st)) < 0)
        return false;
    *dev = st.st_dev;
    *ino = st.st_ino;
    return true;
}

static void ring_free(struct rv_uring_ring *r)
{
    if (r->rings)
        host_syscall2(SYS_munmap, HOST_ARG(r->rings), (long)r->rings_size);
    if (r->sqes)
        host_syscall2(SYS_munmap, HOST_ARG(r->sqes), (long)r->sqes_size);
    if (r->shadow)
        host_syscall2(SYS_munmap, HOST_ARG(r->shadow), (long)r->shadow_size);
    free(r->written);
    free(r);
}

struct rv_uring_ring *rv_uring_get(int fd)
{
    uint64_t dev, ino;
    if (!__atomic_load_n(&ring_count, __ATOMIC_ACQUIRE) || !file_id(fd, &dev, &ino))
        return NULL;
    struct rv_uring_ring *found = NULL;
    pthread_mutex_lock(&table_lock);
    for (int i = 0; i < MAX_RINGS && !found; i++)
        if (table[i] && table[i]->dev == dev && table[i]->ino == ino) {
            found = table[i];
            found->refs++;
        }
    pthread_mutex_unlock(&table_lock);
    return found;
}

void rv_uring_put(struct rv_uring_ring *r)
{
    pthread_mutex_lock(&table_lock);
    bool last = --r->refs == 0;
    pthread_mutex_unlock(&table_lock);
    if (last)
        ring_free(r);
}

void rv_uring_forget(struct rv_uring_ring *r)
{
    bool held = false;
    pthread_mutex_lock(&table_lock);
    for (int i = 0; i < MAX_RINGS; i++)
        if (table[i] == r) {
            table[i] = NULL;
            __atomic_sub_fetch(&ring_count, 1, __ATOMIC_RELEASE);
            held = true;
        }
    pthread_mutex_unlock(&table_lock);
    if (held)
        rv_uring_put(r);    /* the table's reference */
}

static void *host_map(size_t len, int flags, int fd, uint64_t off)
{
    long p = host_syscall6(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE, flags, fd, (long)off);
    return p < 0 ? NULL : (void *)p;
}

static uint32_t pow2_up(uint32_t v)
{
    uint32_t p = 1;
    while (p < v)
        p <<= 1;
    return p;
}

struct rv_uring_ring *rv_uring_new(uint32_t entries, struct rv_io_uring_params *p)
{
    /* The sizes io_uring_create will choose (at most; a request it refuses is refused before
     * the memory is looked at): entries rounded up to a power of two, CLAMPed to 32768, twice
     * as many CQEs unless CQSIZE gives their number (at most 65536). */
    uint32_t sq = pow2_up(entries < 32768 ? (entries ? entries : 1) : 32768);
    uint32_t cq = 2 * sq;
    if (p->flags & RV_IORING_SETUP_CQSIZE)
        cq = pow2_up(p->cq_entries && p->cq_entries < 65536 ? p->cq_entries : 65536);
    struct rv_uring_ring *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->refs = 1;
    r->sqe_size = p->flags & RV_IORING_SETUP_SQE128 ? 128 : 64;
    size_t cqe_size = p->flags & RV_IORING_SETUP_CQE32 ? 32 : 16;
    /* struct io_rings (well under a page), the CQEs, the SQ index array */
    r->rings_size = guest_page_up(GUEST_PAGE_SIZE + (size_t)cq * cqe_size + (size_t)sq * 4);
    r->sqes_size = guest_page_up((size_t)sq * r->sqe_size);
    r->shadow_size = r->sqes_size;
    pthread_mutex_init(&r->lock, NULL);
    r->written = malloc((size_t)sq * sizeof *r->written);
    r->rings = host_map(r->rings_size, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    /* shared, so a fork child writes the very pages the kernel pinned */
    r->sqes = host_map(r->sqes_size, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    r->shadow = host_map(r->shadow_size, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!r->written || !r->rings || !r->sqes || !r->shadow) {
        ring_free(r);
        return NULL;
    }
    p->flags |= RV_IORING_SETUP_NO_MMAP;
    p->cq_off.user_addr = (uint64_t)(uintptr_t)r->rings;
    p->sq_off.user_addr = (uint64_t)(uintptr_t)r->sqes;
    return r;
}

void rv_uring_discard(struct rv_uring_ring *r)
{
    ring_free(r);
}

long rv_uring_publish(struct rv_uring_ring *r, int fd, const struct rv_io_uring_params *p)
{
    r->flags = p->flags;
    r->sq_entries = p->sq_entries;
    r->sq_off = p->sq_off;
    if (!file_id(fd, &r->dev, &r->ino)) {
        ring_free(r);
        return -ENOMEM;
    }
    pthread_mutex_lock(&table_lock);
    long res = -ENOMEM;
    for (int i = 0; i < MAX_RINGS; i++)
        if (table[i] && table[i]->dev == r->dev && table[i]->ino == r->ino) {
            res = -EMFILE;      /* a kernel that gives every ring one inode: one ring at a time */
            break;
        }
    for (int i = 0; i < MAX_RINGS && res == -ENOMEM; i++)
        if (!table[i]) {
            table[i] = r;
            __atomic_add_fetch(&ring_count, 1, __ATOMIC_RELEASE);
            res = 0;
        }
    pthread_mutex_unlock(&table_lock);
    if (res < 0)
        ring_free(r);
    return res;
}

/* --- the guest's mmap of a ring -------------------------------------------------------------- */

/* A second view, at a guest address, of the runner's shared pages [src, src + len). */
static long alias_into_guest(void *src, guest_addr addr, uint64_t len, int hprot, int hflags)
{
    /* A shared anonymous guest mapping is placed and recorded first, then the pages are moved
     * over it: mremap with old size 0 makes a second mapping of a shared mapping's pages. */
    long g = guest_mmap(addr, len, hprot, (hflags & ~MAP_TYPE) | MAP_SHARED | MAP_ANONYMOUS,
                        -1, 0, RV_IO_URING_NAME);
    if (g < 0)
        return g;
    long m = host_syscall5(SYS_mremap, HOST_ARG(src), 0, (long)guest_page_up(len),
                           MREMAP_MAYMOVE | MREMAP_FIXED, g);
    if (m >= 0 && hprot != (PROT_READ | PROT_WRITE))
        m = host_syscall3(SYS_mprotect, g, (long)guest_page_up(len), hprot);
    if (m < 0) {
        if (guest_munmap((guest_addr)g, len) < 0)
            return -ENOMEM;
        return m;
    }
    return g;
}

bool rv_io_uring_mmap(guest_addr addr, uint64_t len, int hprot, int hflags, int fd, uint64_t off,
                      const char *name, long *result)
{
    if (!name || strcmp(name, RV_IO_URING_NAME) != 0)
        return false;
    /* The kernel places ring mappings itself (io_uring_get_unmapped_area refuses any address),
     * so a ring the runner did not set up cannot be mapped into the guest range at all. */
    struct rv_uring_ring *r = rv_uring_get(fd);
    if (!r) {
        *result = -EINVAL;
        return true;
    }
    void *src = off == RV_IORING_OFF_SQES ? r->shadow
              : off == RV_IORING_OFF_SQ_RING || off == RV_IORING_OFF_CQ_RING ? r->rings : NULL;
    size_t size = off == RV_IORING_OFF_SQES ? r->shadow_size : r->rings_size;
    if (!src || guest_page_up(len) > size)
        *result = -EINVAL;  /* as io_uring_mmap for other regions, or more pages than there are */
    else
        *result = alias_into_guest(src, addr, len, hprot, hflags);
    rv_uring_put(r);
    return true;
}

/* --- forgetting a ring ----------------------------------------------------------------------- */

bool rv_io_uring_closing(int fd)
{
    struct rv_uring_ring *r = rv_uring_get(fd);
    if (r)
        rv_uring_put(r);
    return r != NULL;
}

/* Whether any descriptor of the process is the file (dev, ino). */
static bool still_open(uint64_t dev, uint64_t ino)
{
    int dir = (int)host_syscall4(SYS_openat, AT_FDCWD, HOST_ARG("/proc/self/fd"),
                                 O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (dir < 0)
        return true;    /* cannot tell: keep the ring */
    bool open = false;
    char buf[4096];
    long n;
    while (!open && (n = host_syscall3(SYS_getdents64, dir, HOST_ARG(buf), sizeof buf)) > 0)
        for (long pos = 0; pos < n && !open;) {
            struct dirent64 *d = (struct dirent64 *)(buf + pos);
            pos += d->d_reclen;
            if (d->d_name[0] < '0' || d->d_name[0] > '9' || atoi(d->d_name) == dir)
                continue;
            uint64_t fdev, fino;
            open = file_id(atoi(d->d_name), &fdev, &fino) && fdev == dev && fino == ino;
        }
    host_syscall1(SYS_close, dir);
    return open;
}

void rv_io_uring_closed(void)
{
    for (int i = 0; i < MAX_RINGS && __atomic_load_n(&ring_count, __ATOMIC_ACQUIRE); i++) {
        pthread_mutex_lock(&table_lock);
        struct rv_uring_ring *r = table[i];
        if (r)
            r->refs++;
        pthread_mutex_unlock(&table_lock);
        if (!r)
            continue;
        if (!still_open(r->dev, r->ino))
            rv_uring_forget(r);
        rv_uring_put(r);
    }
}

