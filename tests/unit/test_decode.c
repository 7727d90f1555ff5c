/*
 * tests/unit/test_decode.c - the decoder, the compressed expander and the disassembler.
 *
 * The main test replays tests/unit/isa_all.expected (binutils' disassembly of isa_all.S, every
 * row of riscv.def with edge operands and every compressed form next to its 32-bit expansion):
 * each word must decode, and rv_disasm must print exactly what objdump printed; each compressed
 * word must decode to the same rv_insn as the 32-bit word after it. The other tests cover what
 * the golden file cannot: reserved encodings, Zicond (binutils 2.40 lacks it), the table's own
 * consistency, and a million random words that must decode and print without going wrong.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translate/insn.h"

#ifndef CROSSRUN_TEST_SRCDIR
#define CROSSRUN_TEST_SRCDIR "tests/unit"
#endif

/* The test's own copy of the table, to check the decoder against the rows it came from. */
struct row {
    const char *name;
    uint32_t match, mask, flags;
};

static const struct row rows[rv_op_count] = {
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = { #name, match, mask, flags },
#include "translate/riscv.def"
#undef RV
};

static char *dis(uint32_t word, uint64_t pc, char *buf, size_t cap)
{
    struct rv_insn in;
    rv_decode(word, &in);
    return rv_disasm(&in, pc, buf, cap);
}

/* ---- golden file ----------------------------------------------------------------------- */

struct golden {
    uint64_t pc;
    uint32_t word;
    int len;
    char text[96];
};

static struct golden *golden_load(size_t *count)
{
    const char *path = CROSSRUN_TEST_SRCDIR "/isa_all.expected";
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    size_t cap = 2048, n = 0;
    struct golden *g = malloc(cap * sizeof *g);
    char line[256];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *pc = strtok(line, "\t"), *hex = strtok(NULL, "\t"), *text = strtok(NULL, "");
        cr_assert(pc && hex && text, "malformed golden line");
        if (n == cap)
            g = realloc(g, (cap *= 2) * sizeof *g);
        g[n].pc = strtoull(pc, NULL, 16);
        g[n].word = strtoul(hex, NULL, 16);
        g[n].len = strlen(hex) / 2;
        snprintf(g[n].text, sizeof g[n].text, "%s", text);
        n++;
    }
    fclose(f);
    *count = n;
    return g;
}

static int same_insn(const struct rv_insn *a, const struct rv_insn *b)
{
    return a->op == b->op && a->rd == b->rd && a->rs1 == b->rs1 && a->rs2 == b->rs2 &&
           a->rs3 == b->rs3 && a->rm == b->rm && a->aqrl == b->aqrl && a->imm == b->imm;
}

/* The RV64C forms by objdump's c.* names (with no-aliases it prints c.nop as "c.addi zero,0",
 * so c.nop is in isa_all.S but not in this list; HINTs print as .short and are not counted). */
static const char *const rvc_forms[] = {
    "c.addi4spn", "c.fld", "c.lw", "c.ld", "c.fsd", "c.sw", "c.sd", "c.addi", "c.addiw",
    "c.li", "c.addi16sp", "c.lui", "c.srli", "c.srai", "c.andi", "c.sub", "c.xor", "c.or", "c.and",
    "c.subw", "c.addw", "c.j", "c.beqz", "c.bnez", "c.slli", "c.fldsp", "c.lwsp", "c.ldsp", "c.jr",
    "c.mv", "c.ebreak", "c.jalr", "c.add", "c.fsdsp", "c.swsp", "c.sdsp",
};
#define RVC_FORMS (sizeof rvc_forms / sizeof rvc_forms[0])
static int rvc_seen[RVC_FORMS];

static void mark_compressed(const char *objdump_text)
{
    size_t len = strcspn(objdump_text, "\t");
    for (size_t k = 0; k < RVC_FORMS; k++)
        if (strlen(rvc_forms[k]) == len && strncmp(rvc_forms[k], objdump_text, len) == 0)
            rvc_seen[k] = 1;
}

