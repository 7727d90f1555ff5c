/*
 * tests/unit/engine_diff_gen.c - one random case for engine_diff.
 *
 * A case is a list of items, each a plain instruction of a random riscv.def row
 * (engine_diff_insn.c), a random compressed word, or a control-flow construct whose every jump
 * stays inside the sequence and whose every loop is bounded:
 *   forward branch  b<cond> rs1, rs2 (or c.beqz / c.bnez) over a sub-sequence
 *   loop            counter = 1..4; body; counter -= 1; then a back edge (bne, blt, bltu, bge
 *                   against x0, c.bnez) or an exit edge over a backward jump (beq, bgeu, c.beqz)
 *   jump over       jal rd / c.j over dead code
 *   jump back       jal to B; A; jal past the end; B; jal back to A (a backward jal)
 *   jalr            auipc t, then jalr rd, off(t) / c.jr / c.jalr over dead code, bit 0 of the
 *                   target sometimes set (jalr clears it)
 *   jump table      1..4 functions; a loop loads their addresses from a table at ED_TABLE and
 *                   calls them through one jalr (more targets than a block has chain slots);
 *                   each returns through its link register
 * Constructs nest two deep, loops two deep; a loop's counter and a call's link register are
 * reserved (never a destination) while the code they must survive is generated.
 * One case in a dozen plants a fault at a top-level item (top-level items always run), so that
 * the engines' state at a fault is compared too.
 */
#include <string.h>

#include "tests/unit/engine_diff.h"

#define ALLOW_NEST 1u   /* constructs with sub-sequences */
#define ALLOW_LOOP 2u   /* loops */
#define MAX_DEPTH 2
#define MAX_LOOPS 2
#define SOFT_LIMIT 0x1800u  /* no new top-level item past this many bytes of code */
#define CSR_FRM 2

const char *const ed_fault_names[ED_FAULT_COUNT] = {
    [ED_FAULT_NONE] = "none",
    [ED_FAULT_STATIC_RM] = "reserved static rounding mode",
    [ED_FAULT_DYNAMIC_RM] = "invalid frm with a dynamic rounding mode",
    [ED_FAULT_MISALIGNED_AMO] = "misaligned atomic",
    [ED_FAULT_GUARD_ACCESS] = "access to a PROT_NONE page",
    [ED_FAULT_OUT_OF_RANGE] = "access outside the guest range",
    [ED_FAULT_EBREAK] = "ebreak",
    [ED_FAULT_ILLEGAL] = "illegal instruction",
    [ED_FAULT_FETCH] = "jump to non-executable memory",
};

static const unsigned branch_ops[] = {rv_op_beq, rv_op_bne, rv_op_blt, rv_op_bge, rv_op_bltu,
                                      rv_op_bgeu};

static void item(struct ed_asm *a, unsigned allow);

static unsigned rnd(struct ed_asm *a, unsigned n)
{
    return ed_below(&a->rng, n);
}

static bool chance(struct ed_asm *a, unsigned percent)
{
    return ed_chance(&a->rng, percent);
}

static void reserve(struct ed_asm *a, unsigned r)
{
    a->reserved |= 1u << r;
}

static void release(struct ed_asm *a, unsigned r)
{
    a->reserved &= ~(1u << r);
}

/* A sub-sequence of n items, one construct deeper. */
static void nested(struct ed_asm *a, unsigned n, unsigned allow)
{
    a->depth++;
    while (n--)
        item(a, allow);
    a->depth--;
}

/* n 4-byte instructions that are jumped over: never run, so not counted for coverage. */
static void dead_code(struct ed_asm *a, unsigned n)
{
    bool was = a->counting;
    a->counting = false;
    while (n--)
        ed_alu(a);
    a->counting = was;
}

/* A jal (link in a random register) or c.j with offset 0, for ed_patch. */
static uint32_t jump_placeholder(struct ed_asm *a, bool compressed)
{
    uint32_t at = ed_here(a);
    if (compressed)
        ed_emit16(a, ed_enc_c_j(0));
    else
        ed_emit32(a, ed_enc_j(ED_M(jal), ed_xd(a), 0));
    return at;
}

