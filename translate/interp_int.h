/*
 * translate/interp_int.h - integer semantics: RV64I, M, Zba, Zbb, Zbs, Zicond and control flow.
 *
 * Included only by interp_dispatch.c (see interp.h). All arithmetic is on uint64_t so overflow
 * wraps as the ISA says instead of being undefined in C; signed views are taken with casts.
 */
#ifndef CROSSRUN_INTERP_INT_H
#define CROSSRUN_INTERP_INT_H

#include "translate/interp.h"

/* rd <- expr, with a = rs1, b = rs2 (R type) or a = rs1, b = imm (I type); both uint64_t. */
#define RV_R(name, expr) RV_EXEC(name) { uint64_t a = RS1, b = RS2; (void)b; RD = (expr); }
#define RV_I(name, expr) \
    RV_EXEC(name) { uint64_t a = RS1, b = (uint64_t)in->imm; (void)b; RD = (expr); }

/* --- upper immediates (imm is already the sign-extended value with its low 12 bits clear) --- */
RV_EXEC(lui) { RD = (uint64_t)in->imm; }
RV_EXEC(auipc) { RD = in->pc + (uint64_t)in->imm; }

/* --- jumps and branches: the only writers of cpu->pc. Targets need only 2-byte alignment
 * because C is present, so no misaligned-target exception exists. --- */
RV_EXEC(jal)
{
    RD = in->pc + in->len;
    cpu->pc = in->pc + (uint64_t)in->imm;
}
/* "The target address is obtained by adding the sign-extended 12-bit I-immediate to the
 * register rs1, then setting the least-significant bit of the result to zero." rs1 is read
 * before rd is written (rd may equal rs1). */
RV_EXEC(jalr)
{
    uint64_t target = (RS1 + (uint64_t)in->imm) & ~UINT64_C(1);
    RD = in->pc + in->len;
    cpu->pc = target;
}
#define RV_BRANCH(name, cond) \
    RV_EXEC(name) \
    { \
        uint64_t a = RS1, b = RS2; \
        cpu->pc = (cond) ? in->pc + (uint64_t)in->imm : in->pc + in->len; \
    }
RV_BRANCH(beq, a == b)
RV_BRANCH(bne, a != b)
RV_BRANCH(blt, (int64_t)a < (int64_t)b)
RV_BRANCH(bge, (int64_t)a >= (int64_t)b)
RV_BRANCH(bltu, a < b)
RV_BRANCH(bgeu, a >= b)

/* --- register-immediate --- */
RV_I(addi, a + b)
RV_I(slti, (int64_t)a < (int64_t)b)
RV_I(sltiu, a < b)
RV_I(xori, a ^ b)
RV_I(ori, a | b)
RV_I(andi, a & b)
/* shift amounts: 6 bits for the 64-bit forms, 5 for the W forms (masked again for safety) */
RV_I(slli, a << (b & 63))
RV_I(srli, a >> (b & 63))
RV_I(srai, (uint64_t)((int64_t)a >> (b & 63)))
RV_I(addiw, rv_sext32(a + b))
RV_I(slliw, rv_sext32((uint32_t)a << (b & 31)))
RV_I(srliw, rv_sext32((uint32_t)a >> (b & 31)))
RV_I(sraiw, (uint64_t)(int64_t)((int32_t)(uint32_t)a >> (b & 31)))

/* --- register-register --- */
RV_R(add, a + b)
RV_R(sub, a - b)
RV_R(sll, a << (b & 63))
RV_R(slt, (int64_t)a < (int64_t)b)
RV_R(sltu, a < b)
RV_R(xor, a ^ b)
RV_R(srl, a >> (b & 63))
RV_R(sra, (uint64_t)((int64_t)a >> (b & 63)))
RV_R(or, a | b)
RV_R(and, a & b)
RV_R(addw, rv_sext32(a + b))
RV_R(subw, rv_sext32(a - b))
RV_R(sllw, rv_sext32((uint32_t)a << (b & 31)))
RV_R(srlw, rv_sext32((uint32_t)a >> (b & 31)))
RV_R(sraw, (uint64_t)(int64_t)((int32_t)(uint32_t)a >> (b & 31)))

