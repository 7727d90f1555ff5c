/*
 * tests/unit/engine_diff_insn.c - riscv.def rows as random instructions for engine_diff.
 *
 * Every 32-bit instruction is built as `match | (operand fields & ~mask)` from its row, with
 * operands chosen by the row's format, then decoded with rv_decode, which must give the row
 * back (so a generator bug cannot slip an unintended instruction into a case). Compressed
 * instructions are random 16-bit words that rv_decode accepts. The rules that keep a case
 * inside its sandbox live here, next to the operands they constrain:
 *  - a load, store or atomic uses x3 (always ED_DATA_MID) as its base, or first sets its base
 *    register so that the address lands in the sandbox;
 *  - reserved registers (x3, loop counters, return links) are never destinations;
 *  - frm stays valid (0..4): a csr write that could make it 5..7 is followed by an fsrmi.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_diff.h"

const struct ed_row ed_rows[rv_op_count] = {
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = {(match), (mask), ED_F_##fmt},
#include "translate/riscv.def"
#undef RV
};

enum { CSR_FFLAGS = 1, CSR_FRM = 2, CSR_FCSR = 3 };

bool ed_fmt_has_rm(unsigned fmt)
{
    return fmt == ED_F_FR_RM || fmt == ED_F_FR1_RM || fmt == ED_F_FR4_RM || fmt == ED_F_FX_RM ||
           fmt == ED_F_XF_RM;
}

/* Formats whose rd field names an x register that the instruction writes. */
static bool writes_x(unsigned op)
{
    switch (ed_rows[op].fmt) {
    case ED_F_U: case ED_F_J: case ED_F_I: case ED_F_LOAD: case ED_F_JALR: case ED_F_ISH:
    case ED_F_ISHW: case ED_F_R: case ED_F_R2: case ED_F_LR: case ED_F_AMO: case ED_F_CSR:
    case ED_F_CSRI: case ED_F_FCMP: case ED_F_FX: case ED_F_FX_RM:
        return true;
    default:
        return false;
    }
}

unsigned ed_access_size(unsigned op)
{
    switch (op) {
    case rv_op_lb: case rv_op_lbu: case rv_op_sb:
        return 1;
    case rv_op_lh: case rv_op_lhu: case rv_op_sh:
        return 2;
    case rv_op_lw: case rv_op_lwu: case rv_op_sw: case rv_op_flw: case rv_op_fsw:
        return 4;
    case rv_op_ld: case rv_op_sd: case rv_op_fld: case rv_op_fsd:
        return 8;
    default: /* LR, SC, AMO: funct3 2 is .w, 3 is .d */
        return ((ed_rows[op].match >> 12) & 7) == 2 ? 4 : 8;
    }
}

/* ---- encoders ---- */

static uint32_t b_imm_bits(int32_t off)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | ((u >> 5) & 0x3f) << 25 |
           ((u >> 12) & 1) << 31;
}

static uint32_t j_imm_bits(int32_t off)
{
    uint32_t v = (uint32_t)off;
    return ((v >> 12) & 0xff) << 12 | ((v >> 11) & 1) << 20 | ((v >> 1) & 0x3ff) << 21 |
           ((v >> 20) & 1) << 31;
}

uint32_t ed_enc_r(uint32_t m, unsigned rd, unsigned rs1, unsigned rs2)
{
    return m | rd << 7 | rs1 << 15 | rs2 << 20;
}

uint32_t ed_enc_i(uint32_t m, unsigned rd, unsigned rs1, int32_t imm)
{
    return m | rd << 7 | rs1 << 15 | ((uint32_t)imm & 0xfff) << 20;
}

static uint32_t enc_s(uint32_t m, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return m | (u & 0x1f) << 7 | rs1 << 15 | rs2 << 20 | ((u >> 5) & 0x7f) << 25;
}

uint32_t ed_enc_b(uint32_t m, unsigned rs1, unsigned rs2, int32_t off)
{
    return m | rs1 << 15 | rs2 << 20 | b_imm_bits(off);
}

