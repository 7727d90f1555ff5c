/*
 * translate/jit/emit_alu.c - RV64I and M register arithmetic as x86-64 code.
 *
 * Every form takes its sources where the copies cache has them (a host register, else a home in
 * struct rv_cpu as a memory operand) and computes in rd's register (emit_ctx.h); x0 as a source
 * makes a move or a constant, and a write to x0 is dropped (these instructions cannot fault). The
 * W forms compute in 32 bits and sign-extend with movsxd, as RV64 defines them, unless the next
 * block never reads the upper half (rv_jit_sext_result). Division and mulhsu are
 * with their corner cases written out: RISC-V's division never traps (by zero: quotient all ones,
 * remainder the dividend; the one signed overflow, MIN / -1: quotient MIN, remainder 0), where
 * the host's idiv raises #DE, so a zero divisor and -1 take their own paths before it.
 * mulhsu is mulhu corrected for a negative rs1: (rs1 + 2^64) * rs2 has rs2 more in its high half.
 */
#include "translate/jit/emit_ctx.h"

static void load_constant(struct rv_jit_emit *e, int rd, uint64_t v)
{
    enum x86_reg dst = rv_jit_dest(e, rd, 0);
    x86_mov_ri(&e->b, dst, v);
    rv_jit_put(e, rd, dst);
}

/* rd = rs (mv, sext.w; also add, or, xor, sub with x0 as the other operand; negated for
 * sub x0 - rs) */
static void copy(struct rv_jit_emit *e, const struct rv_dinsn *in, int rs, bool w64, bool negate)
{
    enum x86_reg src = rv_jit_find(e, rs, X86_RAX);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 0);
    if (src == X86_NOREG)
        x86_load(&e->b, w64 ? 8 : 4, !w64, dst, rv_jit_xreg(rs));
    else if (!w64)
        x86_movsx_rr(&e->b, 4, dst, src);
    else if (dst != src)
        x86_mov_rr(&e->b, true, dst, src);
    if (negate) {
        x86_neg(&e->b, w64, dst);
        if (!w64)
            x86_movsx_rr(&e->b, 4, dst, dst);
    }
    rv_jit_put(e, in->rd, dst);
}

/* rd = rd op source, computed in rd's home (one read-modify-write instruction): rd is rs1,
 * neither in a host register nor worth one (no later instruction of the block reads it), so
 * the value would go through a scratch register to its home anyway. */
static bool in_home(int rd, int rs1, enum x86_reg src, enum x86_reg dst)
{
    return rd == rs1 && src == X86_NOREG && dst == X86_RAX && rd != 0;
}

/* rd = rs1 op imm, computed in rd's register */
static void op_ri(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_alu op, bool w64)
{
    if (in->rs1 == 0) {  /* li: x0 op imm is imm, or 0 for and (a 12-bit imm is its own sext.w) */
        load_constant(e, in->rd, op == X86_AND ? 0 : (uint64_t)in->imm);
        return;
    }
    if (op == X86_ADD && !w64 && !in->imm) {  /* sext.w */
        copy(e, in, in->rs1, false, false);
        return;
    }
    enum x86_reg src = rv_jit_find(e, in->rs1, X86_RAX);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 0);
    if (in_home(in->rd, in->rs1, src, dst) && w64 && in->imm) {
        x86_alu_mi(&e->b, op, true, rv_jit_xreg(in->rd), (int32_t)in->imm);
        return;
    }
    if (op == X86_AND && in->imm == 0xff) {  /* zext.b: one movzx */
        if (src == X86_NOREG)
            x86_load(&e->b, 1, false, dst, rv_jit_xreg(in->rs1));
        else
            x86_movzx_rr(&e->b, 1, dst, src);
        rv_jit_put(e, in->rd, dst);
        return;
    }
    if (src == X86_NOREG) {  /* rs1's home straight into rd's register */
        x86_load(&e->b, 8, false, dst, rv_jit_xreg(in->rs1));
        src = dst;
    }
    if (op == X86_XOR && in->imm == -1) {  /* not */
        if (dst != src)
            x86_mov_rr(&e->b, true, dst, src);
        x86_not(&e->b, true, dst);
        rv_jit_put(e, in->rd, dst);
        return;
    }
    if (op == X86_ADD && dst != src && in->imm) {  /* addi, addiw: one lea, no move */
        x86_lea(&e->b, w64, dst, x86_mem(src, (int32_t)in->imm));
    } else {
        if (dst != src)  /* a W form uses only the low half: no move when in place */
            x86_mov_rr(&e->b, w64, dst, src);
        if (in->imm || op == X86_AND)
            x86_alu_ri(&e->b, op, w64, dst, (int32_t)in->imm);
    }
    if (!w64)
        rv_jit_sext_result(e, dst);
    rv_jit_put(e, in->rd, dst);
}

