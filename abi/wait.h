/*
 * abi/wait.h - what the guest's wait4 and waitid read: the wait status word, the siginfo_t that
 * waitid fills, the wait option bits and the clone flags crossrun acts on.
 *
 * Sources: asm-generic/siginfo.h (siginfo_t: 128 bytes, _sigchld at offset 16 on 64-bit
 * kernels), linux/wait.h (W* options, P_* id types), uapi/linux/sched.h (CLONE_*), and the
 * status encoding of kernel/exit.c (exit code << 8, or the signal number with 0x80 for a core,
 * or 0x7f | stopsig << 8, or 0xffff for a continued child). riscv64 and x86-64 agree on all of
 * it; the status word and siginfo still go through the functions below because they carry
 * signal numbers, which are converted explicitly (abi/signal.h) like everywhere else.
 * struct rusage is abi/time.h's rv_rusage.
 */
#ifndef CROSSRUN_ABI_WAIT_H
#define CROSSRUN_ABI_WAIT_H

#include <stddef.h>
#include <stdint.h>

#include "abi/signal.h"

/* wait4/waitid options (linux/wait.h), the same bits on both sides. */
#define RV_WNOHANG      0x00000001
#define RV_WUNTRACED    0x00000002   /* = WSTOPPED for waitid */
#define RV_WEXITED      0x00000004
#define RV_WCONTINUED   0x00000008
#define RV_WNOWAIT      0x01000000
#define RV_WNOTHREAD    0x20000000
#define RV_WALL         0x40000000
#define RV_WCLONE       0x80000000u

/* clone flags (uapi/linux/sched.h). The low byte is the exit signal. */
#define RV_CSIGNAL              0x000000ffu
#define RV_CLONE_VM             0x00000100u
#define RV_CLONE_FS             0x00000200u
#define RV_CLONE_FILES          0x00000400u
#define RV_CLONE_SIGHAND        0x00000800u
#define RV_CLONE_PIDFD          0x00001000u
#define RV_CLONE_PTRACE         0x00002000u
#define RV_CLONE_VFORK          0x00004000u
#define RV_CLONE_PARENT         0x00008000u
#define RV_CLONE_THREAD         0x00010000u
#define RV_CLONE_NEWNS          0x00020000u
#define RV_CLONE_SYSVSEM        0x00040000u
#define RV_CLONE_SETTLS         0x00080000u
#define RV_CLONE_PARENT_SETTID  0x00100000u
#define RV_CLONE_CHILD_CLEARTID 0x00200000u
#define RV_CLONE_DETACHED       0x00400000u
#define RV_CLONE_UNTRACED       0x00800000u
#define RV_CLONE_CHILD_SETTID   0x01000000u
#define RV_CLONE_NEWCGROUP      0x02000000u
#define RV_CLONE_NEWUTS         0x04000000u
#define RV_CLONE_NEWIPC         0x08000000u
#define RV_CLONE_NEWUSER        0x10000000u
#define RV_CLONE_NEWPID         0x20000000u
#define RV_CLONE_NEWNET         0x40000000u
#define RV_CLONE_IO             0x80000000u
/* clone3-only flags (the low byte and CLONE_DETACHED are not valid there; CLONE_NEWTIME is). */
#define RV_CLONE_NEWTIME        0x00000080u
#define RV_CLONE_CLEAR_SIGHAND  UINT64_C(0x100000000)
#define RV_CLONE_INTO_CGROUP    UINT64_C(0x200000000)

/* struct clone_args (uapi/linux/sched.h), all fields 64-bit; clone3 takes any size from VER0
 * (64 bytes, up to tls) on, newer fields reading as 0 when absent and bytes beyond the ones
 * the kernel knows having to be 0. */
struct rv_clone_args {
    uint64_t flags;
    uint64_t pidfd;         /* where CLONE_PIDFD stores the fd */
    uint64_t child_tid;
    uint64_t parent_tid;
    uint64_t exit_signal;
    uint64_t stack;         /* lowest address of the child's stack, with stack_size */
    uint64_t stack_size;
    uint64_t tls;
    uint64_t set_tid;       /* VER1 (80 bytes) */
    uint64_t set_tid_size;
    uint64_t cgroup;        /* VER2 (88 bytes) */
};
_Static_assert(sizeof(struct rv_clone_args) == 88, "CLONE_ARGS_SIZE_VER2 is 88 bytes");
#define RV_CLONE_ARGS_SIZE_VER0 64
/* set_tid holds at most one pid per pid namespace level (MAX_PID_NS_LEVEL, linux/pid_namespace.h) */
#define RV_MAX_PID_NS_LEVEL 32

/* si_code values of SIGCHLD (asm-generic/siginfo.h). */
#define RV_CLD_EXITED    1
#define RV_CLD_KILLED    2
#define RV_CLD_DUMPED    3
#define RV_CLD_TRAPPED   4
#define RV_CLD_STOPPED   5
#define RV_CLD_CONTINUED 6

/* siginfo_t as waitid writes it: the common header and the _sigchld member of the union. On a
 * 64-bit kernel the union starts at 16 (the header is 12 bytes, padded to the union's 8-byte
 * alignment); the whole object is SI_MAX_SIZE = 128 bytes. */
struct rv_siginfo_chld {
    int32_t signo;
    int32_t err;
    int32_t code;
    int32_t pad0;
    int32_t pid;
    uint32_t uid;
    int32_t status;       /* exit code (CLD_EXITED) or a signal number */
    int32_t pad1;
    int64_t utime;        /* clock_t */
    int64_t stime;
    uint8_t rest[128 - 48];
};
_Static_assert(sizeof(struct rv_siginfo_chld) == 128, "siginfo_t is SI_MAX_SIZE (128) bytes");
_Static_assert(offsetof(struct rv_siginfo_chld, code) == 8, "code at 8");
_Static_assert(offsetof(struct rv_siginfo_chld, pid) == 16, "_sigchld._pid at 16");
_Static_assert(offsetof(struct rv_siginfo_chld, uid) == 20, "_sigchld._uid at 20");
_Static_assert(offsetof(struct rv_siginfo_chld, status) == 24, "_sigchld._status at 24");
_Static_assert(offsetof(struct rv_siginfo_chld, utime) == 32, "_sigchld._utime at 32");
_Static_assert(offsetof(struct rv_siginfo_chld, stime) == 40, "_sigchld._stime at 40");

/* The guest number of a host signal (the inverse of rv_signal_to_host), or hsig itself when no
 * guest signal maps to it. */
static inline int rv_signal_from_host(int hsig)
{
    for (int sig = 1; sig <= RV_NSIG; sig++)
        if (rv_signal_to_host(sig) == hsig)
            return sig;
    return hsig;
}

/* A host wait status word in guest terms: the exit code stays, signal numbers are converted. */
static inline int rv_wait_status_to_guest(int st)
{
    int low = st & 0x7f;
    if (st == 0xffff || low == 0)                  /* continued, or exited with (st >> 8) & 0xff */
        return st;
    if (low == 0x7f)                               /* stopped: 0x7f | stopsig << 8 (+ ptrace event) */
        return (st & ~0xff00) | (rv_signal_from_host((st >> 8) & 0xff) << 8);
    return (st & ~0x7f) | rv_signal_from_host(low); /* killed: signal | 0x80 when it dumped core */
}

#endif
