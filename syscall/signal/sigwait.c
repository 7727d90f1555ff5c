/*
 * syscall/signal/sigwait.c - the waiting syscalls: rt_sigsuspend (wait with a temporary mask
 * until a handler is due) and rt_sigtimedwait (take a signal of a set without a handler). The
 * state they wait on is sigstate.c's, through sigstate.h.
 */
#include <errno.h>

#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/signal/sigstate.h"
#include "syscall/syscall.h"

/* rt_sigsuspend(mask, sigsetsize): waits with `mask` blocked until a signal is recorded; the
 * frame of the handler that runs then saves the old mask (rv_sig_next). Race-free: every host
 * signal is blocked while the pending set is checked, and the host rt_sigsuspend unblocks
 * atomically. */
long sys_rt_sigsuspend(struct rv_cpu *cpu, const uint64_t *a)
{
    if (a[1] != sizeof(uint64_t))
        return -EINVAL;
    uint64_t set;
    int r = rv_sig_set_from_guest(&set, a[0]);
    if (r < 0)
        return r;
    rv_sig_host_block_all();
    if (!(rv_sig_pending() & ~set)) {
        uint64_t hmask = rv_sig_host_mask_for(set);
        (void)host_syscall2(SYS_rt_sigsuspend, HOST_ARG(&hmask), 8);
    }
    if (!(rv_sig_pending() & ~set)) {
        /* Woken by nothing the guest handles: nothing will restore the mask, so do it now. */
        rv_sig_sync_host_mask();
        return -EINTR;
    }
    rv_sig_keep_mask_for_handler(set);
    return -EINTR;
}

/* rt_sigtimedwait(set, info, timeout, sigsetsize) */
long sys_rt_sigtimedwait(struct rv_cpu *cpu, const uint64_t *a)
{
    if (a[3] != sizeof(uint64_t))
        return -EINVAL;
    uint64_t set;
    int r = rv_sig_set_from_guest(&set, a[0]);
    if (r < 0)
        return r;
    struct { int64_t sec, nsec; } ts, *tsp = NULL;  /* same 16 bytes on both sides */
    if (a[2]) {
        r = copy_from_guest(&ts, a[2], sizeof ts);
        if (r < 0)
            return r;
        tsp = &ts;
    }
    struct rv_siginfo info;
    int sig;
    uint64_t recorded = rv_sig_pending() & set;
    if (recorded) {
        sig = __builtin_ctzll(recorded) + 1;
        rv_sig_take(sig, &info);
    } else {
        uint64_t hset = set & ~RV_SIG_HOST_NEVER_BLOCKED;
        long n = safe_syscall4(SYS_rt_sigtimedwait, HOST_ARG(&hset), HOST_ARG(&info),
                               HOST_ARG(tsp), 8);
        if (n < 0)
            return n;
        sig = (int)n;
    }
    if (a[1]) {
        r = copy_to_guest(a[1], &info, sizeof info);
        if (r < 0)
            return r;
    }
    return sig;
}
