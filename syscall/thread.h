/*
 * syscall/thread.h - guest threads: clone with CLONE_VM (what pthread_create asks for), and the
 * end of one thread as opposed to the end of the process.
 *
 * Every guest thread is one host thread with its own struct rv_cpu; the code cache, the address
 * space and the descriptor table are the runner's and so shared, as CLONE_VM|CLONE_FILES|... ask.
 * Guest thread ids are host thread ids (gettid, tkill and futexes need no translation).
 */
#ifndef CROSSRUN_SYSCALL_THREAD_H
#define CROSSRUN_SYSCALL_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/types.h"
#include "translate/cpu.h"

/* Per-thread runner state of a thread made by rv_clone_thread (cpu->thread points here). The
 * initial thread has none: its cpu lives in main.c and cpu->thread stays NULL. */
struct rv_thread {
    struct rv_cpu cpu;
    int tid;                   /* host (= guest) thread id, set by the new thread itself */
    uint64_t flags;            /* the clone flags it was made with */
    guest_addr parent_tid;     /* CLONE_PARENT_SETTID target */
    guest_addr child_tid;      /* CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID target */
    void *signal_state;        /* free slot for the signal code's per-thread state */
    int started;               /* futex word: 0 until the new thread has stored tid */
};

/* clone for a thread (flags has CLONE_VM and CLONE_THREAD); the arguments in riscv64's order
 * (CONFIG_CLONE_BACKWARDS): flags, newsp, parent_tid, tls, child_tid. Returns the new thread's
 * id in the caller, or a negative errno. The new thread resumes after the caller's ecall. */
long rv_clone_thread(struct rv_cpu *cpu, uint64_t flags, guest_addr newsp, guest_addr parent_tid,
                     guest_addr tls, guest_addr child_tid);

/* The cpu of a new thread or CLONE_VM child as the kernel's copy_thread makes it: the parent's,
 * resuming after its ecall with a0 = 0, on newsp when not 0, with tp = tls for CLONE_SETTLS. */
void rv_thread_child_cpu(struct rv_cpu *child, const struct rv_cpu *parent, uint64_t flags,
                         guest_addr newsp, guest_addr tls);

/* A detached host thread running fn(arg) on a stack of stack_size bytes: 0 or a negative
 * errno (EAGAIN, ENOMEM). */
long rv_host_thread_start(void *(*fn)(void *), void *arg, size_t stack_size);

/* Called by sys_exit after it set cpu->stop: when other guest threads live, ends only the
 * calling one (robust futexes, clear_child_tid and its futex wake) and returns with the run loop
 * meant to stop without ending the process; the initial thread never returns then (it parks).
 * With no other thread live it does nothing and the process ends as before. */
void rv_thread_exit(struct rv_cpu *cpu);

/* Guest threads currently running (1 before any clone, and in a CLONE_VM child process). */
int rv_thread_live(void);

/* The kernel's exit duties on the words the calling thread registered (exit_robust_list, then
 * clear_child_tid set to 0 and one waiter woken), done for a thread of id tid whose
 * thread-local records (syscall/task.h) are the caller's. */
void rv_thread_release_words(int tid);

/* Marks the calling host thread as the one guest thread of a CLONE_VM child process
 * (syscall/clone_vm.c): it counts as alone, and cannot make threads (ENOSYS). */
void rv_thread_own_process(void);

#endif
