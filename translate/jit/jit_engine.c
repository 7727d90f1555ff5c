/*
 * translate/jit/jit_engine.c - the x86-64 translator as an engine (translate/engine.h): `jit`.
 *
 * run() is a small dispatcher: find the block at cpu->pc (decoding it on a miss), run it, and
 * act on why it left. A block runs with the interpreter's functions until it is hot, then
 * translated (interpret.c says why). A direct exit that is not chained yet comes back with its id:
 * the dispatcher finds the successor and links the two through the code cache, whose chain hook
 * patches the exit's jump in place (and whose unchain hook points it back at the exit's cold
 * path when the successor is dropped). Indirect jumps come back to look their target up.
 * Everything else (ecall, ebreak, fence.i, a pending signal, a fault) goes to the run loop.
 *
 * Faults: a helper the translated code calls raises the interpreter's exceptions through
 * rv_interp_fault, which unwinds to run(); a host fault at a guest address is mapped back by
 * sync_fault from the host pc to the guest instruction, and the pinned guest registers
 * (pinned.h) and the copies caches' dirty copies (rv_jit_dirty, rv_jit_fdirty: xmm registers' low
 * halves) are read from the fault's context
 * (no instruction writes its result before its access, so they hold the state before the
 * faulting instruction). An interpreted block's faults are a helper's.
 *
 * Code memory is bounded: when the current region is full every translation is dropped and a
 * new region opens; the old one goes when the code cache frees its last translation, which it
 * does only once no thread can be running it. A thread that stays in the dispatcher notices
 * drops at its next exit (rv_cache_stale) and passes a quiescent point there.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "translate/engine.h"
#include "translate/interp.h"
#include "translate/jit/jcache.h"
#include "translate/jit/jit.h"
#include "translate/jit/jitlog.h"
#include "translate/jit/libc_calls.h"
#include "translate/jit/perfmap.h"
#include "translate/jit/pinned.h"
#include "translate/jit/x86_emit.h"

static pthread_mutex_t translate_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t code_flushes;
static uint64_t translate_ns;              /* translate_lock */
/* Indirect jumps whose target the thread's table did not have (each a trip through the
 * dispatcher), and direct exits taken before they were chained: relaxed counters for --stats. */
static uint64_t jump_table_misses, unchained_exits;
/* Blocks given code, and runs of blocks not hot yet (interpret.c): for --stats. */
static uint64_t blocks_translated, blocks_interpreted;
/* Inside translated code (or a helper it called): a host fault outside the code cache is then
 * a helper's access, with cpu->pc already set by the helper. */
static __thread volatile sig_atomic_t in_translated;

/* The kernel refused the memory translated code needs (an address-space limit, say): a clear
 * line and a runner failure status, not a crash that would look like the guest's. */
static __attribute__((noreturn)) void out_of_code_memory(void)
{
    static const char msg[] = "crossrun: cannot map memory for translated code\n";
    if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
    _exit(1);  /* the status main.c gives the runner's own failures */
}

/* Where exit `slot`'s rel32 is and where its unchained path is, from t->code (0: no such
 * exit in t's code). */
static uint32_t jmp_at(const struct rv_jit_tb *t, int slot)
{
    return slot < 2 ? t->jmp_at[slot] : rv_jit_side_link(t, slot)->jmp_at;
}

static uint32_t stub_at(const struct rv_jit_tb *t, int slot)
{
    return slot < 2 ? t->stub_at[slot] : rv_jit_side_link(t, slot)->stub_at;
}

static struct rv_tb_link *more_link(struct rv_tb *tb, int slot)
{
    return &rv_jit_side_link((struct rv_jit_tb *)tb, slot)->link;
}

/* Points exit `slot` of t at `target` with one aligned 4-byte store: a thread running the jump
 * meanwhile takes either the old or the new destination. */
static void patch_exit(struct rv_jit_tb *t, int slot, const uint8_t *target)
{
    uint8_t *at = t->code + jmp_at(t, slot);
    uint8_t *rw = rv_codemem_rw(t->region, at);
    int32_t rel = (int32_t)((intptr_t)target - (intptr_t)(at + 4));
    __atomic_store_n((int32_t *)(void *)rw, rel, __ATOMIC_RELEASE);
}

