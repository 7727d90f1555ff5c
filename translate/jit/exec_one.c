/*
 * translate/jit/exec_one.c - one guest instruction with the reference interpreter's semantics,
 * for what the translator leaves to it (see jit.h).
 *
 * The interpreter's per-instruction functions are inlined here into one switch, so the
 * translator and the interpreter can never disagree on these instructions. Instructions that
 * end a block never come here: the translator writes every control transfer itself.
 */
#include "translate/interp.h"
#include "translate/interp_amo.h"
#include "translate/interp_csr.h"
#include "translate/interp_fp.h"
#include "translate/interp_int.h"
#include "translate/interp_mem.h"
#include "translate/jit/jit.h"

void rv_jit_exec_one(struct rv_cpu *cpu, const struct rv_dinsn *in)
{
    switch (in->op) {
#define RV(name, fmt, match, mask, ext, flags) \
    case rv_op_##name: \
        exec_##name(cpu, in); \
        break;
#include "translate/riscv.def"
#undef RV
    default:
        rv_illegal(cpu, in);
    }
    cpu->x[0] = 0;
}
