/*
 * translate/jit/reg_counts.h - how many host registers hold guest registers in translated
 * code (pinned.h says which): read by jit.h's maps without pinned.h's encoder types, which
 * capstone's headers in jitlog.c would clash with.
 */
#ifndef CROSSRUN_JIT_REG_COUNTS_H
#define CROSSRUN_JIT_REG_COUNTS_H

/* The guest registers that live in host registers between blocks, and the copies caches'
 * registers: rdx, rsi, rdi, r8 (pinned.h's rv_jit_cache_regs) and xmm2 to xmm15. */
#define RV_JIT_PINNED 7
#define RV_JIT_CACHE_REGS 4
#define RV_JIT_FCACHE_REGS 14
/* A pooling loop's copies cache: the four and the pinned ones (pinned.h, loop_carry.c). */
#define RV_JIT_POOL_REGS (RV_JIT_CACHE_REGS + RV_JIT_PINNED)

#endif
