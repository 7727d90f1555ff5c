/*
 * syscall/vfork_carry.c - what a vfork child writes to its parent's stack reaches the parent.
 *
 * A guest CLONE_VM|CLONE_VFORK child is a host vfork child on a copy of the memory
 * (syscall/fork.c), so its stores are lost when it ends. One use of those stores is common:
 * glibc's posix_spawn (which Python 3.13's subprocess, among others, uses) reports a failed exec
 * by storing errno in a struct on the parent's stack and exiting with 127; without it
 * subprocess.run(["missing"]) returns 127 instead of raising FileNotFoundError. vfork() + _exit()
 * children that set a local variable of the parent are the same case.
 *
 * So the part of the parent thread's stack in use at the clone ([sp, end of that stack mapping),
 * capped) goes through a shared buffer: the child copies it there twice, as it was at the clone
 * (before any guest code of the child runs) and as it is when the child exits without exec
 * (rv_vfork_carry_child_exit: an atexit handler when the vforking guest thread is the main one,
 * whose runner ends through main's exit(); syscall/thread.c calls it before its raw exit_group
 * when it is another thread, whose child once carried nothing back). The parent, which the
 * host kernel keeps suspended until then, copies back only the bytes that differ between the
 * two, the child's stores, before it returns from clone. A successful exec leaves the buffer
 * unmarked, as the kernel would leave the parent's memory untouched. Stores elsewhere (other
 * mappings) are still lost.
 *
 * Only the child's stores, never the whole range: only the calling thread is suspended, and
 * the range is not always this thread's alone. Go's goroutine stacks live in its heap arenas,
 * so [sp, end of the mapping) is a megabyte of other goroutines' stacks and objects that the
 * parent's other threads go on changing while the child runs; writing the child's stale copy
 * of all of it back corrupted them (the Go runtime's "newproc1: new g is not Gdead", jumps to
 * heap addresses, in os/exec's tests, whose children fail to exec; tests/guest/
 * vfork_carry_threads.c).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mem/addrspace.h"
#include "mem/uaccess.h"
#include "syscall/vfork_carry.h"

/* Enough for any real stack in use at a posix_spawn; deeper stacks carry their top part. */
#define CARRY_MAX (1u << 20)

/* In one shared mapping: done, then the range as it was at the clone (len bytes), then the
 * range as the child left it (len bytes). */
struct carry_buf {
    volatile int done;          /* set by the child once both copies are there */
    unsigned char data[];
};

static size_t carry_size(uint64_t len)
{
    return sizeof(struct carry_buf) + 2 * len;
}

/* Set only in a vfork child (its own copy of this variable), read when it exits. */
static struct rv_vfork_carry child_carry;
static pthread_once_t atexit_once = PTHREAD_ONCE_INIT;

void rv_vfork_carry_child_exit(void)
{
    struct rv_vfork_carry *c = &child_carry;
    if (!c->buf)
        return;
    struct carry_buf *b = c->buf;
    if (copy_from_guest(b->data + c->len, c->start, c->len) == 0)
        b->done = 1;
    c->buf = NULL;
}

static void register_at_exit(void)
{
    (void)atexit(rv_vfork_carry_child_exit);
}

void rv_vfork_carry_prepare(struct rv_vfork_carry *c, guest_addr sp)
{
    memset(c, 0, sizeof *c);
    pthread_once(&atexit_once, register_at_exit);
    struct guest_vma v;
    for (size_t i = 0; guest_as_vma(i, &v); i++) {
        if (sp < v.start || sp >= v.end)
            continue;
        guest_addr start = guest_page_down(sp);
        uint64_t len = v.end - start < CARRY_MAX ? v.end - start : CARRY_MAX;
        void *p = mmap(NULL, carry_size(len), PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return; /* no carry: the child's stores are lost, as before */
        c->buf = p;
        c->start = start;
        c->len = len;
        return;
    }
}

/* In the parent: the runs of bytes the child changed go back to the guest, the rest of the
 * range (which the parent's other threads may have changed meanwhile) is left alone. */
static void copy_back_changes(const struct rv_vfork_carry *c, const struct carry_buf *b)
{
    const unsigned char *was = b->data, *now = b->data + c->len;
    uint64_t i = 0;
    while (i < c->len) {
        /* whole words first: most of the range is unchanged */
        if (c->len - i >= 8 && memcmp(was + i, now + i, 8) == 0) {
            i += 8;
            continue;
        }
        if (was[i] == now[i]) {
            i++;
            continue;
        }
        uint64_t run = i;
        while (i < c->len && was[i] != now[i])
            i++;
        (void)!copy_to_guest(c->start + run, now + run, i - run); /* mapped at the clone */
    }
}

void rv_vfork_carry_after(struct rv_vfork_carry *c, long pid)
{
    if (!c->buf)
        return;
    struct carry_buf *b = c->buf;
    if (pid == 0) {
        /* The range as it is now, before the child's first store: what it changes is the
         * difference. Unreadable: carry nothing. */
        if (copy_from_guest(b->data, c->start, c->len) == 0)
            child_carry = *c;
        return;
    }
    if (pid > 0 && b->done)
        copy_back_changes(c, b);
    munmap(c->buf, carry_size(c->len));
    c->buf = NULL;
}
