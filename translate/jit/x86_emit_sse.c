/*
 * translate/jit/x86_emit_sse.c - scalar double-precision SSE2 and FMA3 forms (declared in
 * x86_emit.h): loads and stores of an xmm register, the four arithmetic ops with a memory
 * or register source (and sqrt), register moves, movq and movd, ucomisd, and the fused
 * multiply-adds (VEX-encoded).
 */
#include "translate/jit/x86_emit.h"

#include "translate/jit/x86_encode.h"

#define OP_MOVSD_LOAD  (X86_P_F2 | X86_P_0F | 0x10u)
#define OP_MOVSD_STORE (X86_P_F2 | X86_P_0F | 0x11u)
#define OP_MOVQ_R_XMM  (X86_P_66 | X86_P_W | X86_P_0F | 0x7Eu)  /* movq r/m64, xmm */
#define OP_MOVQ_XMM_R  (X86_P_66 | X86_P_W | X86_P_0F | 0x6Eu)  /* movq xmm, r/m64 */
#define OP_MOVD_STORE  (X86_P_66 | X86_P_0F | 0x7Eu)            /* movd r/m32, xmm */
#define OP_MOVAPS      (X86_P_0F | 0x28u)
#define OP_UCOMISD     (X86_P_66 | X86_P_0F | 0x2Eu)
#define VEX_MAP_0F38 2
#define VEX_PP_66 1

void x86_movsd_load(struct x86_buf *b, int xmm, struct x86_mem m)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, OP_MOVSD_LOAD, xmm, X86_MEM_ARGS(m));
}

void x86_movsd_store(struct x86_buf *b, struct x86_mem m, int xmm)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, OP_MOVSD_STORE, xmm, X86_MEM_ARGS(m));
}

void x86_sse_sd(struct x86_buf *b, enum x86_sse_op op, int xmm, struct x86_mem m)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, X86_P_F2 | X86_P_0F | (uint32_t)op, xmm, X86_MEM_ARGS(m));
}

void x86_sse_sd_rr(struct x86_buf *b, enum x86_sse_op op, int xmm, int src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, X86_P_F2 | X86_P_0F | (uint32_t)op, xmm, src);
}

void x86_movaps_rr(struct x86_buf *b, int dst, int src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, OP_MOVAPS, dst, src);
}

void x86_movq_xmm_r(struct x86_buf *b, int xmm, enum x86_reg src)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, OP_MOVQ_XMM_R, xmm, src);
}

void x86_movd_store(struct x86_buf *b, struct x86_mem m, int xmm)
{
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, OP_MOVD_STORE, xmm, X86_MEM_ARGS(m));
}

void x86_movq_r_xmm(struct x86_buf *b, enum x86_reg dst, int xmm)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, OP_MOVQ_R_XMM, xmm, dst);
}

void x86_ucomisd(struct x86_buf *b, int xmm_a, int xmm_b)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, OP_UCOMISD, xmm_a, xmm_b);
}

void x86_fma213_sd(struct x86_buf *b, enum x86_fma op, int xmm, int src2, struct x86_mem m)
{
    if (X86_ROOM(b))
        b->p = x86_enc_vex_mem(b->p, (uint8_t)op, VEX_MAP_0F38, 1, VEX_PP_66, xmm, src2,
                               X86_MEM_ARGS(m));
}

void x86_fma213_sd_rr(struct x86_buf *b, enum x86_fma op, int xmm, int src2, int src3)
{
    if (X86_ROOM(b))
        b->p = x86_enc_vex_rr(b->p, (uint8_t)op, VEX_MAP_0F38, 1, VEX_PP_66, xmm, src2, src3);
}
