/*
 * tests/unit/test_interp.c - the reference interpreter, instruction by instruction, on a bare cpu.
 *
 * Each test writes encoded instructions into a fixed low mapping (guest address = host address),
 * ends them with ecall (the rv_syscall double below stops the run there), runs rv_run and checks
 * registers and memory. Encodings are built from riscv.def's match values plus operand fields, so
 * the decoder is exercised too. Faults are checked with criterion's .signal or with a fork.
 * The engine is CROSSRUN_ENGINE's (the default when unset): the harness runs this file once per
 * engine, since every engine must pass the same tests.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdlib.h>

#include "tests/unit/guest_as_double.h"
#include "translate/block.h"
#include "translate/cache.h"
#include "translate/engines.h"
#include "run/loop.h"
#include "translate/fpu.h"
#include "translate/insn.h"
#include "translate/log.h"

/* --- guest memory: code at BASE, data at DATA, all RWX, inside the guest range --- */
#define BASE ((guest_addr)0x40000000)
#define MAP_LEN 0x20000u
#define DATA (BASE + 0x10000)

static struct rv_cpu cpu;

/* The syscall layer's stand-in: every ecall stops the run; a0 becomes the exit status. */
bool rv_syscall(struct rv_cpu *c)
{
    c->stop = RV_STOP_EXIT;
    c->exit_status = (int)c->x[10];
    return false;
}

/* No guest handler exists here: every fault is fatal (checked with .signal or a fork). */
bool rv_sig_take_fault(int sig, int code, guest_addr addr)
{
    (void)sig;
    (void)code;
    (void)addr;
    return false;
}

static void setup(void)
{
    void *p = mmap((void *)BASE, MAP_LEN, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, (void *)BASE, "cannot map test memory at 0x%lx", (unsigned long)BASE);
    test_guest_region(BASE, MAP_LEN, PROT_READ | PROT_WRITE | PROT_EXEC);
    const char *engine = getenv("CROSSRUN_ENGINE");
    /* These tests look at blocks, their chains and their code after one run: the translator
     * gives a block code on its first run here, not once it is hot (translate/jit/interpret.c) */
    setenv("CROSSRUN_JIT_HOT", "1", 1);
    /* and they check instret after every run: counted from the start, as under --stats
     * (translate/jit/jit.h) */
    rv_engine_stats_wanted = true;
    cr_assert(rv_engine_select(engine && *engine ? engine : NULL), "unknown engine %s", engine);
    rv_run_init();
    memset(&cpu, 0, sizeof cpu);
}

TestSuite(interp, .init = setup);

/* --- encoders: match bits from riscv.def, operands placed per the base formats --- */
#define RV(name, fmt, match, mask, ext, flags) static const uint32_t M_##name = match;
#include "translate/riscv.def"
#undef RV

enum { ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, A0 = 10, A1, A2, A3, A4, A5, A6, A7, T3 = 28 };

static uint32_t r(uint32_t m, unsigned rd, unsigned rs1, unsigned rs2)
{
    return m | rd << 7 | rs1 << 15 | rs2 << 20;
}
static uint32_t i(uint32_t m, unsigned rd, unsigned rs1, int32_t imm)
{
    return m | rd << 7 | rs1 << 15 | ((uint32_t)imm & 0xfff) << 20;
}
static uint32_t s(uint32_t m, unsigned rs2, unsigned rs1, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return m | (u & 0x1f) << 7 | rs1 << 15 | rs2 << 20 | ((u >> 5) & 0x7f) << 25;
}
static uint32_t b(uint32_t m, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return m | ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | rs1 << 15 | rs2 << 20 |
           ((u >> 5) & 0x3f) << 25 | ((u >> 12) & 1) << 31;
}
static uint32_t u(uint32_t m, unsigned rd, uint32_t imm) { return m | rd << 7 | (imm & 0xfffff000); }
static uint32_t j(uint32_t m, unsigned rd, int32_t imm)
{
    uint32_t v = (uint32_t)imm;
    return m | rd << 7 | ((v >> 12) & 0xff) << 12 | ((v >> 11) & 1) << 20 | ((v >> 1) & 0x3ff) << 21 |
           ((v >> 20) & 1) << 31;
}
static uint32_t csr(uint32_t m, unsigned rd, unsigned rs1, unsigned num) { return m | rd << 7 | rs1 << 15 | num << 20; }
static uint32_t frm_(uint32_t insn, unsigned rm) { return (insn & ~(7u << 12)) | rm << 12; }
#define ECALL 0x00000073u

/* Writes n words at addr, drops stale translations, runs from addr until the ecall. */
static void run_at(guest_addr addr, const uint32_t *words, size_t n)
{
    memcpy((void *)addr, words, n * 4);
    rv_code_invalidate(addr, n * 4);
    cpu.pc = addr;
    cpu.stop = RV_STOP_NONE;
    rv_run(&cpu);
}
#define RUN(...) \
    do { \
        const uint32_t prog_[] = {__VA_ARGS__, ECALL}; \
        run_at(BASE, prog_, sizeof prog_ / 4); \
    } while (0)

/* Runs one R-type op on a, b and returns rd. */
static uint64_t op2(uint32_t m, uint64_t a, uint64_t bv)
{
    cpu.x[A1] = a;
    cpu.x[A2] = bv;
    RUN(r(m, A0, A1, A2));
    return cpu.x[A0];
}
/* One-source ops (R2 format): the rs2 field is part of the opcode. */
static uint64_t op1(uint32_t m, uint64_t a)
{
    cpu.x[A1] = a;
    RUN(r(m, A0, A1, 0));
    return cpu.x[A0];
}
static uint64_t opi(uint32_t m, uint64_t a, int32_t imm)
{
    cpu.x[A1] = a;
    RUN(i(m, A0, A1, imm));
    return cpu.x[A0];
}

/* Misaligned-safe peeks at guest memory. */
static uint64_t peek(guest_addr a, size_t n)
{
    uint64_t v = 0;
    memcpy(&v, (const void *)a, n);
    return v;
}

#define EQ(got, want) cr_expect_eq((uint64_t)(got), (uint64_t)(want), "%s: got 0x%llx want 0x%llx", #got, \
                                   (unsigned long long)(uint64_t)(got), (unsigned long long)(uint64_t)(want))

/* ==================== RV64I ==================== */

