/*
 * translate/engines.c - the table of engines and the choice of one (translate/engines.h).
 *
 * An engine is picked once per process, before guest code runs, by --engine or
 * CROSSRUN_ENGINE (options.c); a guest execve passes the choice on to the new runner.
 */
#include <stddef.h>
#include <string.h>

#include "translate/engines.h"

extern const struct rv_engine rv_interp_engine;        /* interp_engine.c */
extern const struct rv_engine rv_interp_nochain_engine;
extern const struct rv_engine rv_jit_engine;             /* jit/jit_engine.c */

const struct rv_engine *const rv_engines[] = {
    &rv_jit_engine,             /* the default */
    &rv_interp_engine,
    &rv_interp_nochain_engine,
    NULL,
};

const struct rv_engine *rv_engine = &rv_jit_engine;

const struct rv_engine *rv_engine_find(const char *name)
{
    for (size_t i = 0; rv_engines[i]; i++)
        if (strcmp(rv_engines[i]->name, name) == 0)
            return rv_engines[i];
    return NULL;
}

bool rv_engine_select(const char *name)
{
    const struct rv_engine *e = name ? rv_engine_find(name) : rv_engines[0];
    if (!e)
        return false;
    rv_engine = e;
    return true;
}
