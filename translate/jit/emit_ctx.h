/*
 * translate/jit/emit_ctx.h - what the translator's emitters share while one block is written:
 * the buffer, where it will execute, and the cold paths to write after the block's body.
 */
#ifndef CROSSRUN_JIT_EMIT_CTX_H
#define CROSSRUN_JIT_EMIT_CTX_H

#include <stddef.h>
#include <stdint.h>

#include "translate/block.h"
#include "translate/cpu.h"
#include "translate/jit/jit.h"
#include "translate/jit/pinned.h"
#include "translate/jit/rotate.h"
#include "translate/jit/upper_dead.h"
#include "translate/jit/x86_emit.h"

/* A guest register's home: [rbx + offset]. */
static inline struct x86_mem rv_jit_xreg(int i)
{
    return rv_jit_cpu_mem(offsetof(struct rv_cpu, x) + 8 * (size_t)i);
}

/* A float register's home: [rbx + offset]. */
static inline struct x86_mem rv_jit_freg(int i)
{
    return rv_jit_cpu_mem(offsetof(struct rv_cpu, f) + 8 * (size_t)i);
}

#define RV_JIT_CPU(field) rv_jit_cpu_mem(offsetof(struct rv_cpu, field))

/* What the copies caches hold at a point of the block, as a cold path writes it back or loads
 * it again: per cache register, the guest register of its copy (x: x1-x31; f: f0-f31 + 1), or 0
 * for none. */
struct rv_jit_dirty_map {
    int8_t x[RV_JIT_POOL_REGS];
    int8_t f[RV_JIT_FCACHE_REGS];
};

/* A check of a memory access (its range, an atomic's alignment) that jumps to a cold path
 * raising the guest's signal, with the address in rax. */
struct rv_jit_fault_fix {
    uint32_t jcc_at;          /* the check's rel32 */
    int signo;                /* SIGSEGV, SIGBUS */
    guest_addr pc;            /* the access's guest pc */
    uint8_t addr;             /* where the cold path finds si_addr: enum rv_jit_fault_addr */
    int8_t base;              /* RV_JIT_ADDR_RECHECK: the base register, imm, access size, */
    int8_t size;              /* and where to go on when the exact check passes */
    int32_t imm;
    uint32_t resume_at;
    /* RV_JIT_ADDR_RECHECK: [base + lo, base + hi) spans this access and the later ones through
     * the same base value, which skip their checks (rv_jit_checked); at = the instruction. */
    int32_t lo, hi;
    uint32_t at;
    uint32_t alone_jcc_at;    /* the jump taken when only this access passes, or 0 */
    struct rv_jit_dirty_map dirty;  /* copies the cold path writes back */
};

enum rv_jit_fault_addr {
    RV_JIT_ADDR_RAX,          /* in rax */
    RV_JIT_ADDR_PC,           /* the instruction's pc (SIGILL) */
    RV_JIT_ADDR_RECHECK,      /* base + imm, after an exact check (rv_jit_checked) */
};

/* At most two checks per instruction (range, then an atomic's alignment). */
#define RV_JIT_MAX_FIXES (2 * RV_BLOCK_MAX_INSNS)

/* Offsets into a translation's code (where a jump is, where it goes) count from the start of
 * its hot part; those into its cold part (written after the hot one: translate.c's emit_block) from
 * RV_JIT_COLD, and the two parts are anywhere in the region. */
#define RV_JIT_COLD ((size_t)1 << 30)

/* What a block knows of its guest registers' values at the instruction being written. */
struct rv_jit_facts {
    /* Guest registers holding a value that passed a range check in this block plus
     * checked_delta (an addi since: 1 << reg), each for the offsets [checked_lo, checked_hi)
     * from the checked value (rv_jit_checked); another instruction writing one clears its bit
     * (rv_jit_written). */
    uint32_t checked;
    int32_t checked_lo[32], checked_hi[32], checked_delta[32];
    /* Guest registers whose value the block set to a constant (lui, auipc, addi of one), and
     * the values: an access through one needs no check when its address is in the range. */
    uint32_t known;
    uint64_t known_value[32];
    /* What an inline double op's mode check (emit_fp.c) would find: RV_JIT_FP_FAST when
     * cpu->jit_fp_fast is known set (a check of it passed, or the call after one that failed
     * left it set, or the block left), RV_JIT_FP_NX when only NX is known, else 0. Only a CSR
     * instruction can clear them; an op's call only adds flags. */
    uint8_t fp_known;
};
#define RV_JIT_FP_NX   1
#define RV_JIT_FP_FAST 2

