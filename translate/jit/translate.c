/*
 * translate/jit/translate.c - one guest block into x86-64 code.
 *
 * The shape of a translation:
 *             the instructions, each inline or as a call of the interpreter's function for
 *             its op (exec_one.c); a side exit (superblock.c) is a compare and a jcc to its
 *             stub in the cold part, a jump the block follows is nothing
 *             the block's end: before a backward exit or an indirect jump (a return: when
 *             it misses the top frame), cmp dword [rbx + signal_pending], 0 ; jne signal
 *             path (check_signal); then a
 *             conditional branch is jcc (exit 0) then jmp (exit 1); jal and a straight-line
 *             end are one jmp; jalr probes the jump table; ecall, ebreak, fence.i leave to
 *             the dispatcher with their exit code
 *             (the copies cache writes its dirty copies back before the end: every way on
 *             from there leaves the block)
 *     cold:   per side exit its stub (the dirty copies written back, instret, the jump
 *             table), the signal path, one SIGSEGV path per memory access (an exact recheck of the
 *             address first, then the dirty copies written back), then per direct exit its
 *             unchained path (store the target pc, return the exit's id).
 * A direct exit's rel32 starts 4-byte aligned, so chaining and unchaining are one atomic
 * store into the code (through the region's writable view) while other threads run it.
 * instret (in a host register, pinned.h) grows by the block's count when it leaves at its end,
 * as in the interpreter.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "translate/log.h"
#include "translate/jit/emit_ctx.h"
#include "translate/jit/jcache.h"
#include "translate/jit/jit.h"
#include "translate/jit/libc_calls.h"
#include "translate/jit/operands.h"
#include "translate/interp_csr.h"
#include "translate/jit/pinned.h"

/* Pads so that the rel32 after an opcode of opcode_len bytes starts 4-byte aligned: one nop of
 * up to 3 bytes (a single instruction for the front end, which runs it on the way through).
 * (A hot part starts on a line; a cold part anywhere: its address counts.) */
static void nops_until_aligned(struct rv_jit_emit *e, size_t opcode_len)
{
    uintptr_t at = (uintptr_t)rv_jit_rx_at(e, rv_jit_here(e));
    x86_nop(&e->b, (int)((4 - (at + opcode_len) % 4) % 4));
}

static void add_instret(struct rv_jit_emit *e)
{
    rv_jit_count_retired(e, rv_jit_retired(e->t));
}

/* Before an exit that may close a loop (a direct one to this block or an earlier address: every
 * cycle of blocks has one) and before an indirect jump: leave for the signal path when a signal
 * is pending. A chain of exits to later addresses always reaches one of these, so a guest in
 * chained code notices a signal within one trip round its loop, and blocks that only run
 * forward pay nothing. The signal path leaves at the end instruction, not yet run. */
static void check_signal(struct rv_jit_emit *e)
{
    x86_alu_mi(&e->b, X86_CMP, false, RV_JIT_CPU(signal_pending), 0);
    e->signal_jcc_at = (uint32_t)rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_NE));
}

/* A direct exit as a patchable jump: jcc when cc >= 0, else jmp. */
static void direct_exit(struct rv_jit_emit *e, int slot, int cc)
{
    nops_until_aligned(e, cc >= 0 ? 2 : 1);
    size_t at = cc >= 0 ? x86_jcc(&e->b, (enum x86_cc)cc) : x86_jmp(&e->b);
    e->t->jmp_at[slot] = (uint32_t)at;
}

/* Pads before the code written since offset `from` (moving it up) so that a rel32 after an
 * opcode of opcode_len bytes written next starts 4-byte aligned: a compare and its jcc stay
 * adjacent, which the host fuses into one operation, where a nop between them kept them two. */
static void align_before(struct rv_jit_emit *e, size_t from, size_t opcode_len)
{
    size_t used = x86_buf_used(&e->b);
    int pad = (int)((4 - (used + opcode_len) % 4) % 4);
    if (!pad || e->b.full)
        return;
    if ((size_t)(e->b.end - e->b.p) < (size_t)pad + 16) {  /* and X86_ROOM's slack */
        e->b.full = true;
        return;
    }
    memmove(e->b.start + from + pad, e->b.start + from, used - from);
    struct x86_buf gap = { .start = e->b.start + from, .p = e->b.start + from,
                           .end = e->b.end };
    x86_nop(&gap, pad);
    e->b.p += pad;
}

