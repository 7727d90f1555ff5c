/*
 * translate/jit/codemem.h - memory for translated code: regions, allocation, and finding the
 * translation a host pc belongs to.
 *
 * A region is one private anonymous mapping, readable, writable and executable (perf reads
 * /tmp/perf-PID.map only for code in anonymous memory), which code is written to, patched in and
 * run from. Where the kernel refuses such a mapping, or CROSSRUN_JIT_WX=1 asks, it is shared
 * anonymous memory mapped twice instead (the second view an mremap alias of the first): a
 * read-execute view that code runs from and a read-write view that code is written and patched
 * through, so no page is ever writable and executable through one mapping; that costs the
 * process's RSS each page twice. Either way patching a chain never changes page protections
 * under a running thread. Translations are allocated from the current region, in address order,
 * each in two parts (the hot one in the region's first half, the cold one in its second:
 * struct rv_code_slot); when it is full
 * the translator flushes every translation and opens a new region, and a region is unmapped once
 * the last translation in it is freed (the code cache frees only what no thread can be running),
 * so memory stays bounded by about two regions however much code a program has.
 *
 * Each region starts with its own copy of the exit path (rv_codemem_exit), so every jump a
 * translation makes stays within its region and fits a rel32.
 */
#ifndef CROSSRUN_JIT_CODEMEM_H
#define CROSSRUN_JIT_CODEMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rv_tb;
struct rv_region;

/* Size of one region; the code cache's limit is about two of them. Pages are committed as
 * code is written, so a small program pays for what it translates; gcc's cc1 translates about
 * 35 MiB of code on a 200 KB C file and refilled 32 MiB regions six times over (880 000
 * translations, a fifth of its run). */
#define RV_CODEMEM_REGION_SIZE ((size_t)128 << 20)

/* Where a new translation goes: `rx` is its executable address, `rw` the same bytes writable (the
 * same address but for regions mapped twice);
 * `room` bytes may be written. Its cold part (the paths it rarely takes: faults, unchained
 * exits, signals) goes to cold_rx, `cold_room` bytes: a region keeps its hot code in its first
 * half and the cold code in the second, so the code a program runs is packed in as few cache
 * lines and pages as it can be: cold paths are about 60% of all code, and gcc's cc1 ran 35%
 * slower with 200 more bytes of them after each translation (6.0 s -> 5.2 s of CPU time when
 * they moved out). */
struct rv_code_slot {
    struct rv_region *region;
    uint8_t *rx;
    uint8_t *rw;
    size_t room;
    uint8_t *cold_rx;
    uint8_t *cold_rw;
    size_t cold_room;
};

/* Starts the allocator (once). False when memory cannot be mapped. */
bool rv_codemem_init(void);

/* Room for the next translation in the current region, starting on a `line`-byte boundary (a
 * power of two, at least 16); false when the region is full (the caller flushes and calls
 * rv_codemem_new_region). Callers serialise (the translator's lock). */
bool rv_codemem_reserve(struct rv_code_slot *slot, size_t line);

/* Keeps the first `used` bytes of the slot and `cold_used` of its cold part for translation `tb`
 * (registered for rv_codemem_find) and returns false when the region has no room left to
 * register it. */
bool rv_codemem_commit(struct rv_code_slot *slot, size_t used, size_t cold_used,
                       struct rv_tb *tb);

/* The cold part of the translation whose code starts at `code` in region r (for logs and perf
 * maps): NULL and 0 when there is none. */
void rv_codemem_cold_part(struct rv_region *r, const uint8_t *code, const uint8_t **cold,
                          size_t *size);

/* Retires the current region (nothing more is allocated from it; it is unmapped when its last
 * translation is released) and opens a new one. False when memory cannot be mapped. */
bool rv_codemem_new_region(void);

/* A translation in `region` was freed. */
void rv_codemem_release(struct rv_region *region);

/* The translation whose code (or cold part) contains host address pc, or NULL. Async-signal-safe (read by the
 * host fault handler): no lock, no allocation. */
struct rv_tb *rv_codemem_find(uintptr_t pc);

/* Translates an executable address of a region into its writable twin. */
uint8_t *rv_codemem_rw(struct rv_region *region, const uint8_t *rx);

/* The exit path at the start of `region`: translated code jumps there with the exit value in
 * rax; it restores the host registers and returns it from rv_codemem_enter. */
uint8_t *rv_codemem_exit(struct rv_region *region);
/* The region's fault tail, which the cold path of a checked load or store calls with rcx = the
 * address - GUEST_BASE and the instruction's index in its block in the byte after the call:
 * cpu->fault.addr = the address, cpu->jit_fault_ret = that byte's address, and out through
 * the exit path with RV_JIT_EXIT_FAULT_AT (so each cold path ends in 6 bytes, not 40). */
uint8_t *rv_codemem_fault_tail(struct rv_region *region);
/* The exit value the fault tail leaves with (jit.h's RV_JIT_EXIT_FAULT_AT). */
#define RV_CODEMEM_EXIT_FAULT_AT 7

/* Enters translated code at `code` with the guest cpu in rbx until it exits; returns the exit
 * value (translate/jit/jit.h). */
uintptr_t rv_codemem_enter(void *cpu, const void *code);

/* Around a host fork (taken last, after the translator's and the cache's locks): the child
 * copies the code onto memory of its own while the parent waits (codemem.c). */
void rv_codemem_fork_prepare(void);
void rv_codemem_fork_parent(void);
void rv_codemem_fork_child(void);

/* Bytes of translated code in the current region, and regions opened so far (--stats). */
size_t rv_codemem_used(void);
uint64_t rv_codemem_regions(void);

#endif