/* A CSR instruction: fsflags, fsrm and the like may clear what facts.fp_known says. */
static inline bool rv_jit_may_clear_fp_mode(const struct rv_dinsn *in)
{
    return in->op != rv_op_illegal && (rv_op_flags[in->op] & RVF_CSR);
}

#define RV_JIT_MAX_COLD_CALLS RV_BLOCK_MAX_INSNS

/* A copies cache (emit_ctx.c): the integer one (rdx, rsi, rdi, r8) or the float one (xmm2 to
 * xmm15). */
struct rv_jit_cache {
    bool fp;
    uint8_t n;                /* its registers: the translation's xmap_size (RV_JIT_CACHE_REGS,
                               * or RV_JIT_POOL_REGS for a loop that pools) or
                               * RV_JIT_FCACHE_REGS */
    unsigned unusable;        /* 1 << host register: of those, the ones it may not use (pinned
                               * registers a pooling loop does not lend) */
    int8_t holds[16];         /* per host register: the guest register it holds a copy of, or -1 */
    unsigned dirty;           /* 1 << host register: copies newer than their home */
    unsigned busy;            /* 1 << host register: used by the current instruction */
};

struct rv_jit_emit {
    struct x86_buf b;         /* the part being written: the hot one, then the cold one */
    bool in_cold;             /* b is the cold part */
    uint8_t *hot_rx, *hot_rw, *cold_rx, *cold_rw;
    size_t hot_used;          /* the hot part's length, once the cold one is being written */
    uint8_t *exit;            /* the region's exit path (executable address) */
    uint8_t *fault_tail;      /* the region's fault tail (rv_codemem_fault_tail) */
    struct rv_jit_tb *t;
    uint32_t n_fixes;
    struct rv_jit_fault_fix fixes[RV_JIT_MAX_FIXES];
    uint32_t signal_jcc_at;   /* the end's pending check (check_signal), or 0 */
    uint32_t deep_jcc_at;     /* a call's check of its stack of frames (translate.c), or 0 */
    uint32_t table_miss_at;   /* an indirect jump's test of its table entry, or 0 */
    uint32_t return_miss_at;  /* a return's test of the top frame, or 0 */
    uint32_t libc_done_at;    /* a host library call's test of being done (translate.c), or 0 */
    uint32_t fallbacks;       /* instructions left to the interpreter's code (exec_one.c) */
    struct rv_jit_cache xc, fc;  /* the copies caches of integer and float registers */
    uint32_t at;              /* the current instruction's index in t->insns */
    struct rv_jit_facts facts;
    /* An instruction whose work the one before it did (emit_alu.c's extension pairs), or
     * UINT32_MAX */
    uint32_t fused_next;
    /* Per instruction: the upper half of its result is never read (rv_jit_find_upper_dead) */
    uint8_t upper_dead[RV_BLOCK_MAX_INSNS + 1];
    /* Per instruction: a rotation's or, or a shift of one left out (rotate.c) */
    struct rv_jit_rotation rot[RV_BLOCK_MAX_INSNS];
    /* The hammock being written (emit_hammock.c): its branch, the instruction it lands on
     * (UINT32_MAX: none), how many it skips, the branch's jump or whether it is converted to
     * cmovs instead (and the registers they restore), the facts at the branch, and the guest
     * registers the skipped instructions write. */
    uint32_t hammock_branch, merge_at, skipped, merge_jcc;
    bool converted;
    uint32_t converted_writes;
    struct rv_jit_facts facts_at_branch;
    uint32_t skipped_writes;
    /* Side exits (superblock.c): the branch, its jump to its stub in the cold part, and the
     * dirty copies the stub writes back */
    uint32_t n_side_exits;
    struct rv_jit_side_exit {
        const struct rv_dinsn *in;
        uint32_t jcc_at;
        struct rv_jit_dirty_map dirty;
    } side_exits[RV_JIT_MAX_SIDE_EXITS];
    /* FP ops whose calls go in the cold part (emit_fp.c): the instruction, its inline path's
     * jumps to the call, where the call goes back to, the dirty copies to write back before
     * the call and the copies to load again after it */
    uint32_t n_cold_calls;
    /* A loop of one block (loop_carry.c): the copies its top expects, by cache register (as a
     * map lists them), and the dirty copies its back edge's other ways write back */
    bool loop;
    struct rv_jit_dirty_map loop_want, loop_back;
    /* The copies held at the back edge before they were moved (loop_carry.c): a second
     * writing of the loop starts its top with them (want_given), so few need moving */
    struct rv_jit_dirty_map loop_end;
    bool want_given;
    /* A loop of one block that pools (loop_carry.c): the pinned registers it lends the copies
     * cache (1 << k for rv_jit_pins[k]), which every way out loads again; 0 for others */
    uint8_t lent;
    struct rv_jit_cold_call {
        const struct rv_dinsn *in;
        uint32_t slow[3];
        uint8_t n_slow;
        uint32_t done;
        struct rv_jit_dirty_map before, after;
        uint8_t establishes;  /* the fp_known its mode check made known: 0 when none */
    } cold_calls[RV_JIT_MAX_COLD_CALLS];
    /* A loop's check of cpu->jit_fp_fast before its top (rv_jit_fp_guard), or 0 */
    uint32_t fp_guard_jcc_at;
};

