/*
 * translate/jit/operands.h - which of an instruction's register fields name integer registers
 * and which float registers, by its format in riscv.def.
 *
 * struct rv_insn has one rd, rs1, rs2, rs3 for both files: fadd.d's rd = 15 is fa5, not a5. The
 * translator's look-ahead (the copies caches' next read, the facts a block keeps of a register,
 * the registers a hammock's skipped instructions write) asks about one file at a time, and a
 * field of the other file must not answer for it.
 */
#ifndef CROSSRUN_JIT_OPERANDS_H
#define CROSSRUN_JIT_OPERANDS_H

#include <stdbool.h>
#include <stdint.h>

#include "translate/block.h"

enum {
    RV_RD_X = 1, RV_RS1_X = 2, RV_RS2_X = 4,                  /* integer registers */
    RV_RD_F = 8, RV_RS1_F = 16, RV_RS2_F = 32, RV_RS3_F = 64,  /* float registers */
    RV_HAS_RM = 128,                                           /* a rounding-mode field */
};

/* Per op, its RV_* bits (rv_op_illegal: none). */
extern const uint8_t rv_jit_operands[];

static inline unsigned rv_jit_operands_of(const struct rv_dinsn *in)
{
    return in->op < rv_op_count ? rv_jit_operands[in->op] : 0;
}

/* Whether in reads integer register r (r != 0), float register r (fp). */
static inline bool rv_jit_reads(const struct rv_dinsn *in, int r, bool fp)
{
    unsigned o = rv_jit_operands_of(in);
    if (fp)
        return ((o & RV_RS1_F) && in->rs1 == r) || ((o & RV_RS2_F) && in->rs2 == r) ||
               ((o & RV_RS3_F) && in->rs3 == r);
    return ((o & RV_RS1_X) && in->rs1 == r) || ((o & RV_RS2_X) && in->rs2 == r);
}

/* Whether in writes integer register r (x0 included), float register r (fp). */
static inline bool rv_jit_writes(const struct rv_dinsn *in, int r, bool fp)
{
    return (rv_jit_operands_of(in) & (fp ? RV_RD_F : RV_RD_X)) && in->rd == r;
}

/* The integer registers in writes, as a mask (1 << reg). */
static inline uint32_t rv_jit_x_writes(const struct rv_dinsn *in)
{
    return (rv_jit_operands_of(in) & RV_RD_X) ? 1u << in->rd : 0;
}

#endif
