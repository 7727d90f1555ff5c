/*
 * syscall/clone_vm.c - a child process that shares the guest's memory: clone with CLONE_VM and
 * without CLONE_THREAD or CLONE_VFORK, what glibc's clone(fn, stack, CLONE_VM | SIGCHLD, arg)
 * makes.
 *
 * For the kernel it is a process: its own pid and thread group, its end reported to its parent
 * with its exit signal (wait4 sees it, kill reaches it alone, exit_group ends only it). For the
 * runner it is like a thread: the memory is shared, so the runner's heap, locks, code cache and
 * address-space table are shared as well, and it runs rv_run on a copy of the parent's cpu
 * (syscall/thread.c's threads do the same). So the host child is a host clone with CLONE_VM,
 * without CLONE_THREAD, with the guest's exit signal.
 *
 * What it must not share is the runner's thread-local state (glibc's thread descriptor, errno,
 * malloc's per-thread cache, one guest thread's signal and engine records): a host clone without
 * CLONE_SETTLS runs on its creator's TLS. glibc builds a TLS block only for a thread it makes, so
 * a helper host thread (pthread_create) makes the host clone with CLONE_SETTLS set to its own
 * thread pointer and lends its TLS to the child: from the clone on it runs nothing that touches
 * it (raw system calls only) until the child is gone, which the kernel tells it by clearing a
 * word (CLONE_CHILD_CLEARTID: with the memory shared the kernel does that at the child's exit,
 * however it ends). It then finishes what a killed child could not (its robust futexes and
 * clear_child_tid, read from the TLS they shared; its code-cache record), frees the child's
 * runner stack and ends.
 *
 * The guest's CLONE_PARENT_SETTID, CLONE_PIDFD, namespaces, set_tid and CLONE_INTO_CGROUP go to
 * the host kernel with the guest's addresses (guest address = host address), so it stores and
 * refuses as it would for the guest. CLONE_CHILD_SETTID and CLONE_CHILD_CLEARTID are the
 * runner's (the host's child_tid is the helper's word): the child stores its tid before any
 * guest code runs, and clears the word at its exit as the kernel's mm_release does.
 *
 * Signal actions: with CLONE_SIGHAND the host clone shares the host's table and the child
 * the runner's table of guest actions; without, the child gets a copy of both (copy_sighand).
 * A child dying by a signal resets that signal's host action and the memory's dumpable flag
 * (signal/fatal.c): its helper puts them back before wait4 returns the child to its parent.
 *
 * Not as the kernel would: a child killed while it held a runner lock (malloc's, the code
 * cache's) leaves it held for the parent; a parent dying by a signal while a CLONE_SIGHAND
 * child runs leaves that action reset for it; a CLONE_VM child cannot make threads (ENOSYS:
 * the runner's thread counts are the parent's). CLONE_VM with CLONE_VFORK stays
 * syscall/fork.c's vfork (a copy of the memory, the parent's stack carried back).
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

#include "abi/wait.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "run/loop.h"
#include "syscall/clone_vm.h"
#include "syscall/exec.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "syscall/task.h"
#include "syscall/thread.h"
#include "translate/engines.h"

/* The child's runner stack: syscall handlers and the engines, as a thread's (thread.c). */
#define CHILD_HOST_STACK (4u << 20)
/* The alternate stack of the host fault handler, per host task. */
#define CHILD_ALTSTACK (64u << 10)
/* The helper thread only clones, waits and cleans up. */
#define HELPER_STACK (256u << 10)

/* Guest flags the host clone gets as they are. */
#define HOST_PASSED                                                                            \
    (RV_CLONE_FS | RV_CLONE_FILES | RV_CLONE_SIGHAND | RV_CLONE_SYSVSEM | RV_CLONE_PARENT |    \
     RV_CLONE_UNTRACED | RV_CLONE_IO | RV_CLONE_NEWNS | RV_CLONE_NEWCGROUP | RV_CLONE_NEWUTS | \
     RV_CLONE_NEWIPC | RV_CLONE_NEWUSER | RV_CLONE_NEWPID | RV_CLONE_NEWNET |                  \
     RV_CLONE_NEWTIME | RV_CLONE_PIDFD | RV_CLONE_PARENT_SETTID | RV_CLONE_INTO_CGROUP)

/* On the caller's stack: the helper stores the host clone's result, then `reported`, and
 * never touches it again (the child may be gone and its struct freed before the caller looks). */
