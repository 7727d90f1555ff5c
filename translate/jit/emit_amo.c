/*
 * translate/jit/emit_amo.c - the A extension's AMOs as host atomic instructions.
 *
 * After the range check, a misaligned address raises SIGBUS as the interpreter does ("for AMOs
 * the address must be naturally aligned"). amoswap is xchg and amoadd lock xadd; the others
 * are a lock cmpxchg loop that recomputes the new value from the value the host found. Locked
 * x86 instructions are full barriers, at least as strong as any aq/rl bits ask.
 *
 * LR/SC as the interpreter does them: LR records the address and the value it loaded; SC
 * succeeds when the reservation is valid, for the same address, and a lock cmpxchg finds that
 * value still there (so it stays atomic against other threads' AMOs and stores; a store of the
 * same value between the two is not noticed, which the ISA's forward-progress rules allow).
 * Every SC drops the reservation, after its alignment and range checks.
 */
#include <signal.h>

#include "translate/jit/emit_ctx.h"

enum amo_kind { AMO_SWAP, AMO_ADD, AMO_AND, AMO_OR, AMO_XOR, AMO_MIN, AMO_MAX, AMO_MINU,
                AMO_MAXU };

/* rcx = the new value from rax (old) and r8 (rs2), for the cmpxchg loop */
static void combine(struct x86_buf *b, enum amo_kind k, bool w64)
{
    static const enum x86_cc keep_rs2[] = {
        [AMO_MIN] = X86_CC_G, [AMO_MAX] = X86_CC_L, [AMO_MINU] = X86_CC_A, [AMO_MAXU] = X86_CC_B,
    };
    x86_mov_rr(b, true, X86_RCX, X86_RAX);
    switch (k) {
    case AMO_AND: x86_alu_rr(b, X86_AND, w64, X86_RCX, X86_R8); break;
    case AMO_OR:  x86_alu_rr(b, X86_OR, w64, X86_RCX, X86_R8); break;
    case AMO_XOR: x86_alu_rr(b, X86_XOR, w64, X86_RCX, X86_R8); break;
    default:
        x86_alu_rr(b, X86_CMP, w64, X86_RCX, X86_R8);
        x86_cmov(b, keep_rs2[k], w64, X86_RCX, X86_R8);
    }
}

/* rax = rs1, range-checked and aligned to `size` (SIGBUS when not) */
static void aligned_address(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    struct x86_buf *b = &e->b;
    rv_jit_address(e, in, size);
    x86_mov_rr(b, false, X86_RCX, X86_RAX);
    x86_alu_ri(b, X86_AND, false, X86_RCX, size - 1);
    rv_jit_fault_if(e, in, X86_CC_NE, SIGBUS);
}

static void load_reserved(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    struct x86_buf *b = &e->b;
    aligned_address(e, in, size);
    x86_load(b, size, false, X86_RDX, x86_mem(X86_RAX, 0));
    x86_store(b, 8, RV_JIT_CPU(reservation_addr), X86_RAX);
    x86_store(b, 8, RV_JIT_CPU(reservation_value), X86_RDX);
    x86_store_imm(b, 1, RV_JIT_CPU(reservation_valid), 1);
    if (size == 4)
        x86_movsx_rr(b, 4, X86_RDX, X86_RDX);
    rv_jit_store_x(e, in->rd, X86_RDX);
}

