/*
 * syscall/fatal.h - ending the runner the way a signal ends the guest.
 */
#ifndef CROSSRUN_SYSCALL_FATAL_H
#define CROSSRUN_SYSCALL_FATAL_H

/* Dies by host signal `hsig` with its default action: the disposition is reset to SIG_DFL, the
 * signal unblocked and sent to this thread, so the parent's wait status shows the same signal
 * the guest would have died of (what qemu-user does too). Core dumps are switched off first: a
 * core of the runner is not the guest's core. Only raw syscalls: safe in a signal handler. */
__attribute__((noreturn)) void rv_die_by_host_signal(int hsig);

#endif