uint32_t ed_enc_u(uint32_t m, unsigned rd, uint32_t imm20)
{
    return m | rd << 7 | (imm20 & 0xfffff) << 12;
}

uint32_t ed_enc_j(uint32_t m, unsigned rd, int32_t off)
{
    return m | rd << 7 | j_imm_bits(off);
}

/* c.j: offset[11|4|9:8|10|6|7|3:1|5] in bits 12:2 */
uint16_t ed_enc_c_j(int32_t off)
{
    uint32_t o = (uint32_t)off;
    return (uint16_t)(0xa001 | ((o >> 11) & 1) << 12 | ((o >> 4) & 1) << 11 | ((o >> 8) & 3) << 9 |
                      ((o >> 10) & 1) << 8 | ((o >> 6) & 1) << 7 | ((o >> 7) & 1) << 6 |
                      ((o >> 1) & 7) << 3 | ((o >> 5) & 1) << 2);
}

/* c.beqz / c.bnez: offset[8|4:3] in 12:10, rs1' in 9:7, offset[7:6|2:1|5] in 6:2 */
uint16_t ed_enc_c_bz(bool nez, unsigned rs1, int32_t off)
{
    uint32_t o = (uint32_t)off;
    return (uint16_t)((nez ? 0xe001 : 0xc001) | ((o >> 8) & 1) << 12 | ((o >> 3) & 3) << 10 |
                      (rs1 - 8) << 7 | ((o >> 6) & 3) << 5 | ((o >> 1) & 3) << 3 |
                      ((o >> 5) & 1) << 2);
}

uint16_t ed_enc_c_jr(unsigned rs1, bool link)
{
    return (uint16_t)((link ? 0x9002 : 0x8002) | rs1 << 7);
}

uint16_t ed_enc_c_li(unsigned rd, int32_t imm)
{
    return (uint16_t)(0x4001 | (((uint32_t)imm >> 5) & 1) << 12 | rd << 7 | ((uint32_t)imm & 0x1f) << 2);
}

uint16_t ed_enc_c_addi(unsigned rd, int32_t imm)
{
    return (uint16_t)(0x0001 | (((uint32_t)imm >> 5) & 1) << 12 | rd << 7 | ((uint32_t)imm & 0x1f) << 2);
}

/* ---- the code buffer ---- */

static __attribute__((noreturn)) void generator_bug(const char *what, uint32_t at)
{
    fprintf(stderr, "engine_diff: generator bug: %s at offset 0x%x\n", what, at);
    abort();
}

uint32_t ed_here(const struct ed_asm *a)
{
    return a->c->code_len;
}

static void mark(struct ed_asm *a, uint32_t bits)
{
    struct rv_insn in;
    rv_decode(bits, &in);
    if (a->counting && in.op != rv_op_illegal)
        a->c->rows[in.op] = 1;
}

void ed_emit16(struct ed_asm *a, uint16_t h)
{
    struct ed_case *c = a->c;
    if (c->code_len + 2 > ED_CODE_MAX)
        generator_bug("sequence too long", c->code_len);
    memcpy(c->code + c->code_len, &h, 2);
    c->code_len += 2;
    mark(a, h);
}

void ed_emit32(struct ed_asm *a, uint32_t w)
{
    struct ed_case *c = a->c;
    if (c->code_len + 4 > ED_CODE_MAX)
        generator_bug("sequence too long", c->code_len);
    memcpy(c->code + c->code_len, &w, 4);
    c->code_len += 4;
    mark(a, w);
}

