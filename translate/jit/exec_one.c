/*
 * translate/jit/exec_one.c - one guest instruction with the reference interpreter's semantics,
 * for what the translator leaves to it (see jit.h).
 *
 * The interpreter's per-instruction functions are instantiated here, one function per op, so
 * the translator and the interpreter can never disagree on these instructions, and each call
 * site in translated code calls its op's own function (a direct call the host predicts, not a
 * shared switch). Instructions that end a block never come here: the translator writes every
 * control transfer itself.
 */
#include "translate/interp.h"
#include "translate/interp_amo.h"
#include "translate/interp_csr.h"
#include "translate/interp_fp.h"
#include "translate/interp_int.h"
#include "translate/interp_mem.h"
#include "translate/jit/jit.h"

bool rv_jit_counts_instret;
void (*rv_jit_start_counting)(void);

/* A read of cycle or instret while translated code does not count: it starts counting (the
 * value read now counts only what ran interpreted; deltas from here on are exact). */
static void counter_read(const struct rv_dinsn *in)
{
    if ((in->imm == RV_CSR_CYCLE || in->imm == RV_CSR_INSTRET) &&
        !__atomic_load_n(&rv_jit_counts_instret, __ATOMIC_RELAXED) && rv_jit_start_counting)
        rv_jit_start_counting();
}

#define RV(name, fmt, match, mask, ext, flags) \
    static void one_##name(struct rv_cpu *cpu, const struct rv_dinsn *in) \
    { \
        if ((flags) & RVF_CSR) \
            counter_read(in); \
        exec_##name(cpu, in); \
        cpu->x[0] = 0; \
    }
#include "translate/riscv.def"
#undef RV

static void one_illegal(struct rv_cpu *cpu, const struct rv_dinsn *in)
{
    rv_illegal(cpu, in);
}

const rv_jit_exec_fn rv_jit_exec_fns[rv_op_count] = {
    [rv_op_illegal] = one_illegal,
#define RV(name, fmt, match, mask, ext, flags) [rv_op_##name] = one_##name,
#include "translate/riscv.def"
#undef RV
};
