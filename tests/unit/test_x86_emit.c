/*
 * tests/unit/test_x86_emit.c - the x86-64 encoder (translate/jit/x86_emit.h) against capstone.
 *
 * Every emitter runs over every operand shape it takes: all 16 registers in each register
 * position, memory operands with every base (rsp, rbp, r12 and r13 need a SIB byte or a zero
 * disp8), with no index and with every index register and scale, and displacements at the
 * disp8 / disp32 edges (8784 shapes); every size, both w64 settings, every condition code, ALU
 * and shift operation. Register-only forms try every pair of registers; lea and the 8-byte
 * load try every register with every memory shape, the other memory forms every shape with a
 * register (and immediate) cycling along (reg_for, imm_for), which the encoder keeps apart.
 * The bytes go to capstone and its text (mnemonic and operands) must equal the text this file
 * builds from the arguments, from exactly the bytes emitted: one instruction (two for setcc),
 * nothing left over; lea, mov_ri and alu_ri also check the length (the shortest encoding).
 * Then the rel32 patching, the `full` rule, and cpuid.
 *
 * The expected text follows capstone 4's Intel printer: immediates -9..9 in decimal, others
 * in hex, negative ones with a minus sign, except for and / or / xor, whose negative immediates
 * are shown as the unsigned value of the operand's size.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* capstone's x86.h has an enum x86_reg of its own: renamed here, out of the encoder's way. */
#define x86_reg cs_x86_reg
#include <capstone/capstone.h>
#undef x86_reg

#include "translate/jit/x86_emit.h"

static csh cs;
static unsigned long cases;  /* capstone-checked instructions in this test */

