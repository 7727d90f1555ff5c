/*
 * syscall/signal/sigstate.c - the guest's signal state and the syscalls on it: actions
 * (rt_sigaction), the blocked mask (rt_sigprocmask), pending sets (rt_sigpending), recording
 * from the host handler, what the run loop takes to deliver (rv_sig_next, faults, restarts),
 * and what the waiting syscalls (sigwait.c) need. Sending (kill and its kin, sigevents) is in
 * sigsend.c, the alternate stack in sigaltstack.c, frames in sigframe.c; they reach this file
 * through sigstate.h.
 *
 * How a guest signal travels:
 *  - The action table holds exactly what the guest set (riscv64 kernel layout, abi/signal.h).
 *    SIG_IGN is applied to the host process too and SIG_DFL restores the host default, so the
 *    host kernel ignores / kills exactly as it would the guest. For a guest handler the host
 *    gets host_record_handler, which only records (siginfo slot, pending bit, the cpu's
 *    signal_pending flag); the engine stops at its next block boundary, or the syscall returns,
 *    and the run loop delivers there (a safe point): sigframe.c builds the riscv64 frame.
 *  - The guest's blocked mask is mirrored onto the host thread's mask (except the runner's own
 *    fault signals and glibc's two internal real-time signals), so blocked signals stay pending
 *    in the host kernel with their real siginfo, and threads pick up process signals as the
 *    kernel would pick guest threads.
 *  - A signal to self that the host kernel does not carry (sigsend.c) acts at once with a
 *    default action: terminating signals kill the runner by that same signal (design decision
 *    6), stop signals stop it, ignored ones vanish; blocked ones wait in sig_pending.
 *  - Synchronous faults (the fault path, run/fault.c) come in through rv_sig_take_fault.
 * The host handler is installed without SA_RESTART: an interrupted host syscall returns EINTR
 * and the run loop restarts it when the guest's action has SA_RESTART (rv_sig_restartable).
 * Blocking host calls go through safe_syscall.S, so a signal recorded after the run loop's last
 * pending check but before the call entered the kernel makes the call return early and the
 * ecall run again after the handler (host_record_handler moves the interrupted thread out of
 * the window). rt_sigsuspend is race-free by itself (it blocks everything before checking).
 * Standard signals recorded here coalesce: one pending bit and one siginfo per signal.
 * Real-time ones queue (sigqueue.h): each instance keeps its own siginfo and is delivered in
 * order, lowest signal first, as the kernel does; while one is blocked its instances wait in
 * the host kernel, which queues them the same way. Mask and pending set are thread-local
 * (each guest thread is one host thread); the action table is process-wide, under a mutex.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <ucontext.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "abi/signal.h"
#include "abi/syscall_nr.h"
#include "abi/ucontext.h"
#include "syscall/signal/signal.h"
#include "syscall/signal/sigactions.h"
#include "mem/host.h"
#include "syscall/signal/sigqueue.h"
#include "syscall/signal/coredump.h"
#include "syscall/signal/sigstate.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"
#include "translate/cpu.h"

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
/* The action table is rv_sig_actions() (sigactions.c), read and written under sig_lock. */

static __thread uint64_t sig_mask;          /* the guest's blocked set */
/* Recorded, not yet delivered. Also written by host_record_handler on this thread, so every
 * read-modify-write is one atomic instruction. */
static __thread uint64_t sig_pending;
/* Siginfo of a recorded standard signal (signo 0: none recorded); real-time ones queue in
 * syscall/signal/sigqueue.c, their pending bit meaning "at least one instance queued". */
static __thread struct rv_siginfo sig_info[RV_NSIG + 1];
/* A terminating default action taken by this thread at its next safe point, as the kernel
 * acts on a signal on the way back to user mode: the syscall that raised it returns first. */
static __thread int sig_fatal;
static __thread struct rv_siginfo sig_fatal_info;
/* An ignored signal's --strace line, printed at the next safe point for the same reason. */
static __thread bool sig_trace_later;
static __thread struct rv_siginfo sig_trace_later_info;
static __thread struct rv_cpu *sig_cpu;     /* the cpu this host thread runs */
/* rt_sigsuspend's mask to restore once a handler frame has saved it. */
static __thread uint64_t sig_saved_mask;
static __thread bool sig_saved_mask_valid;

uint64_t rv_sig_blocked(void) { return sig_mask; }