void ed_patch(struct ed_asm *a, uint32_t at, uint32_t target)
{
    uint8_t *p = a->c->code + at;
    int32_t off = (int32_t)(target - at);
    uint16_t h;
    memcpy(&h, p, 2);
    if ((h & 3) == 3) {
        uint32_t w;
        memcpy(&w, p, 4);
        struct rv_insn in;
        rv_decode(w, &in);
        if (rv_op_flags[in.op] & RVF_BRANCH)
            w = (w & 0x01fff07fu) | b_imm_bits(off);
        else
            w = (w & 0xfffu) | j_imm_bits(off);
        memcpy(p, &w, 4);
    } else {
        h = (h >> 13) == 5 ? ed_enc_c_j(off) : ed_enc_c_bz((h >> 13) == 7, 8 + ((h >> 7) & 7), off);
        memcpy(p, &h, 2);
    }
    uint32_t bits = h;
    if ((h & 3) == 3)
        memcpy(&bits, p, 4);
    struct rv_insn in;
    rv_decode(bits, &in);
    if (in.imm != off)
        generator_bug("branch offset out of range", at);
}

/* ---- registers ---- */

bool ed_is_reserved(const struct ed_asm *a, unsigned r)
{
    return (a->reserved >> r) & 1;
}

unsigned ed_xd(struct ed_asm *a)
{
    for (;;) {
        unsigned r;
        if (ed_chance(&a->rng, 5))
            return 0;
        r = ed_chance(&a->rng, 50) ? a->hot_x[ed_below(&a->rng, 6)] : 1 + ed_below(&a->rng, 31);
        if (r != 0 && !ed_is_reserved(a, r))
            return r;
    }
}

unsigned ed_xd_nz(struct ed_asm *a)
{
    unsigned r;
    while ((r = ed_xd(a)) == 0)
        ;
    return r;
}

unsigned ed_xs(struct ed_asm *a)
{
    if (ed_chance(&a->rng, 50))
        return a->hot_x[ed_below(&a->rng, 6)];
    return ed_below(&a->rng, 32);
}

unsigned ed_fr(struct ed_asm *a)
{
    if (ed_chance(&a->rng, 50))
        return a->hot_f[ed_below(&a->rng, 6)];
    return ed_below(&a->rng, 32);
}

/* 12-bit immediates, often at their edges. */
static int32_t imm12(struct ed_asm *a)
{
    static const int32_t edges[] = {0, 1, -1, 2, 31, 32, 63, 2047, -2048, 2046, -2047, 0x7ff & ~7};
    if (ed_chance(&a->rng, 40))
        return edges[ed_below(&a->rng, sizeof edges / sizeof edges[0])];
    return (int32_t)ed_below(&a->rng, 4096) - 2048;
}

static uint32_t imm20(struct ed_asm *a)
{
    static const uint32_t edges[] = {0, 1, 0x7ffff, 0x80000, 0xfffff, 0x80001};
    if (ed_chance(&a->rng, 30))
        return edges[ed_below(&a->rng, sizeof edges / sizeof edges[0])];
    return (uint32_t)ed_next(&a->rng) & 0xfffff;
}

static unsigned rm_field(struct ed_asm *a)
{
    if (a->force_rm >= 0) {
        unsigned rm = (unsigned)a->force_rm;
        a->force_rm = -1;
        return rm;
    }
    return ed_chance(&a->rng, 40) ? 7 : ed_below(&a->rng, 5);
}

/* One addi from x3 when the value is within its reach (half the time: both forms get run),
 * else lui + addi or addiw. lui sign-extends bit 31, harmless: every value is below 2^31. */
void ed_set_reg(struct ed_asm *a, unsigned r, uint64_t value)
{
    int64_t from_gp = (int64_t)(value - ED_DATA_MID);
    if (from_gp >= -2048 && from_gp <= 2047 && ed_chance(&a->rng, 50)) {
        ed_emit32(a, ed_enc_i(ED_M(addi), r, ED_BASE_REG, (int32_t)from_gp));
        return;
    }
    uint32_t hi = (uint32_t)((value + 0x800) >> 12) & 0xfffff;
    int32_t lo = (int32_t)(value - ((uint64_t)hi << 12));
    ed_emit32(a, ed_enc_u(ED_M(lui), r, hi));
    ed_emit32(a, ed_enc_i(ed_chance(&a->rng, 30) ? ED_M(addiw) : ED_M(addi), r, r, lo));
}

