/*
 * syscall/fork.c - new processes: clone (fork and vfork), clone3, wait4, waitid.
 *
 * fork. A guest clone without CLONE_VM is a host fork of the whole runner: the child runner
 * holds a copy of the guest memory at the same addresses, its own copy of every runner table
 * (address space, block cache, signal state) and returns 0 to the guest. Threads (CLONE_VM
 * with CLONE_THREAD) are host threads (syscall/thread.c); CLONE_VM without CLONE_THREAD or
 * CLONE_VFORK is a child process sharing the memory (syscall/clone_vm.c). clone3 is the same
 * calls with its arguments in a struct.
 *
 * vfork. CLONE_VM|CLONE_VFORK (glibc's vfork() and posix_spawn) becomes a host fork whose
 * parent stays suspended until the child execs or exits, as for a real vfork (host_fork). The
 * child runs on a copy of the memory. Deviation, shared with qemu-user: what the child writes
 * to memory is not seen by the parent, except for the parent's stack in use, which
 * syscall/vfork_carry.c copies back when the child exits without exec; that is where
 * posix_spawn reports a failed exec (errno, child exit 127).
 *
 * The runner's own state across fork: every runner lock is taken around the host fork and
 * started afresh in the child (fork_prepare below), so a fork from a threaded guest never
 * leaves the child waiting for a lock another thread held.
 * --strace lines of the child carry the "[pid N] " prefix (syscall/strace/strace.c remembers
 * the first tracer's tid, which the child inherits).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/time.h"
#include "abi/wait.h"
#include "loader/elf.h"
#include "loader/loader.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "syscall/process_info.h"
#include "syscall/signal/signal.h"
#include "syscall/path.h"
#include "syscall/task.h"
#include "syscall/runner_fd.h"
#include "syscall/strace/strace.h"
#include "syscall/syscall.h"
#include "syscall/thread.h"
#include "mem/uaccess.h"
#include "syscall/vfork_carry.h"
#include "syscall/clone_vm.h"
#include "translate/engines.h"


enum { RV_REG_SP = 2, RV_REG_TP = 4 };

/* ---- clone ----------------------------------------------------------------------------- */

/* Flags the host kernel can apply as they are to a child that does not share memory. */
#define HOST_PASSED_FLAGS                                                                      \
    (RV_CLONE_FS | RV_CLONE_FILES | RV_CLONE_PARENT | RV_CLONE_NEWNS | RV_CLONE_SYSVSEM |      \
     RV_CLONE_UNTRACED | RV_CLONE_NEWCGROUP | RV_CLONE_NEWUTS | RV_CLONE_NEWIPC |              \
     RV_CLONE_NEWUSER | RV_CLONE_NEWPID | RV_CLONE_NEWNET | RV_CLONE_IO)

/* Flags crossrun carries out itself on the guest side. */
#define GUEST_DONE_FLAGS                                                                       \
    (RV_CLONE_SETTLS | RV_CLONE_PARENT_SETTID | RV_CLONE_CHILD_SETTID |                        \
     RV_CLONE_CHILD_CLEARTID | RV_CLONE_DETACHED | RV_CLONE_PTRACE)

/* ---- the runner's own state across a host fork ---------------------------------------------
 * A child has only the thread that forked. Any lock another thread of the parent held at that
 * moment would stay held in the child forever, and the child's first mmap, translation or
 * sigaction would wait for it. So every runner lock is taken around the fork and started
 * afresh in the child: the guest signal actions (signal.c), the translator's lock (held while
 * it reads guest code, so it comes before the next), the guest address space table
 * (mem/addrspace.c), the engine's code cache (taken under the address-space lock by munmap's
 * invalidation, so it comes after it; translate/engine.h); the warn-once lists are lock-free
 * (once_set.h). Taking them in the order they nest cannot deadlock. glibc's own locks (malloc, stdio) are taken and
 * reset by glibc's fork(), which every fork and vfork goes through (see host_fork). */
static void fork_prepare(void)
{
    rv_sig_fork_prepare();
    if (rv_engine->fork_prepare_outer)
        rv_engine->fork_prepare_outer();
    guest_as_fork_prepare();
    rv_engine->fork_prepare();
}

static void fork_parent(void)
{
    rv_engine->fork_parent();
    guest_as_fork_parent();
    if (rv_engine->fork_parent_outer)
        rv_engine->fork_parent_outer();
    rv_sig_fork_parent();
}

