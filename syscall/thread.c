/*
 * syscall/thread.c - guest threads as host threads: clone with CLONE_VM (pthread_create's
 * CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|
 * CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID), and the end of one thread.
 *
 * A new guest thread is a detached host thread (pthread_create, on a runner-owned stack outside
 * the guest range; the guest's own stack is the newsp the guest passed) running rv_run on a copy
 * of the parent's cpu. Memory, descriptors, cwd and signal actions are the runner's, so they are
 * shared exactly as the flags ask. The guest thread id is the host thread id, which the new
 * thread learns itself (gettid) and hands back to the parent before the parent's clone returns.
 *
 * When a thread exits while others run, the kernel's exit_mm/exit_robust_list duties are done
 * here: robust futexes it holds are marked FUTEX_OWNER_DIED and woken, then 0 is stored at its
 * clear_child_tid address and one waiter woken (pthread_join waits on that word). A clone
 * thread then returns from its host start routine; the initial host thread cannot end without
 * taking the runner's main() with it, so it parks with all host signals blocked until the
 * process ends. The last thread's exit, and exit_group from any thread, end the process.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "abi/sysinfo.h"
#include "abi/wait.h"
#include "mem/host.h"
#include "syscall/task.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "syscall/thread.h"
#include "syscall/vfork_carry.h"
#include "mem/uaccess.h"
#include "translate/engines.h"
#include "run/loop.h"

enum { RV_REG_SP = 2, RV_REG_TP = 4, RV_REG_A0 = 10 };

/* The ecall instruction is always 4 bytes (there is no compressed form). */
#define ECALL_LEN 4

/* Runner stack of a guest thread's host thread: syscall handlers and the interpreter only. */
#define THREAD_HOST_STACK (4u << 20)
/* Alternate stack of the host fault handler (run/fault.c installs it SA_ONSTACK), per host
 * thread. */
#define THREAD_ALTSTACK (64u << 10)

/* Flags a host thread honours by construction (it shares all of these with its creator) or
 * that this file implements. CLONE_DETACHED is ignored by the kernel; CLONE_IO is a scheduler
 * hint. */
#define THREAD_FLAGS                                                                           \
    (RV_CLONE_VM | RV_CLONE_FS | RV_CLONE_FILES | RV_CLONE_SIGHAND | RV_CLONE_THREAD |         \
     RV_CLONE_SYSVSEM | RV_CLONE_SETTLS | RV_CLONE_PARENT_SETTID | RV_CLONE_CHILD_CLEARTID |   \
     RV_CLONE_CHILD_SETTID | RV_CLONE_DETACHED | RV_CLONE_IO)
/* What a host thread cannot be without: it always shares these with the whole process. */
#define THREAD_REQUIRED                                                                        \
    (RV_CLONE_VM | RV_CLONE_FS | RV_CLONE_FILES | RV_CLONE_SIGHAND | RV_CLONE_THREAD)

static int live_threads = 1;
/* The process live_threads counts: a fork child (made by syscall/fork.c from any thread)
 * has only the forking thread, which it notices by its new pid (see forget_after_fork). */
static int counted_pid;

/* Set (to its pid) in a CLONE_VM child process (syscall/clone_vm.c): there this host thread is
 * the only guest thread of its process, whatever the shared counts above say. */
static __thread int own_process_pid;

/* Set in clone threads; the initial thread is the one with it false. */
static __thread bool is_clone_thread;
/* Set by rv_thread_exit when this exit ends only the thread. */
static __thread bool thread_ended;

/* Handshake on the parent's stack: the child writes its tid, then `started`, then never
 * touches it again (the parent's frame is gone as soon as clone returns). */
struct start_info {
    struct rv_thread *t;
    uint64_t sigmask;   /* the parent's guest blocked set, which the child inherits */
    int tid;
    int started;    /* host futex word */
};

/* In a fork child of a multi-threaded guest the counts are the parent's: reset them to the one
 * thread there is. Checked where they matter (clone, exit), not in the fork path. */
static void forget_after_fork(void)
{
    int pid = (int)host_syscall0(SYS_getpid);
    int counted = __atomic_load_n(&counted_pid, __ATOMIC_SEQ_CST);
    if (counted == 0 || counted == pid)
        return;
    __atomic_store_n(&live_threads, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&counted_pid, pid, __ATOMIC_SEQ_CST);
}

void rv_thread_own_process(void)
{
    own_process_pid = (int)host_syscall0(SYS_getpid);
}

static bool in_own_process(void)
{
    return own_process_pid && own_process_pid == (int)host_syscall0(SYS_getpid);
}

int rv_thread_live(void)
{
    if (in_own_process())
        return 1;
    forget_after_fork();
    return __atomic_load_n(&live_threads, __ATOMIC_SEQ_CST);
}

