/*
 * syscall/poll.h - argument helpers shared by the waiting calls of syscall/poll.c and
 * syscall/epoll.c: a temporary signal mask and a timeout, both read from guest memory.
 *
 * ppoll, pselect6, epoll_pwait and epoll_pwait2 take a signal mask that the kernel installs
 * for the duration of the wait. The guest's blocked set is mirrored on the host thread
 * (syscall/signal/sigstate.c), so these calls convert the guest set to host numbers and hand it to
 * the host call, which installs and restores it atomically. A signal the temporary mask let through
 * is recorded by the host handler during the wait; the guest's handler must then run with the
 * temporary mask still in place, so rv_call_sigmask_done installs it as the guest mask until
 * the handler's sigreturn (pselect-style "unblock only while waiting" loops rely on it).
 */
#ifndef CROSSRUN_SYSCALL_POLL_H
#define CROSSRUN_SYSCALL_POLL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "abi/types.h"
#include "mem/uaccess.h"

struct rv_call_sigmask {
    bool present;          /* the guest passed a mask */
    uint64_t guest;        /* the guest's sigset, when present */
    uint64_t host;         /* the host sigset to install, when present */
};

/* Reads the guest sigset at `set` (NULL: no mask) of `size` bytes as the kernel's
 * set_user_sigmask does: 0, -EINVAL when size is not 8, -EFAULT. Signals the runner must keep
 * receiving (its fault handlers' SIGSEGV/SIGBUS, the host libc's internal 32 and 33) and the
 * unblockable SIGKILL/SIGSTOP are never blocked on the host. */
long rv_call_sigmask_from_guest(struct rv_call_sigmask *m, guest_addr set, uint64_t size) RV_WUR;

/* The wait's result, after the signal it let through (if any) is made deliverable under the
 * temporary mask, as the kernel does (rv_sig_masked_wait_done). */
long rv_call_sigmask_done(const struct rv_call_sigmask *m, long result);

/* The host call's sigmask argument: a pointer to m->host, or 0. */
static inline long rv_call_sigmask_arg(const struct rv_call_sigmask *m)
{
    return m->present ? (long)(uintptr_t)&m->host : 0;
}

/* The guest sigset bits converted to host signal numbers, reserved ones removed (above).
 * Exposed for the unit test. */
uint64_t rv_call_sigmask_to_host(uint64_t guest_set);

#endif
