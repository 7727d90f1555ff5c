/*
 * translate/decode_rvc.c - the RV64C compressed encodings, expanded to their 32-bit equivalents.
 *
 * Every compressed instruction is an abbreviation of one 32-bit instruction, so decoding one
 * gives exactly the rv_insn that the 32-bit form would give, with len = 2; the engines and the
 * disassembler never see a compressed op. tests/unit/test_decode.c checks each form against
 * the 32-bit instruction it stands for.
 *
 * Reserved encodings (spec: "RVC instruction set listings" and the "reserved" notes of each
 * instruction) decode as rv_op_illegal: the all-zero word and c.addi4spn with nzuimm = 0,
 * c.addiw / c.lwsp / c.ldsp with rd = 0, c.lui / c.addi16sp with a zero immediate, c.jr with
 * rs1 = 0, quadrant 0 funct3 = 100 and the RV64 ALU slots 100-1-11-10/11. HINTs (c.nop with
 * an immediate, c.addi with imm = 0, c.li / c.lui / c.mv / c.add / c.slli with rd = 0, shifts
 * by zero) are valid: they decode as the base instruction and do nothing observable.
 */
#include <string.h>

#include "translate/decode_rvc.h"
#include "translate/insn.h"

/* Bit `from` of the encoding, placed at bit `to` of the immediate. */
static inline uint32_t bit(uint16_t c, int from, int to)
{
    return ((uint32_t)(c >> from) & 1u) << to;
}

static inline uint32_t bits(uint16_t c, int lo, int width)
{
    return ((uint32_t)c >> lo) & ((1u << width) - 1);
}

static inline int64_t sext(uint32_t v, int width)
{
    return (int64_t)((uint64_t)v << (64 - width)) >> (64 - width);
}

/* The 3-bit register fields of the CIW/CL/CS/CA/CB formats name x8..x15 (or f8..f15). */
static inline uint8_t creg(uint16_t c, int lo)
{
    return 8 + bits(c, lo, 3);
}

/* Immediates, named after the instructions that use each layout. */

/* c.addi4spn: nzuimm[5:4|9:6|2|3] in bits 12:5. */
static uint32_t imm_addi4spn(uint16_t c)
{
    return bits(c, 11, 2) << 4 | bits(c, 7, 4) << 6 | bit(c, 6, 2) | bit(c, 5, 3);
}

/* c.lw / c.sw: uimm[5:3] in 12:10, uimm[2|6] in 6:5. */
static uint32_t imm_lw(uint16_t c)
{
    return bits(c, 10, 3) << 3 | bit(c, 6, 2) | bit(c, 5, 6);
}

/* c.ld / c.sd / c.fld / c.fsd: uimm[5:3] in 12:10, uimm[7:6] in 6:5. */
static uint32_t imm_ld(uint16_t c)
{
    return bits(c, 10, 3) << 3 | bits(c, 5, 2) << 6;
}

/* CI format: imm[5] in bit 12, imm[4:0] in 6:2 (c.addi, c.addiw, c.li, c.andi, shifts). */
static uint32_t imm_ci(uint16_t c)
{
    return bit(c, 12, 5) | bits(c, 2, 5);
}

/* c.addi16sp: nzimm[9] in 12, nzimm[4|6|8:7|5] in 6:2. */
static uint32_t imm_addi16sp(uint16_t c)
{
    return bit(c, 12, 9) | bit(c, 6, 4) | bit(c, 5, 6) | bits(c, 3, 2) << 7 | bit(c, 2, 5);
}

/* c.j: offset[11|4|9:8|10|6|7|3:1|5] in 12:2. */
static uint32_t imm_j(uint16_t c)
{
    return bit(c, 12, 11) | bit(c, 11, 4) | bits(c, 9, 2) << 8 | bit(c, 8, 10) | bit(c, 7, 6) |
           bit(c, 6, 7) | bits(c, 3, 3) << 1 | bit(c, 2, 5);
}

