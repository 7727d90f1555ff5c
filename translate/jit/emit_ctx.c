/*
 * translate/jit/emit_ctx.c - the emitters' shared steps: guest registers in and out of host
 * registers (pinned ones, cached copies, homes in struct rv_cpu), and checked guest addresses.
 */
#include <limits.h>
#include <signal.h>

#include "mem/addrspace.h"
#include "translate/jit/emit_ctx.h"
#include "translate/jit/operands.h"
#include "translate/jit/pinned.h"

_Static_assert(sizeof rv_jit_cache_regs / sizeof rv_jit_cache_regs[0] == RV_JIT_CACHE_REGS,
               "jit.h's count, pinned.h's list");
_Static_assert(sizeof rv_jit_pins / sizeof rv_jit_pins[0] == RV_JIT_PINNED, "one per pin");

/* The float cache's registers: xmm0 and xmm1 are the FP emitters' scratch. */
#define FIRST_FCACHE_XMM 2
_Static_assert(FIRST_FCACHE_XMM + RV_JIT_FCACHE_REGS == 16, "every other xmm register");

/* The host register of cache register k */
static int reg_of(const struct rv_jit_cache *c, int k)
{
    return c->fp ? FIRST_FCACHE_XMM + k : (int)rv_jit_pool_reg(k);
}

static int n_regs(const struct rv_jit_cache *c)
{
    return c->n;
}

int rv_jit_cache_host(const struct rv_jit_cache *c, int k)
{
    return reg_of(c, k);
}

int rv_jit_cache_size(const struct rv_jit_cache *c)
{
    return n_regs(c);
}

static struct x86_mem home(const struct rv_jit_cache *c, int i)
{
    return c->fp ? rv_jit_freg(i) : rv_jit_xreg(i);
}

void rv_jit_cache_load(struct rv_jit_emit *e, const struct rv_jit_cache *c, int r, int i)
{
    if (c->fp)
        x86_movsd_load(&e->b, r, home(c, i));
    else
        x86_load(&e->b, 8, false, (enum x86_reg)r, home(c, i));
}

void rv_jit_cache_store(struct rv_jit_emit *e, const struct rv_jit_cache *c, int i, int r)
{
    if (c->fp)
        x86_movsd_store(&e->b, home(c, i), r);
    else
        x86_store(&e->b, 8, home(c, i), (enum x86_reg)r);
}

/* Drops r's copy without writing it back (its value is dead or superseded). */
static void drop(struct rv_jit_cache *c, int r)
{
    c->holds[r] = -1;
    c->dirty &= ~(1u << r);
}

/* Stores r's copy to its home if it is newer. */
static void write_back(struct rv_jit_emit *e, struct rv_jit_cache *c, int r)
{
    if (c->dirty & (1u << r)) {
        rv_jit_cache_store(e, c, c->holds[r], r);
        c->dirty &= ~(1u << r);
    }
}

static void forget(struct rv_jit_emit *e, struct rv_jit_cache *c, int r)
{
    write_back(e, c, r);
    drop(c, r);
    c->busy |= 1u << r;
}

void rv_jit_forget(struct rv_jit_emit *e, enum x86_reg r)
{
    forget(e, &e->xc, r);
}

/* Writes back and drops every copy of cache c. */
static void forget_cache(struct rv_jit_emit *e, struct rv_jit_cache *c)
{
    for (int k = 0; k < n_regs(c); k++)
        forget(e, c, reg_of(c, k));
}

static void flush_cache(struct rv_jit_emit *e, struct rv_jit_cache *c)
{
    for (int k = 0; k < n_regs(c); k++)
        write_back(e, c, reg_of(c, k));
}

void rv_jit_forget_all(struct rv_jit_emit *e)
{
    forget_cache(e, &e->xc);
    rv_jit_fault_point(e);  /* nothing dirty for the rest of the instruction: AMOs may fault */
}

void rv_jit_fforget_all(struct rv_jit_emit *e)
{
    forget_cache(e, &e->fc);
    rv_jit_fault_point(e);  /* nothing dirty either */
}

