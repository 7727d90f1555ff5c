/*
 * translate/jit/operands.c - the operand table of operands.h, one entry per riscv.def row, by
 * its format.
 */
#include "translate/jit/operands.h"

#define OPND_U       RV_RD_X
#define OPND_J       RV_RD_X
#define OPND_B       (RV_RS1_X | RV_RS2_X)
#define OPND_I       (RV_RD_X | RV_RS1_X)
#define OPND_LOAD    (RV_RD_X | RV_RS1_X)
#define OPND_STORE   (RV_RS1_X | RV_RS2_X)
#define OPND_JALR    (RV_RD_X | RV_RS1_X)
#define OPND_ISH     (RV_RD_X | RV_RS1_X)
#define OPND_ISHW    (RV_RD_X | RV_RS1_X)
#define OPND_R       (RV_RD_X | RV_RS1_X | RV_RS2_X)
#define OPND_R2      (RV_RD_X | RV_RS1_X)
#define OPND_NONE    0
#define OPND_FENCE   0
#define OPND_LR      (RV_RD_X | RV_RS1_X)
#define OPND_AMO     (RV_RD_X | RV_RS1_X | RV_RS2_X)
#define OPND_CSR     (RV_RD_X | RV_RS1_X)
#define OPND_CSRI    RV_RD_X                       /* rs1 holds the 5-bit immediate */
#define OPND_FLOAD   (RV_RD_F | RV_RS1_X)
#define OPND_FSTORE  (RV_RS1_X | RV_RS2_F)
#define OPND_FR      (RV_RD_F | RV_RS1_F | RV_RS2_F)
#define OPND_FR_RM   (RV_RD_F | RV_RS1_F | RV_RS2_F | RV_HAS_RM)
#define OPND_FR1_RM  (RV_RD_F | RV_RS1_F | RV_HAS_RM)
#define OPND_FR4_RM  (RV_RD_F | RV_RS1_F | RV_RS2_F | RV_RS3_F | RV_HAS_RM)
#define OPND_FCMP    (RV_RD_X | RV_RS1_F | RV_RS2_F)
#define OPND_FX      (RV_RD_X | RV_RS1_F)
#define OPND_FX_RM   (RV_RD_X | RV_RS1_F | RV_HAS_RM)
#define OPND_XF      (RV_RD_F | RV_RS1_X)
#define OPND_XF_RM   (RV_RD_F | RV_RS1_X | RV_HAS_RM)

const uint8_t rv_jit_operands[rv_op_count] = {
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = OPND_##fmt,
#include "translate/riscv.def"
#undef RV
};
