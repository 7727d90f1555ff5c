/*
 * translate/jit/jit.h - inside the translator: a translation, how translated code leaves, and
 * what the translator's files give each other.
 *
 * Translated code runs with the guest cpu in rbx, the most used guest registers in host
 * registers (pinned.h) and the others in struct rv_cpu (reached as [rbx + offset]); a helper
 * call stores the pinned ones before and loads them after. It leaves through its region's exit
 * path with a value in rax: one of enum rv_jit_exit, with cpu->pc where the guest continues, or,
 * for a direct exit not chained yet, the translation's address with the exit's slot in its low
 * three bits (RV_TB_MAX_SLOTS; so any value of 4096 or more), cpu->pc being that exit's
 * target. The dispatcher (jit_engine.c) chains it and goes on.
 */
#ifndef CROSSRUN_JIT_H
#define CROSSRUN_JIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "translate/block.h"
#include "translate/cache.h"
#include "translate/cpu.h"
#include "translate/jit/codemem.h"
#include "translate/jit/reg_counts.h"


/* Whether translated code counts retired instructions into instret (the interpreter's
 * functions always do). Counting is one add at every block's end and a lea and a cmov at
 * every converted hammock: 2 to 10% of a program's time (sieve 0.17 -> 0.15 s, python3 4.78 ->
 * 4.69), for what only reads of cycle and instret and --stats see. So it is on from the start
 * under --stats, and else from the guest's first read of either (rdcycle, rdinstret), which
 * drops every translation (rv_jit_start_counting, jit_engine.c); the value that read returns
 * counts what ran interpreted, and every delta after it is exact. Riscv64 Linux itself lets
 * user space read them only when perf allows it (the default since 6.6 traps), and qemu-user
 * returns the host's cycle counter for both. Read and set under the translator's lock. */
extern bool rv_jit_counts_instret;
extern void (*rv_jit_start_counting)(void);

enum rv_jit_exit {
    RV_JIT_EXIT_SIGNAL = 1,   /* signal_pending at a block's entry; cpu->pc = that block */
    RV_JIT_EXIT_ECALL,        /* cpu->pc at the ecall */
    RV_JIT_EXIT_EBREAK,       /* cpu->pc at the ebreak */
    RV_JIT_EXIT_FENCE_I,      /* cpu->pc at the fence.i */
    RV_JIT_EXIT_FAULT,        /* cpu->fault set, cpu->pc at the faulting instruction */
    RV_JIT_EXIT_LOOKUP,       /* an indirect jump: cpu->pc is its target (6) */
    /* a checked access faults: cpu->fault.addr set, cpu->jit_fault_ret names the instruction
     * (codemem.c's fault tail, which has the value from codemem.h) */
    RV_JIT_EXIT_FAULT_AT = RV_CODEMEM_EXIT_FAULT_AT,
    RV_JIT_EXIT_STEP,         /* run the one instruction at cpu->pc with the interpreter's
                               * function, then go on after it (translate.c's emit_alone) */
    RV_JIT_EXIT_INTERPRET,    /* run the block at cpu->pc once with the interpreter's
                               * functions, not its code (emit_fp.c's rv_jit_fp_guard) */
};
_Static_assert(RV_JIT_EXIT_LOOKUP + 1 == RV_JIT_EXIT_FAULT_AT, "exit values stay distinct");

/* Whether in is a conditional branch or a jal: a direct exit to pc + imm (the sentinel is
 * neither). */
static inline bool rv_jit_is_direct(const struct rv_dinsn *in)
{
    return in->op == rv_op_jal || (in->op < rv_op_count && (rv_op_flags[in->op] & RVF_BRANCH));
}

/* At most this many side exits in one block (its cold part has a stub for each). */
#define RV_JIT_MAX_SIDE_EXITS 4
_Static_assert(2 + RV_JIT_MAX_SIDE_EXITS <= RV_TB_MAX_SLOTS, "a side exit has a chain slot");

/* One translation: the cache's header, where its code is, its chainable exits, and the guest
 * instructions it holds (helper calls and the host-pc -> guest-pc map read them). */
