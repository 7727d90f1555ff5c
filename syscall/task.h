/*
 * syscall/task.h - per-thread addresses the guest registered with the kernel, recorded by
 * syscall/task.c for the thread code to act on when a guest thread ends (clear and futex-wake
 * clear_child_tid, walk the robust futex list).
 */
#ifndef CROSSRUN_SYSCALL_TASK_H
#define CROSSRUN_SYSCALL_TASK_H

#include "abi/types.h"

/* set_tid_address's argument for the calling thread, or 0. */
guest_addr rv_task_clear_child_tid(void);

/* Sets the calling thread's clear_child_tid (a new thread made with CLONE_CHILD_CLEARTID). */
void rv_task_set_clear_child_tid(guest_addr addr);

/* Set by syscall/thread.c when the first thread is made: sys_exit calls it after setting
 * cpu->stop, to end only the calling thread while others run (rv_thread_exit). A pointer so
 * that handler tests can link task.c without the engine. */
struct rv_cpu;
extern void (*rv_task_thread_exit_hook)(struct rv_cpu *cpu);

/* set_robust_list's head for the calling thread, or 0. */
guest_addr rv_task_robust_list(void);

/* Sets it (a fork child starts without one, as copy_process leaves it). */
void rv_task_set_robust_list(guest_addr head);

#endif
