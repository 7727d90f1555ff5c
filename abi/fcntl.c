/*
 * abi/fcntl.c - open flag and struct flock translation (see abi/fcntl.h for why it exists).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "abi/fcntl.h"
#include "abi/types.h"

/* glibc defines O_LARGEFILE as 0 on x86-64 (it is implied there); the kernel's bit is needed.
 * glibc has no __O_SYNC: its O_SYNC is the kernel's __O_SYNC|O_DSYNC pair. */
#define HOST_O_LARGEFILE 00100000
#define HOST___O_SYNC (O_SYNC & ~O_DSYNC)
/* glibc's __O_TMPFILE includes O_DIRECTORY; the bit alone is what maps to the guest's. */
#define HOST___O_TMPFILE (__O_TMPFILE & ~O_DIRECTORY)

static const struct {
    uint32_t guest;
    int host;
} oflag_map[] = {
    { RV_O_WRONLY, O_WRONLY },       { RV_O_RDWR, O_RDWR },
    { RV_O_CREAT, O_CREAT },         { RV_O_EXCL, O_EXCL },
    { RV_O_NOCTTY, O_NOCTTY },       { RV_O_TRUNC, O_TRUNC },
    { RV_O_APPEND, O_APPEND },       { RV_O_NONBLOCK, O_NONBLOCK },
    { RV_O_DSYNC, O_DSYNC },         { RV_FASYNC, FASYNC },
    { RV_O_DIRECT, O_DIRECT },       { RV_O_LARGEFILE, HOST_O_LARGEFILE },
    { RV_O_DIRECTORY, O_DIRECTORY }, { RV_O_NOFOLLOW, O_NOFOLLOW },
    { RV_O_NOATIME, O_NOATIME },     { RV_O_CLOEXEC, O_CLOEXEC },
    { RV___O_SYNC, HOST___O_SYNC },  { RV_O_PATH, O_PATH },
    { RV___O_TMPFILE, HOST___O_TMPFILE },
};

int rv_oflags_to_host(uint32_t guest_flags)
{
    int host = 0;
    for (size_t i = 0; i < sizeof oflag_map / sizeof oflag_map[0]; i++)
        if (guest_flags & oflag_map[i].guest)
            host |= oflag_map[i].host;
    return host;
}

uint32_t rv_oflags_to_guest(int host_flags)
{
    uint32_t guest = 0;
    for (size_t i = 0; i < sizeof oflag_map / sizeof oflag_map[0]; i++)
        if (host_flags & oflag_map[i].host)
            guest |= oflag_map[i].guest;
    return guest;
}

/* Lock types and whence values are generic on both sides: asserted, then copied. */
_Static_assert(F_RDLCK == 0 && F_WRLCK == 1 && F_UNLCK == 2, "lock types");
_Static_assert(SEEK_SET == 0 && SEEK_CUR == 1 && SEEK_END == 2, "whence");

int rv_flock_to_host(struct flock *h, const struct rv_flock *g)
{
    int16_t type = (int16_t)rv_le16((uint16_t)g->l_type);
    int16_t whence = (int16_t)rv_le16((uint16_t)g->l_whence);
    if (type < 0 || type > 2 || whence < 0 || whence > 2)
        return -EINVAL;
    memset(h, 0, sizeof *h);
    h->l_type = type;
    h->l_whence = whence;
    h->l_start = (off_t)rv_le64((uint64_t)g->l_start);
    h->l_len = (off_t)rv_le64((uint64_t)g->l_len);
    h->l_pid = (pid_t)rv_le32((uint32_t)g->l_pid);
    return 0;
}

void rv_flock_to_guest(struct rv_flock *g, const struct flock *h)
{
    memset(g, 0, sizeof *g);
    g->l_type = (int16_t)rv_le16((uint16_t)h->l_type);
    g->l_whence = (int16_t)rv_le16((uint16_t)h->l_whence);
    g->l_start = (int64_t)rv_le64((uint64_t)h->l_start);
    g->l_len = (int64_t)rv_le64((uint64_t)h->l_len);
    g->l_pid = (int32_t)rv_le32((uint32_t)h->l_pid);
}