static void forward_branch(struct ed_asm *a, unsigned op, unsigned allow)
{
    uint32_t at = ed_here(a);
    if (op == 0 && chance(a, 35)) {
        bool nez = chance(a, 50);
        ed_emit16(a, ed_enc_c_bz(nez, 8 + rnd(a, 8), 0));
        allow = 0;  /* c.beqz / c.bnez reach 256 bytes: plain items only */
    } else {
        if (op == 0)
            op = branch_ops[rnd(a, 6)];
        unsigned rs1 = ed_xs(a), rs2 = ed_xs(a);
        ed_emit32(a, ed_enc_b(ed_rows[op].match, rs1, rs2, 0));
    }
    nested(a, 1 + rnd(a, 4), allow);
    ed_patch(a, at, ed_here(a));
}

/* The end of a loop whose counter cnt has just gone down by one: again while cnt > 0 (bge:
 * while cnt >= 0, one more round), by a back edge or by an exit edge over a backward jal. */
static void loop_end(struct ed_asm *a, unsigned op, unsigned cnt, uint32_t top)
{
    uint32_t m = ed_rows[op].match;
    int32_t back = (int32_t)(top - ed_here(a));
    bool swap = chance(a, 50);
    switch (op) {
    case rv_op_bne: ed_emit32(a, ed_enc_b(m, swap ? 0 : cnt, swap ? cnt : 0, back)); return;
    case rv_op_blt:
    case rv_op_bltu: ed_emit32(a, ed_enc_b(m, 0, cnt, back)); return;
    case rv_op_bge: ed_emit32(a, ed_enc_b(m, cnt, 0, back)); return;
    case rv_op_beq: ed_emit32(a, ed_enc_b(m, swap ? 0 : cnt, swap ? cnt : 0, 8)); break;
    default: ed_emit32(a, ed_enc_b(m, 0, cnt, 8)); break; /* bgeu: 0 >= cnt unsigned */
    }
    ed_emit32(a, ed_enc_j(ED_M(jal), ed_xd(a), (int32_t)(top - ed_here(a))));
}

/* A free one of x8..x15 (the registers of c.beqz / c.bnez), or 0. */
static unsigned free_creg(struct ed_asm *a)
{
    unsigned first = rnd(a, 8);
    for (unsigned i = 0; i < 8; i++)
        if (!ed_is_reserved(a, 8 + (first + i) % 8))
            return 8 + (first + i) % 8;
    return 0;
}

static void loop(struct ed_asm *a, unsigned op, unsigned allow)
{
    unsigned cnt = 0;
    bool compressed = op == 0 && chance(a, 35) && (cnt = free_creg(a)) != 0;
    if (!compressed) {
        cnt = ed_xd_nz(a);
        if (op == 0)
            op = branch_ops[rnd(a, 6)];
    }
    int32_t n = 1 + (int32_t)rnd(a, 4);
    if (compressed || chance(a, 30))
        ed_emit16(a, ed_enc_c_li(cnt, n));
    else
        ed_emit32(a, ed_enc_i(ED_M(addi), cnt, 0, n));
    reserve(a, cnt);
    a->loops++;
    uint32_t top = ed_here(a);
    nested(a, 1 + rnd(a, 4), compressed ? 0 : allow);  /* c.bnez reaches 256 bytes back */
    if (compressed || chance(a, 30))
        ed_emit16(a, ed_enc_c_addi(cnt, -1));
    else
        ed_emit32(a, ed_enc_i(ED_M(addi), cnt, cnt, -1));
    if (!compressed) {
        loop_end(a, op, cnt, top);
    } else if (chance(a, 50)) {
        ed_emit16(a, ed_enc_c_bz(true, cnt, (int32_t)(top - ed_here(a))));
    } else {
        ed_emit16(a, ed_enc_c_bz(false, cnt, 4));
        ed_emit16(a, ed_enc_c_j((int32_t)(top - ed_here(a))));
    }
    a->loops--;
    release(a, cnt);
}

static void jump_over(struct ed_asm *a)
{
    uint32_t at = jump_placeholder(a, chance(a, 35));
    dead_code(a, 1 + rnd(a, 3));
    ed_patch(a, at, ed_here(a));
}

