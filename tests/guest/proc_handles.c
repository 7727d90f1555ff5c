/* proc_handles.c: process control and handles. prctl PR_SET_PDEATHSIG (a grandchild gets its
 * signal when its parent dies) and PR_GET/SET_DUMPABLE; capget/capset; pidfd_open, poll on a
 * pidfd for the child's exit, pidfd_send_signal to a child and to the process itself (through
 * its handler), pidfd_getfd; kcmp on duplicated and distinct descriptors; process_vm_readv/
 * writev on the process's own memory; membarrier; mincore; sched_getattr/sched_setattr,
 * sched_rr_get_interval, ioprio_get/ioprio_set; readahead and sync_file_range; unshare(
 * CLONE_NEWUTS) with sethostname, and setns back into the original namespace. Results that
 * depend on privileges print as errors, the same natively and under crossrun.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/kcmp.h>
#include <linux/membarrier.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "result_text.h"

/* include/uapi/linux/sched/types.h, whose struct sched_param clashes with <sched.h>'s */
struct sched_attr {
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
    uint32_t sched_util_min, sched_util_max;
};

#ifndef IOPRIO_WHO_PROCESS
#define IOPRIO_WHO_PROCESS 1
#endif

static int report_fd;
static void on_usr1(int sig)
{
    static const char msg[] = "grandchild: got SIGUSR1 after its parent died\n";
    write(report_fd, msg, sizeof msg - 1);
    _exit(0);
}

static void pdeathsig(void)
{
    int out[2], ready[2];
    if (pipe(out) || pipe(ready))
        return perror("pipe");
    pid_t mid = fork();
    if (mid == 0) {
        if (fork() == 0) {
            close(out[0]);
            close(ready[0]);
            report_fd = out[1];
            signal(SIGUSR1, on_usr1);
            long r = prctl(PR_SET_PDEATHSIG, SIGUSR1);
            int sig = -1;
            prctl(PR_GET_PDEATHSIG, &sig);
            dprintf(out[1], "grandchild: PR_SET_PDEATHSIG %s, PR_GET_PDEATHSIG %d\n", res(r), sig);
            write(ready[1], "R", 1);
            for (int i = 0; i < 100; i++)   /* at most 10 s: the signal ends this */
                usleep(100000);
            dprintf(out[1], "grandchild: no signal\n");
            _exit(1);
        }
        char c;
        read(ready[0], &c, 1);   /* the grandchild has set PDEATHSIG: die now */
        _exit(0);
    }
    close(out[1]);
    close(ready[1]);
    close(ready[0]);
    int st;
    waitpid(mid, &st, 0);
    char buf[256];
    ssize_t n, len = 0;
    while (len < (ssize_t)sizeof buf - 1 && (n = read(out[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += n;   /* EOF when the grandchild exits */
    buf[len] = '\0';
    fputs(buf, stdout);
    close(out[0]);

    printf("PR_GET_DUMPABLE: %s\n", res(prctl(PR_GET_DUMPABLE)));
    printf("PR_SET_DUMPABLE 0: %s, ", res(prctl(PR_SET_DUMPABLE, 0)));
    printf("now %s\n", res(prctl(PR_GET_DUMPABLE)));
    prctl(PR_SET_DUMPABLE, 1);
}

static void capabilities(void)
{
    struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct d[2];
    printf("capget: %s\n", res(syscall(SYS_capget, &h, d)));
    struct __user_cap_data_struct same[2];
    memcpy(same, d, sizeof d);
    printf("capset to the same sets: %s\n", res(syscall(SYS_capset, &h, same)));
    h.version = 0x12345678;
    long r = syscall(SYS_capget, &h, NULL);
    printf("capget bad version: %s, version now %#x\n", res(r), h.version);
}

static int self_usr2;
static void on_usr2(int sig) { self_usr2 = sig; }

static void pidfds(void)
{
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(7);
    }
    int pfd = (int)syscall(SYS_pidfd_open, child, 0);
    printf("pidfd_open child: %s\n", pfd >= 0 ? "ok" : res(pfd));
    struct pollfd p = { pfd, POLLIN, 0 };
    printf("poll before exit: %d\n", poll(&p, 1, 0));
    printf("pidfd_send_signal SIGTERM: %s\n", res(syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0)));
    int n = poll(&p, 1, 5000);
    printf("poll after: %d revents %#x\n", n, p.revents);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PIDFD, pfd, &si, WEXITED);
    printf("waitid P_PIDFD: code %s, status %d\n", si.si_code == CLD_KILLED ? "CLD_KILLED" : "?",
           si.si_status);
    printf("pidfd_send_signal to the dead child: %s\n",
           res(syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0)));
    close(pfd);

    signal(SIGUSR2, on_usr2);
    int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
    long r = syscall(SYS_pidfd_send_signal, self, SIGUSR2, NULL, 0);
    printf("pidfd_send_signal to self: %s, handler saw %d\n", res(r), self_usr2);
    int devnull = open("/dev/null", O_RDONLY);
    int copy = (int)syscall(SYS_pidfd_getfd, self, devnull, 0);
    printf("pidfd_getfd: %s, kcmp KCMP_FILE same file: %s\n", copy >= 0 ? "ok" : res(copy),
           res(syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, devnull, copy)));
    int other = open("/dev/null", O_RDONLY);
    long k = syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, devnull, other);
    printf("kcmp KCMP_FILE other open: %s\n", k > 0 ? "differs" : res(k));
    printf("kcmp KCMP_VM self: %s\n", res(syscall(SYS_kcmp, getpid(), getpid(), KCMP_VM, 0, 0)));
    printf("pidfd_send_signal bad fd: %s\n", res(syscall(SYS_pidfd_send_signal, devnull, SIGUSR2, NULL, 0)));
    close(copy);
    close(other);
    close(devnull);
    close(self);
}

