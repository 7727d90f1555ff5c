/*
 * translate/jit/x86_encode.h - the one place that lays out an x86-64 instruction's bytes:
 * legacy prefixes, REX, the 0F escape, the opcode, ModRM, SIB and the displacement.
 *
 * The emitters (x86_emit*.c) name an opcode by a constant that carries its prefixes as flags
 * (qemu's tcg/i386 does the same), so no emitter works out REX or ModRM by hand. This file sits
 * below x86_emit.h and so does not know its types: registers are plain numbers 0-15 (-1 for no
 * index register) and the functions write at a byte pointer and return the pointer past what
 * they wrote. The caller checks for room first (X86_ROOM).
 */
#ifndef CROSSRUN_X86_ENCODE_H
#define CROSSRUN_X86_ENCODE_H

#include <stdint.h>

/* An opcode constant: the opcode byte in bits 0-7, its prefixes above. */
#define X86_P_0F      0x00100u  /* two-byte opcode: 0F escape first */
#define X86_P_66      0x00200u  /* operand-size prefix: 16-bit operands */
#define X86_P_F3      0x00400u  /* mandatory F3 (lzcnt, tzcnt, popcnt) */
#define X86_P_LOCK    0x00800u  /* F0 */
#define X86_P_W       0x01000u  /* REX.W: 64-bit operands */
/* The reg field, or the register-direct r/m field, names a byte register. Numbers 4-7 mean
 * ah, ch, dh, bh without a REX prefix and spl, bpl, sil, dil with one, so these force a REX. */
#define X86_P_BYTE_REG 0x02000u
#define X86_P_BYTE_RM  0x04000u
#define X86_P_F2      0x08000u  /* mandatory F2 (scalar double SSE2) */

/* The longest x86-64 instruction is 15 bytes: an emitter needs that much room, plus one. */
#define X86_MAX_INSN 15

/* True when one more instruction fits in the struct x86_buf `b`; otherwise marks it full. A
 * macro because this header sits below the one that defines struct x86_buf. Once full, a
 * buffer takes nothing more, even an instruction that would still fit. */
#define X86_ROOM(b) \
    (!(b)->full && ((b)->end - (b)->p > X86_MAX_INSN || ((b)->full = true, false)))

/* opc with REX.W added when w64 (the 64-bit form of an instruction whose 32-bit form is opc). */
static inline uint32_t x86_w(uint32_t opc, int w64)
{
    return w64 ? opc | X86_P_W : opc;
}

/* Prefixes and opcode alone (cqo, ret, int3, ud2). */
uint8_t *x86_enc_op(uint8_t *p, uint32_t opc);
/* Prefixes and opcode with the register (0-15) in the opcode's low three bits: push, pop,
 * bswap, mov r, imm. */
uint8_t *x86_enc_opreg(uint8_t *p, uint32_t opc, int reg);
/* Prefixes, opcode and a register-direct ModRM: reg is a register or a /digit, rm a register. */
uint8_t *x86_enc_rr(uint8_t *p, uint32_t opc, int reg, int rm);
/* Prefixes, opcode, ModRM, SIB and displacement for [base + index * scale + disp]: reg is a
 * register or a /digit, index -1 for none (never 4, rsp), scale 1, 2, 4 or 8. */
uint8_t *x86_enc_mem(uint8_t *p, uint32_t opc, int reg, int base, int index, int scale,
                     int32_t disp);
/* A struct x86_mem's fields as x86_enc_mem's last four arguments. */
#define X86_MEM_ARGS(m) (m).base, (m).index, (m).scale, (m).disp

/* A VEX-encoded instruction in its three-byte form (C4), L = 0, with a memory operand: `map`
 * is VEX.m-mmmm (2: 0F38), pp the implied prefix (1: 66), vvvv the extra source register. */
uint8_t *x86_enc_vex_mem(uint8_t *p, uint8_t opcode, int map, int w, int pp, int reg, int vvvv,
                         int base, int index, int scale, int32_t disp);

/* The same with a register-direct r/m operand. */
uint8_t *x86_enc_vex_rr(uint8_t *p, uint8_t opcode, int map, int w, int pp, int reg, int vvvv,
                        int rm);

/* The low `size` (1, 2, 4 or 8) bytes of imm, little-endian. */
uint8_t *x86_enc_imm(uint8_t *p, uint64_t imm, int size);

#endif
