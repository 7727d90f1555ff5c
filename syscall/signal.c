/*
 * syscall/signal.c - guest signal state and the syscalls that set it: rt_sigaction,
 * rt_sigprocmask, rt_sigpending, sigaltstack, kill/tkill/tgkill, rt_sigreturn.
 *
 * This stage records; it does not deliver (that needs the riscv64 signal frame and comes with
 * syscall/sigframe.c). What is done for real already:
 *  - The action table holds exactly what the guest set (riscv64 kernel layout, abi/signal.h)
 *    and old actions come back exactly, flags filtered as the riscv64 kernel filters them.
 *  - SIG_IGN is applied to the host process too, and SIG_DFL restores the host default, so a
 *    guest that ignores SIGPIPE gets EPIPE from a write to a closed pipe instead of dying, and
 *    an ignored SIGCHLD auto-reaps children. A guest handler leaves the host default in place
 *    for now. Signals the runner itself handles (the engine's fault handlers) and the
 *    real-time signals glibc keeps for itself are never touched on the host.
 *  - A signal the guest sends to itself acts now when its guest action is the default one:
 *    terminating signals kill the runner by that same signal (design decision 6), stop signals
 *    stop it, ignored ones vanish. One with a guest handler, or blocked by the guest mask,
 *    is recorded as pending for the delivery code to come.
 * Per-thread state (mask, pending, alternate stack) is thread-local because every guest thread
 * is one host thread; the action table is process-wide, guarded by a mutex.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "abi/signal.h"
#include "syscall/host.h"
#include "syscall/sigstate.h"
#include "syscall/syscall.h"
#include "syscall/uaccess.h"

/* The kernel's struct sigaction on x86-64 (arch/x86/include/uapi/asm/signal.h): unlike the
 * riscv64 one it has sa_restorer before the mask. */
struct host_ksigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};

static pthread_mutex_t sig_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t sig_once = PTHREAD_ONCE_INIT;
static struct rv_sigaction sig_actions[RV_NSIG + 1];

static __thread uint64_t sig_mask;          /* the guest's blocked set */
static __thread uint64_t sig_pending;       /* recorded, not yet delivered */
static __thread struct rv_stack sig_altstack = { .flags = RV_SS_DISABLE };

uint64_t rv_sig_blocked(void) { return sig_mask; }
uint64_t rv_sig_pending(void) { return sig_pending; }
struct rv_stack rv_sig_altstack(void) { return sig_altstack; }

static const uint64_t unblockable = RV_SIGBIT(RV_SIGKILL) | RV_SIGBIT(RV_SIGSTOP);

static long host_sigaction(int hsig, const struct host_ksigaction *act,
                           struct host_ksigaction *old)
{
    return host_syscall4(SYS_rt_sigaction, hsig, HOST_ARG(act), HOST_ARG(old), 8);
}

/* Dispositions inherited across exec: an ignored signal stays ignored in the new program,
 * and the guest must see that (nohup relies on it). Anything else starts as SIG_DFL. */
static void sig_init(void)
{
    for (int sig = 1; sig <= RV_NSIG; sig++) {
        struct host_ksigaction old;
        int hsig = rv_signal_to_host(sig);
        if (hsig > 0 && host_sigaction(hsig, NULL, &old) == 0 && old.handler == (uint64_t)SIG_IGN)
            sig_actions[sig].handler = RV_SIG_IGN;
    }
}

struct rv_sigaction rv_sig_action(int sig)
{
    struct rv_sigaction act = { 0 };
    if (sig < 1 || sig > RV_NSIG)
        return act;
    pthread_once(&sig_once, sig_init);
    pthread_mutex_lock(&sig_lock);
    act = sig_actions[sig];
    pthread_mutex_unlock(&sig_lock);
    return act;
}

/* Mirror a guest SIG_IGN / SIG_DFL onto the host (see the file comment). Only signals whose
 * host disposition is still SIG_DFL or SIG_IGN are changed, i.e. never one the runner handles. */
static void host_apply_disposition(int sig, uint64_t guest_handler)
{
    int hsig = rv_signal_to_host(sig);
    if (hsig <= 0 || sig >= RV_SIGRTMIN || sig == RV_SIGKILL || sig == RV_SIGSTOP)
        return;
    struct host_ksigaction old;
    if (host_sigaction(hsig, NULL, &old) < 0)
        return;
    if (old.handler != (uint64_t)SIG_DFL && old.handler != (uint64_t)SIG_IGN)
        return;
    struct host_ksigaction act = {
        .handler = guest_handler == RV_SIG_IGN ? (uint64_t)SIG_IGN : (uint64_t)SIG_DFL,
    };
    if (act.handler != old.handler)
        (void)host_sigaction(hsig, &act, NULL);
}

/* Whether a signal with this action would be discarded at delivery. */
static bool action_ignores(int sig, const struct rv_sigaction *act)
{
    return act->handler == RV_SIG_IGN ||
           (act->handler == RV_SIG_DFL && rv_signal_default_action(sig) == 'I');
}