/* ---- instructions of one row ---- */

void ed_emit_row(struct ed_asm *a, unsigned op, uint32_t f)
{
    uint32_t w = ed_rows[op].match | (f & ~ed_rows[op].mask);
    struct rv_insn in;
    rv_decode(w, &in);
    if (in.op != op)
        generator_bug(rv_op_names[op], ed_here(a));
    ed_emit32(a, w);
}

/* A sandbox address for a `size`-byte access, usually naturally aligned. */
static uint64_t sandbox_addr(struct ed_asm *a, unsigned size, bool aligned)
{
    uint64_t off = ed_below(&a->rng, ED_SANDBOX_LEN - size + 1);
    if (aligned)
        off &= ~(uint64_t)(size - 1);
    return ED_DATA + off;
}

void ed_mem_with_base(struct ed_asm *a, unsigned op, unsigned rb, int32_t imm)
{
    unsigned fmt = ed_rows[op].fmt;
    uint32_t aqrl = ed_below(&a->rng, 4) << 25;
    switch (fmt) {
    case ED_F_LOAD: ed_emit_row(a, op, ed_enc_i(0, ed_xd(a), rb, imm)); break;
    case ED_F_FLOAD: ed_emit_row(a, op, ed_enc_i(0, ed_fr(a), rb, imm)); break;
    case ED_F_STORE: ed_emit_row(a, op, enc_s(0, rb, ed_xs(a), imm)); break;
    case ED_F_FSTORE: ed_emit_row(a, op, enc_s(0, rb, ed_fr(a), imm)); break;
    case ED_F_LR: ed_emit_row(a, op, ed_enc_r(0, ed_xd(a), rb, 0) | aqrl); break;
    default: { /* AMO, SC */
        unsigned rd = ed_xd(a), rs2 = ed_xs(a);
        ed_emit_row(a, op, ed_enc_r(0, rd, rb, rs2) | aqrl);
        break;
    }
    }
}

/* A load or store: base x3 with any offset, or a base register set just before. */
static void mem_op(struct ed_asm *a, unsigned op)
{
    unsigned size = ed_access_size(op);
    int32_t imm = imm12(a);
    if (ed_chance(&a->rng, 35)) {  /* x3 + any imm12 lies in the sandbox */
        ed_mem_with_base(a, op, ED_BASE_REG, imm);
        return;
    }
    unsigned rb = ed_xd_nz(a);
    ed_set_reg(a, rb, sandbox_addr(a, size, ed_chance(&a->rng, 75)) - (uint64_t)(int64_t)imm);
    ed_mem_with_base(a, op, rb, imm);
}

/* An LR and its SC at the same address with at most two ALU instructions between: the
 * constrained sequence every implementation lets succeed. Reservations never outlive it,
 * so an SC outside it always fails. */
static void lr_sc(struct ed_asm *a, unsigned lr, unsigned sc)
{
    unsigned rb = ed_xd_nz(a);
    ed_set_reg(a, rb, sandbox_addr(a, ed_access_size(lr), true));
    bool was = ed_is_reserved(a, rb);
    a->reserved |= 1u << rb;
    ed_mem_with_base(a, lr, rb, 0);
    for (unsigned n = ed_below(&a->rng, 3); n > 0; n--)
        ed_alu(a);
    if (!was)
        a->reserved &= ~(1u << rb);
    ed_mem_with_base(a, sc, rb, 0);
}

static void atomic_op(struct ed_asm *a, unsigned op)
{
    bool word = ed_access_size(op) == 4;
    if (op == rv_op_lr_w || op == rv_op_lr_d || ((op == rv_op_sc_w || op == rv_op_sc_d) &&
                                                  ed_chance(&a->rng, 60))) {
        lr_sc(a, word ? rv_op_lr_w : rv_op_lr_d, word ? rv_op_sc_w : rv_op_sc_d);
        return;
    }
    if (ed_chance(&a->rng, 15)) {   /* ED_DATA_MID is 8-aligned */
        ed_mem_with_base(a, op, ED_BASE_REG, 0);
        return;
    }
    unsigned rb = ed_xd_nz(a);
    ed_set_reg(a, rb, sandbox_addr(a, word ? 4 : 8, true));
    ed_mem_with_base(a, op, rb, 0);
}

