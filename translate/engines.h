/*
 * translate/engines.h - which engines exist and which one this process runs.
 *
 * engine.h is what an engine is (the seam every engine implements); this header is the table
 * of them (engines.c), kept apart so that an engine's own files include only the seam and the
 * table is the one file that names them all.
 */
#ifndef CROSSRUN_ENGINES_H
#define CROSSRUN_ENGINES_H

#include <stdbool.h>

#include "translate/engine.h"

/* Every engine, the default first; NULL-terminated. */
extern const struct rv_engine *const rv_engines[];

/* The engine called `name`, or NULL. */
const struct rv_engine *rv_engine_find(const char *name);

/* The engine this process runs (set once by rv_engine_select before any guest code runs). */
extern const struct rv_engine *rv_engine;

/* Makes `name` (NULL: the default) the process's engine. False for an unknown name. */
bool rv_engine_select(const char *name);

#endif