static void emit_branch(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    add_instret(e);
    size_t compare = x86_buf_used(&e->b);
    enum x86_cc cc = rv_jit_branch_compare(e, in);
    align_before(e, compare, 2);
    direct_exit(e, 0, (int)cc);
    direct_exit(e, 1, -1);
}

/* x1 and x5: the link registers, whose use the ISA gives as hints to a return-address stack */
static bool is_link(int r)
{
    return r == 1 || r == 5;
}

/* Adds 1 to a --stats counter (racy between threads, like the others). */
static void count(struct rv_jit_emit *e, uint64_t *counter)
{
    if (rv_engine_stats_wanted) {
        x86_mov_ri(&e->b, X86_RCX, (uintptr_t)counter);
        x86_alu_mi(&e->b, X86_ADD, true, x86_mem(X86_RCX, 0), 1);
    }
}

/* The way to the dispatcher when the jump table misses, rax = the target. */
static void emit_table_miss(struct rv_jit_emit *e)
{
    x86_store(&e->b, 8, RV_JIT_CPU(pc), X86_RAX);
    rv_jit_leave(e, RV_JIT_EXIT_LOOKUP);
}

/* rax = the target: its entry in the thread's jump table (jcache.h: keyed by target + 1, at
 * table + (target & mask << 1) * 8), else the dispatcher, with cpu->pc = the target (only the
 * dispatcher reads it: a hit goes on without storing it; the miss is in the cold part). */
static void emit_table_jump(struct rv_jit_emit *e)
{
    x86_mov_rr(&e->b, false, X86_RCX, X86_RAX);
    x86_alu_ri(&e->b, X86_AND, false, X86_RCX, (int32_t)(RV_JCACHE_ENTRIES - 1) << 1);
    x86_load(&e->b, 8, false, X86_RDX, RV_JIT_CPU(jcache));
    x86_lea(&e->b, true, X86_RCX, x86_mem_index(X86_RDX, X86_RCX, 8, 0));
    x86_lea(&e->b, true, X86_RDX, x86_mem(X86_RAX, 1));  /* the key (the block is flushed) */
    x86_alu_rm(&e->b, X86_CMP, true, X86_RDX, x86_mem(X86_RCX, 0));
    size_t miss = rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_NE));
    x86_jmp_m(&e->b, x86_mem(X86_RCX, 8));
    if (e->in_cold) {
        rv_jit_link_local(e, miss, rv_jit_here(e));
        emit_table_miss(e);
    } else {
        e->table_miss_at = (uint32_t)miss;
    }
}

static void emit_indirect_jump(struct rv_jit_emit *e)
{
    count(e, &rv_jit_indirect_jumps);
    emit_table_jump(e);
}

/* A side exit (superblock.c): the branch's compare and, when taken, a jump to its stub in the
 * cold part; the block goes on at the fall-through with its copies and what it knows. */
static void emit_side_exit(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    count(e, &rv_jit_side_exits_run);  /* before the compare: it clobbers rcx and the flags */
    enum x86_cc cc = rv_jit_branch_compare(e, in);
    if (e->n_side_exits == RV_JIT_MAX_SIDE_EXITS) {
        e->b.full = true;  /* cannot happen (superblock.c makes no more): never leave it unwired */
        return;
    }
    struct rv_jit_side_exit *s = &e->side_exits[e->n_side_exits++];
    s->in = in;
    rv_jit_dirty_now(e, &s->dirty);  /* after the compare, which may have loaded a copy */
    s->jcc_at = (uint32_t)x86_jcc(&e->b, cc);
}

/* Side exit k's stub: the dirty copies as they were at the branch written back, the
 * instructions up to it counted, and on to its target (forward: no pending-signal check is
 * needed, as for any exit to a later address) by a direct exit of its own, slot 2 + k, whose
 * unchained path follows it. python3 took 52 M side exits in 6.8 s; through the jump table,
 * whose entries are spread one to a cache line, 9% of its time went to the probe's load. */