static void jump_back(struct ed_asm *a, unsigned allow)
{
    bool compressed = chance(a, 35);
    if (compressed)
        allow = 0;  /* c.j reaches 2 KiB */
    uint32_t to_b = jump_placeholder(a, compressed);
    uint32_t part_a = ed_here(a);
    nested(a, 1 + rnd(a, 3), allow);
    uint32_t to_end = jump_placeholder(a, compressed);
    ed_patch(a, to_b, ed_here(a));
    nested(a, 1 + rnd(a, 3), allow);
    int32_t back = (int32_t)(part_a - ed_here(a));
    if (compressed)
        ed_emit16(a, ed_enc_c_j(back));
    else
        ed_emit32(a, ed_enc_j(ED_M(jal), ed_xd(a), back));
    ed_patch(a, to_end, ed_here(a));
}

/* auipc t, 0 [; addi t, t, k]; then jalr rd, off(t), c.jr t or c.jalr t to just past n dead
 * instructions. */
static void jalr_over(struct ed_asm *a)
{
    unsigned t = ed_xd_nz(a), n = 1 + rnd(a, 3), kind = rnd(a, 3);
    int32_t bit0 = chance(a, 25), k = chance(a, 50) ? (int32_t)rnd(a, 2001) - 1000 : 0;
    if (kind == 2 && ed_is_reserved(a, 1))
        kind = 1;  /* c.jalr links in ra */
    ed_emit32(a, ed_enc_u(ED_M(auipc), t, 0));
    if (kind == 0) {
        int32_t to = 4 * (int32_t)n + (k ? 12 : 8);
        if (k)
            ed_emit32(a, ed_enc_i(ED_M(addi), t, t, k));
        ed_emit32(a, ed_enc_i(ED_M(jalr), ed_xd(a), t, to - k + bit0));
    } else {
        ed_emit32(a, ed_enc_i(ED_M(addi), t, t, 4 * (int32_t)n + 10 + bit0));
        ed_emit16(a, ed_enc_c_jr(t, kind == 2));
    }
    dead_code(a, n);
}

/* The table loop: cnt = 1..6; again: t = table[cnt & 3]; call t; cnt -= 1; bne cnt, top. */
static void table_loop(struct ed_asm *a, unsigned cnt, unsigned link, bool cjalr, int32_t imm,
                       uint32_t slot)
{
    ed_emit32(a, ed_enc_i(ED_M(addi), cnt, 0, 1 + (int32_t)rnd(a, 6)));
    uint32_t top = ed_here(a);
    unsigned t = ed_xd_nz(a), tb;
    while ((tb = ed_xd_nz(a)) == t)
        ;
    ed_emit32(a, ed_enc_i(ED_M(andi), t, cnt, 3));
    ed_set_reg(a, tb, ED_TABLE + 8 * (uint64_t)slot);
    if (chance(a, 50)) {
        ed_emit32(a, ed_enc_r(ED_M(sh3add), t, t, tb));
    } else {
        ed_emit32(a, ed_enc_i(ED_M(slli), t, t, 3));
        ed_emit32(a, ed_enc_r(ED_M(add), t, t, tb));
    }
    ed_emit32(a, ed_enc_i(ED_M(ld), t, t, 0));
    if (cjalr)
        ed_emit16(a, ed_enc_c_jr(t, true));
    else
        ed_emit32(a, ed_enc_i(ED_M(jalr), link, t, imm));
    ed_emit32(a, ed_enc_i(ED_M(addi), cnt, cnt, -1));
    ed_emit32(a, ed_enc_b(ED_M(bne), cnt, 0, (int32_t)(top - ed_here(a))));
}