#ifdef __SANITIZE_ADDRESS__
/* LeakSanitizer calls this at exit. A fork child of a threaded runner (or of one with
 * clone_vm.c's helper threads) has lost the other threads, whose allocations (their stacks'
 * data, their struct rv_thread) would all look leaked, and LSan warns for every thread it
 * cannot suspend: not the child's leaks, so no check there. (LSan's documentation asks for a constant; it is read once, at the check.) */
static bool lsan_off;
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
    return lsan_off;
}
#endif

static void fork_child(bool threaded)
{
    rv_engine->fork_child();
    guest_as_fork_child();
    if (rv_engine->fork_child_outer)
        rv_engine->fork_child_outer();
    rv_sig_after_fork();
#ifdef __SANITIZE_ADDRESS__
    lsan_off = lsan_off || threaded;
#else
    (void)threaded;
#endif
}

/* A vfork parent waits until the child has exec'd or ended, as the kernel's CLONE_VFORK
 * would: the child holds the write end of a close-on-exec pipe, which closes at its execve
 * (crossrun's own re-exec for a riscv64 program included) or at its death, and the parent reads
 * until end of file. Both ends are kept out of the guest's close, close_range and dup3
 * (runner_fd.h): Python's subprocess closes every descriptor above 2 in the child before exec. */
static void wait_for_vfork_child(int handle, int fd)
{
    char c;
    /* the number may change under us (runner_fd.c moves it out of a guest dup3's way) */
    while (read(rv_runner_fd(handle, fd), &c, 1) != 0 && (errno == EINTR || errno == EAGAIN))
        ;
    close(rv_runner_fd(handle, fd));
    rv_runner_fd_drop(handle);
}

/* What clone and clone3 ask for, in one form. pidfd is where CLONE_PIDFD stores the
 * descriptor (clone: parent_tid). */
struct clone_req {
    uint64_t flags;      /* without the exit signal: clone3's CLONE_NEWTIME is in that byte */
    int exit_signal;     /* a guest signal, or whatever else clone's low byte held */
    guest_addr stack;    /* the child's sp; 0 keeps the parent's */
    guest_addr parent_tid, child_tid, tls, pidfd;
    uint64_t cgroup;     /* CLONE_INTO_CGROUP's descriptor */
    uint64_t set_tid_size;
    int32_t set_tid[RV_MAX_PID_NS_LEVEL];
};

/* The host number of an exit signal: the same 1..64 on both sides (abi/signal.h), and a value
 * that is no signal as it is (clone takes any low byte, and the kernel then sends nothing). */
static int exit_signal_to_host(int sig)
{
    int host = sig ? rv_signal_to_host(sig) : 0;
    return host < 0 ? sig : host;
}

/* Creates the host child between fork_prepare and fork_parent/fork_child. A fork or a vfork
 * that asks nothing else of the host (exit signal SIGCHLD, nothing shared) goes through glibc's
 * fork(), which keeps the runner's libc consistent in the child: its cached tid, and the malloc
 * and stdio locks, which another thread may hold at the fork. A vfork is a fork whose parent
 * waits (wait_for_vfork_child): the child runs on a copy of the memory either way (this file's
 * header). Anything else needs the raw clone: another exit signal, shared fs/files,
 * namespaces, a pidfd; clone3 on the host for what only it can say (CLONE_NEWTIME, set_tid,
 * CLONE_INTO_CGROUP), so that the host kernel's answer is the guest's. That child keeps the
 * parent's tid in glibc's thread descriptor (glibc 2.34+ asks the kernel where it matters), and
 * glibc's internal locks held by other threads at that moment are not reset: a known limit of
 * these rare flags. */