/* What the core file's notes say of the thread about to die of info->signo (coredump.c). */
static void note_death(const struct rv_siginfo *info)
{
    rv_core_note_death(sig_cpu, info, rv_sig_pending(), sig_mask);
}
uint64_t rv_sig_pending(void) { return __atomic_load_n(&sig_pending, __ATOMIC_RELAXED); }

static const uint64_t unblockable = RV_SIGBIT(RV_SIGKILL) | RV_SIGBIT(RV_SIGSTOP);
static const uint64_t host_never_blocked = RV_SIG_HOST_NEVER_BLOCKED;

static __thread bool sig_thread_started;

struct rv_cpu *rv_sig_set_cpu(struct rv_cpu *cpu)
{
    struct rv_cpu *old = sig_cpu;
    if (!sig_thread_started) {
        /* A thread starts with the mask its creator had, and a program with the one it was
         * exec'd with: the host thread inherited both, mirrored (except never-blocked bits). */
        uint64_t hmask = 0;
        if (host_syscall4(SYS_rt_sigprocmask, SIG_BLOCK, 0, HOST_ARG(&hmask), 8) == 0)
            sig_mask = hmask & ~unblockable;
        sig_thread_started = true;
    }
    sig_cpu = cpu;
    rv_safe_syscall_bind(cpu ? &cpu->signal_pending : NULL);
    return old;
}

/* Recomputes the cpu's flag. Cleared first, then set from the pending set: a host handler
 * running in between sets it again itself, so no recorded signal is lost. */
static void update_flag(void)
{
    if (!sig_cpu)
        return;
    sig_cpu->signal_pending = 0;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if ((__atomic_load_n(&sig_pending, __ATOMIC_RELAXED) & ~sig_mask) || sig_fatal ||
        sig_trace_later)
        sig_cpu->signal_pending = 1;
}

static uint64_t host_mask_of(uint64_t guest_mask);
static void host_set_mask(uint64_t hmask);

/* Standard signals of timers held in the host kernel until the guest takes the pending one
 * (record) */
static __thread uint64_t timer_held;

/* uctx: the host handler's ucontext_t when called from it, else NULL. */
static void record(int sig, const struct rv_siginfo *info, void *uctx)
{
    /* The runner takes a timer's signal from the host at once, so the host timer goes on
     * expiring and sending while the guest's instance waits: one pending signal per timer, the
     * rest counted in its overrun, as the kernel keeps it. */
    bool timer = info->code == RV_SI_TIMER;
    if (sig >= RV_SIGRTMIN) {
        if (timer && rv_rtq_merge_timer(info, uctx))
            return;
        if (!(uctx ? rv_rtq_push_async(info, uctx) : rv_rtq_push(info)))
            return;
    } else if (timer && sig_info[sig].signo == sig && sig_info[sig].code == RV_SI_TIMER &&
               sig_info[sig].u.timer.tid == info->u.timer.tid &&
               (__atomic_load_n(&sig_pending, __ATOMIC_RELAXED) & RV_SIGBIT(sig))) {
        sig_info[sig].u.timer.overrun = rv_timer_overrun_sum(sig_info[sig].u.timer.overrun,
                                                            info->u.timer.overrun);
        if (uctx) {  /* held in the host kernel until taken, as rv_rtq_merge_timer holds */
            sigaddset(&((ucontext_t *)uctx)->uc_sigmask, sig);
            timer_held |= RV_SIGBIT(sig);
        }
        return;
    } else {
        sig_info[sig] = *info;
    }
    __atomic_fetch_or(&sig_pending, RV_SIGBIT(sig), __ATOMIC_RELAXED);
    if (sig_cpu)
        sig_cpu->signal_pending = 1;
}

/* Takes the recorded instance of sig to deliver next: the oldest queued one of a real-time
 * signal, the one siginfo of a standard signal (as kill() when it was recorded without one). */