/* Links are made between blocks whether they have code or not (the dispatcher follows them
 * from interpreted blocks too); the jump is patched once both ends have code, here or, for
 * links made before, when the block that lacked it is translated (rv_cache_relink). A block
 * whose code has no such exit (a jalr without a call frame: slot 1) keeps only the link. */
static void chain(struct rv_tb *from, int slot, struct rv_tb *to)
{
    struct rv_jit_tb *f = (struct rv_jit_tb *)from;
    const uint8_t *code = __atomic_load_n(&f->code, __ATOMIC_ACQUIRE);  /* then loop_top */
    const uint8_t *target = __atomic_load_n(&((struct rv_jit_tb *)to)->code, __ATOMIC_ACQUIRE);
    if (!code || !target || !jmp_at(f, slot))
        return;
    /* a link made while `from` ran interpreted past where its code ends (superblock.c's
     * trimming) names a block that exit does not go to */
    if (to->pc != rv_jit_exit_target(f, f->n, slot))
        return;
    if (f->loop_top && slot == 0) {
        /* a loop of one block: its back edge keeps the copies and enters at the top, past the
         * preamble that loads them (loop_carry.c); never anywhere else */
        if (to != from)
            return;
        target = code + f->loop_top;
    }
    patch_exit(f, slot, target);
}

static void unchain(struct rv_tb *from, int slot)
{
    struct rv_jit_tb *t = (struct rv_jit_tb *)from;
    if (__atomic_load_n(&t->code, __ATOMIC_ACQUIRE) && jmp_at(t, slot))
        patch_exit(t, slot, t->code + stub_at(t, slot));
}

static void free_tb(struct rv_tb *tb)
{
    struct rv_jit_tb *t = (struct rv_jit_tb *)tb;
    if (t->region)
        rv_codemem_release(t->region);
    free(t->maps);
    free(t);
}

/* rv_jit_start_counting: from now translations count, and the ones that do not are dropped
 * (threads in them leave at their next exit, as after any flush). */
static void start_counting(void)
{
    pthread_mutex_lock(&translate_lock);
    if (!rv_jit_counts_instret) {
        __atomic_store_n(&rv_jit_counts_instret, true, __ATOMIC_RELAXED);
        rv_cache_flush_all();
        rv_jcache_clear_all();
    }
    pthread_mutex_unlock(&translate_lock);
}

static void jit_init(void)
{
    if (rv_engine_stats_wanted)
        rv_jit_counts_instret = true;  /* --stats counts the guest's instructions */
    rv_jit_start_counting = start_counting;
    const char *hot = getenv("CROSSRUN_JIT_HOT");
    if (hot && *hot)
        rv_jit_hot_runs = (unsigned)strtoul(hot, NULL, 10);
    if (rv_log.items & (RV_LOG_IN_ASM | RV_LOG_OUT_ASM))
        rv_jit_hot_runs = 1;  /* the log shows every block the guest runs, as translated */
    static const struct rv_cache_ops ops = { .free_tb = free_tb, .unchain = unchain,
                                             .chain = chain, .more_link = more_link };
    if (!rv_codemem_init())
        out_of_code_memory();
    rv_cache_init(&ops);
}

/* The block at cpu->pc: cached, else decoded (not translated: interpret.c) and cached. NULL
 * with cpu->fault set when pc cannot be fetched. */
static struct rv_jit_tb *find(struct rv_cpu *cpu)
{
    struct rv_tb *tb = rv_cache_lookup(cpu->pc);
    if (tb)
        return (struct rv_jit_tb *)tb;
    guest_addr fault_addr = 0;
    struct rv_jit_tb *t = rv_jit_decode(cpu->pc, &fault_addr);
    if (!t) {
        cpu->fault.signo = SIGSEGV;  /* instruction access fault at the jump target */
        cpu->fault.addr = fault_addr;
        return NULL;
    }
    tb = rv_cache_insert(&t->tb);
    if (tb != &t->tb)
        free(t);  /* another thread cached it first */
    return (struct rv_jit_tb *)tb;
}

/* Gives t its code under the translator's lock, starting a new region when the current one is
 * full. NULL when that flush dropped t (the caller looks cpu->pc up again). */