void rv_jit_flush(struct rv_jit_emit *e)
{
    flush_cache(e, &e->xc);
    flush_cache(e, &e->fc);
}

/* A map entry: the guest register + 1 for a float copy (f0 is a register), the guest register
 * for an integer one (x0 never is), 0 for none; `only` = the copies to list (1 << reg). */
static void cache_map(const struct rv_jit_cache *c, unsigned only, int8_t *map)
{
    for (int k = 0; k < n_regs(c); k++) {
        int r = reg_of(c, k);
        map[k] = (only & (1u << r)) && c->holds[r] >= 0 ? (int8_t)(c->holds[r] + c->fp) : 0;
    }
}

void rv_jit_dirty_now(const struct rv_jit_emit *e, struct rv_jit_dirty_map *m)
{
    *m = (struct rv_jit_dirty_map){ { 0 }, { 0 } };
    cache_map(&e->xc, e->xc.dirty, m->x);
    cache_map(&e->fc, e->fc.dirty, m->f);
}

void rv_jit_held_now(const struct rv_jit_emit *e, struct rv_jit_dirty_map *m)
{
    *m = (struct rv_jit_dirty_map){ { 0 }, { 0 } };
    cache_map(&e->xc, ~0u, m->x);
    cache_map(&e->fc, ~0u, m->f);
}

void rv_jit_fault_point(struct rv_jit_emit *e)
{
    cache_map(&e->xc, e->xc.dirty, rv_jit_dirty(e->t, e->at));
    int8_t *f = rv_jit_fdirty(e->t, e->at);
    if (f)
        cache_map(&e->fc, e->fc.dirty, f);
}

static void store_map(struct rv_jit_emit *e, struct rv_jit_cache *c, const int8_t *map)
{
    for (int k = 0; k < n_regs(c); k++)
        if (map[k])
            rv_jit_cache_store(e, c, map[k] - c->fp, reg_of(c, k));
}

void rv_jit_write_back(struct rv_jit_emit *e, const struct rv_jit_dirty_map *m)
{
    store_map(e, &e->xc, m->x);
    store_map(e, &e->fc, m->f);
}

static void load_map(struct rv_jit_emit *e, struct rv_jit_cache *c, const int8_t *map)
{
    for (int k = 0; k < n_regs(c); k++)
        if (map[k])
            rv_jit_cache_load(e, c, reg_of(c, k), map[k] - c->fp);
}

void rv_jit_reload(struct rv_jit_emit *e, const struct rv_jit_dirty_map *m)
{
    load_map(e, &e->xc, m->x);
    load_map(e, &e->fc, m->f);
}

int rv_jit_cache_find(const struct rv_jit_cache *c, int i)
{
    for (int k = 0; k < n_regs(c); k++)
        if (c->holds[reg_of(c, k)] == i)
            return reg_of(c, k);
    return X86_NOREG;
}

bool rv_jit_reads_at(const struct rv_jit_emit *e, uint32_t k, int i, bool fp)
{
    const struct rv_jit_rotation *r = &e->rot[k];
    if (!fp && r->elided)
        return false;
    if (!fp && r->src)
        return i == r->src;
    return rv_jit_reads(&e->t->insns[k], i, fp);
}

bool rv_jit_writes_at(const struct rv_jit_emit *e, uint32_t k, int i, bool fp)
{
    return !(!fp && e->rot[k].elided) && rv_jit_writes(&e->t->insns[k], i, fp);
}

/* How many instructions after the current one the block next reads guest register i (of the
 * cache's file); NEVER when it writes i first or does not read it again. */
#define NEVER INT_MAX
static int next_read(const struct rv_jit_emit *e, const struct rv_jit_cache *c, int i)
{
    const struct rv_jit_tb *t = e->t;
    /* a loop of one block (loop_carry.c) reads on from its top in the next trip */
    uint32_t ahead = e->loop ? t->n : t->n - e->at - 1;
    for (uint32_t d = 1; d <= ahead; d++) {
        uint32_t k = (e->at + d) % t->n;
        if (rv_jit_reads_at(e, k, i, c->fp))
            return (int)d;
        if (rv_jit_writes_at(e, k, i, c->fp))
            return NEVER;
    }
    return NEVER;
}

