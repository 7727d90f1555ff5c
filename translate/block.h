/*
 * translate/block.h - pre-decoded basic blocks and the cache that finds them by guest pc.
 *
 * The interpreter never decodes while it runs: the first time control reaches a pc, block.c
 * fetches and decodes the straight-line run of instructions starting there (up to the first
 * instruction that ends a block, a page boundary, or RV_BLOCK_MAX_INSNS) into an array of
 * struct rv_dinsn, ended by a sentinel whose pc is the fall-through address. Blocks are kept in
 * a hash table keyed by pc; each block also remembers up to two successors it has jumped to,
 * so the hot loop follows those pointers instead of hashing (block chaining).
 *
 * The cache is shared by all guest threads: lookups read the buckets with acquire loads and
 * insertions publish with release stores under a mutex; a published block is immutable except
 * for its chain slots, which are single pointers stored and loaded atomically (a chained block is
 * recognised by its own pc, so a slot can never pair one pc with another block). Dropping blocks
 * frees them at once only while one guest thread runs; otherwise they are retired until no
 * thread can still be inside them (epochs: see block.c).
 */
#ifndef CROSSRUN_BLOCK_H
#define CROSSRUN_BLOCK_H

#include <stdint.h>

#include "abi/types.h"
#include "translate/cpu.h"
#include "translate/insn.h"

/* Longest block in instructions. Blocks also stop at a 4 KiB page boundary, so at most 2048. */
#define RV_BLOCK_MAX_INSNS 128

/* The op of the sentinel that ends every block (one past the last enum value). */
#define RV_OP_BLOCK_END ((uint16_t)rv_op_count)

/* One pre-decoded instruction: struct rv_insn flattened to 32 bytes, plus where it lives. */
struct rv_dinsn {
    uint64_t pc;        /* guest address of this instruction (for the sentinel: fall-through pc) */
    int64_t imm;        /* as struct rv_insn.imm */
    uint16_t op;        /* enum rv_op, or RV_OP_BLOCK_END */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm, aqrl, len;
    uint16_t idx;       /* position in the block: instructions retired before it in this block */
};

struct rv_block {
    guest_addr pc;                 /* first instruction */
    guest_addr end;                /* one past the last byte of the last instruction */
    uint32_t n;                    /* instructions, sentinel not counted */
    uint32_t victim;               /* which chain slot the next miss replaces (racy by design:
                                    * any value is a valid slot) */
    struct rv_block *succ[2];      /* chained successors (NULL = empty slot), atomic pointers;
                                    * only ever blocks of the same gen */
    uint64_t gen;                  /* flush generation it was cached in (block.c) */
    struct rv_block *hash_next;    /* bucket chain */
    struct rv_dinsn insns[];       /* n instructions then the sentinel */
};

/* The block starting at pc, decoding it on a miss. When the first instruction cannot be
 * fetched (outside the guest range, unmapped or not executable) the guest gets SIGSEGV at pc,
 * as hardware raises an instruction access fault there; this does not return then. */
struct rv_block *rv_block_get(struct rv_cpu *cpu, guest_addr pc);

/* The cached block starting at pc, or NULL. */
struct rv_block *rv_block_lookup(guest_addr pc);

/* Drops every cached block (fence.i, or any invalidation that touches cached code). */
void rv_block_flush_all(void);

/* The thread code counts guest threads besides the first here (+1 when one starts, -1 when it
 * will run no more guest code), so that flushing knows whether blocks may still be in use. */
void rv_block_threads_add(int delta);

/* The calling thread holds no block pointer now (the run loop, before it acts on what made the
 * interpreter return: syscalls can block for long, and retired blocks wait for this). */
void rv_block_quiescent(void);

/* The calling host thread will not run guest code again (its bookkeeping slot is reused). */
void rv_block_thread_gone(void);

/* Number of cached blocks (tests, statistics). */
uint64_t rv_block_count(void);

#endif
