/*
 * syscall/pidfd.c - process handles and namespaces: pidfd_open, pidfd_getfd, pidfd_send_signal,
 * kcmp, unshare, setns.
 *
 * Guest pids, fds and signal numbers are the host's (each guest process is one crossrun
 * process, each guest thread a host thread), and PIDFD_NONBLOCK is O_NONBLOCK on both sides,
 * so these go to the host kernel as they are. The one exception is a signal the guest sends
 * to its own process through a pidfd: like kill(getpid(), sig) it must go through the signal
 * layer (syscall/signal/sigstate.c), which is why pidfd_send_signal first asks which process the
 * pidfd names.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi/signal.h"
#include "abi/ucontext.h"
#include "mem/host.h"
#include "syscall/pidfd.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

long sys_pidfd_open(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_pidfd_open, (int)a[0], (unsigned)a[1]);
}

long sys_pidfd_getfd(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall3(SYS_pidfd_getfd, (int)a[0], (int)a[1], (unsigned)a[2]);
}

/* The pid of a /proc/PID directory fd, which pidfd_send_signal takes as a pidfd too, or -EBADF. */
static long proc_dir_pid(int fd)
{
    char path[64], target[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    long n = host_syscall3(SYS_readlink, HOST_ARG(path), HOST_ARG(target), sizeof target - 1);
    if (n <= 6 || strncmp(target, "/proc/", 6) != 0)
        return -EBADF;
    target[n] = '\0';
    char *end;
    long pid = strtol(target + 6, &end, 10);
    return *end || pid <= 0 ? -EBADF : pid;
}

long rv_pidfd_pid(int fd)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    long pfd = host_syscall3(SYS_openat, AT_FDCWD, HOST_ARG(path), O_RDONLY | O_CLOEXEC);
    if (pfd < 0)
        return pfd == -ENOENT ? -EBADF : pfd;
    long n = host_syscall3(SYS_read, pfd, HOST_ARG(buf), sizeof buf - 1);
    host_syscall1(SYS_close, pfd);
    if (n < 0)
        return n;
    buf[n] = '\0';
    const char *p = strstr(buf, "\nPid:");
    if (!p)
        return proc_dir_pid(fd);
    return strtol(p + 5, NULL, 10);
}

long sys_pidfd_send_signal(struct rv_cpu *cpu, const uint64_t *a)
{
    int fd = (int)a[0], sig = (int)a[1];
    guest_addr info_addr = a[2];
    unsigned flags = (unsigned)a[3];
    if (sig < 0 || sig > RV_NSIG)
        return -EINVAL;
    long pid = rv_pidfd_pid(fd);
    if (pid < 0 && pid != -1)
        return pid;
    if (flags == 0 && pid == host_syscall0(SYS_getpid)) {
        /* The guest's own process: the same path as kill/rt_sigqueueinfo to itself. */
        if (info_addr == 0)
            return sys_kill(cpu, (const uint64_t[6]){ (uint64_t)pid, (uint64_t)sig });
        return sys_rt_sigqueueinfo(cpu, (const uint64_t[6]){ (uint64_t)pid, (uint64_t)sig,
                                                             info_addr });
    }
    /* siginfo has one layout on riscv64 and x86-64 (asm-generic, 128 bytes). */
    struct rv_siginfo info;
    if (info_addr) {
        int r = copy_from_guest(&info, info_addr, sizeof info);
        if (r < 0)
            return r;
    }
    return host_syscall4(SYS_pidfd_send_signal, fd, sig ? rv_signal_to_host(sig) : 0,
                         info_addr ? HOST_ARG(&info) : 0, flags);
}

/* kcmp(pid1, pid2, type, idx1, idx2): KCMP_EPOLL_TFD's idx2 points to struct kcmp_epoll_slot
 * (three __u32, the same everywhere); the kernel reads it from guest memory directly. */
#define RV_KCMP_EPOLL_TFD 7
long sys_kcmp(struct rv_cpu *cpu, const uint64_t *a)
{
    if ((int)a[2] == RV_KCMP_EPOLL_TFD && guest_check(a[4], 3 * sizeof(uint32_t), PROT_READ) < 0)
        return -EFAULT;
    return host_syscall5(SYS_kcmp, (int)a[0], (int)a[1], (int)a[2], (long)a[3], (long)a[4]);
}

/* unshare(flags) and setns(fd, nstype): the CLONE_* bits are generic. What they change (the
 * calling host thread's fd table, fs context or namespaces) is the guest thread's, which is
 * that host thread; the kernel's own conditions (CLONE_NEWUSER only in a single-threaded
 * process, capabilities) apply to the crossrun process as they would to the guest. */
long sys_unshare(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_unshare, (long)(uint32_t)a[0]);
}

long sys_setns(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_setns, (int)a[0], (int)a[1]);
}
