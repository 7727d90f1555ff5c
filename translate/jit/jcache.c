/*
 * translate/jit/jcache.c - the per-thread indirect-jump tables (see jcache.h).
 *
 * Every table ever made stays on one list, so that clearing all of them needs no cooperation
 * from their threads; a table whose thread ended goes back to a pool for the next thread, so
 * their number is bounded by the most threads alive at once.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "translate/jit/jcache.h"

struct table {
    struct rv_jcache_entry entries[RV_JCACHE_ENTRIES];
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

void rv_jcache_clear(struct rv_jcache_entry *e)
{
    for (unsigned i = 0; i < RV_JCACHE_ENTRIES; i++)
        __atomic_store_n(&e[i].key, RV_JCACHE_EMPTY, __ATOMIC_RELAXED);
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
    __atomic_store_n(&e->key, RV_JCACHE_EMPTY, __ATOMIC_RELAXED);
    __atomic_store_n(&e->code, code, __ATOMIC_RELEASE);
    __atomic_store_n(&e->key, pc + 1, __ATOMIC_RELEASE);
}

void rv_jcache_clear_all(void)
{
    pthread_mutex_lock(&tables_lock);
    for (struct table *t = tables; t; t = t->next)
        rv_jcache_clear(t->entries);
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