/* Ends the runner the way the guest's default action ends the guest: by that host signal,
 * with its default disposition and unblocked, so the parent sees the same wait status. */
void (*rv_sig_fatal_hook)(int sig);

static __attribute__((noreturn)) void die_by_signal(int sig)
{
    int hsig = rv_signal_to_host(sig);
    if (rv_sig_fatal_hook)
        rv_sig_fatal_hook(sig);
    struct host_ksigaction dfl = { .handler = (uint64_t)SIG_DFL };
    uint64_t bit = UINT64_C(1) << (hsig - 1);
    (void)host_sigaction(hsig, &dfl, NULL);
    (void)host_syscall4(SYS_rt_sigprocmask, SIG_UNBLOCK, HOST_ARG(&bit), 0, 8);
    (void)host_syscall3(SYS_tgkill, host_syscall0(SYS_getpid), host_syscall0(SYS_gettid), hsig);
    /* Not reached: the signal is delivered on return from tgkill. */
    _exit(128 + sig);
}

/* The guest's own thread receives `sig` and it is not blocked: act on it now if its action
 * is a default one, else leave it pending for delivery. */
static void act_on_signal(int sig)
{
    pthread_once(&sig_once, sig_init);
    pthread_mutex_lock(&sig_lock);
    struct rv_sigaction act = sig_actions[sig];
    pthread_mutex_unlock(&sig_lock);

    if (act.handler == RV_SIG_IGN)
        return;
    if (act.handler != RV_SIG_DFL) {
        sig_pending |= RV_SIGBIT(sig);
        return;
    }
    switch (rv_signal_default_action(sig)) {
    case 'I':
    case 'K':
        return;
    case 'S': {
        int hsig = rv_signal_to_host(sig);
        struct host_ksigaction dfl = { .handler = (uint64_t)SIG_DFL };
        (void)host_sigaction(hsig, &dfl, NULL);
        (void)host_syscall3(SYS_tgkill, host_syscall0(SYS_getpid), host_syscall0(SYS_gettid),
                            hsig);
        return;
    }
    default:
        die_by_signal(sig);
    }
}

static long signal_self(int sig)
{
    if (sig == 0)
        return 0;
    if (sig == RV_SIGKILL)
        die_by_signal(sig);
    /* A blocked signal is queued even when its action ignores it: the action may change
     * before it is unblocked (the kernel's sig_ignored says the same). */
    if (sig_mask & RV_SIGBIT(sig)) {
        sig_pending |= RV_SIGBIT(sig);
        return 0;
    }
    act_on_signal(sig);
    return 0;
}

/* After the mask shrank: pending signals that are now unblocked take effect. */
static void recheck_pending(void)
{
    uint64_t ready = sig_pending & ~sig_mask;
    for (int sig = 1; ready && sig <= RV_NSIG; sig++) {
        if (!(ready & RV_SIGBIT(sig)))
            continue;
        ready &= ~RV_SIGBIT(sig);
        pthread_once(&sig_once, sig_init);
        pthread_mutex_lock(&sig_lock);
        bool has_handler = sig_actions[sig].handler > RV_SIG_IGN;
        pthread_mutex_unlock(&sig_lock);
        if (!has_handler) {
            sig_pending &= ~RV_SIGBIT(sig);
            act_on_signal(sig);
        }
    }
}

/* rt_sigaction(sig, act, oact, sigsetsize) */
long sys_rt_sigaction(struct rv_cpu *cpu, const uint64_t *a)
{
    int sig = (int)a[0];
    guest_addr act_addr = a[1], oact_addr = a[2];
    if (a[3] != sizeof(uint64_t))
        return -EINVAL;
    if (sig < 1 || sig > RV_NSIG)
        return -EINVAL;
    if (act_addr && (sig == RV_SIGKILL || sig == RV_SIGSTOP))
        return -EINVAL;
    pthread_once(&sig_once, sig_init);

    struct rv_sigaction new_act;
    if (act_addr) {
        int r = copy_from_guest(&new_act, act_addr, sizeof new_act);
        if (r < 0)
            return r;
        new_act.handler = rv_le64(new_act.handler);
        new_act.flags = rv_le64(new_act.flags) & RV_SA_UAPI_FLAGS;
        new_act.mask = rv_le64(new_act.mask) & ~unblockable;
    }

    pthread_mutex_lock(&sig_lock);
    struct rv_sigaction old_act = sig_actions[sig];
    if (act_addr) {
        sig_actions[sig] = new_act;
        host_apply_disposition(sig, new_act.handler);
        /* Setting an action that ignores a signal discards it if pending (POSIX). */
        if (action_ignores(sig, &new_act))
            sig_pending &= ~RV_SIGBIT(sig);
    }
    pthread_mutex_unlock(&sig_lock);

    if (oact_addr) {
        struct rv_sigaction g = {
            .handler = rv_le64(old_act.handler),
            .flags = rv_le64(old_act.flags),
            .mask = rv_le64(old_act.mask),
        };
        int r = copy_to_guest(oact_addr, &g, sizeof g);
        if (r < 0)
            return r;
    }
    return 0;
}

