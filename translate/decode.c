/*
 * translate/decode.c - decoding of 32-bit instruction words, driven by translate/riscv.def.
 *
 * Also the per-op tables derived from the same rows: rv_op_flags (the flags column) and
 * rv_op_names (the name column with '_' turned back into '.'). Compressed encodings are handed
 * to decode_rvc.c, which expands them to the rows of this table.
 *
 * Lookup: the rows are grouped once by major opcode (bits 6:2), and a word is matched only
 * against the rows of its own opcode (at most a few dozen, usually a handful), first match
 * wins; rows never overlap, so order inside a group does not matter. Decoding runs once per
 * instruction per translation, so this favours plain code over a generated decision tree.
 */
#include <pthread.h>
#include <string.h>

#include "translate/decode_rvc.h"
#include "translate/insn.h"

/* ---- per-op tables from the description ---------------------------------------------- */

const uint32_t rv_op_flags[rv_op_count] = {
    [rv_op_illegal] = RVF_NONE,
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = (flags),
#include "translate/riscv.def"
#undef RV
};

/* The mnemonic is the row name with every '_' read as '.': no RISC-V mnemonic contains '_'.
 * The conversion is done character by character in a constant initializer so the names are
 * plain read-only data with no start-up code. */
#define RV_NAME_MAX 16
#define RV_PADDED(s) (s "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0") /* indexing stays in bounds */
#define RV_CH(s, i) (RV_PADDED(s)[i] == '_' ? '.' : RV_PADDED(s)[i])
#define RV_NAME(s) { RV_CH(s, 0), RV_CH(s, 1), RV_CH(s, 2), RV_CH(s, 3), RV_CH(s, 4),       \
                     RV_CH(s, 5), RV_CH(s, 6), RV_CH(s, 7), RV_CH(s, 8), RV_CH(s, 9),       \
                     RV_CH(s, 10), RV_CH(s, 11), RV_CH(s, 12), RV_CH(s, 13), RV_CH(s, 14), \
                     '\0' }