static void jump_table(struct ed_asm *a, unsigned allow)
{
    struct ed_case *c = a->c;
    if (c->table_len + 4 > ED_TABLE_ENTRIES) {
        jalr_over(a);
        return;
    }
    bool cjalr = chance(a, 30) && !ed_is_reserved(a, 1);
    unsigned link = cjalr ? 1 : ed_xd_nz(a);
    reserve(a, link);
    unsigned cnt = ed_xd_nz(a);
    reserve(a, cnt);
    a->loops++;
    unsigned k = 1 + rnd(a, 4);
    uint32_t fn[4];
    uint32_t skip = jump_placeholder(a, false);
    for (unsigned i = 0; i < k; i++) {
        fn[i] = ed_here(a);
        nested(a, 1 + rnd(a, 3), allow);
        unsigned how = rnd(a, 3);
        if (how == 0)
            ed_emit16(a, ed_enc_c_jr(link, false));
        else
            ed_emit32(a, ed_enc_i(ED_M(jalr), how == 1 ? 0 : ed_xd(a), link, 0));
    }
    ed_patch(a, skip, ed_here(a));
    release(a, link);
    int32_t imm = cjalr ? 0 : (int32_t)rnd(a, 129) - 64;
    uint32_t slot = c->table_len;
    table_loop(a, cnt, link, cjalr, imm, slot);
    for (unsigned i = 0; i < 4; i++)
        c->table[slot + i] = c->start + fn[i % k] - (uint64_t)(int64_t)imm + chance(a, 25);
    c->table_len += 4;
    a->loops--;
    release(a, cnt);
}

/* A branch, loop, jump or jalr construct; op (a B, J or JALR row) or 0 for any. */
static void control(struct ed_asm *a, unsigned op, unsigned allow)
{
    bool loops = allow & ALLOW_LOOP;
    unsigned fmt = op ? ed_rows[op].fmt : ED_F_NONE;
    if (fmt == ED_F_B || (op == 0 && chance(a, 45))) {
        if (loops && chance(a, 45))
            loop(a, op, allow);
        else
            forward_branch(a, op, allow);
    } else if (fmt == ED_F_J || (op == 0 && chance(a, 50))) {
        if (chance(a, 50))
            jump_over(a);
        else
            jump_back(a, allow);
    } else if (loops && chance(a, 40)) {
        jump_table(a, allow);
    } else {
        jalr_over(a);
    }
}

/* ---- shift idioms the translator writes as one operation ---- */

/* A rotation as rv64gc code writes it (srliw a, x, k; slliw b, x, 32 - k; or r, a, b, or the
 * 64-bit shifts; rotate.c), the shifts in either order, sometimes with an item between that may
 * write x or read a shift's result, and the results read again or not. */
static void rotation(struct ed_asm *a, unsigned allow)
{
    bool wide = chance(a, 40);
    unsigned bits = wide ? 64 : 32, k = 1 + rnd(a, bits - 1);
    unsigned x = ed_xs(a), ra = ed_xd_nz(a), rb = ed_xd_nz(a), rd = ed_xd(a);
    uint32_t right = ed_enc_i(wide ? ED_M(srli) : ED_M(srliw), ra, x, (int32_t)k);
    uint32_t left = ed_enc_i(wide ? ED_M(slli) : ED_M(slliw), rb, x, (int32_t)(bits - k));
    bool right_first = chance(a, 50);
    ed_emit32(a, right_first ? right : left);
    if (chance(a, 20))
        item(a, allow);
    ed_emit32(a, right_first ? left : right);
    static const unsigned joins[] = {rv_op_or, rv_op_xor, rv_op_add};
    uint32_t join = ed_rows[joins[chance(a, 70) ? 0 : rnd(a, 3)]].match;
    ed_emit32(a, chance(a, 50) ? ed_enc_r(join, rd, ra, rb) : ed_enc_r(join, rd, rb, ra));
    if (chance(a, 30))
        ed_emit32(a, ed_enc_r(ED_M(add), ed_xd(a), ra, rb));
}

/* slli by 32, 48 or 56, then a shift right by at most as much, into the same register or
 * another (emit_alu.c's extension pairs). */
static void extension_shift(struct ed_asm *a)
{
    static const int32_t lefts[] = {32, 48, 56};
    int32_t by = lefts[rnd(a, 3)];
    unsigned rs = ed_xs(a), t = ed_xd_nz(a), rd = chance(a, 50) ? t : ed_xd(a);
    int32_t down = chance(a, 50) ? by : (int32_t)rnd(a, (unsigned)by + 1);
    ed_emit32(a, ed_enc_i(ED_M(slli), t, rs, by));
    ed_emit32(a, ed_enc_i(ED_M(srli), rd, t, down) | (chance(a, 30) ? 0x40000000u : 0));
    if (chance(a, 30))
        ed_emit32(a, ed_enc_r(ED_M(add), ed_xd(a), t, rd));
}