static void emit_side_exit_stub(struct rv_jit_emit *e, const struct rv_jit_side_exit *s, int k)
{
    rv_jit_link_local(e, s->jcc_at, rv_jit_here(e));
    rv_jit_write_back(e, &s->dirty);
    rv_jit_unpool(e);
    rv_jit_count_retired(e, s->in->idx + 1u);
    count(e, &rv_jit_side_exits_taken);
    nops_until_aligned(e, 1);
    size_t jmp = rv_jit_in_part(e, x86_jmp(&e->b));
    size_t stub = rv_jit_here(e);
    rv_jit_link_local(e, jmp, stub);
    int slot = 2 + k;
    struct rv_jit_side_link *side = rv_jit_side_link(e->t, slot);
    side->jmp_at = (uint32_t)(rv_jit_rx_at(e, jmp) - e->hot_rx);
    side->stub_at = (uint32_t)(rv_jit_rx_at(e, stub) - e->hot_rx);
    rv_jit_set_pc(e, s->in->pc + (uint64_t)s->in->imm);
    rv_jit_leave(e, (uintptr_t)e->t | (uintptr_t)slot);
}

/*
 * Calls and returns use the host's own: a guest call pushes a frame of two words, the guest
 * return address and, by a host call, the host address of its continuation, a patchable jump
 * (exit 1) to the block at the return address. A guest return whose target is the top frame's
 * guest address is a host `ret 8`, which the host's return predictor gets right, where a jump
 * through the jump table would be predicted by its history. A frame's continuation always
 * goes to its own guest address, so any match is right; a mismatch (longjmp, a thread switch
 * of a coroutine library) takes the jump table and leaves frames behind, which the way out of
 * translated code drops with the rest (codemem.c). So does a stack of frames grown deeper than
 * its bound (recursion, or frames left behind): the call leaves for the dispatcher instead.
 */
static void emit_call_frame(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    x86_alu_rm(&e->b, X86_CMP, true, X86_RSP, RV_JIT_CPU(jit_stack_floor));
    e->deep_jcc_at = (uint32_t)x86_jcc(&e->b, X86_CC_BE);
    x86_mov_ri(&e->b, X86_RCX, in->pc + in->len);
    x86_push(&e->b, X86_RCX);
    size_t call = x86_call(&e->b);
    direct_exit(e, 1, -1);  /* where returns land (the alignment nops before it run too) */
    rv_jit_link_local(e, call, x86_buf_used(&e->b));
}

/* x1 and x5 are the link registers: jalr x0, 0(x1) returns */
static bool is_return(const struct rv_dinsn *in)
{
    return in->op == rv_op_jalr && in->rd == 0 && is_link(in->rs1);
}

/* rax = the return's target, bit 0 not yet cleared. A return that matches the top frame is
 * `ret 8` and needs no check of pending signals: the call that pushed the frame made one, so
 * a loop of returns cannot run without checks. The rest (in the cold part: emit_return_miss)
 * check, clear bit 0 and go through the jump table (a frame's address is even, so an odd
 * target never matches one). */
static void emit_return(struct rv_jit_emit *e)
{
    count(e, &rv_jit_returns);
    x86_alu_rm(&e->b, X86_CMP, true, X86_RAX, x86_mem(X86_RSP, 8));
    e->return_miss_at = (uint32_t)x86_jcc(&e->b, X86_CC_NE);
    add_instret(e);
    x86_ret_imm(&e->b, 8);
}

static void emit_return_miss(struct rv_jit_emit *e)
{
    rv_jit_link_local(e, e->return_miss_at, rv_jit_here(e));
    count(e, &rv_jit_return_misses);
    check_signal(e);
    add_instret(e);
    x86_alu_ri(&e->b, X86_AND, true, X86_RAX, -2);
    emit_indirect_jump(e);
}

static void emit_jalr(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    rv_jit_load_x(e, X86_RAX, in->rs1);  /* before rd is written: rd may be rs1 */
    if (in->imm)
        x86_lea(&e->b, true, X86_RAX, x86_mem(X86_RAX, (int32_t)in->imm));
    if (is_return(in)) {
        emit_return(e);
        return;
    }
    x86_alu_ri(&e->b, X86_AND, true, X86_RAX, -2);
    if (in->rd) {
        x86_mov_ri(&e->b, X86_RCX, in->pc + in->len);
        rv_jit_store_x(e, in->rd, X86_RCX);
    }
    add_instret(e);
    if (is_link(in->rd))
        emit_call_frame(e, in);
    emit_indirect_jump(e);
}

