/* clone_raw_flags: the clone flag combinations glibc's own wrappers do not make.
 *  - CLONE_VM without CLONE_THREAD (glibc's clone(fn, stack, CLONE_VM | SIGCHLD, arg)): a child
 *    process that really shares the memory (its stores, its mmap seen by the parent), with its
 *    own pid, its exit status and its death by a signal seen by waitpid, exit_group ending only
 *    it, a signal handler running in it, exit signal 0 waited for with __WCLONE, its tid words
 *    (CLONE_PARENT_SETTID before it runs, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID at its exit,
 *    also when killed), CLONE_SETTLS, a fork from it, and a namespace flag with it;
 *  - in a fork child: CLONE_PARENT_SETTID stores in the parent's memory only (the child's copy
 *    was made before), CLONE_CHILD_SETTID, CLONE_SETTLS (the thread pointer read back);
 *  - clone's flags above 32 bits are ignored, an exit signal that is no signal is taken;
 *  - clone3's checks in the kernel's order, set_tid (EEXIST, EPERM or EINVAL as the kernel
 *    says), namespaces (EPERM unprivileged; as root the child is in the new namespace).
 * Output is the same for root and others, natively and under crossrun, since both runs are in
 * the same place with the same rights.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define STACK_SIZE (256 * 1024)

static const char *err(long r)
{
    static char buf[48];
    if (r >= 0)
        return "ok";
    const char *name = errno == EINVAL ? "EINVAL" : errno == E2BIG ? "E2BIG" :
                       errno == EPERM ? "EPERM" : errno == EEXIST ? "EEXIST" :
                       errno == EFAULT ? "EFAULT" : errno == ENOSPC ? "ENOSPC" : NULL;
    if (name)
        return name;
    snprintf(buf, sizeof buf, "%s", strerror(errno));
    return buf;
}

static const char *status(int st)
{
    static char buf[48];
    if (WIFEXITED(st))
        snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(buf, sizeof buf, "killed by %s", strsignal(WTERMSIG(st)));
    else
        snprintf(buf, sizeof buf, "status 0x%x", st);
    return buf;
}

static char *new_stack(void)
{
    char *s = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    return s + STACK_SIZE;
}

/* The thread pointer: tp on riscv64, the fs base on x86-64 (arch_prctl, as a raw call). */
static unsigned long get_tp(void)
{
#if defined(__x86_64__)
    unsigned long v = 0;
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "0"(158L), "D"(0x1003L), "S"(&v)
                     : "rcx", "r11", "memory");
    return v;
#else
    unsigned long v;
    __asm__ volatile("mv %0, tp" : "=r"(v));
    return v;
#endif
}

static void set_tp(unsigned long v)
{
#if defined(__x86_64__)
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "0"(158L), "D"(0x1002L), "S"(v)
                     : "rcx", "r11", "memory");
#else
    __asm__ volatile("mv tp, %0" : : "r"(v) : "memory");
#endif
}

/* A thread pointer other than ours that a child can run a little C code on: on x86-64 a copy
 * of our TCB's start (its own address first, the stack guard at 0x28); on riscv64 any value,
 * since nothing reads tp there before the child puts ours back. */
#if defined(__x86_64__)
static unsigned char fake_tcb[256] __attribute__((aligned(64)));
#endif

static unsigned long other_tp(void)
{
#if defined(__x86_64__)
    memcpy(fake_tcb, (void *)get_tp(), sizeof fake_tcb);
    unsigned long self = (unsigned long)fake_tcb;
    memcpy(fake_tcb, &self, sizeof self);
    return self;
#else
    return get_tp() + 64;
#endif
}

/* clone(flags, stack, parent_tid, child_tid, tls) in the kernel's argument order. */
static long raw_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls)
{
#if defined(__x86_64__)
    return syscall(SYS_clone, flags, stack, ptid, ctid, tls);
#else
    return syscall(SYS_clone, flags, stack, ptid, tls, ctid);  /* CONFIG_CLONE_BACKWARDS */
#endif
}

/* ---- CLONE_VM without CLONE_THREAD --------------------------------------------------------- */