static void put_guest_tid(guest_addr addr, int tid)
{
    uint32_t g = rv_le32((uint32_t)tid);
    (void)!copy_to_guest(addr, &g, sizeof g); /* a fault is ignored, as the kernel's put_user */
}

static void *thread_main(void *arg)
{
    struct start_info *info = arg;
    struct rv_thread *t = info->t;
    is_clone_thread = true;
    /* The host thread inherited the host mask; the guest-level set is per thread in signal.c. */
    rv_sig_set_blocked(info->sigmask);

    /* The fault handler runs on an alternate stack; that setting is per host thread. */
    void *alt = mmap(NULL, THREAD_ALTSTACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (alt != MAP_FAILED) {
        stack_t ss = {.ss_sp = alt, .ss_size = THREAD_ALTSTACK, .ss_flags = 0};
        sigaltstack(&ss, NULL);
    }

    t->tid = (int)host_syscall0(SYS_gettid);
    /* The kernel stores both before the child runs; done here, they are still stored before
     * the guest code of either thread can look. */
    if (t->flags & RV_CLONE_PARENT_SETTID)
        put_guest_tid(t->parent_tid, t->tid);
    if (t->flags & RV_CLONE_CHILD_SETTID)
        put_guest_tid(t->child_tid, t->tid);
    rv_task_set_clear_child_tid((t->flags & RV_CLONE_CHILD_CLEARTID) ? t->child_tid : 0);

    info->tid = t->tid;
    __atomic_store_n(&info->started, 1, __ATOMIC_RELEASE);
    host_syscall3(SYS_futex, HOST_ARG(&info->started), FUTEX_WAKE_PRIVATE, 1);

    rv_run(&t->cpu);

    if (!thread_ended) {
        /* exit_group, or exit of the last thread: the whole process ends with this status,
         * as main() would end it. */
        fflush(NULL);
        rv_vfork_carry_child_exit(); /* a vfork child's stores to its parent's stack */
        host_syscall1(SYS_exit_group, t->cpu.exit_status);
    }
    if (alt != MAP_FAILED) {
        stack_t off = {.ss_flags = SS_DISABLE};
        sigaltstack(&off, NULL);
        munmap(alt, THREAD_ALTSTACK);
    }
    free(t);
    return NULL;
}

void rv_thread_child_cpu(struct rv_cpu *child, const struct rv_cpu *parent, uint64_t flags,
                         guest_addr newsp, guest_addr tls)
{
    *child = *parent;
    child->thread = NULL;
    child->instret = 0;
    child->reservation_valid = false;
    child->stop = RV_STOP_NONE;
    /* The kernel's copy_thread: the child returns 0 from the same ecall, on its own stack
     * (newsp 0 keeps the parent's sp, as there) and with its TLS pointer. */
    child->pc = parent->pc + ECALL_LEN;
    child->x[RV_REG_A0] = 0;
    if (newsp)
        child->x[RV_REG_SP] = newsp;
    if (flags & RV_CLONE_SETTLS)
        child->x[RV_REG_TP] = tls;
}

long rv_host_thread_start(void *(*fn)(void *), void *arg, size_t stack_size)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, stack_size);
    pthread_t host;
    int err = pthread_create(&host, &attr, fn, arg);
    pthread_attr_destroy(&attr);
    if (err)
        return err == EAGAIN ? -EAGAIN : -ENOMEM;
    return 0;
}

long rv_clone_thread(struct rv_cpu *cpu, uint64_t flags, guest_addr newsp, guest_addr parent_tid,
                     guest_addr tls, guest_addr child_tid)
{
    if (flags & ~(uint64_t)(THREAD_FLAGS | RV_CSIGNAL))
        return -EINVAL;
    /* A host thread shares the runner's cwd, descriptors and signal actions: a thread that
     * would have its own is not offered. (CLONE_VM without CLONE_THREAD is clone_vm.c's.) */
    if ((flags & THREAD_REQUIRED) != THREAD_REQUIRED)
        return -ENOSYS;
    /* The thread counts are the runner's, shared with the parent of a CLONE_VM child. */
    if (in_own_process()) {
        static bool warned;
        if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
            fprintf(stderr, "crossrun: threads in a CLONE_VM child process are not supported\n");
        return -ENOSYS;
    }

    struct rv_thread *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
#ifdef __SANITIZE_ADDRESS__
    /* A fork child inherits this without the host thread that frees it (the guest can fork
     * as soon as a join returns, before that thread got to free()): not a leak of the child. */
    __lsan_ignore_object(t);
#endif
    rv_task_thread_exit_hook = rv_thread_exit; /* before there is a second thread to exit */
    t->flags = flags;
    t->parent_tid = parent_tid;
    t->child_tid = child_tid;
    rv_thread_child_cpu(&t->cpu, cpu, flags, newsp, tls);
    t->cpu.thread = t;

    struct start_info info = {.t = t, .sigmask = rv_sig_blocked()};
    forget_after_fork();
    __atomic_store_n(&counted_pid, (int)host_syscall0(SYS_getpid), __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&live_threads, 1, __ATOMIC_SEQ_CST);
    long err = rv_host_thread_start(thread_main, &info, THREAD_HOST_STACK);
    if (err) {
        __atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST);
        free(t);
        return err;
    }
    while (!__atomic_load_n(&info.started, __ATOMIC_ACQUIRE))
        host_syscall4(SYS_futex, HOST_ARG(&info.started), FUTEX_WAIT_PRIVATE, 0, 0);
    return info.tid;
}