static void emit_illegal(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    rv_jit_flush(e);
    rv_jit_unpool(e);
    x86_store_imm(&e->b, 4, RV_JIT_CPU(fault.signo), SIGILL);
    rv_jit_set_pc(e, in->pc);
    x86_store(&e->b, 8, RV_JIT_CPU(fault.addr), X86_RAX);
    rv_jit_leave(e, RV_JIT_EXIT_FAULT);
}

/* The end of a loop of one block (loop_carry.c): the copies go where the loop's top expects
 * them, and the back edge (exit 0, chained to the top) writes nothing back; the loop's exit
 * (exit 1), the signal path and the back edge's unchained path write the dirty ones back. */
static void emit_loop_end(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    rv_jit_loop_conform(e);
    check_signal(e);
    add_instret(e);
    size_t compare = x86_buf_used(&e->b);
    enum x86_cc cc = rv_jit_branch_compare(e, in);
    align_before(e, compare, 2);
    direct_exit(e, 0, (int)cc);
    rv_jit_flush(e);
    rv_jit_unpool(e);
    direct_exit(e, 1, -1);
}

/* The instruction that ends the block (or the sentinel after a straight-line one). */
static void emit_end(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    if (e->loop && in->op < rv_op_count && (rv_op_flags[in->op] & RVF_BRANCH)) {
        emit_loop_end(e, in);
        return;
    }
    rv_jit_flush(e);  /* every way on from here leaves the block */
    if ((in->op == rv_op_jalr && !is_return(in)) ||
        (rv_jit_is_direct(in) && in->pc + (uint64_t)in->imm <= e->t->tb.pc))
        check_signal(e);  /* a return checks on its slow path only (emit_return) */
    switch (in->op) {
    case rv_op_jal:
        if (in->rd) {
            x86_mov_ri(&e->b, X86_RAX, in->pc + in->len);
            rv_jit_store_x(e, in->rd, X86_RAX);
        }
        add_instret(e);
        if (is_link(in->rd))
            emit_call_frame(e, in);
        direct_exit(e, 0, -1);
        return;
    case rv_op_jalr:
        emit_jalr(e, in);
        return;
    case rv_op_ecall:
    case rv_op_ebreak:
    case rv_op_fence_i:
        rv_jit_set_pc(e, in->pc);
        add_instret(e);
        rv_jit_leave(e, in->op == rv_op_ecall ? RV_JIT_EXIT_ECALL
                        : in->op == rv_op_ebreak ? RV_JIT_EXIT_EBREAK : RV_JIT_EXIT_FENCE_I);
        return;
    case RV_OP_BLOCK_END:
        add_instret(e);
        direct_exit(e, 1, -1);
        return;
    default:
        emit_branch(e, in);
    }
}

/* Whether the float copies cache lives through in, one of the ops that emit_bits, emit_amo and
 * emit_csr take: only fflags, frm and fcsr read or written inline (emit_csr.c), which gcc's
 * frflags and fsflags around a quiet compare are; the rest may call out. */
static bool keeps_float_copies(const struct rv_dinsn *in)
{
    unsigned csr = (unsigned)in->imm;
    return (rv_op_flags[in->op] & RVF_CSR) &&
           (csr == RV_CSR_FFLAGS || csr == RV_CSR_FRM || csr == RV_CSR_FCSR);
}

/* One instruction inside the block: inline when an emitter knows it, else a helper call. */
static void emit_body_insn(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    if (in->op == rv_op_illegal) {
        emit_illegal(e, in);
        return;
    }
    /* FP ops keep both caches' copies: emit_fp forgets them before a call in line */
    if (rv_jit_emit_alu(e, in) || rv_jit_emit_mem(e, in) || rv_jit_emit_fp(e, in))
        return;
    rv_jit_forget_all(e);  /* the others use the cache registers as scratch */
    if (!keeps_float_copies(in))
        rv_jit_fforget_all(e);  /* they may call out */
    if (rv_jit_emit_bits(e, in) || rv_jit_emit_amo(e, in) || rv_jit_emit_csr(e, in))
        return;
    /* the helper reads and writes guest registers in struct rv_cpu, and may fault */
    rv_jit_call_save(e, false);
    rv_jit_call_exec(e, in);
    rv_jit_call_restore(e, false);
    e->fallbacks++;
}

