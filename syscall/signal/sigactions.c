/*
 * syscall/signal/sigactions.c - where the guest's signal actions are kept: one table for the
 * runner's process, and a copy for a CLONE_VM child process made without CLONE_SIGHAND, which
 * the kernel's copy_sighand gives its own (syscall/clone_vm.c). Such a child runs on the
 * runner's memory, so "its own" is a thread-local pointer to its copy. sigstate.c does all the
 * reading and writing, under its lock.
 */
#include <stddef.h>

#include "syscall/signal/sigactions.h"

static struct rv_sigaction shared_actions[RV_NSIG + 1];
static __thread struct rv_sigaction *own_actions;   /* NULL: shared_actions */

struct rv_sigaction *rv_sig_actions(void)
{
    return own_actions ? own_actions : shared_actions;
}

void rv_sig_use_actions(struct rv_sigaction *own)
{
    own_actions = own;
}
