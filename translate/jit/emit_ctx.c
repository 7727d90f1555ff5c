/*
 * translate/jit/emit_ctx.c - the emitters' shared steps: guest registers in and out of host
 * registers, and checked guest addresses.
 */
#include <signal.h>

#include "mem/addrspace.h"
#include "translate/jit/emit_ctx.h"
#include "translate/jit/pinned.h"

void rv_jit_load_x(struct rv_jit_emit *e, enum x86_reg r, int i)
{
    enum x86_reg pinned = rv_jit_pinned_host(i);
    if (i == 0)
        x86_mov_ri(&e->b, r, 0);
    else if (pinned != X86_NOREG)
        x86_mov_rr(&e->b, true, r, pinned);
    else
        x86_load(&e->b, 8, false, r, rv_jit_xreg(i));
}

void rv_jit_store_x(struct rv_jit_emit *e, int i, enum x86_reg r)
{
    enum x86_reg pinned = rv_jit_pinned_host(i);
    if (i == 0)
        return;
    if (pinned != X86_NOREG)
        x86_mov_rr(&e->b, true, pinned, r);
    else
        x86_store(&e->b, 8, rv_jit_xreg(i), r);
}

static int log2_size(int size)
{
    return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

/* rax = rs1 + imm; rcx = rax - GUEST_BASE, compared with the span an access of this size may
 * start in: one lea, one compare with a cpu field, one predicted branch. An address below the
 * range wraps to a huge value, so the one unsigned compare covers both ends. */
void rv_jit_address(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    rv_jit_load_x(e, X86_RAX, in->rs1);
    if (in->imm)
        x86_lea(&e->b, true, X86_RAX, x86_mem(X86_RAX, (int32_t)in->imm));
    x86_lea(&e->b, true, X86_RCX, x86_mem(X86_RAX, -(int32_t)GUEST_BASE));
    x86_alu_rm(&e->b, X86_CMP, true, X86_RCX, RV_JIT_CPU(mem_span[log2_size(size)]));
    rv_jit_fault_if(e, in, X86_CC_A, SIGSEGV);
}

void rv_jit_fault_if(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_cc cc, int signo)
{
    size_t at = x86_jcc(&e->b, cc);
    if (e->n_fixes < RV_JIT_MAX_FIXES)
        e->fixes[e->n_fixes++] = (struct rv_jit_fault_fix){ (uint32_t)at, signo, in->pc };
    else
        e->b.full = true;  /* cannot happen (two per instruction): never leave a check unwired */
}

void rv_jit_shift(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_shift op, bool w64,
                  bool imm)
{
    rv_jit_load_x(e, X86_RAX, in->rs1);
    if (imm) {
        x86_shift_ri(&e->b, op, w64, X86_RAX, (uint8_t)(in->imm & (w64 ? 63 : 31)));
    } else {
        rv_jit_load_x(e, X86_RCX, in->rs2);
        x86_shift_rcl(&e->b, op, w64, X86_RAX);
    }
    if (!w64)
        x86_movsx_rr(&e->b, 4, X86_RAX, X86_RAX);
    rv_jit_store_x(e, in->rd, X86_RAX);
}
