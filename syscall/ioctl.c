/*
 * syscall/ioctl.c - the ioctl handler: a table of the requests crossrun knows.
 *
 * An ioctl's argument may be a value, a pointer to memory the kernel reads, to memory it writes,
 * or to a struct whose layout differs between guest and host; only the request number says
 * which. So requests are never passed through blindly (an unknown one could make the host kernel
 * write through an unchecked pointer, or get a struct in the wrong layout). Each known request
 * has a row giving its host number and how its argument is handled.
 *
 * An unknown request returns -ENOTTY, the kernel's answer for "this descriptor does not support
 * that request", which callers are written to handle (isatty-style probing relies on it), and is
 * reported once per request number on stderr, since on a descriptor that does support it the
 * program loses a feature:
 *     crossrun: unsupported ioctl 0x89ab on fd 3
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <linux/fs.h>
#include <net/if.h>
#include <sys/ioctl.h>

#include "abi/sockios.h"
#include "abi/termios.h"
#include "mem/host.h"
#include "syscall/once_set.h"
#include "syscall/fd_error.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

enum ioctl_arg {
    ARG_NONE,          /* no argument */
    ARG_VALUE,         /* an integer passed by value */
    ARG_IN,            /* pointer to `size` bytes the kernel reads; same layout on both sides */
    ARG_OUT,           /* pointer to `size` bytes the kernel writes; same layout on both sides */
    ARG_INOUT,         /* pointer to `size` bytes the kernel reads and writes; same layout */
    ARG_IFCONF,        /* pointer to a struct ifconf and the buffer it points to */
    ARG_TERMIOS_IN,    /* pointer to a guest struct termios, converted for the host */
    ARG_TERMIOS_OUT,   /* pointer to a guest struct termios, filled from the host's */
};

struct ioctl_row {
    uint32_t guest;
    unsigned long host;
    enum ioctl_arg kind;
    uint32_t size;
};

static const struct ioctl_row ioctl_table[] = {
    { RV_TCGETS,     TCGETS,     ARG_TERMIOS_OUT, sizeof(struct rv_termios) },
    { RV_TCSETS,     TCSETS,     ARG_TERMIOS_IN,  sizeof(struct rv_termios) },
    { RV_TCSETSW,    TCSETSW,    ARG_TERMIOS_IN,  sizeof(struct rv_termios) },
    { RV_TCSETSF,    TCSETSF,    ARG_TERMIOS_IN,  sizeof(struct rv_termios) },
    { RV_TCSBRK,     TCSBRK,     ARG_VALUE,       0 },
    { RV_TCSBRKP,    TCSBRKP,    ARG_VALUE,       0 },
    { RV_TCXONC,     TCXONC,     ARG_VALUE,       0 },
    { RV_TCFLSH,     TCFLSH,     ARG_VALUE,       0 },
    { RV_TIOCSCTTY,  TIOCSCTTY,  ARG_VALUE,       0 },
    { RV_TIOCNOTTY,  TIOCNOTTY,  ARG_NONE,        0 },
    { RV_TIOCGPGRP,  TIOCGPGRP,  ARG_OUT,         sizeof(int32_t) },   /* pid_t */
    { RV_TIOCSPGRP,  TIOCSPGRP,  ARG_IN,          sizeof(int32_t) },
    { RV_TIOCGSID,   TIOCGSID,   ARG_OUT,         sizeof(int32_t) },
    { RV_TIOCOUTQ,   TIOCOUTQ,   ARG_OUT,         sizeof(int32_t) },
    { RV_TIOCGWINSZ, TIOCGWINSZ, ARG_OUT,         sizeof(struct rv_winsize) },
    { RV_TIOCSWINSZ, TIOCSWINSZ, ARG_IN,          sizeof(struct rv_winsize) },
    { RV_FIONREAD,   FIONREAD,   ARG_OUT,         sizeof(int32_t) },
    { RV_FIONBIO,    FIONBIO,    ARG_IN,          sizeof(int32_t) },
    { RV_FIOASYNC,   FIOASYNC,   ARG_IN,          sizeof(int32_t) },
    { RV_FIOCLEX,    FIOCLEX,    ARG_NONE,        0 },
    { RV_FIONCLEX,   FIONCLEX,   ARG_NONE,        0 },
    { RV_TIOCGPTN,   TIOCGPTN,   ARG_OUT,         sizeof(uint32_t) },
    { RV_TIOCSPTLCK, TIOCSPTLCK, ARG_IN,          sizeof(int32_t) },
    { RV_TIOCGPTPEER, TIOCGPTPEER, ARG_VALUE,     0 },  /* open flags: the generic O_* bits */
    { RV_SIOCGIFNAME, SIOCGIFNAME, ARG_INOUT,     RV_IFREQ_SIZE },
    { RV_SIOCGIFINDEX, SIOCGIFINDEX, ARG_INOUT,   RV_IFREQ_SIZE },
    { RV_SIOCGIFCONF, SIOCGIFCONF, ARG_IFCONF,    sizeof(struct rv_ifconf) },
    { RV_FICLONE,    FICLONE,    ARG_VALUE,       0 },
    { RV_FICLONERANGE, FICLONERANGE, ARG_IN,      sizeof(struct rv_file_clone_range) },
};

