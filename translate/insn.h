/*
 * translate/insn.h - a decoded guest instruction, shared by the decoder, disassembler and engines.
 *
 * translate/riscv.def is the one ISA description: one row per instruction
 *     RV(name, format, match, mask, extension, flags)
 * `name` is the mnemonic with '.' turned into '_' (addi, lr_w, amoadd_d, fcvt_w_s, sh1add_uw,
 * orc_b, czero_eqz, fence_i, c_* never appear: compressed instructions decode to the 32-bit
 * instruction they expand to, with len = 2). Including the table with RV() defined differently
 * gives the enum below, the decoder's match/mask list, the disassembler's names and the engines'
 * dispatch tables, so adding an instruction is one row plus its semantics.
 */
#ifndef CROSSRUN_INSN_H
#define CROSSRUN_INSN_H

#include <stddef.h>
#include <stdint.h>

enum rv_op {
    rv_op_illegal = 0,
#define RV(name, fmt, match, mask, ext, flags) rv_op_##name,
#include "translate/riscv.def"
#undef RV
    rv_op_count
};

/* Instruction flags (the table's last column, OR-ed). */
#define RVF_NONE      0u
#define RVF_BRANCH    (1u << 0)  /* conditional branch: ends a block, two successors */
#define RVF_JUMP      (1u << 1)  /* jal / jalr: ends a block */
#define RVF_INDIRECT  (1u << 2)  /* target from a register (jalr) */
#define RVF_TRAP      (1u << 3)  /* ecall / ebreak: ends a block, leaves the engine */
#define RVF_FENCE_I   (1u << 4)  /* fence.i: ends a block, invalidates translations */
#define RVF_LOAD      (1u << 5)
#define RVF_STORE     (1u << 6)
#define RVF_FP        (1u << 7)  /* reads or writes FP state */
#define RVF_CSR       (1u << 8)  /* Zicsr */
#define RVF_ENDS_BLOCK (RVF_BRANCH | RVF_JUMP | RVF_TRAP | RVF_FENCE_I)

struct rv_insn {
    uint16_t op;        /* enum rv_op; rv_op_illegal when the bits are not a valid instruction */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;         /* funct3 rounding-mode field of FP instructions (7 = dynamic) */
    uint8_t aqrl;       /* AMO/LR/SC ordering bits: bit 1 aq, bit 0 rl */
    uint8_t len;        /* 2 for a compressed encoding, 4 otherwise */
    int64_t imm;        /* sign-extended immediate (I/S/B/U/J), shift amount, or for Zicsr the
                           CSR number; the csr*i forms keep their 5-bit uimm in rs1 */
};

extern const uint32_t rv_op_flags[rv_op_count];
extern const char *const rv_op_names[rv_op_count];  /* mnemonic with dots: "fcvt.w.s" */

/* Decodes the instruction at the start of `bits` (little-endian: a compressed instruction uses
 * the low 16 bits only). Fills *out and returns its length (2 or 4); an illegal or reserved
 * encoding gives op = rv_op_illegal and the length it would have. */
int rv_decode(uint32_t bits, struct rv_insn *out);

/* objdump-style text ("addi\ta0,a0,1"); pc makes branch targets absolute. Returns buf. */
char *rv_disasm(const struct rv_insn *in, uint64_t pc, char *buf, size_t cap);

/* ABI names of the integer and FP registers ("a0", "fs1"), as the disassembler prints them. */
extern const char *const rv_xreg_names[32], *const rv_freg_names[32];

#endif
