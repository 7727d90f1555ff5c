/*
 * abi/stat.c - host struct stat / statfs -> guest layouts (see abi/stat.h for the two layouts).
 */
#include <errno.h>
#include <string.h>

#include "abi/stat.h"
#include "abi/types.h"

/* Guest-endian stores (abi/types.h): identities today, the places a big-endian guest changes. */
#define LE64(v) rv_le64((uint64_t)(v))
#define LE32(v) rv_le32((uint32_t)(v))

int rv_stat_to_guest(struct rv_stat *g, const struct stat *h)
{
    memset(g, 0, sizeof *g);   /* padding and unused words are zero, as the kernel leaves them */
    if ((uint32_t)h->st_nlink != h->st_nlink || (uint32_t)h->st_uid != h->st_uid ||
        (uint32_t)h->st_gid != h->st_gid)
        return -EOVERFLOW;
    g->st_dev = LE64(h->st_dev);
    g->st_ino = LE64(h->st_ino);
    g->st_mode = LE32(h->st_mode);
    g->st_nlink = LE32(h->st_nlink);
    g->st_uid = LE32(h->st_uid);
    g->st_gid = LE32(h->st_gid);
    g->st_rdev = LE64(h->st_rdev);
    g->st_size = (int64_t)LE64(h->st_size);
    g->st_blksize = (int32_t)LE32(h->st_blksize);
    g->st_blocks = (int64_t)LE64(h->st_blocks);
    g->st_atime_sec = (int64_t)LE64(h->st_atim.tv_sec);
    g->st_atime_nsec = LE64(h->st_atim.tv_nsec);
    g->st_mtime_sec = (int64_t)LE64(h->st_mtim.tv_sec);
    g->st_mtime_nsec = LE64(h->st_mtim.tv_nsec);
    g->st_ctime_sec = (int64_t)LE64(h->st_ctim.tv_sec);
    g->st_ctime_nsec = LE64(h->st_ctim.tv_nsec);
    return 0;
}

void rv_statfs_to_guest(struct rv_statfs *g, const struct statfs *h)
{
    memset(g, 0, sizeof *g);
    g->f_type = (int64_t)LE64(h->f_type);
    g->f_bsize = (int64_t)LE64(h->f_bsize);
    g->f_blocks = LE64(h->f_blocks);
    g->f_bfree = LE64(h->f_bfree);
    g->f_bavail = LE64(h->f_bavail);
    g->f_files = LE64(h->f_files);
    g->f_ffree = LE64(h->f_ffree);
    g->f_fsid[0] = (int32_t)LE32(h->f_fsid.__val[0]);
    g->f_fsid[1] = (int32_t)LE32(h->f_fsid.__val[1]);
    g->f_namelen = (int64_t)LE64(h->f_namelen);
    g->f_frsize = (int64_t)LE64(h->f_frsize);
    g->f_flags = (int64_t)LE64(h->f_flags);
}