/* c.beqz / c.bnez: offset[8|4:3] in 12:10, offset[7:6|2:1|5] in 6:2. */
static uint32_t imm_b(uint16_t c)
{
    return bit(c, 12, 8) | bits(c, 10, 2) << 3 | bits(c, 5, 2) << 6 | bits(c, 3, 2) << 1 |
           bit(c, 2, 5);
}

/* c.lwsp: uimm[5] in 12, uimm[4:2|7:6] in 6:2. */
static uint32_t imm_lwsp(uint16_t c)
{
    return bit(c, 12, 5) | bits(c, 4, 3) << 2 | bits(c, 2, 2) << 6;
}

/* c.ldsp / c.fldsp: uimm[5] in 12, uimm[4:3|8:6] in 6:2. */
static uint32_t imm_ldsp(uint16_t c)
{
    return bit(c, 12, 5) | bits(c, 5, 2) << 3 | bits(c, 2, 3) << 6;
}

/* c.swsp: uimm[5:2|7:6] in 12:7. */
static uint32_t imm_swsp(uint16_t c)
{
    return bits(c, 9, 4) << 2 | bits(c, 7, 2) << 6;
}

/* c.sdsp / c.fsdsp: uimm[5:3|8:6] in 12:7. */
static uint32_t imm_sdsp(uint16_t c)
{
    return bits(c, 10, 3) << 3 | bits(c, 7, 3) << 6;
}

static void set(struct rv_insn *in, enum rv_op op, unsigned rd, unsigned rs1, unsigned rs2,
                int64_t imm)
{
    in->op = op;
    in->rd = rd;
    in->rs1 = rs1;
    in->rs2 = rs2;
    in->imm = imm;
}

static void quadrant0(uint16_t c, struct rv_insn *in)
{
    unsigned rdp = creg(c, 2), rs1p = creg(c, 7);
    switch (bits(c, 13, 3)) {
    case 0: /* c.addi4spn: addi rd', sp, nzuimm; nzuimm = 0 is reserved (incl. the zero word) */
        if (imm_addi4spn(c) != 0)
            set(in, rv_op_addi, rdp, 2, 0, imm_addi4spn(c));
        break;
    case 1: set(in, rv_op_fld, rdp, rs1p, 0, imm_ld(c)); break;
    case 2: set(in, rv_op_lw, rdp, rs1p, 0, imm_lw(c)); break;
    case 3: set(in, rv_op_ld, rdp, rs1p, 0, imm_ld(c)); break;
    case 4: break; /* reserved (Zcb and others, which we do not implement) */
    case 5: set(in, rv_op_fsd, 0, rs1p, rdp, imm_ld(c)); break;
    case 6: set(in, rv_op_sw, 0, rs1p, rdp, imm_lw(c)); break;
    case 7: set(in, rv_op_sd, 0, rs1p, rdp, imm_ld(c)); break;
    }
}

/* Quadrant 1, funct3 = 100: shifts, andi, and the register-register ALU forms on x8..x15. */
static void quadrant1_alu(uint16_t c, struct rv_insn *in)
{
    unsigned rd = creg(c, 7), rs2 = creg(c, 2);
    switch (bits(c, 10, 2)) {
    case 0: set(in, rv_op_srli, rd, rd, 0, imm_ci(c)); return;
    case 1: set(in, rv_op_srai, rd, rd, 0, imm_ci(c)); return;
    case 2: set(in, rv_op_andi, rd, rd, 0, sext(imm_ci(c), 6)); return;
    }
    static const enum rv_op alu[8] = {
        rv_op_sub, rv_op_xor, rv_op_or, rv_op_and,            /* bit 12 = 0 */
        rv_op_subw, rv_op_addw, rv_op_illegal, rv_op_illegal, /* bit 12 = 1: 10, 11 reserved */
    };
    enum rv_op op = alu[bit(c, 12, 2) | bits(c, 5, 2)];
    if (op != rv_op_illegal)
        set(in, op, rd, rd, rs2, 0);
}

