/*
 * mem/addrspace_table.h - inside mem/: the mapping table of mem/addrspace.c for the one other
 * file that changes entries in place under its lock (mem/stack.c: the stack's layout, and the
 * growth of grows-down mappings). The rest of crossrun uses mem/addrspace.h.
 */
#ifndef CROSSRUN_MEM_ADDRSPACE_TABLE_H
#define CROSSRUN_MEM_ADDRSPACE_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/types.h"

struct guest_vma;

/* Linux riscv64 (Sv39), mm/util.c and mm/mmap.c: the gap between the stack top and the mmap
 * base is at least 128 MiB; stack_guard_gap is 256 pages. */
#define GUEST_MIN_GAP          (UINT64_C(128) << 20)
#define GUEST_STACK_GUARD_GAP  (256 * UINT64_C(4096))

/* The table's lock, taken for writing. */
void guest_as_lock_write(void);
void guest_as_unlock(void);

/* Lock held: the entry holding addr or else the first one above it (NULL when none), and in
 * *prev the entry below that one (NULL when none). Entries may be changed in place as long as
 * they stay sorted and apart. */
struct guest_vma *guest_as_entry_at(guest_addr addr, struct guest_vma **prev);

/* Lock held: may the guest map `add` more bytes under its RLIMIT_AS? */
bool guest_as_may_expand(uint64_t add);

/* Lock held: where top-down placement of non-fixed mmaps starts. */
void guest_as_set_mmap_base(guest_addr base);

#endif
