/*
 * translate/decode_rvc.h - the compressed-instruction expander, private to the decoder.
 *
 * rv_decode (decode.c) hands every 16-bit encoding to rv_decode_rvc (decode_rvc.c); nothing
 * else should call it: engines and tools go through rv_decode, which picks the length.
 */
#ifndef CROSSRUN_DECODE_RVC_H
#define CROSSRUN_DECODE_RVC_H

#include <stdint.h>

#include "translate/insn.h"

/* Expands the 16-bit encoding `bits` (bits[1:0] != 3) to the 32-bit instruction it stands for,
 * with len = 2; reserved encodings give rv_op_illegal. Returns 2. */
int rv_decode_rvc(uint16_t bits, struct rv_insn *out);

#endif
