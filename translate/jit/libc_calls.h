/*
 * translate/jit/libc_calls.h - a few of the guest C library's string functions, run as the
 * host's own instead of translated.
 *
 * rv64gc has no vector unit, so the guest glibc's strlen, memcpy, memset and the rest move at
 * most eight bytes an instruction, where the host's move 32 (the strings benchmark spent half
 * its time in strlen and memmove's word loops, 3.8 times native). When a translated block
 * starts at the entry of one of them (the guest's own symbol table says so:
 * perfmap_symbols.h), its code first calls the host version here, which does the whole call on
 * guest memory (guest address = host address) and returns like the guest function would: a0 the
 * result, pc the return address. The guest's other caller-saved registers keep what they had,
 * which a caller cannot tell from what the guest function would have left there.
 *
 * Faithfulness: results are the guest glibc's, not the C standard's latitude (strcmp returns
 * the difference of the first differing bytes, as glibc's generic C does). A call the host
 * version cannot finish (an argument outside the guest range, or an access that faults: an
 * unmapped or read-only page, SIGBUS past a file's end) gives up and the guest's own code runs
 * from the entry, so the guest's fault comes from its own instruction with its own si_addr.
 * A host fault inside a host version comes back through rv_libc_call_escape (run/fault.c).
 * A function whose entry is also the head of its loop (glibc's generic strcmp) comes back to
 * the block with its arguments advanced when its code runs; the host version then does the
 * rest of the call: code at a function's entry can carry nothing but its argument registers
 * round such a loop, so it computes the same function of them.
 * Only the translator uses these (blocks interpreted before they are hot run the guest code);
 * CROSSRUN_JIT_LIBC=0 turns them off.
 */
#ifndef CROSSRUN_JIT_LIBC_CALLS_H
#define CROSSRUN_JIT_LIBC_CALLS_H

#include <stdint.h>

#include "abi/types.h"
#include "translate/cpu.h"

enum rv_libc_fn {
    RV_LIBC_NONE = 0,
    RV_LIBC_STRLEN,
    RV_LIBC_MEMCPY,
    RV_LIBC_MEMMOVE,
    RV_LIBC_MEMSET,
    RV_LIBC_STRCHR,
    RV_LIBC_STRCMP,
    RV_LIBC_MEMCHR,
    RV_LIBC_MEMCMP,
};

/* Which function starts at pc (under the translator's lock), RV_LIBC_NONE when none or when
 * CROSSRUN_JIT_LIBC=0. */
enum rv_libc_fn rv_libc_fn_at(guest_addr pc);

/* Runs fn with the guest's arguments in cpu->x[10..12]. 1: done, cpu->x[10] the result and
 * cpu->pc the return address; 0: nothing was written that the guest's own code will not write
 * again the same way, run it. Called from translated code. */
int rv_libc_call(struct rv_cpu *cpu, int fn);

/* --stats: calls done, calls given back to the guest's code (racy counts, like the others) */
extern uint64_t rv_libc_calls_done, rv_libc_calls_given_back;

/* Set while a host version touches guest memory: the host fault handler restores the signal
 * mask and jumps there with __builtin_longjmp (rv_libc_call_give_up). */
extern __thread void **volatile rv_libc_call_escape;

/* From the host fault handler: back to the host version, which gives the call up. */
__attribute__((noreturn)) void rv_libc_call_give_up(void **to);

#endif