Test(decode, golden_matches_objdump)
{
    size_t n;
    struct golden *g = golden_load(&n);
    cr_assert_gt(n, 1000, "golden file too short: %zu lines", n);

    static int seen[rv_op_count];
    int failures = 0, pairs = 0;
    char buf[128];
    for (size_t i = 0; i < n; i++) {
        struct rv_insn in;
        int len = rv_decode(g[i].word, &in);
        cr_expect_eq(len, g[i].len, "%08x: length %d, objdump says %d", g[i].word, len, g[i].len);
        cr_expect_eq(in.len, len);
        seen[in.op] = 1;
        if (len == 4) {
            rv_disasm(&in, g[i].pc, buf, sizeof buf);
            if (strcmp(buf, g[i].text) != 0 && failures++ < 40)
                cr_expect(0, "%08x at %" PRIx64 ": \"%s\", objdump: \"%s\"", g[i].word, g[i].pc,
                          buf, g[i].text);
            continue;
        }
        /* compressed: the next line is the 32-bit instruction it expands to */
        mark_compressed(g[i].text);
        cr_assert_lt(i + 1, n);
        cr_assert_eq(g[i + 1].len, 4, "compressed %04x is not followed by its expansion", g[i].word);
        struct rv_insn wide;
        rv_decode(g[i + 1].word, &wide);
        cr_expect_neq(in.op, rv_op_illegal, "compressed %04x decodes as illegal", g[i].word);
        if (!same_insn(&in, &wide) && failures++ < 40)
            cr_expect(0, "compressed %04x: op %s rd %d rs1 %d rs2 %d imm %" PRId64
                      ", expansion %08x: op %s rd %d rs1 %d rs2 %d imm %" PRId64,
                      g[i].word, rv_op_names[in.op], in.rd, in.rs1, in.rs2, in.imm, g[i + 1].word,
                      rv_op_names[wide.op], wide.rd, wide.rs1, wide.rs2, wide.imm);
        rv_disasm(&in, g[i + 1].pc, buf, sizeof buf);
        if (strcmp(buf, g[i + 1].text) != 0 && failures++ < 40)
            cr_expect(0, "compressed %04x: \"%s\", objdump: \"%s\"", g[i].word, buf,
                      g[i + 1].text);
        pairs++;
    }
    cr_expect_eq(failures, 0, "%d mismatches", failures);
    cr_expect_gt(pairs, 150);

    /* every row must be in the golden file, except Zicond (see czero below) */
    for (int op = 1; op < rv_op_count; op++)
        if (op != rv_op_czero_eqz && op != rv_op_czero_nez)
            cr_expect(seen[op], "%s is not covered by isa_all.S", rv_op_names[op]);
    for (size_t k = 0; k < RVC_FORMS; k++)
        cr_expect(rvc_seen[k], "%s is not covered by isa_all.S", rvc_forms[k]);
    free(g);
}

/* ---- hand-checked encodings ---------------------------------------------------------- */

Test(decode, zicond)
{
    char buf[64];
    /* czero.eqz: funct7 0000111, funct3 101, OP; czero.nez: funct3 111 */
    cr_expect_str_eq(dis(0x0ec5d533, 0, buf, sizeof buf), "czero.eqz\ta0,a1,a2");
    cr_expect_str_eq(dis(0x0ec5f533, 0, buf, sizeof buf), "czero.nez\ta0,a1,a2");
    cr_expect_str_eq(dis(0x0e0fdfb3, 0, buf, sizeof buf), "czero.eqz\tt6,t6,zero");
    struct rv_insn in;
    rv_decode(0x0ec5f533, &in);
    cr_expect(in.op == rv_op_czero_nez && in.rd == 10 && in.rs1 == 11 && in.rs2 == 12);
    /* funct3 110 and 100 with funct7 0000111 are not assigned */
    rv_decode(0x0ec5e533, &in);
    cr_expect_eq(in.op, rv_op_illegal);
    rv_decode(0x0ec5c533, &in);
    cr_expect_eq(in.op, rv_op_illegal);
}

