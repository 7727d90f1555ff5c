/*
 * translate/jit/loop_carry.c - a loop of one block keeps its copies in registers across its
 * back edge.
 *
 * The copies caches (emit_ctx.c) write every dirty copy back at a block's end and load again
 * what the next block reads. For a loop whose body is one block (its last instruction a
 * conditional branch back to its own start), that is a store and a load per trip for every
 * cached value, and a value carried from trip to trip (a sum, a float accumulator) goes
 * through memory, so store-to-load forwarding adds its latency to the loop's critical path.
 *
 * Such a block starts with a preamble that loads the registers its loop uses most into chosen
 * cache registers; then comes its top, where the back edge lands and the caches start out
 * holding those copies. The caches look ahead past the block's end into the next trip
 * (emit_ctx.c's next_read), so they keep what the next trip reads. Before the back edge the
 * copies are moved to where the top expects them (mostly they are there already) and the back
 * edge (exit 0, chained to the top by jit_engine.c) writes nothing back. Every other way on
 * writes the dirty copies back: the loop's exit, the pending-signal path and the back edge's
 * unchained path (taken before the first chaining and after the block is dropped), and a
 * fault's maps list them as they list any dirty copy.
 *
 * At the top, a copy is taken as dirty when the block writes its register (a trip may have
 * left it newer than its home); on the way in through the preamble it equals its home, which
 * costs only a needless store on the way out.
 *
 * Which copies the top holds: a loop is written twice. The first writing starts from the
 * registers the block uses most; its back edge records what the caches held there before
 * moving them (Belady's rule, looking into the next trip, kept what that trip reads first),
 * and the second writing starts its top with those, so that few copies move at the back edge.
 *
 * Pooling. A loop that names more guest registers outside the pinned ones than the cache has
 * registers (sha256's round loop: 24 live, of the 7 pinned it names 5, 4 in the cache) lends
 * the cache the host registers of the pinned guest registers it does not name: its preamble
 * stores those to their homes, which hold them while the loop runs (it does not change
 * them), the cache has their host registers too, and every way out (the loop's exit, side
 * exits, the signal path, fault paths, unchained exits) loads them back from their homes
 * once the dirty copies are written back, since chained code and the region's exit path
 * expect them pinned. A host fault inside reads the lent ones from their homes and the copies
 * from the wider maps (jit.h's xmap_size); helper calls do not save or load them
 * (rv_jit_call_save). Lending all seven, the pinned guest registers the loop names becoming
 * copies too, ran sha256 no faster and cost every entry and exit seven stores and loads.
 * CROSSRUN_JIT_LOOP_POOL=0 turns pooling off.
 */
#include <string.h>

#include "translate/jit/emit_ctx.h"
#include "translate/jit/operands.h"
#include "translate/jit/x86_emit.h"

/* Where the top starts: at the start of a 64-byte line, as whole loop blocks do (translate.c's
 * code_line says what the line's offset cost the matmul kernel). */
#define TOP_ALIGN 64

bool rv_jit_loop_eligible(const struct rv_jit_tb *t)
{
    const struct rv_dinsn *last = &t->insns[t->n - 1];
    return last->op < rv_op_count && (rv_op_flags[last->op] & RVF_BRANCH) &&
           last->pc + (uint64_t)last->imm == t->tb.pc;
}

/* Whether guest register i of c's file may be cached at all (x0 and pinned ones may not). */
static bool cacheable(const struct rv_jit_emit *e, const struct rv_jit_cache *c, int i)
{
    return c->fp || (i != 0 && rv_jit_pin_of(e, i) == X86_NOREG);
}

/* The registers of c's file the block reads or writes, most used first, one per cache
 * register it may use (want[k]: a map entry, 0 for none), and the mask of those it writes. */
