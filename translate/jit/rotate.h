/*
 * translate/jit/rotate.h - rotations written as two shifts and an or (rotate.c).
 */
#ifndef CROSSRUN_JIT_ROTATE_H
#define CROSSRUN_JIT_ROTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "translate/jit/jit.h"

/* Per instruction of a block: src != 0 when it is the or (xor, add) of `srliw a, src, by` and
 * `slliw b, src, 32 - by` (srli and slli by 64 - by when wide), written as one rotation of src;
 * elided when it is one of those shifts and nothing but that or ever sees its result (no code
 * at all). */
struct rv_jit_rotation {
    uint8_t src, by;
    bool wide, elided;
};

/* Fills rot[0 .. t->n) for block t. */
void rv_jit_find_rotations(const struct rv_jit_tb *t, struct rv_jit_rotation *rot);

#endif