Test(decode, fields)
{
    struct rv_insn in;
    cr_assert_eq(rv_decode(0x6ac5954f, &in), 4); /* fnmadd.d fa0,fa1,fa2,fa3,rtz */
    cr_expect(in.op == rv_op_fnmadd_d && in.rd == 10 && in.rs1 == 11 && in.rs2 == 12 &&
              in.rs3 == 13 && in.rm == 1 && in.len == 4);
    rv_decode(0x06b6252f, &in); /* amoadd.w.aqrl a0,a1,(a2) */
    cr_expect(in.op == rv_op_amoadd_w && in.aqrl == 3 && in.rs1 == 12 && in.rs2 == 11);
    rv_decode(0xc002d573, &in); /* csrrwi a0,cycle,5 */
    cr_expect(in.op == rv_op_csrrwi && in.imm == 0xc00 && in.rs1 == 5 && in.rd == 10);
    rv_decode(0x800000b7, &in); /* lui ra,0x80000: imm sign-extended */
    cr_expect_eq(in.imm, (int64_t)-0x80000000LL);
    rv_decode(0x8330000f, &in); /* fence.tso is a fence with fm = 1000 */
    cr_expect(in.op == rv_op_fence && in.imm == 0x833);
    rv_decode(0x02c5f553, &in); /* fadd.d with rm = 7 (dyn) */
    cr_expect(in.op == rv_op_fadd_d && in.rm == 7);
    rv_decode(0x02c5d553, &in); /* rm = 5 is reserved but decodes; the engine traps on use */
    cr_expect(in.op == rv_op_fadd_d && in.rm == 5);
}

Test(decode, names_and_flags)
{
    cr_expect_str_eq(rv_op_names[rv_op_illegal], "illegal");
    cr_expect_str_eq(rv_op_names[rv_op_fcvt_w_s], "fcvt.w.s");
    cr_expect_str_eq(rv_op_names[rv_op_sh1add_uw], "sh1add.uw");
    cr_expect_str_eq(rv_op_names[rv_op_fence_i], "fence.i");
    cr_expect_str_eq(rv_op_names[rv_op_amomaxu_d], "amomaxu.d");
    cr_expect_eq(rv_op_flags[rv_op_jalr], RVF_JUMP | RVF_INDIRECT);
    cr_expect_eq(rv_op_flags[rv_op_jal], RVF_JUMP);
    cr_expect_eq(rv_op_flags[rv_op_bgeu], RVF_BRANCH);
    cr_expect_eq(rv_op_flags[rv_op_ecall], RVF_TRAP);
    cr_expect_eq(rv_op_flags[rv_op_ebreak], RVF_TRAP);
    cr_expect_eq(rv_op_flags[rv_op_fence_i], RVF_FENCE_I);
    cr_expect(rv_op_flags[rv_op_lr_d] & RVF_LOAD);
    cr_expect(rv_op_flags[rv_op_sc_w] & RVF_STORE);
    cr_expect(rv_op_flags[rv_op_amoswap_w] & RVF_STORE);
    cr_expect_eq(rv_op_flags[rv_op_fld], RVF_LOAD | RVF_FP);
    cr_expect_eq(rv_op_flags[rv_op_fsw], RVF_STORE | RVF_FP);
    cr_expect_eq(rv_op_flags[rv_op_csrrs], RVF_CSR);
    cr_expect_eq(rv_op_flags[rv_op_add], RVF_NONE);
    for (int op = 1; op < rv_op_count; op++) {
        cr_expect_null(strchr(rv_op_names[op], '_'), "%s", rv_op_names[op]);
        int fp = rows[op].name[0] == 'f' && strcmp(rows[op].name, "fence") != 0 &&
                 strcmp(rows[op].name, "fence_i") != 0;
        cr_expect_eq(!!(rv_op_flags[op] & RVF_FP), fp, "RVF_FP on %s", rows[op].name);
    }
}

/* The table itself: each row is one major opcode, match has no bits outside the mask, and no
 * word can match two rows (the decoder takes the first match, so an overlap would hide one). */