static long host_fork(const struct clone_req *req, int *pidfd)
{
    uint64_t flags = req->flags;
    int host_sig = exit_signal_to_host(req->exit_signal);
    uint64_t hflags = flags & HOST_PASSED_FLAGS;
    if (flags & RV_CLONE_PIDFD)
        hflags |= RV_CLONE_PIDFD;
    uint64_t clone3_only = flags & (RV_CLONE_NEWTIME | RV_CLONE_INTO_CGROUP);
    bool plain = hflags == 0 && host_sig == SIGCHLD && !clone3_only && !req->set_tid_size;
    bool vfork = (flags & RV_CLONE_VFORK) != 0;
    /* a handle can be -1 (no slot left): then the pipe is only unprotected */
    int wait_pipe[2] = { -1, -1 };
    if (plain && vfork && pipe2(wait_pipe, O_CLOEXEC) < 0)
        return -errno;
    /* both ends are the runner's: the guest's close_range and dup3 leave them alone */
    int read_end = wait_pipe[0] >= 0 ? rv_runner_fd_keep(wait_pipe[0]) : -1;

    bool threaded = rv_thread_live() > 1 || rv_clone_vm_made();
    fork_prepare();
    long pid;
    if (vfork)
        hflags |= RV_CLONE_VFORK;
    if (plain) {
        pid = fork();
        if (pid < 0)
            pid = -errno;
    } else if (clone3_only || req->set_tid_size) {
        /* stack 0: the child continues on its copy of this stack, as for fork */
        struct host_clone_args ha = {
            .flags = hflags | clone3_only, .pidfd = HOST_ARG(pidfd),
            .exit_signal = (uint64_t)host_sig, .cgroup = req->cgroup,
            .set_tid = req->set_tid_size ? HOST_ARG(req->set_tid) : 0,
            .set_tid_size = req->set_tid_size,
        };
        pid = host_syscall2(SYS_clone3, HOST_ARG(&ha), sizeof ha);
    } else {
        /* x86-64 order (default variant): flags, newsp, parent_tid, child_tid, tls. newsp 0:
         * the child continues on its copy of this stack, safe because nothing is shared. */
        pid = host_syscall5(SYS_clone, (long)(hflags | ((uint64_t)host_sig & RV_CSIGNAL)), 0,
                            HOST_ARG(pidfd), 0, 0);
    }
    if (pid == 0) {
        fork_child(threaded);
        if (wait_pipe[0] >= 0) {
            rv_runner_fd_drop(read_end);
            close(wait_pipe[0]);
            (void)rv_runner_fd_keep(wait_pipe[1]);  /* open until this child execs or exits */
        }
        return 0;
    }
    fork_parent();
    if (wait_pipe[0] >= 0) {
        close(wait_pipe[1]);
        if (pid > 0) {
            wait_for_vfork_child(read_end, wait_pipe[0]);
        } else {
            close(rv_runner_fd(read_end, wait_pipe[0]));
            rv_runner_fd_drop(read_end);
        }
    }
    return pid;
}

/* A thread or a CLONE_VM child process: shares the runner with the caller. */
static long clone_sharing_vm(struct rv_cpu *cpu, const struct clone_req *req)
{
    uint64_t flags = req->flags;
    if (!(flags & RV_CLONE_THREAD)) {
        struct rv_clone_vm_req vr = {
            .flags = flags, .exit_signal = req->exit_signal, .stack = req->stack,
            .parent_tid = req->parent_tid, .child_tid = req->child_tid, .tls = req->tls,
            .pidfd = req->pidfd, .cgroup = req->cgroup, .set_tid = req->set_tid,
            .set_tid_size = req->set_tid_size,
        };
        return rv_clone_vm(cpu, &vr);
    }
    /* A host thread is in the runner's own pid namespace, cgroup and time namespace. */
    if (req->set_tid_size || (flags & (RV_CLONE_INTO_CGROUP | RV_CLONE_NEWTIME))) {
        static bool warned;
        if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
            fprintf(stderr, "crossrun: a thread with set_tid, CLONE_INTO_CGROUP or"
                            " CLONE_NEWTIME is not supported\n");
        return -EINVAL;
    }
    /* the exit signal of a thread is ignored by clone (clone3 refused one above) */
    return rv_clone_thread(cpu, flags, req->stack, req->parent_tid, req->tls, req->child_tid);
}

