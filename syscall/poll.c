/*
 * syscall/poll.c - waiting for descriptors: ppoll and pselect6 (riscv64 has neither poll nor
 * select: the generic table keeps only these), and the sigmask/timeout helpers of poll.h.
 *
 * struct pollfd and fd_set have the same layout on riscv64 and x86-64 (abi/poll.h asserts it).
 * ppoll hands the host kernel the guest's pollfd array itself, after guest_check has confirmed
 * the whole array is guest memory it may read and write (revents), so a thousand-descriptor
 * poll costs no copies. pselect6 copies the fd_sets in and out, since the kernel reads only
 * the words that cover nfds and the host call needs them in one piece.
 * Both calls write the time left back into the guest's timespec, as the kernel does for the
 * raw syscalls (glibc hides it from callers of ppoll/pselect); a write-back that faults is
 * ignored, as fs/select.c's poll_select_finish ignores it.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>

#include "abi/poll.h"
#include "abi/signal.h"
#include "abi/time.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/poll.h"
#include "syscall/timespec.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

_Static_assert(RV_POLLIN == POLLIN && RV_POLLOUT == POLLOUT && RV_POLLERR == POLLERR &&
               RV_POLLHUP == POLLHUP && RV_POLLNVAL == POLLNVAL && RV_POLLPRI == POLLPRI &&
               RV_POLLRDHUP == POLLRDHUP, "poll bits differ between guest and host");
_Static_assert(sizeof(struct pollfd) == sizeof(struct rv_pollfd), "host pollfd differs");
_Static_assert(offsetof(struct pollfd, revents) == offsetof(struct rv_pollfd, revents),
               "host pollfd.revents differs");
_Static_assert(sizeof(fd_set) * 8 == RV_FD_SETSIZE, "host fd_set is not 1024 bits");
_Static_assert(sizeof(long) * 8 == RV_NFDBITS, "host fd_set words differ");

/* --- helpers of poll.h ----------------------------------------------------------------------- */

uint64_t rv_call_sigmask_to_host(uint64_t guest_set)
{
    uint64_t host = 0;
    for (int sig = 1; sig <= RV_NSIG; sig++) {
        int hsig = rv_signal_to_host(sig);
        if ((guest_set & RV_SIGBIT(sig)) && hsig > 0)
            host |= UINT64_C(1) << (hsig - 1);
    }
    /* The runner's fault handlers and the host glibc's cancellation/setxid signals must keep
     * working during the wait; SIGKILL and SIGSTOP the kernel would drop anyway. */
    static const int reserved[] = { SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, 32, 33 };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        host &= ~(UINT64_C(1) << (reserved[i] - 1));
    return host;
}

long rv_call_sigmask_from_guest(struct rv_call_sigmask *m, guest_addr set, uint64_t size)
{
    m->present = false;
    m->guest = 0;
    m->host = 0;
    if (!set)
        return 0;
    if (size != sizeof(uint64_t))
        return -EINVAL;
    uint64_t g;
    int r = copy_from_guest(&g, set, sizeof g);
    if (r < 0)
        return r;
    m->present = true;
    m->guest = rv_le64(g);
    m->host = rv_call_sigmask_to_host(m->guest);
    return 0;
}

long rv_call_sigmask_done(const struct rv_call_sigmask *m, long result)
{
    if (m->present && result == -EINTR)
        rv_sig_masked_wait_done(m->guest);
    return result;
}

/* A wait's optional timeout (tsp 0: none): the value to hand the host in ts, and a copy in
 * orig for timeout_write_back. */
static long timeout_from_guest(struct timespec *ts, struct timespec *orig, guest_addr tsp)
{
    *ts = *orig = (struct timespec){ 0, 0 };
    if (!tsp)
        return 0;
    long r = timespec_from_guest(ts, tsp);
    if (r == 0)
        *orig = *ts;
    return r;
}

/* After a wait with a timeout: the time left goes back to the guest unless the timeout was
 * zero (the kernel leaves a zero timeout alone); a fault is ignored. */
static void timeout_write_back(guest_addr addr, const struct timespec *orig, const struct timespec *left)
{
    if (!addr || (orig->tv_sec == 0 && orig->tv_nsec == 0))
        return;
    (void)!timespec_to_guest(addr, left);
}

/* --- ppoll ----------------------------------------------------------------------------------- */