Test(decode, table_is_consistent)
{
    for (int a = 1; a < rv_op_count; a++) {
        cr_expect_eq(rows[a].match & 3, 3, "%s", rows[a].name);
        cr_expect_eq(rows[a].mask & 0x7f, 0x7f, "%s", rows[a].name);
        cr_expect_eq(rows[a].match & ~rows[a].mask, 0, "%s", rows[a].name);
        for (int b = a + 1; b < rv_op_count; b++)
            cr_expect_neq((rows[a].match ^ rows[b].match) & rows[a].mask & rows[b].mask, 0,
                          "%s and %s overlap", rows[a].name, rows[b].name);
        /* the row's own match word decodes to it */
        struct rv_insn in;
        rv_decode(rows[a].match, &in);
        cr_expect_eq(in.op, a, "%08x decodes as %s, not %s", rows[a].match, rv_op_names[in.op],
                     rows[a].name);
    }
}

/* ---- reserved and illegal encodings ---------------------------------------------------- */

static void expect_illegal(uint32_t word, int len, const char *what)
{
    struct rv_insn in;
    int r = rv_decode(word, &in);
    cr_expect_eq(in.op, rv_op_illegal, "%s (%08x) decodes as %s", what, word, rv_op_names[in.op]);
    cr_expect_eq(r, len, "%s: length %d", what, r);
    cr_expect_eq(in.len, len, "%s: insn.len %d", what, in.len);
}

Test(decode, reserved_compressed)
{
    expect_illegal(0x0000, 2, "all-zero instruction");
    expect_illegal(0xffff0000, 2, "all-zero low half (high half is the next instruction)");
    expect_illegal(0x0004, 2, "c.addi4spn nzuimm=0, rd'=s1");
    expect_illegal(0x001c, 2, "c.addi4spn nzuimm=0, rd'=a5");
    expect_illegal(0x6501, 2, "c.lui a0 with imm=0");
    expect_illegal(0x6101, 2, "c.addi16sp imm=0");
    expect_illegal(0x2001, 2, "c.addiw rd=0");
    expect_illegal(0x307d, 2, "c.addiw rd=0, imm=-1");
    expect_illegal(0x4002, 2, "c.lwsp rd=0");
    expect_illegal(0x507e, 2, "c.lwsp rd=0, offset 252");
    expect_illegal(0x6002, 2, "c.ldsp rd=0");
    expect_illegal(0x707e, 2, "c.ldsp rd=0, offset 504");
    expect_illegal(0x8002, 2, "c.jr rs1=0");
    expect_illegal(0x8000, 2, "quadrant 0 funct3=100");
    expect_illegal(0x9c41, 2, "quadrant 1 ALU slot 1-11-10 (reserved on RV64)");
    expect_illegal(0x9c61, 2, "quadrant 1 ALU slot 1-11-11 (reserved on RV64)");
}

Test(decode, compressed_lengths_and_hints)
{
    struct rv_insn in;
    cr_expect_eq(rv_decode(0x0001, &in), 2); /* c.nop */
    cr_expect(in.op == rv_op_addi && in.rd == 0 && in.rs1 == 0 && in.imm == 0 && in.len == 2);
    cr_expect_eq(rv_decode(0xdead9002, &in), 2); /* c.ebreak; upper half ignored */
    cr_expect(in.op == rv_op_ebreak && in.len == 2);
    rv_decode(0x7501, &in); /* c.lui a0 with bit 12 set: lui a0,0xfffe0 */
    cr_expect(in.op == rv_op_lui && in.rd == 10 && in.imm == -0x20000);
    rv_decode(0x8082, &in); /* c.jr ra = ret */
    cr_expect(in.op == rv_op_jalr && in.rd == 0 && in.rs1 == 1 && in.imm == 0);
    rv_decode(0x6005, &in); /* c.lui zero,1 is a HINT, not reserved */
    cr_expect(in.op == rv_op_lui && in.rd == 0);
    cr_expect_eq(rv_decode(0x00000013, &in), 4);
    cr_expect(in.op == rv_op_addi && in.len == 4);
}

