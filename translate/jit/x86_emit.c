/*
 * translate/jit/x86_emit.c - moves: register to register, immediates, loads, stores, lea and
 * the sign / zero extensions (the rest of x86_emit.h is in x86_emit_alu.c and x86_emit_flow.c).
 *
 * Where x86-64 offers a 32-bit form that zero-extends into the full register (mov r32, movzx
 * r32), the zero-extending emitters use it: same result, one byte shorter when no other REX
 * bit is needed.
 */
#include "translate/jit/x86_emit.h"

#include <assert.h>

#include "translate/jit/x86_encode.h"

#define OP_MOV_LOAD   0x8Bu   /* mov r, r/m */
#define OP_MOV_STORE  0x89u   /* mov r/m, r */
#define OP_MOV_STORE8 (0x88u | X86_P_BYTE_REG)
#define OP_MOV_IMM    0xB8u   /* mov r, imm (register in the opcode) */
#define OP_MOV_RM_IMM 0xC7u   /* mov r/m, simm32 (/0) */
#define OP_MOV_RM_IMM8 0xC6u
#define OP_LEA        0x8Du
#define OP_MOVZX8     (X86_P_0F | 0xB6u)
#define OP_MOVZX16    (X86_P_0F | 0xB7u)
#define OP_MOVSX8     (X86_P_W | X86_P_0F | 0xBEu)
#define OP_MOVSX16    (X86_P_W | X86_P_0F | 0xBFu)
#define OP_MOVSXD     (X86_P_W | 0x63u)

/* 0, 1, 2, 3 for an access of 1, 2, 4, 8 bytes: the index into the tables below. */
static int size_index(int size)
{
    switch (size) {
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    case 8: return 3;
    }
    assert(!"x86 access size must be 1, 2, 4 or 8");
    return 3;
}

/* [size index][sign]: every load fills the whole 64-bit register. */
static const uint32_t load_ops[4][2] = {
    { OP_MOVZX8, OP_MOVSX8 },
    { OP_MOVZX16, OP_MOVSX16 },
    { OP_MOV_LOAD, OP_MOVSXD },
    { X86_P_W | OP_MOV_LOAD, X86_P_W | OP_MOV_LOAD },
};

static const uint32_t store_ops[4] = {
    OP_MOV_STORE8, X86_P_66 | OP_MOV_STORE, OP_MOV_STORE, X86_P_W | OP_MOV_STORE,
};

/* mov r/m, imm: the 64-bit form takes a sign-extended imm32, the 16-bit one an imm16. */
static const uint32_t store_imm_ops[4] = {
    OP_MOV_RM_IMM8, X86_P_66 | OP_MOV_RM_IMM, OP_MOV_RM_IMM, X86_P_W | OP_MOV_RM_IMM,
};
static const int store_imm_sizes[4] = { 1, 2, 4, 4 };

/* [size index] for size 1, 2, 4: the source is a byte register for size 1 (spl..dil need REX). */
static const uint32_t movsx_rr_ops[3] = {
    OP_MOVSX8 | X86_P_BYTE_RM, OP_MOVSX16, OP_MOVSXD,
};
static const uint32_t movzx_rr_ops[3] = {
    OP_MOVZX8 | X86_P_BYTE_RM, OP_MOVZX16, OP_MOV_LOAD,
};

void x86_mov_rr(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_MOV_LOAD, w64), dst, src);
}

void x86_mov_ri(struct x86_buf *b, enum x86_reg dst, uint64_t imm)
{
    if (imm > UINT32_MAX && (int64_t)imm != (int32_t)imm) {
        x86_movabs(b, dst, imm);
        return;
    }
    if (!X86_ROOM(b))
        return;
    if (imm <= UINT32_MAX) {  /* mov r32, imm32: 5 or 6 bytes, zero-extends */
        b->p = x86_enc_opreg(b->p, OP_MOV_IMM, dst);
    } else {                  /* mov r64, simm32: 7 bytes, sign-extends */
        b->p = x86_enc_rr(b->p, X86_P_W | OP_MOV_RM_IMM, 0, dst);
    }
    b->p = x86_enc_imm(b->p, imm, 4);
}

void x86_movabs(struct x86_buf *b, enum x86_reg dst, uint64_t imm)
{
    if (!X86_ROOM(b))
        return;
    b->p = x86_enc_opreg(b->p, X86_P_W | OP_MOV_IMM, dst);
    b->p = x86_enc_imm(b->p, imm, 8);
}

void x86_load(struct x86_buf *b, int size, bool sign, enum x86_reg dst, struct x86_mem m)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, load_ops[size_index(size)][sign], dst, X86_MEM_ARGS(m));
}

void x86_store(struct x86_buf *b, int size, struct x86_mem m, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, store_ops[size_index(size)], src, X86_MEM_ARGS(m));
}

void x86_store_imm(struct x86_buf *b, int size, struct x86_mem m, int32_t imm)
{
    if (!X86_ROOM(b))
        return;
    int i = size_index(size);
    b->p = x86_enc_mem(b->p, store_imm_ops[i], 0, X86_MEM_ARGS(m));
    b->p = x86_enc_imm(b->p, (uint32_t)imm, store_imm_sizes[i]);
}

void x86_lea(struct x86_buf *b, bool w64, enum x86_reg dst, struct x86_mem m)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, x86_w(OP_LEA, w64), dst, X86_MEM_ARGS(m));
}

void x86_movsx_rr(struct x86_buf *b, int size, enum x86_reg dst, enum x86_reg src)
{
    assert(size != 8);
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, movsx_rr_ops[size_index(size)], dst, src);
}

void x86_movzx_rr(struct x86_buf *b, int size, enum x86_reg dst, enum x86_reg src)
{
    assert(size != 8);
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, movzx_rr_ops[size_index(size)], dst, src);
}