static void cs_setup(void)
{
    cr_assert_eq(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
}

static void cs_teardown(void)
{
    cr_log_info("%lu capstone-checked cases", cases);
    cs_close(&cs);
}

TestSuite(x86_emit, .init = cs_setup, .fini = cs_teardown);

/* ---- names ---------------------------------------------------------------------------- */

static const char *const names64[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const names32[16] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const names16[16] = {
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const names8[16] = {
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};
static const char *const cc_names[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
};
static const char *const alu_names[8] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };
static const enum x86_shift shifts[] = { X86_ROL, X86_ROR, X86_SHL, X86_SHR, X86_SAR };
static const char *const shift_names[8] = { "rol", "ror", NULL, NULL, "shl", "shr", NULL, "sar" };

static const char *reg(int size, int r)
{
    switch (size) {
    case 1: return names8[r];
    case 2: return names16[r];
    case 4: return names32[r];
    default: return names64[r];
    }
}

static const char *ptr(int size)
{
    switch (size) {
    case 1: return "byte ptr ";
    case 2: return "word ptr ";
    case 4: return "dword ptr ";
    default: return "qword ptr ";
    }
}

static const int sizes[] = { 1, 2, 4, 8 };

/* ---- expected text -------------------------------------------------------------------- */

/* An immediate as capstone prints it. */
static const char *imm(char *out, int64_t v)
{
    if (v >= 0)
        snprintf(out, 32, v > 9 ? "0x%" PRIx64 : "%" PRId64, v);
    else if (v == INT64_MIN)
        snprintf(out, 32, "0x8000000000000000");
    else
        snprintf(out, 32, v < -9 ? "-0x%" PRIx64 : "-%" PRId64, -v);
    return out;
}

/* An immediate of an instruction with `op_size`-byte operands, encoded in `field` bytes (v is
 * the value it stands for, sign-extended). capstone prints a negative immediate that the
 * encoding sign-extends (an imm8 in a wider operation, an imm32 in a 64-bit one) with a minus
 * sign, and one as wide as the operation (and any for and / or / xor) as the unsigned value of
 * the operation's size: "add rax, -0x80" but "add eax, 0xffffff7f", "mov byte ptr [rax], 0xff". */
static const char *imm_op(char *out, int64_t v, int field, int op_size, bool bitwise)
{
    if (v >= 0 || (field < op_size && !bitwise))
        return imm(out, v);
    uint64_t u = op_size == 8 ? (uint64_t)v : (uint64_t)v & ((1ull << (8 * op_size)) - 1);
    snprintf(out, 32, "0x%" PRIx64, u);
    return out;
}

/* An ALU immediate: imm8 when it fits, else imm32 (the emitter's choice). */
static const char *alu_imm(char *out, enum x86_alu op, int32_t v, int op_size)
{
    int field = v >= -128 && v <= 127 ? 1 : 4;
    return imm_op(out, v, field, op_size, op == X86_AND || op == X86_OR || op == X86_XOR);
}

/* "qword ptr [r12 + rcx*8 - 0x80]" */
static const char *mem(char *out, const char *size_ptr, struct x86_mem m)
{
    char index[16] = "", disp[32] = "";
    if (m.index != X86_NOREG)
        snprintf(index, sizeof index, m.scale == 1 ? " + %s" : " + %s*%d", names64[m.index],
                 m.scale);
    if (m.disp)
        snprintf(disp, sizeof disp, m.disp < 0 ? " - 0x%" PRIx64 : " + 0x%" PRIx64,
                 m.disp < 0 ? -(int64_t)m.disp : (int64_t)m.disp);
    if (m.disp && m.disp >= -9 && m.disp <= 9)
        snprintf(disp, sizeof disp, " %c %d", m.disp < 0 ? '-' : '+', m.disp < 0 ? -m.disp : m.disp);
    snprintf(out, 96, "%s[%s%s%s]", size_ptr, names64[m.base], index, disp);
    return out;
}

/* ---- memory operand shapes ------------------------------------------------------------ */

/* Around the disp8 / disp32 boundary both ways, small ones printed in decimal, and the ends. */
static const int32_t disps[] = { 0, 1, -8, 0x7f, -0x80, 0x80, -0x81, INT32_MAX, INT32_MIN };
#define N_DISPS (sizeof disps / sizeof disps[0])
#define MAX_SHAPES (16 * (1 + 15 * 4) * N_DISPS)

static struct x86_mem shapes[MAX_SHAPES];

/* Every base; no index, or every index but rsp with every scale; every displacement. */
static size_t make_shapes(void)
{
    static const uint8_t scales[] = { 1, 2, 4, 8 };
    size_t n = 0;
    for (int base = 0; base < 16; base++)
        for (int index = -1; index < 16; index++)
            for (size_t s = 0; s < 4; s++)
                for (size_t d = 0; d < N_DISPS; d++) {
                    if (index == X86_RSP || (index < 0 && s > 0))
                        continue;
                    shapes[n++] = index < 0 ? x86_mem(base, disps[d])
                                            : x86_mem_index(base, index, scales[s], disps[d]);
                }
    return n;
}

/* The register that goes with the i-th shape in the tests that do not try every register
 * with every shape (the register only reaches ModRM.reg and REX.R; lea and the 8-byte load do
 * try every pairing). It cycles fastest, so every register meets every base, every index and
 * every displacement (16 and the 9 displacements share no factor). */
static int reg_for(size_t i)
{
    return (int)(i % 16);
}

/* ---- checking -------------------------------------------------------------------------- */

static uint8_t code[64];
static struct x86_buf buf;

static struct x86_buf *fresh(void)
{
    memset(code, 0xAA, sizeof code);
    x86_buf_init(&buf, code, sizeof code);
    return &buf;
}

/* The buffer holds exactly the instructions in `want` ("; " between two) and nothing else. */
static void expect(const struct x86_buf *b, const char *want)
{
    cr_assert(!b->full, "buffer full for %s", want);
    size_t len = x86_buf_used(b);
    cs_insn *insn;
    size_t n = cs_disasm(cs, b->start, len, (uintptr_t)b->start, 0, &insn);
    char got[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        size_t at = strlen(got);
        snprintf(got + at, sizeof got - at, "%s%s%s%s", i ? "; " : "", insn[i].mnemonic,
                 insn[i].op_str[0] ? " " : "", insn[i].op_str);
        used += insn[i].size;
    }
    size_t want_n = 1 + (strstr(want, "; ") != NULL);
    if (n == 0 || n != want_n || used != len || strcmp(got, want) != 0) {
        char hex[3 * 64 + 1] = "";
        for (size_t i = 0; i < len; i++)
            sprintf(hex + 3 * i, "%02x ", b->start[i]);
        cr_assert_fail("want \"%s\", got %zu insn(s) \"%s\" using %zu of %zu bytes: %s", want, n,
                       got, used, len, hex);
    }
    cs_free(insn, n);
    cases++;
}

static void expect_len(const struct x86_buf *b, size_t len, const char *what)
{
    cr_assert_eq(x86_buf_used(b), len, "%s: %zu bytes, want %zu", what, x86_buf_used(b), len);
}

/* ---- moves ----------------------------------------------------------------------------- */

Test(x86_emit, mov_rr)
{
    char want[128];
    for (int w = 0; w < 2; w++)
        for (int d = 0; d < 16; d++)
            for (int s = 0; s < 16; s++) {
                x86_mov_rr(fresh(), w, d, s);
                snprintf(want, sizeof want, "mov %s, %s", reg(w ? 8 : 4, d), reg(w ? 8 : 4, s));
                expect(&buf, want);
            }
}

static const uint64_t imm64s[] = {
    0, 1, 9, 10, 0x7f, 0x80, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
    UINT64_MAX, (uint64_t)-0x80, 0xffffffff80000000, 0xffffffff7fffffff, 0x123456789abcdef0,
    0x8000000000000000, INT64_MAX,
};

Test(x86_emit, mov_ri_shortest)
{
    char want[128], num[32];
    for (size_t i = 0; i < sizeof imm64s / sizeof imm64s[0]; i++)
        for (int d = 0; d < 16; d++) {
            uint64_t v = imm64s[i];
            x86_mov_ri(fresh(), d, v);
            if (v <= UINT32_MAX) {  /* mov r32, imm32 */
                snprintf(want, sizeof want, "mov %s, %s", names32[d],
                         imm_op(num, (int32_t)v, 4, 4, false));
                expect_len(&buf, d < 8 ? 5 : 6, want);
            } else if ((int64_t)v == (int32_t)v) {  /* mov r64, simm32 */
                snprintf(want, sizeof want, "mov %s, %s", names64[d], imm(num, (int64_t)v));
                expect_len(&buf, 7, want);
            } else {
                snprintf(want, sizeof want, "movabs %s, %s", names64[d],
                         imm_op(num, (int64_t)v, 8, 8, false));
                expect_len(&buf, 10, want);
            }
            expect(&buf, want);
        }
}

Test(x86_emit, movabs)
{
    char want[128], num[32];
    for (size_t i = 0; i < sizeof imm64s / sizeof imm64s[0]; i++)
        for (int d = 0; d < 16; d++) {
            x86_movabs(fresh(), d, imm64s[i]);
            expect_len(&buf, 10, "movabs");
            uint64_t last8;
            memcpy(&last8, code + 2, 8);  /* the constant to patch: the last 8 bytes */
            cr_assert_eq(last8, imm64s[i]);
            snprintf(want, sizeof want, "movabs %s, %s", names64[d],
                     imm_op(num, (int64_t)imm64s[i], 8, 8, false));
            expect(&buf, want);
        }
}

static const char *load_text(char *out, int size, bool sign, int d, struct x86_mem m)
{
    char mt[96];
    const char *op = size == 8 || (size == 4 && !sign) ? "mov"
                     : size == 4 ? "movsxd" : sign ? "movsx" : "movzx";
    snprintf(out, 160, "%s %s, %s", op, sign || size == 8 ? names64[d] : names32[d],
             mem(mt, ptr(size), m));
    return out;
}

Test(x86_emit, load)
{
    char want[160];
    size_t n = make_shapes();
    for (size_t z = 0; z < 4; z++)
        for (int sign = 0; sign < 2; sign++)
            for (size_t i = 0; i < n; i++) {
                x86_load(fresh(), sizes[z], sign, reg_for(i), shapes[i]);
                expect(&buf, load_text(want, sizes[z], sign, reg_for(i), shapes[i]));
            }
    for (int d = 0; d < 16; d++)  /* every register with every shape */
        for (size_t i = 0; i < n; i++) {
            x86_load(fresh(), 8, false, d, shapes[i]);
            expect(&buf, load_text(want, 8, false, d, shapes[i]));
        }
}

Test(x86_emit, store)
{
    char want[160], mt[96];
    size_t n = make_shapes();
    for (size_t z = 0; z < 4; z++)
        for (size_t i = 0; i < n; i++) {
            x86_store(fresh(), sizes[z], shapes[i], reg_for(i));
            snprintf(want, sizeof want, "mov %s, %s", mem(mt, ptr(sizes[z]), shapes[i]),
                     reg(sizes[z], reg_for(i)));
            expect(&buf, want);
        }
}

/* The immediate of a store or test of `size` bytes: imm32 (sign-extended) for size 8, else
 * the low `size` bytes of v. */
static const char *sized_imm(char *out, int32_t v, int size)
{
    int64_t field = size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : v;
    return imm_op(out, field, size == 8 ? 4 : size, size, false);
}

static const int32_t imm32s[] = { 0, 1, -1, 9, -9, 10, 0x7f, -0x80, 0x80, -0x81, 0x1234,
                                  0x12345678, INT32_MAX, INT32_MIN };
#define N_IMM32S (sizeof imm32s / sizeof imm32s[0])

/* The immediate that goes with the i-th shape: every immediate meets every base, every index
 * and every displacement (14 and the 9 displacements share no factor). */
static int32_t imm_for(size_t i)
{
    return imm32s[i % N_IMM32S];
}

Test(x86_emit, store_imm)
{
    char want[160], mt[96], num[32];
    size_t n = make_shapes();
    for (size_t z = 0; z < 4; z++)
        for (size_t i = 0; i < n; i++) {
            x86_store_imm(fresh(), sizes[z], shapes[i], imm_for(i));
            snprintf(want, sizeof want, "mov %s, %s", mem(mt, ptr(sizes[z]), shapes[i]),
                     sized_imm(num, imm_for(i), sizes[z]));
            expect(&buf, want);
        }
}

/* Bytes after the opcode for a memory operand, the shortest encoding: ModRM; a SIB byte for
 * an index or base rsp / r12; no displacement for 0 but under base rbp / r13 (a disp8 of 0
 * there), a disp8 when it fits, else a disp32. */
static size_t mem_len(struct x86_mem m)
{
    bool sib = m.index != X86_NOREG || m.base == X86_RSP || m.base == X86_R12;
    bool no_disp = m.disp == 0 && m.base != X86_RBP && m.base != X86_R13;
    size_t disp = no_disp ? 0 : m.disp >= -128 && m.disp <= 127 ? 1 : 4;
    return 1 + sib + disp;
}

Test(x86_emit, lea)
{
    char want[160], mt[96];
    size_t n = make_shapes();
    for (int w = 0; w < 2; w++)
        for (int d = 0; d < 16; d++)
            for (size_t i = 0; i < n; i++) {
                struct x86_mem m = shapes[i];
                x86_lea(fresh(), w, d, m);
                snprintf(want, sizeof want, "lea %s, %s", reg(w ? 8 : 4, d), mem(mt, "", m));
                bool rex = w || d >= 8 || m.base >= 8 || m.index >= 8;
                expect_len(&buf, rex + 1 + mem_len(m), want);
                expect(&buf, want);
            }
}

Test(x86_emit, movsx_movzx_rr)
{
    char want[128];
    for (size_t z = 0; z < 3; z++)
        for (int d = 0; d < 16; d++)
            for (int s = 0; s < 16; s++) {
                int size = sizes[z];
                x86_movsx_rr(fresh(), size, d, s);
                snprintf(want, sizeof want, "%s %s, %s", size == 4 ? "movsxd" : "movsx",
                         names64[d], reg(size, s));
                expect(&buf, want);
                x86_movzx_rr(fresh(), size, d, s);
                snprintf(want, sizeof want, "%s %s, %s", size == 4 ? "mov" : "movzx", names32[d],
                         reg(size, s));
                expect(&buf, want);
            }
}

/* ---- arithmetic ------------------------------------------------------------------------ */

Test(x86_emit, alu_rr)
{
    char want[128];
    for (int op = 0; op < 8; op++)
        for (int w = 0; w < 2; w++)
            for (int d = 0; d < 16; d++)
                for (int s = 0; s < 16; s++) {
                    x86_alu_rr(fresh(), op, w, d, s);
                    snprintf(want, sizeof want, "%s %s, %s", alu_names[op], reg(w ? 8 : 4, d),
                             reg(w ? 8 : 4, s));
                    expect(&buf, want);
                }
}

Test(x86_emit, alu_ri)
{
    char want[128], num[32];
    for (int op = 0; op < 8; op++)
        for (int w = 0; w < 2; w++)
            for (int d = 0; d < 16; d++)
                for (size_t k = 0; k < N_IMM32S; k++) {
                    int32_t v = imm32s[k];
                    x86_alu_ri(fresh(), op, w, d, v);
                    bool imm8 = v >= -128 && v <= 127;
                    /* REX (W or B) + opcode + ModRM + imm; rax's imm32 form has no ModRM */
                    size_t len = (w || d >= 8) + 1 + (imm8 ? 2 : d == X86_RAX ? 4 : 5);
                    snprintf(want, sizeof want, "%s %s, %s", alu_names[op], reg(w ? 8 : 4, d),
                             alu_imm(num, op, v, w ? 8 : 4));
                    expect_len(&buf, len, want);
                    expect(&buf, want);
                }
}

Test(x86_emit, alu_rm_mr)
{
    char want[160], mt[96];
    size_t n = make_shapes();
    for (int op = 0; op < 8; op++)
        for (int w = 0; w < 2; w++)
            for (size_t i = 0; i < n; i++) {
                const char *rn = reg(w ? 8 : 4, reg_for(i));
                mem(mt, ptr(w ? 8 : 4), shapes[i]);
                x86_alu_rm(fresh(), op, w, reg_for(i), shapes[i]);
                snprintf(want, sizeof want, "%s %s, %s", alu_names[op], rn, mt);
                expect(&buf, want);
                x86_alu_mr(fresh(), op, w, shapes[i], reg_for(i));
                snprintf(want, sizeof want, "%s %s, %s", alu_names[op], mt, rn);
                expect(&buf, want);
            }
}

Test(x86_emit, alu_mi)
{
    char want[160], mt[96], num[32];
    size_t n = make_shapes();
    for (int op = 0; op < 8; op++)
        for (int w = 0; w < 2; w++)
            for (size_t i = 0; i < n; i++) {
                x86_alu_mi(fresh(), op, w, shapes[i], imm_for(i));
                snprintf(want, sizeof want, "%s %s, %s", alu_names[op],
                         mem(mt, ptr(w ? 8 : 4), shapes[i]), alu_imm(num, op, imm_for(i), w ? 8 : 4));
                expect(&buf, want);
            }
}

Test(x86_emit, test_rr_mi)
{
    char want[160], mt[96], num[32];
    for (int w = 0; w < 2; w++)
        for (int a = 0; a < 16; a++)
            for (int c = 0; c < 16; c++) {
                x86_test_rr(fresh(), w, a, c);
                snprintf(want, sizeof want, "test %s, %s", reg(w ? 8 : 4, a), reg(w ? 8 : 4, c));
                expect(&buf, want);
            }
    size_t n = make_shapes();
    for (size_t z = 0; z < 4; z++)
        for (size_t i = 0; i < n; i++) {
            x86_test_mi(fresh(), sizes[z], shapes[i], imm_for(i));
            snprintf(want, sizeof want, "test %s, %s", mem(mt, ptr(sizes[z]), shapes[i]),
                     sized_imm(num, imm_for(i), sizes[z]));
            expect(&buf, want);
        }
}

Test(x86_emit, shifts)
{
    static const uint8_t counts[] = { 1, 2, 9, 10, 31, 63 };
    char want[128], num[32];
    for (size_t o = 0; o < sizeof shifts / sizeof shifts[0]; o++)
        for (int w = 0; w < 2; w++)
            for (int d = 0; d < 16; d++) {
                const char *name = shift_names[shifts[o]], *dn = reg(w ? 8 : 4, d);
                for (size_t k = 0; k < sizeof counts; k++) {
                    x86_shift_ri(fresh(), shifts[o], w, d, counts[k]);
                    snprintf(want, sizeof want, "%s %s, %s", name, dn, imm(num, counts[k]));
                    expect(&buf, want);
                }
                x86_shift_rcl(fresh(), shifts[o], w, d);
                snprintf(want, sizeof want, "%s %s, cl", name, dn);
                expect(&buf, want);
            }
}

Test(x86_emit, one_operand)
{
    char want[128];
    for (int w = 0; w < 2; w++)
        for (int r = 0; r < 16; r++) {
            const char *rn = reg(w ? 8 : 4, r);
            x86_neg(fresh(), w, r);
            snprintf(want, sizeof want, "neg %s", rn);
            expect(&buf, want);
            x86_not(fresh(), w, r);
            snprintf(want, sizeof want, "not %s", rn);
            expect(&buf, want);
            for (int sg = 0; sg < 2; sg++) {
                x86_mul_wide(fresh(), sg, w, r);
                snprintf(want, sizeof want, "%s %s", sg ? "imul" : "mul", rn);
                expect(&buf, want);
                x86_div_wide(fresh(), sg, w, r);
                snprintf(want, sizeof want, "%s %s", sg ? "idiv" : "div", rn);
                expect(&buf, want);
            }
            x86_bswap(fresh(), w, r);
            snprintf(want, sizeof want, "bswap %s", rn);
            expect(&buf, want);
        }
    x86_cqo(fresh(), true);
    expect(&buf, "cqo");
    x86_cqo(fresh(), false);
    expect(&buf, "cdq");
}

Test(x86_emit, two_register_ops)
{
    static void (*const emit[])(struct x86_buf *, bool, enum x86_reg, enum x86_reg) = {
        x86_imul_rr, x86_lzcnt, x86_tzcnt, x86_popcnt,
    };
    static const char *const names[] = { "imul", "lzcnt", "tzcnt", "popcnt" };
    char want[128];
    for (size_t e = 0; e < 4; e++)
        for (int w = 0; w < 2; w++)
            for (int d = 0; d < 16; d++)
                for (int s = 0; s < 16; s++) {
                    emit[e](fresh(), w, d, s);
                    snprintf(want, sizeof want, "%s %s, %s", names[e], reg(w ? 8 : 4, d),
                             reg(w ? 8 : 4, s));
                    expect(&buf, want);
                }
}

/* ---- conditions and control flow ----------------------------------------------------- */

Test(x86_emit, setcc_cmov)
{
    char want[128];
    for (int cc = 0; cc < 16; cc++)
        for (int d = 0; d < 16; d++) {
            x86_setcc(fresh(), cc, d);
            snprintf(want, sizeof want, "set%s %s; movzx %s, %s", cc_names[cc], names8[d],
                     names32[d], names8[d]);
            expect(&buf, want);
            for (int w = 0; w < 2; w++)
                for (int s = 0; s < 16; s++) {
                    x86_cmov(fresh(), cc, w, d, s);
                    snprintf(want, sizeof want, "cmov%s %s, %s", cc_names[cc], reg(w ? 8 : 4, d),
                             reg(w ? 8 : 4, s));
                    expect(&buf, want);
                }
        }
}

/* A rel32 jump emitted after `pad` int3s: its offset, text before and after patching to a
 * few targets around it, both ways, up to the rel32's reach. */
static void check_rel32(size_t (*emit_jump)(struct x86_buf *), const char *mnemonic, size_t len)
{
    static const int64_t targets[] = { 0, 5, -5, 0x1000, -0x1000, INT32_MAX, INT32_MIN };
    char want[128];
    for (size_t pad = 0; pad < 3; pad++) {
        struct x86_buf *b = fresh();
        for (size_t i = 0; i < pad; i++)
            x86_int3(b);
        size_t at = emit_jump(b);
        cr_assert_eq(at, pad + len - 4, "%s: rel32 at %zu", mnemonic, at);
        uintptr_t next = (uintptr_t)code + pad + len;
        for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
            x86_patch_rel32(code + at, next, next + (uintptr_t)targets[t]);
            struct x86_buf jump = { code + pad, code + pad + len, code + sizeof code, false };
            snprintf(want, sizeof want, "%s 0x%" PRIxPTR, mnemonic,
                     next + (uintptr_t)targets[t]);
            expect(&jump, want);
        }
    }
}

static size_t jmp_e(struct x86_buf *b) { return x86_jmp(b); }
static size_t call_e(struct x86_buf *b) { return x86_call(b); }
static enum x86_cc jcc_cc;
static size_t jcc_e(struct x86_buf *b) { return x86_jcc(b, jcc_cc); }

Test(x86_emit, jumps_and_patch)
{
    char want[128];
    struct x86_buf *b = fresh();
    size_t at = x86_jmp(b);  /* unpatched: a jump to the next instruction */
    snprintf(want, sizeof want, "jmp 0x%" PRIxPTR, (uintptr_t)code + 5);
    cr_assert_eq(at, 1);
    expect(b, want);
    check_rel32(jmp_e, "jmp", 5);
    check_rel32(call_e, "call", 5);
    for (int cc = 0; cc < 16; cc++) {
        jcc_cc = cc;
        snprintf(want, sizeof want, "j%s", cc_names[cc]);
        check_rel32(jcc_e, want, 6);
    }
}

Test(x86_emit, register_control_and_stack)
{
    char want[128];
    for (int r = 0; r < 16; r++) {
        x86_jmp_r(fresh(), r);
        snprintf(want, sizeof want, "jmp %s", names64[r]);
        expect(&buf, want);
        x86_call_r(fresh(), r);
        snprintf(want, sizeof want, "call %s", names64[r]);
        expect(&buf, want);
        x86_push(fresh(), r);
        snprintf(want, sizeof want, "push %s", names64[r]);
        expect(&buf, want);
        x86_pop(fresh(), r);
        snprintf(want, sizeof want, "pop %s", names64[r]);
        expect(&buf, want);
    }
    x86_jmp_m(fresh(), x86_mem(X86_RCX, 8));
    expect(&buf, "jmp qword ptr [rcx + 8]");
    x86_jmp_m(fresh(), x86_mem_index(X86_R13, X86_R9, 8, 0x280));
    expect(&buf, "jmp qword ptr [r13 + r9*8 + 0x280]");
    x86_ret(fresh());
    expect(&buf, "ret");
    x86_ret_imm(fresh(), 8);
    expect(&buf, "ret 8");
    x86_ret_imm(fresh(), 0x1234);
    expect(&buf, "ret 0x1234");
    static const char *const nops[] = { NULL, "nop", "nop", "nop dword ptr [rax]" };
    for (int len = 1; len <= 3; len++) {  /* one instruction of each length */
        x86_nop(fresh(), len);
        expect_len(&buf, (size_t)len, "nop");
        expect(&buf, nops[len]);
    }
    x86_nop(fresh(), 0);
    expect_len(&buf, 0, "nop of 0 bytes");
    x86_ud2(fresh());
    expect(&buf, "ud2");
    x86_int3(fresh());
    expect(&buf, "int3");
    x86_mfence(fresh());
    expect_len(&buf, 3, "mfence");
    cr_assert(memcmp(code, "\x0f\xae\xf0", 3) == 0);
    expect(&buf, "mfence");
}

/* ---- atomics --------------------------------------------------------------------------- */

Test(x86_emit, atomics)
{
    char want[160], mt[96];
    size_t n = make_shapes();
    for (int size = 4; size <= 8; size += 4)
        for (size_t i = 0; i < n; i++) {
            int s = reg_for(i);
            mem(mt, ptr(size), shapes[i]);
            x86_lock_cmpxchg(fresh(), size, shapes[i], s);
            snprintf(want, sizeof want, "lock cmpxchg %s, %s", mt, reg(size, s));
            expect(&buf, want);
            x86_lock_xadd(fresh(), size, shapes[i], s);
            snprintf(want, sizeof want, "lock xadd %s, %s", mt, reg(size, s));
            expect(&buf, want);
            x86_xchg_mr(fresh(), size, shapes[i], s);
            snprintf(want, sizeof want, "xchg %s, %s", mt, reg(size, s));
            expect(&buf, want);
        }
}

/* ---- scalar double SSE2 and FMA3 -------------------------------------------------------- */

Test(x86_emit, sse_sd)
{
    static const struct { enum x86_sse_op op; const char *name; } ops[] = {
        { X86_ADDSD, "addsd" }, { X86_MULSD, "mulsd" }, { X86_SUBSD, "subsd" },
        { X86_DIVSD, "divsd" }, { X86_SQRTSD, "sqrtsd" },
    };
    static const struct { enum x86_fma op; const char *name; } fmas[] = {
        { X86_VFMADD213SD, "vfmadd213sd" }, { X86_VFMSUB213SD, "vfmsub213sd" },
        { X86_VFNMADD213SD, "vfnmadd213sd" }, { X86_VFNMSUB213SD, "vfnmsub213sd" },
    };
    char want[160], mt[96];
    size_t n = make_shapes();
    for (size_t i = 0; i < n; i++) {
        int x = reg_for(i), x2 = (int)((i / 16 + 5) % 16);
        mem(mt, "qword ptr ", shapes[i]);
        x86_movsd_load(fresh(), x, shapes[i]);
        snprintf(want, sizeof want, "movsd xmm%d, %s", x, mt);
        expect(&buf, want);
        x86_movsd_store(fresh(), shapes[i], x);
        snprintf(want, sizeof want, "movsd %s, xmm%d", mt, x);
        expect(&buf, want);
        x86_sse_sd(fresh(), ops[i % 5].op, x, shapes[i]);
        snprintf(want, sizeof want, "%s xmm%d, %s", ops[i % 5].name, x, mt);
        expect(&buf, want);
        x86_fma213_sd(fresh(), fmas[i % 4].op, x, x2, shapes[i]);
        snprintf(want, sizeof want, "%s xmm%d, xmm%d, %s", fmas[i % 4].name, x, x2, mt);
        expect(&buf, want);
        mem(mt, "dword ptr ", shapes[i]);
        x86_movd_store(fresh(), shapes[i], x);
        snprintf(want, sizeof want, "movd %s, xmm%d", mt, x);
        expect(&buf, want);
    }
    for (int r = 0; r < 16; r++)
        for (int x = 0; x < 16; x++) {
            x86_movq_r_xmm(fresh(), r, x);
            snprintf(want, sizeof want, "movq %s, xmm%d", reg(8, r), x);
            expect(&buf, want);
            x86_ucomisd(fresh(), r, x);
            snprintf(want, sizeof want, "ucomisd xmm%d, xmm%d", r, x);
            expect(&buf, want);
            x86_movq_xmm_r(fresh(), x, r);
            snprintf(want, sizeof want, "movq xmm%d, %s", x, reg(8, r));
            expect(&buf, want);
            x86_movaps_rr(fresh(), r, x);
            snprintf(want, sizeof want, "movaps xmm%d, xmm%d", r, x);
            expect(&buf, want);
            x86_sse_sd_rr(fresh(), ops[(r + x) % 5].op, r, x);
            snprintf(want, sizeof want, "%s xmm%d, xmm%d", ops[(r + x) % 5].name, r, x);
            expect(&buf, want);
            int x3 = (r * 7 + x) % 16;
            x86_fma213_sd_rr(fresh(), fmas[(r + x) % 4].op, r, x, x3);
            snprintf(want, sizeof want, "%s xmm%d, xmm%d, xmm%d", fmas[(r + x) % 4].name, r, x,
                     x3);
            expect(&buf, want);
        }
}

/* ---- running out of room --------------------------------------------------------------- */

/* Every emitter in its longest shape (REX, SIB, disp32, imm32 where it has them). */
static const struct x86_mem far_mem = { X86_R13, X86_R12, 8, INT32_MIN };
static void e_mov_rr(struct x86_buf *b) { x86_mov_rr(b, true, X86_R12, X86_R13); }
static void e_mov_ri(struct x86_buf *b) { x86_mov_ri(b, X86_R15, 0x123456789abcdef0); }
static void e_movabs(struct x86_buf *b) { x86_movabs(b, X86_R15, 1); }
static void e_load(struct x86_buf *b) { x86_load(b, 2, true, X86_R9, far_mem); }
static void e_store(struct x86_buf *b) { x86_store(b, 2, far_mem, X86_R9); }
static void e_store_imm(struct x86_buf *b) { x86_store_imm(b, 8, far_mem, INT32_MIN); }
static void e_store_imm16(struct x86_buf *b) { x86_store_imm(b, 2, far_mem, -1); }
static void e_lea(struct x86_buf *b) { x86_lea(b, true, X86_R8, far_mem); }
static void e_movsx(struct x86_buf *b) { x86_movsx_rr(b, 1, X86_R8, X86_RSI); }
static void e_movzx(struct x86_buf *b) { x86_movzx_rr(b, 2, X86_R8, X86_R11); }
static void e_alu_rr(struct x86_buf *b) { x86_alu_rr(b, X86_SUB, true, X86_R8, X86_R9); }
static void e_alu_ri(struct x86_buf *b) { x86_alu_ri(b, X86_XOR, true, X86_R8, INT32_MIN); }
static void e_alu_rm(struct x86_buf *b) { x86_alu_rm(b, X86_ADD, true, X86_R8, far_mem); }
static void e_alu_mr(struct x86_buf *b) { x86_alu_mr(b, X86_CMP, true, far_mem, X86_R8); }
static void e_alu_mi(struct x86_buf *b) { x86_alu_mi(b, X86_AND, true, far_mem, INT32_MIN); }
static void e_test_rr(struct x86_buf *b) { x86_test_rr(b, true, X86_R8, X86_R9); }
static void e_test_mi(struct x86_buf *b) { x86_test_mi(b, 2, far_mem, 0x1234); }
static void e_shift_ri(struct x86_buf *b) { x86_shift_ri(b, X86_SAR, true, X86_R8, 3); }
static void e_shift_rcl(struct x86_buf *b) { x86_shift_rcl(b, X86_SHL, true, X86_R8); }
static void e_neg(struct x86_buf *b) { x86_neg(b, true, X86_R8); }
static void e_not(struct x86_buf *b) { x86_not(b, true, X86_R8); }
static void e_imul_rr(struct x86_buf *b) { x86_imul_rr(b, true, X86_R8, X86_R9); }
static void e_mul_wide(struct x86_buf *b) { x86_mul_wide(b, false, true, X86_R8); }
static void e_div_wide(struct x86_buf *b) { x86_div_wide(b, true, true, X86_R8); }
static void e_cqo(struct x86_buf *b) { x86_cqo(b, true); }
static void e_lzcnt(struct x86_buf *b) { x86_lzcnt(b, true, X86_R8, X86_R9); }
static void e_tzcnt(struct x86_buf *b) { x86_tzcnt(b, true, X86_R8, X86_R9); }
static void e_popcnt(struct x86_buf *b) { x86_popcnt(b, true, X86_R8, X86_R9); }
static void e_bswap(struct x86_buf *b) { x86_bswap(b, true, X86_R8); }
static void e_setcc(struct x86_buf *b) { x86_setcc(b, X86_CC_LE, X86_R15); }
static void e_cmov(struct x86_buf *b) { x86_cmov(b, X86_CC_G, true, X86_R8, X86_R9); }
static void e_jcc(struct x86_buf *b) { cr_assert_eq(x86_jcc(b, X86_CC_E), b->full ? 0 : 2); }
static void e_jmp(struct x86_buf *b) { cr_assert_eq(x86_jmp(b), b->full ? 0 : 1); }
static void e_call(struct x86_buf *b) { cr_assert_eq(x86_call(b), b->full ? 0 : 1); }
static void e_jmp_r(struct x86_buf *b) { x86_jmp_r(b, X86_R8); }
static void e_jmp_m(struct x86_buf *b) { x86_jmp_m(b, x86_mem(X86_RCX, 8)); }
static void e_call_r(struct x86_buf *b) { x86_call_r(b, X86_R8); }
static void e_ret(struct x86_buf *b) { x86_ret(b); }
static void e_ret_imm(struct x86_buf *b) { x86_ret_imm(b, 0x1234); }
static void e_push(struct x86_buf *b) { x86_push(b, X86_R8); }
static void e_pop(struct x86_buf *b) { x86_pop(b, X86_R8); }
static void e_cmpxchg(struct x86_buf *b) { x86_lock_cmpxchg(b, 8, far_mem, X86_R8); }
static void e_xadd(struct x86_buf *b) { x86_lock_xadd(b, 8, far_mem, X86_R8); }
static void e_xchg(struct x86_buf *b) { x86_xchg_mr(b, 8, far_mem, X86_R8); }
static void e_mfence(struct x86_buf *b) { x86_mfence(b); }
static void e_ud2(struct x86_buf *b) { x86_ud2(b); }
static void e_nop(struct x86_buf *b) { x86_nop(b, 3); }
static void e_ucomisd(struct x86_buf *b) { x86_ucomisd(b, 15, 9); }
static void e_int3(struct x86_buf *b) { x86_int3(b); }
static void e_movsd_load(struct x86_buf *b) { x86_movsd_load(b, 15, far_mem); }
static void e_movsd_store(struct x86_buf *b) { x86_movsd_store(b, far_mem, 15); }
static void e_sse_sd(struct x86_buf *b) { x86_sse_sd(b, X86_DIVSD, 15, far_mem); }
static void e_movq(struct x86_buf *b) { x86_movq_r_xmm(b, X86_R15, 15); }
static void e_fma(struct x86_buf *b) { x86_fma213_sd(b, X86_VFNMSUB213SD, 15, 14, far_mem); }
static void e_fma_rr(struct x86_buf *b) { x86_fma213_sd_rr(b, X86_VFMADD213SD, 15, 14, 13); }
static void e_sse_rr(struct x86_buf *b) { x86_sse_sd_rr(b, X86_ADDSD, 15, 9); }
static void e_movaps(struct x86_buf *b) { x86_movaps_rr(b, 15, 9); }
static void e_movq_xr(struct x86_buf *b) { x86_movq_xmm_r(b, 15, X86_R9); }
static void e_movd_store(struct x86_buf *b) { x86_movd_store(b, far_mem, 15); }

static void (*const emitters[])(struct x86_buf *) = {
    e_mov_rr, e_mov_ri, e_movabs, e_load, e_store, e_store_imm, e_store_imm16, e_lea, e_movsx,
    e_movzx, e_alu_rr, e_alu_ri, e_alu_rm, e_alu_mr, e_alu_mi, e_test_rr, e_test_mi,
    e_shift_ri, e_shift_rcl, e_neg, e_not, e_imul_rr, e_mul_wide, e_div_wide, e_cqo, e_lzcnt,
    e_tzcnt, e_popcnt, e_bswap, e_setcc, e_cmov, e_jcc, e_jmp, e_call, e_jmp_r, e_jmp_m, e_call_r,
    e_ret, e_ret_imm, e_push, e_pop, e_cmpxchg, e_xadd, e_xchg, e_mfence, e_ud2, e_nop, e_ucomisd, e_int3, e_movsd_load,
    e_movsd_store, e_sse_sd, e_movq, e_fma, e_fma_rr, e_sse_rr, e_movaps, e_movq_xr, e_movd_store,
};

static bool all_aa(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0xAA)
            return false;
    return true;
}

