/*
 * syscall/signal/signal.h - the signal wing's API: all that the rest of crossrun uses of guest
 * signals.
 *
 * The wing keeps the guest's signal state (sigstate.c: actions, masks, pending sets and the
 * syscalls on them), sends signals (sigsend.c: kill and its kin), keeps alternate stacks
 * (sigaltstack.c), queues real-time signals (sigqueue.c), builds and unwinds signal frames
 * (sigframe.c), makes blocking host calls that a guest signal cannot slip past (safe_syscall.S,
 * safe_syscall_rewind.c) and ends the runner the way a signal ends the guest (fatal.c). Its
 * files share sigstate.h, sigactions.h, sigaltstack.h and sigqueue.h among themselves; nothing
 * outside the folder includes those.
 *
 * Actions are per process (the runner's table, or a CLONE_VM child's own copy: sigactions.c);
 * the blocked mask, the pending set and the alternate stack belong to the calling guest thread
 * (each guest thread is one host thread).
 */
#ifndef CROSSRUN_SIGNAL_H
#define CROSSRUN_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/errno.h"
#include "abi/signal.h"
#include "abi/ucontext.h"

struct rv_cpu;

/* ---- the guest's signal state and its delivery ---------------------------------------- */

/* The action the guest last set for sig (1..64), exactly as rt_sigaction returns it. */
struct rv_sigaction rv_sig_action(int sig);

/* A CLONE_VM child process made without CLONE_SIGHAND (syscall/clone_vm.c) gets its own copy
 * of the actions, as the kernel's copy_sighand gives it: rv_sig_copy_actions takes the copy in
 * the parent at the clone (malloc'd, the caller's to free; NULL without memory for it), and
 * rv_sig_use_actions(copy) makes it the calling thread's table (NULL: the runner's again). */
struct rv_sigaction *rv_sig_copy_actions(void);
void rv_sig_use_actions(struct rv_sigaction *own);

/* Timer `tid` was set again or deleted: the signals its earlier expiries sent that the calling
 * thread recorded and has not delivered are dropped, as the kernel (6.13 and later) drops a
 * pending signal of a timer re-armed since it was queued. The runner takes host signals at
 * once, so without this they would reach the guest's handler after timer_settime returned. */
void rv_sig_forget_timer(int32_t tid);

/* The calling thread's blocked set (guest sigset bits). */
uint64_t rv_sig_blocked(void);

/* Signals recorded for the calling thread and not yet delivered: those with a guest handler,
 * and blocked ones. */
uint64_t rv_sig_pending(void);

/* The calling thread's alternate signal stack (flags SS_DISABLE when there is none). */
struct rv_stack rv_sig_altstack(void);

/* Called just before the runner kills itself with guest signal `sig` (a default action that
 * terminates); --strace sets it to finish the interrupted line as strace would. */
extern void (*rv_sig_fatal_hook)(int sig);

/* Called when a signal is delivered to the guest: before its handler's frame is built, when
 * an ignored one is discarded, and before a default action kills (then rv_sig_fatal_hook
 * follows); --strace sets it to print strace's "--- SIGxxx {siginfo} ---" line. */
extern void (*rv_sig_trace_hook)(const struct rv_siginfo *info);

/* Binds the calling host thread to the cpu whose signal_pending flag its host signal handler
 * sets (rv_run calls it); returns the previous one. */
struct rv_cpu *rv_sig_set_cpu(struct rv_cpu *cpu);

/* Around a host fork: the actions' lock is taken before and released after in the parent. In
 * the child, rv_sig_after_fork starts it afresh; the child starts with no pending signal (the
 * kernel's init_sigpending), so what the parent had recorded and not yet delivered is dropped. */
void rv_sig_fork_prepare(void);
void rv_sig_fork_parent(void);
void rv_sig_after_fork(void);

/* In a clone3 child made with CLONE_CLEAR_SIGHAND: handlers back to SIG_DFL, ignored signals
 * stay ignored, flags and masks cleared. */
void rv_sig_clear_handlers(void);

/* Replaces the guest mask (mirrored to the host; unblocked pending signals take effect). */
void rv_sig_set_blocked(uint64_t mask);