struct rv_jit_tb {
    struct rv_tb tb;
    struct rv_region *region;
    uint8_t *code;                 /* executable address of its first byte; NULL until hot */
    uint32_t runs;                 /* times interpreted while code is NULL (relaxed) */
    uint32_t code_size;
    uint32_t jmp_at[2];            /* offset of exit k's rel32 from code; 0: no such exit */
    uint32_t stub_at[2];           /* offset of exit k's unchained path */
    uint32_t loop_top;             /* a loop of one block: where exit 0 chains to itself
                                    * (loop_carry.c); 0 for other blocks */
    /* guest instructions its code runs: fewer than decoded when superblock.c's
     * rv_jit_trim_side_exits ended it at a side exit, before translating (read it once, with
     * rv_jit_count, where it may change meanwhile) */
    uint32_t n;
    /* per side exit in order (superblock.c), the interpreted runs that took it */
    uint8_t side_taken[RV_JIT_MAX_SIDE_EXITS];
    bool fmaps;                    /* some instruction names a float register: rv_jit_fdirty */
    /* a loop of one block that lends the copies cache the host registers of the pinned guest
     * registers it does not name (loop_carry.c), 1 << k for rv_jit_pins[k]: inside it those
     * guest registers are in their homes */
    uint8_t lent;
    uint8_t xmap_size;             /* entries per instruction of rv_jit_dirty's maps */
    /* The translation's maps, made when it is translated, n of each: rv_jit_host_off's offsets,
     * rv_jit_dirty's maps and, with float registers, rv_jit_fdirty's. A block that never gets
     * hot has none, nor have the instructions a trimmed superblock leaves out (gcc's cc1 holds
     * 140 000 blocks of 10 decoded instructions on average, 1.4 M in all: 9 MB of maps). */
    void *maps;
    /* the decoded instructions (without rv_block_decode's sentinel) */
    struct rv_dinsn insns[];
};

/* A side exit's chainable jump (superblock.c), exit slot 2 + k for the block's k-th: its link,
 * which the cache keeps (rv_cache_ops.more_link), and where its jump's rel32 and its unchained
 * path are (offsets from code, in the cold part). The maps begin with one per side exit of the
 * translation, tb.more_slots of them. */
struct rv_jit_side_link {
    struct rv_tb_link link;
    uint32_t jmp_at, stub_at;
};

static inline struct rv_jit_side_link *rv_jit_side_link(const struct rv_jit_tb *t, int slot)
{
    return (struct rv_jit_side_link *)t->maps + (slot - 2);
}

/* n offsets: where instruction i's code starts */
static inline uint32_t *rv_jit_host_off(const struct rv_jit_tb *t)
{
    return (uint32_t *)(void *)((struct rv_jit_side_link *)t->maps + t->tb.more_slots);
}

/* Entries per instruction of rv_jit_dirty's map: one per copies-cache register, of a
 * pooling loop's cache (RV_JIT_POOL_REGS) when the maps were made for one. */
static inline uint32_t rv_jit_xmap_size(const struct rv_jit_tb *t)
{
    return t->xmap_size;
}

/* instruction i's map, at its memory access (where a host fault can stop it): per cache
 * register k, the guest register whose copy it holds newer than its home, or 0 (pinned.h) */
static inline int8_t *rv_jit_dirty(const struct rv_jit_tb *t, uint32_t i)
{
    return (int8_t *)(void *)(rv_jit_host_off(t) + t->n) + (size_t)i * rv_jit_xmap_size(t);
}

/* the same for the float cache: the float register + 1 whose copy xmm register 2 + k holds
 * newer than its home, or 0; NULL in a block without float registers */
static inline int8_t *rv_jit_fdirty(const struct rv_jit_tb *t, uint32_t i)
{
    if (!t->fmaps)
        return NULL;
    return rv_jit_dirty(t, t->n) + (size_t)i * RV_JIT_FCACHE_REGS;
}

/* The block's instructions in buf[0..n), decoded at pc and ending at *end: when the last is a
 * forward branch over a few instructions, they and the block at its target are appended (a
 * hammock, as often as that holds: hammock.c). Returns the new count; buf has room for
 * RV_BLOCK_MAX_INSNS + 1. */
int rv_jit_extend_over_hammocks(guest_addr pc, struct rv_dinsn *buf, int n, guest_addr *end);

/* The same, then past forward branches too, which become side exits (superblock.c), as
 * often as either holds (CROSSRUN_JIT_SIDE_EXITS=0: hammocks only). */
int rv_jit_extend_block(guest_addr pc, struct rv_dinsn *buf, int n, guest_addr *end);

/* Before t is translated: ends it at its first side exit that an interpreted run took, when
 * it has run interpreted, or at its first side exit at all when `none` (superblock.c). Caller
 * holds the translator's lock. */
void rv_jit_trim_side_exits(struct rv_jit_tb *t, bool none);

/* t->n, read once by a thread that may run t while another trims it. */
static inline uint32_t rv_jit_count(const struct rv_jit_tb *t)
{
    return __atomic_load_n(&t->n, __ATOMIC_RELAXED);
}

/* Whether instruction i of t is a side exit: a conditional branch before the last instruction
 * whose taken way leaves the block (superblock.c). */
static inline bool rv_jit_is_side_exit(const struct rv_jit_tb *t, uint32_t i)
{
    return i + 1 < t->n && t->insns[i].superblock == RV_DINSN_SIDE_EXIT;
}

/* Whether instruction i of t is a jump the block follows to its target (superblock.c). */
static inline bool rv_jit_is_followed(const struct rv_jit_tb *t, uint32_t i)
{
    return i + 1 < t->n && t->insns[i].superblock == RV_DINSN_FOLLOWED;
}