struct clone_report {
    long pid;
    int reported;                    /* futex word */
};

struct vm_child {
    struct rv_cpu cpu;               /* the child's guest thread */
    struct host_clone_args args;
    int32_t set_tid[RV_MAX_PID_NS_LEVEL];
    uint64_t guest_flags;
    guest_addr child_tid;
    uint64_t sigmask;                /* the parent thread's guest blocked set */
    void *stack;                     /* CHILD_HOST_STACK bytes */
    void *altstack;                  /* the child's, or NULL */
    struct rv_sigaction *own_actions; /* without CLONE_SIGHAND, its copy of the actions */
    struct clone_report *report;     /* the caller's, until the helper set it */
    int tid;                         /* the child's own id, stored by it */
    int alive;                       /* futex word: the kernel clears it at the child's exit */
    int ended;                       /* the child did its own exit duties */
    const void *helper_stack;        /* ASan's idea of the helper's stack, for the way back */
    size_t helper_stack_size;
};

/* AddressSanitizer keeps the stack bounds of a thread in its thread-local state, which the
 * child shares with its helper: the child tells it that it runs on its own stack (as a fiber
 * switch would), the helper takes its own back once the child is gone. */
static void asan_to_child_stack(struct vm_child *c)
{
#ifdef __SANITIZE_ADDRESS__
    void *fake = NULL;
    __sanitizer_start_switch_fiber(&fake, c->stack, CHILD_HOST_STACK);
    __sanitizer_finish_switch_fiber(fake, &c->helper_stack, &c->helper_stack_size);
#else
    (void)c;
#endif
}

/* A stack (or alternate stack) freshly mapped may lie where a dead child's was: its frames
 * never returned (the child ends by a raw exit_group), so the shadow there still marks their
 * redzones, and the new child's first access to them would be reported. ASan clears a
 * pthread's stack when the thread starts; this one is ours to clear. */
static void asan_fresh_stack(void *stack, size_t size)
{
#ifdef __SANITIZE_ADDRESS__
    __asan_unpoison_memory_region(stack, size);
#else
    (void)stack;
    (void)size;
#endif
}

static void asan_back_to_helper_stack(struct vm_child *c)
{
#ifdef __SANITIZE_ADDRESS__
    if (!c->helper_stack)
        return;
    void *fake = NULL;
    __sanitizer_start_switch_fiber(&fake, c->helper_stack, c->helper_stack_size);
    __sanitizer_finish_switch_fiber(fake, NULL, NULL);
#else
    (void)c;
#endif
}

/* The host clone3, returning in the parent only: the child starts on args->stack with the
 * registers of the caller, calls fn(arg) there (fn does not return) and never comes back. */
static long clone3_call(struct host_clone_args *args, void (*fn)(struct vm_child *),
                        struct vm_child *arg)
{
    long r;
    register void (*r12)(struct vm_child *) __asm__("r12") = fn;
    register struct vm_child *r13 __asm__("r13") = arg;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "xor %%ebp, %%ebp\n\t"   /* the end of the child's frame chain */
                     "mov %%r13, %%rdi\n\t"
                     "call *%%r12\n\t"
                     "ud2\n"
                     "1:"
                     : "=a"(r)
                     : "a"((long)SYS_clone3), "D"(args), "S"(sizeof *args), "r"(r12), "r"(r13)
                     : "rcx", "r11", "memory");
    return r;
}

static void put_guest_tid(guest_addr addr, int tid)
{
    uint32_t g = rv_le32((uint32_t)tid);
    (void)!copy_to_guest(addr, &g, sizeof g); /* a fault is ignored, as the kernel's put_user */
}