/* dst = dst op guest register rs: from its host register r, or from its home when r is
 * X86_NOREG (rv_jit_find) */
static void alu_source(struct rv_jit_emit *e, enum x86_alu op, bool w64, enum x86_reg dst,
                       enum x86_reg r, int rs)
{
    if (r != X86_NOREG)
        x86_alu_rr(&e->b, op, w64, dst, r);
    else
        x86_alu_rm(&e->b, op, w64, dst, rv_jit_xreg(rs));
}

/* dst = guest register rs, from host register r or its home */
static void move_source(struct rv_jit_emit *e, bool w64, enum x86_reg dst, enum x86_reg r, int rs)
{
    if (r == X86_NOREG)
        x86_load(&e->b, 8, false, dst, rv_jit_xreg(rs));
    else if (r != dst)
        x86_mov_rr(&e->b, w64, dst, r);
}

static bool commutative(enum x86_alu op)
{
    return op == X86_ADD || op == X86_AND || op == X86_OR || op == X86_XOR;
}

/* rd = rs1 op rs2, computed in rd's register (through rax when that register is rs2's and op
 * does not commute); a source no later instruction reads is read from its home */
static void op_rr(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_alu op, bool w64)
{
    bool identity_x0 = op == X86_ADD || op == X86_OR || op == X86_XOR || op == X86_SUB;
    if (identity_x0 && in->rs2 == 0 && in->rs1 != 0) {
        copy(e, in, in->rs1, w64, false);
        return;
    }
    if (identity_x0 && in->rs1 == 0 && in->rs2 != 0) {
        copy(e, in, in->rs2, w64, op == X86_SUB);
        return;
    }
    enum x86_reg s1 = rv_jit_find(e, in->rs1, X86_RAX);
    enum x86_reg s2 = rv_jit_find(e, in->rs2, X86_RCX);
    enum x86_reg dst = rv_jit_dest(e, in->rd, s2 == X86_NOREG ? 0 : 1u << s2);
    if (in_home(in->rd, in->rs1, s1, dst) && w64 && in->rs2 != in->rd && in->rs2 != 0) {
        if (s2 == X86_NOREG) {
            s2 = X86_RCX;
            x86_load(&e->b, 8, false, s2, rv_jit_xreg(in->rs2));
        }
        x86_alu_mr(&e->b, op, true, rv_jit_xreg(in->rd), s2);
        return;
    }
    if (dst == s2 && dst != s1 && !commutative(op)) {
        move_source(e, w64, X86_RAX, s1, in->rs1);
        x86_alu_rr(&e->b, op, w64, X86_RAX, s2);
        x86_mov_rr(&e->b, true, dst, X86_RAX);
    } else if (dst == s2 && dst != s1) {  /* rd is rs2: rd = rd op rs1 */
        alu_source(e, op, w64, dst, s1, in->rs1);
    } else if (op == X86_ADD && dst != s1 && s1 != X86_NOREG && s2 != X86_NOREG) {
        x86_lea(&e->b, w64, dst, x86_mem_index(s1, s2, 1, 0));  /* one lea, no move */
    } else {
        move_source(e, w64, dst, s1, in->rs1);
        alu_source(e, op, w64, dst, s2, in->rs2);
    }
    if (!w64)
        rv_jit_sext_result(e, dst);
    rv_jit_put(e, in->rd, dst);
}

