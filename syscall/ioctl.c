/*
 * syscall/ioctl.c - the ioctl handler.
 *
 * An ioctl's argument may be a value, a pointer to memory the kernel reads, to memory it writes,
 * or to a struct whose layout differs between guest and host; only the request says which.
 * syscall/ioctl_rows.h tells how each request is passed: the requests crossrun knows by name
 * (ioctl_table.c), then every request of a family whose number says it truthfully
 * (ioctl_encoded.c). A guest buffer is checked against guest memory before the host kernel
 * sees it, so no request makes the kernel write into the runner.
 *
 * Errors come in the kernel's order: a bad fd is EBADF first; a buffer outside guest memory is
 * handed on as RV_HOST_REFUSED_ADDR (syscall/guest_limit.h), which no host access_ok takes, so
 * the kernel answers EFAULT where it would touch it, and its own answer (ENOTTY: not a request
 * of this file; EINVAL) where it would not.
 *
 * A request that cannot be passed safely returns -ENOTTY, the kernel's answer for "this
 * descriptor does not support that request", which callers are written to handle, and is
 * reported once per request number on stderr, since on a descriptor that does support it the
 * program loses a feature:
 *     crossrun: unsupported ioctl 0x89ab on fd 3
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "abi/sockios.h"
#include "abi/termios.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "syscall/fd_error.h"
#include "syscall/guest_limit.h"
#include "syscall/ioctl_rows.h"
#include "syscall/once_set.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

static bool first_unknown(uint32_t request)
{
    static long seen[64];
    /* bit 32 set: a key is never 0, even for request 0 */
    return rv_once_set_first(seen, sizeof seen / sizeof seen[0], (long)request | (1L << 32));
}

/* The request with a buffer the kernel must not reach: its answer is EFAULT or an earlier one. */
static long ioctl_bad_buffer(int fd, unsigned long host_req)
{
    return host_syscall3(SYS_ioctl, fd, (long)host_req, (long)RV_HOST_REFUSED_ADDR);
}

static long ioctl_termios_in(int fd, unsigned long host_req, guest_addr arg)
{
    struct rv_termios g;
    if (copy_from_guest(&g, arg, sizeof g) < 0)
        return ioctl_bad_buffer(fd, host_req);
    struct rv_host_termios h;
    rv_termios_to_host(&h, &g);
    return host_syscall3(SYS_ioctl, fd, (long)host_req, HOST_ARG(&h));
}

static long ioctl_termios_out(int fd, unsigned long host_req, guest_addr arg)
{
    struct rv_host_termios h;
    long r = host_syscall3(SYS_ioctl, fd, (long)host_req, HOST_ARG(&h));
    if (r < 0)
        return r;
    struct rv_termios g;
    rv_termios_to_guest(&g, &h);
    long c = copy_to_guest(arg, &g, sizeof g);
    return c < 0 ? c : r;
}

/* SIOCGIFCONF: the kernel fills ifc_buf (a guest buffer of ifc_len bytes; NULL asks for the
 * length the list needs) and writes ifc_len back. The struct is read once into a host copy, so
 * the pointer the kernel writes through is the one checked even if another guest thread changes
 * the guest's struct meanwhile. */
static long ioctl_ifconf(int fd, unsigned long host_req, guest_addr arg)
{
    struct rv_ifconf g;
    if (copy_from_guest(&g, arg, sizeof g) < 0)
        return ioctl_bad_buffer(fd, host_req);
    struct ifconf h = { .ifc_len = g.len, .ifc_buf = NULL };
    if (g.buf) {
        bool ok = g.len <= 0 || guest_check(g.buf, (size_t)g.len, PROT_WRITE) == 0;
        h.ifc_buf = ok ? (char *)g2h(g.buf) : (char *)(uintptr_t)RV_HOST_REFUSED_ADDR;
    }
    long r = host_syscall3(SYS_ioctl, fd, (long)host_req, HOST_ARG(&h));
    if (r < 0)
        return r;
    g.len = h.ifc_len;
    long c = copy_to_guest(arg, &g, sizeof g.len);
    return c < 0 ? c : r;
}

/* The most a counted request may span: FIEMAP of 2^24 extents, far past what programs ask. */
#define COUNTED_MAX_BYTES (UINT64_C(1) << 30)

/* A header and the records its count announces, copied through runner memory: the count is
 * read once, so another guest thread raising it cannot make the kernel write past what was
 * checked. Everything is copied back, records the kernel left alone unchanged. */
static long ioctl_counted(int fd, const struct ioctl_row *row, guest_addr arg)
{
    uint64_t count = 0;
    if (copy_from_guest(&count, arg + row->count_at, row->count_bytes) < 0)
        return ioctl_bad_buffer(fd, row->host);
    uint64_t total = row->size + count * row->record;
    if (total > COUNTED_MAX_BYTES)
        return -ENOMEM;
    if (guest_check(arg, total, PROT_READ | PROT_WRITE) < 0)
        return ioctl_bad_buffer(fd, row->host);
    size_t mapped = (size_t)guest_page_up(total);
    long bounce = host_syscall6(SYS_mmap, 0, (long)mapped, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (bounce < 0 && bounce > -4096)
        return -ENOMEM;
    long r = -EFAULT;
    void *copy = (void *)bounce;
    if (copy_from_guest(copy, arg, total) == 0) {
        memcpy((char *)copy + row->count_at, &count, row->count_bytes);   /* the count read */
        r = host_syscall3(SYS_ioctl, fd, (long)row->host, bounce);
        if (copy_to_guest(arg, copy, total) < 0)
            r = -EFAULT;
    }
    host_syscall2(SYS_munmap, bounce, (long)mapped);
    return r;
}

static int buffer_prot(enum ioctl_arg kind)
{
    return kind == ARG_IN ? PROT_READ : kind == ARG_OUT ? PROT_WRITE : PROT_READ | PROT_WRITE;
}

long sys_ioctl(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0];
    uint32_t request = (uint32_t)a[1];
    guest_addr arg = a[2];
    struct ioctl_row row;
    if (!rv_ioctl_how(request, &row)) {
        if (rv_fd_error_first(fd, 0, true) == -EBADF)
            return -EBADF;  /* the kernel's answer before it looks at the request */
        if (first_unknown(request))
            fprintf(stderr, "crossrun: unsupported ioctl 0x%x on fd %d\n", request, fd);
        return -ENOTTY;
    }
    switch (row.kind) {
    case ARG_NONE:
        return host_syscall2(SYS_ioctl, fd, (long)row.host);
    case ARG_VALUE:
        return host_syscall3(SYS_ioctl, fd, (long)row.host, (long)arg);
    case ARG_IN:
    case ARG_OUT:
    case ARG_INOUT:
        if (guest_check(arg, row.size, buffer_prot(row.kind)) < 0)
            return ioctl_bad_buffer(fd, row.host);
        return host_syscall3(SYS_ioctl, fd, (long)row.host, HOST_ARG(g2h(arg)));
    case ARG_COUNTED:
        return ioctl_counted(fd, &row, arg);
    case ARG_TERMIOS_IN:
        return ioctl_termios_in(fd, row.host, arg);
    case ARG_TERMIOS_OUT:
        return ioctl_termios_out(fd, row.host, arg);
    case ARG_IFCONF:
        return ioctl_ifconf(fd, row.host, arg);
    }
    return -ENOTTY;
}
