/*
 * translate/jit/jcache.h - the per-thread cache of indirect jump targets that translated code
 * probes inline (jalr: returns, calls through pointers, switch tables).
 *
 * An entry maps an even guest pc to the host code of its translation, keyed by pc + 1 (odd), so
 * that an all-zero entry is empty: a new table is fresh zeroed memory whose pages the kernel
 * maps only as entries are filled (clearing 128 KiB at every thread's start cost a static
 * hello 32 page faults). Translated code indexes the calling thread's table (cpu->jcache) by
 * (pc >> 1) & mask, compares pc + 1 and jumps; a miss goes to the dispatcher, which translates
 * if needed and fills the entry. Entries are never trusted across drops: every table is cleared
 * when translations are dropped, and a thread whose epoch went stale clears its own before going
 * on (jit_engine.c), so an entry never names code that can have been freed. Clearing writes 0,
 * which no key is, so a reader racing with it sees either the old, still-mapped entry or a miss.
 */
#ifndef CROSSRUN_JIT_JCACHE_H
#define CROSSRUN_JIT_JCACHE_H

#include <stdint.h>

#include "abi/types.h"

/* 32768 entries (512 KiB a thread, its pages mapped as entries are filled): sqlite3's 16000
 * blocks missed 6% of their indirect jumps in 1024 entries, each miss a trip through the
 * dispatcher; 0.5% in 8192. gcc's cc1 touches every page: with 65536 entries (1 MiB) it missed
 * 0.4 M of its 290 M indirect jumps and returns, with 32768 0.64 M (0.4% of its time), and its
 * peak RSS came out under qemu-riscv64 7.2's instead of 0.2 MB above it. */
#define RV_JCACHE_BITS 15
#define RV_JCACHE_ENTRIES (1u << RV_JCACHE_BITS)
#define RV_JCACHE_EMPTY UINT64_C(0)

struct rv_jcache_entry {
    uint64_t key;                  /* pc + 1; RV_JCACHE_EMPTY when free */
    const uint8_t *code;
};

/* The calling thread's table (made on first use; kept for the next thread when this one
 * ends). */
struct rv_jcache_entry *rv_jcache_mine(void);

static inline struct rv_jcache_entry *rv_jcache_slot(struct rv_jcache_entry *table, guest_addr pc)
{
    return &table[(pc >> 1) & (RV_JCACHE_ENTRIES - 1)];
}

void rv_jcache_fill(struct rv_jcache_entry *table, guest_addr pc, const uint8_t *code);
void rv_jcache_clear(struct rv_jcache_entry *table);
/* Clears every thread's table (translations were dropped). */
void rv_jcache_clear_all(void);

/* Around a host fork: the list of tables' lock. */
void rv_jcache_fork_prepare(void);
void rv_jcache_fork_parent(void);
void rv_jcache_fork_child(void);

#endif
