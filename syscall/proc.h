/*
 * syscall/proc.h - per-thread addresses the guest registered with the kernel, recorded by
 * syscall/proc.c for the thread code to act on when a guest thread ends (clear and futex-wake
 * clear_child_tid, walk the robust futex list).
 */
#ifndef CROSSRUN_SYSCALL_PROC_H
#define CROSSRUN_SYSCALL_PROC_H

#include "abi/types.h"

/* set_tid_address's argument for the calling thread, or 0. */
guest_addr rv_proc_clear_child_tid(void);

/* set_robust_list's head for the calling thread, or 0. */
guest_addr rv_proc_robust_list(void);

#endif
