/*
 * translate/jit/hammock.c - blocks that run on over a short forward branch.
 *
 * gcc compiles `if (c) x = y;` to a conditional branch over a few instructions, and a loop
 * whose body has one (intmix's crc16: `beq a5, zero` over a two-instruction zero extension,
 * then the loop's own branch) ran as three blocks a trip, each leaving and entering through
 * chained jumps, writing its cached registers back and counting its instructions. A block
 * that ends in a forward branch whose target is at most HAMMOCK_MAX_SKIP straight-line
 * instructions ahead, on the same page, goes on instead through those instructions and the
 * block at the target: the branch stays inside (a hammock), a jump over the skipped
 * instructions in the translation, and the block's guest range stays one run of addresses,
 * [pc, end), for invalidation. Its instructions' idx count what has retired before them on
 * the way that runs them: those after the target leave the skipped ones out, which the way
 * through them adds as it reaches the target (translate.c; interpret.c does the same).
 */
#include "mem/addrspace.h"
#include "translate/jit/jit.h"

#define HAMMOCK_MAX_SKIP 8

int rv_jit_extend_over_hammocks(guest_addr pc, struct rv_dinsn *buf, int n, guest_addr *end)
{
    guest_addr page = pc & ~(guest_addr)(GUEST_PAGE_SIZE - 1);
    for (;;) {
        const struct rv_dinsn *br = &buf[n - 1];
        if (br->op >= rv_op_count || !(rv_op_flags[br->op] & RVF_BRANCH) || br->imm <= br->len)
            return n;
        guest_addr fall = br->pc + br->len, target = br->pc + (uint64_t)br->imm;
        if ((fall & ~(guest_addr)(GUEST_PAGE_SIZE - 1)) != page ||
            target - fall > 4 * HAMMOCK_MAX_SKIP)
            return n;
        struct rv_dinsn more[RV_BLOCK_MAX_INSNS + 1];
        guest_addr more_end;
        int m = rv_block_decode_on_page(fall, more, &more_end);
        int skip = 0;  /* instructions before the target: none of them ends a block */
        while (skip < m && more[skip].pc < target)
            skip++;
        if (skip == m || more[skip].pc != target || skip > HAMMOCK_MAX_SKIP ||
            n + m > RV_BLOCK_MAX_INSNS)
            return n;
        uint32_t retired = (uint32_t)br->idx + 1;
        for (int j = 0; j < m; j++) {
            buf[n + j] = more[j];
            buf[n + j].idx = (uint16_t)(retired + (uint32_t)j - (j < skip ? 0u : (uint32_t)skip));
        }
        n += m;
        *end = more_end;
    }
}