/* rd = (rs1 < imm or rs2) ? 1 : 0, signed (cc L) or unsigned (cc B) */
static void set_less(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_cc cc, bool imm)
{
    enum x86_reg s1 = rv_jit_get(e, in->rs1, X86_RAX);
    if (imm)
        x86_alu_ri(&e->b, X86_CMP, true, s1, (int32_t)in->imm);
    else
        x86_alu_rr(&e->b, X86_CMP, true, s1, rv_jit_get(e, in->rs2, X86_RCX));
    enum x86_reg dst = rv_jit_dest(e, in->rd, 0);
    x86_setcc(&e->b, cc, dst);
    rv_jit_put(e, in->rd, dst);
}

/* mulhsu: rdx = high half of unsigned rs1 * rs2, less rs2 when rs1 < 0 */
static void multiply_high_su(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    struct x86_buf *b = &e->b;
    rv_jit_forget_all(e);  /* rdx, rsi as scratch */
    rv_jit_load_x(e, X86_RAX, in->rs1);
    rv_jit_load_x(e, X86_RCX, in->rs2);
    x86_mov_rr(b, true, X86_RSI, X86_RAX);
    x86_shift_ri(b, X86_SAR, true, X86_RSI, 63);
    x86_alu_rr(b, X86_AND, true, X86_RSI, X86_RCX);
    x86_mul_wide(b, false, true, X86_RCX);
    x86_alu_rr(b, X86_SUB, true, X86_RDX, X86_RSI);
    rv_jit_store_x(e, in->rd, X86_RDX);
}

/* mul, mulw (in rd's register); mulh, mulhu (rdx:rax = rax * rcx) */
static void multiply(struct rv_jit_emit *e, const struct rv_dinsn *in, bool high, bool is_signed,
                     bool w64)
{
    if (high) {
        rv_jit_load_x(e, X86_RAX, in->rs1);
        rv_jit_load_x(e, X86_RCX, in->rs2);
        rv_jit_forget(e, X86_RDX);
        x86_mul_wide(&e->b, is_signed, true, X86_RCX);
        enum x86_reg dst = rv_jit_dest(e, in->rd, 1u << X86_RDX);
        x86_mov_rr(&e->b, true, dst, X86_RDX);
        rv_jit_put(e, in->rd, dst);
        return;
    }
    enum x86_reg s1 = rv_jit_get(e, in->rs1, X86_RAX);
    enum x86_reg s2 = rv_jit_get(e, in->rs2, X86_RCX);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 1u << s2);
    if (dst == s2)  /* rd is rs2's pinned register: multiplication commutes */
        s2 = s1;
    else if (dst != s1)
        x86_mov_rr(&e->b, w64, dst, s1);
    x86_imul_rr(&e->b, w64, dst, s2);
    if (!w64)
        rv_jit_sext_result(e, dst);
    rv_jit_put(e, in->rd, dst);
}

/* div, divu, rem, remu and their W forms: the result ends in rax. */
static void divide(struct rv_jit_emit *e, const struct rv_dinsn *in, bool is_signed, bool rem,
                   bool w64)
{
    struct x86_buf *b = &e->b;
    rv_jit_forget(e, X86_RDX);
    rv_jit_load_x(e, X86_RAX, in->rs1);
    rv_jit_load_x(e, X86_RCX, in->rs2);
    x86_test_rr(b, w64, X86_RCX, X86_RCX);
    size_t by_zero = x86_jcc(b, X86_CC_E);
    size_t by_minus_one = 0;
    if (is_signed) {
        x86_alu_ri(b, X86_CMP, w64, X86_RCX, -1);
        by_minus_one = x86_jcc(b, X86_CC_E);
        x86_cqo(b, w64);
    } else {
        x86_mov_ri(b, X86_RDX, 0);
    }
    x86_div_wide(b, is_signed, w64, X86_RCX);
    if (rem)
        x86_mov_rr(b, true, X86_RAX, X86_RDX);
    size_t done = x86_jmp(b);
    if (is_signed) {  /* x / -1 = -x (MIN stays MIN), x % -1 = 0 */
        rv_jit_link_local(e, by_minus_one, x86_buf_used(b));
        if (rem)
            x86_mov_ri(b, X86_RAX, 0);
        else
            x86_neg(b, w64, X86_RAX);
    }
    size_t joined = is_signed ? x86_jmp(b) : 0;
    rv_jit_link_local(e, by_zero, x86_buf_used(b));
    if (!rem)  /* x / 0 = all ones; x % 0 = x */
        x86_mov_ri(b, X86_RAX, UINT64_MAX);
    rv_jit_link_local(e, done, x86_buf_used(b));
    if (is_signed)
        rv_jit_link_local(e, joined, x86_buf_used(b));
    if (!w64)
        x86_movsx_rr(b, 4, X86_RAX, X86_RAX);
    rv_jit_store_x(e, in->rd, X86_RAX);
}

