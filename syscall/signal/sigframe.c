/*
 * syscall/signal/sigframe.c - riscv64 signal frames: building one to enter a guest handler, and
 * rt_sigreturn, which unwinds it.
 *
 * The frame is the kernel's struct rt_sigframe (abi/ucontext.h), placed and filled as
 * arch/riscv/kernel/signal.c does: below the guest sp (or at the top of the alternate stack
 * for SA_ONSTACK when not already on it), 16-byte aligned; a0 = signo, a1 = &info, a2 = &uc
 * whether or not SA_SIGINFO is set; ra = a return trampoline. The kernel's trampoline is
 * __vdso_rt_sigreturn; crossrun has no vDSO, so it maps one read+exec guest page named "[vdso]"
 * holding the same two instructions (li a7, 139; ecall), before the guest runs, as the kernel
 * maps its vDSO at exec: mapped at the first delivery instead, it took the hole a guest had
 * just made with munmap, and an address the guest knew to be unmapped (stress-ng's mincore
 * check) turned mapped under it.
 * rt_sigreturn reloads everything from the frame in guest memory, so a handler that edits its
 * ucontext (pc to skip an instruction, a register) changes how the guest resumes.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "abi/syscall_nr.h"
#include "abi/ucontext.h"
#include "mem/addrspace.h"
#include "syscall/signal/sigaltstack.h"
#include "syscall/signal/sigstate.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"
#include "translate/cpu.h"

static pthread_once_t tramp_once = PTHREAD_ONCE_INIT;
static guest_addr tramp_addr;

static void tramp_map(void)
{
    static const uint32_t code[2] = {
        0x08b00893u,  /* addi a7, zero, 139 (__NR_rt_sigreturn) */
        0x00000073u,  /* ecall */
    };
    long addr = guest_mmap(0, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, "[vdso]");
    if (addr < 0)
        return;
    if (copy_to_guest((guest_addr)addr, code, sizeof code) < 0 ||
        guest_mprotect((guest_addr)addr, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC) < 0)
        return;
    tramp_addr = (guest_addr)addr;
}

void rv_sig_map_trampoline(void)
{
    pthread_once(&tramp_once, tramp_map);
}

/* sas_ss_flags(): what uc_stack.ss_flags says about sp. */
static struct rv_stack saved_altstack(uint64_t sp)
{
    struct rv_stack ss = rv_sig_altstack();
    if (ss.flags & RV_SS_DISABLE)
        return (struct rv_stack){ .flags = RV_SS_DISABLE };
    ss.flags = (int32_t)(((uint32_t)ss.flags & RV_SS_AUTODISARM) |
                         (rv_sig_on_altstack(sp) ? RV_SS_ONSTACK : 0));
    return ss;
}

/* Enters the handler of one signal taken by rv_sig_next. */
static void deliver_one(struct rv_cpu *cpu, int sig, const struct rv_siginfo *info,
                        const struct rv_sigaction *act_in, uint64_t frame_mask)
{
    struct rv_sigaction act = *act_in;
    rv_sig_map_trampoline();  /* done at start-up: a no-op here but in unit tests */

    uint64_t sp = cpu->x[2];
    struct rv_stack alt = rv_sig_altstack();
    bool use_alt = (act.flags & RV_SA_ONSTACK) && !(alt.flags & RV_SS_DISABLE) &&
                   !rv_sig_on_altstack(sp);
    if (use_alt)
        sp = alt.sp + alt.size;
    sp = (sp - sizeof(struct rv_rt_sigframe)) & ~(uint64_t)15;

    struct rv_rt_sigframe frame;
    memset(&frame, 0, sizeof frame);
    frame.info = *info;
    frame.uc.stack = saved_altstack(cpu->x[2]);
    frame.uc.sigmask = frame_mask;
    frame.uc.mcontext.regs.r[0] = cpu->pc;
    for (int i = 1; i < 32; i++)
        frame.uc.mcontext.regs.r[i] = cpu->x[i];
    for (int i = 0; i < 32; i++)
        frame.uc.mcontext.fp.d.f[i] = cpu->f[i];
    frame.uc.mcontext.fp.d.fcsr = (cpu->fflags & 0x1f) | (cpu->frm & 7) << 5;
    frame.uc.mcontext.fp.ext.reserved = 0;
    frame.uc.mcontext.fp.ext.hdr = (struct rv_ctx_hdr){ RV_END_MAGIC, RV_END_HDR_SIZE };

    if (!tramp_addr || copy_to_guest(sp, &frame, sizeof frame) < 0) {
        /* Unwritable stack: the kernel's force_sigsegv, i.e. death by SIGSEGV. */
        rv_sig_force_sigsegv();
    }
    if (use_alt && ((uint32_t)alt.flags & RV_SS_AUTODISARM))
        rv_sig_disarm_altstack();

    cpu->x[1] = tramp_addr;
    cpu->x[2] = sp;
    cpu->x[10] = (uint64_t)sig;
    cpu->x[11] = sp + offsetof(struct rv_rt_sigframe, info);
    cpu->x[12] = sp + offsetof(struct rv_rt_sigframe, uc);
    cpu->pc = act.handler;
    cpu->reservation_valid = false;

    uint64_t mask = rv_sig_blocked() | act.mask;
    if (!(act.flags & RV_SA_NODEFER))
        mask |= RV_SIGBIT(sig);
    rv_sig_set_blocked(mask);
}

/* Like the kernel before returning to user mode: every deliverable signal gets its frame, each
 * on top of the previous one, so the last one's handler runs first. */
void rv_sig_deliver(struct rv_cpu *cpu)
{
    int sig;
    struct rv_siginfo info;
    struct rv_sigaction act;
    uint64_t frame_mask;
    while (rv_sig_next(&sig, &info, &act, &frame_mask))
        deliver_one(cpu, sig, &info, &act, frame_mask);
}

/* rt_sigreturn(): the frame is at the guest sp the handler returned with. The engine adds
 * the ecall's 4 bytes to pc afterwards, hence pc - 4; the result is the restored a0, which
 * rv_syscall stores back into a0 unchanged (it never maps rt_sigreturn's value as an errno). */
long sys_rt_sigreturn(struct rv_cpu *cpu, const uint64_t *a)
{
    (void)a;
    struct rv_rt_sigframe frame;
    guest_addr sp = cpu->x[2];
    if (copy_from_guest(&frame, sp, sizeof frame) < 0 || frame.uc.mcontext.fp.ext.reserved != 0) {
        rv_sig_force_sigsegv();  /* the kernel's bad-frame force_sig(SIGSEGV) */
    }

    for (int i = 1; i < 32; i++)
        cpu->x[i] = frame.uc.mcontext.regs.r[i];
    for (int i = 0; i < 32; i++)
        cpu->f[i] = frame.uc.mcontext.fp.d.f[i];
    cpu->fflags = frame.uc.mcontext.fp.d.fcsr & 0x1f;
    cpu->frm = (frame.uc.mcontext.fp.d.fcsr >> 5) & 7;
    rv_cpu_fp_mode_written(cpu);
    cpu->reservation_valid = false;
    cpu->pc = frame.uc.mcontext.regs.r[0] - 4;
    (void)rv_sig_restore_altstack(&frame.uc.stack, cpu->x[2]);
    rv_sig_set_blocked(frame.uc.sigmask);
    return (long)cpu->x[10];
}
