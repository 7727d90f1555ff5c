/*
 * syscall/vfork_carry.h - carrying a vfork child's stores to its parent's stack back to the
 * parent (syscall/vfork_carry.c explains why: posix_spawn's exec error).
 */
#ifndef CROSSRUN_SYSCALL_VFORK_CARRY_H
#define CROSSRUN_SYSCALL_VFORK_CARRY_H

#include <stdint.h>

#include "syscall/syscall.h"

struct rv_vfork_carry {
    void *buf;           /* shared with the child; NULL: nothing to carry */
    guest_addr start;    /* the parent's stack from the page holding sp */
    uint64_t len;
};

/* In the parent, before the host vfork clone: sp is the calling guest thread's stack pointer. */
void rv_vfork_carry_prepare(struct rv_vfork_carry *c, guest_addr sp);

/* Right after the clone, in both processes (pid as the clone returned it): the child copies the
 * range as it is at the clone and arms its exit-time copy; the parent, resumed once the child
 * has exec'd or exited, copies back the bytes the child changed, when it exited without exec,
 * and releases the buffer (also on a failed clone). */
void rv_vfork_carry_after(struct rv_vfork_carry *c, long pid);

/* In a vfork child that ends without exec, before the runner ends the process: the range as the
 * child leaves it goes to the buffer (once; nothing outside a vfork child). An atexit handler
 * calls it when the runner ends through exit(); syscall/thread.c's threads end the process
 * with a raw exit_group, so they call it themselves. */
void rv_vfork_carry_child_exit(void);

#endif