/* The cold paths, in the cold part: pending signal, out-of-range accesses, unchained exits. */
/* call the region's fault tail, then the byte it reads: the instruction's index in the block */
static void call_fault_tail(struct rv_jit_emit *e, uint32_t at)
{
    rv_jit_link_abs(e, rv_jit_in_part(e, x86_call(&e->b)), e->fault_tail);
    if (e->b.p >= e->b.end) {
        e->b.full = true;
        return;
    }
    *e->b.p++ = (uint8_t)at;  /* RV_BLOCK_MAX_INSNS fits */
}

/* An access at the top of the range that is inside it while a later access through the same
 * base is not (so the later one's check was left out: rv_jit_checked): the block leaves for the
 * dispatcher to run the instruction alone (RV_JIT_EXIT_STEP), the ones before it retired. */
static void emit_alone(struct rv_jit_emit *e, const struct rv_jit_fault_fix *f)
{
    rv_jit_link_local(e, f->alone_jcc_at, rv_jit_here(e));
    rv_jit_write_back(e, &f->dirty);
    rv_jit_leave_at(e, e->t->insns[f->at].idx, f->pc, RV_JIT_EXIT_STEP);
}


/* A block at the entry of a C library function the host does itself (libc_calls.h): the
 * call comes first, and when it is done the block returns as the guest function's ret would
 * (emit_libc_done, in the cold part); else the guest's code follows. Only a0..a2 are read and
 * a0 written, so only they and the registers the call clobbers go through struct rv_cpu. */
static void emit_libc_call(struct rv_jit_emit *e, enum rv_libc_fn fn)
{
    rv_jit_pinned_store(&e->b, true);
    for (int i = 10; i <= 12; i++) {
        enum x86_reg h = rv_jit_pinned_host(i);
        if (h != X86_NOREG && !rv_jit_call_clobbers(h))
            x86_store(&e->b, 8, rv_jit_xreg(i), h);
    }
    x86_lea(&e->b, true, X86_RDI, x86_mem(X86_RBX, -RV_JIT_CPU_BIAS));
    x86_mov_ri(&e->b, X86_RSI, (uint64_t)fn);
    x86_mov_ri(&e->b, X86_RAX, (uintptr_t)rv_libc_call);
    x86_call_r(&e->b, X86_RAX);
    rv_jit_pinned_load(&e->b, true);
    enum x86_reg a0 = rv_jit_pinned_host(10);
    if (a0 != X86_NOREG && !rv_jit_call_clobbers(a0))
        x86_load(&e->b, 8, false, a0, rv_jit_xreg(10));
    x86_test_rr(&e->b, false, X86_RAX, X86_RAX);
    e->libc_done_at = (uint32_t)rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_NE));
}

/* The call was done, cpu->pc is the return address: counted as one instruction, a pending
 * signal is taken there, else a return as emit_return's (the top frame, else the jump table). */
static void emit_libc_done(struct rv_jit_emit *e)
{
    rv_jit_link_local(e, e->libc_done_at, rv_jit_here(e));
    rv_jit_count_retired(e, 1);
    x86_alu_mi(&e->b, X86_CMP, false, RV_JIT_CPU(signal_pending), 0);
    size_t pending = rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_NE));
    x86_load(&e->b, 8, false, X86_RAX, RV_JIT_CPU(pc));
    count(e, &rv_jit_returns);
    x86_alu_rm(&e->b, X86_CMP, true, X86_RAX, x86_mem(X86_RSP, 8));
    size_t miss = rv_jit_in_part(e, x86_jcc(&e->b, X86_CC_NE));
    x86_ret_imm(&e->b, 8);
    rv_jit_link_local(e, miss, rv_jit_here(e));
    count(e, &rv_jit_return_misses);
    emit_indirect_jump(e);
    rv_jit_link_local(e, pending, rv_jit_here(e));
    rv_jit_leave(e, RV_JIT_EXIT_SIGNAL);
}

/* The library function starting t, unless the block jumps to its own start (the call would
 * then run again on a loop's way round). */
static enum rv_libc_fn libc_fn_of(const struct rv_jit_tb *t)
{
    const struct rv_dinsn *last = &t->insns[t->n - 1];
    if (rv_jit_is_direct(last) && last->pc + (uint64_t)last->imm == t->tb.pc)
        return RV_LIBC_NONE;
    return rv_libc_fn_at(t->tb.pc);
}