static void item(struct ed_asm *a, unsigned allow)
{
    if (a->depth >= MAX_DEPTH)
        allow = 0;
    if (a->loops >= MAX_LOOPS)
        allow &= ~ALLOW_LOOP;
    unsigned r = rnd(a, 100);
    if (r < 15) {
        ed_compressed(a);
        return;
    }
    if (r < 27 && allow) {
        control(a, 0, allow);
        return;
    }
    if (r < 29) {
        if (r == 27)
            rotation(a, allow);
        else
            extension_shift(a);
        return;
    }
    unsigned op;
    do
        op = 1 + rnd(a, rv_op_count - 1);
    while (op == rv_op_ecall || op == rv_op_ebreak);
    unsigned fmt = ed_rows[op].fmt;
    if (fmt == ED_F_B || fmt == ED_F_J || fmt == ED_F_JALR) {
        if (allow)
            control(a, op, allow);
        else
            ed_alu(a);
        return;
    }
    ed_plain(a, op);
}

/* ---- planted faults ---- */

static bool has_rm(unsigned op) { return ed_fmt_has_rm(ed_rows[op].fmt); }
static bool is_atomic(unsigned op) { return ed_rows[op].fmt == ED_F_LR || ed_rows[op].fmt == ED_F_AMO; }
static bool is_load_store(unsigned op)
{
    unsigned f = ed_rows[op].fmt;
    return f == ED_F_LOAD || f == ED_F_STORE || f == ED_F_FLOAD || f == ED_F_FSTORE;
}
/* not SC: one without a reservation may fail without touching memory (the interpreter's does) */
static bool is_memory(unsigned op)
{
    return (is_atomic(op) || is_load_store(op)) && op != rv_op_sc_w && op != rv_op_sc_d;
}

static unsigned pick_row(struct ed_asm *a, bool (*want)(unsigned op))
{
    unsigned op;
    do
        op = 1 + rnd(a, rv_op_count - 1);
    while (!want(op));
    return op;
}

/* A load or store whose address is outside the guest range: below it, far above, or no
 * canonical x86-64 address at all (whose host fault says address 0: run/fault.c). */
static void out_of_range(struct ed_asm *a)
{
    unsigned op = pick_row(a, is_load_store), rb = ed_xd_nz(a);
    switch (rnd(a, 4)) {
    case 0:
        ed_mem_with_base(a, op, 0, (int32_t)rnd(a, 2048));
        return;
    case 1:
        ed_emit32(a, ed_enc_i(ED_M(addi), rb, 0, -1 - (int32_t)rnd(a, 100)));
        break;
    case 2: /* 2^39: above the guest range of every build */
        ed_emit32(a, ed_enc_u(ED_M(lui), rb, 0x40000));
        ed_emit32(a, ed_enc_i(ED_M(slli), rb, rb, 9));
        break;
    default: /* 2^63 */
        ed_emit32(a, ed_enc_u(ED_M(lui), rb, 0x80000));
        ed_emit32(a, ed_enc_i(ED_M(slli), rb, rb, 32));
        break;
    }
    ed_mem_with_base(a, op, rb, (int32_t)rnd(a, 256) - 128);
}

static void illegal_word(struct ed_asm *a)
{
    for (;;) {
        uint32_t w = (uint32_t)ed_next(&a->rng);
        bool half = chance(a, 50);
        if (half)
            w = (w & 0xffff) == 0xffff ? 0 : w & 0xffff;
        if (half != ((w & 3) != 3))
            continue;
        struct rv_insn in;
        rv_decode(w, &in);
        if (in.op != rv_op_illegal)
            continue;
        if (half)
            ed_emit16(a, (uint16_t)w);
        else
            ed_emit32(a, w);
        return;
    }
}

/* jalr / c.jr to memory that is not executable: the guard page, the sandbox, or below the
 * guest range. */