/* The cold part's calls of FP ops whose inline path did not apply (emit_fp.c). */
void rv_jit_emit_fp_cold(struct rv_jit_emit *e);
/* A loop of one block whose inline double ops need a mode check and which has no CSR
 * instruction checks cpu->jit_fp_fast once, before its top, instead of at every trip: the
 * check, and the facts at the top (emit_fp.c). Nothing when it does not apply. */
void rv_jit_fp_guard(struct rv_jit_emit *e);
/* Ways out to the dispatcher (leave.c): cpu->pc = pc (rax clobbered); eax = code
 * (RV_JIT_EXIT_* or a block's tb | slot) and a jump to the region's exit path; and both after
 * the pinned registers a pooling loop lent are loaded again and `retired` of the block's
 * instructions are counted (the copies must be written back already). */
void rv_jit_set_pc(struct rv_jit_emit *e, guest_addr pc);
void rv_jit_leave(struct rv_jit_emit *e, uint64_t code);
void rv_jit_leave_at(struct rv_jit_emit *e, uint32_t retired, guest_addr pc, uint64_t code);
/* instret += n, when translated code counts (rv_jit_counts_instret) */
void rv_jit_count_retired(struct rv_jit_emit *e, uint32_t n);

/* The flags of a conditional branch's compare; returns the condition that takes it. */
enum x86_cc rv_jit_branch_compare(struct rv_jit_emit *e, const struct rv_dinsn *in);

/* A hammock's branch (hammock.c), then, at the instruction it lands on (merge_at), where its two
 * ways meet (emit_hammock.c). */
void rv_jit_hammock_branch(struct rv_jit_emit *e, const struct rv_dinsn *in);
void rv_jit_hammock_merge(struct rv_jit_emit *e);


/* Instruction in has been emitted: what the block knew of the register it writes is updated
 * (emit_mem.c). */
void rv_jit_written(struct rv_jit_emit *e, const struct rv_dinsn *in);

/* The offset of what is written next (RV_JIT_COLD and up in the cold part). */
static inline size_t rv_jit_here(const struct rv_jit_emit *e)
{
    return x86_buf_used(&e->b) + (e->in_cold ? RV_JIT_COLD : 0);
}

/* The offset of a rel32 the x86_* emitters just wrote into the current part at `used`. */
static inline size_t rv_jit_in_part(const struct rv_jit_emit *e, size_t used)
{
    return used + (e->in_cold ? RV_JIT_COLD : 0);
}

