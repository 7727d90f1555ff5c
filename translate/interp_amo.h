/*
 * translate/interp_amo.h - the A extension: AMOs and LR/SC on host atomics.
 *
 * Each AMO is one host atomic read-modify-write on the guest address (guest = host address),
 * sequentially consistent, which is at least as strong as any aq/rl combination asks. LR
 * remembers the address and the value it read; SC succeeds only when a host compare-and-swap
 * finds that value still there, so an LR/SC pair stays atomic against other guest threads
 * (a store of the very same value in between is not detected: the ABA case the ISA allows,
 * since it lets SC fail or succeed under many conditions, and that no lock-free algorithm built
 * on LR/SC can tell apart).
 *
 * "For AMOs and LR/SC, the address must be naturally aligned": a misaligned one raises an
 * address-misaligned exception, which Linux delivers as SIGBUS.
 */
#ifndef CROSSRUN_INTERP_AMO_H
#define CROSSRUN_INTERP_AMO_H

#include "translate/interp.h"
#include "translate/interp_mem.h"

/* The host pointer for an atomic access: in range and naturally aligned. */
static inline __attribute__((always_inline)) void *rv_atomic_ptr(struct rv_cpu *cpu,
                                                                 const struct rv_dinsn *in,
                                                                 guest_addr addr, unsigned size)
{
    void *p = rv_guest_ptr(cpu, in, addr, size);
    if (__builtin_expect(addr & (size - 1), 0))
        rv_interp_fault(cpu, SIGBUS, addr);
    return p;
}

/* --- LR/SC --- */
RV_EXEC(lr_w)
{
    uint32_t *p = rv_atomic_ptr(cpu, in, RS1, 4);
    uint32_t v = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    cpu->reservation_addr = RS1;
    cpu->reservation_value = v;
    cpu->reservation_valid = true;
    RD = rv_sext32(v);
}
RV_EXEC(lr_d)
{
    uint64_t *p = rv_atomic_ptr(cpu, in, RS1, 8);
    uint64_t v = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    cpu->reservation_addr = RS1;
    cpu->reservation_value = v;
    cpu->reservation_valid = true;
    RD = v;
}
/* "SC.W conditionally writes a word in rs2 to the address in rs1: the SC.W succeeds only if the
 * reservation is still valid and the reservation set contains the bytes being written. If the
 * SC.W succeeds, the instruction writes the word in rs2 to memory, and it writes zero to rd. If
 * the SC.W fails, the instruction does not write to memory, and it writes a nonzero value to
 * rd. ... Regardless of success or failure, executing an SC.W instruction invalidates any
 * reservation held by this hart." The alignment check comes first: a misaligned SC faults. */
RV_EXEC(sc_w)
{
    guest_addr addr = RS1;
    uint32_t *p = rv_atomic_ptr(cpu, in, addr, 4);
    uint32_t expected = (uint32_t)cpu->reservation_value;
    bool ok = cpu->reservation_valid && cpu->reservation_addr == addr &&
              __atomic_compare_exchange_n(p, &expected, (uint32_t)RS2, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST);
    cpu->reservation_valid = false;
    RD = ok ? 0 : 1;
}
RV_EXEC(sc_d)
{
    guest_addr addr = RS1;
    uint64_t *p = rv_atomic_ptr(cpu, in, addr, 8);
    uint64_t expected = cpu->reservation_value;
    bool ok = cpu->reservation_valid && cpu->reservation_addr == addr &&
              __atomic_compare_exchange_n(p, &expected, RS2, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST);
    cpu->reservation_valid = false;
    RD = ok ? 0 : 1;
}

/* --- AMOs: rd gets the old value (sign-extended for .w), memory gets old op rs2 --- */
#define RV_AMO_FETCH(name, type, builtin, conv) \
    RV_EXEC(name) \
    { \
        type *p = rv_atomic_ptr(cpu, in, RS1, sizeof(type)); \
        RD = conv(builtin(p, (type)RS2, __ATOMIC_SEQ_CST)); \
    }
/* min/max have no host instruction: a CAS loop that retries until memory did not change */
#define RV_AMO_CAS(name, type, stype, pick) \
    RV_EXEC(name) \
    { \
        type *p = rv_atomic_ptr(cpu, in, RS1, sizeof(type)); \
        type b = (type)RS2; \
        type old = __atomic_load_n(p, __ATOMIC_SEQ_CST); \
        type new; \
        do { \
            new = pick(old, b, type, stype); \
        } while (!__atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST, \
                                              __ATOMIC_SEQ_CST)); \
        RD = (uint64_t)(int64_t)(stype)old; \
    }
#define RV_PICK_MIN(a, b, type, stype) ((stype)(a) < (stype)(b) ? (a) : (b))
#define RV_PICK_MAX(a, b, type, stype) ((stype)(a) > (stype)(b) ? (a) : (b))
#define RV_PICK_MINU(a, b, type, stype) ((a) < (b) ? (a) : (b))
#define RV_PICK_MAXU(a, b, type, stype) ((a) > (b) ? (a) : (b))
#define RV_W(v) rv_sext32(v)
#define RV_D(v) ((uint64_t)(v))

RV_AMO_FETCH(amoswap_w, uint32_t, __atomic_exchange_n, RV_W)
RV_AMO_FETCH(amoadd_w, uint32_t, __atomic_fetch_add, RV_W)
RV_AMO_FETCH(amoxor_w, uint32_t, __atomic_fetch_xor, RV_W)
RV_AMO_FETCH(amoand_w, uint32_t, __atomic_fetch_and, RV_W)
RV_AMO_FETCH(amoor_w, uint32_t, __atomic_fetch_or, RV_W)
RV_AMO_CAS(amomin_w, uint32_t, int32_t, RV_PICK_MIN)
RV_AMO_CAS(amomax_w, uint32_t, int32_t, RV_PICK_MAX)
RV_AMO_CAS(amominu_w, uint32_t, int32_t, RV_PICK_MINU)
RV_AMO_CAS(amomaxu_w, uint32_t, int32_t, RV_PICK_MAXU)
RV_AMO_FETCH(amoswap_d, uint64_t, __atomic_exchange_n, RV_D)
RV_AMO_FETCH(amoadd_d, uint64_t, __atomic_fetch_add, RV_D)
RV_AMO_FETCH(amoxor_d, uint64_t, __atomic_fetch_xor, RV_D)
RV_AMO_FETCH(amoand_d, uint64_t, __atomic_fetch_and, RV_D)
RV_AMO_FETCH(amoor_d, uint64_t, __atomic_fetch_or, RV_D)
RV_AMO_CAS(amomin_d, uint64_t, int64_t, RV_PICK_MIN)
RV_AMO_CAS(amomax_d, uint64_t, int64_t, RV_PICK_MAX)
RV_AMO_CAS(amominu_d, uint64_t, int64_t, RV_PICK_MINU)
RV_AMO_CAS(amomaxu_d, uint64_t, int64_t, RV_PICK_MAXU)

#endif
