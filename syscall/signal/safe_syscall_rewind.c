/*
 * syscall/signal/safe_syscall_rewind.c - the signal-handler half of safe_syscall.S: the
 * per-thread pending flag the window checks, and the rip rewrite that takes a thread out of
 * the window.
 */
#include <stdint.h>
#include <ucontext.h>

#include "syscall/signal/signal.h"

__thread volatile int *rv_safe_syscall_pending;
volatile int rv_safe_syscall_nothing_pending;

/* Labels in syscall/signal/safe_syscall.S; only their addresses are used. */
extern const char rv_safe_syscall_start[], rv_safe_syscall_end[], rv_safe_syscall_early[];

void rv_safe_syscall_bind(volatile int *pending)
{
    rv_safe_syscall_pending = pending;
}

int rv_safe_syscall_rewind(void *host_ucontext)
{
    if (!host_ucontext)
        return 0;
    ucontext_t *uc = host_ucontext;
    uintptr_t rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if (rip < (uintptr_t)rv_safe_syscall_start || rip >= (uintptr_t)rv_safe_syscall_end)
        return 0;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)rv_safe_syscall_early;
    return 1;
}