static const uint8_t *translate(struct rv_jit_tb *t)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_mutex_lock(&translate_lock);
    const uint8_t *code = __atomic_load_n(&t->code, __ATOMIC_ACQUIRE);  /* another thread's? */
    if (!code && rv_jit_emit(t)) {
        code = t->code;
        rv_jit_log_translation(t);  /* -d in_asm/out_asm, still under the lock (jitlog.h) */
        if (rv_perfmap_enabled()) {  /* --perfmap, under the lock */
            const uint8_t *cold;
            size_t cold_size;
            rv_codemem_cold_part(t->region, t->code, &cold, &cold_size);
            rv_perfmap_note(t->code, t->code_size, cold, cold_size, t->tb.pc);
        }
        rv_cache_relink(&t->tb);  /* links made while it ran interpreted */
        blocks_translated++;
    } else if (!code) {  /* the region is full */
        rv_cache_flush_all();  /* t goes too, freed once no thread holds it */
        rv_jcache_clear_all();
        if (!rv_codemem_new_region())
            out_of_code_memory();
        code_flushes++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    translate_ns += (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec));
    pthread_mutex_unlock(&translate_lock);
    return code;
}

/* t's code, translating it on its rv_jit_hot_runs-th run; NULL to interpret it this time
 * (or, rarely, when a flush dropped it: the dispatcher looks it up again, finds a new copy). */
static const uint8_t *code_of(struct rv_jit_tb *t)
{
    const uint8_t *code = __atomic_load_n(&t->code, __ATOMIC_ACQUIRE);
    if (code)
        return code;
    if (__atomic_add_fetch(&t->runs, 1, __ATOMIC_RELAXED) < rv_jit_hot_runs)
        return NULL;
    return translate(t);
}

static enum rv_exit exit_reason(uintptr_t r)
{
    switch (r) {
    case RV_JIT_EXIT_SIGNAL:  return RV_EXIT_SIGNAL;
    case RV_JIT_EXIT_ECALL:   return RV_EXIT_ECALL;
    case RV_JIT_EXIT_EBREAK:  return RV_EXIT_EBREAK;
    case RV_JIT_EXIT_FENCE_I: return RV_EXIT_FENCE_I;
    default:                  return RV_EXIT_FAULT;
    }
}

/* RV_JIT_EXIT_FAULT_AT: the instruction whose checked access faulted is the one the byte at
 * cpu->jit_fault_ret names in the translation holding it (codemem.c's fault tail). */
static void fault_at(struct rv_cpu *cpu)
{
    const uint8_t *at = (const uint8_t *)(uintptr_t)cpu->jit_fault_ret;
    const struct rv_jit_tb *t = (const struct rv_jit_tb *)rv_codemem_find((uintptr_t)at);
    cpu->pc = t->insns[*at].pc;
    cpu->fault.signo = SIGSEGV;
}

/* RV_JIT_EXIT_STEP: the one instruction at cpu->pc, with the interpreter's function (a fault
 * unwinds as a helper's does); cpu->pc then after it. False when it cannot be fetched. */
static bool step(struct rv_cpu *cpu)
{
    struct rv_dinsn buf[RV_BLOCK_MAX_INSNS + 1];
    guest_addr end, fault_addr = 0;
    if (rv_block_decode(cpu->pc, buf, &end, &fault_addr) == 0) {
        cpu->fault.signo = SIGSEGV;
        cpu->fault.addr = fault_addr;
        return false;
    }
    rv_jit_exec_fns[buf[0].op](cpu, &buf[0]);
    cpu->instret++;
    cpu->pc = buf[0].pc + buf[0].len;
    return true;
}

/* The block at cpu->pc, after `from` left by exit `slot`: the one that exit is linked to, else
 * looked up (find). Links save the lookup, a walk of a bucket chain that misses the data
 * caches once the guest has many blocks. */
static struct rv_jit_tb *next_block(struct rv_cpu *cpu, const struct rv_jit_tb *from, int slot)
{
    if (from) {
        struct rv_tb *to = rv_cache_dest(&from->tb, slot);
        if (to && to->pc == cpu->pc)
            return (struct rv_jit_tb *)to;
    }
    return find(cpu);
}

