/*
 * translate/interp_engine.c - the reference interpreter as an engine (translate/engine.h):
 * `interp`, with chained blocks and a jump cache, and `interp-nochain`, the same without them.
 *
 * run() enters the shared code cache (translate/cache.h), runs one of the dispatch loops of
 * interp_dispatch.c and leaves the cache again before returning, so the run loop never holds
 * a block while it makes a syscall. Exceptions the interpreter detects itself unwind to run()
 * by siglongjmp (rv_interp_fault, interp_dispatch.c) and come back as RV_EXIT_FAULT; host faults on guest memory
 * never return to run(): the run loop's handler asks sync_fault, which has nothing to rebuild
 * (every load and store sets cpu->pc first, and registers always live in struct rv_cpu).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>

#include "translate/block.h"
#include "translate/cache.h"
#include "translate/engine.h"
#include "translate/interp.h"

/* The cache epoch this thread's jump cache was filled at. */
static __thread uint64_t jump_cache_epoch;

typedef enum rv_exit (*dispatch_loop)(struct rv_cpu *cpu, struct rv_block *b);

static enum rv_exit run_loop(struct rv_cpu *cpu, dispatch_loop loop)
{
    sigjmp_buf env;
    if (sigsetjmp(env, 0)) {
        rv_cache_quiescent();
        return RV_EXIT_FAULT;
    }
    rv_interp_fault_unwind = &env;
    uint64_t epoch = rv_cache_enter();
    if (epoch != jump_cache_epoch) {
        rv_interp_jump_cache_clear();
        jump_cache_epoch = epoch;
    }
    enum rv_exit why;
    guest_addr fault_addr;
    struct rv_block *b = rv_block_get(cpu->pc, &fault_addr);
    if (b) {
        why = loop(cpu, b);
    } else {
        cpu->fault.signo = SIGSEGV;  /* instruction access fault at the jump target */
        cpu->fault.addr = fault_addr;
        why = RV_EXIT_FAULT;
    }
    rv_cache_quiescent();
    return why;
}

static enum rv_exit run_chained(struct rv_cpu *cpu)
{
    return run_loop(cpu, rv_interp_run_chained);
}

static enum rv_exit run_unchained(struct rv_cpu *cpu)
{
    return run_loop(cpu, rv_interp_run_unchained);
}

static void interp_init(void)
{
    rv_block_cache_init();
}

static void interp_thread_enter(struct rv_cpu *cpu)
{
    (void)cpu;
    rv_cache_thread_enter();
}

static void interp_thread_leave(struct rv_cpu *cpu)
{
    (void)cpu;
    rv_cache_thread_leave();
}

static void interp_invalidate(guest_addr start, uint64_t len)
{
    if (len == UINT64_MAX)
        rv_cache_flush_all();
    else
        rv_cache_invalidate(start, len);
}

/* cpu->pc was set by the faulting load or store, registers live in cpu: nothing to rebuild.
 * run() will not get control back, so its hold on the cache ends here. */
static bool interp_sync_fault(struct rv_cpu *cpu, const void *host_ucontext)
{
    (void)cpu;
    (void)host_ucontext;
    rv_cache_quiescent();
    return true;
}

static int interp_stats(const char **names, uint64_t *values, int cap)
{
    struct rv_cache_stats st;
    rv_cache_get_stats(&st);
    const char *n[] = { "blocks cached", "blocks built", "blocks dropped", "cache flushes",
                        "range invalidations", "exits chained", "exits unchained" };
    uint64_t v[] = { st.live, st.inserted, st.dropped, st.flushes, st.invalidations, st.links,
                     st.unlinks };
    int k = 0;
    for (; k < cap && k < (int)(sizeof v / sizeof v[0]); k++) {
        names[k] = n[k];
        values[k] = v[k];
    }
    return k;
}

#define INTERP_ENGINE_COMMON \
    .init = interp_init, \
    .thread_enter = interp_thread_enter, \
    .thread_leave = interp_thread_leave, \
    .invalidate = interp_invalidate, \
    .sync_fault = interp_sync_fault, \
    .fork_prepare = rv_cache_fork_prepare, \
    .fork_parent = rv_cache_fork_parent, \
    .fork_child = rv_cache_fork_child, \
    .stats = interp_stats

const struct rv_engine rv_interp_engine = {
    .name = "interp",
    .summary = "the reference interpreter, chained pre-decoded blocks",
    .run = run_chained,
    INTERP_ENGINE_COMMON,
};

const struct rv_engine rv_interp_nochain_engine = {
    .name = "interp-nochain",
    .summary = "the interpreter without block chaining (debugging aid)",
    .run = run_unchained,
    INTERP_ENGINE_COMMON,
};
