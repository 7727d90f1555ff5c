/*
 * translate/jit/jitlog.h - the translator's entries in the debug log (translate/log.h), in
 * qemu's shapes: in_asm and out_asm when a block is translated, an exec line ("Trace") each
 * time the dispatcher enters a translation.
 *
 * The dispatcher (jit_engine.c) calls the two inline functions below unconditionally; they
 * cost one load and a test when the item is off.
 */
#ifndef CROSSRUN_JIT_JITLOG_H
#define CROSSRUN_JIT_JITLOG_H

#include "translate/jit/jit.h"
#include "translate/log.h"

/* The in_asm and out_asm records of t, as rv_log.items asks. */
void rv_jit_log_block(const struct rv_jit_tb *t);

/* One "Trace" line for t. */
void rv_jit_log_exec_line(const struct rv_jit_tb *t);

/* A new translation t (NULL: none was made). Call under the translator's lock, right after
 * it is made, so that one block's records come out in translation order. */
static inline void rv_jit_log_translation(const struct rv_jit_tb *t)
{
    if (t && (rv_log.items & (RV_LOG_IN_ASM | RV_LOG_OUT_ASM)))
        rv_jit_log_block(t);
}

/* The dispatcher is about to run t. */
static inline void rv_jit_log_exec(const struct rv_jit_tb *t)
{
    if (rv_log.items & RV_LOG_EXEC)
        rv_jit_log_exec_line(t);
}

#endif
