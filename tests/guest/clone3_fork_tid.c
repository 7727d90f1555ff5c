/* clone3_fork_tid: clone3 as glibc and programs use it, and the tid words of a forked child.
 *  - clone3's argument checks (size, flags, exit signal, stack) fail as the kernel's do;
 *  - a fork-like raw clone3 with CLONE_PARENT_SETTID, CLONE_CHILD_SETTID and CLONE_PIDFD
 *    stores both tids and a pidfd that waitid(P_PIDFD) can wait on;
 *  - in a child forked with CLONE_CHILD_CLEARTID, the child_tid word is cleared and futex-woken
 *    when the child's first thread exits while another runs (set_tid_address semantics), and
 *    without CLONE_CHILD_CLEARTID it is not (the forking thread's own address is not inherited);
 *  - a raw clone3 thread (CLONE_VM|CLONE_THREAD|..., its own stack given as stack and
 *    stack_size) runs on that stack, gets its tid stored in parent_tid, and its child_tid word
 *    cleared and woken when it exits, as pthread_join relies on;
 *  - pthread_create and pthread_join work (glibc makes threads with clone3 where it can).
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static long clone3(struct clone_args *ca, size_t size)
{
    return syscall(SYS_clone3, ca, size);
}

static const char *err(long r)
{
    static char buf[32];
    if (r >= 0)
        return "ok";
    snprintf(buf, sizeof buf, "%s", errno == EINVAL ? "EINVAL" : errno == E2BIG ? "E2BIG"
                                     : strerror(errno));
    return buf;
}

static void bad_arguments(void)
{
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.exit_signal = SIGCHLD;
    printf("size 32: %s\n", err(clone3(&ca, 32)));
    unsigned char big[128];
    memset(big, 0, sizeof big);
    memcpy(big, &ca, sizeof ca);
    big[100] = 1;
    printf("size 128, byte 100 set: %s\n", err(clone3((struct clone_args *)big, sizeof big)));
    ca.flags = SIGCHLD;  /* the exit signal belongs in exit_signal */
    printf("exit signal in flags: %s\n", err(clone3(&ca, sizeof ca)));
    ca.flags = 0;
    ca.exit_signal = 65;
    printf("exit_signal 65: %s\n", err(clone3(&ca, sizeof ca)));
    ca.exit_signal = SIGCHLD;
    ca.stack = (uint64_t)(uintptr_t)big;
    printf("stack without size: %s\n", err(clone3(&ca, sizeof ca)));
    ca.stack = 0;
    ca.flags = CLONE_THREAD;
    printf("CLONE_THREAD without CLONE_SIGHAND: %s\n", err(clone3(&ca, sizeof ca)));
    ca.flags = CLONE_DETACHED;
    printf("CLONE_DETACHED: %s\n", err(clone3(&ca, sizeof ca)));
}

static void fork_like(void)
{
    int32_t parent_tid = 0, child_tid = 0, pidfd = -1;
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_PIDFD;
    ca.exit_signal = SIGCHLD;
    ca.parent_tid = (uint64_t)(uintptr_t)&parent_tid;
    ca.child_tid = (uint64_t)(uintptr_t)&child_tid;
    ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
    fflush(stdout);
    long pid = clone3(&ca, sizeof ca);
    if (pid < 0) {
        printf("clone3 fork: %s\n", strerror(errno));
        return;
    }
    if (pid == 0) {
        printf("child: child_tid is my tid: %d\n", child_tid == (int32_t)syscall(SYS_gettid));
        fflush(stdout);
        _exit(5);
    }
    siginfo_t si;
    memset(&si, 0, sizeof si);
    long w = syscall(SYS_waitid, P_PIDFD, pidfd, &si, WEXITED, NULL);
    printf("parent: parent_tid is the pid: %d, child_tid untouched here: %d, pidfd >= 0: %d\n",
           parent_tid == pid, child_tid == 0, pidfd >= 0);
    printf("waitid(P_PIDFD): %ld, pid matches %d, code CLD_EXITED %d, status %d\n", w,
           si.si_pid == pid, si.si_code == CLD_EXITED, si.si_status);
    close(pidfd);
}

/* The word the fork child's clone3 registered; its second thread watches it. */
static int32_t tid_word;

static void *watcher(void *arg)
{
    long timeout_ms = (long)(intptr_t)arg;
    struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000L };
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        int32_t v = __atomic_load_n(&tid_word, __ATOMIC_SEQ_CST);
        if (v == 0) {
            printf("child: tid word cleared after its first thread exited\n");
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        long elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (elapsed >= timeout_ms) {
            printf("child: tid word still set after its first thread exited\n");
            break;
        }
        syscall(SYS_futex, &tid_word, FUTEX_WAIT, v, &ts, NULL, 0);
    }
    fflush(stdout);
    _exit(0);
}