static void take_recorded(int sig, struct rv_siginfo *info)
{
    if (sig >= RV_SIGRTMIN && rv_rtq_take(sig, info)) {
        /* Cleared, then set again if an instance remains: the handler may queue another in
         * between, and it sets the bit itself only after queueing. */
        __atomic_fetch_and(&sig_pending, ~RV_SIGBIT(sig), __ATOMIC_RELAXED);
        if (rv_rtq_has(sig))
            __atomic_fetch_or(&sig_pending, RV_SIGBIT(sig), __ATOMIC_RELAXED);
        if (rv_rtq_release())
            host_set_mask(host_mask_of(sig_mask));  /* the host kernel hands over what it held */
        return;
    }
    __atomic_fetch_and(&sig_pending, ~RV_SIGBIT(sig), __ATOMIC_RELAXED);
    *info = sig_info[sig];
    if (timer_held & RV_SIGBIT(sig)) {
        timer_held &= ~RV_SIGBIT(sig);
        host_set_mask(host_mask_of(sig_mask));
    }
    if (info->signo != sig) {
        /* recorded without siginfo (sent to itself while blocked): as kill() */
        *info = (struct rv_siginfo){ .signo = sig, .code = RV_SI_USER };
        info->u.kill.pid = (int32_t)host_syscall0(SYS_getpid);
        info->u.kill.uid = (uint32_t)host_syscall0(SYS_getuid);
    }
    sig_info[sig].signo = 0;
}

/* Drops every recorded instance of sig. */
static void forget_recorded(int sig)
{
    __atomic_fetch_and(&sig_pending, ~RV_SIGBIT(sig), __ATOMIC_RELAXED);
    if (timer_held & RV_SIGBIT(sig)) {
        timer_held &= ~RV_SIGBIT(sig);
        host_set_mask(host_mask_of(sig_mask));
    }
    if (sig >= RV_SIGRTMIN) {
        rv_rtq_discard(sig);
        if (rv_rtq_has(sig))  /* queued by the handler meanwhile */
            __atomic_fetch_or(&sig_pending, RV_SIGBIT(sig), __ATOMIC_RELAXED);
    }
    sig_info[sig].signo = 0;
}

void rv_sig_forget_timer(int32_t tid)
{
    for (int sig = 1; sig < RV_SIGRTMIN; sig++)
        if (sig_info[sig].signo == sig && sig_info[sig].code == RV_SI_TIMER &&
            sig_info[sig].u.timer.tid == tid)
            forget_recorded(sig);
    uint64_t rt = rv_sig_pending() & (~UINT64_C(0) << (RV_SIGRTMIN - 1));
    rv_rtq_discard_timer(tid);
    for (int sig = RV_SIGRTMIN; rt && sig <= RV_NSIG; sig++)
        if ((rt & RV_SIGBIT(sig)) && !rv_rtq_has(sig))
            __atomic_fetch_and(&sig_pending, ~RV_SIGBIT(sig), __ATOMIC_RELAXED);
    update_flag();
}

/* The host handler for signals with a guest handler: async-signal-safe, records only. */
static void host_record_handler(int hsig, siginfo_t *si, void *uctx)
{
    (void)rv_safe_syscall_rewind(uctx);  /* not yet in a blocking call: return from it early */
    struct rv_siginfo info;
    _Static_assert(sizeof(siginfo_t) == sizeof info, "host and guest siginfo are 128 bytes");
    memcpy(&info, si, sizeof info);
    info.signo = hsig;  /* host numbers equal guest ones (abi/signal.h) */
    record(hsig, &info, uctx);
}

void rv_sig_host_async(int hsig, const void *host_siginfo)
{
    host_record_handler(hsig, (siginfo_t *)host_siginfo, NULL);
}

/* Real-time signals stay blocked on the host while this thread's queue is full (sigqueue.h). */
static uint64_t host_mask_of(uint64_t guest_mask)
{
    return (guest_mask & ~host_never_blocked & ~unblockable) | rv_rtq_held_bits() | timer_held;
}

static void host_set_mask(uint64_t hmask)
{
    (void)host_syscall4(SYS_rt_sigprocmask, SIG_SETMASK, HOST_ARG(&hmask), 0, 8);
}

void rv_sig_sync_host_mask(void)
{
    host_set_mask(host_mask_of(sig_mask));
}

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
            rv_sig_actions()[sig].handler = RV_SIG_IGN;
    }
}

void rv_sig_init_once(void)
{
    pthread_once(&sig_once, sig_init);
}

struct rv_sigaction rv_sig_action(int sig)
{
    struct rv_sigaction act = { 0 };
    if (sig < 1 || sig > RV_NSIG)
        return act;
    pthread_once(&sig_once, sig_init);
    pthread_mutex_lock(&sig_lock);
    act = rv_sig_actions()[sig];
    pthread_mutex_unlock(&sig_lock);
    return act;
}

