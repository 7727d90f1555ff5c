/*
 * abi/signal.h - guest (riscv64) signal numbers, the kernel's struct sigaction and stack_t.
 *
 * Sources: asm-generic/signal.h and asm-generic/signal-defs.h (riscv64 uses them as they are),
 * linux/signal.h for SS_*. The trap this file exists for: the riscv64 kernel sigaction is
 * { handler, flags, mask } (24 bytes) because riscv64 does not define SA_RESTORER, while the
 * x86-64 one is { handler, flags, restorer, mask } (32 bytes), so a guest sigaction can never
 * be passed to the host as it is. Signal numbers are the generic ones on both sides; they are
 * still listed here, with names for --strace, so that conversion stays one explicit table.
 */
#ifndef CROSSRUN_ABI_SIGNAL_H
#define CROSSRUN_ABI_SIGNAL_H

#include <stddef.h>
#include <stdint.h>

#include "abi/types.h"

#define RV_NSIG       64     /* _NSIG: signals 1..64; a guest sigset_t is one 64-bit word */
#define RV_SIGRTMIN   32

/* name, guest number, default action: T terminate, C core (terminate), I ignore, S stop,
 * K continue. Host numbers on x86-64 are the same (asm-generic numbering). */
#define RV_SIGNAL_TABLE(X)   \
    X(SIGHUP,     1, T)      \
    X(SIGINT,     2, T)      \
    X(SIGQUIT,    3, C)      \
    X(SIGILL,     4, C)      \
    X(SIGTRAP,    5, C)      \
    X(SIGABRT,    6, C)      \
    X(SIGBUS,     7, C)      \
    X(SIGFPE,     8, C)      \
    X(SIGKILL,    9, T)      \
    X(SIGUSR1,   10, T)      \
    X(SIGSEGV,   11, C)      \
    X(SIGUSR2,   12, T)      \
    X(SIGPIPE,   13, T)      \
    X(SIGALRM,   14, T)      \
    X(SIGTERM,   15, T)      \
    X(SIGSTKFLT, 16, T)      \
    X(SIGCHLD,   17, I)      \
    X(SIGCONT,   18, K)      \
    X(SIGSTOP,   19, S)      \
    X(SIGTSTP,   20, S)      \
    X(SIGTTIN,   21, S)      \
    X(SIGTTOU,   22, S)      \
    X(SIGURG,    23, I)      \
    X(SIGXCPU,   24, C)      \
    X(SIGXFSZ,   25, C)      \
    X(SIGVTALRM, 26, T)      \
    X(SIGPROF,   27, T)      \
    X(SIGWINCH,  28, I)      \
    X(SIGIO,     29, T)      \
    X(SIGPWR,    30, T)      \
    X(SIGSYS,    31, C)

enum {
#define RV_SIG_ENUM(name, nr, dfl) RV_##name = nr,
    RV_SIGNAL_TABLE(RV_SIG_ENUM)
#undef RV_SIG_ENUM
};

/* Bit for signal `sig` (1..64) in a guest sigset. */
#define RV_SIGBIT(sig) (UINT64_C(1) << ((sig) - 1))

#define RV_SIG_DFL  UINT64_C(0)
#define RV_SIG_IGN  UINT64_C(1)

#define RV_SA_NOCLDSTOP      0x00000001u
#define RV_SA_NOCLDWAIT      0x00000002u
#define RV_SA_SIGINFO        0x00000004u
#define RV_SA_UNSUPPORTED    0x00000400u
#define RV_SA_EXPOSE_TAGBITS 0x00000800u
#define RV_SA_ONSTACK        0x08000000u
#define RV_SA_RESTART        0x10000000u
#define RV_SA_NODEFER        0x40000000u
#define RV_SA_RESETHAND      0x80000000u
/* The flags a riscv64 kernel keeps (UAPI_SA_FLAGS, no __ARCH_UAPI_SA_FLAGS since there is no
 * SA_RESTORER); others are cleared so that old-action readers can detect unsupported flags. */
#define RV_SA_UAPI_FLAGS (RV_SA_NOCLDSTOP | RV_SA_NOCLDWAIT | RV_SA_SIGINFO | RV_SA_ONSTACK | \
                          RV_SA_RESTART | RV_SA_NODEFER | RV_SA_RESETHAND | RV_SA_EXPOSE_TAGBITS)

#define RV_SIG_BLOCK    0
#define RV_SIG_UNBLOCK  1
#define RV_SIG_SETMASK  2

/* struct sigaction as the riscv64 kernel reads it (asm-generic/signal.h without SA_RESTORER). */
struct rv_sigaction {
    guest_addr handler;     /* sa_handler / sa_sigaction, or SIG_DFL (0) / SIG_IGN (1) */
    guest_ulong flags;      /* SA_* */
    uint64_t mask;          /* sigset_t: one word, bit sig-1 */
};
_Static_assert(sizeof(struct rv_sigaction) == 24, "riscv64 kernel sigaction is 24 bytes");
_Static_assert(offsetof(struct rv_sigaction, flags) == 8, "sa_flags at 8");
_Static_assert(offsetof(struct rv_sigaction, mask) == 16, "sa_mask at 16 (no sa_restorer)");

#define RV_SS_ONSTACK     1
#define RV_SS_DISABLE     2
#define RV_SS_AUTODISARM  0x80000000u
#define RV_MINSIGSTKSZ    2048

/* stack_t (asm-generic/signal.h: void *ss_sp; int ss_flags; size_t ss_size). */
struct rv_stack {
    guest_addr sp;
    int32_t flags;
    uint32_t pad;
    guest_ulong size;
};
_Static_assert(sizeof(struct rv_stack) == 24, "riscv64 stack_t is 24 bytes");
_Static_assert(offsetof(struct rv_stack, flags) == 8, "ss_flags at 8");
_Static_assert(offsetof(struct rv_stack, size) == 16, "ss_size at 16");

/* Name of a guest signal ("SIGINT", "SIGRT_3"), or NULL when sig is outside 1..64. */
const char *rv_signal_name(int sig);

/* The host signal number for a guest one (identity for 1..64 on x86-64), or -1. */
int rv_signal_to_host(int sig);

/* Default action of a guest signal: 'T', 'C', 'I', 'S' or 'K' (real-time signals: 'T'). */
char rv_signal_default_action(int sig);

#endif