/* Whether guest register i's value (of the cache's file) is never seen again: from the
 * current instruction on, the block writes i before it reads it, with only instructions
 * that cannot fault, call out or leave up to there, so no fault, handler or later block
 * observes the value. A dirty copy of such a value is dropped without its store: sha256's
 * rounds compute most of their temporaries twice a trip, after the trip's loads. The
 * current instruction counts as a reader: its emitter may pick the register for its result
 * before it asks for its sources, which are then read from their homes. */
static bool dead_value(const struct rv_jit_emit *e, const struct rv_jit_cache *c, int i)
{
    return rv_jit_dead_from(e, e->at, i, c->fp);
}

bool rv_jit_dead_from(const struct rv_jit_emit *e, uint32_t from, int i, bool fp)
{
    const struct rv_jit_tb *t = e->t;
    if (e->merge_at != UINT32_MAX)
        return false;  /* inside a hammock: a way may skip the write */
    for (uint32_t k = from; k < t->n; k++) {
        if (!rv_jit_is_pure_alu(t->insns[k].op) || rv_jit_reads_at(e, k, i, fp))
            return false;
        if (rv_jit_writes_at(e, k, i, fp))
            return true;
    }
    return false;  /* the block's end, where every register is seen */
}

/* What giving up r's copy costs now: a store when it is dirty and its value is seen again. */
static bool costs_store(const struct rv_jit_emit *e, const struct rv_jit_cache *c, int r)
{
    return (c->dirty & (1u << r)) && !dead_value(e, c, c->holds[r]);
}

/* A cache register to hold a value next read `need` instructions ahead: an empty one, else
 * the one whose copy is next read furthest ahead, if that is further than `need` (one that
 * costs no store before one that does, read as far ahead); never a busy one or one in
 * `avoid`. Its copy is written back if it costs a store, and dropped. X86_NOREG when there is
 * none. */
static int victim(struct rv_jit_emit *e, struct rv_jit_cache *c, unsigned avoid, int need)
{
    int best = X86_NOREG;
    int best_far = need;
    bool best_store = false;
    for (int k = 0; k < n_regs(c); k++) {
        int r = reg_of(c, k);
        if ((c->busy | c->unusable | avoid) & (1u << r))
            continue;
        if (c->holds[r] < 0) {
            best = r;
            best_store = false;
            break;
        }
        int far = next_read(e, c, c->holds[r]);
        bool store = costs_store(e, c, r);
        bool cheaper = far == best_far && best != X86_NOREG && best_store && !store;
        if (far > best_far || (far == NEVER && best == X86_NOREG) || cheaper) {
            best = r;
            best_far = far;
            best_store = store;
        }
    }
    if (best != X86_NOREG) {
        if (best_store)
            write_back(e, c, best);
        drop(c, best);
    }
    return best;
}

/* i's cached copy, else a cache register it is loaded into when it is read again and one is
 * free or worth freeing, else X86_NOREG; busy for the rest of the instruction. */
static int find(struct rv_jit_emit *e, struct rv_jit_cache *c, int i)
{
    int r = rv_jit_cache_find(c, i);
    if (r == X86_NOREG) {
        int need = next_read(e, c, i);
        r = need == NEVER ? X86_NOREG : victim(e, c, 0, need);
        if (r == X86_NOREG)
            return X86_NOREG;
        c->holds[r] = (int8_t)i;
        rv_jit_cache_load(e, c, r, i);
    }
    c->busy |= 1u << r;
    return r;
}

/* The register to compute i's new value into: the copy of its old value, unless in `avoid`,
 * else a victim, else X86_NOREG (not read again in the block, or no room). */
static int dest(struct rv_jit_emit *e, struct rv_jit_cache *c, int i, unsigned avoid)
{
    int r = rv_jit_cache_find(c, i);
    if (r == X86_NOREG || (avoid & (1u << r))) {
        int need = next_read(e, c, i);
        r = need == NEVER ? X86_NOREG : victim(e, c, avoid, need);
    }
    if (r != X86_NOREG)
        c->busy |= 1u << r;
    return r;
}

