/*
 * translate/jit/x86_emit.h - a small x86-64 machine-code encoder for the translator.
 *
 * Only the instruction forms the translator emits, each written once here and checked by
 * tests/unit/test_x86_emit.c, which disassembles every form back with capstone (all registers,
 * including the ones that need REX or a SIB byte: rsp, rbp, r12, r13). Emitters append to a
 * struct x86_buf; running out of room sets `full` and writes nothing more, so a translator can
 * emit a whole block and check once at the end.
 *
 * Naming: a `w64` argument picks the 64-bit form (REX.W) over the 32-bit one, whose result
 * x86-64 zero-extends into the full register. Memory operands are struct x86_mem (base +
 * index * scale + disp32); base is never absent (no RIP-relative or absolute forms).
 */
#ifndef CROSSRUN_X86_EMIT_H
#define CROSSRUN_X86_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum x86_reg {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = -1,
};

/* Condition codes, in the encoding's order (the low nibble of jcc/setcc/cmovcc). */
enum x86_cc {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE, X86_CC_BE, X86_CC_A,
    X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP, X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
};

/* The eight classic two-operand ALU operations, in their /digit order. */
enum x86_alu {
    X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP,
};

/* Shifts and rotates, in their /digit order (4 and 6 are both SHL; 2, 3 unused here). */
enum x86_shift {
    X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7,
};

struct x86_mem {
    enum x86_reg base;        /* never X86_NOREG */
    enum x86_reg index;       /* X86_NOREG for none; never X86_RSP */
    uint8_t scale;            /* 1, 2, 4 or 8 */
    int32_t disp;
};

static inline struct x86_mem x86_mem(enum x86_reg base, int32_t disp)
{
    return (struct x86_mem){ .base = base, .index = X86_NOREG, .scale = 1, .disp = disp };
}

static inline struct x86_mem x86_mem_index(enum x86_reg base, enum x86_reg index, uint8_t scale,
                                           int32_t disp)
{
    return (struct x86_mem){ .base = base, .index = index, .scale = scale, .disp = disp };
}

struct x86_buf {
    uint8_t *start;
    uint8_t *p;               /* next byte */
    uint8_t *end;
    bool full;                /* an emitter ran out of room: the buffer's content is unusable */
};

static inline void x86_buf_init(struct x86_buf *b, uint8_t *mem, size_t size)
{
    b->start = b->p = mem;
    b->end = mem + size;
    b->full = false;
}

static inline size_t x86_buf_used(const struct x86_buf *b)
{
    return (size_t)(b->p - b->start);
}

/* ---- moves ------------------------------------------------------------------------------ */
void x86_mov_rr(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src);
/* The shortest form: mov r32, imm32 when imm fits unsigned 32 bits, mov r64, simm32 when it
 * fits signed, movabs otherwise. Flags untouched. */
void x86_mov_ri(struct x86_buf *b, enum x86_reg dst, uint64_t imm);
/* movabs r64, imm64 always (10 bytes): a constant to patch later sits at the returned offset's
 * last 8 bytes. */
void x86_movabs(struct x86_buf *b, enum x86_reg dst, uint64_t imm);
/* dst = [m], size 1, 2, 4 or 8 bytes; sign-extended (movsx, movsxd) or zero-extended (movzx,
 * mov r32) to 64 bits. */
void x86_load(struct x86_buf *b, int size, bool sign, enum x86_reg dst, struct x86_mem m);
/* [m] = low `size` bytes of src. */
void x86_store(struct x86_buf *b, int size, struct x86_mem m, enum x86_reg src);
/* [m] = imm (sign-extended to 8 bytes for size 8). */
void x86_store_imm(struct x86_buf *b, int size, struct x86_mem m, int32_t imm);
void x86_lea(struct x86_buf *b, bool w64, enum x86_reg dst, struct x86_mem m);
/* dst = sign- / zero-extension of the low `size` (1, 2 or 4) bytes of src, to 64 bits. */
void x86_movsx_rr(struct x86_buf *b, int size, enum x86_reg dst, enum x86_reg src);
void x86_movzx_rr(struct x86_buf *b, int size, enum x86_reg dst, enum x86_reg src);

/* ---- arithmetic ------------------------------------------------------------------------- */
void x86_alu_rr(struct x86_buf *b, enum x86_alu op, bool w64, enum x86_reg dst, enum x86_reg src);
/* imm is sign-extended; the imm8 form is used when it fits. */
void x86_alu_ri(struct x86_buf *b, enum x86_alu op, bool w64, enum x86_reg dst, int32_t imm);
void x86_alu_rm(struct x86_buf *b, enum x86_alu op, bool w64, enum x86_reg dst, struct x86_mem m);
void x86_alu_mr(struct x86_buf *b, enum x86_alu op, bool w64, struct x86_mem m, enum x86_reg src);
void x86_alu_mi(struct x86_buf *b, enum x86_alu op, bool w64, struct x86_mem m, int32_t imm);
void x86_test_rr(struct x86_buf *b, bool w64, enum x86_reg a, enum x86_reg c);
void x86_test_mi(struct x86_buf *b, int size, struct x86_mem m, int32_t imm);
void x86_shift_ri(struct x86_buf *b, enum x86_shift op, bool w64, enum x86_reg dst, uint8_t imm);
void x86_shift_rcl(struct x86_buf *b, enum x86_shift op, bool w64, enum x86_reg dst);  /* by cl */
void x86_neg(struct x86_buf *b, bool w64, enum x86_reg r);
void x86_not(struct x86_buf *b, bool w64, enum x86_reg r);
void x86_imul_rr(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src);
/* rdx:rax = rax * src (mul / imul one-operand): the high half is what mulh* wants. */
void x86_mul_wide(struct x86_buf *b, bool is_signed, bool w64, enum x86_reg src);
/* rax, rdx = rdx:rax / src (div / idiv); cqo / cdq first for the signed forms. */
void x86_div_wide(struct x86_buf *b, bool is_signed, bool w64, enum x86_reg src);
void x86_cqo(struct x86_buf *b, bool w64);  /* cqo (w64) or cdq */
/* Bit counting (lzcnt, tzcnt, popcnt: the host must have them, x86_host_has_bitops) and
 * byte reversal. */