/* A value for csr (fflags, frm, fcsr) that keeps frm valid; bits the csr ignores are noise. */
static uint32_t csr_value(struct ed_asm *a, unsigned csr)
{
    uint32_t noise = (uint32_t)ed_next(&a->rng);
    uint32_t frm = ed_below(&a->rng, 5);
    switch (csr) {
    case CSR_FFLAGS: return noise | ed_below(&a->rng, 32);
    case CSR_FRM: return (noise & ~7u) | frm;
    default: return (noise & ~0xffu) | frm << 5 | ed_below(&a->rng, 32);
    }
}

/* fflags, frm or fcsr, read and written every way Zicsr allows. */
static void csr_op(struct ed_asm *a, unsigned op)
{
    static const unsigned csrs[] = {CSR_FFLAGS, CSR_FRM, CSR_FCSR};
    unsigned csr = csrs[ed_below(&a->rng, 3)];
    unsigned rd = ed_xd(a), rs = 0;
    bool may_break_frm = false;
    uint32_t uimm = 0;
    switch (op) {
    case rv_op_csrrw:
        if (ed_chance(&a->rng, 80)) {
            rs = ed_xd_nz(a);
            ed_emit32(a, ed_enc_i(ED_M(addi), rs, 0, (int32_t)(csr_value(a, csr) & 0xfff)));
        }
        break;
    case rv_op_csrrs:
    case rv_op_csrrc:
        rs = ed_chance(&a->rng, 25) ? 0 : ed_xs(a);
        may_break_frm = op == rv_op_csrrs && csr != CSR_FFLAGS && rs != 0;
        break;
    case rv_op_csrrwi:
        uimm = csr_value(a, csr) & 31;
        break;
    default: /* csrrsi, csrrci */
        uimm = ed_below(&a->rng, 32);
        may_break_frm = op == rv_op_csrrsi && csr == CSR_FRM && (uimm & 7) != 0;
        break;
    }
    ed_emit_row(a, op, ed_enc_i(0, rd, ed_rows[op].fmt == ED_F_CSRI ? uimm : rs, (int32_t)csr));
    if (may_break_frm) /* fsrmi k: frm may be 5..7 now */
        ed_emit_row(a, rv_op_csrrwi, ed_enc_i(0, 0, ed_below(&a->rng, 5), CSR_FRM));
}

static void fp_op(struct ed_asm *a, unsigned op)
{
    unsigned fmt = ed_rows[op].fmt;
    uint32_t rm = ed_fmt_has_rm(fmt) ? rm_field(a) << 12 : 0;
    /* one draw per statement: the order of draws must not depend on the compiler */
    bool x_rd = fmt == ED_F_FCMP || fmt == ED_F_FX || fmt == ED_F_FX_RM;
    bool x_rs1 = fmt == ED_F_XF || fmt == ED_F_XF_RM;
    unsigned rd = x_rd ? ed_xd(a) : ed_fr(a);
    unsigned rs1 = x_rs1 ? ed_xs(a) : ed_fr(a);
    unsigned rs2 = ed_fr(a), rs3 = ed_fr(a);  /* kept only where the row has them */
    uint32_t f = ed_enc_r(0, rd, rs1, rs2) | rs3 << 27;
    ed_emit_row(a, op, f | rm);
}