static uint32_t choose(const struct rv_jit_emit *e, const struct rv_jit_cache *c, int8_t *want)
{
    const struct rv_jit_tb *t = e->t;
    int uses[32] = { 0 };
    uint32_t written = 0;
    for (uint32_t k = 0; k < t->n; k++)
        for (int i = 0; i < 32; i++) {
            bool w = rv_jit_writes(&t->insns[k], i, c->fp);
            uses[i] += rv_jit_reads(&t->insns[k], i, c->fp) + w;
            written |= (uint32_t)w << i;
        }
    for (int k = 0; k < rv_jit_cache_size(c); k++) {
        want[k] = 0;
        if (c->unusable & (1u << rv_jit_cache_host(c, k)))
            continue;
        int best = -1;
        for (int i = 0; i < 32; i++)
            if (uses[i] && cacheable(e, c, i) && (best < 0 || uses[i] > uses[best]))
                best = i;
        want[k] = best < 0 ? 0 : (int8_t)(best + c->fp);
        if (best >= 0)
            uses[best] = 0;
    }
    return written;
}

static void enter_cache(struct rv_jit_emit *e, struct rv_jit_cache *c, int8_t *want,
                        const int8_t *given)
{
    uint32_t written = choose(e, c, want);
    if (given)
        memcpy(want, given, (size_t)rv_jit_cache_size(c));
    for (int k = 0; k < rv_jit_cache_size(c); k++) {
        if (!want[k])
            continue;
        int r = rv_jit_cache_host(c, k), i = want[k] - c->fp;
        rv_jit_cache_load(e, c, r, i);
        c->holds[r] = (int8_t)i;
        if (written & (1u << i))
            c->dirty |= 1u << r;
    }
}

uint8_t rv_jit_loop_lends(const struct rv_jit_tb *t)
{
    static int wanted = -1;
    if (!rv_jit_env_on("CROSSRUN_JIT_LOOP_POOL", &wanted) || !rv_jit_loop_eligible(t))
        return 0;
    uint32_t named = 0, pinned = 0;  /* integer registers, 1 << reg */
    for (uint32_t k = 0; k < t->n; k++)
        for (int i = 1; i < 32; i++)
            if (rv_jit_reads(&t->insns[k], i, false) || rv_jit_writes(&t->insns[k], i, false))
                named |= 1u << i;
    uint8_t lent = 0;
    for (int k = 0; k < RV_JIT_PINNED; k++) {
        pinned |= 1u << rv_jit_pins[k].guest;
        if (!(named & (1u << rv_jit_pins[k].guest)))
            lent |= (uint8_t)(1u << k);
    }
    return __builtin_popcount(named & ~pinned) > RV_JIT_CACHE_REGS ? lent : 0;
}

void rv_jit_unpool(struct rv_jit_emit *e)
{
    for (int k = 0; k < RV_JIT_PINNED; k++)
        if (e->lent & (1u << k))
            x86_load(&e->b, 8, false, rv_jit_pins[k].host, rv_jit_pin_home(k));
}

void rv_jit_loop_enter(struct rv_jit_emit *e)
{
    /* the lent registers' homes hold them from here: the registers become the cache's */
    for (int k = 0; k < RV_JIT_PINNED; k++)
        if (e->lent & (1u << k))
            x86_store(&e->b, 8, rv_jit_pin_home(k), rv_jit_pins[k].host);
    enter_cache(e, &e->xc, e->loop_want.x, e->want_given ? e->loop_end.x : NULL);
    enter_cache(e, &e->fc, e->loop_want.f, e->want_given ? e->loop_end.f : NULL);
    size_t pad = (TOP_ALIGN - x86_buf_used(&e->b) % TOP_ALIGN) % TOP_ALIGN;
    if (pad > 3) {  /* run once: a jump over filler */
        size_t over = x86_jmp(&e->b);
        pad = (TOP_ALIGN - x86_buf_used(&e->b) % TOP_ALIGN) % TOP_ALIGN;
        while (pad--)
            x86_int3(&e->b);
        rv_jit_link_local(e, over, x86_buf_used(&e->b));
    } else {
        x86_nop(&e->b, (int)pad);
    }
    e->t->loop_top = (uint32_t)x86_buf_used(&e->b);
}

