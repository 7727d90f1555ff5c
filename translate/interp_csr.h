/*
 * translate/interp_csr.h - Zicsr: the user-level CSRs a Linux process can reach.
 *
 * fflags, frm and fcsr are the FP control and status registers; cycle, time and instret are
 * the read-only counters Linux lets user mode read. Every other CSR number is an illegal
 * instruction in user mode, as on hardware running Linux (the vector CSRs included: V is not
 * implemented).
 */
#ifndef CROSSRUN_INTERP_CSR_H
#define CROSSRUN_INTERP_CSR_H

#include <time.h>

#include "translate/interp.h"

enum {
    RV_CSR_FFLAGS = 0x001,
    RV_CSR_FRM = 0x002,
    RV_CSR_FCSR = 0x003,
    RV_CSR_CYCLE = 0xc00,
    RV_CSR_TIME = 0xc01,
    RV_CSR_INSTRET = 0xc02,
};

/* The time CSR ticks at 1 GHz: it is CLOCK_MONOTONIC in nanoseconds. On hardware it ticks at
 * the platform's timebase-frequency (10 MHz on qemu's virt board, a few MHz on SiFive and
 * StarFive boards), which a process under crossrun cannot look up (there is no device tree to
 * read): programs calibrate it against clock_gettime, as Go's runtime does. The resolution
 * matters: Go's execution tracer stamps events with rdtime / 16, and at 10 MHz the ties between
 * Ps broke its order ("time stamps out of order": runtime/trace's tests skipped). */
#define RV_TIMEBASE_HZ 1000000000u

static uint64_t rv_csr_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * RV_TIMEBASE_HZ +
           (uint64_t)ts.tv_nsec / (1000000000u / RV_TIMEBASE_HZ);
}

/* Reads CSR `csr`, then, when `write` is set, stores `val` into it. cycle and instret count
 * retired instructions exactly: the loop adds whole blocks to cpu->instret at block ends, and
 * in->idx is how many instructions of the current block retired before this one. Read-only
 * CSRs (number bits 11:10 == 3) and unknown ones raise an illegal-instruction exception. */
static uint64_t rv_csr_access(struct rv_cpu *cpu, const struct rv_dinsn *in, unsigned csr,
                              bool write, uint64_t val)
{
    uint64_t old;
    switch (csr) {
    case RV_CSR_FFLAGS:
        old = cpu->fflags & 0x1f;
        if (write) {
            cpu->fflags = (uint32_t)val & 0x1f;
            rv_cpu_fp_mode_written(cpu);
        }
        return old;
    case RV_CSR_FRM:
        old = cpu->frm & 7;
        if (write) {
            cpu->frm = (uint32_t)val & 7;
            rv_cpu_fp_mode_written(cpu);
        }
        return old;
    case RV_CSR_FCSR:
        old = ((cpu->frm & 7) << 5) | (cpu->fflags & 0x1f);
        if (write) {
            cpu->fflags = (uint32_t)val & 0x1f;
            cpu->frm = ((uint32_t)val >> 5) & 7;
            rv_cpu_fp_mode_written(cpu);
        }
        return old;
    case RV_CSR_CYCLE:
    case RV_CSR_INSTRET:
        if (write)
            rv_illegal(cpu, in);
        return cpu->instret + in->idx;
    case RV_CSR_TIME:
        if (write)
            rv_illegal(cpu, in);
        return rv_csr_time();
    default:
        rv_illegal(cpu, in);
    }
}

/* "For both CSRRS and CSRRC, if rs1=x0, then the instruction will not write to the CSR at all,
 * and so shall not cause any of the side effects that might otherwise occur on a CSR write,
 * such as raising illegal-instruction exceptions on accesses to read-only CSRs." The same holds
 * for CSRRSI/CSRRCI with uimm = 0. CSRRW always writes (its read is skipped when rd = x0, which
 * has no visible effect for the CSRs we have). rs1 is read before rd is written. */
RV_EXEC(csrrw) { uint64_t v = RS1; RD = rv_csr_access(cpu, in, (unsigned)in->imm, true, v); }
RV_EXEC(csrrwi) { RD = rv_csr_access(cpu, in, (unsigned)in->imm, true, in->rs1); }
RV_EXEC(csrrs)
{
    uint64_t mask = RS1;
    bool write = in->rs1 != 0;
    uint64_t old = rv_csr_access(cpu, in, (unsigned)in->imm, false, 0);
    if (write)
        rv_csr_access(cpu, in, (unsigned)in->imm, true, old | mask);
    RD = old;
}
RV_EXEC(csrrc)
{
    uint64_t mask = RS1;
    bool write = in->rs1 != 0;
    uint64_t old = rv_csr_access(cpu, in, (unsigned)in->imm, false, 0);
    if (write)
        rv_csr_access(cpu, in, (unsigned)in->imm, true, old & ~mask);
    RD = old;
}
RV_EXEC(csrrsi)
{
    uint64_t old = rv_csr_access(cpu, in, (unsigned)in->imm, false, 0);
    if (in->rs1 != 0)
        rv_csr_access(cpu, in, (unsigned)in->imm, true, old | in->rs1);
    RD = old;
}
RV_EXEC(csrrci)
{
    uint64_t old = rv_csr_access(cpu, in, (unsigned)in->imm, false, 0);
    if (in->rs1 != 0)
        rv_csr_access(cpu, in, (unsigned)in->imm, true, old & ~(uint64_t)in->rs1);
    RD = old;
}

#endif