static void emit_cold(struct rv_jit_emit *e)
{
    if (e->libc_done_at)
        emit_libc_done(e);
    struct rv_jit_tb *t = e->t;
    rv_jit_emit_fp_cold(e);  /* first: their SIGILL checks add fixes */
    if (e->table_miss_at) {
        rv_jit_link_local(e, e->table_miss_at, rv_jit_here(e));
        emit_table_miss(e);
    }
    for (uint32_t i = 0; i < e->n_side_exits; i++)
        emit_side_exit_stub(e, &e->side_exits[i], (int)i);
    if (e->return_miss_at)  /* before the signal path: it may check for a signal */
        emit_return_miss(e);
    if (e->signal_jcc_at) {  /* at the end instruction: the ones before it have retired */
        rv_jit_link_local(e, e->signal_jcc_at, rv_jit_here(e));
        if (e->loop)
            rv_jit_write_back(e, &e->loop_back);
        rv_jit_leave_at(e, t->insns[t->n - 1].idx, t->insns[t->n - 1].pc, RV_JIT_EXIT_SIGNAL);
    }
    if (e->fp_guard_jcc_at) {  /* before the loop's preamble: nothing lent, loaded or run */
        rv_jit_link_local(e, e->fp_guard_jcc_at, rv_jit_here(e));
        rv_jit_set_pc(e, t->tb.pc);
        rv_jit_leave(e, RV_JIT_EXIT_INTERPRET);
    }

    for (uint32_t i = 0; i < e->n_fixes; i++) {  /* rax holds the address, or gets it here */
        struct rv_jit_fault_fix *f = &e->fixes[i];
        rv_jit_link_local(e, f->jcc_at, rv_jit_here(e));
        if (f->addr == RV_JIT_ADDR_RECHECK) {
            rv_jit_recheck(e, f);  /* rcx = the address - GUEST_BASE when it falls through */
            rv_jit_write_back(e, &f->dirty);
            rv_jit_unpool(e);
            call_fault_tail(e, f->at);
            if (f->alone_jcc_at)
                emit_alone(e, f);
            continue;
        }
        rv_jit_write_back(e, &f->dirty);
        rv_jit_unpool(e);
        if (f->addr == RV_JIT_ADDR_PC)
            x86_mov_ri(&e->b, X86_RAX, f->pc);
        x86_store(&e->b, 8, RV_JIT_CPU(fault.addr), X86_RAX);
        x86_store_imm(&e->b, 4, RV_JIT_CPU(fault.signo), f->signo);
        rv_jit_set_pc(e, f->pc);
        rv_jit_leave(e, RV_JIT_EXIT_FAULT);
    }

    const struct rv_dinsn *last = &t->insns[t->n - 1];
    if (e->deep_jcc_at) {  /* a call with too many frames: go on through the dispatcher */
        rv_jit_link_local(e, e->deep_jcc_at, rv_jit_here(e));
        if (last->op == rv_op_jal)
            rv_jit_set_pc(e, rv_jit_exit_target(t, t->n, 0));
        else  /* jalr: rax holds the target */
            x86_store(&e->b, 8, RV_JIT_CPU(pc), X86_RAX);
        rv_jit_leave(e, RV_JIT_EXIT_LOOKUP);
    }
    for (int slot = 0; slot < 2; slot++) {
        if (!t->jmp_at[slot])
            continue;
        size_t stub = rv_jit_here(e);
        rv_jit_link_local(e, t->jmp_at[slot], stub);
        t->stub_at[slot] = (uint32_t)(rv_jit_rx_at(e, stub) - e->hot_rx);
        if (e->loop && slot == 0) {
            rv_jit_write_back(e, &e->loop_back);
            rv_jit_unpool(e);
        }
        rv_jit_set_pc(e, rv_jit_exit_target(t, t->n, slot));
        rv_jit_leave(e, (uintptr_t)t | (uintptr_t)slot);
    }
}

static void *alloc_or_die(size_t size)
{
    void *p = calloc(1, size);
    if (!p) {
        static const char msg[] = "crossrun: out of memory for translated code\n";
        if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
        abort();
    }
    return p;
}

static struct rv_jit_tb *new_tb(guest_addr pc, const struct rv_dinsn *buf, int n, guest_addr end)
{
    size_t insns = (size_t)n * sizeof buf[0];  /* not the sentinel: emit_block makes its own */
    struct rv_jit_tb *t = alloc_or_die(sizeof *t + insns);
    t->tb.pc = pc;
    t->tb.end = end;
    t->n = (uint32_t)n;
    memcpy(t->insns, buf, insns);
    return t;
}