Test(interp, add_sub_compare)
{
    EQ(op2(M_add, 5, 7), 12);
    EQ(op2(M_add, UINT64_MAX, 1), 0);
    EQ(op2(M_sub, 5, 7), (uint64_t)-2);
    EQ(op2(M_slt, (uint64_t)-1, 1), 1);
    EQ(op2(M_sltu, (uint64_t)-1, 1), 0);
    EQ(op2(M_xor, 0xff00, 0x0ff0), 0xf0f0);
    EQ(op2(M_or, 0xff00, 0x0ff0), 0xfff0);
    EQ(op2(M_and, 0xff00, 0x0ff0), 0x0f00);
    EQ(opi(M_addi, 10, -11), (uint64_t)-1);
    EQ(opi(M_slti, (uint64_t)-5, -4), 1);
    EQ(opi(M_sltiu, 5, -1), 1); /* the immediate is sign-extended, then compared unsigned */
    EQ(opi(M_xori, 0x5, -1), ~UINT64_C(5));
    EQ(opi(M_ori, 0x100, 0x0ff), 0x1ff);
    EQ(opi(M_andi, UINT64_MAX, -16), ~UINT64_C(15));
}

Test(interp, word_forms_sign_extend)
{
    EQ(op2(M_addw, 0x7fffffff, 1), 0xffffffff80000000);
    EQ(op2(M_addw, 0xdeadbeef00000001, 0x00000000ffffffff), 0); /* upper bits ignored */
    EQ(op2(M_subw, 0, 1), UINT64_MAX);
    EQ(opi(M_addiw, 0x7fffffff, 1), 0xffffffff80000000);
    EQ(opi(M_addiw, 0x1ffffffff, 0), UINT64_MAX); /* sext.w */
    EQ(op2(M_mulw, 0x10000, 0x10000), 0);
    EQ(op2(M_mulw, 0x8000, 0x10000), 0xffffffff80000000);
}

Test(interp, shifts_mask_their_amount)
{
    EQ(op2(M_sll, 1, 65), 2);
    EQ(op2(M_srl, 0x8000000000000000, 63), 1);
    EQ(op2(M_sra, 0x8000000000000000, 63), UINT64_MAX);
    EQ(op2(M_sra, 0x8000000000000000, 64 + 4), 0xf800000000000000);
    EQ(opi(M_slli, 1, 63), 0x8000000000000000);
    EQ(opi(M_srli, UINT64_MAX, 60), 0xf);
    EQ(opi(M_srai, 0x8000000000000000, 60), 0xfffffffffffffff8);
    EQ(op2(M_sllw, 1, 31 + 32), 0xffffffff80000000);
    EQ(op2(M_srlw, 0xffffffff80000000, 31), 1);
    EQ(op2(M_srlw, 0x80000000, 0), 0xffffffff80000000);
    EQ(op2(M_sraw, 0x80000000, 4), 0xfffffffff8000000);
    EQ(opi(M_slliw, 3, 31), 0xffffffff80000000);
    EQ(opi(M_srliw, 0xffffffff80000000, 0), 0xffffffff80000000);
    EQ(opi(M_srliw, 0xffffffff80000000, 1), 0x40000000);
    EQ(opi(M_sraiw, 0x00000000f0000000, 28), UINT64_MAX);
}

Test(interp, lui_auipc)
{
    RUN(u(M_lui, A0, 0x80000000), u(M_auipc, A1, 0x1000), u(M_lui, A2, 0x12345000));
    EQ(cpu.x[A0], 0xffffffff80000000);
    EQ(cpu.x[A1], BASE + 4 + 0x1000);
    EQ(cpu.x[A2], 0x12345000);
}

Test(interp, x0_stays_zero)
{
    cpu.x[A1] = 7;
    RUN(i(M_addi, ZERO, A1, 1), r(M_add, A0, ZERO, ZERO), u(M_lui, ZERO, 0x1000), r(M_add, A2, ZERO, A1));
    EQ(cpu.x[0], 0);
    EQ(cpu.x[A0], 0);
    EQ(cpu.x[A2], 7);
}