static volatile int shared_value;
static volatile int *volatile child_map;
static volatile int child_pid_seen, child_ppid_ok;

static int vm_child_writes(void *arg)
{
    shared_value = (int)(intptr_t)arg;
    int *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
        *p = 4242;
        child_map = p;
    }
    child_pid_seen = (int)syscall(SYS_getpid);
    child_ppid_ok = (int)syscall(SYS_getppid) == (int)(intptr_t)arg;
    return 7;
}

static void vm_basic(void)
{
    shared_value = 0;
    child_map = NULL;
    int me = getpid();
    int pid = clone(vm_child_writes, new_stack(), CLONE_VM | SIGCHLD, (void *)(intptr_t)me);
    if (pid < 0) {
        printf("CLONE_VM child: %s\n", err(pid));
        return;
    }
    int st = 0;
    int w = waitpid(pid, &st, 0);
    printf("CLONE_VM child: waited %d, %s; its store seen %d; its mmap seen %d; own pid %d; "
           "parent is us %d\n", w == pid, status(st), shared_value == me,
           child_map && *child_map == 4242, child_pid_seen == pid && pid != me, child_ppid_ok);
}

static int vm_child_exit_group(void *arg)
{
    (void)arg;
    shared_value = 11;
    syscall(SYS_exit_group, 9);
    return 1;
}

static int vm_child_exit_code(void *arg)
{
    return (int)(intptr_t)arg;
}

static volatile int usr2_seen;

static void on_usr2(int sig)
{
    (void)sig;
    usr2_seen = 1;
}

static void vm_exits(void)
{
    shared_value = 0;
    int pid = clone(vm_child_exit_group, new_stack(), CLONE_VM | SIGCHLD, NULL);
    int st = 0;
    int w = waitpid(pid, &st, 0);
    printf("CLONE_VM child exit_group(9): waited %d, %s, store %d, parent still here\n",
           w == pid, status(st), shared_value);
    /* exit signal 0: only __WCLONE or __WALL wait for it */
    pid = clone(vm_child_exit_code, new_stack(), CLONE_VM, (void *)(intptr_t)3);
    w = waitpid(pid, &st, __WCLONE);
    printf("CLONE_VM child, exit signal 0: __WCLONE wait %d, %s\n", w == pid, status(st));
    /* another exit signal, with the files and fs shared */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    pid = clone(vm_child_exit_code, new_stack(), CLONE_VM | CLONE_FILES | CLONE_FS | SIGUSR2,
                (void *)(intptr_t)4);
    w = waitpid(pid, &st, __WALL);
    printf("CLONE_VM child, exit signal SIGUSR2: __WALL wait %d, %s, SIGUSR2 came %d\n", w == pid,
           status(st), usr2_seen);
    /* 100 is no signal: taken, nothing is sent */
    pid = clone(vm_child_exit_code, new_stack(), CLONE_VM | 100, (void *)(intptr_t)5);
    w = pid > 0 ? waitpid(pid, &st, __WCLONE) : -1;
    printf("CLONE_VM child, exit signal 100: %s, __WCLONE wait %d, %s\n", err(pid), w == pid,
           status(st));
}

static volatile int spin_started, usr1_seen;

static int vm_child_spins(void *arg)
{
    (void)arg;
    spin_started = 1;
    while (!usr1_seen)
        ;
    return 5;
}

static void on_usr1(int sig)
{
    (void)sig;
    usr1_seen = 1;
}

static sigjmp_buf *segv_back;

static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(*segv_back, 1);
}

