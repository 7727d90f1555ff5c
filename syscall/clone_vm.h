/*
 * syscall/clone_vm.h - a child process sharing the guest's memory: clone with CLONE_VM and
 * without CLONE_THREAD or CLONE_VFORK (syscall/clone_vm.c says how the runner makes one).
 */
#ifndef CROSSRUN_SYSCALL_CLONE_VM_H
#define CROSSRUN_SYSCALL_CLONE_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/types.h"
#include "translate/cpu.h"

/* What the caller (syscall/fork.c) checked already: the kernel's flag rules. flags holds the
 * guest's clone flags without the exit signal (clone3's CLONE_NEWTIME shares its byte);
 * set_tid holds set_tid_size pids (clone3). The addresses are guest addresses as given. */
struct rv_clone_vm_req {
    uint64_t flags;
    int exit_signal;         /* a guest signal number, or another value clone took */
    guest_addr stack;        /* the child's sp; 0 keeps the parent's */
    guest_addr parent_tid, child_tid, tls, pidfd;
    uint64_t cgroup;         /* CLONE_INTO_CGROUP's descriptor */
    const int32_t *set_tid;
    uint64_t set_tid_size;
};

/* Makes the child, which resumes after the caller's ecall with a0 = 0. Returns its pid in the
 * caller, or a negative errno (the host kernel's where it refused the clone). */
long rv_clone_vm(struct rv_cpu *cpu, const struct rv_clone_vm_req *req);

/* Called when wait4 or waitid reaped pid: if it was a CLONE_VM child, returns once its helper
 * is done (the child's death may have changed a host signal action the caller shares). */
void rv_clone_vm_reaped(int pid);

/* Whether this runner made one: its helper threads may then live on while it forks (what a
 * leak checker in the fork child must know). */
bool rv_clone_vm_made(void);

#endif