static void store_conditional(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)
{
    struct x86_buf *b = &e->b;
    aligned_address(e, in, size);
    x86_load(b, 1, false, X86_RCX, RV_JIT_CPU(reservation_valid));
    x86_store_imm(b, 1, RV_JIT_CPU(reservation_valid), 0);
    x86_test_rr(b, false, X86_RCX, X86_RCX);
    size_t no_reservation = x86_jcc(b, X86_CC_E);
    x86_alu_rm(b, X86_CMP, true, X86_RAX, RV_JIT_CPU(reservation_addr));
    size_t other_address = x86_jcc(b, X86_CC_NE);
    x86_mov_rr(b, true, X86_RSI, X86_RAX);
    rv_jit_load_x(e, X86_RDX, in->rs2);
    x86_load(b, size, false, X86_RAX, RV_JIT_CPU(reservation_value));
    x86_lock_cmpxchg(b, size, x86_mem(X86_RSI, 0), X86_RDX);
    x86_setcc(b, X86_CC_NE, X86_RCX);  /* 0: stored, 1: the value changed */
    size_t done = x86_jmp(b);
    rv_jit_link_local(e, no_reservation, x86_buf_used(b));
    rv_jit_link_local(e, other_address, x86_buf_used(b));
    x86_mov_ri(b, X86_RCX, 1);
    rv_jit_link_local(e, done, x86_buf_used(b));
    rv_jit_store_x(e, in->rd, X86_RCX);
}

static void amo(struct rv_jit_emit *e, const struct rv_dinsn *in, enum amo_kind k, int size)
{
    struct x86_buf *b = &e->b;
    bool w64 = size == 8;
    aligned_address(e, in, size);
    rv_jit_load_x(e, X86_RDX, in->rs2);
    struct x86_mem at = x86_mem(X86_RSI, 0);
    x86_mov_rr(b, true, X86_RSI, X86_RAX);
    if (k == AMO_SWAP) {
        x86_xchg_mr(b, size, at, X86_RDX);
    } else if (k == AMO_ADD) {
        x86_lock_xadd(b, size, at, X86_RDX);
    } else {
        x86_mov_rr(b, true, X86_R8, X86_RDX);
        x86_load(b, size, false, X86_RAX, at);
        size_t again = x86_buf_used(b);
        combine(b, k, w64);
        x86_lock_cmpxchg(b, size, at, X86_RCX);
        size_t retry = x86_jcc(b, X86_CC_NE);
        rv_jit_link_local(e, retry, again);
        x86_mov_rr(b, true, X86_RDX, X86_RAX);
    }
    if (!w64)
        x86_movsx_rr(b, 4, X86_RDX, X86_RDX);
    rv_jit_store_x(e, in->rd, X86_RDX);
}

bool rv_jit_emit_amo(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    static const struct { uint16_t op; enum amo_kind k; int size; } rows[] = {
        { rv_op_amoswap_w, AMO_SWAP, 4 }, { rv_op_amoadd_w, AMO_ADD, 4 },
        { rv_op_amoand_w, AMO_AND, 4 },   { rv_op_amoor_w, AMO_OR, 4 },
        { rv_op_amoxor_w, AMO_XOR, 4 },   { rv_op_amomin_w, AMO_MIN, 4 },
        { rv_op_amomax_w, AMO_MAX, 4 },   { rv_op_amominu_w, AMO_MINU, 4 },
        { rv_op_amomaxu_w, AMO_MAXU, 4 }, { rv_op_amoswap_d, AMO_SWAP, 8 },
        { rv_op_amoadd_d, AMO_ADD, 8 },   { rv_op_amoand_d, AMO_AND, 8 },
        { rv_op_amoor_d, AMO_OR, 8 },     { rv_op_amoxor_d, AMO_XOR, 8 },
        { rv_op_amomin_d, AMO_MIN, 8 },   { rv_op_amomax_d, AMO_MAX, 8 },
        { rv_op_amominu_d, AMO_MINU, 8 }, { rv_op_amomaxu_d, AMO_MAXU, 8 },
    };
    switch (in->op) {
    case rv_op_lr_w: load_reserved(e, in, 4); return true;
    case rv_op_lr_d: load_reserved(e, in, 8); return true;
    case rv_op_sc_w: store_conditional(e, in, 4); return true;
    case rv_op_sc_d: store_conditional(e, in, 8); return true;
    default: break;
    }
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (rows[i].op == in->op) {
            amo(e, in, rows[i].k, rows[i].size);
            return true;
        }
    return false;
}