/* slli rd, rs, 64 - 8n then srli (srai) rd, rd, the same: rv64gc's zero (sign) extension of a
 * byte, a half or a word (Zba and Zbb have one instruction for each, which rv64gc code lacks).
 * One movzx (movsx) at the slli, nothing at the shift right (fused_next): nothing can see rd
 * between the two, neither a fault nor another instruction. The shift right may shift less and
 * write another register, when nothing sees the slli's own result after it: `slli t5, a3, 32;
 * srli a3, t5, 30`, gcc's index of a 4-byte array by an unsigned int, is a zero extension and a
 * shift left by 2 (xz's match finder). */
static bool extension_pair(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    if (in->rd == 0 || e->at + 1 >= e->t->n || (in->imm != 32 && in->imm != 48 && in->imm != 56))
        return false;
    const struct rv_dinsn *next = &e->t->insns[e->at + 1];
    if (e->at + 1 == e->merge_at)  /* a hammock's branch lands on the shift right */
        return false;
    if ((next->op != rv_op_srli && next->op != rv_op_srai) || next->rs1 != in->rd ||
        next->imm > in->imm || next->rd == 0)
        return false;
    if (next->rd != in->rd && !rv_jit_dead_from(e, e->at + 2, in->rd, false))
        return false;
    int size = (64 - in->imm) / 8;
    enum x86_reg src = rv_jit_get(e, in->rs1, X86_RAX);
    enum x86_reg dst = rv_jit_dest(e, next->rd, 0);
    if (next->op == rv_op_srli)
        x86_movzx_rr(&e->b, size, dst, src);
    else
        x86_movsx_rr(&e->b, size, dst, src);
    if (next->imm != in->imm)
        x86_shift_ri(&e->b, X86_SHL, true, dst, (uint8_t)(in->imm - next->imm));
    rv_jit_put(e, next->rd, dst);
    e->fused_next = e->at + 1;
    return true;
}

/* The or of a rotation's two shifts (rotate.c): one rotate of their source. */
static void rotation(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    const struct rv_jit_rotation *r = &e->rot[e->at];
    enum x86_reg src = rv_jit_find(e, r->src, X86_RAX);
    enum x86_reg dst = rv_jit_dest(e, in->rd, 0);
    if (src == X86_NOREG)
        x86_load(&e->b, 8, false, dst, rv_jit_xreg(r->src));
    else if (dst != src)
        x86_mov_rr(&e->b, r->wide, dst, src);
    x86_shift_ri(&e->b, X86_ROR, r->wide, dst, r->by);
    if (!r->wide)
        rv_jit_sext_result(e, dst);
    rv_jit_put(e, in->rd, dst);
}