static void bad_fetch(struct ed_asm *a)
{
    unsigned t = ed_xd_nz(a);
    unsigned where = rnd(a, 3);
    uint64_t to = 2 * (uint64_t)rnd(a, 1024) + (where == 0 ? ED_GUARD : where == 1 ? ED_DATA : 0);
    if (to < ED_CODE)
        ed_emit32(a, ed_enc_i(ED_M(addi), t, 0, (int32_t)to));
    else
        ed_set_reg(a, t, to);
    if (chance(a, 30))
        ed_emit16(a, ed_enc_c_jr(t, false));
    else
        ed_emit32(a, ed_enc_i(ED_M(jalr), ed_xd(a), t, 0));
}

static void plant_fault(struct ed_asm *a, enum ed_fault f)
{
    unsigned op, rb;
    uint64_t rb_addr;
    a->c->fault = f;
    switch (f) {
    case ED_FAULT_STATIC_RM:
        a->force_rm = 5 + (int)rnd(a, 2);
        ed_plain(a, pick_row(a, has_rm));
        break;
    case ED_FAULT_DYNAMIC_RM:
        rb = ed_xd(a);
        ed_emit_row(a, rv_op_csrrwi, ed_enc_i(0, rb, 5 + rnd(a, 3), CSR_FRM));
        a->force_rm = 7;
        ed_plain(a, pick_row(a, has_rm));
        break;
    case ED_FAULT_MISALIGNED_AMO:
        op = pick_row(a, is_atomic);
        rb = ed_xd_nz(a);
        rb_addr = ED_DATA + 8 * (1 + rnd(a, 500));
        ed_set_reg(a, rb, rb_addr + 1 + rnd(a, ed_access_size(op) - 1));
        ed_mem_with_base(a, op, rb, 0);
        break;
    case ED_FAULT_GUARD_ACCESS: {
        op = pick_row(a, is_memory);
        rb = ed_xd_nz(a);
        int32_t imm = is_atomic(op) ? 0 : (int32_t)rnd(a, 512) - 256;
        ed_set_reg(a, rb, ED_GUARD + 8 * rnd(a, 500) - (uint64_t)(int64_t)imm);
        ed_mem_with_base(a, op, rb, imm);
        break;
    }
    case ED_FAULT_OUT_OF_RANGE: out_of_range(a); break;
    case ED_FAULT_EBREAK:
        if (chance(a, 50))
            ed_emit16(a, 0x9002); /* c.ebreak */
        else
            ed_emit32(a, ED_M(ebreak));
        break;
    case ED_FAULT_ILLEGAL: illegal_word(a); break;
    default: bad_fetch(a); break;
    }
}

void ed_generate(struct ed_case *c, uint64_t seed)
{
    memset(c, 0, sizeof *c);
    c->seed = seed;
    ed_init_state(&c->init, seed);
    struct ed_asm a = {
        .c = c,
        .rng = {seed ^ UINT64_C(0xc0debabe5eed0001)},
        .reserved = 1u << ED_BASE_REG,
        .counting = true,
        .force_rm = -1,
    };
    for (unsigned i = 0; i < 6; i++) {
        a.hot_x[i] = (uint8_t)(1 + rnd(&a, 31));
        a.hot_f[i] = (uint8_t)rnd(&a, 32);
    }
    /* anywhere in the first page; a quarter of the cases start in its last 128 bytes */
    c->start = ED_CODE + (chance(&a, 25) ? 4096 - 2 * (1 + rnd(&a, 64)) : 2 * rnd(&a, 2048));
    unsigned n = 8 + rnd(&a, 40), fault_at = n;
    enum ed_fault fault = ED_FAULT_NONE;
    if (chance(&a, 8)) {
        fault = (enum ed_fault)(1 + rnd(&a, ED_FAULT_COUNT - 1));
        fault_at = n / 2 + rnd(&a, n - n / 2);
    }
    for (unsigned i = 0; i < n && ed_here(&a) < SOFT_LIMIT; i++) {
        if (i == fault_at)
            plant_fault(&a, fault);
        item(&a, ALLOW_NEST | ALLOW_LOOP);
    }
    ed_emit32(&a, ED_M(ecall));
}
