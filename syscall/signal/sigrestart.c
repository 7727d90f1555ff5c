/*
 * syscall/signal/sigrestart.c - whether a system call that a guest signal interrupted starts
 * again after the handler, as the kernel's -ERESTARTSYS calls do under SA_RESTART.
 *
 * The host kernel answers EINTR for them all (the runner's host handler has no SA_RESTART), so
 * the list below is the kernel's: the calls that return -ERESTARTSYS when a signal interrupts
 * them (signal(7)'s list, and the pipe waits of splice and its kin). Not distinguished: a
 * socket with a timeout (SO_RCVTIMEO, SO_SNDTIMEO), which the kernel never restarts, and
 * futex's FUTEX_WAIT without a timeout, which it does (callers retry on EINTR anyway).
 */
#include "abi/syscall_nr.h"
#include "syscall/signal/sigstate.h"

bool rv_sig_restartable(long nr)
{
    uint64_t ready = rv_sig_pending() & ~rv_sig_blocked();
    if (!ready)
        return false;
    switch (nr) {
    case RV_NR_read: case RV_NR_write: case RV_NR_readv: case RV_NR_writev:
    case RV_NR_pread64: case RV_NR_pwrite64: case RV_NR_preadv: case RV_NR_pwritev:
    case RV_NR_wait4: case RV_NR_waitid: case RV_NR_openat: case RV_NR_ioctl:
    case RV_NR_fcntl: case RV_NR_flock: case RV_NR_accept: case RV_NR_accept4:
    case RV_NR_recvfrom: case RV_NR_sendto: case RV_NR_recvmsg: case RV_NR_sendmsg:
    case RV_NR_preadv2: case RV_NR_pwritev2: case RV_NR_openat2: case RV_NR_connect:
    case RV_NR_recvmmsg: case RV_NR_sendmmsg: case RV_NR_getrandom:
    case RV_NR_mq_timedsend: case RV_NR_mq_timedreceive:
    /* waiting on a pipe (fs/splice.c): Go's net package splices socket to socket through a
     * pipe and takes EINTR from its pipe-to-socket half for an error */
    case RV_NR_splice: case RV_NR_tee: case RV_NR_vmsplice: case RV_NR_sendfile:
        break;
    default:
        return false;  /* the kernel's -ERESTARTNOHAND calls: EINTR when a handler runs */
    }
    return (rv_sig_action(rv_sig_first_ready(ready)).flags & RV_SA_RESTART) != 0;
}
