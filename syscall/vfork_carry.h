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

/* Right after the clone, in both processes (pid as the clone returned it): the child arms its
 * exit-time copy; the parent, resumed once the child has exec'd or exited, copies the child's
 * stores back when there are some and releases the buffer (also on a failed clone). */
void rv_vfork_carry_after(struct rv_vfork_carry *c, long pid);

#endif
