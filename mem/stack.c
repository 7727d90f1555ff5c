/*
 * mem/stack.c - the guest's main stack and the growth of grows-down mappings (the functions of
 * mem/addrspace.h that start with guest_stack_ and guest_as_grow_stack).
 *
 * The "[stack]" region is mapped at RLIMIT_STACK for the loader to write the initial stack
 * into, then cut to what the kernel's setup_arg_pages leaves (the strings' page and 128 KiB
 * below); the rest is reservation again. A guest access below it, or below any MAP_GROWSDOWN
 * mapping, grows the mapping down to the page of the access as the kernel's expand_downwards
 * does, checked against RLIMIT_STACK as it is at that moment, the stack_guard_gap to the
 * mapping below and RLIMIT_AS; the fault path (run/fault.c) and the checked copies
 * (mem/uaccess.c) ask for it. The table entries are addrspace.c's (addrspace_table.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "mem/addrspace.h"
#include "mem/addrspace_table.h"
#include "mem/host.h"
#include "mem/hostmap.h"

#define STACK_MIN     (128 * 1024)
#define STACK_MAX     (UINT64_C(256) << 20)
/* fs/exec.c setup_arg_pages: the initial stack vma reaches this far below the strings. */
#define STACK_EXPAND  (128 * 1024)

static guest_addr stack_top = GUEST_LIMIT;   /* set once, before the guest runs */

static bool grows_down(const struct guest_vma *v) { return v->flags & MAP_GROWSDOWN; }

int guest_stack_init(bool randomize, int prot)
{
    struct rlimit rl;
    uint64_t size = UINT64_C(8) << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0)
        size = rl.rlim_cur == RLIM_INFINITY ? STACK_MAX : rl.rlim_cur;
    size = guest_page_up(size < STACK_MIN ? STACK_MIN : size > STACK_MAX ? STACK_MAX : size);

    uint64_t stack_pad = randomize ? GUEST_RND_RANGE : 0;
    guest_addr top = GUEST_LIMIT - (randomize ? guest_random_pages(GUEST_RND_RANGE) : 0);
    /* mm/util.c mmap_base(): gap = stack limit + guard + stack randomization, at least MIN_GAP
     * (plus the randomization), counted from the unrandomized stack top. */
    uint64_t gap = size + GUEST_STACK_GUARD_GAP + stack_pad;
    if (gap < GUEST_MIN_GAP + stack_pad)
        gap = GUEST_MIN_GAP + stack_pad;
    guest_addr base = GUEST_LIMIT - gap - (randomize ? guest_random_pages(GUEST_RND_RANGE) : 0);

    long r = guest_mmap(top - size, size, PROT_READ | PROT_WRITE | (prot & PROT_EXEC),
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE
                        | MAP_GROWSDOWN, -1, 0, "[stack]");
    if (r < 0)
        return (int)r;
    guest_as_lock_write();
    __atomic_store_n(&stack_top, top, __ATOMIC_RELEASE);
    guest_as_set_mmap_base(base);
    guest_as_unlock();
    return 0;
}

guest_addr guest_stack_top(void)
{
    return __atomic_load_n(&stack_top, __ATOMIC_ACQUIRE);
}

void guest_stack_settle(guest_addr low)
{
    guest_addr keep = guest_page_down(low);
    keep = keep > STACK_EXPAND ? keep - STACK_EXPAND : 0;
    guest_as_lock_write();
    struct guest_vma *prev, *v = guest_as_entry_at(guest_stack_top() - 1, &prev);
    if (v && strcmp(v->name, "[stack]") == 0 && keep > v->start && keep < v->end
        && host_reserve(v->start, keep - v->start) == 0)
        v->start = keep;
    guest_as_unlock();
}

/* mm/mmap.c expand_downwards and acct_stack_growth: the vma grows to the page of addr unless
 * that comes within stack_guard_gap of an accessible mapping below that does not grow down
 * itself, or makes the vma larger than RLIMIT_STACK (any grows-down vma, not only the main
 * stack), or passes RLIMIT_AS. Lock held. */
static bool grow_down(guest_addr addr)
{
    struct guest_vma *prev, *v = guest_as_entry_at(addr, &prev);
    if (!v || v->start <= addr || !grows_down(v))
        return false;
    guest_addr start = guest_page_down(addr);
    if (start < GUEST_BASE)
        return false;
    if (prev && !grows_down(prev) && prev->prot != PROT_NONE
        && start - prev->end < GUEST_STACK_GUARD_GAP)
        return false;
    struct rlimit rl;
    if (host_syscall4(SYS_prlimit64, 0, RLIMIT_STACK, 0, HOST_ARG(&rl)) < 0
        || v->end - start > rl.rlim_cur)
        return false;
    uint64_t add = v->start - start;
    if (!guest_as_may_expand(add))
        return false;
    if (host_mmap(start, add, host_prot(v->prot),
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
        return false;
    v->start = start;
    return true;
}

bool guest_as_grow_stack(guest_addr addr)
{
    if (!guest_in_range(addr, 1))
        return false;
    int saved_errno = errno;   /* also called from the host fault handler */
    guest_as_lock_write();
    bool grown = grow_down(addr);
    guest_as_unlock();
    errno = saved_errno;
    return grown;
}
