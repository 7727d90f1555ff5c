/*
 * translate/disasm.c - guest disassembler: rv_insn to the text `objdump -d -M no-aliases` prints.
 *
 * Used by traces, the illegal-instruction report and the decoder's own test, which compares
 * this text with binutils' for every row of riscv.def (tests/unit/isa_all.expected). Matching
 * objdump exactly is the point, so its conventions are kept even where they look odd: ABI
 * register names (x8 is "s0"), decimal immediates but hex shift amounts and upper immediates,
 * branch and jump targets as bare hex absolute addresses, the FP rounding mode printed only
 * when it is not dyn, and for the exact conversions (fcvt.d.s, fcvt.d.w, fcvt.d.wu) only when
 * it is not rne, since binutils writes them with rm = 0. Compressed instructions print as the
 * 32-bit instruction they expand to. One printer per format, picked through the table.
 */
#include <inttypes.h>
#include <stdio.h>

#include "translate/insn.h"

const char *const rv_xreg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *const rv_freg_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3",
    "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11",
    "ft8", "ft9", "ft10", "ft11",
};

/* The values 5 and 6 are reserved; objdump prints what it cannot name as "unknown". */
static const char *const rm_name[8] = { "rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn" };

#define X(r) rv_xreg_names[(r) & 31]
#define F(r) rv_freg_names[(r) & 31]

/* The CSRs a user-mode guest can name; others print as hex, as objdump does for unknown ones. */
static const char *csr_name(unsigned csr, char *tmp, size_t cap)
{
    switch (csr) {
    case 0x001: return "fflags";
    case 0x002: return "frm";
    case 0x003: return "fcsr";
    case 0x008: return "vstart";
    case 0x009: return "vxsat";
    case 0x00a: return "vxrm";
    case 0x00f: return "vcsr";
    case 0x015: return "seed";
    case 0xc00: return "cycle";
    case 0xc01: return "time";
    case 0xc02: return "instret";
    case 0xc20: return "vl";
    case 0xc21: return "vtype";
    case 0xc22: return "vlenb";
    }
    if (csr >= 0xc03 && csr <= 0xc1f)
        snprintf(tmp, cap, "hpmcounter%u", csr - 0xc00);
    else
        snprintf(tmp, cap, "0x%x", csr);
    return tmp;
}

/* ", rm" suffix of an FP instruction, empty when the mode is the default one. */
static const char *rm_suffix(const struct rv_insn *in, char *tmp, size_t cap)
{
    unsigned dflt = 7;
    if (in->op == rv_op_fcvt_d_s || in->op == rv_op_fcvt_d_w || in->op == rv_op_fcvt_d_wu)
        dflt = 0;
    if (in->rm == dflt)
        return "";
    snprintf(tmp, cap, ",%s", rm_name[in->rm & 7]);
    return tmp;
}

/* pred/succ sets of fence: any of "iorw", in that order. */
static void fence_set(unsigned set, char *out)
{
    static const char letters[4] = { 'i', 'o', 'r', 'w' };
    for (int i = 0; i < 4; i++)
        if (set & (8 >> i))
            *out++ = letters[i];
    *out = '\0';
}

struct dis {
    const struct rv_insn *in;
    const char *mn;  /* mnemonic */
    uint64_t pc;
    char *buf;
    size_t cap;
};

#define OUT(d, ...) snprintf((d)->buf, (d)->cap, __VA_ARGS__)

static void dis_U(struct dis *d)
{
    OUT(d, "%s\t%s,0x%" PRIx64, d->mn, X(d->in->rd), ((uint64_t)d->in->imm >> 12) & 0xfffff);
}

static void dis_J(struct dis *d)
{
    OUT(d, "%s\t%s,%" PRIx64, d->mn, X(d->in->rd), d->pc + (uint64_t)d->in->imm);
}

static void dis_B(struct dis *d)
{
    OUT(d, "%s\t%s,%s,%" PRIx64, d->mn, X(d->in->rs1), X(d->in->rs2), d->pc + (uint64_t)d->in->imm);
}

static void dis_I(struct dis *d)
{
    OUT(d, "%s\t%s,%s,%" PRId64, d->mn, X(d->in->rd), X(d->in->rs1), d->in->imm);
}

static void dis_ISH(struct dis *d)
{
    OUT(d, "%s\t%s,%s,0x%" PRIx64, d->mn, X(d->in->rd), X(d->in->rs1), (uint64_t)d->in->imm);
}

static void dis_ISHW(struct dis *d) { dis_ISH(d); }

static void dis_LOAD(struct dis *d)
{
    OUT(d, "%s\t%s,%" PRId64 "(%s)", d->mn, X(d->in->rd), d->in->imm, X(d->in->rs1));
}

static void dis_JALR(struct dis *d) { dis_LOAD(d); }

static void dis_STORE(struct dis *d)
{
    OUT(d, "%s\t%s,%" PRId64 "(%s)", d->mn, X(d->in->rs2), d->in->imm, X(d->in->rs1));
}

static void dis_FLOAD(struct dis *d)
{
    OUT(d, "%s\t%s,%" PRId64 "(%s)", d->mn, F(d->in->rd), d->in->imm, X(d->in->rs1));
}

