/*
 * tests/unit/test_sigframe.c - the riscv64 signal frame built by syscall/signal/sigframe.c and
 * unwound by rt_sigreturn, checked field by field in real guest memory: what the handler is
 * entered with, what the frame holds (abi/ucontext.h layout), the trampoline, the masks, the
 * alternate stack, and that rt_sigreturn restores every register from the (edited) frame.
 * Criterion runs each test in its own process, so signal state stays inside one test.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi/signal.h"
#include "abi/ucontext.h"
#include "mem/addrspace.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

static struct rv_cpu cpu;
static guest_addr mem;  /* eight read-write guest pages */
#define HANDLER UINT64_C(0x5000)
#define OLD_PC UINT64_C(0x1234000)

#define CALL(handler, ...) handler(&cpu, (const uint64_t[6]){ __VA_ARGS__ })

static void setup(void)
{
    cr_assert_eq(guest_as_init(), 0);
    long r = guest_mmap(0, 8 * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0);
    mem = (guest_addr)r;
    memset(&cpu, 0, sizeof cpu);
    for (int i = 1; i < 32; i++)
        cpu.x[i] = 1000 + (uint64_t)i;
    for (int i = 0; i < 32; i++)
        cpu.f[i] = 0x4000000000000000u + (uint64_t)i;
    cpu.x[2] = mem + 4 * GUEST_PAGE_SIZE - 40;  /* misaligned on purpose */
    cpu.pc = OLD_PC;
    cpu.fflags = 3;
    cpu.frm = 2;
    rv_sig_set_cpu(&cpu);
    rv_sig_set_blocked(0);
}

static void set_action(int sig, uint64_t flags, uint64_t mask)
{
    struct rv_sigaction act = { .handler = HANDLER, .flags = flags, .mask = mask };
    cr_assert_eq(copy_to_guest(mem, &act, sizeof act), 0);
    cr_assert_eq(CALL(sys_rt_sigaction, sig, mem, 0, 8), 0);
}

static struct rv_rt_sigframe read_frame(guest_addr at)
{
    struct rv_rt_sigframe f;
    cr_assert_eq(copy_from_guest(&f, at, sizeof f), 0);
    return f;
}

Test(sigframe, fault_enters_handler_with_full_frame, .init = setup)
{
    set_action(RV_SIGSEGV, RV_SA_SIGINFO, RV_SIGBIT(RV_SIGUSR1));
    uint64_t old_sp = cpu.x[2];
    cr_assert(rv_sig_take_fault(RV_SIGSEGV, RV_SEGV_MAPERR, 0x42));
    cr_assert_eq(cpu.signal_pending, 1);
    rv_sig_deliver(&cpu);

    uint64_t sp = cpu.x[2];
    cr_assert_eq(sp % 16, 0);
    cr_assert_leq(sp + sizeof(struct rv_rt_sigframe), old_sp);
    cr_assert_gt(sp + sizeof(struct rv_rt_sigframe) + 16, old_sp);
    cr_assert_eq(cpu.pc, HANDLER);
    cr_assert_eq(cpu.x[10], RV_SIGSEGV);
    cr_assert_eq(cpu.x[11], sp);
    cr_assert_eq(cpu.x[12], sp + 128);
    cr_assert_eq(cpu.signal_pending, 0);
    cr_assert_eq(rv_sig_blocked(), RV_SIGBIT(RV_SIGUSR1) | RV_SIGBIT(RV_SIGSEGV));

    uint32_t tramp[2];
    cr_assert_eq(copy_from_guest(tramp, cpu.x[1], sizeof tramp), 0);
    cr_assert_eq(tramp[0], 0x08b00893u, "li a7, 139");
    cr_assert_eq(tramp[1], 0x00000073u, "ecall");
    cr_assert(guest_as_accessible(cpu.x[1], 8, PROT_READ | PROT_EXEC));

    struct rv_rt_sigframe f = read_frame(sp);
    cr_assert_eq(f.info.signo, RV_SIGSEGV);
    cr_assert_eq(f.info.code, RV_SEGV_MAPERR);
    cr_assert_eq(f.info.u.fault.addr, 0x42);
    cr_assert_eq(f.uc.sigmask, 0);
    cr_assert_eq(f.uc.stack.flags, RV_SS_DISABLE);
    cr_assert_eq(f.uc.mcontext.regs.r[0], OLD_PC);
    cr_assert_eq(f.uc.mcontext.regs.r[2], old_sp);
    for (int i = 1; i < 32; i++)
        if (i != 2)
            cr_assert_eq(f.uc.mcontext.regs.r[i], 1000 + (uint64_t)i, "x%d", i);
    cr_assert_eq(f.uc.mcontext.fp.d.f[7], 0x4000000000000007u);
    cr_assert_eq(f.uc.mcontext.fp.d.fcsr, 3 | 2 << 5);
    cr_assert_eq(f.uc.mcontext.fp.ext.reserved, 0);
    cr_assert_eq(f.uc.mcontext.fp.ext.hdr.magic, RV_END_MAGIC);
    cr_assert_eq(f.uc.mcontext.fp.ext.hdr.size, RV_END_HDR_SIZE);
}