static inline uint8_t *rv_jit_rx_at(const struct rv_jit_emit *e, size_t at)
{
    return at >= RV_JIT_COLD ? e->cold_rx + (at - RV_JIT_COLD) : e->hot_rx + at;
}

/* Points the rel32 at offset `at` at an absolute executable address in the same region. */
static inline void rv_jit_link_abs(struct rv_jit_emit *e, size_t at, const uint8_t *target)
{
    if (e->b.full)
        return;
    uint8_t *rw = at >= RV_JIT_COLD ? e->cold_rw + (at - RV_JIT_COLD) : e->hot_rw + at;
    x86_patch_rel32(rw, (uintptr_t)(rv_jit_rx_at(e, at) + 4), (uintptr_t)target);
}

/* Points the rel32 at offset `at` at offset `target` (either in either part). */
static inline void rv_jit_link_local(struct rv_jit_emit *e, size_t at, size_t target)
{
    rv_jit_link_abs(e, at, rv_jit_rx_at(e, target));
}

/* The host register pinned to guest register i in this block: none when a pooling loop lent
 * it to the copies cache. */
static inline enum x86_reg rv_jit_pin_of(const struct rv_jit_emit *e, int i)
{
    for (int k = 0; k < RV_JIT_PINNED; k++)
        if (rv_jit_pins[k].guest == i)
            return (e->lent & (1u << k)) ? X86_NOREG : rv_jit_pins[k].host;
    return X86_NOREG;
}

/* Before a helper call and after it: the pinned registers and instret stored to struct
 * rv_cpu and loaded back (or only those a call clobbers), but those lent to a pooling loop's
 * copies cache (whose homes hold them). */
void rv_jit_call_save(struct rv_jit_emit *e, bool clobbered_only);
void rv_jit_call_restore(struct rv_jit_emit *e, bool clobbered_only);

/* Loads guest register i into host register r (0 for x0). r must not be a cache register
 * (rdx, rsi, rdi, r8) unless the copies were forgotten. */
void rv_jit_load_x(struct rv_jit_emit *e, enum x86_reg r, int i);
/* Stores host register r into guest register i (nothing for x0). */
void rv_jit_store_x(struct rv_jit_emit *e, int i, enum x86_reg r);

/* The copies cache. Guest registers that live in struct rv_cpu are loaded into the cache
 * registers (rdx, rsi, rdi, r8; scratch: rax, rcx) and computed there, so dependencies go
 * register to register, and a new value stays in its register, newer than its home (dirty),
 * until the cache needs the register back or the block leaves: rv_jit_flush writes the dirty
 * copies back before every exit, helper call and emitter that uses the cache registers as
 * scratch. A value the block writes twice is stored once. The block is known whole, so the
 * cache looks ahead: it keeps a value only when a later instruction of the block reads it, and
 * gives up the copy read again last (Belady's rule). Where an access may fault, the dirty
 * copies are recorded: the access's cold path writes them back, and a host fault's handler
 * reads them from the fault's context (t->dirty, rv_jit_fault_point). */

/* A host register holding guest register i: its pinned register, a cached copy, or a cache
 * register it is loaded into from its home (kept for later instructions), else `scratch`
 * (zeroed for x0). Registers handed out are busy until the next instruction starts. */
enum x86_reg rv_jit_get(struct rv_jit_emit *e, int i, enum x86_reg scratch);
/* As rv_jit_get, but X86_NOREG when i is in no host register and the cache does not take it
 * (no later instruction of the block reads it, or no copy is worth giving up for it): the
 * caller then reads its home (rv_jit_xreg) straight into the register it computes in, or as a
 * memory operand, instead of through a scratch register. */
enum x86_reg rv_jit_find(struct rv_jit_emit *e, int i, enum x86_reg scratch);
/* The host register to compute guest register i's new value into: its pinned register, the
 * cache register holding its old value (even when that is a source: x86's two-operand forms
 * compute in place), else a cache register neither busy (a source) nor in the `avoid` mask
 * (1 << reg), or rax for x0. Call rv_jit_put once it holds the value. */
enum x86_reg rv_jit_dest(struct rv_jit_emit *e, int i, unsigned avoid);
/* Guest register i's new value is in r (from rv_jit_dest): kept there as a dirty copy, or
 * stored to its home when r is a scratch register. */