bool rv_jit_emit_alu(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    if (e->fused_next == e->at || e->rot[e->at].elided)
        return true;  /* done with the instruction before (extension_pair), or left out */
    if (e->rot[e->at].src) {
        rotation(e, in);
        return true;
    }
    switch (in->op) {
    case rv_op_lui:    load_constant(e, in->rd, (uint64_t)in->imm); break;
    case rv_op_auipc:  load_constant(e, in->rd, in->pc + (uint64_t)in->imm); break;
    case rv_op_addi:   op_ri(e, in, X86_ADD, true); break;
    case rv_op_xori:   op_ri(e, in, X86_XOR, true); break;
    case rv_op_ori:    op_ri(e, in, X86_OR, true); break;
    case rv_op_andi:   op_ri(e, in, X86_AND, true); break;
    case rv_op_addiw:  op_ri(e, in, X86_ADD, false); break;
    case rv_op_slti:   set_less(e, in, X86_CC_L, true); break;
    case rv_op_sltiu:  set_less(e, in, X86_CC_B, true); break;
    case rv_op_slt:    set_less(e, in, X86_CC_L, false); break;
    case rv_op_sltu:   set_less(e, in, X86_CC_B, false); break;
    case rv_op_add:    op_rr(e, in, X86_ADD, true); break;
    case rv_op_sub:    op_rr(e, in, X86_SUB, true); break;
    case rv_op_xor:    op_rr(e, in, X86_XOR, true); break;
    case rv_op_or:     op_rr(e, in, X86_OR, true); break;
    case rv_op_and:    op_rr(e, in, X86_AND, true); break;
    case rv_op_addw:   op_rr(e, in, X86_ADD, false); break;
    case rv_op_subw:   op_rr(e, in, X86_SUB, false); break;
    case rv_op_slli:
        if (!extension_pair(e, in))
            rv_jit_shift(e, in, X86_SHL, true, true);
        break;
    case rv_op_srli:   rv_jit_shift(e, in, X86_SHR, true, true); break;
    case rv_op_srai:   rv_jit_shift(e, in, X86_SAR, true, true); break;
    case rv_op_slliw:  rv_jit_shift(e, in, X86_SHL, false, true); break;
    case rv_op_srliw:  rv_jit_shift(e, in, X86_SHR, false, true); break;
    case rv_op_sraiw:  rv_jit_shift(e, in, X86_SAR, false, true); break;
    case rv_op_sll:    rv_jit_shift(e, in, X86_SHL, true, false); break;
    case rv_op_srl:    rv_jit_shift(e, in, X86_SHR, true, false); break;
    case rv_op_sra:    rv_jit_shift(e, in, X86_SAR, true, false); break;
    case rv_op_sllw:   rv_jit_shift(e, in, X86_SHL, false, false); break;
    case rv_op_srlw:   rv_jit_shift(e, in, X86_SHR, false, false); break;
    case rv_op_sraw:   rv_jit_shift(e, in, X86_SAR, false, false); break;
    case rv_op_rol:    rv_jit_shift(e, in, X86_ROL, true, false); break;
    case rv_op_ror:    rv_jit_shift(e, in, X86_ROR, true, false); break;
    case rv_op_rolw:   rv_jit_shift(e, in, X86_ROL, false, false); break;
    case rv_op_rorw:   rv_jit_shift(e, in, X86_ROR, false, false); break;
    case rv_op_rori:   rv_jit_shift(e, in, X86_ROR, true, true); break;
    case rv_op_roriw:  rv_jit_shift(e, in, X86_ROR, false, true); break;
    case rv_op_mul:    multiply(e, in, false, true, true); break;
    case rv_op_mulw:   multiply(e, in, false, true, false); break;
    case rv_op_mulh:   multiply(e, in, true, true, true); break;
    case rv_op_mulhu:  multiply(e, in, true, false, true); break;
    case rv_op_mulhsu: multiply_high_su(e, in); break;
    case rv_op_div:    divide(e, in, true, false, true); break;
    case rv_op_divu:   divide(e, in, false, false, true); break;
    case rv_op_rem:    divide(e, in, true, true, true); break;
    case rv_op_remu:   divide(e, in, false, true, true); break;
    case rv_op_divw:   divide(e, in, true, false, false); break;
    case rv_op_divuw:  divide(e, in, false, false, false); break;
    case rv_op_remw:   divide(e, in, true, true, false); break;
    case rv_op_remuw:  divide(e, in, false, true, false); break;
    default:
        return false;
    }
    return true;
}