/* The address after t's last instruction, where its fall-through exit (slot 1) goes. */
static inline guest_addr rv_jit_next_pc(const struct rv_jit_tb *t, uint32_t n)
{
    return t->insns[n - 1].pc + t->insns[n - 1].len;
}

/* Where direct exit `slot` of t, ending at instruction n - 1, goes: 0 to its branch's or
 * jal's target, 1 past it, 2 + k to the target of its k-th side exit. */
static inline guest_addr rv_jit_exit_target(const struct rv_jit_tb *t, uint32_t n, int slot)
{
    const struct rv_dinsn *last = &t->insns[n - 1];
    if (slot >= 2) {
        for (uint32_t i = 0, k = 2; i + 1 < n; i++)
            if (t->insns[i].superblock == RV_DINSN_SIDE_EXIT && k++ == (uint32_t)slot)
                return t->insns[i].pc + (uint64_t)t->insns[i].imm;
        return 0;  /* no such side exit: no block starts at 0 with a link to it */
    }
    return slot ? rv_jit_next_pc(t, n) : last->pc + (uint64_t)last->imm;
}

/* Whether a jit feature that CROSSRUN_JIT_<name>=0 turns off (options.c refuses other values
 * than 0 and 1) is on; *cached holds the answer once read (-1 before). */
static inline bool rv_jit_env_on(const char *var, int *cached)
{
    if (*cached < 0) {
        const char *env = getenv(var);
        *cached = !(env && env[0] == '0' && env[1] == '\0');
    }
    return *cached;
}

/* Whether instruction i of t is a hammock's branch (a conditional branch before the last
 * instruction that is not a side exit), and the index of the instruction it lands on when
 * taken. */
static inline bool rv_jit_is_hammock(const struct rv_jit_tb *t, uint32_t i)
{
    return i + 1 < t->n && t->insns[i].op < rv_op_count &&
           (rv_op_flags[t->insns[i].op] & RVF_BRANCH) && !t->insns[i].superblock;
}

static inline uint32_t rv_jit_hammock_end(const struct rv_jit_tb *t, uint32_t i)
{
    guest_addr target = t->insns[i].pc + (uint64_t)t->insns[i].imm;
    uint32_t j = i + 1;
    while (t->insns[j].pc != target)
        j++;
    return j;
}

/* Instructions retired by a run of t to its end (fewer than t->n when it took a hammock's
 * branch, whose skipped instructions add themselves: hammock.c) */
static inline uint32_t rv_jit_retired(const struct rv_jit_tb *t)
{
    return (uint32_t)t->insns[t->n - 1].idx + 1;
}

/* Decodes the block at pc into a translation without code yet (code NULL: the dispatcher
 * interprets it until it is hot). NULL with *fault_addr set when its first instruction cannot
 * be fetched. */
struct rv_jit_tb *rv_jit_decode(guest_addr pc, guest_addr *fault_addr);

/* Writes t's code into the current code region and publishes it (t->code, last); false when
 * the region has no room left (the caller flushes and opens a new one). Caller holds the
 * translator's lock. */
bool rv_jit_emit(struct rv_jit_tb *t);

/* Runs t (not translated yet) once with the interpreter's functions (interpret.c): 0 to go on
 * at cpu->pc, else why to leave (RV_JIT_EXIT_ECALL, _EBREAK, _FENCE_I, _SIGNAL), as translated
 * code would, with *slot the direct exit it left by (0 to its last branch's or jal's target,
 * 1 to the address after it, -1 for neither). Faults unwind as a helper's do. */
uintptr_t rv_jit_interpret(struct rv_cpu *cpu, struct rv_jit_tb *t, int *slot);
/* The run on which a block is translated (1: at once; CROSSRUN_JIT_HOT, -d in_asm/out_asm). */
extern unsigned rv_jit_hot_runs;

/* Runs one guest instruction of op `i` with the reference interpreter's semantics
 * (exec_one.c): what the translator does not translate itself calls rv_jit_exec_fns[op].
 * Faults unwind through rv_interp_fault. */
typedef void (*rv_jit_exec_fn)(struct rv_cpu *cpu, const struct rv_dinsn *in);
extern const rv_jit_exec_fn rv_jit_exec_fns[rv_op_count];

/* Instructions and blocks translated as calls of the interpreter's code (exec_one.c), for
 * --stats (under the translator's lock). */
extern uint64_t rv_jit_fallback_insns, rv_jit_fallback_blocks;
/* Indirect jumps run, and side exits run and taken (counted by translated code only under
 * --stats). */
extern uint64_t rv_jit_indirect_jumps, rv_jit_side_exits_run, rv_jit_side_exits_taken;
/* Side exits translated (under the translator's lock). */
extern uint64_t rv_jit_side_exits_made;
/* Guest returns run, and those whose target was not the top frame's (--stats only). */
extern uint64_t rv_jit_returns, rv_jit_return_misses;

#endif