void rv_jit_put(struct rv_jit_emit *e, int i, enum x86_reg r);
/* Host register r is about to be clobbered (or every cache register is): a dirty copy is
 * written back, the copy dropped, and r stays busy for the rest of the instruction. */
void rv_jit_forget(struct rv_jit_emit *e, enum x86_reg r);
void rv_jit_forget_all(struct rv_jit_emit *e);
/* The same for every float copy (before a call, which clobbers every xmm register, or an
 * instruction that reads or writes float registers in their homes). */
void rv_jit_fforget_all(struct rv_jit_emit *e);
/* Writes every dirty copy (both caches) back to its home, keeping the copies. */
void rv_jit_flush(struct rv_jit_emit *e);
/* The current instruction's memory access comes next: records which cache registers hold
 * dirty copies there (rv_jit_dirty, rv_jit_fdirty), for a host fault's handler. */
void rv_jit_fault_point(struct rv_jit_emit *e);
/* Instruction `at` of the block starts: nothing is busy. */
static inline void rv_jit_next_insn(struct rv_jit_emit *e, uint32_t at)
{
    e->xc.busy = 0;
    e->fc.busy = 0;
    e->at = at;
    rv_jit_fault_point(e);
}
/* Whether instruction k of the block reads (writes) guest register i (a float register for fp),
 * as it is written: a rotation's or reads its source alone, a shift left out nothing (rotate.c) */
bool rv_jit_reads_at(const struct rv_jit_emit *e, uint32_t k, int i, bool fp);
bool rv_jit_writes_at(const struct rv_jit_emit *e, uint32_t k, int i, bool fp);
/* Whether guest register i's value (a float register's for fp) is never seen from instruction
 * `from` on: the block writes i before it reads it, with only instructions that cannot fault,
 * call out or leave up to there; never inside a hammock (a way may skip the write). */
bool rv_jit_dead_from(const struct rv_jit_emit *e, uint32_t from, int i, bool fp);
/* The dirty copies, or every copy, now. */
void rv_jit_dirty_now(const struct rv_jit_emit *e, struct rv_jit_dirty_map *m);
void rv_jit_held_now(const struct rv_jit_emit *e, struct rv_jit_dirty_map *m);
/* Stores the copies a map lists (a cold path's write-back), or loads them from their homes. */
void rv_jit_write_back(struct rv_jit_emit *e, const struct rv_jit_dirty_map *m);
void rv_jit_reload(struct rv_jit_emit *e, const struct rv_jit_dirty_map *m);

/* The caches' parts, for loop_carry.c: cache register k's host register, how many there are,
 * the host register holding a copy of guest register i (X86_NOREG: none), and a copy loaded
 * from or stored to its home. */
int rv_jit_cache_host(const struct rv_jit_cache *c, int k);
int rv_jit_cache_size(const struct rv_jit_cache *c);
int rv_jit_cache_find(const struct rv_jit_cache *c, int i);
void rv_jit_cache_load(struct rv_jit_emit *e, const struct rv_jit_cache *c, int r, int i);
void rv_jit_cache_store(struct rv_jit_emit *e, const struct rv_jit_cache *c, int i, int r);

/* Loops of one block (loop_carry.c): whether t is one (its last instruction a conditional
 * branch back to its start), the copies loaded before its top (e->loop_want), and, before the
 * back edge, the copies moved to where the top expects them (e->loop_back: what is dirty). */
bool rv_jit_loop_eligible(const struct rv_jit_tb *t);
/* Whether the loop t pools, and the pinned registers it lends (1 << k for rv_jit_pins[k]):
 * those it does not name, when it names more guest registers that are not pinned than the
 * copies cache has registers; 0 when not (CROSSRUN_JIT_LOOP_POOL=0: never). */
uint8_t rv_jit_loop_lends(const struct rv_jit_tb *t);
/* A way out of a pooling loop: the lent registers loaded from their homes. */
void rv_jit_unpool(struct rv_jit_emit *e);
void rv_jit_loop_enter(struct rv_jit_emit *e);
void rv_jit_loop_conform(struct rv_jit_emit *e);