/* The child, on its runner stack with the helper's TLS and every host signal blocked. */
__attribute__((noreturn)) static void child_main(struct vm_child *c)
{
    asan_to_child_stack(c);
    rv_thread_own_process();
    c->tid = (int)host_syscall0(SYS_gettid);
    /* schedule_tail's CLONE_CHILD_SETTID, before the child's first instruction */
    if (c->guest_flags & RV_CLONE_CHILD_SETTID)
        put_guest_tid(c->child_tid, c->tid);
    rv_task_set_clear_child_tid((c->guest_flags & RV_CLONE_CHILD_CLEARTID) ? c->child_tid : 0);
    rv_task_set_robust_list(0);
    /* copy_sighand: without CLONE_SIGHAND the actions are the child's own from here on
     * (without memory for the copy they stay shared) */
    if (c->own_actions)
        rv_sig_use_actions(c->own_actions);

    /* The kernel gives a CLONE_VM child no alternate stack (copy_process: sas_ss_reset); the
     * runner's fault handler needs one of its own. */
    void *alt = mmap(NULL, CHILD_ALTSTACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (alt != MAP_FAILED) {
        asan_fresh_stack(alt, CHILD_ALTSTACK);
        stack_t ss = {.ss_sp = alt, .ss_size = CHILD_ALTSTACK, .ss_flags = 0};
        (void)host_syscall2(SYS_sigaltstack, HOST_ARG(&ss), 0);
        c->altstack = alt;
    }
    rv_sig_set_blocked(c->sigmask);

    rv_run(&c->cpu);

    /* exit or exit_group: the one task of this process ends, after mm_release's duties. */
    rv_thread_release_words(c->tid);
    __atomic_store_n(&c->ended, 1, __ATOMIC_SEQ_CST);
    host_syscall1(SYS_exit_group, c->cpu.exit_status);
    __builtin_unreachable();
}

static void free_child(struct vm_child *c)
{
    if (c->altstack)
        munmap(c->altstack, CHILD_ALTSTACK);
    munmap(c->stack, CHILD_HOST_STACK);
    free(c->own_actions);
    free(c);
}

/* The children whose helper is at work: wait4 and waitid return one of them only once its
 * helper has put back what the child changed for its parent as it died (rv_clone_vm_reaped).
 * More at once than there are slots go unregistered, and unsynchronised. */
#define HELPER_SLOTS 64
static int helper_slots[HELPER_SLOTS];   /* futex words: a child's pid, 0 when free */
static int helpers_busy;

static int *take_slot(int pid)
{
    for (int i = 0; i < HELPER_SLOTS; i++) {
        int free_slot = 0;
        if (__atomic_compare_exchange_n(&helper_slots[i], &free_slot, pid, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            __atomic_add_fetch(&helpers_busy, 1, __ATOMIC_SEQ_CST);
            return &helper_slots[i];
        }
    }
    return NULL;
}

static void give_slot(int *slot)
{
    if (!slot)
        return;
    __atomic_store_n(slot, 0, __ATOMIC_SEQ_CST);
    __atomic_sub_fetch(&helpers_busy, 1, __ATOMIC_SEQ_CST);
    host_syscall3(SYS_futex, HOST_ARG(slot), FUTEX_WAKE_PRIVATE, INT32_MAX);
}

void rv_clone_vm_reaped(int pid)
{
    if (pid <= 0 || !__atomic_load_n(&helpers_busy, __ATOMIC_SEQ_CST))
        return;
    for (int i = 0; i < HELPER_SLOTS; i++)
        while (__atomic_load_n(&helper_slots[i], __ATOMIC_SEQ_CST) == pid)
            host_syscall4(SYS_futex, HOST_ARG(&helper_slots[i]), FUTEX_WAIT_PRIVATE, pid, 0);
}

static void *helper_main(void *arg)
{
    struct vm_child *c = arg;
    uint64_t tp;
    __asm__("mov %%fs:0, %0" : "=r"(tp)); /* glibc's TCB starts with its own address */
    c->args.tls = tp;
    long pid = clone3_call(&c->args, child_main, c);
    /* From here until the child is gone, this thread's TLS is the child's: raw calls only. */
    int *slot = pid > 0 ? take_slot((int)pid) : NULL;
    struct clone_report *report = c->report;
    report->pid = pid;
    __atomic_store_n(&report->reported, 1, __ATOMIC_RELEASE);
    host_syscall3(SYS_futex, HOST_ARG(&report->reported), FUTEX_WAKE_PRIVATE, 1);
    if (pid < 0)
        return NULL;  /* the caller frees c */
    while (__atomic_load_n(&c->alive, __ATOMIC_ACQUIRE))
        host_syscall4(SYS_futex, HOST_ARG(&c->alive), FUTEX_WAIT, 1, 0);
    asan_back_to_helper_stack(c);

    if (!__atomic_load_n(&c->ended, __ATOMIC_ACQUIRE)) {
        /* Killed by a signal, or gone by exec (mm_release, where the kernel does these duties
         * too): what its exit would have done. Its records are in this TLS. */
        rv_thread_release_words(c->tid ? c->tid : (int)pid);
        rv_engine->thread_leave(&c->cpu);
        rv_sig_undo_fatal_reset((c->guest_flags & RV_CLONE_SIGHAND) != 0);
        rv_exec_release_inflight();  /* or it left by exec */
    }
    rv_sig_use_actions(NULL);
    free_child(c);
    give_slot(slot);
    return NULL;
}

/* The host clone3 arguments: the guest's flags the host applies, the runner's own. */
static void host_args(struct vm_child *c, const struct rv_clone_vm_req *req, int host_sig)
{
    uint64_t hflags = (req->flags & HOST_PASSED) | RV_CLONE_VM | RV_CLONE_SETTLS |
                      RV_CLONE_CHILD_CLEARTID;
    /* The kernel ignores a fault storing the parent's copy of the tid; an address that is not
     * guest memory is dropped here rather than written by the host kernel. */
    if ((hflags & RV_CLONE_PARENT_SETTID) &&
        guest_check(req->parent_tid, sizeof(int32_t), PROT_WRITE) < 0)
        hflags &= ~(uint64_t)RV_CLONE_PARENT_SETTID;
    for (uint64_t i = 0; i < req->set_tid_size; i++)
        c->set_tid[i] = req->set_tid[i];
    c->args = (struct host_clone_args){
        .flags = hflags,
        .pidfd = req->pidfd,
        .child_tid = HOST_ARG(&c->alive),
        .parent_tid = req->parent_tid,
        .exit_signal = (uint64_t)host_sig,
        .stack = HOST_ARG(c->stack),
        .stack_size = CHILD_HOST_STACK,
        .set_tid = req->set_tid_size ? HOST_ARG(c->set_tid) : 0,
        .set_tid_size = req->set_tid_size,
        .cgroup = req->cgroup,
    };
}

static bool made_one;

bool rv_clone_vm_made(void)
{
    return __atomic_load_n(&made_one, __ATOMIC_RELAXED);
}

long rv_clone_vm(struct rv_cpu *cpu, const struct rv_clone_vm_req *req)
{
    /* Both kernels number signals 1..64 alike. clone takes any other low byte and then sends
     * nothing, the child being waited for with __WCLONE: what exit signal 0 does, and the one
     * that the host clone3 takes. */
    int host_sig = req->exit_signal ? rv_signal_to_host(req->exit_signal) : 0;
    if (host_sig < 0)
        host_sig = 0;
    if (req->set_tid_size > RV_MAX_PID_NS_LEVEL)
        return -EINVAL;
    /* the kernel's put_user of the pidfd fails the clone; not one into runner memory */
    if ((req->flags & RV_CLONE_PIDFD) &&
        guest_check(req->pidfd, sizeof(int32_t), PROT_WRITE) < 0)
        return -EFAULT;

    struct vm_child *c = calloc(1, sizeof *c);
    if (!c)
        return -ENOMEM;
    c->stack = mmap(NULL, CHILD_HOST_STACK, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (c->stack == MAP_FAILED) {
        free(c);
        return -ENOMEM;
    }
    (void)mprotect(c->stack, 4096, PROT_NONE);  /* a guard page below it */
    asan_fresh_stack(c->stack, CHILD_HOST_STACK);
    struct clone_report report = { 0 };
    c->report = &report;
    c->guest_flags = req->flags;
    c->child_tid = req->child_tid;
    c->sigmask = rv_sig_blocked();
    c->alive = 1;
    rv_thread_child_cpu(&c->cpu, cpu, req->flags, req->stack, req->tls);
    if (!(req->flags & RV_CLONE_SIGHAND))
        c->own_actions = rv_sig_copy_actions();
    host_args(c, req, host_sig);

    /* The helper starts with every host signal blocked, so that none meant for the guest's
     * threads lands on it (nor, through its mask, on the child before it set the guest's). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    __atomic_store_n(&made_one, true, __ATOMIC_RELAXED);
    long err = rv_host_thread_start(helper_main, c, HELPER_STACK);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) {
        free_child(c);
        return err;
    }
    while (!__atomic_load_n(&report.reported, __ATOMIC_ACQUIRE))
        host_syscall4(SYS_futex, HOST_ARG(&report.reported), FUTEX_WAIT_PRIVATE, 0, 0);
    if (report.pid < 0)
        free_child(c);  /* the helper let go of it; else it frees it once the child is gone */
    return report.pid;
}
