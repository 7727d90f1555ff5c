/*
 * translate/jit/x86_encode.c - prefixes, REX, opcode, ModRM, SIB and displacement of one
 * x86-64 instruction (see x86_encode.h); the emitters in x86_emit*.c all go through here.
 */
#include "translate/jit/x86_encode.h"

#include <assert.h>
#include <stdbool.h>

#define REX_W 0x8
#define REX_R 0x4  /* extends ModRM.reg */
#define REX_X 0x2  /* extends SIB.index */
#define REX_B 0x1  /* extends ModRM.rm, SIB.base or the opcode's register */

#define RSP_LOW 4  /* rm/base 100: a SIB byte follows; as SIB.index (without REX.X): none */
#define RBP_LOW 5  /* with mod 00, rm 101 means RIP-relative and SIB base 101 no base */

static uint8_t ext(int reg)
{
    return reg >= 8 ? 1 : 0;
}

/* A byte register 4-7 (spl, bpl, sil, dil) is only reachable with a REX prefix, even an empty
 * one (0x40); without it the same numbers mean ah, ch, dh, bh. */
static bool needs_empty_rex(uint32_t opc, int reg, int rm_reg)
{
    return ((opc & X86_P_BYTE_REG) && reg >= 4 && reg < 8) ||
           ((opc & X86_P_BYTE_RM) && rm_reg >= 4 && rm_reg < 8);
}

/* Legacy prefixes, REX (when any bit is set or a byte register needs it), 0F and the opcode.
 * `rex` holds the R, X and B bits the operands need; rm_reg is the register-direct r/m
 * operand (-1 for a memory operand), for the byte-register rule. */
static uint8_t *prefixes_and_opcode(uint8_t *p, uint32_t opc, uint8_t rex, int reg, int rm_reg)
{
    if (opc & X86_P_LOCK)
        *p++ = 0xF0;
    if (opc & X86_P_66)
        *p++ = 0x66;
    if (opc & X86_P_F3)  /* a mandatory prefix must come right before REX */
        *p++ = 0xF3;
    if (opc & X86_P_F2)
        *p++ = 0xF2;
    if (opc & X86_P_W)
        rex |= REX_W;
    if (rex || needs_empty_rex(opc, reg, rm_reg))
        *p++ = 0x40 | rex;
    if (opc & X86_P_0F)
        *p++ = 0x0F;
    *p++ = (uint8_t)opc;
    return p;
}

static uint8_t modrm(int mod, int reg, int rm)
{
    return (uint8_t)(mod << 6 | (reg & 7) << 3 | (rm & 7));
}

uint8_t *x86_enc_op(uint8_t *p, uint32_t opc)
{
    return prefixes_and_opcode(p, opc, 0, -1, -1);
}

uint8_t *x86_enc_opreg(uint8_t *p, uint32_t opc, int reg)
{
    return prefixes_and_opcode(p, opc + (reg & 7), ext(reg) * REX_B, -1, -1);
}

uint8_t *x86_enc_rr(uint8_t *p, uint32_t opc, int reg, int rm)
{
    p = prefixes_and_opcode(p, opc, ext(reg) * REX_R | ext(rm) * REX_B, reg, rm);
    *p++ = modrm(3, reg, rm);
    return p;
}

static int scale_bits(int scale)
{
    switch (scale) {
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    case 8: return 3;
    }
    assert(!"x86 scale must be 1, 2, 4 or 8");
    return 0;
}

/* mod 00 has no displacement, except that base rbp/r13 (low bits 101) there means something
 * else, so those bases take a disp8 of 0. */
static int mod_for(int base, int32_t disp)
{
    if (disp == 0 && (base & 7) != RBP_LOW)
        return 0;
    return disp >= -128 && disp <= 127 ? 1 : 2;
}

/* ModRM, SIB and displacement of a memory operand. */
static uint8_t *modrm_mem(uint8_t *p, int reg, int base, int index, int scale, int32_t disp)
{
    assert(base >= 0 && index != RSP_LOW);
    /* rm 100 is the SIB escape, so base rsp/r12 needs a SIB byte even without an index. */
    bool sib = index >= 0 || (base & 7) == RSP_LOW;
    int mod = mod_for(base, disp);
    *p++ = modrm(mod, reg, sib ? RSP_LOW : base);
    if (sib && index >= 0)
        *p++ = (uint8_t)(scale_bits(scale) << 6 | (index & 7) << 3 | (base & 7));
    else if (sib)
        *p++ = (uint8_t)(RSP_LOW << 3 | (base & 7));  /* no index, scale 1 */
    if (mod == 1)
        *p++ = (uint8_t)(int8_t)disp;
    else if (mod == 2)
        p = x86_enc_imm(p, (uint32_t)disp, 4);
    return p;
}

uint8_t *x86_enc_mem(uint8_t *p, uint32_t opc, int reg, int base, int index, int scale,
                     int32_t disp)
{
    uint8_t rex = ext(reg) * REX_R | ext(base) * REX_B | (index >= 0 ? ext(index) * REX_X : 0);
    p = prefixes_and_opcode(p, opc, rex, reg, -1);
    return modrm_mem(p, reg, base, index, scale, disp);
}

uint8_t *x86_enc_vex_mem(uint8_t *p, uint8_t opcode, int map, int w, int pp, int reg, int vvvv,
                         int base, int index, int scale, int32_t disp)
{
    /* R, X, B and vvvv are stored inverted */
    int x = index >= 0 ? ext(index) : 0;
    *p++ = 0xC4;
    *p++ = (uint8_t)((!ext(reg)) << 7 | (!x) << 6 | (!ext(base)) << 5 | (map & 0x1f));
    *p++ = (uint8_t)((w ? 1 : 0) << 7 | ((~vvvv) & 0xf) << 3 | (pp & 3));
    *p++ = opcode;
    return modrm_mem(p, reg, base, index, scale, disp);
}

uint8_t *x86_enc_vex_rr(uint8_t *p, uint8_t opcode, int map, int w, int pp, int reg, int vvvv,
                        int rm)
{
    *p++ = 0xC4;
    *p++ = (uint8_t)((!ext(reg)) << 7 | 1 << 6 | (!ext(rm)) << 5 | (map & 0x1f));
    *p++ = (uint8_t)((w ? 1 : 0) << 7 | ((~vvvv) & 0xf) << 3 | (pp & 3));
    *p++ = opcode;
    *p++ = modrm(3, reg, rm);
    return p;
}

uint8_t *x86_enc_imm(uint8_t *p, uint64_t imm, int size)
{
    for (int i = 0; i < size; i++)
        *p++ = (uint8_t)(imm >> (8 * i));
    return p;
}