Test(interp, branches)
{
    /* each taken branch skips an addi a0,a0,1; a not-taken one falls into it */
    struct { uint32_t m; uint64_t a, b; int taken; } cases[] = {
        {M_beq, 3, 3, 1},  {M_beq, 3, 4, 0},  {M_bne, 3, 4, 1},
        {M_bne, 3, 3, 0},  {M_blt, (uint64_t)-1, 0, 1}, {M_blt, 0, (uint64_t)-1, 0},
        {M_bge, 0, (uint64_t)-1, 1}, {M_bge, 5, 5, 1}, {M_bltu, 0, (uint64_t)-1, 1},
        {M_bltu, (uint64_t)-1, 0, 0}, {M_bgeu, (uint64_t)-1, 0, 1}, {M_bgeu, 0, 1, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cpu.x[A0] = 0;
        cpu.x[A1] = cases[k].a;
        cpu.x[A2] = cases[k].b;
        RUN(b(cases[k].m, A1, A2, 8), i(M_addi, A0, A0, 1));
        EQ(cpu.x[A0], !cases[k].taken);
    }
}

Test(interp, backward_branch_loop)
{
    cpu.x[A1] = 10;
    RUN(i(M_addi, A0, A0, 3), i(M_addi, A1, A1, -1), b(M_bne, A1, ZERO, -8));
    EQ(cpu.x[A0], 30);
    EQ(cpu.instret, 31); /* 10 x 3 instructions, then the ecall */
}

Test(interp, jal_jalr_link)
{
    /* 0: jal ra, 8   4: addi a0,a0,1 (skipped)   8: ecall */
    RUN(j(M_jal, RA, 8), i(M_addi, A0, A0, 1));
    EQ(cpu.x[RA], BASE + 4);
    EQ(cpu.x[A0], 0);
    EQ(cpu.pc, BASE + 8);

    /* jalr clears bit 0 of the target, and reads rs1 before writing rd == rs1 */
    cpu.x[A1] = BASE + 9; /* odd: lands on BASE + 8 */
    RUN(i(M_jalr, A1, A1, 0), i(M_addi, A0, A0, 1));
    EQ(cpu.x[A1], BASE + 4);
    EQ(cpu.pc, BASE + 8);
    EQ(cpu.x[A0], 0);

    cpu.x[T0] = BASE + 16;
    RUN(i(M_jalr, ZERO, T0, -4), i(M_addi, A0, A0, 1), i(M_addi, A0, A0, 2));
    /* target BASE + 12 is the ecall after the two addis */
    EQ(cpu.x[A0], 0);
    EQ(cpu.x[0], 0);
}

Test(interp, compressed_sequence)
{
    /* assembled with riscv64-linux-gnu-as -march=rv64gc (see the listing in the comments) */
    static const uint16_t prog[] = {
        0x4515, /* c.li a0,5 */        0x050d, /* c.addi a0,3 */  0x85aa, /* c.mv a1,a0 */
        0x95aa, /* c.add a1,a0 */      0x058a, /* c.slli a1,2 */  0xa011, /* c.j +4 */
        0x0505, /* c.addi a0,1 (skipped) */                       0x357d, /* c.addiw a0,-1 */
        0x6605, /* c.lui a2,1 */       0x8e09, /* c.sub a2,a0 */  0xc291, /* c.beqz a3,+4 */
        0x4725, /* c.li a4,9 (skipped) */                         0xe42e, /* c.sdsp a1,8(sp) */
        0x67a2, /* c.ldsp a5,8(sp) */  0x6105, /* c.addi16sp 32 */ 0x0001, /* c.nop */
        0x0073, 0x0000,                /* ecall */
    };
    memcpy((void *)BASE, prog, sizeof prog);
    rv_code_invalidate(BASE, sizeof prog);
    cpu.x[SP] = DATA + 64;
    cpu.pc = BASE;
    rv_run(&cpu);
    EQ(cpu.x[A0], 7);
    EQ(cpu.x[A1], 64);
    EQ(cpu.x[A2], 0x1000 - 7);
    EQ(cpu.x[A4], 0);
    EQ(cpu.x[A5], 64);
    EQ(cpu.x[SP], DATA + 96);
    EQ(cpu.pc, BASE + 0x20);
    EQ(cpu.instret, 15); /* 14 compressed instructions executed (2 skipped) plus the ecall */
}

Test(interp, compressed_jalr_links_pc_plus_2)
{
    static const uint16_t prog[] = {
        0x9282, /* c.jalr t0 */ 0x0505, /* c.addi a0,1 (skipped) */ 0x0073, 0x0000, /* ecall */
    };
    memcpy((void *)BASE, prog, sizeof prog);
    rv_code_invalidate(BASE, sizeof prog);
    cpu.x[T0] = BASE + 4;
    cpu.pc = BASE;
    rv_run(&cpu);
    EQ(cpu.x[RA], BASE + 2);
    EQ(cpu.x[A0], 0);
}

/* ==================== loads, stores ==================== */

Test(interp, loads_extend)
{
    static const uint8_t bytes[8] = {0x80, 0xff, 0x7f, 0x80, 0x01, 0x02, 0x03, 0x84};
    memcpy((void *)DATA, bytes, 8);
    cpu.x[A1] = DATA;
    RUN(i(M_lb, A0, A1, 0), i(M_lbu, A2, A1, 0), i(M_lh, A3, A1, 2), i(M_lhu, A4, A1, 2),
        i(M_lw, A5, A1, 4), i(M_lwu, A6, A1, 4), i(M_ld, A7, A1, 0));
    EQ(cpu.x[A0], 0xffffffffffffff80);
    EQ(cpu.x[A2], 0x80);
    EQ(cpu.x[A3], 0xffffffffffff807f);
    EQ(cpu.x[A4], 0x807f);
    EQ(cpu.x[A5], 0xffffffff84030201);
    EQ(cpu.x[A6], 0x84030201);
    EQ(cpu.x[A7], 0x84030201807fff80);
}

Test(interp, stores_and_misaligned_access)
{
    memset((void *)DATA, 0, 32);
    cpu.x[A1] = DATA + 1; /* every access below is misaligned */
    cpu.x[A2] = 0x1122334455667788;
    RUN(s(M_sd, A2, A1, 0), s(M_sw, A2, A1, 8), s(M_sh, A2, A1, 12), s(M_sb, A2, A1, 14),
        i(M_ld, A0, A1, 0), i(M_lw, A3, A1, 8), i(M_lh, A4, A1, -1));
    EQ(peek(DATA + 1, 8), 0x1122334455667788);
    EQ(peek(DATA + 9, 4), 0x55667788);
    EQ(peek(DATA + 13, 2), 0x7788);
    EQ(*(uint8_t *)(DATA + 15), 0x88);
    EQ(*(uint8_t *)(DATA + 16), 0);
    EQ(cpu.x[A0], 0x1122334455667788);
    EQ(cpu.x[A3], 0x55667788);
    EQ(cpu.x[A4], 0xffffffffffff8800);
}

Test(interp, load_below_guest_base_is_sigsegv, .signal = SIGSEGV)
{
    cpu.x[A1] = 8;
    RUN(i(M_ld, A0, A1, 0));
}

Test(interp, load_straddling_guest_limit_is_sigsegv, .signal = SIGSEGV)
{
    cpu.x[A1] = GUEST_LIMIT - 4;
    RUN(i(M_ld, A0, A1, 0));
}

Test(interp, store_to_unmapped_guest_page_is_sigsegv, .signal = SIGSEGV)
{
    /* inside the guest range but PROT_NONE: the host fault handler must blame the guest */
    void *p = mmap((void *)(BASE + MAP_LEN), 4096, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, (void *)(BASE + MAP_LEN));
    cpu.x[A1] = BASE + MAP_LEN;
    RUN(s(M_sw, A0, A1, 16));
}

/* ==================== M ==================== */

Test(interp, multiply_high)
{
    EQ(op2(M_mul, 0xffffffffffffffff, 0xffffffffffffffff), 1);
    EQ(op2(M_mulh, (uint64_t)-1, (uint64_t)-1), 0);
    EQ(op2(M_mulh, INT64_MIN, INT64_MIN), 0x4000000000000000);
    EQ(op2(M_mulh, INT64_MIN, 2), UINT64_MAX);
    EQ(op2(M_mulhu, UINT64_MAX, UINT64_MAX), 0xfffffffffffffffe);
    EQ(op2(M_mulhsu, (uint64_t)-1, UINT64_MAX), UINT64_MAX);
    EQ(op2(M_mulhsu, 2, UINT64_MAX), 1);
    EQ(op2(M_mulhsu, INT64_MIN, UINT64_MAX), 0x8000000000000000);
}

Test(interp, divide_edge_cases)
{
    EQ(op2(M_div, 7, 0), UINT64_MAX);
    EQ(op2(M_divu, 7, 0), UINT64_MAX);
    EQ(op2(M_rem, 7, 0), 7);
    EQ(op2(M_remu, 7, 0), 7);
    EQ(op2(M_div, INT64_MIN, (uint64_t)-1), INT64_MIN);
    EQ(op2(M_rem, INT64_MIN, (uint64_t)-1), 0);
    EQ(op2(M_div, (uint64_t)-7, 2), (uint64_t)-3); /* truncates toward zero */
    EQ(op2(M_rem, (uint64_t)-7, 2), (uint64_t)-1);
    EQ(op2(M_divu, (uint64_t)-7, 2), 0x7ffffffffffffffc);
    EQ(op2(M_remu, 7, 3), 1);
    /* W forms: low 32 bits in, sign-extended 32 bits out */
    EQ(op2(M_divw, 0xffffffff80000000, (uint64_t)-1), 0xffffffff80000000);
    EQ(op2(M_remw, 0x80000000, 0xffffffff), 0);
    EQ(op2(M_divw, 5, 0), UINT64_MAX);
    EQ(op2(M_remw, 0x1fffffff5, 0), (uint64_t)-11);
    EQ(op2(M_divuw, 5, 0), UINT64_MAX);
    EQ(op2(M_remuw, 0x180000000, 0), 0xffffffff80000000);
    EQ(op2(M_divuw, 0xffffffff, 1), UINT64_MAX);
    EQ(op2(M_divuw, 0x100000010, 0x100000002), 8);
    EQ(op2(M_remuw, 0xfffffffe, 0x7fffffff), 0);
    EQ(op2(M_divw, (uint64_t)-9, 2), (uint64_t)-4);
}

/* ==================== A ==================== */

struct amo_case {
    uint32_t m;
    uint64_t mem, src, want_mem;
};

static void check_amo(const struct amo_case *c, bool word)
{
    uint64_t *p = (uint64_t *)DATA;
    p[0] = word ? (0xaaaaaaaa00000000 | (uint32_t)c->mem) : c->mem;
    cpu.x[A1] = DATA;
    cpu.x[A2] = c->src;
    RUN(r(c->m, A0, A1, A2));
    if (word) {
        EQ(cpu.x[A0], (uint64_t)(int64_t)(int32_t)(uint32_t)c->mem); /* old value, sign-extended */
        EQ(p[0], 0xaaaaaaaa00000000 | (uint32_t)c->want_mem);       /* neighbour untouched */
    } else {
        EQ(cpu.x[A0], c->mem);
        EQ(p[0], c->want_mem);
    }
}

Test(interp, amo_word)
{
    const struct amo_case cases[] = {
        {M_amoswap_w, 0x80000001, 5, 5},
        {M_amoadd_w, 0xffffffff, 2, 1},
        {M_amoxor_w, 0xf0f0f0f0, 0xff, 0xf0f0f00f},
        {M_amoand_w, 0xf0f0f0f0, 0xff, 0xf0},
        {M_amoor_w, 0xf0f0f0f0, 0xff, 0xf0f0f0ff},
        {M_amomin_w, 0x80000000, 1, 0x80000000},
        {M_amomin_w, 5, 0xfffffffffffffffe, 0xfffffffe},
        {M_amomax_w, 0x80000000, 1, 1},
        {M_amomax_w, 5, 0x100000003, 5}, /* only the low 32 bits of rs2 count */
        {M_amominu_w, 0x80000000, 1, 1},
        {M_amomaxu_w, 0x80000000, 1, 0x80000000},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        check_amo(&cases[k], true);
}

Test(interp, amo_doubleword)
{
    const struct amo_case cases[] = {
        {M_amoswap_d, 0x8000000000000001, 5, 5},
        {M_amoadd_d, UINT64_MAX, 2, 1},
        {M_amoxor_d, 0xf0f0f0f0f0f0f0f0, 0xff, 0xf0f0f0f0f0f0f00f},
        {M_amoand_d, 0xf0f0f0f0f0f0f0f0, 0xff, 0xf0},
        {M_amoor_d, 0xf0, 0x0f00000000000000, 0x0f000000000000f0},
        {M_amomin_d, 0x8000000000000000, 1, 0x8000000000000000},
        {M_amomax_d, 0x8000000000000000, 1, 1},
        {M_amominu_d, 0x8000000000000000, 1, 1},
        {M_amomaxu_d, 0x8000000000000000, 1, 0x8000000000000000},
        {M_amomax_d, (uint64_t)-3, (uint64_t)-2, (uint64_t)-2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        check_amo(&cases[k], false);
}

Test(interp, amo_misaligned_is_sigbus, .signal = SIGBUS)
{
    cpu.x[A1] = DATA + 4;
    RUN(r(M_amoadd_d, A0, A1, A2));
}

Test(interp, lr_sc_success)
{
    *(uint32_t *)DATA = 0x80000000;
    cpu.x[A1] = DATA;
    cpu.x[A2] = 42;
    RUN(r(M_lr_w, A0, A1, 0), r(M_sc_w, A3, A1, A2), r(M_sc_w, A4, A1, A0));
    EQ(cpu.x[A0], 0xffffffff80000000);
    EQ(cpu.x[A3], 0);               /* success */
    EQ(cpu.x[A4], 1);               /* the reservation was used up */
    EQ(*(uint32_t *)DATA, 42);

    *(uint64_t *)DATA = 7;
    RUN(r(M_lr_d, A0, A1, 0), i(M_addi, A0, A0, 1), r(M_sc_d, A3, A1, A0));
    EQ(cpu.x[A3], 0);
    EQ(*(uint64_t *)DATA, 8);
}

Test(interp, sc_fails_after_another_store)
{
    *(uint64_t *)DATA = 100;
    cpu.x[A1] = DATA;
    RUN(r(M_lr_d, A0, A1, 0));      /* stops at the ecall with the reservation held */
    EQ(cpu.x[A0], 100);
    *(uint64_t *)DATA = 101;        /* another hart's store */
    cpu.x[A2] = 555;
    RUN(r(M_sc_d, A3, A1, A2));
    EQ(cpu.x[A3], 1);
    EQ(*(uint64_t *)DATA, 101);     /* no write on failure */
}

Test(interp, sc_fails_without_or_elsewhere_than_reservation)
{
    *(uint64_t *)DATA = 0;
    cpu.x[A1] = DATA;
    cpu.x[A4] = DATA + 8;
    cpu.x[A2] = 9;
    RUN(r(M_sc_d, A3, A1, A2));     /* no reservation */
    EQ(cpu.x[A3], 1);
    RUN(r(M_lr_d, A0, A1, 0), r(M_sc_d, A3, A4, A2), r(M_sc_d, A5, A1, A2));
    EQ(cpu.x[A3], 1);               /* different address */
    EQ(cpu.x[A5], 1);               /* and the failed SC dropped the reservation */
    EQ(*(uint64_t *)DATA, 0);
}

/* ==================== Zba Zbb Zbs Zicond ==================== */

Test(interp, zba)
{
    EQ(op2(M_add_uw, 0xffffffff00000001, 2), 3);
    EQ(op2(M_sh1add, 3, 1), 7);
    EQ(op2(M_sh2add, 3, 1), 13);
    EQ(op2(M_sh3add, 3, 1), 25);
    EQ(op2(M_sh1add_uw, 0xf00000001, 1), 3);
    EQ(op2(M_sh2add_uw, 0x80000000, 0), 0x200000000);
    EQ(op2(M_sh3add_uw, 0xffffffffffffffff, 8), 0x800000000);
    EQ(opi(M_slli_uw, 0xffffffff80000000, 4), 0x800000000);
}

Test(interp, zbb)
{
    EQ(op2(M_andn, 0xff, 0x0f), 0xf0);
    EQ(op2(M_orn, 0, 0xffffffffffffff00), 0xff);
    EQ(op2(M_xnor, 0xf0, 0xff), ~UINT64_C(0x0f));
    EQ(op1(M_clz, 0), 64);
    EQ(op1(M_clz, 1), 63);
    EQ(op1(M_clzw, 0xffffffff00000000), 32);
    EQ(op1(M_clzw, 0x8000), 16);
    EQ(op1(M_ctz, 0), 64);
    EQ(op1(M_ctz, 0x100), 8);
    EQ(op1(M_ctzw, 0x100000000), 32);
    EQ(op1(M_cpop, UINT64_MAX), 64);
    EQ(op1(M_cpopw, UINT64_MAX), 32);
    EQ(op2(M_max, (uint64_t)-1, 1), 1);
    EQ(op2(M_maxu, (uint64_t)-1, 1), UINT64_MAX);
    EQ(op2(M_min, (uint64_t)-1, 1), UINT64_MAX);
    EQ(op2(M_minu, (uint64_t)-1, 1), 1);
    EQ(op1(M_sext_b, 0x180), 0xffffffffffffff80);
    EQ(op1(M_sext_h, 0x18000), 0xffffffffffff8000);
    EQ(op1(M_zext_h, 0xffffffffffff8001), 0x8001);
    EQ(op2(M_rol, 0x8000000000000001, 65), 3);
    EQ(op2(M_ror, 3, 1), 0x8000000000000001);
    EQ(op2(M_rolw, 0x80000001, 1), 3);
    EQ(op2(M_rorw, 3, 33), 0xffffffff80000001);
    EQ(opi(M_rori, 1, 4), 0x1000000000000000);
    EQ(opi(M_roriw, 1, 4), 0x10000000);
    EQ(opi(M_roriw, 0x10, 5), 0xffffffff80000000);
    EQ(op1(M_orc_b, 0x0100200000ff0001), 0xff00ff0000ff00ff);
    EQ(op1(M_rev8, 0x0102030405060708), 0x0807060504030201);
}

Test(interp, zbs)
{
    EQ(op2(M_bclr, UINT64_MAX, 63 + 64), 0x7fffffffffffffff);
    EQ(opi(M_bclri, UINT64_MAX, 0), 0xfffffffffffffffe);
    EQ(op2(M_bext, 0x8000000000000000, 63), 1);
    EQ(opi(M_bexti, 0x10, 3), 0);
    EQ(opi(M_bexti, 0x10, 4), 1);
    EQ(op2(M_binv, 0, 5), 0x20);
    EQ(opi(M_binvi, 0x20, 5), 0);
    EQ(op2(M_bset, 0, 32), 0x100000000);
    EQ(opi(M_bseti, 0, 63), 0x8000000000000000);
}

Test(interp, zicond)
{
    EQ(op2(M_czero_eqz, 7, 0), 0);
    EQ(op2(M_czero_eqz, 7, 0x100000000), 7);
    EQ(op2(M_czero_nez, 7, 0), 7);
    EQ(op2(M_czero_nez, 7, 1), 0);
}

/* ==================== Zicsr, F, D ==================== */

#define CSR_FFLAGS 0x001
#define CSR_FRM 0x002
#define CSR_FCSR 0x003
#define CSR_CYCLE 0xc00
#define CSR_TIME 0xc01
#define CSR_INSTRET 0xc02

Test(interp, fcsr_masking)
{
    cpu.x[A1] = UINT64_MAX;
    RUN(csr(M_csrrw, ZERO, A1, CSR_FCSR), csr(M_csrrs, A0, ZERO, CSR_FCSR), csr(M_csrrs, A2, ZERO, CSR_FFLAGS),
        csr(M_csrrs, A3, ZERO, CSR_FRM));
    EQ(cpu.x[A0], 0xff);
    EQ(cpu.x[A2], 0x1f);
    EQ(cpu.x[A3], 7);
    EQ(cpu.fflags, 0x1f);
    EQ(cpu.frm, 7);

    /* fflags and frm are views of fcsr; writes mask to their widths */
    cpu.x[A1] = 0x3;
    RUN(csr(M_csrrc, A0, A1, CSR_FFLAGS), csr(M_csrrwi, A2, 0x1a, CSR_FRM), csr(M_csrrs, A3, ZERO, CSR_FCSR),
        csr(M_csrrsi, A4, 0x1, CSR_FFLAGS), csr(M_csrrci, A5, 0x10, CSR_FCSR), csr(M_csrrs, A6, ZERO, CSR_FCSR));
    EQ(cpu.x[A0], 0x1f);
    EQ(cpu.x[A2], 7);
    EQ(cpu.x[A3], (2 << 5) | 0x1c);   /* frm = 0x1a & 7 = 2 */
    EQ(cpu.x[A4], 0x1c);
    EQ(cpu.x[A5], (2 << 5) | 0x1d);
    EQ(cpu.x[A6], (2 << 5) | 0x0d);
    EQ(cpu.fflags, 0x0d);
    EQ(cpu.frm, 2);
}

Test(interp, counters_read_exact_instret)
{
    cpu.instret = 1000;
    RUN(i(M_addi, A0, A0, 1), i(M_addi, A0, A0, 1), csr(M_csrrs, A1, ZERO, CSR_INSTRET),
        csr(M_csrrs, A2, ZERO, CSR_CYCLE), csr(M_csrrs, A3, ZERO, CSR_TIME), csr(M_csrrs, A4, ZERO, CSR_TIME));
    EQ(cpu.x[A1], 1002);
    EQ(cpu.x[A2], 1003);
    cr_expect(cpu.x[A3] > 0 && cpu.x[A4] >= cpu.x[A3]);
    EQ(cpu.instret, 1000 + 7);
}

/* time is CLOCK_MONOTONIC in nanoseconds (interp_csr.h says why so fine) */
Test(interp, time_counts_monotonic_nanoseconds)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    RUN(csr(M_csrrs, A3, ZERO, CSR_TIME));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    uint64_t lo = (uint64_t)t0.tv_sec * 1000000000u + (uint64_t)t0.tv_nsec;
    uint64_t hi = (uint64_t)t1.tv_sec * 1000000000u + (uint64_t)t1.tv_nsec;
    cr_expect(cpu.x[A3] >= lo && cpu.x[A3] <= hi, "time %llu not in [%llu, %llu]",
              (unsigned long long)cpu.x[A3], (unsigned long long)lo, (unsigned long long)hi);
}

Test(interp, writing_a_counter_is_illegal, .signal = SIGILL)
{
    cpu.x[A1] = 1;
    RUN(csr(M_csrrs, A0, A1, CSR_CYCLE));
}

Test(interp, unknown_csr_is_illegal, .signal = SIGILL)
{
    RUN(csr(M_csrrs, A0, ZERO, 0x300)); /* mstatus: not reachable from user mode */
}

Test(interp, nan_boxing)
{
    *(uint32_t *)DATA = 0x3f800000; /* 1.0f */
    cpu.x[A1] = DATA;
    cpu.x[A2] = 0xdeadbeef40000000; /* fmv.w.x takes the low 32 bits: 2.0f */
    cpu.f[3] = 0x0000000012345678;  /* not a boxed single */
    cpu.f[4] = rv_box32(0xbf800000); /* -1.0f */
    RUN(i(M_flw, 1, A1, 0), r(M_fmv_w_x, 2, A2, 0), r(M_fsgnj_s, 5, 3, 3), r(M_fsgnj_s, 6, 1, 4),
        r(M_fmv_x_w, A3, 3, 0), r(M_fmv_x_w, A4, 4, 0), s(M_fsw, 3, A1, 8));
    EQ(cpu.f[1], 0xffffffff3f800000);
    EQ(cpu.f[2], 0xffffffff40000000);
    EQ(cpu.f[5], 0xffffffff7fc00000);   /* unboxed input reads as the canonical NaN */
    EQ(cpu.f[6], 0xffffffffbf800000);   /* sign of rs2 onto 1.0 */
    EQ(cpu.x[A3], 0x12345678);          /* fmv.x.w moves raw bits, no unboxing */
    EQ(cpu.x[A4], 0xffffffffbf800000);  /* and sign-extends bit 31 */
    EQ(*(uint32_t *)(DATA + 8), 0x12345678); /* fsw stores raw bits too */
}

Test(interp, sign_injection_double_and_moves)
{
    cpu.f[1] = 0x3ff0000000000000;  /* 1.0 */
    cpu.f[2] = 0xc000000000000000;  /* -2.0 */
    cpu.x[A1] = 0x4008000000000000; /* 3.0 */
    RUN(r(M_fsgnj_d, 3, 1, 2), r(M_fsgnjn_d, 4, 1, 2), r(M_fsgnjx_d, 5, 2, 2), r(M_fmv_d_x, 6, A1, 0),
        r(M_fmv_x_d, A0, 2, 0), r(M_fsgnjn_s, 7, 8, 8), r(M_fsgnjx_s, 9, 8, 10));
    EQ(cpu.f[3], 0xbff0000000000000);
    EQ(cpu.f[4], 0x3ff0000000000000);
    EQ(cpu.f[5], 0x4000000000000000);
    EQ(cpu.f[6], 0x4008000000000000);
    EQ(cpu.x[A0], 0xc000000000000000);
    EQ(cpu.f[7], 0xffffffffffc00000); /* fsgnjn.s of an unboxed (zero) register: -canonical NaN */
    EQ(cpu.f[9], 0xffffffff7fc00000);
}

Test(interp, fp_loads_stores_double)
{
    *(uint64_t *)DATA = 0x400921fb54442d18;
    cpu.x[A1] = DATA;
    RUN(i(M_fld, 1, A1, 0), s(M_fsd, 1, A1, 16));
    EQ(cpu.f[1], 0x400921fb54442d18);
    EQ(*(uint64_t *)(DATA + 16), 0x400921fb54442d18);
}

Test(interp, fp_arithmetic_goes_through_fpu)
{
    cpu.f[1] = 0x3ff8000000000000; /* 1.5 */
    cpu.f[2] = 0x4002000000000000; /* 2.25 */
    cpu.f[3] = rv_box32(0x3fc00000); /* 1.5f */
    cpu.x[A1] = (uint64_t)-7;
    RUN(frm_(r(M_fadd_d, 4, 1, 2), 0), frm_(r(M_fadd_s, 5, 3, 3), 7), frm_(r(M_fcvt_w_d, A0, 2, 0), 1),
        frm_(r(M_fcvt_s_w, 6, A1, 0), 0), frm_(r(M_fcvt_d_s, 7, 3, 0), 0), r(M_feq_d, A2, 1, 1),
        r(M_flt_d, A3, 2, 1));
    EQ(cpu.f[4], 0x400e000000000000); /* 3.75 */
    EQ(cpu.f[5], 0xffffffff40400000); /* 3.0f, boxed */
    EQ(cpu.x[A0], 2);                 /* 2.25 truncated */
    EQ(cpu.f[6], 0xffffffffc0e00000); /* -7.0f */
    EQ(cpu.f[7], 0x3ff8000000000000);
    EQ(cpu.x[A2], 1);
    EQ(cpu.x[A3], 0);
    EQ(cpu.fflags, RV_FFLAG_NX); /* only the inexact conversion raised a flag */
}

Test(interp, fused_multiply_add_reads_rs3)
{
    cpu.f[1] = 0x3ff8000000000000; /* 1.5 */
    cpu.f[2] = 0x4000000000000000; /* 2.0 */
    cpu.f[3] = 0x3fd0000000000000; /* 0.25 */
    cpu.f[4] = rv_box32(0x3fc00000); /* 1.5f */
    cpu.f[5] = rv_box32(0x40000000); /* 2.0f */
    cpu.f[6] = rv_box32(0x3e800000); /* 0.25f */
    RUN(r(M_fmadd_d, 10, 1, 2) | 3u << 27, r(M_fnmsub_d, 11, 1, 2) | 3u << 27, r(M_fmsub_s, 12, 4, 5) | 6u << 27,
        r(M_fnmadd_s, 13, 4, 5) | 6u << 27);
    EQ(cpu.f[10], 0x400a000000000000); /* 1.5 * 2 + 0.25 = 3.25 */
    EQ(cpu.f[11], 0xc006000000000000); /* -(1.5 * 2) + 0.25 = -2.75 */
    EQ(cpu.f[12], 0xffffffff40300000); /* 1.5 * 2 - 0.25 = 2.75f */
    EQ(cpu.f[13], 0xffffffffc0500000); /* -(1.5 * 2) - 0.25 = -3.25f */
    EQ(cpu.fflags, 0);
}

Test(interp, dynamic_rounding_uses_frm)
{
    cpu.f[1] = 0x4004000000000000; /* 2.5 */
    cpu.frm = RV_RUP;
    RUN(frm_(r(M_fcvt_l_d, A0, 1, 0), 7), frm_(r(M_fcvt_l_d, A1, 1, 0), RV_RNE));
    EQ(cpu.x[A0], 3);
    EQ(cpu.x[A1], 2);
}

Test(interp, reserved_static_rounding_mode_is_illegal, .signal = SIGILL)
{
    RUN(frm_(r(M_fadd_d, 1, 2, 3), 5));
}

Test(interp, reserved_dynamic_rounding_mode_is_illegal, .signal = SIGILL)
{
    cpu.frm = 5;
    RUN(frm_(r(M_fmul_s, 1, 2, 3), 7));
}

/* ==================== engine behaviour ==================== */

/* Runs `words` (no ecall appended) in a child with stderr captured; returns its wait status. */
static int run_in_child(const uint32_t *words, size_t n, char *err, size_t cap)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        run_at(BASE, words, n);
        _exit(0);
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t k;
    while (got + 1 < cap && (k = read(fds[0], err + got, cap - 1 - got)) > 0)
        got += (size_t)k;
    err[got] = '\0';
    close(fds[0]);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    return status;
}

Test(interp, illegal_instruction_reports_and_dies_by_sigill)
{
    char err[256], want[256];
    const uint32_t prog[] = {i(M_addi, A0, A0, 1), 0xfe000033u}; /* OP with funct7 0x7f: no such op */
    int status = run_in_child(prog, 2, err, sizeof err);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGILL, "status 0x%x", status);
    cr_expect(!WCOREDUMP(status));
    snprintf(want, sizeof want, "crossrun: illegal instruction 0xfe000033 at pc 0x%lx\n",
             (unsigned long)(BASE + 4));
    cr_expect_str_eq(err, want);
}

Test(interp, illegal_compressed_instruction_prints_16_bits)
{
    char err[256], want[256];
    const uint32_t prog[] = {0x00000000}; /* the all-zero halfword is defined illegal */
    int status = run_in_child(prog, 1, err, sizeof err);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGILL, "status 0x%x", status);
    snprintf(want, sizeof want, "crossrun: illegal instruction 0x0000 at pc 0x%lx\n", (unsigned long)BASE);
    cr_expect_str_eq(err, want);
}