/* rt_sigprocmask(how, set, oset, sigsetsize) */
long sys_rt_sigprocmask(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr set_addr = a[1], oset_addr = a[2];
    if (a[3] != sizeof(uint64_t))
        return -EINVAL;
    uint64_t old = sig_mask;
    if (set_addr) {
        uint64_t set;
        int r = copy_from_guest(&set, set_addr, sizeof set);
        if (r < 0)
            return r;
        set = rv_le64(set) & ~unblockable;
        switch ((int)a[0]) {
        case RV_SIG_BLOCK:   sig_mask = old | set; break;
        case RV_SIG_UNBLOCK: sig_mask = old & ~set; break;
        case RV_SIG_SETMASK: sig_mask = set; break;
        default:             return -EINVAL;
        }
    }
    if (oset_addr) {
        uint64_t g = rv_le64(old);
        int r = copy_to_guest(oset_addr, &g, sizeof g);
        if (r < 0)
            return r;
    }
    if (set_addr)
        recheck_pending();
    return 0;
}

/* rt_sigpending(set, sigsetsize): the pending signals that are blocked. */
long sys_rt_sigpending(struct rv_cpu *cpu, const uint64_t *a)
{
    if (a[1] > sizeof(uint64_t))
        return -EINVAL;
    uint64_t g = rv_le64(sig_pending & sig_mask);
    return copy_to_guest(a[0], &g, a[1]);
}

static bool on_altstack(uint64_t sp)
{
    return !(sig_altstack.flags & RV_SS_DISABLE) && sp > sig_altstack.sp &&
           sp - sig_altstack.sp <= sig_altstack.size;
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
        if (on_altstack(sp))
            return -EPERM;
        uint32_t mode = (uint32_t)ss.flags & ~RV_SS_AUTODISARM;
        if (mode != RV_SS_DISABLE && mode != RV_SS_ONSTACK && mode != 0)
            return -EINVAL;
        if (mode == RV_SS_DISABLE) {
            sig_altstack = (struct rv_stack){ .flags = RV_SS_DISABLE };
        } else {
            if (rv_le64(ss.size) < RV_MINSIGSTKSZ)
                return -ENOMEM;
            sig_altstack = (struct rv_stack){
                .sp = rv_le64(ss.sp),
                .size = rv_le64(ss.size),
                .flags = (int32_t)((uint32_t)ss.flags & RV_SS_AUTODISARM),
            };
        }
    }
    if (oss_addr) {
        struct rv_stack g = { .sp = rv_le64(old.sp), .flags = old.flags, .size = rv_le64(old.size) };
        int r = copy_to_guest(oss_addr, &g, sizeof g);
        if (r < 0)
            return r;
    }
    return 0;
}

/* rt_sigreturn unwinds a signal frame; crossrun builds none yet (no delivery), so there is
 * nothing to return from. */
long sys_rt_sigreturn(struct rv_cpu *cpu, const uint64_t *a)
{
    return -ENOSYS;
}

static long host_pid(void) { return host_syscall0(SYS_getpid); }
static long host_tid(void) { return host_syscall0(SYS_gettid); }

/* kill(pid, sig). Self: see the file comment. Any other pid, including 0 and -1 (groups that
 * contain the runner too), goes to the host kernel, where the runner's own dispositions
 * mirror the guest's ignored signals. */
long sys_kill(struct rv_cpu *cpu, const uint64_t *a)
{
    int pid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > RV_NSIG)
        return -EINVAL;
    pthread_once(&sig_once, sig_init);
    if (pid == host_pid())
        return signal_self(sig);
    return host_syscall2(SYS_kill, pid, sig ? rv_signal_to_host(sig) : 0);
}

long sys_tgkill(struct rv_cpu *cpu, const uint64_t *a)
{
    int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > RV_NSIG)
        return -EINVAL;
    pthread_once(&sig_once, sig_init);
    if (tgid == host_pid() && tid == host_tid())
        return signal_self(sig);
    return host_syscall3(SYS_tgkill, tgid, tid, sig ? rv_signal_to_host(sig) : 0);
}

long sys_tkill(struct rv_cpu *cpu, const uint64_t *a)
{
    int tid = (int)a[0], sig = (int)a[1];
    if (tid <= 0 || sig < 0 || sig > RV_NSIG)
        return -EINVAL;
    pthread_once(&sig_once, sig_init);
    if (tid == host_tid())
        return signal_self(sig);
    return host_syscall2(SYS_tkill, tid, sig ? rv_signal_to_host(sig) : 0);
}