/* Runs blocks from cpu->pc, translated or not yet, until one leaves for the run loop. A block
 * that left by a direct exit (`from`, exit `slot`: unchained code, or a block run interpreted)
 * gets linked to its successor, and a jump-table miss (`looked_up`) fills the table once the
 * successor has code. */
static enum rv_exit dispatch(struct rv_cpu *cpu, bool chaining)
{
    struct rv_jit_tb *from = NULL;
    int slot = 0;
    bool looked_up = false, interpret_next = false;
    for (struct rv_jit_tb *t = find(cpu); t; t = next_block(cpu, from, slot)) {
        rv_jit_log_exec(t);  /* -d exec */
        const uint8_t *code = interpret_next ? NULL : code_of(t);
        interpret_next = false;
        if (from && rv_cache_dest(&from->tb, slot) != &t->tb)
            rv_cache_link(&from->tb, slot, &t->tb);
        else if (code && looked_up)
            rv_jcache_fill(cpu->jcache, t->tb.pc, code);
        uintptr_t r;
        in_translated = 1;  /* (an interpreted block's faults are a helper's) */
        if (code) {
            r = rv_codemem_enter(cpu, code);
        } else {
            __atomic_add_fetch(&blocks_interpreted, 1, __ATOMIC_RELAXED);
            r = rv_jit_interpret(cpu, t, &slot);
        }
        in_translated = 0;
        if (r == RV_JIT_EXIT_FAULT_AT) {
            fault_at(cpu);
            return RV_EXIT_FAULT;
        }
        if (r == RV_JIT_EXIT_INTERPRET) {
            interpret_next = true;  /* the same block again, cpu->pc at its start */
        } else if (r == RV_JIT_EXIT_STEP) {
            in_translated = 1;  /* its faults are a helper's */
            bool stepped = step(cpu);
            in_translated = 0;
            if (!stepped)
                return RV_EXIT_FAULT;
        } else if (r && r != RV_JIT_EXIT_LOOKUP && r < 4096) {
            return exit_reason(r);
        }
        if (code) {
            from = r >= 4096 ? (struct rv_jit_tb *)(r & ~(uintptr_t)(RV_TB_MAX_SLOTS - 1))
                             : NULL;
            slot = (int)(r & (RV_TB_MAX_SLOTS - 1));
            if (from || r == RV_JIT_EXIT_LOOKUP)
                __atomic_add_fetch(from ? &unchained_exits : &jump_table_misses, 1,
                                   __ATOMIC_RELAXED);
        } else {
            from = slot >= 0 ? t : NULL;  /* the slot rv_jit_interpret found */
        }
        looked_up = code && r == RV_JIT_EXIT_LOOKUP && chaining;
        if (!chaining)
            from = NULL;  /* -d nochain: no links, every block found by lookup */
        if (rv_cache_stale()) {
            /* holding nothing, and no jump table entry naming what was dropped: it may go */
            rv_jcache_clear(cpu->jcache);
            rv_cache_refresh();
            from = NULL;
        }
    }
    return RV_EXIT_FAULT;  /* the fetch fault find() recorded */
}

static enum rv_exit run(struct rv_cpu *cpu, bool chaining)
{
    sigjmp_buf env;
    if (sigsetjmp(env, 0)) {  /* an exception a helper raised: cpu->fault says which */
        in_translated = 0;
        rv_cache_quiescent();
        return RV_EXIT_FAULT;
    }
    rv_interp_fault_unwind = &env;
    (void)rv_cache_enter();
    enum rv_exit why = dispatch(cpu, chaining);
    rv_cache_quiescent();
    return why;
}

static enum rv_exit run_chained(struct rv_cpu *cpu)
{
    return run(cpu, !(rv_log.items & RV_LOG_NOCHAIN));  /* -d nochain */
}

static void jit_thread_enter(struct rv_cpu *cpu)
{
    for (int i = 0; i < 4; i++)
        cpu->mem_span[i] = GUEST_LIMIT - GUEST_BASE - (UINT64_C(1) << i);
    cpu->mem_base_limit = GUEST_LIMIT - GUEST_IMM_REACH - 8;  /* the widest access: 8 bytes */
    cpu->jcache = rv_jcache_mine();
    rv_cache_thread_enter();
}

static void jit_thread_leave(struct rv_cpu *cpu)
{
    (void)cpu;
    rv_cache_thread_leave();
}

