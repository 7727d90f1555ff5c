/*
 * syscall/signal/sigaltstack.c - the calling thread's alternate signal stack: sigaltstack, and
 * what the frame code (sigframe.c) asks of it through sigaltstack.h (is sp on it, restore it
 * from a frame, disarm it for SS_AUTODISARM).
 *
 * It is thread-local, as each guest thread is one host thread. It is bookkeeping for guest
 * frames only: guest handlers run on guest stacks, so the host's own alternate stack is not
 * touched.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "abi/signal.h"
#include "abi/ucontext.h"
#include "mem/uaccess.h"
#include "syscall/signal/sigaltstack.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "translate/cpu.h"

static __thread struct rv_stack sig_altstack = { .flags = RV_SS_DISABLE };

struct rv_stack rv_sig_altstack(void) { return sig_altstack; }

static bool on_altstack(uint64_t sp)
{
    return !(sig_altstack.flags & RV_SS_DISABLE) && sp > sig_altstack.sp &&
           sp - sig_altstack.sp <= sig_altstack.size;
}

bool rv_sig_on_altstack(uint64_t sp)
{
    return on_altstack(sp);
}

/* Sets the alternate stack from a guest stack_t as sigaltstack does, sp being the guest's. */
static long altstack_set(const struct rv_stack *ss, uint64_t sp)
{
    if (on_altstack(sp))
        return -EPERM;
    uint32_t mode = (uint32_t)ss->flags & ~RV_SS_AUTODISARM;
    if (mode != RV_SS_DISABLE && mode != RV_SS_ONSTACK && mode != 0)
        return -EINVAL;
    if (mode == RV_SS_DISABLE) {
        sig_altstack = (struct rv_stack){ .flags = RV_SS_DISABLE };
    } else {
        if (rv_le64(ss->size) < RV_MINSIGSTKSZ)
            return -ENOMEM;
        sig_altstack = (struct rv_stack){
            .sp = rv_le64(ss->sp),
            .size = rv_le64(ss->size),
            .flags = (int32_t)((uint32_t)ss->flags & RV_SS_AUTODISARM),
        };
    }
    return 0;
}

long rv_sig_restore_altstack(const struct rv_stack *ss, uint64_t sp)
{
    return altstack_set(ss, sp);
}

void rv_sig_disarm_altstack(void)
{
    sig_altstack = (struct rv_stack){ .flags = RV_SS_DISABLE };
}

/* sigaltstack(ss, oss) */
long sys_sigaltstack(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr ss_addr = a[0], oss_addr = a[1];
    uint64_t sp = cpu->x[2];
    struct rv_stack old = sig_altstack;
    if (old.flags & RV_SS_DISABLE) {
        old.sp = 0;
        old.size = 0;
    }
    old.flags = (old.flags & RV_SS_DISABLE) ? RV_SS_DISABLE
              : ((int32_t)(old.flags & RV_SS_AUTODISARM) | (on_altstack(sp) ? RV_SS_ONSTACK : 0));

    if (ss_addr) {
        struct rv_stack ss;
        int r = copy_from_guest(&ss, ss_addr, sizeof ss);
        if (r < 0)
            return r;
        r = altstack_set(&ss, sp);
        if (r < 0)
            return r;
    }
    if (oss_addr) {
        struct rv_stack g = { .sp = rv_le64(old.sp), .flags = old.flags, .size = rv_le64(old.size) };
        int r = copy_to_guest(oss_addr, &g, sizeof g);
        if (r < 0)
            return r;
    }
    return 0;
}
