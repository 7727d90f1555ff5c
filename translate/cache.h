/*
 * translate/cache.h - the code cache every engine shares: translations found by guest pc,
 * chained to each other, dropped by guest address range, and freed only when no guest thread
 * can still be running them.
 *
 * An engine's translation of the guest code at one pc (the interpreter's pre-decoded block, the
 * translator's host code) embeds a struct rv_tb as its first member: the cache owns that
 * header and never looks past it. What the cache does for every engine:
 *  - lookup by pc, lock-free for readers (acquire loads of the bucket chains); insertion under
 *    one mutex, where the first of two racing threads wins;
 *  - chaining: a translation's direct exits (at most two) may name their successors in
 *    jmp_dest[], which engines read lock-free to go straight on; links are made only through
 *    rv_cache_link, which records each one in its target's list of incoming links, so that
 *    dropping a translation unchains every exit that jumps into it (and never links a dropped
 *    one);
 *  - invalidation of an address range drops exactly the translations that overlap it
 *    (munmap, mprotect, riscv_flush_icache, fence.i for everything);
 *  - reclamation: a dropped translation is retired, not freed, until every guest thread has
 *    been outside guest code since (flush epochs: see cache.c), so a thread still inside one
 *    finishes it safely, as a hart that has not executed fence.i may keep fetching stale code;
 *  - thread registration, which that needs, and the fork protocol of its lock.
 */
#ifndef CROSSRUN_CACHE_H
#define CROSSRUN_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/types.h"

/* The shared header of one translation. pc and end never change once it is published; the
 * fields below them belong to the cache (under its lock) except jmp_dest, which engines read. */
struct rv_tb {
    guest_addr pc;                 /* first guest instruction */
    guest_addr end;                /* one past the last byte of the last instruction */
    /* Chained successors of the two direct exits, NULL when unchained. Engines load them
     * atomically (acquire) and must still compare the successor's pc with the pc they go to
     * (slots of a block ending in a jalr name whatever target was linked last). */
    struct rv_tb *jmp_dest[2];
    bool dead;                     /* dropped: no new link may name it (atomic) */
    /* Exits beyond the two (slots 2 and up: the translator's side exits), whose links the
     * engine keeps (rv_cache_ops.more_link); set (release) before any of them is linked */
    uint8_t more_slots;
    /* incoming links: (tb | slot) of the first exit jumping here, then through that exit's
     * jmp_next[slot]; cache lock */
    uintptr_t jmp_in;
    uintptr_t jmp_next[2];
    struct rv_tb *hash_next;       /* bucket chain: atomic, read by lock-free lookups */
    struct rv_tb *retired_next;    /* batch of dropped translations waiting to be freed */
};

/* The link of an exit past the first two: its chained successor (read as jmp_dest) and the
 * next exit into that successor (as jmp_next). */
struct rv_tb_link {
    struct rv_tb *dest;
    uintptr_t next;
};

/* Exit slots a translation can have: the cache keeps a link as (tb | slot), tb 8-aligned. */
#define RV_TB_MAX_SLOTS 8

/* What an engine tells the cache at start (rv_cache_init). */
struct rv_cache_ops {
    /* Frees a translation the cache dropped once no thread can be inside it. */
    void (*free_tb)(struct rv_tb *tb);
    /* Called with the cache lock held when the link from exit `slot` of `from` is cut, after
     * jmp_dest[slot] was cleared; NULL when clearing the slot is all an engine needs (the
     * interpreter). The translator re-points its patched jump here. */
    void (*unchain)(struct rv_tb *from, int slot);
    /* Called with the cache lock held when exit `slot` of `from` was just linked to `to`; NULL
     * when setting jmp_dest is all an engine needs. The translator patches its jump here, under
     * the lock, so that a concurrent drop of `to` (whose unchain comes after) always wins. */
    void (*chain)(struct rv_tb *from, int slot, struct rv_tb *to);
    /* The link of exit `slot` (2 <= slot < 2 + more_slots) of tb, which stays where it is
     * while tb lives; NULL when no tb has more than two slots. */
    struct rv_tb_link *(*more_link)(struct rv_tb *tb, int slot);
};

void rv_cache_init(const struct rv_cache_ops *ops);

/* The live translation starting at pc, or NULL. Safe without any lock. */
struct rv_tb *rv_cache_lookup(guest_addr pc);

/* Publishes tb (pc and end set, the rest zero). When another thread published one for the same
 * pc first, returns that one and the caller frees its own; otherwise returns tb. */
struct rv_tb *rv_cache_insert(struct rv_tb *tb);

/* Chains exit `slot` of `from` to `to`, replacing what the slot named, unless either was
 * dropped meanwhile (then nothing happens). */
void rv_cache_link(struct rv_tb *from, int slot, struct rv_tb *to);

/* The successor exit `slot` of tb is chained to, or NULL (an acquire load: see jmp_dest). */
struct rv_tb *rv_cache_dest(const struct rv_tb *tb, int slot);

/* Calls the engine's chain op again for every link into and out of tb: for an engine whose
 * translations get their code after being linked (the translator's blocks run interpreted
 * until hot), once tb has it. */
void rv_cache_relink(struct rv_tb *tb);

/* Drops every translation overlapping [start, start + len) (len UINT64_MAX - start or more:
 * everything); returns how many it dropped. */
uint64_t rv_cache_invalidate(guest_addr start, uint64_t len);

/* Drops every translation; returns how many. */
uint64_t rv_cache_flush_all(void);

/* ---- guest threads ----------------------------------------------------------------------
 * Each host thread that runs guest code registers once (rv_cache_thread_enter) and says when it
 * is gone. rv_cache_enter marks it inside guest code, where it may hold translations, and
 * returns the flush epoch it entered at; rv_cache_quiescent marks it outside (the run loop,
 * whenever an engine has returned: before syscalls, which may block for long). */
void rv_cache_thread_enter(void);
void rv_cache_thread_leave(void);
uint64_t rv_cache_enter(void);
void rv_cache_quiescent(void);
/* For an engine that stays inside for long (the translator's dispatcher): whether something was
 * dropped since this thread entered, and a quiescent point plus re-entry at the current epoch,
 * to be called holding no translation, so that dropped ones can be freed. */
bool rv_cache_stale(void);
void rv_cache_refresh(void);

/* ---- fork: the cache lock is taken around the host fork, so a child never starts with it
 * held by a thread it does not have; the child forgets the parent's other threads. */
void rv_cache_fork_prepare(void);
void rv_cache_fork_parent(void);
void rv_cache_fork_child(void);

/* ---- statistics (tests, --stats) ---- */
struct rv_cache_stats {
    uint64_t live;          /* translations in the table now */
    uint64_t inserted;      /* ever published */
    uint64_t dropped;       /* dropped by invalidation or flush */
    uint64_t flushes;       /* whole-cache flushes */
    uint64_t invalidations; /* range invalidations that dropped something */
    uint64_t links;         /* exits chained */
    uint64_t unlinks;       /* chained exits cut because their target was dropped */
};
void rv_cache_get_stats(struct rv_cache_stats *st);

#endif