Test(decode, illegal_32bit)
{
    expect_illegal(0xffffffff, 4, "all ones (a longer-than-32-bit encoding)");
    expect_illegal(0x0000001f, 4, "48-bit encoding prefix");
    expect_illegal(0x0205151b, 4, "slliw with shamt[5] set");
    expect_illegal(0x0205551b, 4, "srliw with shamt[5] set");
    expect_illegal(0x4205551b, 4, "sraiw with shamt[5] set");
    expect_illegal(0x6205d51b, 4, "roriw with shamt[5] set");
    expect_illegal(0x04c5f553, 4, "fadd.h (no Zfh)");
    expect_illegal(0x06c5f553, 4, "fadd.q (no Q)");
    expect_illegal(0x6cc5f543, 4, "fmadd.h (no Zfh)");
    expect_illegal(0x00c5c507, 4, "flq-width FP load (funct3 100)");
    expect_illegal(0x00b6152f, 4, "AMO with funct3 001");
    expect_illegal(0x1015a52f, 4, "lr.w with rs2 != 0");
    expect_illegal(0xc045f553, 4, "fcvt.w.s with rs2 = 4");
    expect_illegal(0xe005a553, 4, "fmv.x.w with funct3 010");
    expect_illegal(0x00000173, 4, "ecall with rd != 0");
    expect_illegal(0x30200073, 4, "mret");
    expect_illegal(0x10500073, 4, "wfi");
    expect_illegal(0x02000057, 4, "vector (OP-V)");
    expect_illegal(0x0000400f, 4, "MISC-MEM funct3 100");
    expect_illegal(0x00007067, 4, "jalr with funct3 111");
    expect_illegal(0x00002063, 4, "branch funct3 010");
    expect_illegal(0x00007003, 4, "load funct3 111");
    expect_illegal(0x00004023, 4, "store funct3 100");
    expect_illegal(0xfc05d513, 4, "OP-IMM funct3 101 with unassigned funct6");
    expect_illegal(0x60359513, 4, "Zbb unary slot 0x603 (between cpop and sext.b)");
}

/* ---- robustness ------------------------------------------------------------------------ */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

Test(decode, million_random_words)
{
    char big[128], small[9];
    int legal = 0;
    for (int i = 0; i < 1000000; i++) {
        uint32_t w = next_random();
        struct rv_insn in;
        memset(&in, 0xa5, sizeof in);
        int len = rv_decode(w, &in);
        int want = (w & 3) == 3 ? 4 : 2;
        if (len != want || in.len != want || in.op >= rv_op_count || in.rd > 31 || in.rs1 > 31 ||
            in.rs2 > 31 || in.rs3 > 31 || in.rm > 7 || in.aqrl > 3) {
            cr_assert(0, "%08x: len %d op %u rd %u rs1 %u rs2 %u rs3 %u rm %u aqrl %u", w, len,
                      in.op, in.rd, in.rs1, in.rs2, in.rs3, in.rm, in.aqrl);
        }
        if (in.op != rv_op_illegal && len == 4) {
            legal++;
            cr_assert_eq(w & rows[in.op].mask, rows[in.op].match, "%08x decoded as %s", w,
                         rv_op_names[in.op]);
        }
        rv_disasm(&in, w, big, sizeof big);
        cr_assert_lt(strlen(big), 64, "%08x: \"%s\"", w, big);
        rv_disasm(&in, w, small, sizeof small);
        cr_assert_lt(strlen(small), sizeof small);
        cr_assert(strncmp(small, big, sizeof small - 1) == 0, "truncated text differs");
    }
    cr_expect_gt(legal, 1000, "suspiciously few legal words: %d", legal);
}

/* Every 16-bit value: decodes with length 2, with only the fields a compressed form can set,
 * and a legal one prints as an instruction. */
Test(decode, every_compressed_word)
{
    int legal = 0;
    char buf[128];
    for (uint32_t c = 0; c < 0x10000; c++) {
        if ((c & 3) == 3)
            continue;
        struct rv_insn in;
        cr_assert_eq(rv_decode(c, &in), 2);
        if (in.op == rv_op_illegal)
            continue;
        legal++;
        cr_assert(in.rd < 32 && in.rs1 < 32 && in.rs2 < 32 && in.rs3 == 0 && in.rm == 0 &&
                  in.aqrl == 0, "%04x", c);
        rv_disasm(&in, 0x1000, buf, sizeof buf);
        cr_assert_neq(strcmp(buf, "illegal"), 0);
    }
    /* 3 quadrants x 2^14; the reserved slots are a small minority */
    cr_expect_gt(legal, 45000, "%d legal compressed words", legal);
}