static void jit_invalidate(guest_addr start, uint64_t len)
{
    uint64_t dropped = len == UINT64_MAX ? rv_cache_flush_all() : rv_cache_invalidate(start, len);
    if (dropped)
        rv_jcache_clear_all();  /* threads jumping through their tables leave dropped code */
}

/* The index of the guest instruction whose code contains host pc `rip` in t. */
static uint32_t insn_at(const struct rv_jit_tb *t, uintptr_t rip)
{
    uint32_t off = (uint32_t)(rip - (uintptr_t)t->code);
    uint32_t i = 0;
    while (i + 1 < t->n && rv_jit_host_off(t)[i + 1] <= off)
        i++;
    return i;
}

/* The ucontext slot of each host register that can hold a guest register (pinned or cached). */
static int greg_of(enum x86_reg r)
{
    switch (r) {
    case X86_RDX: return REG_RDX;
    case X86_RSI: return REG_RSI;
    case X86_RDI: return REG_RDI;
    case X86_R8:  return REG_R8;
    case X86_RBP: return REG_RBP;
    case X86_R9:  return REG_R9;
    case X86_R10: return REG_R10;
    case X86_R11: return REG_R11;
    case X86_R12: return REG_R12;
    case X86_R13: return REG_R13;
    case X86_R14: return REG_R14;
    case X86_R15: return REG_R15;
    default:      abort();  /* a pin pinned.h added without its slot here */
    }
}

/* The translation whose hot part holds the host pc of a fault's context, or NULL. */
static const struct rv_jit_tb *translation_at(const ucontext_t *uc, uintptr_t *rip)
{
    *rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    const struct rv_jit_tb *t = (const struct rv_jit_tb *)rv_codemem_find(*rip);
    return t && *rip < (uintptr_t)t->code + t->code_size ? t : NULL;
}

static bool jit_sync_fault(struct rv_cpu *cpu, const void *host_ucontext)
{
    const ucontext_t *uc = host_ucontext;
    uintptr_t rip;
    const struct rv_jit_tb *t = translation_at(uc, &rip);
    bool in_code = t != NULL;
    if (!in_code && !in_translated)
        return false;
    if (in_code) {
        uint32_t i = insn_at(t, rip);
        cpu->pc = t->insns[i].pc;
        for (int k = 0; k < RV_JIT_PINNED; k++)
            if (!(t->lent & (1u << k)))  /* those lent to a pooling loop's cache are home */
                cpu->x[rv_jit_pins[k].guest] =
                    (uint64_t)uc->uc_mcontext.gregs[greg_of(rv_jit_pins[k].host)];
        const int8_t *dirty = rv_jit_dirty(t, i);
        for (int k = 0; k < (int)rv_jit_xmap_size(t); k++)
            if (dirty[k])
                cpu->x[dirty[k]] = (uint64_t)uc->uc_mcontext.gregs[greg_of(rv_jit_pool_reg(k))];
        const int8_t *fdirty = rv_jit_fdirty(t, i);
        for (int k = 0; fdirty && k < RV_JIT_FCACHE_REGS; k++)
            if (fdirty[k])  /* xmm2 + k, its low 64 bits */
                memcpy(&cpu->f[fdirty[k] - 1], &uc->uc_mcontext.fpregs->_xmm[2 + k], 8);
        cpu->instret = (uint64_t)uc->uc_mcontext.gregs[greg_of(RV_JIT_INSTRET_HOST)];
    }
    in_translated = 0;
    rv_cache_quiescent();
    return true;
}

/* Loads run unchecked (emit_mem.c): a fault of one is the guest's wherever it points. */
static bool jit_unchecked_load(const void *host_ucontext)
{
    uintptr_t rip;
    const struct rv_jit_tb *t = translation_at(host_ucontext, &rip);
    return t && (rv_op_flags[t->insns[insn_at(t, rip)].op] & RVF_LOAD) != 0;
}

/* In the order they nest: translating reads the guest address space (the run loop's fork takes
 * that lock between the outer and the inner hooks) and takes the cache lock (flushes), and the
 * cache frees translations, which releases code regions, under its lock. */
static void jit_fork_prepare_outer(void)
{
    pthread_mutex_lock(&translate_lock);
}