static void memory(void)
{
    char src[32] = "read across processes", dst[32] = "";
    struct iovec local = { dst, sizeof dst }, remote = { src, sizeof src };
    long r = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
    printf("process_vm_readv self: %s \"%s\"\n", res(r), dst);
    strcpy(dst, "written back");
    r = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
    printf("process_vm_writev self: %s \"%s\"\n", res(r), src);
    struct iovec bad = { (void *)16, 8 };
    printf("process_vm_readv bad local: %s\n", res(process_vm_readv(getpid(), &bad, 1, &remote, 1, 0)));

    long q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    printf("membarrier query: global %d, private expedited %d\n",
           q > 0 && (q & MEMBARRIER_CMD_GLOBAL), q > 0 && (q & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0);
    printf("membarrier private expedited unregistered: %s\n",
           res(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0)));
    printf("membarrier register: %s, ", res(syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0)));
    printf("then: %s\n", res(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0)));

    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[0] = 1;
    unsigned char vec[3] = { 9, 9, 9 };
    r = mincore(m, 3 * page, vec);
    printf("mincore: %s, touched page resident %d\n", res(r), vec[0] & 1);
    printf("mincore unaligned: %s\n", res(mincore(m + 1, page, vec)));
    munmap(m + page, page);
    printf("mincore over a hole: %s\n", res(mincore(m, 3 * page, vec)));
    munmap(m, 3 * page);
}

static void scheduling_and_io(void)
{
    struct sched_attr attr;
    memset(&attr, 0xff, sizeof attr);
    long r = syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0);
    printf("sched_getattr: %s size %u policy %u nice %d\n", res(r), attr.size, attr.sched_policy,
           attr.sched_nice);
    printf("sched_getattr size 8: %s\n", res(syscall(SYS_sched_getattr, 0, &attr, 8, 0)));
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.sched_policy = SCHED_OTHER;
    printf("sched_setattr SCHED_OTHER: %s\n", res(syscall(SYS_sched_setattr, 0, &attr, 0)));
    attr.size = 4;
    r = syscall(SYS_sched_setattr, 0, &attr, 0);
    printf("sched_setattr size 4: %s, size now %u\n", res(r), attr.size);
    struct timespec ts;
    printf("sched_rr_get_interval: %s\n", res(sched_rr_get_interval(0, &ts)));

    int prio = (2 << 13) | 5;   /* IOPRIO_CLASS_BE, level 5 */
    printf("ioprio_set: %s, ", res(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, prio)));
    printf("ioprio_get: %#lx\n", syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0));

    char path[] = "/tmp/proc_handles.XXXXXX";
    int fd = mkstemp(path);
    write(fd, "data for the page cache\n", 24);
    printf("readahead: %s\n", res(readahead(fd, 0, 4096)));
    printf("sync_file_range: %s\n", res(sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE)));
    printf("sync_file_range bad flags: %s\n", res(sync_file_range(fd, 0, 0, 0x100)));
    close(fd);
    unlink(path);
}

static void namespaces(void)
{
    pid_t c = fork();
    if (c == 0) {
        int orig = open("/proc/self/ns/uts", O_RDONLY);
        long r = unshare(CLONE_NEWUTS);
        printf("unshare CLONE_NEWUTS: %s\n", res(r));
        if (r == 0) {
            printf("sethostname: %s, ", res(sethostname("crossrun-uts", 12)));
            struct utsname u;
            uname(&u);
            printf("nodename %s\n", u.nodename);
            char longname[66];
            memset(longname, 'x', sizeof longname);
            printf("sethostname too long: %s\n", res(sethostname(longname, 65)));
            printf("setns back: %s\n", res(setns(orig, CLONE_NEWUTS)));
            uname(&u);
            printf("nodename changed back: %d\n", strcmp(u.nodename, "crossrun-uts") != 0);
        }
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    pdeathsig();
    capabilities();
    pidfds();
    memory();
    scheduling_and_io();
    namespaces();
    return 0;
}
