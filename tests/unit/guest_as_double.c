/*
 * tests/unit/guest_as_double.c - the test double declared in guest_as_double.h.
 *
 * Only what the engine uses: a region list for guest_as_accessible, the invalidation hook and
 * a stack that never grows.
 */
#include <stdlib.h>

#include "tests/unit/guest_as_double.h"

void (*guest_as_code_changed)(guest_addr start, uint64_t len);

static struct {
    guest_addr start, end;
    int prot;
} regions[16];
static unsigned nregions;

void test_guest_region(guest_addr start, uint64_t len, int prot)
{
    if (nregions == sizeof regions / sizeof regions[0])
        abort();
    regions[nregions].start = start;
    regions[nregions].end = start + len;
    regions[nregions].prot = prot;
    nregions++;
}

bool guest_as_accessible(guest_addr addr, uint64_t len, int prot)
{
    if (len == 0)
        return true;
    for (unsigned i = 0; i < nregions; i++)
        if (addr >= regions[i].start && len <= regions[i].end - addr && addr < regions[i].end &&
            (regions[i].prot & prot) == prot)
            return true;
    return false;
}

/* No grows-down mappings here: a fault below one is never grown. */
bool guest_as_grow_stack(guest_addr addr)
{
    (void)addr;
    return false;
}