Test(x86_emit, full_writes_nothing)
{
    for (size_t e = 0; e < sizeof emitters / sizeof emitters[0]; e++) {
        /* 16 bytes of room: it fits, in at most 15 bytes (the longest instruction). */
        struct x86_buf *b = fresh();
        b->end = code + 16;
        emitters[e](b);
        cr_assert(!b->full, "emitter %zu: full with 16 bytes of room", e);
        cr_assert(x86_buf_used(b) > 0 && x86_buf_used(b) <= 15, "emitter %zu: %zu bytes", e,
                  x86_buf_used(b));
        /* 15 bytes: full, nothing written, and it stays so. */
        b = fresh();
        b->end = code + 15;
        emitters[e](b);
        cr_assert(b->full, "emitter %zu: not full with 15 bytes of room", e);
        cr_assert(x86_buf_used(b) == 0 && all_aa(code, sizeof code), "emitter %zu wrote", e);
        b->end = code + sizeof code;  /* room again, but a full buffer takes nothing more */
        emitters[e](b);
        cr_assert(b->full && x86_buf_used(b) == 0 && all_aa(code, sizeof code));
    }
}

Test(x86_emit, fills_then_stops)
{
    struct x86_buf *b = fresh();
    int n = 0;
    while (!b->full) {
        x86_push(b, X86_R8);  /* 2 bytes each */
        n++;
    }
    /* 64 bytes: pushes go in while 16 or more remain, at 0, 2, ..., 48 */
    cr_assert_eq(n, 26);
    cr_assert_eq(x86_buf_used(b), 50);
    cr_assert(all_aa(code + 50, sizeof code - 50));
    for (int i = 0; i < 25; i++)
        cr_assert(code[2 * i] == 0x41 && code[2 * i + 1] == 0x50);
}

Test(x86_emit, host_bitops_match_cpuid)
{
    __builtin_cpu_init();
    bool want = __builtin_cpu_supports("abm") && __builtin_cpu_supports("bmi") &&
                __builtin_cpu_supports("popcnt");
    cr_assert_eq(x86_host_has_bitops(), want);
}