static void vm_signals(void)
{
    /* a handler runs in the child the signal was sent to */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    spin_started = usr1_seen = 0;
    int pid = clone(vm_child_spins, new_stack(), CLONE_VM | CLONE_SIGHAND | SIGCHLD, NULL);
    while (!spin_started)
        sched_yield();
    kill(pid, SIGUSR1);
    int st = 0;
    int w = waitpid(pid, &st, 0);
    printf("CLONE_VM|CLONE_SIGHAND child got SIGUSR1 in its handler: waited %d, %s\n", w == pid,
           status(st));
    signal(SIGUSR1, SIG_DFL);

    /* a default action kills the child alone; the kernel clears its CLEARTID word */
    static int ctid;
    for (int i = 0; i < 2; i++) {
        int sig = i ? SIGKILL : SIGTERM;
        spin_started = usr1_seen = 0;
        ctid = -1;
        pid = clone(vm_child_spins, new_stack(), CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD, NULL,
                    NULL, NULL, &ctid);
        while (!spin_started)
            sched_yield();
        kill(pid, sig);
        w = waitpid(pid, &st, 0);
        for (int n = 0; n < 2000 && __atomic_load_n(&ctid, __ATOMIC_SEQ_CST) != 0; n++)
            usleep(1000);  /* the word is cleared at the exit; allow for a slow one */
        printf("CLONE_VM child sent %s: waited %d, %s, child_tid word cleared %d\n",
               strsignal(sig), w == pid, status(st), ctid == 0);
    }
}

static int vm_child_faults(void *arg)
{
    return *(volatile int *)arg;
}

/* Whether a fault of ours reaches the handler we install for it. */
static int own_fault_caught(void)
{
    static sigjmp_buf back;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, &old);
    segv_back = &back;
    int caught = 0;
    volatile int *volatile bad = (volatile int *)8;
    if (sigsetjmp(back, 1) == 0)
        (void)*bad;
    else
        caught = 1;
    sigaction(SIGSEGV, &old, NULL);
    return caught;
}

/* A fault the child has no handler for kills it alone; the parent's own faults still work. */
static void vm_fault(void)
{
    int pid = clone(vm_child_faults, new_stack(), CLONE_VM | SIGCHLD, (void *)8);
    int st = 0;
    int w = waitpid(pid, &st, 0);
    printf("CLONE_VM child faults: waited %d, %s; our own fault still reaches our handler %d\n",
           w == pid, status(st), own_fault_caught());
}

static volatile int hup_seen;

static void on_hup(int sig)
{
    (void)sig;
    hup_seen = 1;
}

static int vm_child_sets_hup(void *arg)
{
    (void)arg;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hup;
    return sigaction(SIGHUP, &sa, NULL) == 0 ? 0 : 1;
}

/* Actions set in the child are the parent's too with CLONE_SIGHAND, and only its own
 * without; a fatal fault in a CLONE_SIGHAND child leaves the parent's fault handling alone. */
static void vm_actions(void)
{
    int st = 0;
    int pid = clone(vm_child_sets_hup, new_stack(), CLONE_VM | SIGCHLD, NULL);
    int w = waitpid(pid, &st, 0);
    struct sigaction now;
    sigaction(SIGHUP, NULL, &now);
    printf("CLONE_VM child sets a SIGHUP handler: waited %d, %s, ours still default %d\n",
           w == pid, status(st), now.sa_handler == SIG_DFL);
    pid = clone(vm_child_sets_hup, new_stack(), CLONE_VM | CLONE_SIGHAND | SIGCHLD, NULL);
    w = waitpid(pid, &st, 0);
    sigaction(SIGHUP, NULL, &now);
    hup_seen = 0;
    if (now.sa_handler == on_hup)
        raise(SIGHUP);
    printf("CLONE_VM|CLONE_SIGHAND child sets a SIGHUP handler: waited %d, %s, it is ours %d, "
           "and runs here %d\n", w == pid, status(st), now.sa_handler == on_hup, hup_seen);
    signal(SIGHUP, SIG_DFL);
    pid = clone(vm_child_faults, new_stack(), CLONE_VM | CLONE_SIGHAND | SIGCHLD, (void *)8);
    w = waitpid(pid, &st, 0);
    printf("CLONE_VM|CLONE_SIGHAND child faults: waited %d, %s; our own fault still reaches our "
           "handler %d\n", w == pid, status(st), own_fault_caught());
}

static volatile int ptid_seen_by_child, ctid_seen_by_child, tp_seen_by_child;
static int vm_ptid, vm_ctid;
static unsigned long vm_tls;

