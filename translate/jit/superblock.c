/*
 * translate/jit/superblock.c - blocks that run on past a forward branch, leaving by a side exit
 * when it is taken.
 *
 * Real programs run short blocks: python3's hot ones average four and a half guest
 * instructions, half of them ending in a forward conditional branch (an error check, an `if`
 * whose body is laid out after it). Each block end writes the copies caches back, adds to
 * instret, jumps to the next block (chained), which loads the copies again and checks again the
 * bases of its loads and stores. gcc lays out the likelier way of a forward branch as its
 * fall-through (the static rule of predicting backward taken, forward not taken), so a block
 * ending in a forward branch that is not a hammock (hammock.c) goes on instead with the block at
 * its fall-through: the branch becomes a side exit, whose taken way writes back the dirty copies
 * as they are there, counts what has retired and leaves through the jump table (translate.c's
 * emit_side_exit, in the cold part), while the fall-through way keeps the copies and what the
 * block knows. The block's guest range stays one run of addresses, [pc, end), on one page.
 *
 * Backward branches end the block as before: they close loops (taken, mostly), and a loop of
 * one block (loop_carry.c) needs its back edge at its end. The fall-through block is decoded
 * again on its own when something jumps to it: code is duplicated, but only for blocks that
 * run hot enough to be translated.
 */
#include <stdlib.h>
#include <string.h>

#include "mem/addrspace.h"
#include "translate/jit/jit.h"

static bool side_exits_wanted(void)
{
    static int wanted = -1;
    if (wanted < 0) {
        const char *env = getenv("CROSSRUN_JIT_SIDE_EXITS");
        wanted = !(env && strcmp(env, "0") == 0);
    }
    return wanted;
}

/* Appends the block at the fall-through of buf[n - 1], a forward conditional branch that
 * becomes a side exit; returns the new count (n when it cannot). */
static int extend_past_branch(guest_addr pc, struct rv_dinsn *buf, int n, guest_addr *end,
                              int *side_exits)
{
    struct rv_dinsn *br = &buf[n - 1];
    if (*side_exits >= RV_JIT_MAX_SIDE_EXITS || br->op >= rv_op_count ||
        !(rv_op_flags[br->op] & RVF_BRANCH) || br->imm <= 0)
        return n;
    guest_addr page = pc & ~(guest_addr)(GUEST_PAGE_SIZE - 1);
    guest_addr fall = br->pc + br->len;
    if ((fall & ~(guest_addr)(GUEST_PAGE_SIZE - 1)) != page)
        return n;
    struct rv_dinsn more[RV_BLOCK_MAX_INSNS + 1];
    guest_addr more_end, unreadable;
    int m = rv_block_decode(fall, more, &more_end, &unreadable);
    if (m == 0 || n + m > RV_BLOCK_MAX_INSNS)
        return n;
    uint32_t retired = (uint32_t)br->idx + 1;
    br->side_exit = 1;
    for (int j = 0; j < m; j++) {
        buf[n + j] = more[j];
        buf[n + j].idx = (uint16_t)(retired + (uint32_t)j);
    }
    (*side_exits)++;
    *end = more_end;
    return n + m;
}

/* A side exit is kept only when none of the block's interpreted runs took it (with the 7 runs
 * before a block is hot, most of those are taken less than one time in seven): taken, it costs
 * its stub's write-back and a jump-table probe where a block end has a chained jump, several
 * times what one way past it saves (python3's run: side exits kept when taken at most 1 in 4
 * were taken 7% of the times they ran, and it ran no faster). */
void rv_jit_trim_side_exits(struct rv_jit_tb *t, bool none)
{
    uint32_t runs = __atomic_load_n(&t->runs, __ATOMIC_RELAXED);
    if (runs <= 1 && !none)
        return;  /* translated at once (CROSSRUN_JIT_HOT=1): no profile, every side exit kept */
    int k = 0;
    for (uint32_t i = 0; i + 1 < t->n; i++) {
        if (!t->insns[i].side_exit)
            continue;
        if (none || __atomic_load_n(&t->side_taken[k++], __ATOMIC_RELAXED)) {
            __atomic_store_n(&t->n, i + 1, __ATOMIC_RELAXED);  /* ends at the branch */
            return;
        }
    }
}

int rv_jit_extend_block(guest_addr pc, struct rv_dinsn *buf, int n, guest_addr *end)
{
    int side_exits = 0;
    for (;;) {
        n = rv_jit_extend_over_hammocks(pc, buf, n, end);
        if (!side_exits_wanted())
            return n;
        int more = extend_past_branch(pc, buf, n, end, &side_exits);
        if (more == n)
            return n;
        n = more;
    }
}