Test(sigframe, sigreturn_restores_the_edited_frame, .init = setup)
{
    set_action(RV_SIGILL, 0, 0);
    cr_assert(rv_sig_take_fault(RV_SIGILL, RV_ILL_ILLOPC, OLD_PC));
    rv_sig_deliver(&cpu);
    uint64_t sp = cpu.x[2];
    struct rv_rt_sigframe f = read_frame(sp);
    f.uc.mcontext.regs.r[0] += 4;     /* skip the instruction */
    f.uc.mcontext.regs.r[10] = 77;    /* a0 */
    f.uc.mcontext.fp.d.fcsr = 1 << 5; /* frm 1, no flags */
    cr_assert_eq(copy_to_guest(sp, &f, sizeof f), 0);

    memset(cpu.x, 0, sizeof cpu.x);
    memset(cpu.f, 0, sizeof cpu.f);
    cpu.x[2] = sp;  /* the handler returns with its sp where the frame is */
    long r = CALL(sys_rt_sigreturn, 0);
    cr_assert_eq(r, 77);
    /* the engine adds the ecall's 4 bytes afterwards, landing on the edited pc */
    cr_assert_eq(cpu.pc + 4, f.uc.mcontext.regs.r[0]);
    cr_assert_eq(cpu.x[2], mem + 4 * GUEST_PAGE_SIZE - 40);
    cr_assert_eq(cpu.x[31], 1031);
    cr_assert_eq(cpu.f[31], 0x400000000000001fu);
    cr_assert_eq(cpu.fflags, 0);
    cr_assert_eq(cpu.frm, 1);
    cr_assert_eq(rv_sig_blocked(), 0, "the frame's mask is back");
}

Test(sigframe, nodefer_and_resethand, .init = setup)
{
    set_action(RV_SIGTRAP, RV_SA_NODEFER | RV_SA_RESETHAND, 0);
    cr_assert(rv_sig_take_fault(RV_SIGTRAP, RV_TRAP_BRKPT, OLD_PC));
    rv_sig_deliver(&cpu);
    cr_assert_eq(cpu.pc, HANDLER);
    cr_assert_eq(rv_sig_blocked(), 0, "SA_NODEFER leaves the signal unblocked");
    cr_assert_eq(rv_sig_action(RV_SIGTRAP).handler, RV_SIG_DFL, "SA_RESETHAND");
    cr_assert_not(rv_sig_take_fault(RV_SIGTRAP, RV_TRAP_BRKPT, OLD_PC), "default now: fatal");
}

Test(sigframe, blocked_fault_is_fatal, .init = setup)
{
    set_action(RV_SIGSEGV, 0, 0);
    rv_sig_set_blocked(RV_SIGBIT(RV_SIGSEGV));
    cr_assert_not(rv_sig_take_fault(RV_SIGSEGV, RV_SEGV_MAPERR, 0x42));
}

Test(sigframe, onstack_uses_the_alternate_stack, .init = setup)
{
    struct rv_stack ss = { .sp = mem + 5 * GUEST_PAGE_SIZE, .size = 2 * GUEST_PAGE_SIZE };
    cr_assert_eq(copy_to_guest(mem + 64, &ss, sizeof ss), 0);
    cr_assert_eq(CALL(sys_sigaltstack, mem + 64, 0), 0);
    set_action(RV_SIGSEGV, RV_SA_ONSTACK, 0);
    cr_assert(rv_sig_take_fault(RV_SIGSEGV, RV_SEGV_ACCERR, 0x42));
    rv_sig_deliver(&cpu);
    uint64_t sp = cpu.x[2];
    cr_assert_eq(sp, (ss.sp + ss.size - sizeof(struct rv_rt_sigframe)) & ~UINT64_C(15));
    struct rv_rt_sigframe f = read_frame(sp);
    cr_assert_eq(f.uc.stack.sp, ss.sp);
    cr_assert_eq(f.uc.stack.size, ss.size);
    cr_assert_eq(f.uc.stack.flags, 0, "the interrupted code was not on the alternate stack");
}

/* Frame errors are the kernel's force_sigsegv: the test process itself dies by SIGSEGV. */
Test(sigframe, unwritable_stack_kills_by_sigsegv, .init = setup, .signal = SIGSEGV)
{
    set_action(RV_SIGSEGV, 0, 0);
    cpu.x[2] = 0x10;  /* no guest memory below */
    cr_assert(rv_sig_take_fault(RV_SIGSEGV, RV_SEGV_MAPERR, 0x8));
    rv_sig_deliver(&cpu);
}

Test(sigframe, corrupt_frame_kills_by_sigsegv, .init = setup, .signal = SIGSEGV)
{
    set_action(RV_SIGILL, 0, 0);
    cr_assert(rv_sig_take_fault(RV_SIGILL, RV_ILL_ILLOPC, OLD_PC));
    rv_sig_deliver(&cpu);
    uint32_t junk = 1;
    cr_assert_eq(copy_to_guest(cpu.x[2] + offsetof(struct rv_rt_sigframe, uc.mcontext.fp.ext.reserved),
                               &junk, sizeof junk), 0);
    (void)CALL(sys_rt_sigreturn, 0);
}