/* Mirror a guest SIG_IGN / SIG_DFL onto the host (see the file comment). Only signals whose
 * host disposition is still SIG_DFL or SIG_IGN are changed, i.e. never one the runner handles. */
bool rv_sig_host_handles(int sig)
{
    return sig >= 1 && sig <= RV_NSIG && sig != RV_SIGKILL && sig != RV_SIGSTOP &&
           sig != RV_SIGSEGV && sig != RV_SIGBUS;
}

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000  /* arch/x86/include/uapi/asm/signal.h */
#endif

/* Host signals 32 and 33 are glibc's SIGCANCEL and SIGSETXID, and the runner's glibc refuses
 * to let sigaction touch them. The runner never uses them itself (it cancels no thread, and
 * the guest's setuid family are raw calls), so they carry the guest's own 32 and 33, which the
 * guest's glibc needs for pthread_cancel and for setxid across threads; without a handler a
 * guest pthread_cancel would kill the whole runner. They are set with the raw call, which on
 * x86-64 needs SA_RESTORER: the restorer glibc put on the runner's own SIGSEGV handler is
 * borrowed (none yet, e.g. in unit tests: left alone). */
static void host_apply_internal(int hsig, uint64_t guest_handler)
{
    struct host_ksigaction seg, act = { 0 };
    if (host_sigaction(SIGSEGV, NULL, &seg) != 0 || !(seg.flags & SA_RESTORER))
        return;
    if (guest_handler > RV_SIG_IGN) {
        act.handler = (uint64_t)(uintptr_t)host_record_handler;
        act.flags = SA_SIGINFO | SA_RESTORER;
        act.restorer = seg.restorer;
        act.mask = ~0ull;
    } else {
        act.handler = (uint64_t)(guest_handler == RV_SIG_IGN ? SIG_IGN : SIG_DFL);
    }
    (void)host_sigaction(hsig, &act, NULL);
}

static void host_apply_disposition(int sig, uint64_t guest_handler, uint64_t guest_flags)
{
    int hsig = rv_signal_to_host(sig);
    if (hsig <= 0 || !rv_sig_host_handles(sig))
        return;
    if (hsig == 32 || hsig == 33) {
        host_apply_internal(hsig, guest_handler);
        return;
    }
    struct sigaction old;
    if (sigaction(hsig, NULL, &old) < 0)
        return;
    bool ours = (old.sa_flags & SA_SIGINFO) && old.sa_sigaction == host_record_handler;
    if (!ours && old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)
        return;  /* the runner's own */
    struct sigaction act;
    memset(&act, 0, sizeof act);
    if (guest_handler > RV_SIG_IGN) {
        /* libc's sigaction supplies the x86-64 sa_restorer the raw syscall would need. No
         * SA_RESTART: the engine decides about restarting (see the file comment). The
         * SIGCHLD flags change what the host kernel sends, so they are passed on. */
        act.sa_sigaction = host_record_handler;
        act.sa_flags = SA_SIGINFO;
        if (guest_flags & RV_SA_NOCLDSTOP)
            act.sa_flags |= SA_NOCLDSTOP;
        if (guest_flags & RV_SA_NOCLDWAIT)
            act.sa_flags |= SA_NOCLDWAIT;
        if (ours && (old.sa_flags & (SA_NOCLDSTOP | SA_NOCLDWAIT)) ==
                        (act.sa_flags & (SA_NOCLDSTOP | SA_NOCLDWAIT)))
            return;
        sigfillset(&act.sa_mask);
    } else {
        act.sa_handler = guest_handler == RV_SIG_IGN ? SIG_IGN : SIG_DFL;
        if (!ours && act.sa_handler == old.sa_handler)
            return;
    }
    (void)sigaction(hsig, &act, NULL);
}

static void *no_work(void *arg)
{
    return arg;
}

/* glibc installs its own SIGSETXID handler (and SIGCANCEL's, in older versions) the first time
 * a process creates a thread (late_init in nptl/pthread_create.c), which would silently replace
 * the ones host_apply_internal sets for the guest when the guest's first thread starts. One
 * throwaway thread before the guest runs gets that done first. Then the dispositions the runner
 * was started with (SIG_DFL, or SIG_IGN inherited across exec) are put back: until the guest
 * sets a handler, its 32 and 33 must act as the kernel's defaults, and glibc's handler would
 * swallow them (kill(child, 33) would leave the child running and its parent waiting for it). */
