/*
 * translate/engine.h - the seam between the run loop and the engines that execute guest code.
 *
 * An engine runs one guest thread's code from cpu->pc until something only the run loop can
 * handle: a pending signal, an ecall, an ebreak, a fence.i, or a fault. It then returns the
 * reason, with struct rv_cpu exact (every register, pc at the instruction concerned). The run
 * loop (run/loop.c) is the one place that acts on those reasons: syscalls and their
 * restart, signal delivery, fatal faults. A new engine is its own files plus one row in
 * engines.c's table (translate/engines.h: which engines exist, which one runs); nothing above
 * this header changes.
 *
 * Engines: `interp`, the reference interpreter over pre-decoded blocks, and `interp-nochain`,
 * the same interpreter with block chaining and its jump cache off (every block end goes
 * through the code cache's hash table), which is slower and useful for chasing chaining bugs.
 */
#ifndef CROSSRUN_ENGINE_H
#define CROSSRUN_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/types.h"
#include "translate/cpu.h"

/* Why run() returned. */
enum rv_exit {
    RV_EXIT_SIGNAL,     /* cpu->signal_pending was set at a block boundary; cpu->pc resumes */
    RV_EXIT_ECALL,      /* cpu->pc at the ecall (always 4 bytes) */
    RV_EXIT_EBREAK,     /* cpu->pc at the ebreak (c.ebreak or ebreak) */
    RV_EXIT_FENCE_I,    /* cpu->pc at the fence.i (always 4 bytes) */
    RV_EXIT_FAULT,      /* cpu->pc at the faulting instruction; cpu->fault says what */
};

struct rv_engine {
    const char *name;               /* for --engine and CROSSRUN_ENGINE */
    const char *summary;            /* one line for --help and the man page */
    /* Once per process, before any thread runs. */
    void (*init)(void);
    /* The calling host thread starts running guest threads / will run no more guest code. */
    void (*thread_enter)(struct rv_cpu *cpu);
    void (*thread_leave)(struct rv_cpu *cpu);
    /* Runs guest code from cpu->pc until it must leave (see enum rv_exit). A host fault in
     * guest code does not return: the run loop's fault handler calls sync_fault, then unwinds
     * to the run loop. */
    enum rv_exit (*run)(struct rv_cpu *cpu);
    /* Drops the translations of guest code overlapping [start, start + len), everything when
     * len is UINT64_MAX. Other threads may be running; they leave dropped code promptly. */
    void (*invalidate)(guest_addr start, uint64_t len);
    /* In the host SIGSEGV/SIGBUS handler, for a fault at a guest address while this thread was
     * in run(): brings cpu up to date from the host context (pc of the faulting guest
     * instruction, every register) and releases what run() held, since control will not return
     * to it. False when the host pc is not in guest code (a runner bug, reported as such). */
    bool (*sync_fault)(struct rv_cpu *cpu, const void *host_ucontext);
    /* In the same handler, for a fault the kernel gives at no guest address (si_addr above the
     * guest range, or a non-canonical address's general-protection fault): true when the host
     * pc is a guest load the engine runs without a range check, so the fault is the guest's
     * at the load's own address. NULL when the engine checks every access. */
    bool (*unchecked_load)(const void *host_ucontext);
    /* Around a host fork: take the engine's locks / release them in the parent / start afresh
     * in the child, which has only the forking thread. */
    void (*fork_prepare)(void);
    void (*fork_parent)(void);
    void (*fork_child)(void);
    /* The same for locks held while the guest address space is read (the translator's, held
     * while it fetches guest code): taken before the address-space lock, released after it.
     * NULL when the engine has none. */
    void (*fork_prepare_outer)(void);
    void (*fork_parent_outer)(void);
    void (*fork_child_outer)(void);
    /* Counters for --stats: fills up to `cap` name/value pairs, returns how many. */
    int (*stats)(const char **names, uint64_t *values, int cap);
};

#endif
