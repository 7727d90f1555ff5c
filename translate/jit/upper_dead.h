/*
 * translate/jit/upper_dead.h - which instructions only compute a register from registers, and
 * which W instructions may leave the upper half of their result unextended (upper_dead.c).
 */
#ifndef CROSSRUN_JIT_UPPER_DEAD_H
#define CROSSRUN_JIT_UPPER_DEAD_H

#include <stdbool.h>
#include <stdint.h>

#include "translate/jit/jit.h"

/* Whether op only computes a register from registers: it cannot fault or call a helper
 * (upper_dead.c's kinds). */
bool rv_jit_is_pure_alu(uint16_t op);

/* Whether hammock branch b of t is written without a jump (emit_hammock.c): its skipped
 * instructions are at most three pure register operations, writing at most three registers
 * (*writes, 1 << reg), none of them the branch's operands. */
bool rv_jit_hammock_converts(const struct rv_jit_tb *t, uint32_t b, uint32_t *writes);

/* dead[i] = 1 when nothing reads the upper half of instruction i's result before it is
 * overwritten: no instruction of the block that reads it whole, no point where the state is
 * visible (a possible fault, a helper call, the block's end) in between (upper_dead.c). */
void rv_jit_find_upper_dead(const struct rv_jit_tb *t, uint8_t *dead);

#endif