void rv_sig_host_init(void)
{
    struct host_ksigaction before[2];
    bool saved[2];
    for (int i = 0; i < 2; i++)
        saved[i] = host_sigaction(32 + i, NULL, &before[i]) == 0 &&
                   before[i].handler <= (uint64_t)SIG_IGN;
    pthread_t t;
    if (pthread_create(&t, NULL, no_work, NULL) == 0)
        pthread_join(t, NULL);
    for (int i = 0; i < 2; i++)
        if (saved[i])
            (void)host_sigaction(32 + i, &before[i], NULL);
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
void (*rv_sig_trace_hook)(const struct rv_siginfo *info);

static void trace_signal(const struct rv_siginfo *info)
{
    if (rv_sig_trace_hook)
        rv_sig_trace_hook(info);
}

/* An ignored or continuing signal's line, after the current call's (see sig_trace_later). */
static void trace_signal_later(const struct rv_siginfo *info)
{
    if (!rv_sig_trace_hook)
        return;
    if (!sig_cpu) {
        trace_signal(info);
        return;
    }
    if (sig_trace_later)
        trace_signal(&sig_trace_later_info);  /* two in one call: the older goes first */
    sig_trace_later_info = *info;
    sig_trace_later = true;
    sig_cpu->signal_pending = 1;
}

static __attribute__((noreturn)) void die_by_signal(int sig, const struct rv_siginfo *info)
{
    struct rv_siginfo plain = { .signo = sig };
    note_death(info ? info : &plain);
    if (rv_sig_fatal_hook)
        rv_sig_fatal_hook(sig);
    rv_die_by_host_signal(rv_signal_to_host(sig));
}

/* The guest's own thread receives `sig` (with this siginfo) and it is not blocked: act on it
 * now if its action is a default one, else leave it pending for delivery. */
static void act_on_signal(int sig, const struct rv_siginfo *info)
{
    pthread_once(&sig_once, sig_init);
    pthread_mutex_lock(&sig_lock);
    struct rv_sigaction act = rv_sig_actions()[sig];
    pthread_mutex_unlock(&sig_lock);

    if (act.handler == RV_SIG_IGN) {
        trace_signal_later(info);  /* a traced process still reports it, as strace shows */
        return;
    }
    if (act.handler != RV_SIG_DFL) {
        record(sig, info, NULL);
        return;
    }
    switch (rv_signal_default_action(sig)) {
    case 'I':
    case 'K':
        trace_signal_later(info);
        return;
    case 'S': {
        trace_signal(info);
        int hsig = rv_signal_to_host(sig);
        struct host_ksigaction dfl = { .handler = (uint64_t)SIG_DFL };
        (void)host_sigaction(hsig, &dfl, NULL);
        (void)host_syscall3(SYS_tgkill, host_syscall0(SYS_getpid), host_syscall0(SYS_gettid),
                            hsig);
        return;
    }
    default:
        if (!sig_cpu) {  /* not running guest code (handler tests): at once */
            trace_signal(info);
            die_by_signal(sig, info);
        }
        sig_fatal = sig;
        sig_fatal_info = *info;
        sig_cpu->signal_pending = 1;
    }
}

long rv_sig_send_self(int sig, const struct rv_siginfo *info)
{
    if (sig == 0)
        return 0;
    if (sig == RV_SIGKILL)
        die_by_signal(sig, info);  /* no signal-delivery report for SIGKILL under strace either */
    /* A blocked signal is queued even when its action ignores it: the action may change
     * before it is unblocked (the kernel's sig_ignored says the same). */
    if (sig_mask & RV_SIGBIT(sig)) {
        record(sig, info, NULL);
        return 0;
    }
    act_on_signal(sig, info);
    return 0;
}

/* After the mask shrank: pending signals that are now unblocked take effect. */
static void recheck_pending(void)
{
    uint64_t ready = rv_sig_pending() & ~sig_mask;
    for (int sig = 1; ready && sig <= RV_NSIG; sig++) {
        if (!(ready & RV_SIGBIT(sig)))
            continue;
        ready &= ~RV_SIGBIT(sig);
        pthread_once(&sig_once, sig_init);
        pthread_mutex_lock(&sig_lock);
        bool has_handler = rv_sig_actions()[sig].handler > RV_SIG_IGN;
        pthread_mutex_unlock(&sig_lock);
        if (!has_handler) {
            struct rv_siginfo info;
            take_recorded(sig, &info);
            forget_recorded(sig);  /* every queued instance meets the same default action */
            act_on_signal(sig, &info);
        }
    }
    update_flag();
}

/* Changes the guest mask, mirrors it onto the host, and acts on what became unblocked. */
void rv_sig_set_blocked(uint64_t mask)
{
    sig_mask = mask & ~unblockable;
    rv_sig_sync_host_mask();
    recheck_pending();
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
    struct rv_sigaction old_act = rv_sig_actions()[sig];
    if (act_addr) {
        rv_sig_actions()[sig] = new_act;
        host_apply_disposition(sig, new_act.handler, new_act.flags);
        /* Setting an action that ignores a signal discards it if pending (POSIX). */
        if (action_ignores(sig, &new_act))
            forget_recorded(sig);
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

/* A guest sigset argument: 0 or -EFAULT; SIGKILL and SIGSTOP, which nothing blocks, left out. */
int rv_sig_set_from_guest(uint64_t *set, guest_addr addr)
{
    int r = copy_from_guest(set, addr, sizeof *set);
    if (r == 0)
        *set = rv_le64(*set) & ~unblockable;
    return r;
}

/* rt_sigprocmask(how, set, oset, sigsetsize) */
long sys_rt_sigprocmask(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr set_addr = a[1], oset_addr = a[2];
    if (a[3] != sizeof(uint64_t))
        return -EINVAL;
    pthread_once(&sig_once, sig_init);
    uint64_t old = sig_mask;
    if (set_addr) {
        uint64_t set;
        int r = rv_sig_set_from_guest(&set, set_addr);
        if (r < 0)
            return r;
        switch ((int)a[0]) {
        case RV_SIG_BLOCK:   set = old | set; break;
        case RV_SIG_UNBLOCK: set = old & ~set; break;
        case RV_SIG_SETMASK: break;
        default:             return -EINVAL;
        }
        sig_mask = set;
    }
    if (oset_addr) {
        uint64_t g = rv_le64(old);
        int r = copy_to_guest(oset_addr, &g, sizeof g);
        if (r < 0)
            return r;
    }
    if (set_addr)
        rv_sig_set_blocked(sig_mask);
    return 0;
}

/* rt_sigpending(set, sigsetsize): the pending signals that are blocked. */
long sys_rt_sigpending(struct rv_cpu *cpu, const uint64_t *a)
{
    if (a[1] > sizeof(uint64_t))
        return -EINVAL;
    /* Blocked signals with a host disposition wait in the host kernel. */
    uint64_t host_pending = 0;
    (void)host_syscall2(SYS_rt_sigpending, HOST_ARG(&host_pending), 8);
    uint64_t g = rv_le64((rv_sig_pending() | host_pending) & sig_mask);
    return copy_to_guest(a[0], &g, a[1]);
}

bool rv_sig_next(int *sig_out, struct rv_siginfo *info, struct rv_sigaction *act,
                 uint64_t *frame_mask)
{
    pthread_once(&sig_once, sig_init);
    for (;;) {
        if (sig_trace_later) {
            sig_trace_later = false;
            trace_signal(&sig_trace_later_info);
        }
        if (sig_fatal) {
            trace_signal(&sig_fatal_info);
            die_by_signal(sig_fatal, &sig_fatal_info);
        }
        uint64_t ready = rv_sig_pending() & ~sig_mask;
        if (!ready) {
            if (sig_saved_mask_valid) {
                sig_saved_mask_valid = false;
                rv_sig_set_blocked(sig_saved_mask);
            }
            update_flag();
            return false;
        }
        int sig = rv_sig_first_ready(ready);
        take_recorded(sig, info);

        pthread_mutex_lock(&sig_lock);
        *act = rv_sig_actions()[sig];
        if (act->handler > RV_SIG_IGN && (act->flags & RV_SA_RESETHAND)) {
            rv_sig_actions()[sig] = (struct rv_sigaction){ 0 };
            host_apply_disposition(sig, RV_SIG_DFL, 0);
        }
        pthread_mutex_unlock(&sig_lock);
        if (act->handler <= RV_SIG_IGN) {
            act_on_signal(sig, info);  /* the action changed since it was recorded */
            continue;
        }
        *sig_out = sig;
        *frame_mask = sig_saved_mask_valid ? sig_saved_mask : sig_mask;
        sig_saved_mask_valid = false;
        update_flag();
        trace_signal(info);
        return true;
    }
}

bool rv_sig_take_fault(int sig, int code, guest_addr addr)
{
    if (sig < 1 || sig > RV_NSIG)
        return false;
    struct rv_siginfo info = { .signo = sig, .code = code };
    info.u.fault.addr = addr;
    /* Blocked synchronous faults kill, as force_sig_fault does; so do ignored ones. */
    if ((sig_mask & RV_SIGBIT(sig)) || rv_sig_action(sig).handler <= RV_SIG_IGN) {
        trace_signal(&info);  /* the caller dies by sig next */
        note_death(&info);
        if (rv_sig_fatal_hook)
            rv_sig_fatal_hook(sig);
        return false;
    }
    record(sig, &info, NULL);
    return true;
}

void rv_sig_keep_mask_for_handler(uint64_t wait_mask)
{
    if (!sig_saved_mask_valid) {
        sig_saved_mask = sig_mask;
        sig_saved_mask_valid = true;
    }
    rv_sig_set_blocked(wait_mask);
}

void rv_sig_host_block_all(void)
{
    pthread_once(&sig_once, sig_init);
    host_set_mask(~host_never_blocked);
}

uint64_t rv_sig_host_mask_for(uint64_t guest_mask)
{
    return host_mask_of(guest_mask);
}

void rv_sig_take(int sig, struct rv_siginfo *info)
{
    take_recorded(sig, info);
    update_flag();
}

void rv_sig_masked_wait_done(uint64_t guest_mask)
{
    guest_mask &= ~unblockable;
    if (rv_sig_pending() & ~guest_mask)
        rv_sig_keep_mask_for_handler(guest_mask);
}

void rv_sig_fork_prepare(void)
{
    pthread_once(&sig_once, sig_init);
    pthread_mutex_lock(&sig_lock);
}

void rv_sig_fork_parent(void)
{
    pthread_mutex_unlock(&sig_lock);
}

void rv_sig_after_fork(void)
{
    pthread_mutex_init(&sig_lock, NULL);  /* held by the forking thread, under another tid here */
    __atomic_store_n(&sig_pending, 0, __ATOMIC_RELAXED);
    for (int sig = 1; sig <= RV_NSIG; sig++)
        sig_info[sig].signo = 0;
    rv_rtq_clear();
    timer_held = 0;
    rv_sig_sync_host_mask();  /* without any real-time signals the parent's queue held */
    update_flag();
}

/* clone3's CLONE_CLEAR_SIGHAND, in the new child: as the kernel's flush_signal_handlers(p, 0),
 * every action goes back to SIG_DFL except SIG_IGN, which stays, and all flags and masks are
 * cleared. glibc's posix_spawn asks for it so its child never runs a handler of the parent's.
 * No sig_lock: the child has a single thread. */
void rv_sig_clear_handlers(void)
{
    pthread_once(&sig_once, sig_init);
    for (int sig = 1; sig <= RV_NSIG; sig++) {
        struct rv_sigaction *act = &rv_sig_actions()[sig];
        *act = (struct rv_sigaction){ .handler = act->handler == RV_SIG_IGN ? RV_SIG_IGN
                                                                            : RV_SIG_DFL };
        host_apply_disposition(sig, act->handler, 0);
    }
}

void rv_sig_force_sigsegv(void)
{
    pthread_once(&sig_once, sig_init);
    pthread_mutex_lock(&sig_lock);
    rv_sig_actions()[RV_SIGSEGV] = (struct rv_sigaction){ 0 };
    host_apply_disposition(RV_SIGSEGV, RV_SIG_DFL, 0);
    pthread_mutex_unlock(&sig_lock);
    sig_mask &= ~RV_SIGBIT(RV_SIGSEGV);
    /* now a default action: traced, then fatal */
    (void)rv_sig_take_fault(RV_SIGSEGV, RV_SI_KERNEL, 0);
    rv_die_by_host_signal(SIGSEGV);
}

struct rv_sigaction *rv_sig_copy_actions(void)
{
    pthread_once(&sig_once, sig_init);
    struct rv_sigaction *copy = malloc((RV_NSIG + 1) * sizeof *copy);
    pthread_mutex_lock(&sig_lock);
    if (copy)
        memcpy(copy, rv_sig_actions(), (RV_NSIG + 1) * sizeof *copy);
    pthread_mutex_unlock(&sig_lock);
    return copy;
}
