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
 * capped) goes through a shared buffer: the child copies it there when it exits without exec
 * (an atexit handler: the runner's vfork child is a single-threaded process that ends through
 * main's exit()), and the parent, which the host kernel keeps suspended until then, copies it
 * back before it returns from clone. A successful exec leaves the buffer unmarked, as the kernel
 * would leave the parent's memory untouched. Stores elsewhere (heap, other mappings) are still
 * lost; the parent's other threads do not normally write to this thread's stack.
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

struct carry_buf {
    volatile int done;          /* set by the child once data holds its copy */
    unsigned char data[];
};

/* Set only in a vfork child (its own copy of this variable), read by the atexit handler. */
static struct rv_vfork_carry child_carry;
static pthread_once_t atexit_once = PTHREAD_ONCE_INIT;

static void carry_at_exit(void)
{
    struct rv_vfork_carry *c = &child_carry;
    if (!c->buf)
        return;
    struct carry_buf *b = c->buf;
    if (copy_from_guest(b->data, c->start, c->len) == 0)
        b->done = 1;
}

static void register_at_exit(void)
{
    (void)atexit(carry_at_exit);
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
        void *p = mmap(NULL, sizeof(struct carry_buf) + len, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return; /* no carry: the child's stores are lost, as before */
        c->buf = p;
        c->start = start;
        c->len = len;
        return;
    }
}

void rv_vfork_carry_after(struct rv_vfork_carry *c, long pid)
{
    if (!c->buf)
        return;
    if (pid == 0) {
        child_carry = *c;
        return;
    }
    struct carry_buf *b = c->buf;
    if (pid > 0 && b->done)
        (void)!copy_to_guest(c->start, b->data, c->len); /* the range was mapped at the clone */
    munmap(c->buf, sizeof(struct carry_buf) + c->len);
    c->buf = NULL;
}