/* Host structs must be the guest's for ARG_IN/ARG_OUT pass-through. */
_Static_assert(sizeof(struct winsize) == sizeof(struct rv_winsize), "struct winsize");
_Static_assert(sizeof(struct file_clone_range) == sizeof(struct rv_file_clone_range),
               "struct file_clone_range");
_Static_assert(sizeof(struct ifreq) == RV_IFREQ_SIZE, "struct ifreq");
_Static_assert(sizeof(struct ifconf) == sizeof(struct rv_ifconf), "struct ifconf");

static const struct ioctl_row *ioctl_lookup(uint32_t request)
{
    for (size_t i = 0; i < sizeof ioctl_table / sizeof ioctl_table[0]; i++)
        if (ioctl_table[i].guest == request)
            return &ioctl_table[i];
    return NULL;
}

static bool first_unknown(uint32_t request)
{
    static long seen[64];
    /* bit 32 set: a key is never 0, even for request 0 */
    return rv_once_set_first(seen, sizeof seen / sizeof seen[0], (long)request | (1L << 32));
}

static long ioctl_termios_in(int fd, unsigned long host_req, guest_addr arg)
{
    struct rv_termios g;
    long r = copy_from_guest(&g, arg, sizeof g);
    if (r < 0)
        return rv_fd_error_first(fd, r, true);
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
    long r = copy_from_guest(&g, arg, sizeof g);
    if (r < 0)
        return rv_fd_error_first(fd, r, true);
    struct ifconf h = { .ifc_len = g.len, .ifc_buf = NULL };
    if (g.buf) {
        if (g.len > 0 && guest_check(g.buf, (size_t)g.len, PROT_WRITE) < 0)
            return rv_fd_error_first(fd, -EFAULT, true);
        h.ifc_buf = (char *)g2h(g.buf);
    }
    r = host_syscall3(SYS_ioctl, fd, (long)host_req, HOST_ARG(&h));
    if (r < 0)
        return r;
    g.len = h.ifc_len;
    long c = copy_to_guest(arg, &g, sizeof g.len);
    return c < 0 ? c : r;
}

long sys_ioctl(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0];
    uint32_t request = (uint32_t)a[1];
    guest_addr arg = a[2];
    const struct ioctl_row *row = ioctl_lookup(request);
    if (!row) {
        if (rv_fd_error_first(fd, 0, true) == -EBADF)
            return -EBADF;  /* the kernel's answer before it looks at the request */
        if (first_unknown(request))
            fprintf(stderr, "crossrun: unsupported ioctl 0x%x on fd %d\n", request, fd);
        return -ENOTTY;
    }
    long r;
    switch (row->kind) {
    case ARG_NONE:
        return host_syscall2(SYS_ioctl, fd, (long)row->host);
    case ARG_VALUE:
        return host_syscall3(SYS_ioctl, fd, (long)row->host, (long)arg);
    case ARG_IN:
    case ARG_OUT:
    case ARG_INOUT:
        r = guest_check(arg, row->size, row->kind == ARG_IN ? PROT_READ
                                        : row->kind == ARG_OUT ? PROT_WRITE
                                        : PROT_READ | PROT_WRITE);
        if (r < 0)
            return rv_fd_error_first(fd, r, true);
        return host_syscall3(SYS_ioctl, fd, (long)row->host, HOST_ARG(g2h(arg)));
    case ARG_TERMIOS_IN:
        return ioctl_termios_in(fd, row->host, arg);
    case ARG_TERMIOS_OUT:
        return ioctl_termios_out(fd, row->host, arg);
    case ARG_IFCONF:
        return ioctl_ifconf(fd, row->host, arg);
    }
    return -ENOTTY;
}