static int vm_child_tids(void *arg)
{
    (void)arg;
    int tid = (int)syscall(SYS_gettid);
    ptid_seen_by_child = __atomic_load_n(&vm_ptid, __ATOMIC_SEQ_CST) == tid;
    ctid_seen_by_child = __atomic_load_n(&vm_ctid, __ATOMIC_SEQ_CST) == tid;
    return 0;
}

static int vm_child_tls(void *arg)
{
    unsigned long tp = get_tp();
    set_tp((unsigned long)arg);
    tp_seen_by_child = tp == vm_tls;
    return 0;
}

static void vm_tid_words(void)
{
    vm_ptid = vm_ctid = -1;
    int pid = clone(vm_child_tids, new_stack(),
                    CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
                    SIGCHLD, NULL, &vm_ptid, NULL, &vm_ctid);
    int st = 0;
    int w = waitpid(pid, &st, 0);
    for (int n = 0; n < 2000 && __atomic_load_n(&vm_ctid, __ATOMIC_SEQ_CST) != 0; n++)
        usleep(1000);
    printf("CLONE_VM child tid words: waited %d, %s; parent_tid is the pid %d and was there "
           "before it ran %d; child_tid was its tid %d, cleared at its exit %d\n", w == pid,
           status(st), vm_ptid == pid, ptid_seen_by_child, ctid_seen_by_child, vm_ctid == 0);

    unsigned long mine = get_tp();
    vm_tls = other_tp();
    pid = clone(vm_child_tls, new_stack(), CLONE_VM | CLONE_SETTLS | SIGCHLD, (void *)mine,
                NULL, (void *)vm_tls, NULL);
    w = waitpid(pid, &st, 0);
    printf("CLONE_VM|CLONE_SETTLS child: waited %d, %s, its thread pointer was the one given %d, "
           "ours unchanged %d\n", w == pid, status(st), tp_seen_by_child, get_tp() == mine);
}

static int vm_child_forks(void *arg)
{
    (void)arg;
    pid_t pid = fork();
    if (pid == 0) {
        shared_value = 99;  /* the grandchild's own copy */
        _exit(3);
    }
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
        return 1;
    return 10 + WEXITSTATUS(st);
}

static void vm_fork(void)
{
    shared_value = 0;
    int pid = clone(vm_child_forks, new_stack(), CLONE_VM | SIGCHLD, NULL);
    int st = 0;
    int w = waitpid(pid, &st, 0);
    printf("CLONE_VM child that forks: waited %d, %s, grandchild's store stayed its own %d\n",
           w == pid, status(st), shared_value == 0);
}

static int vm_child_uts(void *arg)
{
    (void)arg;
    char name[64];
    if (sethostname("clone-vm-uts", 12) != 0)
        return 1;
    if (gethostname(name, sizeof name) != 0 || strcmp(name, "clone-vm-uts") != 0)
        return 2;
    return 0;
}

static void vm_newuts(void)
{
    char before[64], after[64];
    gethostname(before, sizeof before);
    int pid = clone(vm_child_uts, new_stack(), CLONE_VM | CLONE_NEWUTS | SIGCHLD, NULL);
    if (pid < 0) {
        printf("CLONE_VM|CLONE_NEWUTS: %s\n", err(pid));
        return;
    }
    int st = 0;
    int w = waitpid(pid, &st, 0);
    gethostname(after, sizeof after);
    printf("CLONE_VM|CLONE_NEWUTS: waited %d, %s, our hostname unchanged %d\n", w == pid,
           status(st), strcmp(before, after) == 0);
}

static int vm_child_execs(void *arg)
{
    (void)arg;
    execl("/proc/self/exe", "clone_raw_flags", "exit4", (char *)NULL);
    return 1;
}

static void vm_exec(void)
{
    static int ctid;
    ctid = -1;
    int pid = clone(vm_child_execs, new_stack(), CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD, NULL,
                    NULL, NULL, &ctid);
    int st = 0;
    int w = waitpid(pid, &st, 0);
    for (int n = 0; n < 2000 && __atomic_load_n(&ctid, __ATOMIC_SEQ_CST) != 0; n++)
        usleep(1000);
    printf("CLONE_VM child that execs: waited %d, %s, child_tid word cleared %d\n", w == pid,
           status(st), ctid == 0);
}