static void dis_FSTORE(struct dis *d)
{
    OUT(d, "%s\t%s,%" PRId64 "(%s)", d->mn, F(d->in->rs2), d->in->imm, X(d->in->rs1));
}

static void dis_R(struct dis *d)
{
    OUT(d, "%s\t%s,%s,%s", d->mn, X(d->in->rd), X(d->in->rs1), X(d->in->rs2));
}

static void dis_R2(struct dis *d)
{
    OUT(d, "%s\t%s,%s", d->mn, X(d->in->rd), X(d->in->rs1));
}

static void dis_NONE(struct dis *d)
{
    OUT(d, "%s", d->mn);
}

static void dis_FENCE(struct dis *d)
{
    unsigned fm = (d->in->imm >> 8) & 15, pred = (d->in->imm >> 4) & 15, succ = d->in->imm & 15;
    if (fm == 8 && pred == 3 && succ == 3) {
        OUT(d, "fence.tso");
        return;
    }
    char p[5], s[5];
    fence_set(pred, p);
    fence_set(succ, s);
    /* objdump has no text for an empty set; "0" keeps the output unambiguous */
    OUT(d, "%s\t%s,%s", d->mn, pred ? p : "0", succ ? s : "0");
}

static const char *aqrl_suffix(unsigned aqrl)
{
    static const char *const sfx[4] = { "", ".rl", ".aq", ".aqrl" };
    return sfx[aqrl & 3];
}

static void dis_LR(struct dis *d)
{
    OUT(d, "%s%s\t%s,(%s)", d->mn, aqrl_suffix(d->in->aqrl), X(d->in->rd), X(d->in->rs1));
}

static void dis_AMO(struct dis *d)
{
    OUT(d, "%s%s\t%s,%s,(%s)", d->mn, aqrl_suffix(d->in->aqrl), X(d->in->rd), X(d->in->rs2),
        X(d->in->rs1));
}

static void dis_CSR(struct dis *d)
{
    char tmp[16];
    OUT(d, "%s\t%s,%s,%s", d->mn, X(d->in->rd), csr_name(d->in->imm & 0xfff, tmp, sizeof tmp),
        X(d->in->rs1));
}

static void dis_CSRI(struct dis *d)
{
    char tmp[16];
    OUT(d, "%s\t%s,%s,%u", d->mn, X(d->in->rd), csr_name(d->in->imm & 0xfff, tmp, sizeof tmp),
        d->in->rs1);
}

static void dis_FR(struct dis *d)
{
    OUT(d, "%s\t%s,%s,%s", d->mn, F(d->in->rd), F(d->in->rs1), F(d->in->rs2));
}

static void dis_FR_RM(struct dis *d)
{
    char tmp[16];
    OUT(d, "%s\t%s,%s,%s%s", d->mn, F(d->in->rd), F(d->in->rs1), F(d->in->rs2),
        rm_suffix(d->in, tmp, sizeof tmp));
}

static void dis_FR1_RM(struct dis *d)
{
    char tmp[16];
    OUT(d, "%s\t%s,%s%s", d->mn, F(d->in->rd), F(d->in->rs1), rm_suffix(d->in, tmp, sizeof tmp));
}

static void dis_FR4_RM(struct dis *d)
{
    char tmp[16];
    OUT(d, "%s\t%s,%s,%s,%s%s", d->mn, F(d->in->rd), F(d->in->rs1), F(d->in->rs2), F(d->in->rs3),
        rm_suffix(d->in, tmp, sizeof tmp));
}

static void dis_FCMP(struct dis *d)
{
    OUT(d, "%s\t%s,%s,%s", d->mn, X(d->in->rd), F(d->in->rs1), F(d->in->rs2));
}

static void dis_FX(struct dis *d)
{
    OUT(d, "%s\t%s,%s", d->mn, X(d->in->rd), F(d->in->rs1));
}

static void dis_FX_RM(struct dis *d)
{
    char tmp[16];
    OUT(d, "%s\t%s,%s%s", d->mn, X(d->in->rd), F(d->in->rs1), rm_suffix(d->in, tmp, sizeof tmp));
}

static void dis_XF(struct dis *d)
{
    OUT(d, "%s\t%s,%s", d->mn, F(d->in->rd), X(d->in->rs1));
}

static void dis_XF_RM(struct dis *d)
{
    char tmp[16];
    OUT(d, "%s\t%s,%s%s", d->mn, F(d->in->rd), X(d->in->rs1), rm_suffix(d->in, tmp, sizeof tmp));
}

static void (*const rv_dis[rv_op_count])(struct dis *) = {
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = dis_##fmt,
#include "translate/riscv.def"
#undef RV
};

char *rv_disasm(const struct rv_insn *in, uint64_t pc, char *buf, size_t cap)
{
    if (cap == 0)
        return buf;
    if (in->op == rv_op_illegal || in->op >= rv_op_count) {
        snprintf(buf, cap, "illegal");
        return buf;
    }
    struct dis d = { .in = in, .mn = rv_op_names[in->op], .pc = pc, .buf = buf, .cap = cap };
    rv_dis[in->op](&d);
    return buf;
}
