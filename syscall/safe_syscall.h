/*
 * syscall/safe_syscall.h - blocking host system calls without the signal race
 * (syscall/safe_syscall.S explains the window technique).
 *
 * Handlers use safe_syscallN exactly like host_syscallN (syscall/host.h) for the calls that can
 * block: reads and writes of pipes, sockets and terminals, waits, sleeps, futex waits, locks.
 * Besides the host's result they can return -RV_ERESTARTNOINTR, meaning "a guest signal was
 * recorded before the call entered the kernel, nothing was done": the dispatcher then leaves
 * the guest's registers as they were and the engine delivers the signal and re-runs the ecall.
 * A handler must therefore make the safe call before any side effect it cannot repeat, and use
 * it for at most one call (the one that blocks).
 */
#ifndef CROSSRUN_SYSCALL_SAFE_SYSCALL_H
#define CROSSRUN_SYSCALL_SAFE_SYSCALL_H

#include <sys/syscall.h>

/* The kernel's own "restart this call unconditionally" code (include/linux/errno.h), never
 * seen by user space: here it never reaches the guest either. */
#define RV_ERESTARTNOINTR 513

long rv_safe_syscall_base(volatile int *pending, long nr, long a0, long a1, long a2, long a3,
                          long a4, long a5);

/* The calling thread's cpu->signal_pending, bound by rv_safe_syscall_bind; NULL (outside the
 * engine, e.g. unit tests calling handlers) reads as "nothing pending". */
extern __thread volatile int *rv_safe_syscall_pending;
extern volatile int rv_safe_syscall_nothing_pending;

/* Binds the calling thread's pending flag (signal.c does it with the cpu it runs). */
void rv_safe_syscall_bind(volatile int *pending);

/* Called first by a host signal handler that records a guest signal, with its ucontext: moves
 * an interrupted thread that is inside the window out of the syscall. Returns whether it did.
 * Async-signal-safe. */
int rv_safe_syscall_rewind(void *host_ucontext);

static inline volatile int *rv_safe_syscall_flag(void)
{
    volatile int *p = rv_safe_syscall_pending;
    return p ? p : &rv_safe_syscall_nothing_pending;
}

static inline long safe_syscall2(long nr, long a0, long a1)
{
    return rv_safe_syscall_base(rv_safe_syscall_flag(), nr, a0, a1, 0, 0, 0, 0);
}

static inline long safe_syscall3(long nr, long a0, long a1, long a2)
{
    return rv_safe_syscall_base(rv_safe_syscall_flag(), nr, a0, a1, a2, 0, 0, 0);
}

static inline long safe_syscall4(long nr, long a0, long a1, long a2, long a3)
{
    return rv_safe_syscall_base(rv_safe_syscall_flag(), nr, a0, a1, a2, a3, 0, 0);
}

static inline long safe_syscall5(long nr, long a0, long a1, long a2, long a3, long a4)
{
    return rv_safe_syscall_base(rv_safe_syscall_flag(), nr, a0, a1, a2, a3, a4, 0);
}

static inline long safe_syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    return rv_safe_syscall_base(rv_safe_syscall_flag(), nr, a0, a1, a2, a3, a4, a5);
}

#endif