/* The cache register holding guest register i, or the scratch register when it does. */
static int where(const struct rv_jit_cache *c, int i, int scratch, int scratch_holds)
{
    return scratch_holds == i ? scratch : rv_jit_cache_find(c, i);
}

static void move(struct rv_jit_emit *e, const struct rv_jit_cache *c, int to, int from)
{
    if (c->fp)
        x86_movaps_rr(&e->b, to, from);
    else
        x86_mov_rr(&e->b, true, (enum x86_reg)to, (enum x86_reg)from);
}

/* Puts c's copies where want says (a parallel move, a cycle broken through the scratch
 * register), loads the ones no register holds, and writes back and drops the rest. */
static void conform_cache(struct rv_jit_emit *e, struct rv_jit_cache *c, const int8_t *want)
{
    uint32_t wanted = 0;
    for (int k = 0; k < rv_jit_cache_size(c); k++)
        if (want[k])
            wanted |= 1u << (want[k] - c->fp);
    for (int k = 0; k < rv_jit_cache_size(c); k++) {
        int r = rv_jit_cache_host(c, k);
        if (c->holds[r] >= 0 && !(wanted & (1u << c->holds[r]))) {
            if (c->dirty & (1u << r))
                rv_jit_cache_store(e, c, c->holds[r], r);
            c->holds[r] = -1;
            c->dirty &= ~(1u << r);
        }
    }
    int scratch = c->fp ? 0 : X86_RAX, scratch_holds = -1;
    bool scratch_dirty = false;
    for (;;) {
        bool pending = false, moved = false;
        for (int k = 0; k < rv_jit_cache_size(c); k++) {
            int r = rv_jit_cache_host(c, k), i = want[k] - c->fp;
            if (!want[k] || c->holds[r] == i)
                continue;
            pending = true;
            if (c->holds[r] >= 0)
                continue;  /* holds a copy wanted elsewhere, not yet moved */
            int from = where(c, i, scratch, scratch_holds);
            bool dirty = false;
            if (from == X86_NOREG) {
                rv_jit_cache_load(e, c, r, i);
            } else if (from == scratch) {
                move(e, c, r, from);
                dirty = scratch_dirty;
                scratch_holds = -1;
            } else {
                move(e, c, r, from);
                dirty = c->dirty & (1u << from);
                c->holds[from] = -1;
                c->dirty &= ~(1u << from);
            }
            c->holds[r] = (int8_t)i;
            c->dirty |= (unsigned)dirty << r;
            moved = true;
        }
        if (!pending)
            break;
        if (moved)
            continue;
        /* a cycle: every register still to fill holds a copy another one wants (the last
         * cycle's copy in scratch has found its place: a cycle closes before another opens) */
        if (scratch_holds >= 0) {
            e->b.full = true;  /* cannot happen: never emit a wrong move; the block stays interpreted */
            return;
        }
        for (int k = 0; k < rv_jit_cache_size(c); k++) {
            int r = rv_jit_cache_host(c, k);
            if (want[k] && c->holds[r] != want[k] - c->fp) {
                move(e, c, scratch, r);
                scratch_holds = c->holds[r];
                scratch_dirty = c->dirty & (1u << r);
                c->holds[r] = -1;
                c->dirty &= ~(1u << r);
                break;
            }
        }
    }
}

void rv_jit_loop_conform(struct rv_jit_emit *e)
{
    rv_jit_held_now(e, &e->loop_end);
    conform_cache(e, &e->xc, e->loop_want.x);
    conform_cache(e, &e->fc, e->loop_want.f);
    rv_jit_dirty_now(e, &e->loop_back);
    /* the branch's compare must not move them again: it reads what is not cached from homes */
    e->xc.busy = e->fc.busy = ~0u;
}
