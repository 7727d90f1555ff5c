/*
 * syscall/iovec.c - guest iovec arrays to host ones (see iovec.h).
 *
 * Both layouts are 16 bytes an entry, so the guest array is copied straight into the host
 * array and converted in place: one array of up to 16 KiB on the caller's stack, no second.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>

#include "syscall/iovec.h"
#include "mem/uaccess.h"

_Static_assert(sizeof(struct iovec) == sizeof(struct rv_iovec), "host iovec is 16 bytes too");

long iovec_from_guest(struct iovec *host, guest_addr guest, uint64_t count, int prot)
{
    long r = copy_from_guest(host, guest, (size_t)count * sizeof(struct rv_iovec));
    if (r < 0)
        return r;
    uint64_t total = 0;
    for (uint64_t i = 0; i < count; i++) {
        struct rv_iovec g;
        memcpy(&g, &host[i], sizeof g);
        guest_addr base = rv_le64(g.iov_base);
        uint64_t len = rv_le64(g.iov_len);
        if (len > (uint64_t)SSIZE_MAX - total)
            return -EINVAL;
        total += len;
        r = guest_check(base, len, prot);
        if (r < 0)
            return r;
        host[i].iov_base = g2h(base);
        host[i].iov_len = len;
    }
    return 0;
}
