/*
 * syscall/signal/sigsend.c - signals the guest sends: kill, tkill, tgkill, rt_sigqueueinfo and
 * rt_tgsigqueueinfo, and the signal a guest sigevent asks the host kernel to send later
 * (timer_create, mq_notify).
 *
 * A signal to another process or thread simply goes to the host kernel (host numbers equal
 * guest ones). A signal to the calling thread itself goes through the host kernel too when the
 * guest has a handler for it or blocks it (forward_to_host), so its siginfo is the kernel's;
 * otherwise syscall/signal/sigstate.c acts on it at once (rv_sig_send_self).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "abi/sigevent.h"
#include "abi/signal.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/signal/signal.h"
#include "syscall/signal/sigstate.h"
#include "syscall/syscall.h"

/* The siginfo kill() (SI_USER) or tkill()/tgkill() (SI_TKILL) give a signal to self. */
static struct rv_siginfo self_info(int sig, int code)
{
    struct rv_siginfo info = { .signo = sig, .code = code };
    info.u.kill.pid = (int32_t)host_syscall0(SYS_getpid);
    info.u.kill.uid = (uint32_t)host_syscall0(SYS_getuid);
    return info;
}

static long host_pid(void) { return host_syscall0(SYS_getpid); }

/* A signal to self goes through the host kernel when the guest has a handler for it or
 * blocks it: the kernel fills in the siginfo and keeps it pending while blocked (the guest's
 * mask is the host thread's), so signalfd, sigtimedwait and sigpending see it as the guest's
 * own kernel would show it, and on unblocking the host disposition (which mirrors the guest's
 * SIG_DFL/SIG_IGN, or host_record_handler for a guest handler) acts on it. */
static bool forward_to_host(int sig)
{
    return sig != 0 && rv_sig_host_handles(sig) &&
           (rv_sig_action(sig).handler > RV_SIG_IGN || (rv_sig_blocked() & RV_SIGBIT(sig)));
}

static long host_tid(void) { return host_syscall0(SYS_gettid); }

/* kill(pid, sig). Self: see forward_to_host. Any other pid, including 0 and -1 (groups that
 * contain the runner too), goes to the host kernel, where the runner's own dispositions
 * mirror the guest's ignored signals. */
long sys_kill(struct rv_cpu *cpu, const uint64_t *a)
{
    int pid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > RV_NSIG)
        return -EINVAL;
    rv_sig_init_once();
    if (pid == host_pid()) {
        if (forward_to_host(sig))
            return host_syscall2(SYS_kill, pid, sig);
        struct rv_siginfo info = self_info(sig, RV_SI_USER);
        return rv_sig_send_self(sig, &info);
    }
    return host_syscall2(SYS_kill, pid, sig ? rv_signal_to_host(sig) : 0);
}

long sys_tgkill(struct rv_cpu *cpu, const uint64_t *a)
{
    int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > RV_NSIG)
        return -EINVAL;
    rv_sig_init_once();
    if (tgid == host_pid() && tid == host_tid()) {
        if (forward_to_host(sig))
            return host_syscall3(SYS_tgkill, tgid, tid, sig);
        struct rv_siginfo info = self_info(sig, RV_SI_TKILL);
        return rv_sig_send_self(sig, &info);
    }
    return host_syscall3(SYS_tgkill, tgid, tid, sig ? rv_signal_to_host(sig) : 0);
}

long sys_tkill(struct rv_cpu *cpu, const uint64_t *a)
{
    int tid = (int)a[0], sig = (int)a[1];
    if (tid <= 0 || sig < 0 || sig > RV_NSIG)
        return -EINVAL;
    rv_sig_init_once();
    if (tid == host_tid()) {
        if (forward_to_host(sig))
            return host_syscall2(SYS_tkill, tid, sig);
        struct rv_siginfo info = self_info(sig, RV_SI_TKILL);
        return rv_sig_send_self(sig, &info);
    }
    return host_syscall2(SYS_tkill, tid, sig ? rv_signal_to_host(sig) : 0);
}

/* rt_sigqueueinfo(tgid, sig, info) and rt_tgsigqueueinfo(tgid, tid, sig, info): the guest
 * siginfo has the host's layout, so it goes to the host kernel as it is (which also applies
 * the rule that si_code must be negative for other processes). */
static long queueinfo(long tgid, long tid, int sig, guest_addr info_addr)
{
    struct rv_siginfo info;
    if (sig < 0 || sig > RV_NSIG)
        return -EINVAL;
    int r = copy_from_guest(&info, info_addr, sizeof info);
    if (r < 0)
        return r;
    rv_sig_init_once();
    bool self = tgid == host_pid() && (tid < 0 || tid == host_tid());
    if (self && !forward_to_host(sig)) {
        info.signo = sig;
        return rv_sig_send_self(sig, &info);
    }
    if (tid < 0)
        return host_syscall3(SYS_rt_sigqueueinfo, tgid, sig, HOST_ARG(&info));
    return host_syscall4(SYS_rt_tgsigqueueinfo, tgid, tid, sig, HOST_ARG(&info));
}

long sys_rt_sigqueueinfo(struct rv_cpu *cpu, const uint64_t *a)
{
    return queueinfo((int)a[0], -1, (int)a[1], a[2]);
}

long sys_rt_tgsigqueueinfo(struct rv_cpu *cpu, const uint64_t *a)
{
    if ((int)a[0] <= 0 || (int)a[1] <= 0)
        return -EINVAL;
    return queueinfo((int)a[0], (int)a[1], (int)a[2], a[3]);
}

_Static_assert(sizeof(struct sigevent) == sizeof(struct rv_sigevent), "host sigevent differs");

int rv_sig_event_to_host(struct rv_sigevent *ev, const char *call)
{
    if (ev->signo == RV_SIGSEGV || ev->signo == RV_SIGBUS) {
        fprintf(stderr, "crossrun: %s with signal %d is not supported: the runner keeps it for "
                "its own faults\n", call, ev->signo);
        return -EINVAL;
    }
    int hsig = rv_signal_to_host(ev->signo);
    if (hsig > 0)
        ev->signo = hsig;
    return 0;
}