/* i's new value is in cache register r (a dirty copy) or, r not being one of the cache's,
 * stored from r to its home. */
static void put(struct rv_jit_emit *e, struct rv_jit_cache *c, int i, int r, bool is_cache_reg)
{
    int old = rv_jit_cache_find(c, i);
    if (old != X86_NOREG && old != r)
        drop(c, old);  /* superseded */
    if (!is_cache_reg) {
        rv_jit_cache_store(e, c, i, r);
        return;
    }
    c->holds[r] = (int8_t)i;
    c->dirty |= 1u << r;
}

enum x86_reg rv_jit_find(struct rv_jit_emit *e, int i, enum x86_reg scratch)
{
    if (i == 0) {
        x86_mov_ri(&e->b, scratch, 0);
        return scratch;
    }
    enum x86_reg r = rv_jit_pin_of(e, i);
    if (r != X86_NOREG)
        return r;
    return (enum x86_reg)find(e, &e->xc, i);
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
    enum x86_reg r = rv_jit_pin_of(e, i);
    if (r != X86_NOREG)
        return r;
    r = (enum x86_reg)dest(e, &e->xc, i, avoid);
    return r == X86_NOREG ? X86_RAX : r;  /* no room: compute in scratch */
}

void rv_jit_put(struct rv_jit_emit *e, int i, enum x86_reg r)
{
    if (i == 0 || rv_jit_pin_of(e, i) != X86_NOREG)
        return;
    put(e, &e->xc, i, r, r != X86_RAX && r != X86_RCX);
}

int rv_jit_ffind(struct rv_jit_emit *e, int i)
{
    return find(e, &e->fc, i);
}

int rv_jit_fget(struct rv_jit_emit *e, int i, int scratch)
{
    int r = find(e, &e->fc, i);
    if (r != X86_NOREG)
        return r;
    x86_movsd_load(&e->b, scratch, rv_jit_freg(i));
    return scratch;
}

int rv_jit_fdest(struct rv_jit_emit *e, int i)
{
    return dest(e, &e->fc, i, 0);
}

void rv_jit_fput(struct rv_jit_emit *e, int i, int xmm)
{
    put(e, &e->fc, i, xmm, xmm >= FIRST_FCACHE_XMM);
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
    enum x86_reg pinned = rv_jit_pin_of(e, i);
    if (pinned != X86_NOREG) {
        x86_mov_rr(&e->b, true, pinned, r);
        return;
    }
    int old = rv_jit_cache_find(&e->xc, i);
    if (old != X86_NOREG)
        drop(&e->xc, old);
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
        rv_jit_dirty_now(e, &f->dirty);
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

void rv_jit_call_save(struct rv_jit_emit *e, bool clobbered_only)
{
    rv_jit_pinned_store_but(&e->b, clobbered_only, e->lent);
}

void rv_jit_call_restore(struct rv_jit_emit *e, bool clobbered_only)
{
    rv_jit_pinned_load_but(&e->b, clobbered_only, e->lent);
}

void rv_jit_light_call(struct rv_jit_emit *e, const struct rv_dinsn *in, bool reads_rs1,
                       bool writes_rd)
{
    rv_jit_call_save(e, true);
    enum x86_reg xs = reads_rs1 ? rv_jit_pin_of(e, in->rs1) : X86_NOREG;
    if (xs != X86_NOREG && !rv_jit_call_clobbers(xs))
        x86_store(&e->b, 8, rv_jit_xreg(in->rs1), xs);
    rv_jit_call_exec(e, in);
    rv_jit_call_restore(e, true);
    enum x86_reg xd = writes_rd && in->rd ? rv_jit_pin_of(e, in->rd) : X86_NOREG;
    if (xd != X86_NOREG && !rv_jit_call_clobbers(xd))
        x86_load(&e->b, 8, false, xd, rv_jit_xreg(in->rd));
}