/* ---- thread exit ------------------------------------------------------------------------- */

/* The kernel's handle_futex_death: if the futex word at uaddr is owned by tid, mark it
 * FUTEX_OWNER_DIED (keeping FUTEX_WAITERS) and wake one waiter so it can take it over. */
static void futex_owner_died(guest_addr uaddr, int tid, bool pending)
{
    if ((uaddr & 3) || guest_check(uaddr, sizeof(uint32_t), PROT_READ | PROT_WRITE) < 0)
        return;
    uint32_t *word = g2h(uaddr);
    uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    for (;;) {
        /* A pending op whose lock was never taken (word 0): wake a waiter anyway, as the kernel
         * does, since the owner may have died between the lock and the list update. */
        if (pending && old == 0) {
            host_syscall3(SYS_futex, HOST_ARG(word), FUTEX_WAKE, 1);
            return;
        }
        if ((old & FUTEX_TID_MASK) != (uint32_t)tid)
            return;
        uint32_t new = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        if (__atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            break;
    }
    if (old & FUTEX_WAITERS)
        host_syscall3(SYS_futex, HOST_ARG(word), FUTEX_WAKE, 1);
}

static bool read_guest_u64(guest_addr addr, uint64_t *v)
{
    if (copy_from_guest(v, addr, sizeof *v) < 0)
        return false;
    *v = rv_le64(*v);
    return true;
}

/* The kernel's exit_robust_list: struct robust_list_head { next; futex_offset; pending } (24
 * bytes, uapi/linux/futex.h); entries' low bit marks PI futexes, which are handled the same way
 * here. At most ROBUST_LIST_LIMIT (2048) entries, which also stops a circular list. */
static void exit_robust_list(int tid)
{
    guest_addr head = rv_task_robust_list();
    uint64_t next, offset, pending;
    if (!head || !read_guest_u64(head, &next) || !read_guest_u64(head + 8, &offset) ||
        !read_guest_u64(head + 16, &pending))
        return;
    for (int limit = 2048; next != head && limit > 0; limit--) {
        guest_addr entry = next & ~(uint64_t)1;
        if (!read_guest_u64(entry, &next))
            return;
        /* the pending entry is handled after the walk, as the kernel does */
        if (entry != (pending & ~(uint64_t)1))
            futex_owner_died(entry + offset, tid, false);
    }
    if (pending)
        futex_owner_died((pending & ~(uint64_t)1) + offset, tid, true);
}

/* The initial host thread after its guest thread exited: it must not return into main(), which
 * would end the process. All host signals are blocked so that process-directed ones go to a
 * thread that still runs guest code. */
__attribute__((noreturn)) static void park_initial_thread(void)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    static int never;
    for (;;)
        host_syscall4(SYS_futex, HOST_ARG(&never), FUTEX_WAIT_PRIVATE, 0, 0);
}

void rv_thread_release_words(int tid)
{
    exit_robust_list(tid);

    /* mm_release: clear the tid word and wake a joiner. The guest may free the guest stack as
     * soon as the word is 0; this thread no longer runs on it. */
    guest_addr ctid = rv_task_clear_child_tid();
    if (ctid && !(ctid & 3) && guest_check(ctid, sizeof(uint32_t), PROT_WRITE) == 0) {
        __atomic_store_n((uint32_t *)g2h(ctid), 0, __ATOMIC_SEQ_CST);
        host_syscall6(SYS_futex, HOST_ARG(g2h(ctid)), FUTEX_WAKE, 1, 0, 0, 0);
    }
}

void rv_thread_exit(struct rv_cpu *cpu)
{
    if (rv_thread_live() <= 1)
        return;
    rv_thread_release_words((int)host_syscall0(SYS_gettid));

    if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST) == 0)
        return; /* every other thread ended meanwhile: this exit ends the process */
    thread_ended = true;
    rv_engine->thread_leave(cpu);  /* this thread runs no more guest code */
    if (!is_clone_thread)
        park_initial_thread();
}
