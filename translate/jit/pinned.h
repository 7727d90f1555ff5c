/*
 * translate/jit/pinned.h - the guest registers that live in host registers while translated code
 * runs.
 *
 * The allocation is global and fixed: guest register rv_jit_pins[k].guest is host register
 * rv_jit_pins[k].host in every translation, so chained blocks and jumps through the jump table
 * pass them along untouched. The other guest registers stay in struct rv_cpu. The way in
 * (codemem.c's enter) loads the pinned ones from struct rv_cpu and the way out (the region's exit
 * path) stores them back, so outside translated code struct rv_cpu is the whole truth; a helper
 * call is bracketed by the same store and load (translate.c), and a host fault in translated code
 * reads them from the fault's context (jit_engine.c).
 *
 * Which guest registers: the most used by real programs, counted over every instruction the
 * interpreter ran for `make bench` (the seven kernels, python3, xz, sqlite3 and cc1: gcc -O2
 * code): a5 a4 a3 sp a0 a1 a2 s0 lead, in that order (a5 is 22% of register operands, a4 14%,
 * a3 8%, the next five 5-6% each), then s1 a6. a2 gave its host register to instret.
 * Which host registers: the five callee-saved ones (preserved by the helpers translated code
 * calls) and caller-saved ones the emitters use neither as scratch (rax, rcx) nor as cache
 * (rdx, rsi, rdi, r8: emit_ctx.h); rbx holds the cpu.
 */
#ifndef CROSSRUN_JIT_PINNED_H
#define CROSSRUN_JIT_PINNED_H

#include <stdbool.h>
#include <stddef.h>

#include "translate/cpu.h"
#include "translate/jit/reg_counts.h"
#include "translate/jit/x86_emit.h"

/* The guest's instret lives in a host register too: every block adds its length to it, and as
 * a memory operand that add would chain each block to the last through a store and a load. */
#define RV_JIT_INSTRET_HOST X86_R9

struct rv_jit_pin {
    int guest;
    enum x86_reg host;
};

static const struct rv_jit_pin rv_jit_pins[RV_JIT_PINNED] = {
    { 15, X86_RBP }, { 14, X86_R12 }, { 13, X86_R13 }, { 11, X86_R14 },
    { 10, X86_R15 }, { 8, X86_R10 },  { 2, X86_R11 },
};

/* The copies cache's registers (emit_ctx.c): within a block they hold copies of guest registers
 * that live in struct rv_cpu, some newer than their homes (written back at the block's exits,
 * and read from a host fault's context by jit_engine.c). */
static const enum x86_reg rv_jit_cache_regs[] = {  /* RV_JIT_CACHE_REGS of them */
    X86_RDX, X86_RSI, X86_RDI, X86_R8,
};

/* A loop of one block whose registers do not fit (loop_carry.c) lends the copies cache the
 * host registers of the pinned guest registers it does not name: the cache's registers are
 * then the four and the pinned ones in rv_jit_pins' order, those not lent unused (so a map
 * entry k names the same register in either kind of block). */
static inline enum x86_reg rv_jit_pool_reg(int k)
{
    return k < RV_JIT_CACHE_REGS ? rv_jit_cache_regs[k]
                                       : rv_jit_pins[k - RV_JIT_CACHE_REGS].host;
}

/* The host register of guest register i, or X86_NOREG when it lives in struct rv_cpu. */
static inline enum x86_reg rv_jit_pinned_host(int i)
{
    for (int k = 0; k < RV_JIT_PINNED; k++)
        if (rv_jit_pins[k].guest == i)
            return rv_jit_pins[k].host;
    return X86_NOREG;
}

/* Translated code holds the guest cpu in rbx, biased: rbx = (char *)cpu + RV_JIT_CPU_BIAS, so
 * that x[1..31] and mem_base_limit after them, the fields translated code reads most (a
 * register's home, every range check), are one-byte displacements from rbx (-128..127) where
 * x[16..31] and mem_base_limit took four. gcc's cc1 has about 270 000 of the ones and 180 000
 * of the others. */
#define RV_JIT_CPU_BIAS 136
_Static_assert(offsetof(struct rv_cpu, x) + 8 - RV_JIT_CPU_BIAS == (size_t)-128 &&
               offsetof(struct rv_cpu, mem_base_limit) - RV_JIT_CPU_BIAS < 128,
               "x[1] and mem_base_limit within a one-byte displacement of rbx");

/* The field at `offset` in struct rv_cpu, as translated code reaches it. */
static inline struct x86_mem rv_jit_cpu_mem(size_t offset)
{
    return x86_mem(X86_RBX, (int32_t)offset - RV_JIT_CPU_BIAS);
}

static inline struct x86_mem rv_jit_pin_home(int k)
{
    return rv_jit_cpu_mem(offsetof(struct rv_cpu, x) + 8 * (size_t)rv_jit_pins[k].guest);
}

/* Whether a host call may change host register r (the System V caller-saved ones). */
static inline bool rv_jit_call_clobbers(enum x86_reg r)
{
    return r != X86_RBX && r != X86_RBP && r != X86_RSP && r < X86_R12;
}

/* Stores every pinned register and instret into its home in struct rv_cpu ([rbx + offset]),
 * or only those a host call clobbers, but those in `skip` (1 << k: lent to a loop's cache). */
static inline void rv_jit_pinned_store_but(struct x86_buf *b, bool clobbered_only,
                                           unsigned skip)
{
    for (int k = 0; k < RV_JIT_PINNED; k++)
        if ((!clobbered_only || rv_jit_call_clobbers(rv_jit_pins[k].host)) &&
            !(skip & (1u << k)))
            x86_store(b, 8, rv_jit_pin_home(k), rv_jit_pins[k].host);
    x86_store(b, 8, rv_jit_cpu_mem(offsetof(struct rv_cpu, instret)),
              RV_JIT_INSTRET_HOST);
}

/* Loads them back from their homes (instret is caller-saved: always). */
static inline void rv_jit_pinned_load_but(struct x86_buf *b, bool clobbered_only, unsigned skip)
{
    for (int k = 0; k < RV_JIT_PINNED; k++)
        if ((!clobbered_only || rv_jit_call_clobbers(rv_jit_pins[k].host)) &&
            !(skip & (1u << k)))
            x86_load(b, 8, false, rv_jit_pins[k].host, rv_jit_pin_home(k));
    x86_load(b, 8, false, RV_JIT_INSTRET_HOST,
             rv_jit_cpu_mem(offsetof(struct rv_cpu, instret)));
}

static inline void rv_jit_pinned_store(struct x86_buf *b, bool clobbered_only)
{
    rv_jit_pinned_store_but(b, clobbered_only, 0);
}

static inline void rv_jit_pinned_load(struct x86_buf *b, bool clobbered_only)
{
    rv_jit_pinned_load_but(b, clobbered_only, 0);
}

#endif