static long do_clone(struct rv_cpu *cpu, const struct clone_req *req)
{
    uint64_t flags = req->flags;
    /* kernel_clone: one location cannot take both (clone passes one pointer for them) */
    if ((flags & RV_CLONE_PIDFD) && (flags & RV_CLONE_PARENT_SETTID) &&
        req->pidfd == req->parent_tid)
        return -EINVAL;
    /* The kernel's own consistency rules, in copy_process's order. */
    if ((flags & (RV_CLONE_NEWNS | RV_CLONE_FS)) == (RV_CLONE_NEWNS | RV_CLONE_FS))
        return -EINVAL;
    if ((flags & (RV_CLONE_NEWUSER | RV_CLONE_FS)) == (RV_CLONE_NEWUSER | RV_CLONE_FS))
        return -EINVAL;
    if ((flags & RV_CLONE_THREAD) && !(flags & RV_CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & RV_CLONE_SIGHAND) && !(flags & RV_CLONE_VM))
        return -EINVAL;
    if ((flags & RV_CLONE_THREAD) && (flags & (RV_CLONE_NEWUSER | RV_CLONE_NEWPID)))
        return -EINVAL;
    if ((flags & RV_CLONE_PIDFD) && (flags & RV_CLONE_DETACHED))
        return -EINVAL;
    /* A child sharing the memory shares the runner, and so its one table of signal actions:
     * CLONE_CLEAR_SIGHAND cannot clear it for the child alone. EINVAL is what a kernel before
     * 5.5 answers, and glibc falls back to clone. */
    if ((flags & RV_CLONE_VM) && !(flags & RV_CLONE_VFORK) && (flags & RV_CLONE_CLEAR_SIGHAND))
        return -EINVAL;
    if ((flags & RV_CLONE_VM) && !(flags & RV_CLONE_VFORK))
        return clone_sharing_vm(cpu, req);
    if (flags & (RV_CLONE_THREAD | RV_CLONE_SIGHAND))
        return -ENOSYS;
    uint64_t known = RV_CLONE_VM | RV_CLONE_VFORK | RV_CLONE_PIDFD | HOST_PASSED_FLAGS |
                     GUEST_DONE_FLAGS | RV_CLONE_CLEAR_SIGHAND | RV_CLONE_NEWTIME |
                     RV_CLONE_INTO_CGROUP;
    if (flags & ~known)
        return -EINVAL;

    int pidfd = -1;
    /* vfork's stores to the parent's stack (posix_spawn's exec error) reach it: vfork_carry.c */
    struct rv_vfork_carry carry = { 0 };
    if ((flags & (RV_CLONE_VM | RV_CLONE_VFORK)) == (RV_CLONE_VM | RV_CLONE_VFORK))
        rv_vfork_carry_prepare(&carry, cpu->x[RV_REG_SP]);
    long pid = host_fork(req, &pidfd);
    rv_vfork_carry_after(&carry, pid);
    if (pid < 0)
        return pid;

    if (pid == 0) {
        /* The child: the kernel's copy_thread sets sp and tp, schedule_tail stores the tid.
         * CLONE_PARENT_SETTID stores in the parent only: the child's memory is copied before. */
        if (flags & RV_CLONE_CLEAR_SIGHAND)
            rv_sig_clear_handlers();
        if (req->stack)
            cpu->x[RV_REG_SP] = req->stack;
        if (flags & RV_CLONE_SETTLS)
            cpu->x[RV_REG_TP] = req->tls;
        if (flags & RV_CLONE_CHILD_SETTID) {
            uint32_t tid = rv_le32((uint32_t)host_syscall0(SYS_gettid));
            (void)!copy_to_guest(req->child_tid, &tid, sizeof tid); /* a fault is ignored, as there */
        }
        /* copy_process: the child's clear_child_tid is child_tid with CLONE_CHILD_CLEARTID and
         * NULL otherwise (never the forking thread's), and it has no robust list yet. The
         * address matters once the child has threads and this one exits (thread.c). */
        rv_task_set_clear_child_tid((flags & RV_CLONE_CHILD_CLEARTID) ? req->child_tid : 0);
        rv_task_set_robust_list(0);
        return 0;
    }

    if (flags & RV_CLONE_PIDFD) {
        int32_t g = (int32_t)rv_le32((uint32_t)pidfd);
        if (copy_to_guest(req->pidfd, &g, sizeof g) < 0) {
            host_syscall1(SYS_close, pidfd);
            return -EFAULT;
        }
    }
    if (flags & RV_CLONE_PARENT_SETTID) {
        uint32_t g = rv_le32((uint32_t)pid);
        if (copy_to_guest(req->parent_tid, &g, sizeof g) < 0)
            return -EFAULT;
    }
    return pid;
}

/* clone(flags, newsp, parent_tid, tls, child_tid). riscv64 selects CONFIG_CLONE_BACKWARDS
 * (arch/riscv/Kconfig), so kernel/fork.c declares its clone with tls before child_tid; x86-64
 * uses the default variant with child_tid before tls (glibc: __ASSUME_CLONE_BACKWARDS in
 * sysdeps/unix/sysv/linux/riscv/kernel-features.h; its _Fork puts the tid address in a4).
 * The kernel takes the low 32 bits of flags, their low byte being the exit signal. */
