/*
 * translate/jit/interpret.c - a block that is not hot yet, run with the interpreter's
 * per-instruction functions (exec_one.c) instead of translated.
 *
 * Most blocks of a program run a few times or once (a static hello: 668 blocks for 22 000
 * instructions), and translating one (about 2 us) costs as much as interpreting it a hundred
 * times, so the dispatcher (jit_engine.c) translates a block only on its rv_jit_hot_runs-th run
 * and interprets it before that. 8: a static hello then translates 36 blocks instead of 668
 * (75 us of translation instead of 1.3 ms); gcc's cc1, whose 189 000 blocks mostly run often,
 * still translates 150 000 of them, and the runs interpreted first are a few milliseconds of
 * its nine seconds. CROSSRUN_JIT_HOT=N sets it (1: translate at once, as the differential
 * tester does); -d in_asm/out_asm set 1, so the log shows every block run. The results are the
 * interpreter's by construction: the same functions the translator's own helper calls use. State lives in struct rv_cpu throughout
 * (translated code keeps it there too whenever it is outside its own code), faults unwind
 * through rv_interp_fault or reach the host fault handler with cpu->pc set by the access, as in
 * a helper called from translated code.
 */
#include "translate/jit/jit.h"

unsigned rv_jit_hot_runs = 8;

/* The slot of the direct exit to pc, after the block's last instruction `last` ran. */
static int exit_slot(const struct rv_jit_tb *t, uint32_t n, guest_addr pc)
{
    const struct rv_dinsn *last = &t->insns[n - 1];
    if (rv_jit_is_direct(last) && pc == rv_jit_exit_target(t, n, 0))
        return 0;
    return pc == rv_jit_exit_target(t, n, 1) && last->op != rv_op_jalr ? 1 : -1;
}

uintptr_t rv_jit_interpret(struct rv_cpu *cpu, struct rv_jit_tb *t, int *slot)
{
    const struct rv_dinsn *in = t->insns;
    uint32_t n = rv_jit_count(t);  /* once: another thread may trim it before translating */
    uint32_t skipped_end = UINT32_MAX, skipped = 0;  /* a hammock run through (hammock.c) */
    int side_exits = 0;
    *slot = -1;
    for (uint32_t i = 0; i < n; i++) {  /* a jump followed (superblock.c) leads to i + 1 */
        if (i == skipped_end)
            cpu->instret += skipped;
        rv_jit_exec_fns[in[i].op](cpu, &in[i]);  /* an illegal one unwinds, never returns */
        if (i + 1 < n && in[i].superblock == RV_DINSN_SIDE_EXIT) {
            if (cpu->pc != in[i + 1].pc) {  /* taken: on at its target (superblock.c) */
                __atomic_add_fetch(&t->side_taken[side_exits], 1, __ATOMIC_RELAXED);
                cpu->instret += (uint64_t)in[i].idx + 1;
                return cpu->signal_pending ? RV_JIT_EXIT_SIGNAL : 0;
            }
            side_exits++;
        } else if (i + 1 < n && !in[i].superblock && in[i].op < rv_op_count &&
                   (rv_op_flags[in[i].op] & RVF_BRANCH)) {
            uint32_t to = rv_jit_hammock_end(t, i);  /* a hammock's branch */
            if (cpu->pc == in[i + 1].pc) {
                skipped_end = to;
                skipped = to - i - 1;
            } else {
                i = to - 1;
            }
        }
    }
    cpu->instret += (uint64_t)in[n - 1].idx + 1;
    uint16_t last = in[n - 1].op;
    switch (last) {
    case rv_op_ecall:   return RV_JIT_EXIT_ECALL;    /* cpu->pc at it, as translated code leaves */
    case rv_op_ebreak:  return RV_JIT_EXIT_EBREAK;
    case rv_op_fence_i: return RV_JIT_EXIT_FENCE_I;
    default:
        break;
    }
    if (!(rv_op_flags[last] & RVF_ENDS_BLOCK))
        cpu->pc = t->tb.end;  /* a straight-line block: on to the next one */
    *slot = exit_slot(t, n, cpu->pc);
    return cpu->signal_pending ? RV_JIT_EXIT_SIGNAL : 0;
}
