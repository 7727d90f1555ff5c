/*
 * translate/interp_mem.h - integer and FP loads and stores.
 *
 * Guest address = host address (design decision 1), so an access is one host memcpy once the
 * address is known to lie inside the guest range; pages inside the range that the guest has not
 * mapped (PROT_NONE reservation) or may not write make the host fault, and run/fault.c's handler
 * turns that into the guest's SIGSEGV at cpu->pc, which is why cpu->pc is set before every access.
 * memcpy keeps misaligned accesses correct: riscv64 Linux emulates them, so guests may use them.
 */
#ifndef CROSSRUN_INTERP_MEM_H
#define CROSSRUN_INTERP_MEM_H

#include "translate/interp.h"

__attribute__((noreturn, cold, noinline)) static void rv_mem_fault(struct rv_cpu *cpu,
                                                                   guest_addr addr)
{
    rv_interp_fault(cpu, SIGSEGV, addr);
}

/* The host pointer for a `size`-byte access at addr after checking that all of it is inside
 * [GUEST_BASE, GUEST_LIMIT); one unsigned compare covers both ends and wraparound. */
static inline __attribute__((always_inline)) void *rv_guest_ptr(struct rv_cpu *cpu,
                                                                 const struct rv_dinsn *in,
                                                                 guest_addr addr, unsigned size)
{
    cpu->pc = in->pc;
    if (__builtin_expect(addr - GUEST_BASE > GUEST_LIMIT - GUEST_BASE - size, 0))
        rv_mem_fault(cpu, addr);
    return (void *)(uintptr_t)addr;
}

#define RV_LOAD(name, type, conv) \
    RV_EXEC(name) \
    { \
        type v; \
        memcpy(&v, rv_guest_ptr(cpu, in, RS1 + (uint64_t)in->imm, sizeof v), sizeof v); \
        RD = conv(v); \
    }
#define RV_STORE(name, type) \
    RV_EXEC(name) \
    { \
        type v = (type)RS2; \
        memcpy(rv_guest_ptr(cpu, in, RS1 + (uint64_t)in->imm, sizeof v), &v, sizeof v); \
    }

#define RV_SX(v) ((uint64_t)(int64_t)(v))
#define RV_ZX(v) ((uint64_t)(v))
RV_LOAD(lb, int8_t, RV_SX)
RV_LOAD(lh, int16_t, RV_SX)
RV_LOAD(lw, int32_t, RV_SX)
RV_LOAD(ld, uint64_t, RV_ZX)
RV_LOAD(lbu, uint8_t, RV_ZX)
RV_LOAD(lhu, uint16_t, RV_ZX)
RV_LOAD(lwu, uint32_t, RV_ZX)
RV_STORE(sb, uint8_t)
RV_STORE(sh, uint16_t)
RV_STORE(sw, uint32_t)
RV_STORE(sd, uint64_t)

/* FP loads and stores are transfers: flw NaN-boxes what it loads, fsw stores the low 32 bits
 * of the register whether or not they are properly boxed (spec: "FLW and FSW are only
 * guaranteed to execute atomically if the effective address is naturally aligned" and the
 * NaN-boxing rules exempt transfer operations from the boxing check). */
RV_EXEC(flw)
{
    uint32_t v;
    memcpy(&v, rv_guest_ptr(cpu, in, RS1 + (uint64_t)in->imm, sizeof v), sizeof v);
    cpu->f[in->rd] = rv_box32(v);
}
RV_EXEC(fld)
{
    uint64_t v;
    memcpy(&v, rv_guest_ptr(cpu, in, RS1 + (uint64_t)in->imm, sizeof v), sizeof v);
    cpu->f[in->rd] = v;
}
RV_EXEC(fsw)
{
    uint32_t v = (uint32_t)cpu->f[in->rs2];
    memcpy(rv_guest_ptr(cpu, in, RS1 + (uint64_t)in->imm, sizeof v), &v, sizeof v);
}
RV_EXEC(fsd)
{
    uint64_t v = cpu->f[in->rs2];
    memcpy(rv_guest_ptr(cpu, in, RS1 + (uint64_t)in->imm, sizeof v), &v, sizeof v);
}

#endif