long sys_clone(struct rv_cpu *cpu, const uint64_t *a)
{
    uint32_t flags = (uint32_t)a[0];
    struct clone_req req = {
        .flags = flags & ~RV_CSIGNAL, .exit_signal = (int)(flags & RV_CSIGNAL),
        .stack = a[1], .parent_tid = a[2], .tls = a[3], .child_tid = a[4], .pidfd = a[2],
    };
    return do_clone(cpu, &req);
}

/* clone3(args, size): struct clone_args (abi/wait.h) read and checked in the order of the
 * kernel's copy_clone_args_from_user and clone3_args_valid, then the same fork, vfork, thread
 * and CLONE_VM paths as clone. glibc (2.34+) tries it first for pthread_create and posix_spawn.
 * set_tid, CLONE_INTO_CGROUP and the namespace flags reach the host kernel, whose answer
 * (EPERM unprivileged, EEXIST for a pid in use...) is the guest's. CLONE_CLEAR_SIGHAND, which
 * glibc's posix_spawn asks for, is done in the child. */
long sys_clone3(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr uargs = a[0];
    uint64_t size = a[1];
    if (size > 4096)
        return -E2BIG;
    if (size < RV_CLONE_ARGS_SIZE_VER0)
        return -EINVAL;
    struct rv_clone_args ca;
    memset(&ca, 0, sizeof ca);
    /* copy_struct_from_user: bytes past the fields known here must be zero, checked first */
    for (uint64_t off = sizeof ca; off < size; off++) {
        uint8_t b;
        if (copy_from_guest(&b, uargs + off, 1) < 0)
            return -EFAULT;
        if (b)
            return -E2BIG;
    }
    long r = copy_from_guest(&ca, uargs, size < sizeof ca ? size : sizeof ca);
    if (r < 0)
        return r;
    uint64_t flags = rv_le64(ca.flags), exit_signal = rv_le64(ca.exit_signal);
    uint64_t stack = rv_le64(ca.stack), stack_size = rv_le64(ca.stack_size);
    uint64_t set_tid = rv_le64(ca.set_tid), set_tid_size = rv_le64(ca.set_tid_size);
    uint64_t cgroup = rv_le64(ca.cgroup);
    if (set_tid_size > RV_MAX_PID_NS_LEVEL || (!set_tid && set_tid_size) ||
        (set_tid && !set_tid_size))
        return -EINVAL;
    if ((exit_signal & ~(uint64_t)RV_CSIGNAL) || exit_signal > RV_NSIG)
        return -EINVAL;
    if ((flags & RV_CLONE_INTO_CGROUP) && (cgroup > INT_MAX || size < sizeof ca))
        return -EINVAL;
    struct clone_req req = {
        .flags = flags, .exit_signal = (int)exit_signal,
        .stack = stack ? stack + stack_size : 0,  /* the stack grows down from its end */
        .parent_tid = rv_le64(ca.parent_tid), .child_tid = rv_le64(ca.child_tid),
        .tls = rv_le64(ca.tls), .pidfd = rv_le64(ca.pidfd), .cgroup = cgroup,
        .set_tid_size = set_tid_size,
    };
    if (set_tid) {
        r = copy_from_guest(req.set_tid, set_tid, set_tid_size * sizeof req.set_tid[0]);
        if (r < 0)
            return r;
        for (uint64_t i = 0; i < set_tid_size; i++)
            req.set_tid[i] = (int32_t)rv_le32((uint32_t)req.set_tid[i]);
    }
    /* clone3_args_valid */
    if (flags & ~(UINT64_C(0xffffffff) | RV_CLONE_CLEAR_SIGHAND | RV_CLONE_INTO_CGROUP))
        return -EINVAL;
    if (flags & (RV_CLONE_DETACHED | (RV_CSIGNAL & ~RV_CLONE_NEWTIME)))
        return -EINVAL;
    if ((flags & RV_CLONE_SIGHAND) && (flags & RV_CLONE_CLEAR_SIGHAND))
        return -EINVAL;
    if ((flags & (RV_CLONE_THREAD | RV_CLONE_PARENT)) && exit_signal)
        return -EINVAL;
    /* clone3_stack_valid: access_ok is the user address range, here the guest's */
    if (stack ? stack_size == 0 || stack + stack_size < stack || stack + stack_size > GUEST_LIMIT
              : stack_size != 0)
        return -EINVAL;
    return do_clone(cpu, &req);
}

/* ---- wait -------------------------------------------------------------------------------- */

