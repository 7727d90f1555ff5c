/*
 * syscall/mqueue.c - POSIX message queues: mq_open, mq_unlink, mq_timedsend, mq_timedreceive,
 * mq_notify, mq_getsetattr.
 *
 * Queues are host kernel objects named in the mqueue file system (not paths: no sysroot
 * lookup), and their descriptors are host fds like the guest's others. The layouts are the
 * same on riscv64 and x86-64: struct mq_attr is eight longs, O_* flags are equal (abi/fcntl.h),
 * the timeouts are absolute struct timespecs, struct sigevent is asm-generic's. Message buffers
 * are checked to be guest memory and then read or filled by the kernel directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <time.h>

#include "abi/mqueue.h"
#include "abi/sigevent.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "syscall/timespec.h"
#include "mem/uaccess.h"


/* The queue's name: the kernel's getname() limits (PATH_MAX, -ENAMETOOLONG). */
static long mq_name(char name[PATH_MAX], guest_addr addr)
{
    long r = string_from_guest(name, addr, PATH_MAX);
    return r < 0 ? r : 0;
}

long sys_mq_open(struct rv_cpu *cpu, const uint64_t *a)
{
    char name[PATH_MAX];
    long r = mq_name(name, a[0]);
    if (r < 0)
        return r;
    struct rv_mq_attr attr;
    /* the kernel reads attr only with O_CREAT */
    if (a[3] && (a[1] & O_CREAT) && (r = copy_from_guest(&attr, a[3], sizeof attr)) < 0)
        return r;
    return host_syscall4(SYS_mq_open, HOST_ARG(name), (int)a[1], (long)(uint32_t)a[2],
                         a[3] && (a[1] & O_CREAT) ? HOST_ARG(&attr) : 0);
}

long sys_mq_unlink(struct rv_cpu *cpu, const uint64_t *a)
{
    char name[PATH_MAX];
    long r = mq_name(name, a[0]);
    return r < 0 ? r : host_syscall1(SYS_mq_unlink, HOST_ARG(name));
}

/* The optional absolute timeout of mq_timedsend/mq_timedreceive. */
static long mq_timeout(struct timespec *ts, guest_addr addr, long *host_arg)
{
    *host_arg = 0;
    if (!addr)
        return 0;
    int r = timespec_from_guest(ts, addr);
    if (r < 0)
        return r;
    *host_arg = HOST_ARG(ts);
    return 0;
}

long sys_mq_timedsend(struct rv_cpu *cpu, const uint64_t *a)
{
    if (guest_check(a[1], a[2], PROT_READ) < 0)
        return -EFAULT;
    struct timespec ts;
    long tsarg, r = mq_timeout(&ts, a[4], &tsarg);
    if (r < 0)
        return r;
    return safe_syscall5(SYS_mq_timedsend, (int)a[0], (long)a[1], (long)a[2],
                         (long)(uint32_t)a[3], tsarg);
}

long sys_mq_timedreceive(struct rv_cpu *cpu, const uint64_t *a)
{
    if (guest_check(a[1], a[2], PROT_WRITE) < 0)
        return -EFAULT;
    if (a[3] && guest_check(a[3], sizeof(uint32_t), PROT_WRITE) < 0)
        return -EFAULT;
    struct timespec ts;
    long tsarg, r = mq_timeout(&ts, a[4], &tsarg);
    if (r < 0)
        return r;
    return safe_syscall5(SYS_mq_timedreceive, (int)a[0], (long)a[1], (long)a[2], (long)a[3],
                         tsarg);
}

/* mq_notify(mqdes, sevp): SIGEV_SIGNAL as for timers (the signal must be one the runner can
 * deliver); SIGEV_THREAD as glibc uses it: sigev_signo is a netlink socket and sigev_value
 * points to the 32-byte cookie the kernel reads (NOTIFY_COOKIE_LEN). */
long sys_mq_notify(struct rv_cpu *cpu, const uint64_t *a)
{
    if (!a[1])
        return host_syscall2(SYS_mq_notify, (int)a[0], 0);
    struct rv_sigevent ev;
    int r = copy_from_guest(&ev, a[1], sizeof ev);
    if (r < 0)
        return r;
    if (ev.notify == RV_SIGEV_SIGNAL) {
        if ((r = rv_sig_event_to_host(&ev, "mq_notify")) < 0)
            return r;
    } else if (ev.notify == RV_SIGEV_THREAD &&
               guest_check(ev.value, RV_NOTIFY_COOKIE_LEN, PROT_READ) < 0) {
        return -EFAULT;
    }
    return host_syscall2(SYS_mq_notify, (int)a[0], HOST_ARG(&ev));
}

long sys_mq_getsetattr(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_mq_attr new, old;
    int r;
    if (a[1] && (r = copy_from_guest(&new, a[1], sizeof new)) < 0)
        return r;
    long res = host_syscall3(SYS_mq_getsetattr, (int)a[0], a[1] ? HOST_ARG(&new) : 0,
                             a[2] ? HOST_ARG(&old) : 0);
    if (res < 0 || !a[2])
        return res;
    r = copy_to_guest(a[2], &old, sizeof old);
    return r < 0 ? r : res;
}
