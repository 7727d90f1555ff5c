/*
 * translate/block.c - building pre-decoded blocks from guest code and caching them by pc.
 *
 * Fetching follows what the hardware may touch: instruction bytes are read 16 bits at a time,
 * so a compressed instruction in the last two bytes of an executable mapping never makes us
 * read past it, and every page the block's bytes lie on is checked executable with the guest
 * address-space table before it is read. A block stays within one page (only its last
 * instruction may straddle into the next), which keeps invalidation by address range simple.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "translate/block.h"

static bool page_executable(guest_addr addr)
{
    return guest_in_range(addr, 2) && guest_as_accessible(addr, 2, PROT_EXEC);
}

static uint16_t fetch16(guest_addr addr)
{
    uint16_t v;
    memcpy(&v, (const void *)(uintptr_t)addr, sizeof v);  /* guest address = host address */
    return rv_le16(v);
}

static void fill_dinsn(struct rv_dinsn *d, const struct rv_insn *in, guest_addr pc, uint32_t idx)
{
    d->pc = pc;
    d->imm = in->imm;
    d->op = in->op;
    d->rd = in->rd;
    d->rs1 = in->rs1;
    d->rs2 = in->rs2;
    d->rs3 = in->rs3;
    d->rm = in->rm;
    d->aqrl = in->aqrl;
    d->len = in->len;
    d->superblock = 0;
    d->idx = (uint16_t)idx;
}

static int decode(guest_addr pc, bool page_known, struct rv_dinsn *buf, guest_addr *end,
                  guest_addr *fault_addr)
{
    guest_addr page = pc & ~(guest_addr)(GUEST_PAGE_SIZE - 1);
    guest_addr cur = pc;
    int n = 0;

    if (!page_known && !page_executable(pc)) {
        *fault_addr = pc;
        return 0;
    }
    while (n < RV_BLOCK_MAX_INSNS) {
        uint32_t bits = fetch16(cur);
        if ((bits & 3) == 3) {
            guest_addr hi = cur + 2;
            /* the upper half is on the next page: that page must be executable too */
            if ((hi & (GUEST_PAGE_SIZE - 1)) == 0 && !page_executable(hi)) {
                if (n == 0) {
                    *fault_addr = hi;
                    return 0;
                }
                break;  /* the fault is raised when control reaches this instruction */
            }
            bits |= (uint32_t)fetch16(hi) << 16;
        }
        struct rv_insn in;
        memset(&in, 0, sizeof in);
        rv_decode(bits, &in);
        fill_dinsn(&buf[n], &in, cur, (uint32_t)n);
        n++;
        cur += in.len;
        if (in.op == rv_op_illegal || (rv_op_flags[in.op] & RVF_ENDS_BLOCK))
            break;
        if ((cur & ~(guest_addr)(GUEST_PAGE_SIZE - 1)) != page)
            break;
    }
    buf[n].pc = cur;
    buf[n].op = RV_OP_BLOCK_END;
    buf[n].superblock = 0;
    buf[n].idx = (uint16_t)n;
    *end = cur;
    return n;
}

int rv_block_decode(guest_addr pc, struct rv_dinsn *buf, guest_addr *end, guest_addr *fault_addr)
{
    return decode(pc, false, buf, end, fault_addr);
}

int rv_block_decode_on_page(guest_addr pc, struct rv_dinsn *buf, guest_addr *end)
{
    guest_addr unreadable;
    return decode(pc, true, buf, end, &unreadable);
}

/* Decodes the block at pc into a new allocation. When the first instruction cannot be fetched,
 * returns NULL with *fault_addr set to the address that could not be read. */
static struct rv_block *build_block(guest_addr pc, guest_addr *fault_addr)
{
    struct rv_dinsn buf[RV_BLOCK_MAX_INSNS + 1];
    guest_addr end;
    int n = rv_block_decode(pc, buf, &end, fault_addr);
    if (n == 0)
        return NULL;

    struct rv_block *b = calloc(1, sizeof *b + (size_t)(n + 1) * sizeof b->insns[0]);
    if (!b) {
        static const char msg[] = "crossrun: out of memory for translated code\n";
        if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
        abort();
    }
    b->tb.pc = pc;
    b->tb.end = end;
    b->n = (uint32_t)n;
    memcpy(b->insns, buf, (size_t)(n + 1) * sizeof buf[0]);
    return b;
}

struct rv_block *rv_block_get(guest_addr pc, guest_addr *fault_addr)
{
    struct rv_tb *tb = rv_cache_lookup(pc);
    if (tb)
        return (struct rv_block *)tb;
    struct rv_block *b = build_block(pc, fault_addr);
    if (!b)
        return NULL;
    tb = rv_cache_insert(&b->tb);
    if (tb != &b->tb)
        free(b);  /* another thread published the same pc first */
    return (struct rv_block *)tb;
}

static void free_block(struct rv_tb *tb)
{
    free((struct rv_block *)tb);
}

void rv_block_cache_init(void)
{
    static const struct rv_cache_ops block_ops = { .free_tb = free_block };
    rv_cache_init(&block_ops);
}