static void rusage_to_guest(struct rv_rusage *g, const struct rusage *h)
{
    g->ru_utime = (struct rv_timeval){ rv_le64(h->ru_utime.tv_sec), rv_le64(h->ru_utime.tv_usec) };
    g->ru_stime = (struct rv_timeval){ rv_le64(h->ru_stime.tv_sec), rv_le64(h->ru_stime.tv_usec) };
    g->ru_maxrss = rv_le64(h->ru_maxrss);
    g->ru_ixrss = rv_le64(h->ru_ixrss);
    g->ru_idrss = rv_le64(h->ru_idrss);
    g->ru_isrss = rv_le64(h->ru_isrss);
    g->ru_minflt = rv_le64(h->ru_minflt);
    g->ru_majflt = rv_le64(h->ru_majflt);
    g->ru_nswap = rv_le64(h->ru_nswap);
    g->ru_inblock = rv_le64(h->ru_inblock);
    g->ru_oublock = rv_le64(h->ru_oublock);
    g->ru_msgsnd = rv_le64(h->ru_msgsnd);
    g->ru_msgrcv = rv_le64(h->ru_msgrcv);
    g->ru_nsignals = rv_le64(h->ru_nsignals);
    g->ru_nvcsw = rv_le64(h->ru_nvcsw);
    g->ru_nivcsw = rv_le64(h->ru_nivcsw);
}

static long rusage_out(guest_addr addr, const struct rusage *h)
{
    if (!addr)
        return 0;
    struct rv_rusage g;
    rusage_to_guest(&g, h);
    return copy_to_guest(addr, &g, sizeof g);
}

/* wait4(pid, status, options, rusage). The wait options are the same bits on both sides. */
long sys_wait4(struct rv_cpu *cpu, const uint64_t *a)
{
    int pid = (int)a[0];
    guest_addr status_addr = a[1], ru_addr = a[3];
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    long r = safe_syscall4(SYS_wait4, pid, HOST_ARG(&st), (int)a[2], HOST_ARG(ru_addr ? &ru : NULL));
    if (r <= 0)
        return r;
    rv_clone_vm_reaped((int)r);
    if (status_addr) {
        int32_t g = (int32_t)rv_le32((uint32_t)rv_wait_status_to_guest(st));
        if (copy_to_guest(status_addr, &g, sizeof g) < 0)
            return -EFAULT;
    }
    if (rusage_out(ru_addr, &ru) < 0)
        return -EFAULT;
    return r;
}

/* waitid(idtype, id, infop, options, rusage): the riscv64 (generic) waitid takes the rusage
 * too. The kernel fills infop whenever it is given, with zeros when WNOHANG found nothing. */
long sys_waitid(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr info_addr = a[2], ru_addr = a[4];
    siginfo_t si;
    struct rusage ru;
    memset(&si, 0, sizeof si);
    memset(&ru, 0, sizeof ru);
    /* si even when the guest gave none: the pid reaped is needed here */
    long r = safe_syscall5(SYS_waitid, (int)a[0], (int)a[1], HOST_ARG(&si), (int)a[3],
                           HOST_ARG(ru_addr ? &ru : NULL));
    if (r < 0)
        return r;
    if (si.si_signo && !(a[3] & RV_WNOWAIT))
        rv_clone_vm_reaped(si.si_pid);
    if (info_addr) {
        struct rv_siginfo_chld g;
        memset(&g, 0, sizeof g);
        g.signo = (int32_t)rv_le32((uint32_t)(si.si_signo ? rv_signal_from_host(si.si_signo) : 0));
        g.err = (int32_t)rv_le32((uint32_t)si.si_errno);
        g.code = (int32_t)rv_le32((uint32_t)si.si_code);
        g.pid = (int32_t)rv_le32((uint32_t)si.si_pid);
        g.uid = rv_le32(si.si_uid);
        int status = si.si_status;
        if (si.si_signo && si.si_code != RV_CLD_EXITED)
            status = rv_signal_from_host(status);
        g.status = (int32_t)rv_le32((uint32_t)status);
        g.utime = (int64_t)rv_le64((uint64_t)si.si_utime);
        g.stime = (int64_t)rv_le64((uint64_t)si.si_stime);
        if (copy_to_guest(info_addr, &g, sizeof g) < 0)
            return -EFAULT;
    }
    if (rusage_out(ru_addr, &ru) < 0)
        return -EFAULT;
    return r;
}