/* After ppoll, pselect6 or epoll_pwait with the guest sigset guest_mask returned -EINTR: a
 * signal that mask let through and the guest's own mask blocks is delivered now, with the
 * temporary mask in place, and the guest's mask is restored by the handler's sigreturn. */
void rv_sig_masked_wait_done(uint64_t guest_mask);

/* Once at start-up, before the guest runs: maps the signal return trampoline (the page the
 * kernel's vDSO holds), as the kernel maps its vDSO at exec (sigframe.c). */
void rv_sig_map_trampoline(void);

/* Once at start-up, before the guest runs: lets the runner's glibc take host signals 32 and
 * 33 for itself now, so that later the guest's handlers for them stay in place. */
void rv_sig_host_init(void);

/* Re-applies the guest mask to the host thread (after leaving a host handler by longjmp). */
void rv_sig_sync_host_mask(void);

/* A synchronous fault: records it and returns true when the guest has an unblocked handler,
 * false when the fault must kill (default action, ignored or blocked). */
bool rv_sig_take_fault(int sig, int code, guest_addr addr);

/* Records a host signal delivered to a handler of the runner's own (SIGSEGV sent by kill). */
void rv_sig_host_async(int hsig, const void *host_siginfo);

/* After syscall nr returned -EINTR: whether it must run again because the signal about to be
 * delivered has SA_RESTART (and nr is one the kernel restarts). */
bool rv_sig_restartable(long nr);

/* Builds the frame of the next deliverable signal and points cpu at its handler
 * (syscall/signal/sigframe.c). Does nothing when no signal is deliverable. */
void rv_sig_deliver(struct rv_cpu *cpu);

/* For a sigevent that notifies by signal (timer_create, mq_notify): refuses (-EINVAL, with a
 * warning naming `call`) the signals the kernel may not send for the guest, SIGSEGV and SIGBUS,
 * the runner's fault signals, which the host never blocks; 32 and 33 are fine (sigstate.c
 * carries the guest's own on the host; glibc's SIGEV_THREAD timers use 32). Otherwise turns
 * ev->signo into the host's number and returns 0; an invalid number is left for the kernel to
 * refuse. */
struct rv_sigevent;
int rv_sig_event_to_host(struct rv_sigevent *ev, const char *call);

/* ---- death by signal --------------------------------------------------------------------- */

/* Dies by host signal `hsig` with its default action: the disposition is reset to SIG_DFL, the
 * signal unblocked and sent to this thread, so the parent's wait status shows the same signal
 * the guest would have died of (what qemu-user does too). A signal that dumps core first writes
 * the guest's riscv64 core as the kernel would (coredump.c); the runner's own core is either
 * made small and kept away from it, for the wait status's core flag, or switched off. Raw
 * syscalls and the stack only: usable in a signal handler. */
__attribute__((noreturn)) void rv_die_by_host_signal(int hsig);

/* Puts back what rv_die_by_host_signal changed (the dumpable flag, and the host action when
 * action_shared), when the task that died there ran on the caller's thread-local storage and
 * shared its memory (a CLONE_VM child's helper, syscall/clone_vm.c). */
void rv_sig_undo_fatal_reset(bool action_shared);

/* ---- blocking host calls without the signal race (safe_syscall.S) -------------------------
 *
 * Handlers use safe_syscallN exactly like host_syscallN (mem/host.h) for the calls that can
 * block: reads and writes of pipes, sockets and terminals, waits, sleeps, futex waits, locks.
 * Besides the host's result they can return -RV_ERESTARTNOINTR, meaning "a guest signal was
 * recorded before the call entered the kernel, nothing was done": the dispatcher then leaves
 * the guest's registers as they were and the run loop delivers the signal and re-runs the ecall.
 * A handler must therefore make the safe call before any side effect it cannot repeat, and use
 * it for at most one call (the one that blocks).
 */

long rv_safe_syscall_base(volatile int *pending, long nr, long a0, long a1, long a2, long a3,
                          long a4, long a5);

/* The calling thread's cpu->signal_pending, bound by rv_safe_syscall_bind; NULL (outside the
 * engine, e.g. unit tests calling handlers) reads as "nothing pending". */
extern __thread volatile int *rv_safe_syscall_pending;
extern volatile int rv_safe_syscall_nothing_pending;

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