/* --- M --- */
RV_R(mul, a * b)
RV_R(mulh, (uint64_t)(((__int128)(int64_t)a * (__int128)(int64_t)b) >> 64))
/* signed rs1 times unsigned rs2: the full product lies in (-2^127, 2^127), so __int128 holds it */
RV_R(mulhsu, (uint64_t)(((__int128)(int64_t)a * (__int128)b) >> 64))
RV_R(mulhu, (uint64_t)(((unsigned __int128)a * b) >> 64))
RV_R(mulw, rv_sext32(a * b))

/* "The quotient of division by zero has all bits set, and the remainder of division by zero
 * equals the dividend. Signed division overflow occurs only when the most-negative integer is
 * divided by -1. The quotient of a signed division with overflow is equal to the dividend, and
 * the remainder is zero." */
static inline uint64_t rv_div64(int64_t a, int64_t b)
{
    if (b == 0)
        return UINT64_MAX;
    if (a == INT64_MIN && b == -1)
        return (uint64_t)a;
    return (uint64_t)(a / b);
}
static inline uint64_t rv_rem64(int64_t a, int64_t b)
{
    if (b == 0)
        return (uint64_t)a;
    if (a == INT64_MIN && b == -1)
        return 0;
    return (uint64_t)(a % b);
}
static inline uint64_t rv_div32(int32_t a, int32_t b)
{
    if (b == 0)
        return UINT64_MAX;
    if (a == INT32_MIN && b == -1)
        return (uint64_t)(int64_t)a;
    return (uint64_t)(int64_t)(a / b);
}
static inline uint64_t rv_rem32(int32_t a, int32_t b)
{
    if (b == 0)
        return (uint64_t)(int64_t)a;
    if (a == INT32_MIN && b == -1)
        return 0;
    return (uint64_t)(int64_t)(a % b);
}
RV_R(div, rv_div64((int64_t)a, (int64_t)b))
RV_R(divu, b == 0 ? UINT64_MAX : a / b)
RV_R(rem, rv_rem64((int64_t)a, (int64_t)b))
RV_R(remu, b == 0 ? a : a % b)
/* W forms work on the low 32 bits and sign-extend the 32-bit result, even the unsigned ones */
RV_R(divw, rv_div32((int32_t)(uint32_t)a, (int32_t)(uint32_t)b))
RV_R(divuw, (uint32_t)b == 0 ? UINT64_MAX : rv_sext32((uint32_t)a / (uint32_t)b))
RV_R(remw, rv_rem32((int32_t)(uint32_t)a, (int32_t)(uint32_t)b))
RV_R(remuw, rv_sext32((uint32_t)b == 0 ? (uint32_t)a : (uint32_t)a % (uint32_t)b))

/* --- Zba --- */
RV_R(add_uw, rv_zext32(a) + b)
RV_R(sh1add, (a << 1) + b)
RV_R(sh2add, (a << 2) + b)
RV_R(sh3add, (a << 3) + b)
RV_R(sh1add_uw, (rv_zext32(a) << 1) + b)
RV_R(sh2add_uw, (rv_zext32(a) << 2) + b)
RV_R(sh3add_uw, (rv_zext32(a) << 3) + b)
RV_I(slli_uw, rv_zext32(a) << (b & 63))

/* --- Zbb --- */
/* rotates by the amount's low 6 (or 5) bits; the zero case avoids an undefined shift by 64 */
static inline uint64_t rv_ror64(uint64_t a, unsigned s)
{
    s &= 63;
    return s ? (a >> s) | (a << (64 - s)) : a;
}
static inline uint32_t rv_ror32(uint32_t a, unsigned s)
{
    s &= 31;
    return s ? (a >> s) | (a << (32 - s)) : a;
}
static inline uint64_t rv_rol64(uint64_t a, unsigned s) { return rv_ror64(a, 64 - (s & 63)); }
static inline uint32_t rv_rol32(uint32_t a, unsigned s) { return rv_ror32(a, 32 - (s & 31)); }
/* orc.b: "each byte of the result is 0xff if the corresponding byte of rs1 has any bit set,
 * else 0x00" */