/* The float copies cache, as the integer one (xmm0 and xmm1 are scratch): the xmm register
 * holding float register i, loaded into one when the block reads it again, else X86_NOREG
 * (ffind) or loaded into `scratch` (fget); the xmm register to put i's new value in (X86_NOREG:
 * none, store it to its home), and i's new value is in xmm (a cache register or scratch). */
int rv_jit_ffind(struct rv_jit_emit *e, int i);
int rv_jit_fget(struct rv_jit_emit *e, int i, int scratch);
int rv_jit_fdest(struct rv_jit_emit *e, int i);
void rv_jit_fput(struct rv_jit_emit *e, int i, int xmm);
/* 0, 1, 2, 3 for an access of 1, 2, 4, 8 bytes (the index of cpu->mem_span) */
static inline int rv_jit_log2_size(int size)
{
    return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

/* rax = the guest address rs1 + imm of a `size`-byte access, range-checked (a cold path raises
 * SIGSEGV at the instruction when it is outside the guest range). */
void rv_jit_address(struct rv_jit_emit *e, const struct rv_dinsn *in, int size);
/* A cheaper check of a store (loads go unchecked), leaving the address where it is: the operand
 * [rs1's register + imm], whose base is compared with mem_base_limit (struct rv_cpu) unless
 * an earlier check in the block covers it (emit_mem.c). */
struct x86_mem rv_jit_checked(struct rv_jit_emit *e, const struct rv_dinsn *in, int size);

/* movsxd dst, dst, the sign extension a W instruction ends with, unless it is dead: nothing
 * reads the upper half of rd before it is overwritten (rv_jit_find_upper_dead: a chain of addw
 * into one register extends once, at its end; a slliw whose value only feeds or, xor and an
 * addw, not at all). */
void rv_jit_sext_result(struct rv_jit_emit *e, enum x86_reg dst);

/* rd = rs1 shifted or rotated by imm or by rs2 (the host masks a count in cl as RISC-V does:
 * 6 bits for 64-bit operands, 5 for 32-bit ones; the W forms sign-extend their result). */
void rv_jit_shift(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_shift op, bool w64,
                  bool imm);

/* The cold path's exact check of a RV_JIT_ADDR_RECHECK fix (translate.c). */
void rv_jit_recheck(struct rv_jit_emit *e, struct rv_jit_fault_fix *f);

/* Jumps to a cold path raising `signo` at the instruction when cc holds (rax: the address). */
void rv_jit_fault_if(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_cc cc, int signo);

/* Calls the interpreter's function for `in` (exec_one.c): rv_jit_exec_fns[op](cpu, in). The
 * caller saves what the call may clobber or read. */
void rv_jit_call_exec(struct rv_jit_emit *e, const struct rv_dinsn *in);
/* The same call, saving around it only what the call clobbers: the caller-saved pinned
 * registers and instret, plus rs1's pinned register before (reads_rs1) and rd's after
 * (writes_rd). Only for an op that cannot fault and touches no other
 * integer register; the copies cache must have been forgotten. */
void rv_jit_light_call(struct rv_jit_emit *e, const struct rv_dinsn *in, bool reads_rs1,
                       bool writes_rd);

/* Emitters of instruction groups: each returns false when the op is not one of its own. */
bool rv_jit_emit_alu(struct rv_jit_emit *e, const struct rv_dinsn *in);
bool rv_jit_emit_bits(struct rv_jit_emit *e, const struct rv_dinsn *in);
bool rv_jit_emit_mem(struct rv_jit_emit *e, const struct rv_dinsn *in);
bool rv_jit_emit_amo(struct rv_jit_emit *e, const struct rv_dinsn *in);
bool rv_jit_emit_fp(struct rv_jit_emit *e, const struct rv_dinsn *in);
bool rv_jit_emit_csr(struct rv_jit_emit *e, const struct rv_dinsn *in);
/* cpu->jit_fp_fast set again from fflags and frm (rv_cpu_fp_mode_written), after code that may
 * have written them; rcx and rdx clobbered (emit_csr.c) */
void rv_jit_fp_mode_written(struct x86_buf *b);

#endif
