/*
 * abi/ucontext.h - the riscv64 signal frame: siginfo, ucontext and struct rt_sigframe, exactly as
 * the riscv64 kernel writes them on the user stack (arch/riscv/kernel/signal.c, uapi
 * asm/ucontext.h, asm/sigcontext.h, asm/ptrace.h, asm-generic/siginfo.h).
 *
 * Guest handlers read (and may modify) this memory: glibc's ucontext_t, libunwind, garbage
 * collectors and sanitizers all index into it, so every offset is pinned by an assertion.
 * Layout notes: the 8-byte uc_sigmask is followed by padding to the kernel's 1024-bit sigset,
 * and uc_mcontext is 16-byte aligned because union __riscv_fp_state contains the Q-extension
 * state whose f[] is aligned(16). Without the V extension, the kernel ends the extension area
 * with an END header (magic 0, size 0) in sc_extdesc.hdr and requires sc_extdesc.reserved == 0
 * on rt_sigreturn.
 */
#ifndef CROSSRUN_ABI_UCONTEXT_H
#define CROSSRUN_ABI_UCONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "abi/signal.h"

/* siginfo_t, generic layout (asm-generic/siginfo.h): 3 ints, padding to 8, then the union.
 * The 64-bit x86-64 host uses the same layout, so host siginfo copies over verbatim. */
struct rv_siginfo {
    int32_t signo;
    int32_t err;
    int32_t code;
    int32_t pad0;
    union {
        struct { int32_t pid; uint32_t uid; } kill;            /* SI_USER, SI_TKILL */
        struct { int32_t pid; uint32_t uid; uint64_t value; } rt; /* SI_QUEUE */
        struct { guest_addr addr; } fault;                       /* SIGSEGV, SIGILL, SIGTRAP... */
        struct { int32_t tid; int32_t overrun; uint64_t value; } timer; /* SI_TIMER */
        uint8_t raw[128 - 16];
    } u;
};
_Static_assert(sizeof(struct rv_siginfo) == 128, "SI_MAX_SIZE is 128");
_Static_assert(offsetof(struct rv_siginfo, u) == 16, "__ARCH_SI_PREAMBLE_SIZE is 16 on 64-bit");
_Static_assert(offsetof(struct rv_siginfo, u.rt.value) == 24, "si_value after pid/uid");
_Static_assert(offsetof(struct rv_siginfo, u.timer.overrun) == 20 &&
               offsetof(struct rv_siginfo, u.timer.value) == 24, "si_timerid, si_overrun, si_value");

#define RV_SI_USER     0
#define RV_SI_KERNEL   0x80
#define RV_SI_QUEUE    (-1)
#define RV_SI_TIMER    (-2)
#define RV_SI_TKILL    (-6)
#define RV_ILL_ILLOPC  1
#define RV_SEGV_MAPERR 1
#define RV_SEGV_ACCERR 2
#define RV_BUS_ADRALN  1
#define RV_TRAP_BRKPT  1

/* struct user_regs_struct (asm/ptrace.h): pc, then x1..x31 in register order. Slot i is xi
 * for i >= 1, which is how this code indexes it. */
struct rv_user_regs {
    uint64_t r[32];  /* r[0] = pc, r[1] = ra, r[2] = sp, ... r[31] = t6 */
};

/* struct __riscv_extra_ext_header (asm/sigcontext.h): overlays the FP union; the header of the
 * first extension sits in its last 8 bytes. */
struct rv_ctx_hdr {
    uint32_t magic;
    uint32_t size;
};
#define RV_END_MAGIC    0
#define RV_END_HDR_SIZE 0

/* struct sigcontext: sc_regs then the union { __riscv_fp_state sc_fpregs;
 * __riscv_extra_ext_header sc_extdesc; }. The D-extension state is f[32] then fcsr; the union
 * is as large as the Q state (f[64] aligned 16, fcsr, reserved[3]) = 528 bytes. */
struct rv_sigcontext {
    struct rv_user_regs regs;
    union {
        struct {
            uint64_t f[32];
            uint32_t fcsr;
        } d;
        struct {
            uint32_t padding[129];
            uint32_t reserved;      /* must be 0 (checked on rt_sigreturn) */
            struct rv_ctx_hdr hdr;  /* END header when there is no vector state */
        } ext;
        struct {
            _Alignas(16) uint64_t f[64];
            uint32_t fcsr;
            uint32_t reserved[3];
        } q;
    } fp;
};
_Static_assert(sizeof(struct rv_user_regs) == 256, "user_regs_struct is 32 u64");
_Static_assert(offsetof(struct rv_sigcontext, fp) == 256, "sc_fpregs after sc_regs");
_Static_assert(offsetof(struct rv_sigcontext, fp.d.fcsr) == 256 + 256, "__riscv_d_ext_state.fcsr");
_Static_assert(offsetof(struct rv_sigcontext, fp.ext.reserved) == 256 + 516,
               "__riscv_extra_ext_header.reserved after __padding[129]");
_Static_assert(offsetof(struct rv_sigcontext, fp.ext.hdr) == 256 + 520, "first ctx header");
_Static_assert(sizeof(struct rv_sigcontext) == 784, "sigcontext: 256 + 528");

/* struct ucontext (riscv uapi asm/ucontext.h). */
struct rv_ucontext {
    uint64_t flags;
    guest_addr link;
    struct rv_stack stack;
    uint64_t sigmask;
    uint8_t unused[1024 / 8 - 8];
    struct rv_sigcontext mcontext;
};
_Static_assert(offsetof(struct rv_ucontext, stack) == 16, "uc_stack at 16");
_Static_assert(offsetof(struct rv_ucontext, sigmask) == 40, "uc_sigmask at 40");
_Static_assert(offsetof(struct rv_ucontext, mcontext) == 176, "uc_mcontext 16-aligned at 176");
_Static_assert(sizeof(struct rv_ucontext) == 960, "riscv64 ucontext is 960 bytes");

/* struct rt_sigframe (arch/riscv/kernel/signal.c, MMU kernels: no sigreturn_code). */
struct rv_rt_sigframe {
    struct rv_siginfo info;
    struct rv_ucontext uc;
};
_Static_assert(offsetof(struct rv_rt_sigframe, uc) == 128, "uc after the 128-byte siginfo");
_Static_assert(sizeof(struct rv_rt_sigframe) == 1088, "riscv64 rt_sigframe without V state");

#endif