static void fork_tid_words(int clear)
{
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_CHILD_SETTID | (clear ? CLONE_CHILD_CLEARTID : 0);
    ca.exit_signal = SIGCHLD;
    ca.child_tid = (uint64_t)(uintptr_t)&tid_word;
    tid_word = 0;
    fflush(stdout);
    long pid = clone3(&ca, sizeof ca);
    if (pid < 0) {
        printf("clone3 fork: %s\n", strerror(errno));
        return;
    }
    if (pid == 0) {
        printf("child (%s): tid word is my tid: %d\n", clear ? "CLEARTID" : "no CLEARTID",
               tid_word == (int32_t)syscall(SYS_gettid));
        fflush(stdout);
        pthread_t t;
        /* long enough for a slow runner when the word must clear, short when it must not */
        if (pthread_create(&t, NULL, watcher, (void *)(intptr_t)(clear ? 20000 : 300)) != 0)
            _exit(1);
        syscall(SYS_exit, 0);  /* this thread only */
    }
    int st;
    waitpid((pid_t)pid, &st, 0);
    printf("parent: tid word here still 0: %d, child exit %d\n", tid_word == 0,
           WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* clone3 whose child calls fn on its new stack and then exits the thread: C code cannot run in
 * the child after the syscall returns, since the caller's frame is not on the child's stack. */
static long clone3_run(struct clone_args *ca, void (*fn)(void))
{
#if defined(__x86_64__)
    long ret;
    register void (*f)(void) __asm__("r12") = fn;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "call *%%r12\n\t"
                     "mov $60, %%eax\n\t"   /* exit(0): this thread only */
                     "xor %%edi, %%edi\n\t"
                     "syscall\n"
                     "1:"
                     : "=a"(ret)
                     : "0"((long)SYS_clone3), "D"(ca), "S"(sizeof *ca), "r"(f)
                     : "rcx", "r11", "memory");
    return ret;
#elif defined(__riscv) && __riscv_xlen == 64
    register long a0 __asm__("a0") = (long)ca;
    register long a1 __asm__("a1") = (long)sizeof *ca;
    register long a7 __asm__("a7") = SYS_clone3;
    register void (*f)(void) __asm__("s1") = fn;
    __asm__ volatile("ecall\n\t"
                     "bnez a0, 1f\n\t"
                     "jalr s1\n\t"
                     "li a7, 93\n\t"         /* exit(0): this thread only */
                     "li a0, 0\n\t"
                     "ecall\n"
                     "1:"
                     : "+r"(a0)
                     : "r"(a1), "r"(a7), "r"(f)
                     : "ra", "memory");
    return a0;
#else
#error "clone3_run: no assembly for this architecture"
#endif
}

static int32_t raw_ptid, raw_ctid, raw_seen_tid;
static volatile char *raw_stack_lo, *raw_stack_hi;

/* Runs in the raw thread: no libc state of its own, so only raw syscalls and atomics. */
static void raw_thread_body(void)
{
    char here;
    int on_stack = &here >= raw_stack_lo && &here < raw_stack_hi;
    __atomic_store_n(&raw_seen_tid, on_stack ? (int32_t)syscall(SYS_gettid) : -1,
                     __ATOMIC_SEQ_CST);
}

static void raw_thread(void)
{
    size_t size = 256 * 1024;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stack == MAP_FAILED)
        return;
    raw_stack_lo = stack;
    raw_stack_hi = stack + size;
    raw_ctid = -1;
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
               CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    ca.parent_tid = (uint64_t)(uintptr_t)&raw_ptid;
    ca.child_tid = (uint64_t)(uintptr_t)&raw_ctid;
    ca.stack = (uint64_t)(uintptr_t)stack;
    ca.stack_size = size;
    long tid = clone3_run(&ca, raw_thread_body);
    if (tid < 0) {
        printf("clone3 thread: %s\n", strerror(errno));
        return;
    }
    /* as pthread_join: wait for the kernel to clear the child_tid word */
    for (int32_t v; (v = __atomic_load_n(&raw_ctid, __ATOMIC_SEQ_CST)) != 0;)
        syscall(SYS_futex, &raw_ctid, FUTEX_WAIT, v, NULL, NULL, 0);
    printf("clone3 thread: parent_tid is its tid %d, it ran on its stack with that tid %d, "
           "child_tid cleared\n", raw_ptid == tid, raw_seen_tid == tid);
    munmap(stack, size);
}

static void *thread_fn(void *arg)
{
    return (void *)((intptr_t)arg * 2);
}

int main(void)
{
    bad_arguments();
    fork_like();
    fork_tid_words(1);
    fork_tid_words(0);
    raw_thread();
    pthread_t t;
    void *res;
    if (pthread_create(&t, NULL, thread_fn, (void *)21) == 0 && pthread_join(t, &res) == 0)
        printf("pthread_create/join: %ld\n", (long)(intptr_t)res);
    return 0;
}
