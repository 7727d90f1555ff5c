/*
 * translate/jit/perfmap.h - --perfmap: the translator tells `perf` what its code is.
 *
 * perf record samples host pcs; in translated code they belong to no file, so perf report
 * shows raw addresses. For such code perf reads /tmp/perf-PID.map, one line per piece of code:
 * "START SIZE name" (hex, no 0x; tools/perf/Documentation/jit-interface.txt). With --perfmap the
 * translator writes a line for every translation, named after the guest function it comes from
 * (perfmap_symbols.h): "hot_loop+0x1c [prog]", "memcpy+0x40 [libc.so.6]", or "guest:0xPC".
 */
#ifndef CROSSRUN_JIT_PERFMAP_H
#define CROSSRUN_JIT_PERFMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Set once by rv_perfmap_enable, before any guest code runs; cleared if the file cannot be
 * written (one line on stderr says why). */
extern bool rv_perfmap_on;

static inline bool rv_perfmap_enabled(void)
{
    return rv_perfmap_on;
}

/* Turns the map file on (main.c, for --perfmap / CROSSRUN_PERFMAP, under the jit engine). */
void rv_perfmap_enable(void);

/* Records one translation: its host code [host, host + size) and its cold part [cold, cold +
 * cold_size) (named NAME.cold; none when cold_size is 0) come from the guest code at guest_pc.
 * Each line reaches the file before this returns (a guest may die by a signal any moment).
 * Call with the translator's lock held: calls must not overlap. After a fork the child writes
 * its own /tmp/perf-CHILDPID.map, starting with the lines it inherited with the code. */
void rv_perfmap_note(const void *host, size_t size, const void *cold, size_t cold_size,
                     uint64_t guest_pc);

#endif
