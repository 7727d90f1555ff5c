/*
 * mem/uaccess.c - checked copies between runner memory and guest memory.
 *
 * Every access is first checked against the guest mapping table (mem/addrspace), so a bad
 * guest pointer yields -EFAULT instead of a runner crash, and only then done with a plain
 * memcpy at the identical host address (design decision 1). Strings are scanned one page at a
 * time: a string that runs off the end of a mapping faults cleanly at the first unmapped page
 * instead of reading past it.
 *
 * A check and the copy that follows are not one atomic step: another guest thread may unmap
 * the memory in between. That race exists for any guest that frees memory another of its
 * threads is using in a syscall; closing it would mean holding the address space lock across
 * every copy.
 */
#include "mem/uaccess.h"

#include <errno.h>
#include <string.h>

#include "mem/addrspace.h"

/* The check, growing a grows-down mapping first when the range starts below one: a kernel
 * access to user memory faults and grows the stack just as a user access does. */
static bool accessible(guest_addr addr, size_t n, int prot)
{
    return guest_as_accessible(addr, n, prot)
           || (n && guest_as_grow_stack(addr) && guest_as_accessible(addr, n, prot));
}

int copy_from_guest(void *dst, guest_addr src, size_t n)
{
    if (!accessible(src, n, PROT_READ))
        return -EFAULT;
    if (n)
        memcpy(dst, g2h(src), n);
    return 0;
}

int copy_to_guest(guest_addr dst, const void *src, size_t n)
{
    if (!accessible(dst, n, PROT_WRITE))
        return -EFAULT;
    if (n)
        memcpy(g2h(dst), src, n);
    return 0;
}

long string_from_guest(char *dst, guest_addr src, size_t cap)
{
    size_t done = 0;
    while (done < cap) {
        guest_addr at = src + done;
        if (at < src)
            return -EFAULT;   /* wrapped around */
        /* At most up to the end of this page, and never past cap. */
        size_t chunk = GUEST_PAGE_SIZE - (at & (GUEST_PAGE_SIZE - 1));
        if (chunk > cap - done)
            chunk = cap - done;
        if (!accessible(at, chunk, PROT_READ))
            return -EFAULT;
        const char *p = g2h(at);
        const char *nul = memchr(p, '\0', chunk);
        if (nul) {
            size_t len = done + (size_t)(nul - p);
            memcpy(dst + done, p, (size_t)(nul - p) + 1);
            return (long)len;
        }
        memcpy(dst + done, p, chunk);
        done += chunk;
    }
    return -ENAMETOOLONG;
}

int guest_check(guest_addr addr, size_t n, int prot)
{
    return accessible(addr, n, prot) ? 0 : -EFAULT;
}