#define RV(name, fmt, match, mask, ext, flags) \
    _Static_assert(sizeof(#name) < RV_NAME_MAX, "mnemonic too long: " #name);
#include "translate/riscv.def"
#undef RV

static const char rv_name_text[rv_op_count][RV_NAME_MAX] = {
    [rv_op_illegal] = "illegal",
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = RV_NAME(#name),
#include "translate/riscv.def"
#undef RV
};

const char *const rv_op_names[rv_op_count] = {
    [rv_op_illegal] = rv_name_text[rv_op_illegal],
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = rv_name_text[rv_op_##name],
#include "translate/riscv.def"
#undef RV
};

/* ---- operand extraction, one function per format ------------------------------------- */

static inline uint32_t field(uint32_t w, int lo, int width)
{
    return (w >> lo) & ((1u << width) - 1);
}

/* Sign-extends the low `bits` bits of v. */
static inline int64_t sext(uint64_t v, int bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static inline uint8_t f_rd(uint32_t w) { return field(w, 7, 5); }
static inline uint8_t f_rs1(uint32_t w) { return field(w, 15, 5); }
static inline uint8_t f_rs2(uint32_t w) { return field(w, 20, 5); }
static inline uint8_t f_rs3(uint32_t w) { return field(w, 27, 5); }
static inline uint8_t f_funct3(uint32_t w) { return field(w, 12, 3); }

static inline int64_t imm_i(uint32_t w) { return sext(w >> 20, 12); }
static inline int64_t imm_s(uint32_t w) { return sext((field(w, 25, 7) << 5) | field(w, 7, 5), 12); }

/* B-type: imm[12|10:5] in bits 31:25, imm[4:1|11] in bits 11:7. */
static inline int64_t imm_b(uint32_t w)
{
    uint32_t v = (field(w, 31, 1) << 12) | (field(w, 7, 1) << 11) | (field(w, 25, 6) << 5) |
                 (field(w, 8, 4) << 1);
    return sext(v, 13);
}

/* J-type: imm[20|10:1|11|19:12] in bits 31:12. */
static inline int64_t imm_j(uint32_t w)
{
    uint32_t v = (field(w, 31, 1) << 20) | (field(w, 12, 8) << 12) | (field(w, 20, 1) << 11) |
                 (field(w, 21, 10) << 1);
    return sext(v, 21);
}

static void fill_U(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->imm = (int32_t)(w & 0xfffff000u);
}

static void fill_J(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->imm = imm_j(w);
}

static void fill_B(uint32_t w, struct rv_insn *in)
{
    in->rs1 = f_rs1(w);
    in->rs2 = f_rs2(w);
    in->imm = imm_b(w);
}

static void fill_I(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->rs1 = f_rs1(w);
    in->imm = imm_i(w);
}

static void fill_LOAD(uint32_t w, struct rv_insn *in) { fill_I(w, in); }
static void fill_JALR(uint32_t w, struct rv_insn *in) { fill_I(w, in); }
static void fill_FLOAD(uint32_t w, struct rv_insn *in) { fill_I(w, in); }

static void fill_STORE(uint32_t w, struct rv_insn *in)
{
    in->rs1 = f_rs1(w);
    in->rs2 = f_rs2(w);
    in->imm = imm_s(w);
}

static void fill_FSTORE(uint32_t w, struct rv_insn *in) { fill_STORE(w, in); }

static void fill_ISH(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->rs1 = f_rs1(w);
    in->imm = field(w, 20, 6);
}

static void fill_ISHW(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->rs1 = f_rs1(w);
    in->imm = field(w, 20, 5);
}

static void fill_R(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->rs1 = f_rs1(w);
    in->rs2 = f_rs2(w);
}

static void fill_R2(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->rs1 = f_rs1(w);
}

static void fill_NONE(uint32_t w, struct rv_insn *in) { (void)w; (void)in; }

/* fence: imm = fm(4) | pred(4) | succ(4), bits 31:20. rd and rs1 are reserved and ignored. */
static void fill_FENCE(uint32_t w, struct rv_insn *in)
{
    in->imm = field(w, 20, 12);
}

static void fill_LR(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->rs1 = f_rs1(w);
    in->aqrl = field(w, 25, 2);
}

static void fill_AMO(uint32_t w, struct rv_insn *in)
{
    fill_R(w, in);
    in->aqrl = field(w, 25, 2);
}

static void fill_CSR(uint32_t w, struct rv_insn *in)
{
    in->rd = f_rd(w);
    in->rs1 = f_rs1(w);         /* the source register, or the uimm of the *i forms */
    in->imm = field(w, 20, 12); /* CSR number, unsigned */
}

static void fill_CSRI(uint32_t w, struct rv_insn *in) { fill_CSR(w, in); }

static void fill_FR(uint32_t w, struct rv_insn *in) { fill_R(w, in); }
static void fill_FCMP(uint32_t w, struct rv_insn *in) { fill_R(w, in); }
static void fill_FX(uint32_t w, struct rv_insn *in) { fill_R2(w, in); }
static void fill_XF(uint32_t w, struct rv_insn *in) { fill_R2(w, in); }

static void fill_FR_RM(uint32_t w, struct rv_insn *in)
{
    fill_R(w, in);
    in->rm = f_funct3(w);
}

static void fill_FR1_RM(uint32_t w, struct rv_insn *in)
{
    fill_R2(w, in);
    in->rm = f_funct3(w);
}

static void fill_FX_RM(uint32_t w, struct rv_insn *in) { fill_FR1_RM(w, in); }
static void fill_XF_RM(uint32_t w, struct rv_insn *in) { fill_FR1_RM(w, in); }

static void fill_FR4_RM(uint32_t w, struct rv_insn *in)
{
    fill_FR_RM(w, in);
    in->rs3 = f_rs3(w);
}

/* ---- table lookup ---------------------------------------------------------------------- */

struct rv_row {
    uint32_t match, mask;
};

static const struct rv_row rv_rows[rv_op_count] = {
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = { (match), (mask) },
#include "translate/riscv.def"
#undef RV
};

static void (*const rv_fill[rv_op_count])(uint32_t, struct rv_insn *) = {
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = fill_##fmt,
#include "translate/riscv.def"
#undef RV
};

/* Every row's mask covers the whole major opcode (bits 6:0), so a row belongs to exactly one
 * of the 32 opcodes with bits 1:0 = 11. rv_by_opcode holds the op numbers sorted by opcode;
 * the rows of opcode k are rv_by_opcode[rv_group[k] .. rv_group[k + 1]). */
static uint16_t rv_by_opcode[rv_op_count];
static uint16_t rv_group[33];
static pthread_once_t rv_group_once = PTHREAD_ONCE_INIT;

static void rv_group_build(void)
{
    unsigned count[32] = { 0 };
    for (unsigned op = 1; op < rv_op_count; op++)
        count[field(rv_rows[op].match, 2, 5)]++;
    rv_group[0] = 0;
    for (unsigned k = 0; k < 32; k++)
        rv_group[k + 1] = rv_group[k] + count[k];
    unsigned next[32];
    for (unsigned k = 0; k < 32; k++)
        next[k] = rv_group[k];
    for (unsigned op = 1; op < rv_op_count; op++)
        rv_by_opcode[next[field(rv_rows[op].match, 2, 5)]++] = op;
}

static unsigned rv_lookup32(uint32_t w)
{
    pthread_once(&rv_group_once, rv_group_build);
    unsigned k = field(w, 2, 5);
    for (unsigned i = rv_group[k]; i < rv_group[k + 1]; i++) {
        unsigned op = rv_by_opcode[i];
        if ((w & rv_rows[op].mask) == rv_rows[op].match)
            return op;
    }
    return rv_op_illegal;
}

int rv_decode(uint32_t bits, struct rv_insn *out)
{
    if ((bits & 3) != 3)
        return rv_decode_rvc((uint16_t)bits, out);

    memset(out, 0, sizeof *out);
    out->len = 4;
    /* Longer encodings (bits 4:2 = 111: 48-bit and up) have no rows and fall out as illegal. */
    unsigned op = rv_lookup32(bits);
    out->op = op;
    if (op != rv_op_illegal)
        rv_fill[op](bits, out);
    return 4;
}