static void jit_fork_parent_outer(void)
{
    pthread_mutex_unlock(&translate_lock);
}

static void jit_fork_child_outer(void)
{
    pthread_mutex_init(&translate_lock, NULL);
}

static void jit_fork_prepare(void)
{
    rv_cache_fork_prepare();
    rv_jcache_fork_prepare();
    rv_codemem_fork_prepare();
}

static void jit_fork_parent(void)
{
    rv_codemem_fork_parent();
    rv_jcache_fork_parent();
    rv_cache_fork_parent();
}

/* The child keeps every translation, on a copy of the code memory of its own (codemem.c). */
static void jit_fork_child(void)
{
    rv_cache_fork_child();
    rv_jcache_fork_child();
    rv_codemem_fork_child();
}

static int jit_stats(const char **names, uint64_t *values, int cap)
{
    struct rv_cache_stats st;
    rv_cache_get_stats(&st);
    uint64_t indirect = __atomic_load_n(&rv_jit_indirect_jumps, __ATOMIC_RELAXED);
    uint64_t side = __atomic_load_n(&rv_jit_side_exits_taken, __ATOMIC_RELAXED);
    uint64_t table = indirect + side;  /* the jumps through the table */
    uint64_t misses = __atomic_load_n(&jump_table_misses, __ATOMIC_RELAXED);
    uint64_t returns = __atomic_load_n(&rv_jit_returns, __ATOMIC_RELAXED);
    uint64_t ret_misses = __atomic_load_n(&rv_jit_return_misses, __ATOMIC_RELAXED);
    const char *n[] = { "blocks translated", "blocks decoded", "runs of blocks not hot yet",
                        "blocks cached", "blocks dropped",
                        "cache flushes", "range invalidations", "exits chained",
                        "exits unchained", "code bytes (current region)", "code regions",
                        "code-full flushes", "fallback blocks", "fallback instructions",
                        "translation time (us)", "indirect jumps",
                        "side exits translated", "side exits run", "side exits taken",
                        "jumps missing the jump table", "jump-table hit rate (%)",
                        "returns", "return-stack hit rate (%)",
                        "direct exits taken unchained",
                        "C library calls done by the host", "C library calls given back" };
    uint64_t v[] = { __atomic_load_n(&blocks_translated, __ATOMIC_RELAXED), st.inserted,
                     __atomic_load_n(&blocks_interpreted, __ATOMIC_RELAXED), st.live, st.dropped,
                     st.flushes, st.invalidations, st.links,
                     st.unlinks, rv_codemem_used(), rv_codemem_regions(), code_flushes,
                     rv_jit_fallback_blocks, rv_jit_fallback_insns, translate_ns / 1000,
                     indirect, rv_jit_side_exits_made,
                     __atomic_load_n(&rv_jit_side_exits_run, __ATOMIC_RELAXED), side, misses,
                     table > misses ? (table - misses) * 100 / table : 0,
                     returns, returns > ret_misses ? (returns - ret_misses) * 100 / returns : 0,
                     __atomic_load_n(&unchained_exits, __ATOMIC_RELAXED),
                     __atomic_load_n(&rv_libc_calls_done, __ATOMIC_RELAXED),
                     __atomic_load_n(&rv_libc_calls_given_back, __ATOMIC_RELAXED) };
    int k = 0;
    for (; k < cap && k < (int)(sizeof v / sizeof v[0]); k++) {
        names[k] = n[k];
        values[k] = v[k];
    }
    return k;
}

const struct rv_engine rv_jit_engine = {
    .name = "jit",
    .summary = "the x86-64 translator (blocks of host code, chained)",
    .init = jit_init,
    .thread_enter = jit_thread_enter,
    .thread_leave = jit_thread_leave,
    .run = run_chained,
    .invalidate = jit_invalidate,
    .sync_fault = jit_sync_fault,
    .unchecked_load = jit_unchecked_load,
    .fork_prepare = jit_fork_prepare,
    .fork_parent = jit_fork_parent,
    .fork_child = jit_fork_child,
    .fork_prepare_outer = jit_fork_prepare_outer,
    .fork_parent_outer = jit_fork_parent_outer,
    .fork_child_outer = jit_fork_child_outer,
    .stats = jit_stats,
};