/* ---- fork children ------------------------------------------------------------------------ */

static void fork_tid_words(void)
{
    static int ptid, ctid;
    ptid = ctid = 0;
    fflush(stdout);
    long pid = raw_clone(CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, NULL, &ptid, &ctid, 0);
    if (pid == 0) {
        int tid = (int)syscall(SYS_gettid);
        /* exit code: bit 0 parent_tid still 0 here, bit 1 child_tid is our tid */
        _exit((ptid == 0) | (ctid == tid) << 1);
    }
    int st = 0;
    int w = waitpid((pid_t)pid, &st, 0);
    printf("fork child: waited %d, parent_tid is the pid here %d, child_tid untouched here %d; "
           "in the child (exit code bits): %s\n", w == pid, ptid == pid, ctid == 0, status(st));
}

__attribute__((noinline)) static void fork_settls(void)
{
    unsigned long mine = get_tp();
    unsigned long tls = other_tp();
    fflush(stdout);
    long pid = raw_clone(CLONE_SETTLS | SIGCHLD, NULL, NULL, NULL, tls);
    if (pid == 0) {
        unsigned long tp = get_tp();
        set_tp(mine);
        _exit(tp == tls ? 20 : 21);
    }
    int st = 0;
    int w = waitpid((pid_t)pid, &st, 0);
    printf("fork child with CLONE_SETTLS: waited %d, %s (20: its thread pointer was the one "
           "given), ours unchanged %d\n", w == pid, status(st), get_tp() == mine);
}

/* A clone that must fail; a child it made anyway ends at once. */
static long try_clone(unsigned long flags)
{
    fflush(stdout);
    long r = syscall(SYS_clone, flags, 0, 0, 0, 0);
    if (r == 0)
        syscall(SYS_exit, 0);
    return r;
}

static void clone_odd_flags(void)
{
    fflush(stdout);
    /* the kernel reads the low 32 bits of clone's flags */
    long pid = syscall(SYS_clone, (1UL << 32) | (1UL << 40) | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0)
        _exit(6);
    int st = 0;
    int w = pid > 0 ? waitpid((pid_t)pid, &st, 0) : -1;
    printf("clone with bits above 32: %s, waited %d, %s\n", err(pid), w == pid, status(st));
    /* 100 is no signal: taken, and nothing is sent */
    pid = syscall(SYS_clone, 100, 0, 0, 0, 0);
    if (pid == 0)
        _exit(8);
    w = pid > 0 ? waitpid((pid_t)pid, &st, __WALL) : -1;
    printf("clone with exit signal 100: %s, __WALL wait %d, %s\n", err(pid), w == pid, status(st));
    /* CLONE_PIDFD and CLONE_PARENT_SETTID share clone's pointer */
    int fd = -1;
    pid = syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &fd, 0, 0);
    if (pid == 0)
        _exit(0);
    printf("clone CLONE_PIDFD|CLONE_PARENT_SETTID: %s\n", err(pid));
    printf("clone CLONE_NEWNS|CLONE_FS: %s\n", err(try_clone(CLONE_NEWNS | CLONE_FS | SIGCHLD)));
    printf("clone CLONE_NEWUSER|CLONE_FS: %s\n",
           err(try_clone(CLONE_NEWUSER | CLONE_FS | SIGCHLD)));
    printf("clone CLONE_SIGHAND without CLONE_VM: %s\n", err(try_clone(CLONE_SIGHAND | SIGCHLD)));
    printf("clone CLONE_THREAD|CLONE_SIGHAND|CLONE_VM|CLONE_NEWPID: %s\n",
           err(try_clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID)));
}

/* ---- clone3 ------------------------------------------------------------------------------- */

static long clone3(struct clone_args *ca, size_t size)
{
    return syscall(SYS_clone3, ca, size);
}

