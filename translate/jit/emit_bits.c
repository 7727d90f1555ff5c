/*
 * translate/jit/emit_bits.c - Zba, Zbb, Zbs and Zicond as x86-64 code.
 *
 * Same conventions as emit_alu.c (sources into rax and rcx, rd stored, nothing for x0). The bit
 * counts use lzcnt, tzcnt and popcnt, whose results for zero (the operand width) are what clz,
 * ctz and their W forms define; on a host without them they stay with the interpreter.
 */
#include "translate/jit/emit_ctx.h"

/* orc.b: each byte 0xff when it is nonzero, else 0. Adding 0x7f to the low seven bits of a
 * byte carries into its top bit exactly when they are nonzero; or-ing the byte back in covers
 * its own top bit. The top bits, moved to bit 0 of each byte, times 0xff fill the bytes. */
static void orc_b(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    struct x86_buf *b = &e->b;
    rv_jit_load_x(e, X86_RAX, in->rs1);
    x86_mov_ri(b, X86_RCX, UINT64_C(0x7f7f7f7f7f7f7f7f));
    x86_mov_rr(b, true, X86_RDX, X86_RAX);
    x86_alu_rr(b, X86_AND, true, X86_RDX, X86_RCX);
    x86_alu_rr(b, X86_ADD, true, X86_RDX, X86_RCX);
    x86_alu_rr(b, X86_OR, true, X86_RDX, X86_RAX);
    x86_mov_ri(b, X86_RCX, UINT64_C(0x8080808080808080));
    x86_alu_rr(b, X86_AND, true, X86_RDX, X86_RCX);
    x86_shift_ri(b, X86_SHR, true, X86_RDX, 7);
    x86_mov_rr(b, true, X86_RAX, X86_RDX);
    x86_shift_ri(b, X86_SHL, true, X86_RAX, 8);
    x86_alu_rr(b, X86_SUB, true, X86_RAX, X86_RDX);
    rv_jit_store_x(e, in->rd, X86_RAX);
}

static void sources(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    rv_jit_load_x(e, X86_RAX, in->rs1);
    rv_jit_load_x(e, X86_RCX, in->rs2);
}

static void done(struct rv_jit_emit *e, const struct rv_dinsn *in, bool sext32)
{
    if (sext32)
        x86_movsx_rr(&e->b, 4, X86_RAX, X86_RAX);
    rv_jit_store_x(e, in->rd, X86_RAX);
}

/* sh{1,2,3}add[.uw], add.uw: rd = rs2 + (rs1 [zero-extended from 32 bits] << sh) */
static void shift_add(struct rv_jit_emit *e, const struct rv_dinsn *in, int sh, bool uw)
{
    sources(e, in);
    if (uw)
        x86_mov_rr(&e->b, false, X86_RAX, X86_RAX);
    x86_lea(&e->b, true, X86_RAX, x86_mem_index(X86_RCX, X86_RAX, (uint8_t)(1 << sh), 0));
    done(e, in, false);
}

/* andn, orn, xnor: rd = rs1 op ~rs2 */
static void op_not(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_alu op)
{
    sources(e, in);
    x86_not(&e->b, true, X86_RCX);
    x86_alu_rr(&e->b, op, true, X86_RAX, X86_RCX);
    done(e, in, false);
}

/* min, max, minu, maxu: rax = rs1, replaced by rs2 when `cc` holds for rs1 against rs2 */
static void pick(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_cc cc)
{
    sources(e, in);
    x86_alu_rr(&e->b, X86_CMP, true, X86_RAX, X86_RCX);
    x86_cmov(&e->b, cc, true, X86_RAX, X86_RCX);
    done(e, in, false);
}

enum bit_op { BIT_SET, BIT_CLEAR, BIT_INVERT, BIT_EXTRACT };

/* bset, bclr, binv, bext and their immediate forms (bit index rs2 & 63, or imm) */
static void single_bit(struct rv_jit_emit *e, const struct rv_dinsn *in, enum bit_op op, bool imm)
{
    rv_jit_load_x(e, X86_RAX, in->rs1);
    if (imm) {  /* the mask in a register: 1 << 31 and up fit no sign-extended imm32 */
        x86_mov_ri(&e->b, X86_RDX, UINT64_C(1) << (in->imm & 63));
    } else {
        rv_jit_load_x(e, X86_RCX, in->rs2);
        x86_mov_ri(&e->b, X86_RDX, 1);
        x86_shift_rcl(&e->b, X86_SHL, true, X86_RDX);
    }
    switch (op) {
    case BIT_SET:     x86_alu_rr(&e->b, X86_OR, true, X86_RAX, X86_RDX); break;
    case BIT_INVERT:  x86_alu_rr(&e->b, X86_XOR, true, X86_RAX, X86_RDX); break;
    case BIT_CLEAR:
        x86_not(&e->b, true, X86_RDX);
        x86_alu_rr(&e->b, X86_AND, true, X86_RAX, X86_RDX);
        break;
    case BIT_EXTRACT:
        x86_test_rr(&e->b, true, X86_RAX, X86_RDX);
        x86_setcc(&e->b, X86_CC_NE, X86_RAX);
        break;
    }
    done(e, in, false);
}