/* ppoll(fds, nfds, tsp, sigmask, sigsetsize) */
long sys_ppoll(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr fds = a[0], tsp = a[2];
    unsigned int nfds = (unsigned int)a[1];
    struct timespec ts, orig;
    long r = timeout_from_guest(&ts, &orig, tsp);
    if (r < 0)
        return r;
    struct rv_call_sigmask mask;
    r = rv_call_sigmask_from_guest(&mask, a[3], a[4]);
    if (r < 0)
        return r;
    /* nfds is at most RLIMIT_NOFILE (-EINVAL from the kernel), so the array is at most a few
     * MiB; a nfds over the limit must stay -EINVAL even when the array is not mapped. */
    r = guest_check(fds, (size_t)nfds * sizeof(struct rv_pollfd), PROT_READ | PROT_WRITE);
    if (r < 0) {
        struct rlimit rl;
        if (host_syscall4(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, HOST_ARG(&rl)) == 0 &&
            nfds > rl.rlim_cur)
            return -EINVAL;
        return r;
    }
    r = safe_syscall5(SYS_ppoll, HOST_ARG(g2h(fds)), nfds, tsp ? HOST_ARG(&ts) : 0,
                      rv_call_sigmask_arg(&mask), sizeof(uint64_t));
    timeout_write_back(tsp, &orig, &ts);
    return rv_call_sigmask_done(&mask, r);
}

/* --- pselect6 -------------------------------------------------------------------------------- */

/* The kernel clamps nfds to its descriptor table size; the largest table a default system
 * allows (fs.nr_open) bounds the sets copied here, 128 KiB each. The table size itself is not
 * visible to the runner, so a guest that passes an nfds far above its descriptors with sets
 * smaller than nfds bits gets -EFAULT, where the kernel would read only its table's worth. */
#define SELECT_NFDS_CAP (1 << 20)

/* pselect6(nfds, readfds, writefds, exceptfds, tsp, sigmask_pack) */
long sys_pselect6(struct rv_cpu *cpu, const uint64_t *a)
{
    int nfds = (int)a[0];
    guest_addr tsp = a[4], pack_addr = a[5];
    struct timespec ts, orig;
    long r = timeout_from_guest(&ts, &orig, tsp);
    if (r < 0)
        return r;
    struct rv_call_sigmask mask = { 0 };
    if (pack_addr) {
        struct rv_sigset_argpack pack;
        r = copy_from_guest(&pack, pack_addr, sizeof pack);
        if (r < 0)
            return r;
        r = rv_call_sigmask_from_guest(&mask, rv_le64(pack.ss), rv_le64(pack.ss_len));
        if (r < 0)
            return r;
    }
    if (nfds < 0)
        return -EINVAL;
    if (nfds > SELECT_NFDS_CAP)
        nfds = SELECT_NFDS_CAP;

    /* One buffer for the three sets; small selects (the usual <= 1024 bits) stay on the stack. */
    size_t bytes = (size_t)rv_fds_bytes((uint64_t)nfds);
    uint64_t small[3 * RV_FD_SETSIZE / 64];
    uint8_t *buf = bytes * 3 <= sizeof small ? (uint8_t *)small : malloc(bytes * 3);
    if (!buf)
        return -ENOMEM;
    uint8_t *sets[3];
    for (int i = 0; i < 3; i++) {
        sets[i] = a[1 + i] ? buf + bytes * (size_t)i : NULL;
        if (sets[i] && (r = copy_from_guest(sets[i], a[1 + i], bytes)) < 0)
            goto out;
    }
    struct { const uint64_t *ss; uint64_t len; } host_pack = {
        mask.present ? &mask.host : NULL, sizeof(uint64_t),
    };
    r = safe_syscall6(SYS_pselect6, nfds, HOST_ARG(sets[0]), HOST_ARG(sets[1]), HOST_ARG(sets[2]),
                      tsp ? HOST_ARG(&ts) : 0, pack_addr ? HOST_ARG(&host_pack) : 0);
    timeout_write_back(tsp, &orig, &ts);
    r = rv_call_sigmask_done(&mask, r);
    if (r < 0)
        goto out;
    for (int i = 0; i < 3; i++) {
        if (sets[i] && copy_to_guest(a[1 + i], sets[i], bytes) < 0) {
            r = -EFAULT;
            break;
        }
    }
out:
    if (buf != (uint8_t *)small)
        free(buf);
    return r;
}