/* A fork-like clone3; the child exits with code, the result is printed with the wait status. */
static void clone3_fork(const char *what, struct clone_args *ca, int (*child)(void))
{
    fflush(stdout);
    long pid = clone3(ca, sizeof *ca);
    if (pid == 0)
        _exit(child ? child() : 0);
    if (pid < 0) {
        printf("clone3 %s: %s\n", what, err(pid));
        return;
    }
    int st = 0;
    int w = waitpid((pid_t)pid, &st, __WALL);
    printf("clone3 %s: ok, waited %d, %s\n", what, w == pid, status(st));
}

static void clone3_checks(void)
{
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.exit_signal = SIGCHLD;
    printf("clone3 size 8192: %s\n", err(clone3(&ca, 8192)));
    printf("clone3 size 63: %s\n", err(clone3(&ca, 63)));
    printf("clone3 bad pointer: %s\n", err(syscall(SYS_clone3, (void *)16, sizeof ca)));
    unsigned char big[160];
    memset(big, 0, sizeof big);
    memcpy(big, &ca, sizeof ca);
    big[150] = 1;
    ((struct clone_args *)big)->exit_signal = 65;  /* a bad tail comes first */
    printf("clone3 size 160, byte 150 set, exit_signal 65: %s\n",
           err(clone3((struct clone_args *)big, sizeof big)));
    ca.set_tid_size = 33;
    ca.exit_signal = 65;   /* set_tid_size comes first */
    printf("clone3 set_tid_size 33: %s\n", err(clone3(&ca, sizeof ca)));
    ca.set_tid_size = 1;
    ca.exit_signal = SIGCHLD;
    printf("clone3 set_tid_size without set_tid: %s\n", err(clone3(&ca, sizeof ca)));
    ca.set_tid_size = 0;
    pid_t tids[2] = { 1, 1 };
    ca.set_tid = (uintptr_t)tids;
    printf("clone3 set_tid without set_tid_size: %s\n", err(clone3(&ca, sizeof ca)));
    ca.set_tid = 0;
    ca.exit_signal = 1UL << 32;
    printf("clone3 exit_signal 1<<32: %s\n", err(clone3(&ca, sizeof ca)));
    ca.exit_signal = SIGCHLD;
    ca.flags = CLONE_INTO_CGROUP;
    ca.cgroup = 1UL << 31;
    printf("clone3 CLONE_INTO_CGROUP cgroup 1<<31: %s\n", err(clone3(&ca, sizeof ca)));
    ca.cgroup = 0;
    ca.flags = CLONE_INTO_CGROUP;
    printf("clone3 CLONE_INTO_CGROUP in a 64-byte struct: %s\n", err(clone3(&ca, 64)));
    ca.set_tid = 16;   /* a bad set_tid array is read before the flags are checked */
    ca.set_tid_size = 1;
    ca.flags = 1UL << 40;
    printf("clone3 unreadable set_tid, unknown flag: %s\n", err(clone3(&ca, sizeof ca)));
    ca.set_tid = 0;
    ca.set_tid_size = 0;
    printf("clone3 unknown flag 1<<40: %s\n", err(clone3(&ca, sizeof ca)));
    ca.flags = CLONE_SIGHAND | CLONE_CLEAR_SIGHAND | CLONE_VM;
    printf("clone3 CLONE_SIGHAND|CLONE_CLEAR_SIGHAND: %s\n", err(clone3(&ca, sizeof ca)));
    ca.flags = CLONE_PARENT;
    printf("clone3 CLONE_PARENT with exit_signal: %s\n", err(clone3(&ca, sizeof ca)));
    ca.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
    printf("clone3 CLONE_THREAD with exit_signal: %s\n", err(clone3(&ca, sizeof ca)));
    ca.exit_signal = 0;
    ca.flags = CLONE_THREAD;
    printf("clone3 CLONE_THREAD without CLONE_SIGHAND: %s\n", err(clone3(&ca, sizeof ca)));
    ca.flags = CLONE_SIGHAND;
    printf("clone3 CLONE_SIGHAND without CLONE_VM: %s\n", err(clone3(&ca, sizeof ca)));
    ca.flags = CLONE_NEWUSER | CLONE_FS;
    printf("clone3 CLONE_NEWUSER|CLONE_FS: %s\n", err(clone3(&ca, sizeof ca)));
    ca.flags = CLONE_PIDFD | CLONE_DETACHED;
    printf("clone3 CLONE_DETACHED: %s\n", err(clone3(&ca, sizeof ca)));
    int fd = -1;
    ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
    ca.pidfd = ca.parent_tid = (uintptr_t)&fd;
    printf("clone3 CLONE_PIDFD and CLONE_PARENT_SETTID at one address: %s\n",
           err(clone3(&ca, sizeof ca)));
    ca.pidfd = ca.parent_tid = 0;
    ca.flags = 0;
    ca.exit_signal = SIGCHLD;
    ca.stack = (uintptr_t)big;
    printf("clone3 stack without size: %s\n", err(clone3(&ca, sizeof ca)));
    ca.stack = 0;
    ca.stack_size = 4096;
    printf("clone3 size without stack: %s\n", err(clone3(&ca, sizeof ca)));
    ca.stack = ~0UL - 4095;
    printf("clone3 stack past the address space: %s\n", err(clone3(&ca, sizeof ca)));
}