/* czero.eqz / czero.nez: rd = 0 when rs2 is (is not) zero, else rs1 */
static void czero(struct rv_jit_emit *e, const struct rv_dinsn *in, enum x86_cc when_zeroed)
{
    sources(e, in);
    x86_mov_ri(&e->b, X86_RDX, 0);
    x86_test_rr(&e->b, true, X86_RCX, X86_RCX);
    x86_cmov(&e->b, when_zeroed, true, X86_RAX, X86_RDX);
    done(e, in, false);
}

enum count_op { COUNT_LEADING, COUNT_TRAILING, COUNT_ONES };

static bool count(struct rv_jit_emit *e, const struct rv_dinsn *in, enum count_op op, bool w64)
{
    if (!x86_host_has_bitops())
        return false;
    rv_jit_load_x(e, X86_RCX, in->rs1);
    if (op == COUNT_LEADING)
        x86_lzcnt(&e->b, w64, X86_RAX, X86_RCX);
    else if (op == COUNT_TRAILING)
        x86_tzcnt(&e->b, w64, X86_RAX, X86_RCX);
    else
        x86_popcnt(&e->b, w64, X86_RAX, X86_RCX);
    done(e, in, false);
    return true;
}

/* One-source forms; false for a bit count the host cannot do. */
static bool unary(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    switch (in->op) {
    case rv_op_sext_b:
    case rv_op_sext_h:
    case rv_op_zext_h:
        rv_jit_load_x(e, X86_RCX, in->rs1);
        if (in->op == rv_op_zext_h)
            x86_movzx_rr(&e->b, 2, X86_RAX, X86_RCX);
        else
            x86_movsx_rr(&e->b, in->op == rv_op_sext_b ? 1 : 2, X86_RAX, X86_RCX);
        done(e, in, false);
        return true;
    case rv_op_rev8:
        rv_jit_load_x(e, X86_RAX, in->rs1);
        x86_bswap(&e->b, true, X86_RAX);
        done(e, in, false);
        return true;
    case rv_op_orc_b:
        orc_b(e, in);
        return true;
    case rv_op_slli_uw:
        rv_jit_load_x(e, X86_RAX, in->rs1);
        x86_mov_rr(&e->b, false, X86_RAX, X86_RAX);
        x86_shift_ri(&e->b, X86_SHL, true, X86_RAX, (uint8_t)(in->imm & 63));
        done(e, in, false);
        return true;
    case rv_op_clz:  return count(e, in, COUNT_LEADING, true);
    case rv_op_clzw: return count(e, in, COUNT_LEADING, false);
    case rv_op_ctz:  return count(e, in, COUNT_TRAILING, true);
    case rv_op_ctzw: return count(e, in, COUNT_TRAILING, false);
    case rv_op_cpop: return count(e, in, COUNT_ONES, true);
    case rv_op_cpopw: return count(e, in, COUNT_ONES, false);
    default:
        return false;
    }
}

bool rv_jit_emit_bits(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    switch (in->op) {
    case rv_op_add_uw:    shift_add(e, in, 0, true); break;
    case rv_op_sh1add:    shift_add(e, in, 1, false); break;
    case rv_op_sh2add:    shift_add(e, in, 2, false); break;
    case rv_op_sh3add:    shift_add(e, in, 3, false); break;
    case rv_op_sh1add_uw: shift_add(e, in, 1, true); break;
    case rv_op_sh2add_uw: shift_add(e, in, 2, true); break;
    case rv_op_sh3add_uw: shift_add(e, in, 3, true); break;
    case rv_op_andn:      op_not(e, in, X86_AND); break;
    case rv_op_orn:       op_not(e, in, X86_OR); break;
    case rv_op_xnor:      op_not(e, in, X86_XOR); break;
    case rv_op_min:       pick(e, in, X86_CC_G); break;
    case rv_op_max:       pick(e, in, X86_CC_L); break;
    case rv_op_minu:      pick(e, in, X86_CC_A); break;
    case rv_op_maxu:      pick(e, in, X86_CC_B); break;
    case rv_op_bset:      single_bit(e, in, BIT_SET, false); break;
    case rv_op_bclr:      single_bit(e, in, BIT_CLEAR, false); break;
    case rv_op_binv:      single_bit(e, in, BIT_INVERT, false); break;
    case rv_op_bext:      single_bit(e, in, BIT_EXTRACT, false); break;
    case rv_op_bseti:     single_bit(e, in, BIT_SET, true); break;
    case rv_op_bclri:     single_bit(e, in, BIT_CLEAR, true); break;
    case rv_op_binvi:     single_bit(e, in, BIT_INVERT, true); break;
    case rv_op_bexti:     single_bit(e, in, BIT_EXTRACT, true); break;
    case rv_op_czero_eqz: czero(e, in, X86_CC_E); break;
    case rv_op_czero_nez: czero(e, in, X86_CC_NE); break;
    default:
        return unary(e, in);
    }
    return true;
}