void x86_lzcnt(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src);
void x86_tzcnt(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src);
void x86_popcnt(struct x86_buf *b, bool w64, enum x86_reg dst, enum x86_reg src);
/* The host has lzcnt (ABM), tzcnt (BMI1) and popcnt, by cpuid. */
bool x86_host_has_bitops(void);
void x86_bswap(struct x86_buf *b, bool w64, enum x86_reg r);

/* ---- conditions ------------------------------------------------------------------------- */
/* dst = cc ? 1 : 0, as a full 64-bit value (setcc on the low byte, then movzx). */
void x86_setcc(struct x86_buf *b, enum x86_cc cc, enum x86_reg dst);
void x86_cmov(struct x86_buf *b, enum x86_cc cc, bool w64, enum x86_reg dst, enum x86_reg src);

/* ---- control flow ----------------------------------------------------------------------
 * Jumps with a 32-bit displacement return the offset from b->start of that displacement, to be
 * set by x86_patch_rel32 (inside this buffer) once the target is known; until then it points at
 * the next instruction. (When the buffer is full they write nothing and return 0.) */
size_t x86_jcc(struct x86_buf *b, enum x86_cc cc);
size_t x86_jmp(struct x86_buf *b);
size_t x86_call(struct x86_buf *b);
/* Sets the rel32 at `at` (a pointer to its 4 bytes, in whatever mapping is writable) so that
 * the jump, whose next instruction is at host address `next_insn`, goes to host address
 * `target`. */
void x86_patch_rel32(uint8_t *at, uintptr_t next_insn, uintptr_t target);
void x86_jmp_r(struct x86_buf *b, enum x86_reg r);
/* jmp qword [m]: to the address stored there */
void x86_jmp_m(struct x86_buf *b, struct x86_mem m);
void x86_call_r(struct x86_buf *b, enum x86_reg r);
void x86_ret(struct x86_buf *b);
/* ret imm16: return, then pop `pop` more bytes */
void x86_ret_imm(struct x86_buf *b, uint16_t pop);
void x86_push(struct x86_buf *b, enum x86_reg r);
void x86_pop(struct x86_buf *b, enum x86_reg r);

/* ---- scalar double SSE2 and FMA3 -------------------------------------------------------
 * xmm registers are plain numbers 0-15. The FMA forms need the host to have FMA3 and the OS
 * to enable AVX state (x86_host_has_fma). */
enum x86_sse_op { X86_SQRTSD = 0x51, X86_ADDSD = 0x58, X86_MULSD = 0x59, X86_SUBSD = 0x5C,
                  X86_DIVSD = 0x5E };
/* vfmadd213sd x = x * src2 + m, vfmsub: x * src2 - m, vfnmadd: -(x * src2) + m,
 * vfnmsub: -(x * src2) - m (the opcode bytes, map 0F38) */
enum x86_fma { X86_VFMADD213SD = 0xA9, X86_VFMSUB213SD = 0xAB, X86_VFNMADD213SD = 0xAD,
               X86_VFNMSUB213SD = 0xAF };
void x86_movsd_load(struct x86_buf *b, int xmm, struct x86_mem m);
void x86_movsd_store(struct x86_buf *b, struct x86_mem m, int xmm);
/* xmm = xmm op [m] */
void x86_sse_sd(struct x86_buf *b, enum x86_sse_op op, int xmm, struct x86_mem m);
/* xmm = xmm op src (register forms) */
void x86_sse_sd_rr(struct x86_buf *b, enum x86_sse_op op, int xmm, int src);
/* movaps dst, src: the whole register, no dependency on dst's old value */
void x86_movaps_rr(struct x86_buf *b, int dst, int src);
void x86_movq_r_xmm(struct x86_buf *b, enum x86_reg dst, int xmm);
void x86_movq_xmm_r(struct x86_buf *b, int xmm, enum x86_reg src);
/* movd [m], xmm: the low 32 bits */
void x86_movd_store(struct x86_buf *b, struct x86_mem m, int xmm);
/* ucomisd xmm_a, xmm_b: ZF, PF, CF as the unordered compare sets them (PF: a NaN) */
void x86_ucomisd(struct x86_buf *b, int xmm_a, int xmm_b);
void x86_fma213_sd(struct x86_buf *b, enum x86_fma op, int xmm, int src2, struct x86_mem m);
void x86_fma213_sd_rr(struct x86_buf *b, enum x86_fma op, int xmm, int src2, int src3);
bool x86_host_has_fma(void);

/* ---- atomics and barriers ----------------------------------------------------------------
 * size 4 or 8. cmpxchg compares with rax (eax) and leaves the old value there. */
void x86_lock_cmpxchg(struct x86_buf *b, int size, struct x86_mem m, enum x86_reg src);
void x86_lock_xadd(struct x86_buf *b, int size, struct x86_mem m, enum x86_reg src);
void x86_xchg_mr(struct x86_buf *b, int size, struct x86_mem m, enum x86_reg src);  /* locked */
void x86_mfence(struct x86_buf *b);
/* One nop instruction of len bytes, 0 to 3 (0: nothing). */
void x86_nop(struct x86_buf *b, int len);
void x86_ud2(struct x86_buf *b);
void x86_int3(struct x86_buf *b);

#endif
