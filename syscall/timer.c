/*
 * syscall/timer.c - POSIX per-process timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete.
 *
 * The timers are the host kernel's, owned by the crossrun process that is the guest process, so
 * the kernel's own rules hold unchanged: not inherited by fork, deleted by execve (crossrun's
 * re-exec is a real execve), SIGEV_THREAD_ID naming a guest thread by its tid (a host tid).
 * Expiry signals arrive at the host and reach the guest through the signal layer with the
 * kernel's siginfo (si_code SI_TIMER, si_timerid, si_overrun, si_value), as for any host
 * signal. The layouts are asm-generic's on both sides: struct sigevent 64 bytes (sigev_value,
 * signo, notify, then the tid or padding), struct itimerspec two 16-byte timespecs, ids ints.
 *
 * Refused with EINVAL and a warning: timers that would fire SIGSEGV or SIGBUS, the runner's
 * fault signals (syscall/signal/signal.h). glibc's SIGEV_THREAD timers work: their helper thread
 * waits for signal 32 with sigwaitinfo, and 32 is the guest's own on the host.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "abi/sigevent.h"
#include "abi/signal.h"
#include "abi/time.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "syscall/timespec.h"
#include "mem/uaccess.h"

long sys_timer_create(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_sigevent ev;
    if (a[1]) {
        int r = copy_from_guest(&ev, a[1], sizeof ev);
        if (r < 0)
            return r;
        if ((ev.notify & ~RV_SIGEV_THREAD_ID) != RV_SIGEV_NONE &&
            (r = rv_sig_event_to_host(&ev, "timer_create")) < 0)
            return r;
    }
    int id;
    long r = host_syscall3(SYS_timer_create, (int)a[0], a[1] ? HOST_ARG(&ev) : 0, HOST_ARG(&id));
    if (r < 0)
        return r;
    int32_t g = (int32_t)rv_le32((uint32_t)id);
    int c = copy_to_guest(a[2], &g, sizeof g);
    if (c < 0) {
        host_syscall1(SYS_timer_delete, id);   /* the guest cannot learn its id: don't leak it */
        return c;
    }
    return 0;
}

static int itimerspec_from_guest(struct itimerspec *h, guest_addr addr)
{
    int r = timespec_from_guest(&h->it_interval, addr);
    return r < 0 ? r : timespec_from_guest(&h->it_value, addr + sizeof(struct rv_timespec));
}

static int itimerspec_to_guest(guest_addr addr, const struct itimerspec *h)
{
    int r = timespec_to_guest(addr, &h->it_interval);
    return r < 0 ? r : timespec_to_guest(addr + sizeof(struct rv_timespec), &h->it_value);
}

long sys_timer_settime(struct rv_cpu *cpu, const uint64_t *a)
{
    struct itimerspec new, old;
    if (!a[2])
        return -EINVAL;  /* the kernel's first check, before the timer's */
    int r = itimerspec_from_guest(&new, a[2]);
    if (r < 0)
        return r;
    long res = host_syscall4(SYS_timer_settime, (int)a[0], (int)a[1], HOST_ARG(&new),
                             a[3] ? HOST_ARG(&old) : 0);
    if (res == 0)
        rv_sig_forget_timer((int32_t)a[0]);
    if (res < 0 || !a[3])
        return res;
    r = itimerspec_to_guest(a[3], &old);
    return r < 0 ? r : res;
}

long sys_timer_gettime(struct rv_cpu *cpu, const uint64_t *a)
{
    struct itimerspec cur;
    long res = host_syscall2(SYS_timer_gettime, (int)a[0], HOST_ARG(&cur));
    if (res < 0)
        return res;
    int r = itimerspec_to_guest(a[1], &cur);
    return r < 0 ? r : res;
}

long sys_timer_getoverrun(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_timer_getoverrun, (int)a[0]);
}

long sys_timer_delete(struct rv_cpu *cpu, const uint64_t *a)
{
    long res = host_syscall1(SYS_timer_delete, (int)a[0]);
    if (res == 0)
        rv_sig_forget_timer((int32_t)a[0]);
    return res;
}
