/*
 * syscall/fd_error.h - the kernel's first check: a call on an fd looks the fd up before it checks
 * anything else, so a bad fd is EBADF whatever else is wrong with the arguments.
 */
#ifndef CROSSRUN_SYSCALL_FD_ERROR_H
#define CROSSRUN_SYSCALL_FD_ERROR_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>

#include "mem/host.h"

/* err, unless fd is not an open file (-EBADF). With opened_only, an O_PATH fd counts as not
 * open (ioctl and mmap take only fds opened for I/O). One fcntl, on error paths only. */
static inline long rv_fd_error_first(int fd, long err, bool opened_only)
{
    long flags = host_syscall2(SYS_fcntl, fd, F_GETFL);
    if (flags == -EBADF || (opened_only && flags >= 0 && (flags & O_PATH)))
        return -EBADF;
    return err;
}

#endif
