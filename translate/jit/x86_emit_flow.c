/*
 * translate/jit/x86_emit_flow.c - conditions (setcc, cmov) and control flow: jumps and calls
 * with a rel32 to patch, indirect jumps and calls, ret, push, pop and the traps ud2 and int3
 * (declared in x86_emit.h).
 */
#include "translate/jit/x86_emit.h"

#include <assert.h>
#include <string.h>

#include "translate/jit/x86_encode.h"

#define OP_SETCC     (X86_P_0F | 0x90u)  /* + cc, /0 on a byte register */
#define OP_MOVZX8    (X86_P_0F | 0xB6u)
#define OP_CMOV      (X86_P_0F | 0x40u)  /* + cc */
#define OP_JCC_REL32 (X86_P_0F | 0x80u)  /* + cc */
#define OP_JMP_REL32 0xE9u
#define OP_CALL_REL32 0xE8u
#define OP_GRP5      0xFFu               /* /2 call r/m, /4 jmp r/m: 64-bit without REX.W */
#define GRP5_CALL    2
#define GRP5_JMP     4
#define OP_RET_IMM 0xC2u
#define OP_RET       0xC3u
#define OP_PUSH      0x50u               /* register in the opcode */
#define OP_POP       0x58u
#define OP_UD2       (X86_P_0F | 0x0Bu)
#define OP_INT3      0xCCu

void x86_setcc(struct x86_buf *b, enum x86_cc cc, enum x86_reg dst)
{
    /* setcc writes only the low byte: movzx clears the rest (and, being a 32-bit op, the
     * upper half). Both fit in one instruction's room. */
    if (!X86_ROOM(b))
        return;
    b->p = x86_enc_rr(b->p, (OP_SETCC + cc) | X86_P_BYTE_RM, 0, dst);
    b->p = x86_enc_rr(b->p, OP_MOVZX8 | X86_P_BYTE_RM, dst, dst);
}

void x86_cmov(struct x86_buf *b, enum x86_cc cc, bool w64, enum x86_reg dst, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, x86_w(OP_CMOV + cc, w64), dst, src);
}

/* The opcode, then a zero rel32 (a jump to the next instruction until patched); returns the
 * rel32's offset, or 0 when the buffer is full. */
static size_t rel32(struct x86_buf *b, uint32_t opc)
{
    if (!X86_ROOM(b))
        return 0;
    b->p = x86_enc_op(b->p, opc);
    size_t at = x86_buf_used(b);
    b->p = x86_enc_imm(b->p, 0, 4);
    return at;
}

size_t x86_jcc(struct x86_buf *b, enum x86_cc cc)
{
    return rel32(b, OP_JCC_REL32 + cc);
}

size_t x86_jmp(struct x86_buf *b)
{
    return rel32(b, OP_JMP_REL32);
}

size_t x86_call(struct x86_buf *b)
{
    return rel32(b, OP_CALL_REL32);
}

void x86_patch_rel32(uint8_t *at, uintptr_t next_insn, uintptr_t target)
{
    int64_t rel = (int64_t)(target - next_insn);
    assert(rel == (int32_t)rel);  /* the code cache keeps its jumps within +-2 GiB */
    int32_t rel32 = (int32_t)rel;
    memcpy(at, &rel32, sizeof rel32);  /* x86 is little-endian, as the rel32 is */
}

void x86_jmp_r(struct x86_buf *b, enum x86_reg r)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, OP_GRP5, GRP5_JMP, r);
}

void x86_jmp_m(struct x86_buf *b, struct x86_mem m)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, OP_GRP5, GRP5_JMP, X86_MEM_ARGS(m));
}

void x86_call_r(struct x86_buf *b, enum x86_reg r)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, OP_GRP5, GRP5_CALL, r);
}

void x86_ret(struct x86_buf *b)
{
    if (X86_ROOM(b))
        b->p = x86_enc_op(b->p, OP_RET);
}

void x86_ret_imm(struct x86_buf *b, uint16_t pop)
{
    if (X86_ROOM(b)) {
        b->p = x86_enc_op(b->p, OP_RET_IMM);
        b->p = x86_enc_imm(b->p, pop, 2);
    }
}

void x86_push(struct x86_buf *b, enum x86_reg r)
{
    if (X86_ROOM(b))
        b->p = x86_enc_opreg(b->p, OP_PUSH, r);
}

void x86_pop(struct x86_buf *b, enum x86_reg r)
{
    if (X86_ROOM(b))
        b->p = x86_enc_opreg(b->p, OP_POP, r);
}

void x86_nop(struct x86_buf *b, int len)
{
    /* the forms the vendors recommend: 90, 66 90, 0F 1F 00 (nop dword [rax]) */
    static const uint8_t forms[4][3] = { {0}, {0x90}, {0x66, 0x90}, {0x0F, 0x1F, 0x00} };
    assert(len >= 0 && len <= 3);
    if (len && X86_ROOM(b)) {
        memcpy(b->p, forms[len], (size_t)len);
        b->p += len;
    }
}

void x86_ud2(struct x86_buf *b)
{
    if (X86_ROOM(b))
        b->p = x86_enc_op(b->p, OP_UD2);
}

void x86_int3(struct x86_buf *b)
{
    if (X86_ROOM(b))
        b->p = x86_enc_op(b->p, OP_INT3);
}