/* t's maps, for its n instructions (a translation tried again after a flush of the code
 * region keeps them: trimming again only lowers n). */
static void make_maps(struct rv_jit_tb *t)
{
    if (t->maps)
        return;
    bool fmaps = false;
    for (uint32_t i = 0; i < t->n; i++)
        fmaps |= (rv_jit_operands_of(&t->insns[i]) &
                  (RV_RD_F | RV_RS1_F | RV_RS2_F | RV_RS3_F)) != 0;
    t->fmaps = fmaps;
    t->xmap_size = rv_jit_loop_lends(t) ? RV_JIT_POOL_REGS : RV_JIT_CACHE_REGS;
    uint8_t side_exits = 0;
    for (uint32_t i = 0; i < t->n; i++)
        side_exits += rv_jit_is_side_exit(t, i);
    t->maps = alloc_or_die(side_exits * sizeof(struct rv_jit_side_link) +
                           (size_t)t->n * (sizeof(uint32_t) + t->xmap_size +
                                           (fmaps ? RV_JIT_FCACHE_REGS : 0)));
    /* after the maps: the cache finds the side exits' links there once it sees them */
    __atomic_store_n(&t->tb.more_slots, side_exits, __ATOMIC_RELEASE);
}

/* Writes the whole translation of t at the slot; false when it did not fit. */
static bool emit_block(struct rv_jit_emit *e, struct rv_code_slot *slot)
{
    struct rv_jit_tb *t = e->t;
    x86_buf_init(&e->b, slot->rw, slot->room);
    e->hot_rx = slot->rx;
    e->hot_rw = slot->rw;
    e->cold_rx = slot->cold_rx;
    e->cold_rw = slot->cold_rw;
    e->in_cold = false;
    e->exit = rv_codemem_exit(slot->region);
    e->fault_tail = rv_codemem_fault_tail(slot->region);
    e->signal_jcc_at = 0;
    e->deep_jcc_at = 0;
    e->table_miss_at = 0;
    e->return_miss_at = 0;
    e->libc_done_at = 0;
    e->n_side_exits = 0;
    enum rv_libc_fn libc = libc_fn_of(t);
    if (libc != RV_LIBC_NONE)
        emit_libc_call(e, libc);
    rv_jit_find_upper_dead(t, e->upper_dead);
    rv_jit_find_rotations(t, e->rot);
    e->merge_at = UINT32_MAX;
    e->loop = rv_jit_loop_eligible(t);
    /* the maps were made for a pooling loop's cache, and it still is one (a trim may end it) */
    e->lent = e->loop && t->xmap_size == RV_JIT_POOL_REGS ? rv_jit_loop_lends(t) : 0;
    t->lent = e->lent;
    e->xc.n = (uint8_t)t->xmap_size;  /* as wide as the maps: their rows are written whole */
    for (int k = 0; k < RV_JIT_PINNED; k++)
        if (!(e->lent & (1u << k)))
            e->xc.unusable |= 1u << rv_jit_pins[k].host;
    t->loop_top = 0;
    if (e->loop) {
        rv_jit_fp_guard(e);
        rv_jit_loop_enter(e);
    }
    for (uint32_t i = 0; i < t->n; i++) {
        const struct rv_dinsn *in = &t->insns[i];
        if (i == e->merge_at)
            rv_jit_hammock_merge(e);
        rv_jit_host_off(t)[i] = (uint32_t)x86_buf_used(&e->b);
        rv_jit_next_insn(e, i);
        bool ends = in->op != rv_op_illegal && (rv_op_flags[in->op] & RVF_ENDS_BLOCK);
        if (rv_jit_is_hammock(t, i))
            rv_jit_hammock_branch(e, in);
        else if (rv_jit_is_side_exit(t, i))
            emit_side_exit(e, in);
        else if (rv_jit_is_followed(t, i))
            ;  /* a jump the block follows (superblock.c): its target comes next */
        else if (ends)
            emit_end(e, in);
        else
            emit_body_insn(e, in);
        rv_jit_written(e, in);
        if (rv_jit_may_clear_fp_mode(in))
            e->facts.fp_known = 0;
        e->skipped_writes |= rv_jit_x_writes(in);
    }
    const struct rv_dinsn *last = &t->insns[t->n - 1];
    if (last->op != rv_op_illegal && !(rv_op_flags[last->op] & RVF_ENDS_BLOCK))
        emit_end(e, &(struct rv_dinsn){ .pc = t->tb.end, .op = RV_OP_BLOCK_END,
                                        .idx = (uint16_t)rv_jit_retired(t) });  /* fall through */
    if (e->b.full)
        return false;
    e->hot_used = x86_buf_used(&e->b);
    x86_buf_init(&e->b, slot->cold_rw, slot->cold_room);
    e->in_cold = true;
    emit_cold(e);
    return !e->b.full;
}

