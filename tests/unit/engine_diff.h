/*
 * tests/unit/engine_diff.h - what the parts of the engine differential tester share.
 *
 * engine_diff runs the same random guest code from the same state under two engines and
 * demands the same end state. Its parts, one job each:
 *   engine_diff.c          command line, the case loop, riscv.def row coverage
 *   engine_diff_insn.c     riscv.def rows as encodable instructions: encoders, the code buffer,
 *                          one random instruction of a row (operands by format), compressed words
 *   engine_diff_gen.c      a whole random case: branches, loops, jumps, jump tables, planted faults
 *   engine_diff_state.c    initial registers and sandbox bytes, from pools of edge values
 *   engine_diff_run.c      the fixed guest memory; one worker process per engine runs the cases
 *   engine_diff_report.c   comparing two end states; the mismatch report
 *   engine_diff_regress.c  named regression cases: fixed sequences, always run first
 *
 * Guest memory (guest address = host address, inside the guest range of every build):
 *   ED_CODE    the sequence, starting anywhere in the first page so that it may cross a page
 *   ED_DATA    the sandbox: every load, store and atomic of a case lands in its first
 *              ED_SANDBOX_LEN bytes, which are compared; x3 (gp) always holds ED_DATA_MID
 *   ED_TABLE   jump tables (addresses of in-sequence targets), out of the stores' reach
 *   ED_GUARD   one PROT_NONE page, for planted access faults
 */
#ifndef CROSSRUN_TEST_ENGINE_DIFF_H
#define CROSSRUN_TEST_ENGINE_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translate/insn.h"

#define ED_CODE           UINT64_C(0x30000000)
#define ED_CODE_LEN       0x4000u
#define ED_CODE_MAX       0x3000u   /* bytes of one sequence: it starts in the first page */
#define ED_DATA           (ED_CODE + ED_CODE_LEN)
#define ED_SANDBOX_LEN    4160u     /* x3 +- 2048, plus the widest access */
#define ED_DATA_MID       (ED_DATA + 2048)
#define ED_TABLE          (ED_DATA + 0x2000)
#define ED_TABLE_ENTRIES  512u
#define ED_GUARD          (ED_TABLE + 8 * ED_TABLE_ENTRIES)
#define ED_MAP_LEN        (ED_GUARD + 0x1000 - ED_CODE)

#define ED_BASE_REG 3    /* gp: ED_DATA_MID in every case, never written */
#define ED_SP_INIT  (ED_DATA + 256)

/* ---- random numbers: splitmix64, so a case is a pure function of its seed ---- */
struct ed_rng {
    uint64_t s;
};