static int child_hostname(void)
{
    char name[64];
    if (sethostname("clone3-uts", 10) != 0)
        return 1;
    return gethostname(name, sizeof name) == 0 && strcmp(name, "clone3-uts") == 0 ? 0 : 2;
}

static int child_pid_is_1(void)
{
    return getpid() == 1 ? 0 : 1;
}

static int child_uid(void)
{
    return getuid() == 65534 ? 0 : getuid() == 0 ? 1 : 2;
}

static void clone3_namespaces(void)
{
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.exit_signal = SIGCHLD;
    char before[64], after[64];
    gethostname(before, sizeof before);
    ca.flags = CLONE_NEWUTS;
    clone3_fork("CLONE_NEWUTS, sethostname in the child", &ca, child_hostname);
    gethostname(after, sizeof after);
    printf("our hostname unchanged: %d\n", strcmp(before, after) == 0);
    static const struct {
        unsigned long flag;
        const char *what;
        int (*child)(void);
    } spaces[] = {
        { CLONE_NEWPID, "CLONE_NEWPID, the child is pid 1 (exit 0)", child_pid_is_1 },
        { CLONE_NEWUSER, "CLONE_NEWUSER, uid 65534 there (exit 0)", child_uid },
        { CLONE_NEWIPC, "CLONE_NEWIPC", NULL },
        { CLONE_NEWNET, "CLONE_NEWNET", NULL },
        { CLONE_NEWCGROUP, "CLONE_NEWCGROUP", NULL },
        { CLONE_NEWNS, "CLONE_NEWNS", NULL },
        { CLONE_NEWTIME, "CLONE_NEWTIME", NULL },
    };
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++) {
        ca.flags = spaces[i].flag;
        clone3_fork(spaces[i].what, &ca, spaces[i].child);
    }

    /* set_tid: pid 1 is taken here (EEXIST), or the caller may not choose (EPERM); two
     * levels where there is one: EINVAL */
    pid_t tids[2] = { 1, 1 };
    ca.flags = 0;
    ca.set_tid = (uintptr_t)tids;
    ca.set_tid_size = 1;
    clone3_fork("set_tid {1}", &ca, NULL);
    ca.set_tid_size = 2;
    clone3_fork("set_tid {1, 1}", &ca, NULL);
    /* in a new pid namespace, pid 1 is free */
    ca.flags = CLONE_NEWPID;
    tids[0] = 1;
    tids[1] = 0;
    ca.set_tid_size = 1;
    clone3_fork("CLONE_NEWPID, set_tid {1} (exit 0: pid 1)", &ca, child_pid_is_1);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exit4") == 0)
        return 4;
    setvbuf(stdout, NULL, _IOLBF, 0);
    vm_basic();
    vm_exits();
    vm_signals();
    vm_fault();
    vm_actions();
    vm_tid_words();
    vm_fork();
    vm_exec();
    vm_newuts();
    fork_tid_words();
    fork_settls();
    clone_odd_flags();
    clone3_checks();
    clone3_namespaces();
    return 0;
}