static void quadrant1(uint16_t c, struct rv_insn *in)
{
    unsigned rd = bits(c, 7, 5);
    switch (bits(c, 13, 3)) {
    case 0: /* c.addi (c.nop when rd = 0) */
        set(in, rv_op_addi, rd, rd, 0, sext(imm_ci(c), 6));
        break;
    case 1: /* c.addiw; rd = 0 is reserved */
        if (rd != 0)
            set(in, rv_op_addiw, rd, rd, 0, sext(imm_ci(c), 6));
        break;
    case 2: /* c.li: addi rd, zero, imm */
        set(in, rv_op_addi, rd, 0, 0, sext(imm_ci(c), 6));
        break;
    case 3:
        if (rd == 2) { /* c.addi16sp; nzimm = 0 is reserved */
            if (imm_addi16sp(c) != 0)
                set(in, rv_op_addi, 2, 2, 0, sext(imm_addi16sp(c), 10));
        } else if (imm_ci(c) != 0) { /* c.lui: lui rd, nzimm[17:12]; nzimm = 0 is reserved */
            set(in, rv_op_lui, rd, 0, 0, sext(imm_ci(c) << 12, 18));
        }
        break;
    case 4: quadrant1_alu(c, in); break;
    case 5: set(in, rv_op_jal, 0, 0, 0, sext(imm_j(c), 12)); break;
    case 6: set(in, rv_op_beq, 0, creg(c, 7), 0, sext(imm_b(c), 9)); break;
    case 7: set(in, rv_op_bne, 0, creg(c, 7), 0, sext(imm_b(c), 9)); break;
    }
}

static void quadrant2(uint16_t c, struct rv_insn *in)
{
    unsigned rd = bits(c, 7, 5), rs2 = bits(c, 2, 5);
    switch (bits(c, 13, 3)) {
    case 0: set(in, rv_op_slli, rd, rd, 0, imm_ci(c)); break;
    case 1: set(in, rv_op_fld, rd, 2, 0, imm_ldsp(c)); break;
    case 2: /* c.lwsp; rd = 0 is reserved */
        if (rd != 0)
            set(in, rv_op_lw, rd, 2, 0, imm_lwsp(c));
        break;
    case 3: /* c.ldsp; rd = 0 is reserved */
        if (rd != 0)
            set(in, rv_op_ld, rd, 2, 0, imm_ldsp(c));
        break;
    case 4:
        if (!bit(c, 12, 0)) {
            if (rs2 != 0)
                set(in, rv_op_add, rd, 0, rs2, 0);  /* c.mv */
            else if (rd != 0)
                set(in, rv_op_jalr, 0, rd, 0, 0);   /* c.jr; rs1 = 0 is reserved */
        } else {
            if (rs2 != 0)
                set(in, rv_op_add, rd, rd, rs2, 0); /* c.add */
            else if (rd != 0)
                set(in, rv_op_jalr, 1, rd, 0, 0);   /* c.jalr */
            else
                set(in, rv_op_ebreak, 0, 0, 0, 0);  /* c.ebreak */
        }
        break;
    case 5: set(in, rv_op_fsd, 0, 2, rs2, imm_sdsp(c)); break;
    case 6: set(in, rv_op_sw, 0, 2, rs2, imm_swsp(c)); break;
    case 7: set(in, rv_op_sd, 0, 2, rs2, imm_sdsp(c)); break;
    }
}

int rv_decode_rvc(uint16_t c, struct rv_insn *out)
{
    memset(out, 0, sizeof *out);
    out->len = 2;
    out->op = rv_op_illegal;
    switch (c & 3) {
    case 0: quadrant0(c, out); break;
    case 1: quadrant1(c, out); break;
    case 2: quadrant2(c, out); break;
    default: break; /* not compressed: rv_decode never passes these */
    }
    return 2;
}
