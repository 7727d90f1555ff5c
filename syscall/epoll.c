/*
 * syscall/epoll.c - epoll: epoll_create1, epoll_ctl, epoll_pwait, epoll_pwait2.
 *
 * The one difference that matters (abi/epoll.h): the guest's struct epoll_event is 16 bytes
 * with data at offset 8, the x86-64 host's is packed, 12 bytes with data at 4. epoll_ctl
 * converts the one event it is given; the waits harvest into a host array on the runner's
 * stack and convert what the host returns into the guest's array. The host is asked for at
 * most EPOLL_BATCH events per call even when the guest allows more: epoll returns "up to
 * maxevents" and leaves the events it did not hand out ready for the next wait, so a smaller
 * batch is invisible to the guest except as a shorter result.
 * The data word is the guest's own 64-bit cookie and passes through unchanged both ways.
 */
#include <errno.h>
#include <sys/epoll.h>
#include <sys/mman.h>

#include "abi/epoll.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/poll.h"
#include "syscall/timespec.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

_Static_assert(RV_EPOLLIN == EPOLLIN && RV_EPOLLOUT == EPOLLOUT && RV_EPOLLERR == EPOLLERR &&
               RV_EPOLLHUP == EPOLLHUP && RV_EPOLLRDHUP == EPOLLRDHUP && RV_EPOLLPRI == EPOLLPRI &&
               RV_EPOLLET == (uint32_t)EPOLLET && RV_EPOLLONESHOT == EPOLLONESHOT &&
               RV_EPOLLEXCLUSIVE == EPOLLEXCLUSIVE && RV_EPOLLWAKEUP == EPOLLWAKEUP,
               "epoll event bits differ between guest and host");
_Static_assert(RV_EPOLL_CTL_ADD == EPOLL_CTL_ADD && RV_EPOLL_CTL_DEL == EPOLL_CTL_DEL &&
               RV_EPOLL_CTL_MOD == EPOLL_CTL_MOD && RV_EPOLL_CLOEXEC == EPOLL_CLOEXEC,
               "epoll constants differ between guest and host");

#define EPOLL_BATCH 256

#define ARG_INT(i) ((long)(int)a[i])

long sys_epoll_create1(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_epoll_create1, ARG_INT(0));
}

/* epoll_ctl(epfd, op, fd, event): EPOLL_CTL_DEL reads no event (the pointer may be NULL). */
long sys_epoll_ctl(struct rv_cpu *cpu, const uint64_t *a)
{
    int op = (int)a[1];
    struct epoll_event h;
    struct epoll_event *hp = NULL;
    if (op != RV_EPOLL_CTL_DEL) {
        struct rv_epoll_event g;
        int r = copy_from_guest(&g, a[3], sizeof g);
        if (r < 0)
            return r;
        rv_epoll_event_to_host(&h, &g);
        hp = &h;
    }
    return host_syscall4(SYS_epoll_ctl, ARG_INT(0), op, ARG_INT(2), HOST_ARG(hp));
}

/* The common body of the two waits: checks maxevents and the guest array as fs/eventpoll.c
 * does (-EINVAL, -EFAULT), waits through host_nr with `timeout` (milliseconds for epoll_pwait,
 * a host timespec pointer for epoll_pwait2), and converts the harvested events. */
static long epoll_wait_common(long host_nr, const uint64_t *a, long timeout)
{
    int maxevents = (int)a[2];
    guest_addr events = a[1];
    struct rv_call_sigmask mask;
    long r = rv_call_sigmask_from_guest(&mask, a[4], a[5]);
    if (r < 0)
        return r;
    if (maxevents <= 0 || maxevents > RV_EP_MAX_EVENTS)
        return -EINVAL;
    r = guest_check(events, (size_t)maxevents * sizeof(struct rv_epoll_event), PROT_WRITE);
    if (r < 0)
        return r;
    struct epoll_event h[EPOLL_BATCH];
    int n = maxevents < EPOLL_BATCH ? maxevents : EPOLL_BATCH;
    r = safe_syscall6(host_nr, ARG_INT(0), HOST_ARG(h), n, timeout, rv_call_sigmask_arg(&mask),
                      sizeof(uint64_t));
    r = rv_call_sigmask_done(&mask, r);
    if (r <= 0)
        return r;
    struct rv_epoll_event g[EPOLL_BATCH];
    for (long i = 0; i < r; i++)
        rv_epoll_event_to_guest(&g[i], &h[i]);
    int e = copy_to_guest(events, g, (size_t)r * sizeof g[0]);
    return e < 0 ? e : r;
}

/* epoll_pwait(epfd, events, maxevents, timeout_ms, sigmask, sigsetsize) */
long sys_epoll_pwait(struct rv_cpu *cpu, const uint64_t *a)
{
    return epoll_wait_common(SYS_epoll_pwait, a, ARG_INT(3));
}

/* epoll_pwait2(epfd, events, maxevents, timeout_ts, sigmask, sigsetsize): NULL waits forever. */
long sys_epoll_pwait2(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    if (a[3]) {
        int r = timespec_from_guest(&ts, a[3]);
        if (r < 0)
            return r;
    }
    return epoll_wait_common(SYS_epoll_pwait2, a, a[3] ? HOST_ARG(&ts) : 0);
}