void ed_plain(struct ed_asm *a, unsigned op)
{
    struct ed_rng *r = &a->rng;
    unsigned fmt = ed_rows[op].fmt;
    if (fmt == ED_F_U || fmt == ED_F_I || fmt == ED_F_ISH || fmt == ED_F_ISHW || fmt == ED_F_R ||
        fmt == ED_F_R2) {
        /* one draw per statement: the order of draws must not depend on the compiler */
        unsigned rd = ed_xd(a), rs1 = ed_xs(a), rs2 = ed_xs(a);
        int32_t imm = imm12(a);
        uint32_t hi = imm20(a), shamt = ed_below(r, 64);
        switch (fmt) {
        case ED_F_U: ed_emit_row(a, op, ed_enc_u(0, rd, hi)); break;
        case ED_F_I: ed_emit_row(a, op, ed_enc_i(0, rd, rs1, imm)); break;
        case ED_F_ISH: ed_emit_row(a, op, ed_enc_r(0, rd, rs1, 0) | shamt << 20); break;
        case ED_F_ISHW: ed_emit_row(a, op, ed_enc_r(0, rd, rs1, 0) | (shamt & 31) << 20); break;
        default: ed_emit_row(a, op, ed_enc_r(0, rd, rs1, rs2)); break; /* R, R2 (rs2 masked) */
        }
        return;
    }
    switch (fmt) {
    case ED_F_FENCE: { /* fm, pred, succ at random; rd and rs1 are reserved, ignored fields */
        uint32_t f = (uint32_t)ed_next(r) & 0xfff00000u;
        if (ed_chance(r, 10))
            f |= (uint32_t)ed_next(r) & 0x000f8f80u;
        ed_emit_row(a, op, f);
        break;
    }
    case ED_F_NONE: ed_emit_row(a, op, 0); break; /* fence.i (ecall and ebreak are not plain) */
    case ED_F_LOAD: case ED_F_STORE: case ED_F_FLOAD: case ED_F_FSTORE: mem_op(a, op); break;
    case ED_F_LR: case ED_F_AMO: atomic_op(a, op); break;
    case ED_F_CSR: case ED_F_CSRI: csr_op(a, op); break;
    case ED_F_J: case ED_F_B: case ED_F_JALR: generator_bug("control flow as a plain op", ed_here(a));
    default: fp_op(a, op); break;
    }
}

void ed_alu(struct ed_asm *a)
{
    static uint16_t alu[rv_op_count];
    static unsigned n;
    if (n == 0)
        for (unsigned op = 1; op < rv_op_count; op++)
            if (ed_rows[op].fmt == ED_F_R || ed_rows[op].fmt == ED_F_R2 || ed_rows[op].fmt == ED_F_I ||
                ed_rows[op].fmt == ED_F_ISH || ed_rows[op].fmt == ED_F_ISHW || ed_rows[op].fmt == ED_F_U)
                alu[n++] = (uint16_t)op;
    ed_plain(a, alu[ed_below(&a->rng, n)]);
}

/* A compressed load or store: its base register (x8..x15 or sp) is set first so that the
 * access lands in the sandbox. False when the base is reserved. */
static bool compressed_mem(struct ed_asm *a, const struct rv_insn *in)
{
    if (ed_is_reserved(a, in->rs1))
        return false;
    unsigned size = ed_access_size(in->op);
    ed_set_reg(a, in->rs1, sandbox_addr(a, size, ed_chance(&a->rng, 75)) - (uint64_t)in->imm);
    return true;
}

void ed_compressed(struct ed_asm *a)
{
    for (;;) {
        uint16_t h = (uint16_t)ed_next(&a->rng);
        if ((h & 3) == 3)
            continue;
        struct rv_insn in;
        rv_decode(h, &in);
        if (in.op == rv_op_illegal || (rv_op_flags[in.op] & RVF_ENDS_BLOCK))
            continue;  /* control flow is placed by engine_diff_gen.c, never at random */
        if (writes_x(in.op) && ed_is_reserved(a, in.rd))
            continue;
        if ((rv_op_flags[in.op] & (RVF_LOAD | RVF_STORE)) && !compressed_mem(a, &in))
            continue;
        ed_emit16(a, h);
        return;
    }
}