Test(interp, runner_fault_outside_guest_code_is_internal_error)
{
    char err[256];
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        dup2(fds[1], 2);
        close(fds[0]);
        *(volatile int *)(uintptr_t)(DATA + MAP_LEN) = 1; /* a runner bug: not while guest code runs */
        _exit(0);
    }
    close(fds[1]);
    ssize_t k = read(fds[0], err, sizeof err - 1);
    err[k > 0 ? k : 0] = '\0';
    close(fds[0]);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "status 0x%x", status);
    char want[128];
    snprintf(want, sizeof want, "crossrun: internal error: SIGSEGV at 0x%lx (guest pc 0x0)\n",
             (unsigned long)(DATA + MAP_LEN));
    cr_expect_str_eq(err, want);
}

Test(interp, fence_variants_are_no_ops_for_one_hart)
{
    cpu.x[A1] = DATA;
    cpu.x[A2] = 5;
    /* fence rw,rw ; fence.tso ; fence w,w ; then a store/load pair that must see each other */
    RUN(0x0330000fu, 0x8330000fu, 0x0110000fu, s(M_sd, A2, A1, 0), 0x0330000fu, i(M_ld, A0, A1, 0));
    EQ(cpu.x[A0], 5);
}

Test(interp, ebreak_is_sigtrap, .signal = SIGTRAP)
{
    RUN(0x00100073u);
}

