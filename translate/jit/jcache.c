/*
 * translate/jit/jcache.c - the per-thread indirect-jump tables (see jcache.h).
 *
 * Every table ever made stays on one list, so that clearing all of them needs no cooperation
 * from their threads; a table whose thread ended goes back to a pool for the next thread, so
 * their number is bounded by the most threads alive at once.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "translate/jit/jcache.h"

/* A table remembers which entries its thread filled, up to FILL_LOG of them, so that clearing
 * it writes those entries, not all 65536 (1 MiB: a forked child that clears its tables would
 * copy every page of them). Only the owner thread fills and resets the log; another thread
 * clearing the table (rv_jcache_clear_all) only reads it: an entry filled meanwhile is the
 * owner's to clear, which it does when it notices the drop (rv_cache_stale). */
#define FILL_LOG 4096

struct table {
    struct rv_jcache_entry entries[RV_JCACHE_ENTRIES];
    uint32_t filled[FILL_LOG];     /* indices of filled entries, the first n_filled */
    uint32_t n_filled;             /* more than FILL_LOG: the log overflowed, clear them all */
    struct table *next;            /* every table */
    bool in_use;
};

static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;
static struct table *tables;
static pthread_key_t owner_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static __thread struct table *mine;

static void give_back(void *t)
{
    pthread_mutex_lock(&tables_lock);
    ((struct table *)t)->in_use = false;
    pthread_mutex_unlock(&tables_lock);
}

static void make_key(void)
{
    (void)pthread_key_create(&owner_key, give_back);
}

static struct table *table_of(struct rv_jcache_entry *entries)
{
    return (struct table *)(void *)((char *)entries - offsetof(struct table, entries));
}

/* Empties the entries t's log names (all of them when it overflowed). */
static void clear_logged(struct table *t)
{
    uint32_t n = __atomic_load_n(&t->n_filled, __ATOMIC_ACQUIRE);
    if (n > FILL_LOG) {
        for (unsigned i = 0; i < RV_JCACHE_ENTRIES; i++)
            __atomic_store_n(&t->entries[i].key, RV_JCACHE_EMPTY, __ATOMIC_RELAXED);
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        __atomic_store_n(&t->entries[t->filled[i]].key, RV_JCACHE_EMPTY, __ATOMIC_RELAXED);
}

/* The owner's clear: the log starts again. */
void rv_jcache_clear(struct rv_jcache_entry *e)
{
    struct table *t = table_of(e);
    clear_logged(t);
    __atomic_store_n(&t->n_filled, 0, __ATOMIC_RELEASE);
}

struct rv_jcache_entry *rv_jcache_mine(void)
{
    if (mine)
        return mine->entries;
    pthread_once(&key_once, make_key);
    pthread_mutex_lock(&tables_lock);
    struct table *t;
    for (t = tables; t && t->in_use; t = t->next)
        ;
    bool fresh = !t;
    if (!t) {
        t = calloc(1, sizeof *t);  /* zero: empty, and untouched pages cost nothing */
        if (!t) {
            static const char msg[] = "crossrun: out of memory for a jump table\n";
            if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
            abort();
        }
        t->next = tables;
        tables = t;
    }
    if (!fresh)
        rv_jcache_clear(t->entries);
    t->in_use = true;
    pthread_mutex_unlock(&tables_lock);
    (void)pthread_setspecific(owner_key, t);
    mine = t;
    return t->entries;
}

void rv_jcache_fill(struct rv_jcache_entry *table, guest_addr pc, const uint8_t *code)
{
    struct rv_jcache_entry *e = rv_jcache_slot(table, pc);
    struct table *t = table_of(table);
    bool was_empty = e->key == RV_JCACHE_EMPTY;
    __atomic_store_n(&e->key, RV_JCACHE_EMPTY, __ATOMIC_RELAXED);
    __atomic_store_n(&e->code, code, __ATOMIC_RELEASE);
    __atomic_store_n(&e->key, pc + 1, __ATOMIC_RELEASE);
    uint32_t n = t->n_filled;
    if (was_empty && n <= FILL_LOG) {  /* an entry already logged is not logged twice */
        if (n < FILL_LOG)
            t->filled[n] = (uint32_t)(e - table);
        __atomic_store_n(&t->n_filled, n + 1, __ATOMIC_RELEASE);
    }
}

void rv_jcache_clear_all(void)
{
    pthread_mutex_lock(&tables_lock);
    for (struct table *t = tables; t; t = t->next)
        clear_logged(t);
    pthread_mutex_unlock(&tables_lock);
}

void rv_jcache_fork_prepare(void)
{
    pthread_mutex_lock(&tables_lock);
}

void rv_jcache_fork_parent(void)
{
    pthread_mutex_unlock(&tables_lock);
}

/* The child has only the forking thread: every other table is free again. */
void rv_jcache_fork_child(void)
{
    pthread_mutex_init(&tables_lock, NULL);
    for (struct table *t = tables; t; t = t->next)
        t->in_use = t == mine;
}
