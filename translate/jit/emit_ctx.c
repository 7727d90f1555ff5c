/*
 * translate/jit/emit_ctx.c - the emitters' shared steps: guest registers in and out of host
 * registers (pinned ones, cached copies, homes in struct rv_cpu), and checked guest addresses.
 */
#include <limits.h>
#include <signal.h>

#include "mem/addrspace.h"
#include "translate/jit/emit_ctx.h"
#include "translate/jit/pinned.h"

#define N_CACHE RV_JIT_CACHE_REGS
#define cache_regs rv_jit_cache_regs
_Static_assert(sizeof cache_regs / sizeof cache_regs[0] == N_CACHE, "jit.h's count, pinned.h's list");

/* Drops r's copy without writing it back (its value is dead or superseded). */
static void drop(struct rv_jit_emit *e, enum x86_reg r)
{
    e->holds[r] = -1;
    e->dirty &= ~(1u << r);
}

/* Stores r's copy to its home if it is newer. */
static void write_back(struct rv_jit_emit *e, enum x86_reg r)
{
    if (e->dirty & (1u << r)) {
        x86_store(&e->b, 8, rv_jit_xreg(e->holds[r]), r);
        e->dirty &= ~(1u << r);
    }
}

void rv_jit_forget(struct rv_jit_emit *e, enum x86_reg r)
{
    write_back(e, r);
    drop(e, r);
    e->busy |= 1u << r;
}

void rv_jit_forget_all(struct rv_jit_emit *e)
{
    for (int k = 0; k < N_CACHE; k++)
        rv_jit_forget(e, cache_regs[k]);
    rv_jit_fault_point(e);  /* nothing dirty for the rest of the instruction: AMOs may fault */
}

void rv_jit_flush(struct rv_jit_emit *e)
{
    for (int k = 0; k < N_CACHE; k++)
        write_back(e, cache_regs[k]);
}

/* The dirty copies now, as t->dirty records them. */
static void dirty_map(const struct rv_jit_emit *e, int8_t map[N_CACHE])
{
    for (int k = 0; k < N_CACHE; k++)
        map[k] = (e->dirty & (1u << cache_regs[k])) ? e->holds[cache_regs[k]] : 0;
}

void rv_jit_fault_point(struct rv_jit_emit *e)
{
    dirty_map(e, rv_jit_dirty(e->t)[e->at]);
}

void rv_jit_write_back(struct rv_jit_emit *e, const int8_t dirty[N_CACHE])
{
    for (int k = 0; k < N_CACHE; k++)
        if (dirty[k])
            x86_store(&e->b, 8, rv_jit_xreg(dirty[k]), cache_regs[k]);
}

static enum x86_reg cached(const struct rv_jit_emit *e, int i)
{
    for (int k = 0; k < N_CACHE; k++)
        if (e->holds[cache_regs[k]] == i)
            return cache_regs[k];
    return X86_NOREG;
}

/* How many instructions after the current one the block next reads guest register i;
 * NEVER when it writes i first or does not read it again. (Operand fields an op does not
 * use are zero, and a float register named like i only makes a copy kept in vain.) */
#define NEVER INT_MAX
static int next_read(const struct rv_jit_emit *e, int i)
{
    const struct rv_jit_tb *t = e->t;
    for (uint32_t k = e->at + 1; k < t->n; k++) {
        const struct rv_dinsn *in = &t->insns[k];
        if (in->rs1 == i || in->rs2 == i)
            return (int)(k - e->at);
        if (in->rd == i)
            return NEVER;
    }
    return NEVER;
}

/* A cache register to hold a value next read `need` instructions ahead: an empty one, else
 * the one whose copy is next read furthest ahead, if that is further than `need` (a clean copy
 * before a dirty one read as far ahead: giving it up costs no store); never a busy one or one
 * in `avoid`. Its copy is written back if dirty and dropped. X86_NOREG when there is none. */
static enum x86_reg victim(struct rv_jit_emit *e, unsigned avoid, int need)
{
    enum x86_reg best = X86_NOREG;
    int best_far = need;
    for (int k = 0; k < N_CACHE; k++) {
        enum x86_reg r = cache_regs[k];
        if ((e->busy | avoid) & (1u << r))
            continue;
        if (e->holds[r] < 0) {
            best = r;
            break;
        }
        int far = next_read(e, e->holds[r]);
        bool cleaner = far == best_far && best != X86_NOREG && (e->dirty & (1u << best)) &&
                       !(e->dirty & (1u << r));
        if (far > best_far || (far == NEVER && best == X86_NOREG) || cleaner) {
            best = r;
            best_far = far;
        }
    }
    if (best != X86_NOREG) {
        write_back(e, best);
        drop(e, best);
    }
    return best;
}

enum x86_reg rv_jit_find(struct rv_jit_emit *e, int i, enum x86_reg scratch)
{
    if (i == 0) {
        x86_mov_ri(&e->b, scratch, 0);
        return scratch;
    }
    enum x86_reg r = rv_jit_pinned_host(i);
    if (r == X86_NOREG)
        r = cached(e, i);
    if (r == X86_NOREG) {
        int need = next_read(e, i);
        r = need == NEVER ? X86_NOREG : victim(e, 0, need);
        if (r == X86_NOREG)
            return X86_NOREG;  /* not read again, or no room: its home, not through scratch */
        e->holds[r] = (int8_t)i;
        x86_load(&e->b, 8, false, r, rv_jit_xreg(i));
    }
    e->busy |= 1u << r;
    return r;
}