static inline uint64_t ed_next(struct ed_rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static inline uint32_t ed_below(struct ed_rng *r, uint32_t n)
{
    return (uint32_t)(((ed_next(r) >> 32) * n) >> 32);
}

static inline bool ed_chance(struct ed_rng *r, unsigned percent)
{
    return ed_below(r, 100) < percent;
}

/* The architectural state the engines must agree on, and how the run ended. */
struct ed_state {
    uint64_t x[32];
    uint64_t f[32];
    uint64_t pc;
    uint32_t fflags, frm;
    int32_t signo;          /* 0: stopped at the final ecall; else the guest's fault signal */
    uint32_t pad;
    uint64_t fault_addr;    /* si_addr of that fault */
    uint8_t mem[ED_SANDBOX_LEN];
};

/* What a planted fault is (a few cases end in one on purpose, to compare fault state). */
enum ed_fault {
    ED_FAULT_NONE,
    ED_FAULT_STATIC_RM,        /* rm field 5 or 6: SIGILL */
    ED_FAULT_DYNAMIC_RM,       /* frm set to 5..7, then a dynamic-rm op: SIGILL */
    ED_FAULT_MISALIGNED_AMO,   /* SIGBUS */
    ED_FAULT_GUARD_ACCESS,     /* load/store/AMO on the PROT_NONE page: host fault, SIGSEGV */
    ED_FAULT_OUT_OF_RANGE,     /* load/store outside the guest range: SIGSEGV */
    ED_FAULT_EBREAK,           /* SIGTRAP */
    ED_FAULT_ILLEGAL,          /* an encoding rv_decode rejects: SIGILL */
    ED_FAULT_FETCH,            /* jump to memory that is not executable: SIGSEGV */
    ED_FAULT_COUNT
};
extern const char *const ed_fault_names[ED_FAULT_COUNT];

/* One test case: code, jump tables and initial state. */
struct ed_case {
    uint64_t seed;                      /* state (and, for random cases, code) come from it */
    const char *name;                   /* a named regression case, or NULL */
    uint64_t start;                     /* guest address of the first instruction */
    uint32_t code_len;
    uint8_t code[ED_CODE_MAX];
    uint32_t table_len;
    uint64_t table[ED_TABLE_ENTRIES];   /* at ED_TABLE */
    enum ed_fault fault;                /* planted on purpose */
    struct ed_state init;               /* x, f, fflags, frm and mem before the run */
    uint8_t rows[rv_op_count];          /* 1 for each riscv.def row in the sequence */
};

/* ---- engine_diff_insn.c: rows, encoders, the code buffer, random instructions ---- */

enum ed_fmt {
    ED_F_U, ED_F_J, ED_F_B, ED_F_I, ED_F_LOAD, ED_F_STORE, ED_F_JALR, ED_F_ISH, ED_F_ISHW,
    ED_F_R, ED_F_R2, ED_F_NONE, ED_F_FENCE, ED_F_LR, ED_F_AMO, ED_F_CSR, ED_F_CSRI,
    ED_F_FLOAD, ED_F_FSTORE, ED_F_FR, ED_F_FR_RM, ED_F_FR1_RM, ED_F_FR4_RM, ED_F_FCMP,
    ED_F_FX, ED_F_FX_RM, ED_F_XF, ED_F_XF_RM
};

struct ed_row {
    uint32_t match, mask;
    uint8_t fmt;            /* enum ed_fmt */
};
extern const struct ed_row ed_rows[rv_op_count];
#define ED_M(name) (ed_rows[rv_op_##name].match)

bool ed_fmt_has_rm(unsigned fmt);
unsigned ed_access_size(unsigned op);

/* Encoders: match bits plus operands placed per the base formats; offsets in bytes. */
uint32_t ed_enc_r(uint32_t m, unsigned rd, unsigned rs1, unsigned rs2);
uint32_t ed_enc_i(uint32_t m, unsigned rd, unsigned rs1, int32_t imm);
uint32_t ed_enc_b(uint32_t m, unsigned rs1, unsigned rs2, int32_t off);
uint32_t ed_enc_u(uint32_t m, unsigned rd, uint32_t imm20);
uint32_t ed_enc_j(uint32_t m, unsigned rd, int32_t off);
uint16_t ed_enc_c_j(int32_t off);
uint16_t ed_enc_c_bz(bool nez, unsigned rs1, int32_t off);
uint16_t ed_enc_c_jr(unsigned rs1, bool link);
uint16_t ed_enc_c_li(unsigned rd, int32_t imm);
uint16_t ed_enc_c_addi(unsigned rd, int32_t imm);

/* The sequence being generated. */
struct ed_asm {
    struct ed_case *c;
    struct ed_rng rng;
    uint32_t reserved;      /* bit n: xn must keep its value here (x3; loop counters, links) */
    bool counting;          /* rows emitted now count for coverage (false in dead code) */
    int force_rm;           /* -1, or the rm field the next FP instruction gets (planted faults) */
    unsigned depth, loops;  /* constructs and loops around the code being emitted */
    uint8_t hot_x[6], hot_f[6]; /* favoured registers, so instructions depend on each other */
};

uint32_t ed_here(const struct ed_asm *a);
void ed_emit16(struct ed_asm *a, uint16_t h);
void ed_emit32(struct ed_asm *a, uint32_t w);
/* Row `op` with operand fields f (bits under the row's mask are the row's), checked by
 * decoding it back. */
void ed_emit_row(struct ed_asm *a, unsigned op, uint32_t f);
/* Points the branch or jump at offset `at` (placed with offset 0) to offset `target`. */
void ed_patch(struct ed_asm *a, uint32_t at, uint32_t target);

bool ed_is_reserved(const struct ed_asm *a, unsigned r);
unsigned ed_xd(struct ed_asm *a);        /* a destination: not reserved, x0 now and then */
unsigned ed_xd_nz(struct ed_asm *a);     /* a destination other than x0 */
unsigned ed_xs(struct ed_asm *a);        /* any source */
unsigned ed_fr(struct ed_asm *a);
/* Sets xr to `value` with addi from x3 or a lui/addi pair. */
void ed_set_reg(struct ed_asm *a, unsigned r, uint64_t value);

/* One random instruction of row `op` (not a branch, jump or trap), with whatever it needs
 * before it (a base register set into the sandbox, an LR before an SC, a csr value). */
void ed_plain(struct ed_asm *a, unsigned op);
/* Row `op` (a load, store, LR, SC or AMO) with base register rb and offset imm. */
void ed_mem_with_base(struct ed_asm *a, unsigned op, unsigned rb, int32_t imm);
/* One random integer register-register or register-immediate instruction (4 bytes). */
void ed_alu(struct ed_asm *a);
/* One random compressed word that rv_decode accepts (no control flow). */
void ed_compressed(struct ed_asm *a);

/* ---- engine_diff_gen.c, engine_diff_state.c, engine_diff_regress.c: cases ---- */
void ed_generate(struct ed_case *c, uint64_t seed);
void ed_init_state(struct ed_state *s, uint64_t seed);

struct ed_named {
    const char *name;
    uint64_t seed;              /* of the initial state (ed_init_state) */
    uint64_t start;             /* 0: ED_CODE */
    const uint32_t *words;      /* one instruction each; a 16-bit one in the low half */
    size_t nwords;              /* the final ecall is appended */
    const uint64_t *table;      /* jump table at ED_TABLE, or NULL */
    size_t ntable;
    enum ed_fault fault;        /* the fault it ends in on purpose, or none (left out) */
};
extern const struct ed_named ed_named_cases[];
extern const size_t ed_named_count;
void ed_named_case(struct ed_case *c, const struct ed_named *n);

/* ---- engine_diff_run.c ---- */
struct ed_outcome {
    bool reported;          /* the worker sent the end state */
    int status;             /* otherwise the dead worker's wait status */
    struct ed_state end;
};
/* A child process running cases under one engine. */
struct ed_worker {
    int pid;
    int to, from;           /* pipes: cases to it, end states from it */
};
/* Maps the guest memory (once, before the workers start). False, with a message, on failure. */
bool ed_map_memory(void);
/* Starts a worker for engines[0] and one for engines[1]; ed_workers_stop ends them. */
bool ed_workers_start(struct ed_worker w[2], const char *const engines[2]);
void ed_workers_stop(struct ed_worker w[2]);
/* Runs c in both workers at once. A worker that sends no end state is dead and stopped. */
void ed_run_pair(struct ed_worker w[2], const struct ed_case *c, struct ed_outcome out[2]);

/* ---- engine_diff_report.c ---- */
/* True when both runs reported the same end state. */
bool ed_same_end(const struct ed_outcome out[2]);
/* True when both ends agree; otherwise prints the case and the differences. */
bool ed_compare(const struct ed_case *c, const char *const engines[2],
                const struct ed_outcome out[2]);
void ed_print_code(const struct ed_case *c);

#endif
