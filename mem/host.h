/*
 * mem/host.h - raw host (x86-64 Linux) system calls for the syscall handlers.
 *
 * Handlers call the host kernel directly instead of through libc: the result is the kernel's
 * own (a value or -errno, never libc's errno, which other runner threads and signal handlers
 * share), and no libc wrapper adds semantics of its own (glibc's getdents, sigaction, clone and
 * the cancellation points of read/write all differ from the raw calls). Numbers are the host's
 * SYS_* from <sys/syscall.h>; arguments are passed as longs exactly as the kernel sees them.
 *
 * x86-64 syscall convention: number in rax, arguments in rdi rsi rdx r10 r8 r9, result in rax;
 * the instruction clobbers rcx and r11. "memory" because the kernel reads and writes buffers.
 */
#ifndef CROSSRUN_SYSCALL_HOST_H
#define CROSSRUN_SYSCALL_HOST_H

#include <stdint.h>
#include <sys/syscall.h>

static inline long host_syscall0(long nr)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr) : "rcx", "r11", "memory");
    return r;
}

static inline long host_syscall1(long nr, long a0)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a0) : "rcx", "r11", "memory");
    return r;
}

static inline long host_syscall2(long nr, long a0, long a1)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a0), "S"(a1) : "rcx", "r11", "memory");
    return r;
}

static inline long host_syscall3(long nr, long a0, long a1, long a2)
{
    long r;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(nr), "D"(a0), "S"(a1), "d"(a2)
                     : "rcx", "r11", "memory");
    return r;
}

static inline long host_syscall4(long nr, long a0, long a1, long a2, long a3)
{
    long r;
    register long r10 __asm__("r10") = a3;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10)
                     : "rcx", "r11", "memory");
    return r;
}

static inline long host_syscall5(long nr, long a0, long a1, long a2, long a3, long a4)
{
    long r;
    register long r10 __asm__("r10") = a3;
    register long r8 __asm__("r8") = a4;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return r;
}

static inline long host_syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    long r;
    register long r10 __asm__("r10") = a3;
    register long r8 __asm__("r8") = a4;
    register long r9 __asm__("r9") = a5;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return r;
}

/* A host pointer or size as a syscall argument. */
#define HOST_ARG(x) ((long)(x))

/* clone3's argument on the host (uapi/linux/sched.h, CLONE_ARGS_SIZE_VER2: 88 bytes). */
struct host_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size, cgroup;
};

#endif