enum x86_reg rv_jit_get(struct rv_jit_emit *e, int i, enum x86_reg scratch)
{
    enum x86_reg r = rv_jit_find(e, i, scratch);
    if (r != X86_NOREG)
        return r;
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
    r = cached(e, i);  /* rd's old value: compute in place */
    if (r == X86_NOREG || (avoid & (1u << r))) {
        int need = next_read(e, i);
        r = need == NEVER ? X86_NOREG : victim(e, avoid, need);
    }
    if (r == X86_NOREG)
        return X86_RAX;  /* not read again in the block, or no room: compute in scratch */
    e->busy |= 1u << r;
    return r;
}

void rv_jit_put(struct rv_jit_emit *e, int i, enum x86_reg r)
{
    if (i == 0 || rv_jit_pinned_host(i) != X86_NOREG)
        return;
    enum x86_reg old = cached(e, i);
    if (old != X86_NOREG && old != r)
        drop(e, old);  /* superseded */
    if (r == X86_RAX || r == X86_RCX) {
        x86_store(&e->b, 8, rv_jit_xreg(i), r);
        return;
    }
    e->holds[r] = (int8_t)i;
    e->dirty |= 1u << r;
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
        drop(e, old);
    x86_store(&e->b, 8, rv_jit_xreg(i), r);
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
    x86_alu_rm(&e->b, X86_CMP, true, X86_RCX, RV_JIT_CPU(mem_span[rv_jit_log2_size(size)]));
    rv_jit_fault_if(e, in, X86_CC_A, SIGSEGV);
}

void rv_jit_fault_if(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_cc cc, int signo)
{
    size_t at = rv_jit_in_part(e, x86_jcc(&e->b, cc));
    if (e->n_fixes < RV_JIT_MAX_FIXES) {
        struct rv_jit_fault_fix *f = &e->fixes[e->n_fixes++];
        *f = (struct rv_jit_fault_fix){ .jcc_at = (uint32_t)at, .signo = signo, .pc = in->pc,
                                        .addr = RV_JIT_ADDR_RAX };
        dirty_map(e, f->dirty);
    } else
        e->b.full = true;  /* cannot happen (two per instruction): never leave a check unwired */
}

void rv_jit_sext_result(struct rv_jit_emit *e, enum x86_reg dst)
{
    if (!e->upper_dead[e->at])
        x86_movsx_rr(&e->b, 4, dst, dst);
}

/* sraiw: the sign-extended low half shifted as 64 bits is the sign-extended 32-bit result, so
 * the extension comes first and none is needed after */
static void shift_right_arith_w(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    enum x86_reg src = rv_jit_find(e, in->rs1, X86_RAX);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 0);
    if (src == X86_NOREG)
        x86_load(&e->b, 4, true, dst, rv_jit_xreg(in->rs1));
    else
        x86_movsx_rr(&e->b, 4, dst, src);
    x86_shift_ri(&e->b, X86_SAR, true, dst, (uint8_t)(in->imm & 31));
    rv_jit_put(e, in->rd, dst);
}

/* rd = rs1 shifted by imm, or by rs2 (in cl) */
void rv_jit_shift(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_shift op, bool w64,
                  bool imm)
{
    if (!w64 && imm && op == X86_SAR) {
        shift_right_arith_w(e, in);
        return;
    }
    enum x86_reg src = rv_jit_find(e, in->rs1, X86_RAX);
    if (!imm)
        rv_jit_load_x(e, X86_RCX, in->rs2);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 0);
    if (src == X86_NOREG)
        x86_load(&e->b, 8, false, dst, rv_jit_xreg(in->rs1));
    else if (dst != src)  /* a W form shifts the low half only: no move when in place */
        x86_mov_rr(&e->b, w64, dst, src);
    if (imm)
        x86_shift_ri(&e->b, op, w64, dst, (uint8_t)(in->imm & (w64 ? 63 : 31)));
    else
        x86_shift_rcl(&e->b, op, w64, dst);
    /* srliw by 1 to 31 leaves bit 31 clear: the 32-bit operation's zero extension is the sign
     * extension */
    bool positive = imm && op == X86_SHR && (in->imm & 31) != 0;
    if (!w64 && !positive)
        rv_jit_sext_result(e, dst);
    rv_jit_put(e, in->rd, dst);
}

void rv_jit_call_exec(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    x86_lea(&e->b, true, X86_RDI, x86_mem(X86_RBX, -RV_JIT_CPU_BIAS));
    x86_mov_ri(&e->b, X86_RSI, (uintptr_t)in);
    x86_mov_ri(&e->b, X86_RAX, (uintptr_t)rv_jit_exec_fns[in->op]);
    x86_call_r(&e->b, X86_RAX);
}

void rv_jit_light_call(struct rv_jit_emit *e, const struct rv_dinsn *in, bool reads_rs1,
                       bool writes_rd)
{
    rv_jit_pinned_store(&e->b, true);
    enum x86_reg xs = reads_rs1 ? rv_jit_pinned_host(in->rs1) : X86_NOREG;
    if (xs != X86_NOREG && !rv_jit_call_clobbers(xs))
        x86_store(&e->b, 8, rv_jit_xreg(in->rs1), xs);
    rv_jit_call_exec(e, in);
    rv_jit_pinned_load(&e->b, true);
    enum x86_reg xd = writes_rd && in->rd ? rv_jit_pinned_host(in->rd) : X86_NOREG;
    if (xd != X86_NOREG && !rv_jit_call_clobbers(xd))
        x86_load(&e->b, 8, false, xd, rv_jit_xreg(in->rd));
}
