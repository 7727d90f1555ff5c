/*
 * syscall/signal/sigrestart.c - whether a system call that a guest signal interrupted starts
 * again after the handler, as the kernel's -ERESTARTSYS calls do under SA_RESTART.
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
        break;
    default:
        return false;  /* the kernel's -ERESTARTNOHAND calls: EINTR when a handler runs */
    }
    return (rv_sig_action(rv_sig_first_ready(ready)).flags & RV_SA_RESTART) != 0;
}
