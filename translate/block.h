/*
 * translate/block.h - the interpreter's translations: pre-decoded basic blocks.
 *
 * The interpreter never decodes while it runs: the first time control reaches a pc, block.c
 * fetches and decodes the straight-line run of instructions starting there (up to the first
 * instruction that ends a block, a page boundary, or RV_BLOCK_MAX_INSNS) into an array of
 * struct rv_dinsn, ended by a sentinel whose pc is the fall-through address. A block is the
 * interpreter's payload on an entry of the shared code cache (translate/cache.h): the cache
 * finds it by pc, chains its exits (slot 0: the taken branch or jal target, slot 1: the
 * fall-through), drops it when its code changes and frees it when no thread can be inside.
 * Published blocks are immutable except for the cache's fields.
 */
#ifndef CROSSRUN_BLOCK_H
#define CROSSRUN_BLOCK_H

#include <stdint.h>

#include "abi/types.h"
#include "translate/cache.h"
#include "translate/insn.h"

/* Longest block in instructions. Blocks also stop at a 4 KiB page boundary, so at most 2048. */
#define RV_BLOCK_MAX_INSNS 128

/* The op of the sentinel that ends every block (one past the last enum value). */
#define RV_OP_BLOCK_END ((uint16_t)rv_op_count)

/* One pre-decoded instruction: struct rv_insn flattened to 32 bytes, plus where it lives. */
struct rv_dinsn {
    uint64_t pc;        /* guest address of this instruction (for the sentinel: fall-through pc) */
    int32_t imm;        /* as struct rv_insn.imm (every immediate fits 32 bits) */
    uint16_t op;        /* enum rv_op, or RV_OP_BLOCK_END */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm, aqrl, len;
    /* the translator's superblocks (translate/jit/superblock.c), 0 elsewhere: RV_DINSN_SIDE_EXIT
     * on a conditional branch inside a block whose taken way leaves it (the block going on at
     * its fall-through), RV_DINSN_FOLLOWED on a jump inside a block that goes on at its target */
    uint8_t superblock;
    uint16_t idx;       /* position in the block: instructions retired before it in this block */
};

enum { RV_DINSN_SIDE_EXIT = 1, RV_DINSN_FOLLOWED = 2 };

struct rv_block {
    struct rv_tb tb;               /* the cache's header: pc, end, chained exits */
    uint32_t n;                    /* instructions, sentinel not counted */
    struct rv_dinsn insns[];       /* n instructions then the sentinel */
};

/* The chain slot of the exit that leads to `next_pc`: 1 for the fall-through, else 0. */
static inline int rv_block_slot(const struct rv_block *b, guest_addr next_pc)
{
    return next_pc == b->tb.end;
}

/* The block starting at pc, decoding and publishing it on a miss. NULL when the first
 * instruction cannot be fetched (outside the guest range, unmapped or not executable), with
 * *fault_addr the address that could not be read: the guest's instruction access fault. */
struct rv_block *rv_block_get(guest_addr pc, guest_addr *fault_addr);

/* Fetches and decodes the straight-line run at pc into buf (room for RV_BLOCK_MAX_INSNS + 1):
 * up to and including the first instruction that ends a block, an illegal one, the last one
 * on pc's page or the RV_BLOCK_MAX_INSNS-th, then the sentinel (op RV_OP_BLOCK_END, pc the
 * fall-through address). Returns the count without the sentinel and sets *end to the
 * fall-through address; 0 when the first instruction cannot be fetched, with *fault_addr the
 * address that could not be read. Every engine decodes through this. */
int rv_block_decode(guest_addr pc, struct rv_dinsn *buf, guest_addr *end, guest_addr *fault_addr);
/* The same for pc on a page a block was just decoded from (found executable then): the
 * translator's blocks that go on past a branch or a jump (hammock.c, superblock.c), which
 * would take the address-space lock again for each way on (a dynamic hello: 3.5 ms -> 4.6). */
int rv_block_decode_on_page(guest_addr pc, struct rv_dinsn *buf, guest_addr *end);

/* Tells the shared cache how blocks are freed (once, before the first rv_block_get). */
void rv_block_cache_init(void);

#endif