Test(interp, jump_to_non_executable_memory_is_sigsegv, .signal = SIGSEGV)
{
    cpu.x[T0] = BASE + MAP_LEN + 0x100000; /* mapped by nobody */
    RUN(i(M_jalr, ZERO, T0, 0));
}

/* A page of its own with nothing after it: fetching must stop at its last byte. */
#define EDGE ((guest_addr)0x50000000)
static void map_edge_page(void)
{
    void *p = mmap((void *)EDGE, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(p, (void *)EDGE);
    void *g = mmap((void *)(EDGE + 4096), 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0);
    cr_assert_eq(g, (void *)(EDGE + 4096));
    test_guest_region(EDGE, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
}

Test(interp, compressed_instruction_at_end_of_mapping)
{
    map_edge_page();
    const uint16_t tail[] = {0x4515 /* c.li a0,5 */, 0x8282 /* c.jr t0 */};
    memcpy((void *)(EDGE + 4096 - 4), tail, sizeof tail);
    *(uint32_t *)BASE = ECALL;
    cpu.x[T0] = BASE;
    cpu.pc = EDGE + 4096 - 4;
    rv_run(&cpu);
    EQ(cpu.x[A0], 5);
    EQ(cpu.pc, BASE);
}

Test(interp, instruction_straddling_into_unmapped_page_is_sigsegv, .signal = SIGSEGV)
{
    map_edge_page();
    uint16_t lo = (uint16_t)i(M_addi, A0, A0, 1);
    memcpy((void *)(EDGE + 4096 - 2), &lo, 2);
    cpu.pc = EDGE + 4096 - 2;
    rv_run(&cpu);
}

Test(interp, instruction_straddling_two_pages)
{
    const uint32_t words[] = {i(M_addi, A0, A0, 1), i(M_addi, A0, A0, 2), ECALL};
    guest_addr at = BASE + 4096 - 4; /* a c.nop first, then the addi that straddles 4096 */
    const uint16_t cnop = 0x0001;
    memcpy((void *)at, &cnop, 2);
    memcpy((void *)(at + 2), words, sizeof words);
    rv_code_invalidate(at, 2 + sizeof words);
    cpu.pc = at;
    rv_run(&cpu);
    EQ(cpu.x[A0], 3);
    EQ(cpu.pc, at + 10);
    EQ(cpu.instret, 4);
}

Test(interp, fence_i_sees_modified_code)
{
    /* target: addi a0,a0,1 ; ecall -- run once so that it is cached */
    const guest_addr target = BASE + 0x100;
    const uint32_t tprog[] = {i(M_addi, A0, A0, 1), ECALL};
    run_at(target, tprog, 2);
    EQ(cpu.x[A0], 1);
    /* now patch it from guest code: sw t1, 0(t0); fence.i; jalr t0 */
    cpu.x[T0] = target;
    cpu.x[T1] = i(M_addi, A0, A0, 100);
    const uint32_t patch[] = {s(M_sw, T1, T0, 0), M_fence_i, i(M_jalr, ZERO, T0, 0)};
    memcpy((void *)BASE, patch, sizeof patch);
    cpu.pc = BASE;
    cpu.stop = RV_STOP_NONE;
    rv_run(&cpu);
    EQ(cpu.x[A0], 101);
}

Test(interp, invalidation_keeps_unrelated_blocks)
{
    RUN(i(M_addi, A0, A0, 1));
    cr_assert_neq(rv_cache_lookup(BASE), NULL);
    rv_code_invalidate(DATA, 4096);
    cr_expect_neq(rv_cache_lookup(BASE), NULL);
    rv_code_invalidate(BASE + 4, 1); /* the ecall's byte range */
    cr_expect_eq(rv_cache_lookup(BASE), NULL);
}

Test(interp, long_straight_line_code_spans_blocks)
{
    static uint32_t prog[1000];
    for (size_t k = 0; k < 999; k++)
        prog[k] = i(M_addi, A0, A0, 1);
    prog[999] = ECALL;
    run_at(BASE, prog, 1000);
    EQ(cpu.x[A0], 999);
    EQ(cpu.instret, 1000);
    struct rv_cache_stats st;
    rv_cache_get_stats(&st);
    cr_expect_gt(st.live, 1);
}

Test(interp, indirect_jump_with_more_targets_than_chain_slots)
{
    /* three functions called in rotation through one jalr: the block's two chain slots must
     * be replaced, never followed to the wrong target */
    const guest_addr fn = BASE + 0x100;
    const uint32_t funcs[] = {i(M_addi, A0, A0, 1), i(M_jalr, ZERO, RA, 0), i(M_addi, A0, A0, 10),
                              i(M_jalr, ZERO, RA, 0), i(M_addi, A0, A0, 100), i(M_jalr, ZERO, RA, 0)};
    memcpy((void *)fn, funcs, sizeof funcs);
    uint64_t table[3] = {fn, fn + 8, fn + 16};
    memcpy((void *)DATA, table, sizeof table);
    cpu.x[T0] = DATA;
    cpu.x[T1] = 30;
    cpu.x[T2] = 3;
    RUN(r(M_remu, A2, A1, T2), i(M_slli, A2, A2, 3), r(M_add, A2, A2, T0), i(M_ld, A3, A2, 0),
        i(M_jalr, RA, A3, 0), i(M_addi, A1, A1, 1), b(M_bne, A1, T1, -24));
    EQ(cpu.x[A0], 1110);
    EQ(cpu.instret, 30 * 9 + 1);
}

Test(interp, straight_line_code_across_a_page_boundary)
{
    static uint32_t prog[40];
    for (size_t k = 0; k < 39; k++)
        prog[k] = i(M_addi, A0, A0, 1);
    prog[39] = ECALL;
    run_at(BASE + 4096 - 80, prog, 40);
    EQ(cpu.x[A0], 39);
    EQ(cpu.instret, 40);
    cr_expect_neq(rv_cache_lookup(BASE + 4096), NULL); /* the second page starts its own block */
}

Test(interp, load_into_x0_still_faults, .signal = SIGSEGV)
{
    cpu.x[A1] = 16;
    RUN(i(M_lw, ZERO, A1, 0));
}

/* ==================== speed (printed, not asserted) ==================== */

/* CPU time of this thread: on a busy machine wall time would measure the neighbours. */
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

Test(interp, benchmark_integer_loop, .timeout = 120)
{
    /* 5 instructions per iteration, 2e7 iterations: 1e8 guest instructions */
    cpu.x[T0] = 20000000;
    double t = now_seconds();
    RUN(i(M_addi, T1, T1, 1), r(M_xor, T2, T2, T1), r(M_add, T3, T3, T2), i(M_addi, T0, T0, -1),
        b(M_bne, T0, ZERO, -16));
    t = now_seconds() - t;
    EQ(cpu.x[T1], 20000000);
    EQ(cpu.instret, 100000001);
    fprintf(stderr, "interp benchmark (integer loop): %.0f M guest instructions per CPU second (%.3f s for %lu)\n",
            (double)cpu.instret / t / 1e6, t, (unsigned long)cpu.instret);
}

Test(interp, benchmark_memory_loop, .timeout = 120)
{
    /* sum a 512-byte array over and over: ld, add, addi, bne, plus the outer loop */
    for (int k = 0; k < 64; k++)
        ((uint64_t *)DATA)[k] = (uint64_t)k;
    cpu.x[T0] = 400000;
    double t = now_seconds();
    RUN(i(M_addi, A1, ZERO, 0),                    /* outer: a1 = offset */
        u(M_lui, A2, (uint32_t)DATA),               /* a2 = DATA (DATA is 4 KiB aligned) */
        i(M_ld, A3, A2, 0),                         /* inner: */
        r(M_add, A0, A0, A3), i(M_addi, A2, A2, 8), i(M_addi, A1, A1, 8), i(M_sltiu, A4, A1, 512),
        b(M_bne, A4, ZERO, -20), i(M_addi, T0, T0, -1), b(M_bne, T0, ZERO, -36));
    t = now_seconds() - t;
    EQ(cpu.x[A0], (uint64_t)400000 * 2016);
    fprintf(stderr, "interp benchmark (load loop): %.0f M guest instructions per CPU second (%.3f s for %lu)\n",
            (double)cpu.instret / t / 1e6, t, (unsigned long)cpu.instret);
}

/* Partial invalidation: the block whose code changed goes, a block that jumps to it stays but
 * loses that chained exit (and gets it back when it runs again). The jump goes to the next page,
 * where the translator's superblocks (translate/jit/superblock.c) do not follow it. */
Test(interp, invalidation_unchains_blocks_jumping_into_dropped_code)
{
    /* BASE: addi a0,a0,1 ; j +0x1000 -- target: addi a0,a0,2 ; ecall */
    const guest_addr target = BASE + 0x1004;
    const uint32_t tprog[] = {i(M_addi, A0, A0, 2), ECALL};
    memcpy((void *)target, tprog, sizeof tprog);
    RUN(i(M_addi, A0, A0, 1), j(M_jal, ZERO, 0x1000));
    EQ(cpu.x[A0], 3);
    struct rv_tb *from = rv_cache_lookup(BASE);
    cr_assert_neq(from, NULL);
    bool chained = strcmp(rv_engine->name, "interp-nochain") != 0;
    cr_expect_eq(from->jmp_dest[0] != NULL, chained, "jal exit chained: %d", from->jmp_dest[0] != NULL);

    struct rv_cache_stats before, after;
    rv_cache_get_stats(&before);
    rv_code_invalidate(target + 4, 4); /* the ecall only */
    rv_cache_get_stats(&after);
    cr_expect_eq(rv_cache_lookup(target), NULL);
    cr_expect_eq(rv_cache_lookup(BASE), from, "the block that jumps there stays");
    cr_expect_eq(from->jmp_dest[0], NULL);
    cr_expect_eq(after.dropped - before.dropped, 1);
    cr_expect_eq(after.unlinks - before.unlinks, chained ? 1 : 0);

    /* new code at the target is what runs next */
    const uint32_t tprog2[] = {i(M_addi, A0, A0, 40), ECALL};
    memcpy((void *)target, tprog2, sizeof tprog2);
    cpu.x[A0] = 0;
    cpu.pc = BASE;
    cpu.stop = RV_STOP_NONE;
    rv_run(&cpu);
    EQ(cpu.x[A0], 41);
    cr_expect_eq(from->jmp_dest[0] != NULL, chained);
}

/* fence.i drops everything: every block and every chained exit. */
Test(interp, fence_i_drops_every_block)
{
    RUN(i(M_addi, A0, A0, 1), j(M_jal, ZERO, 8), ECALL, M_fence_i);
    struct rv_cache_stats st;
    rv_cache_get_stats(&st);
    cr_expect_gt(st.live, 0);
    const uint32_t prog[] = {M_fence_i, ECALL};
    run_at(BASE + 0x200, prog, 2);
    rv_cache_get_stats(&st);
    cr_expect_eq(st.live, 1, "only the block after the fence.i: %lu", (unsigned long)st.live);
    cr_expect_eq(rv_cache_lookup(BASE), NULL);
}
