/*
 * translate/jit/emit_ctx.c - the emitters' shared steps: guest registers in and out of host
 * registers (pinned ones, cached copies, homes in struct rv_cpu), and checked guest addresses.
 */
#include <signal.h>

#include "mem/addrspace.h"
#include "translate/jit/emit_ctx.h"
#include "translate/jit/pinned.h"

static const enum x86_reg cache_regs[] = { X86_RDX, X86_RSI, X86_RDI, X86_R8 };
#define N_CACHE (int)(sizeof cache_regs / sizeof cache_regs[0])

void rv_jit_forget(struct rv_jit_emit *e, enum x86_reg r)
{
    e->holds[r] = -1;
}

void rv_jit_forget_all(struct rv_jit_emit *e)
{
    for (int r = 0; r < 16; r++)
        e->holds[r] = -1;
}

static enum x86_reg cached(const struct rv_jit_emit *e, int i)
{
    for (int k = 0; k < N_CACHE; k++)
        if (e->holds[cache_regs[k]] == i)
            return cache_regs[k];
    return X86_NOREG;
}

enum x86_reg rv_jit_get(struct rv_jit_emit *e, int i, enum x86_reg scratch)
{
    enum x86_reg r = i ? rv_jit_pinned_host(i) : X86_NOREG;
    if (r == X86_NOREG && i)
        r = cached(e, i);
    if (r != X86_NOREG)
        return r;
    if (i == 0)
        x86_mov_ri(&e->b, scratch, 0);
    else
        x86_load(&e->b, 8, false, scratch, rv_jit_xreg(i));
    return scratch;
}

enum x86_reg rv_jit_dest(struct rv_jit_emit *e, int i, unsigned avoid)
{
    if (i == 0)
        return X86_RAX;
    enum x86_reg r = rv_jit_pinned_host(i);
    if (r != X86_NOREG)
        return r;
    r = cached(e, i);  /* rd is also a source (avoided) or a dead copy: reuse it */
    if (r != X86_NOREG && !(avoid & (1u << r)))
        return r;
    for (int tries = 0; tries < N_CACHE; tries++) {
        r = cache_regs[e->victim];
        e->victim = (uint8_t)((e->victim + 1) % N_CACHE);
        if (!(avoid & (1u << r)))
            return r;
    }
    return X86_RAX;  /* every cache register holds a source: compute in scratch */
}

void rv_jit_put(struct rv_jit_emit *e, int i, enum x86_reg r)
{
    if (i == 0 || rv_jit_pinned_host(i) != X86_NOREG)
        return;
    enum x86_reg old = cached(e, i);
    if (old != X86_NOREG)
        e->holds[old] = -1;
    x86_store(&e->b, 8, rv_jit_xreg(i), r);
    if (r != X86_RAX && r != X86_RCX)
        e->holds[r] = (int8_t)i;
}

void rv_jit_load_x(struct rv_jit_emit *e, enum x86_reg r, int i)
{
    enum x86_reg from = rv_jit_get(e, i, r);
    if (from != r)
        x86_mov_rr(&e->b, true, r, from);
}

void rv_jit_store_x(struct rv_jit_emit *e, int i, enum x86_reg r)
{
    if (i == 0)
        return;
    enum x86_reg pinned = rv_jit_pinned_host(i);
    if (pinned != X86_NOREG) {
        x86_mov_rr(&e->b, true, pinned, r);
        return;
    }
    enum x86_reg old = cached(e, i);
    if (old != X86_NOREG)
        e->holds[old] = -1;
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
    enum x86_reg base = rv_jit_get(e, in->rs1, X86_RAX);
    if (in->imm || base != X86_RAX)
        x86_lea(&e->b, true, X86_RAX, x86_mem(base, (int32_t)in->imm));
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

/* rd = rs1 shifted by imm, or by rs2 (in cl) */
void rv_jit_shift(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_shift op, bool w64,
                  bool imm)
{
    enum x86_reg src = rv_jit_get(e, in->rs1, X86_RAX);
    if (!imm)
        rv_jit_load_x(e, X86_RCX, in->rs2);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 1u << src);
    if (dst != src || !w64)
        x86_mov_rr(&e->b, w64, dst, src);
    if (imm)
        x86_shift_ri(&e->b, op, w64, dst, (uint8_t)(in->imm & (w64 ? 63 : 31)));
    else
        x86_shift_rcl(&e->b, op, w64, dst);
    if (!w64)
        x86_movsx_rr(&e->b, 4, dst, dst);
    rv_jit_put(e, in->rd, dst);
}
