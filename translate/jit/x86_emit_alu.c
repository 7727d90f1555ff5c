/*
 * translate/jit/x86_emit_alu.c - arithmetic: the eight ALU operations, test, shifts, neg, not,
 * multiply and divide, bit counting and byte reversal (declared in x86_emit.h).
 */
#include "translate/jit/x86_emit.h"

#include <assert.h>

#include "translate/jit/x86_encode.h"

/* The ALU operations' opcodes are op * 8 + one of these; the immediate forms take op as /digit. */
#define ALU_RM_R     0x01u  /* op r/m, r */
#define ALU_R_RM     0x03u  /* op r, r/m */
#define ALU_EAX_IMM  0x05u  /* op eax/rax, imm32: one byte shorter than 81 /op */
#define OP_ALU_IMM32 0x81u
#define OP_ALU_IMM8  0x83u  /* imm8, sign-extended */
#define OP_TEST      0x85u  /* test r/m, r */
#define OP_TEST_IMM8 0xF6u  /* /0 */
#define OP_GRP3      0xF7u  /* /0 test imm, /2 not, /3 neg, /4 mul, /5 imul, /6 div, /7 idiv */
#define OP_SHIFT_1   0xD1u
#define OP_SHIFT_CL  0xD3u
#define OP_SHIFT_IMM 0xC1u
#define OP_IMUL_RR   (X86_P_0F | 0xAFu)
#define OP_CQO       0x99u  /* cdq, or cqo with REX.W */
#define OP_LZCNT     (X86_P_F3 | X86_P_0F | 0xBDu)
#define OP_TZCNT     (X86_P_F3 | X86_P_0F | 0xBCu)
#define OP_POPCNT    (X86_P_F3 | X86_P_0F | 0xB8u)
#define OP_BSWAP     (X86_P_0F | 0xC8u)  /* register in the opcode */

enum grp3 { GRP3_TEST = 0, GRP3_NOT = 2, GRP3_NEG = 3, GRP3_MUL = 4, GRP3_IMUL = 5, GRP3_DIV = 6,
            GRP3_IDIV = 7 };

static bool fits_imm8(int32_t imm)
{
    return imm >= -128 && imm <= 127;
}

void x86_alu_rr(struct x86_buf *b, enum x86_alu op, bool w64, enum x86_reg dst, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(op * 8 + ALU_R_RM, w64), dst, src);
}

void x86_alu_ri(struct x86_buf *b, enum x86_alu op, bool w64, enum x86_reg dst, int32_t imm)
{
    if (!X86_ROOM(b))
        return;
    if (fits_imm8(imm)) {
        b->p = x86_enc_rr(b->p, x86_w(OP_ALU_IMM8, w64), op, dst);
        b->p = x86_enc_imm(b->p, (uint32_t)imm, 1);
        return;
    }
    if (dst == X86_RAX)
        b->p = x86_enc_op(b->p, x86_w(op * 8 + ALU_EAX_IMM, w64));
    else
        b->p = x86_enc_rr(b->p, x86_w(OP_ALU_IMM32, w64), op, dst);
    b->p = x86_enc_imm(b->p, (uint32_t)imm, 4);
}

void x86_alu_rm(struct x86_buf *b, enum x86_alu op, bool w64, enum x86_reg dst, struct x86_mem m)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, x86_w(op * 8 + ALU_R_RM, w64), dst, X86_MEM_ARGS(m));
}

void x86_alu_mr(struct x86_buf *b, enum x86_alu op, bool w64, struct x86_mem m, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, x86_w(op * 8 + ALU_RM_R, w64), src, X86_MEM_ARGS(m));
}

void x86_alu_mi(struct x86_buf *b, enum x86_alu op, bool w64, struct x86_mem m, int32_t imm)
{
    if (!X86_ROOM(b))
        return;
    bool short_imm = fits_imm8(imm);
    uint32_t opc = x86_w(short_imm ? OP_ALU_IMM8 : OP_ALU_IMM32, w64);
    b->p = x86_enc_mem(b->p, opc, op, X86_MEM_ARGS(m));
    b->p = x86_enc_imm(b->p, (uint32_t)imm, short_imm ? 1 : 4);
}

void x86_test_rr(struct x86_buf *b, bool w64, enum x86_reg a, enum x86_reg c)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_TEST, w64), c, a);
}

void x86_test_mi(struct x86_buf *b, int size, struct x86_mem m, int32_t imm)
{
    if (!X86_ROOM(b))
        return;
    uint32_t opc;
    int imm_size = size == 8 ? 4 : size;  /* test r/m64 takes a sign-extended imm32 */
    switch (size) {
    case 1: opc = OP_TEST_IMM8; break;
    case 2: opc = X86_P_66 | OP_GRP3; break;
    case 4: opc = OP_GRP3; break;
    default: assert(size == 8); opc = X86_P_W | OP_GRP3; break;
    }
    b->p = x86_enc_mem(b->p, opc, GRP3_TEST, X86_MEM_ARGS(m));
    b->p = x86_enc_imm(b->p, (uint32_t)imm, imm_size);
}

void x86_shift_ri(struct x86_buf *b, enum x86_shift op, bool w64, enum x86_reg dst, uint8_t imm)
{
    if (!X86_ROOM(b))
        return;
    if (imm == 1) {
        b->p = x86_enc_rr(b->p, x86_w(OP_SHIFT_1, w64), op, dst);
        return;
    }
    b->p = x86_enc_rr(b->p, x86_w(OP_SHIFT_IMM, w64), op, dst);
    b->p = x86_enc_imm(b->p, imm, 1);
}

void x86_shift_rcl(struct x86_buf *b, enum x86_shift op, bool w64, enum x86_reg dst)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_SHIFT_CL, w64), op, dst);
}

static void grp3(struct x86_buf *b, enum grp3 digit, bool w64, enum x86_reg r)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_GRP3, w64), digit, r);
}

void x86_neg(struct x86_buf *b, bool w64, enum x86_reg r)
{
    grp3(b, GRP3_NEG, w64, r);
}

void x86_not(struct x86_buf *b, bool w64, enum x86_reg r)
{
    grp3(b, GRP3_NOT, w64, r);
}

void x86_mul_wide(struct x86_buf *b, bool is_signed, bool w64, enum x86_reg src)
{
    grp3(b, is_signed ? GRP3_IMUL : GRP3_MUL, w64, src);
}

void x86_div_wide(struct x86_buf *b, bool is_signed, bool w64, enum x86_reg src)
{
    grp3(b, is_signed ? GRP3_IDIV : GRP3_DIV, w64, src);
}

void x86_imul_rr(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_IMUL_RR, w64), dst, src);
}

void x86_cqo(struct x86_buf *b, bool w64)
{
    if (X86_ROOM(b))
        b->p = x86_enc_op(b->p, x86_w(OP_CQO, w64));
}

void x86_lzcnt(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_LZCNT, w64), dst, src);
}

void x86_tzcnt(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_TZCNT, w64), dst, src);
}

void x86_popcnt(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_POPCNT, w64), dst, src);
}

void x86_bswap(struct x86_buf *b, bool w64, enum x86_reg r)
{
    if (X86_ROOM(b))
        b->p = x86_enc_opreg(b->p, x86_w(OP_BSWAP, w64), r);
}