uint64_t rv_jit_fallback_insns, rv_jit_fallback_blocks, rv_jit_indirect_jumps, rv_jit_side_exits_taken;
uint64_t rv_jit_side_exits_made, rv_jit_side_exits_run;
uint64_t rv_jit_returns, rv_jit_return_misses;

struct rv_jit_tb *rv_jit_decode(guest_addr pc, guest_addr *fault_addr)
{
    struct rv_dinsn buf[RV_BLOCK_MAX_INSNS + 1];
    guest_addr end;
    int n = rv_block_decode(pc, buf, &end, fault_addr);
    if (n)
        n = rv_jit_extend_block(pc, buf, n, &end);
    return n ? new_tb(pc, buf, n, end) : NULL;
}

/* Where a translation starts: a block that branches back to itself or to an earlier address
 * (a loop's last block) on a 64-byte line, where the host's instruction fetch and its op cache
 * work: the matmul kernel's one-block loop ran in 0.84 s starting at offsets 0 and 48 of a
 * line, in 1.08 s at 16 and 32 (which one depended on the order blocks were translated in).
 * Other blocks on 16 bytes: 64 cost every translation 32 bytes on average, 5 MB of gcc's cc1. */
static size_t code_line(const struct rv_jit_tb *t)
{
    const struct rv_dinsn *last = &t->insns[t->n - 1];
    return rv_jit_is_direct(last) && last->pc + (uint64_t)last->imm <= last->pc ? 64 : 16;
}

/* The emitter's state before a block is written (again). */
static void emit_init(struct rv_jit_emit *e, struct rv_jit_tb *t)
{
    e->t = t;
    e->n_fixes = 0;
    e->n_cold_calls = 0;
    e->fallbacks = 0;
    e->xc = (struct rv_jit_cache){ .fp = false, .n = RV_JIT_CACHE_REGS };
    e->fc = (struct rv_jit_cache){ .fp = true, .n = RV_JIT_FCACHE_REGS };
    e->lent = 0;
    memset(e->xc.holds, -1, sizeof e->xc.holds);
    memset(e->fc.holds, -1, sizeof e->fc.holds);
    e->facts.checked = 0;
    e->facts.known = 0;
    e->facts.fp_known = 0;
    e->fp_guard_jcc_at = 0;
    e->fused_next = UINT32_MAX;
}

bool rv_jit_emit(struct rv_jit_tb *t)
{
    struct rv_code_slot slot;
    struct rv_jit_emit e;
    emit_init(&e, t);
    e.want_given = false;
    /* a host library call's block is the function's first block only: a side exit's
     * fall-through may loop back to its start, where the call must not run again */
    rv_jit_trim_side_exits(t, rv_libc_fn_at(t->tb.pc) != RV_LIBC_NONE);
    make_maps(t);
    if (!rv_codemem_reserve(&slot, code_line(t)) || !emit_block(&e, &slot))
        return false;
    if (e.loop) {
        /* a loop is written again, its top holding the copies its first writing held at
         * the back edge (loop_carry.c): what Belady's rule kept for the next trip */
        struct rv_jit_dirty_map end = e.loop_end;
        emit_init(&e, t);
        e.loop_end = end;
        e.want_given = true;
        if (!emit_block(&e, &slot))
            return false;
    }
    if (!rv_codemem_commit(&slot, e.hot_used, x86_buf_used(&e.b), &t->tb))
        return false;
    t->region = slot.region;
    t->code_size = (uint32_t)e.hot_used;
    /* last: a thread that sees the code sees the exits and the fault tables written above */
    __atomic_store_n(&t->code, slot.rx, __ATOMIC_RELEASE);
    rv_jit_fallback_insns += e.fallbacks;
    rv_jit_fallback_blocks += e.fallbacks != 0;
    rv_jit_side_exits_made += e.n_side_exits;
    return true;
}
