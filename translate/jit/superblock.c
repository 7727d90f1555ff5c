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
 * A forward jump that links nothing (`j`: round an else part, to a loop's test, to a shared
 * epilogue) is followed the same way: the block goes on at its target, the bytes jumped over
 * counting in its range, and the jump costs nothing but its count in instret.
 *
 * Backward branches end the block as before: they close loops (taken, mostly), and a loop of
 * one block (loop_carry.c) needs its back edge at its end. The fall-through block is decoded
 * again on its own when something jumps to it: code is duplicated, but only for blocks that
 * run hot enough to be translated.
 */

#include "mem/addrspace.h"
#include "translate/jit/jit.h"

/* A superblock stops growing at this many instructions, and at RV_JIT_MAX_SIDE_EXITS side
 * exits: its decoded instructions stay with it whether its translation keeps them or a side exit
 * trims them, translated or not. gcc's cc1 peaked at 173 MB with 8 side exits and up to 128
 * instructions (163 MB without superblocks, qemu 7.2 165 MB), 168 MB once the translation's maps
 * were made only for what is translated, 166 MB with 4 side exits (python3 no slower); this cap
 * changed nothing more there, but bounds what a block's first run decodes. */
#define MAX_INSNS 64

static bool side_exits_wanted(void)
{
    static int wanted = -1;
    return rv_jit_env_on("CROSSRUN_JIT_SIDE_EXITS", &wanted);
}

/* Appends the block at `at`, the way on from buf[n - 1], which gets `mark`; returns the new
 * count (n when it cannot: another page, or no room). */
static int append_at(guest_addr pc, struct rv_dinsn *buf, int n, guest_addr *end, guest_addr at,
                     uint8_t mark)
{
    guest_addr page = pc & ~(guest_addr)(GUEST_PAGE_SIZE - 1);
    if ((at & ~(guest_addr)(GUEST_PAGE_SIZE - 1)) != page)
        return n;
    struct rv_dinsn more[RV_BLOCK_MAX_INSNS + 1];
    guest_addr more_end;
    int m = rv_block_decode_on_page(at, more, &more_end);
    if (m == 0 || n + m > MAX_INSNS)
        return n;
    uint32_t retired = (uint32_t)buf[n - 1].idx + 1;
    buf[n - 1].superblock = mark;
    for (int j = 0; j < m; j++) {
        buf[n + j] = more[j];
        buf[n + j].idx = (uint16_t)(retired + (uint32_t)j);
    }
    *end = more_end;  /* past the jumped-over bytes too: more of the page drops the block */
    return n + m;
}

/* Goes on past buf[n - 1] when it is a forward conditional branch (a side exit, at most
 * RV_JIT_MAX_SIDE_EXITS of them) or a forward jump that links nothing (`j`: gcc's way round
 * an else part, or to a loop's test); returns the new count (n when it cannot). */
static int extend_past(guest_addr pc, struct rv_dinsn *buf, int n, guest_addr *end,
                       int *side_exits)
{
    struct rv_dinsn *last = &buf[n - 1];
    if (last->op == rv_op_jal && last->rd == 0 && last->imm > 0)
        return append_at(pc, buf, n, end, last->pc + (uint64_t)last->imm, RV_DINSN_FOLLOWED);
    if (*side_exits >= RV_JIT_MAX_SIDE_EXITS || last->op >= rv_op_count ||
        !(rv_op_flags[last->op] & RVF_BRANCH) || last->imm <= 0)
        return n;
    int more = append_at(pc, buf, n, end, last->pc + last->len, RV_DINSN_SIDE_EXIT);
    *side_exits += more != n;
    return more;
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
    uint32_t i = 0;
    for (; i + 1 < t->n; i++) {
        if (t->insns[i].superblock == RV_DINSN_FOLLOWED && none)
            break;  /* ends at the jump */
        if (t->insns[i].superblock != RV_DINSN_SIDE_EXIT)
            continue;
        if (none || __atomic_load_n(&t->side_taken[k++], __ATOMIC_RELAXED)) {
            break;  /* ends at the branch */
        }
    }
    if (i + 1 < t->n)
        __atomic_store_n(&t->n, i + 1, __ATOMIC_RELAXED);
}

int rv_jit_extend_block(guest_addr pc, struct rv_dinsn *buf, int n, guest_addr *end)
{
    int side_exits = 0;
    for (;;) {
        n = rv_jit_extend_over_hammocks(pc, buf, n, end);
        if (!side_exits_wanted())
            return n;
        int more = extend_past(pc, buf, n, end, &side_exits);
        if (more == n)
            return n;
        n = more;
    }
}