static inline uint64_t rv_orc_b(uint64_t a)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i += 8)
        if ((a >> i) & 0xff)
            r |= UINT64_C(0xff) << i;
    return r;
}
RV_R(andn, a & ~b)
RV_R(orn, a | ~b)
RV_R(xnor, ~(a ^ b))
RV_R(clz, a ? (uint64_t)__builtin_clzll(a) : 64)
RV_R(clzw, (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32)
RV_R(ctz, a ? (uint64_t)__builtin_ctzll(a) : 64)
RV_R(ctzw, (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32)
RV_R(cpop, (uint64_t)__builtin_popcountll(a))
RV_R(cpopw, (uint64_t)__builtin_popcount((uint32_t)a))
RV_R(max, (int64_t)a > (int64_t)b ? a : b)
RV_R(maxu, a > b ? a : b)
RV_R(min, (int64_t)a < (int64_t)b ? a : b)
RV_R(minu, a < b ? a : b)
RV_R(sext_b, (uint64_t)(int64_t)(int8_t)(uint8_t)a)
RV_R(sext_h, (uint64_t)(int64_t)(int16_t)(uint16_t)a)
RV_R(zext_h, (uint16_t)a)
RV_R(rol, rv_rol64(a, (unsigned)b))
RV_R(ror, rv_ror64(a, (unsigned)b))
RV_R(rolw, rv_sext32(rv_rol32((uint32_t)a, (unsigned)b)))
RV_R(rorw, rv_sext32(rv_ror32((uint32_t)a, (unsigned)b)))
RV_I(rori, rv_ror64(a, (unsigned)b))
RV_I(roriw, rv_sext32(rv_ror32((uint32_t)a, (unsigned)b)))
RV_R(orc_b, rv_orc_b(a))
RV_R(rev8, __builtin_bswap64(a))

/* --- Zbs (bit index = rs2 or shamt, masked to 6 bits) --- */
RV_R(bclr, a & ~(UINT64_C(1) << (b & 63)))
RV_I(bclri, a & ~(UINT64_C(1) << (b & 63)))
RV_R(bext, (a >> (b & 63)) & 1)
RV_I(bexti, (a >> (b & 63)) & 1)
RV_R(binv, a ^ (UINT64_C(1) << (b & 63)))
RV_I(binvi, a ^ (UINT64_C(1) << (b & 63)))
RV_R(bset, a | (UINT64_C(1) << (b & 63)))
RV_I(bseti, a | (UINT64_C(1) << (b & 63)))

/* --- Zicond: "czero.eqz: if rs2 equals zero, rd is zero; otherwise rd is rs1" --- */
RV_R(czero_eqz, b == 0 ? 0 : a)
RV_R(czero_nez, b != 0 ? 0 : a)

/* --- ordering and traps. The host is x86-64 (TSO): it keeps every order a fence can ask for
 * except a store before a later load, which needs a host fence; for the rest stopping the
 * compiler from moving accesses across is enough. imm = fm(4) pred(4) succ(4), with the
 * pred/succ bits I O R W; fm = 1000 is fence.tso, which by definition does not order W -> R. */
#define RV_FENCE_R 2u
#define RV_FENCE_W 1u
RV_EXEC(fence)
{
    unsigned succ = (unsigned)in->imm & 0xf, pred = ((unsigned)in->imm >> 4) & 0xf;
    unsigned fm = ((unsigned)in->imm >> 8) & 0xf;
    if (fm != 8 && (pred & RV_FENCE_W) && (succ & RV_FENCE_R))
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    else
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
}
/* These leave the engine; the run loop acts on them with cpu->pc at the instruction. */
RV_EXEC(ecall) { cpu->pc = in->pc; }
RV_EXEC(ebreak) { cpu->pc = in->pc; }
RV_EXEC(fence_i) { cpu->pc = in->pc; }

#endif
