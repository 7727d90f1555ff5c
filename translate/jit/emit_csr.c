/*
 * translate/jit/emit_csr.c - Zicsr inline: fflags, frm and fcsr read and written in struct
 * rv_cpu, cycle and instret read from the instret register, as the interpreter defines them
 * (translate/interp_csr.h). time reads the host clock through the interpreter's function (a
 * call that cannot fault); writes to read-only counters and unknown CSRs, which raise SIGILL,
 * go to the general helper call.
 */
#include "translate/interp_csr.h"
#include "translate/jit/emit_ctx.h"
#include "translate/jit/pinned.h"

/* rax = the CSR's value (the FP ones masked to their width); rdx clobbered, rcx kept */
static void read_fp_csr(struct x86_buf *b, unsigned csr)
{
    if (csr == RV_CSR_FFLAGS || csr == RV_CSR_FCSR) {
        x86_load(b, 4, false, X86_RAX, RV_JIT_CPU(fflags));
        x86_alu_ri(b, X86_AND, false, X86_RAX, 0x1f);
    }
    if (csr == RV_CSR_FRM || csr == RV_CSR_FCSR) {
        x86_load(b, 4, false, X86_RDX, RV_JIT_CPU(frm));
        x86_alu_ri(b, X86_AND, false, X86_RDX, 7);
        if (csr == RV_CSR_FCSR) {
            x86_shift_ri(b, X86_SHL, false, X86_RDX, 5);
            x86_alu_rr(b, X86_OR, false, X86_RAX, X86_RDX);
        } else {
            x86_mov_rr(b, false, X86_RAX, X86_RDX);
        }
    }
}

/* cpu->jit_fp_fast = fflags has NX && frm is RNE (rv_cpu_fp_mode_written); rcx, rdx clobbered */
void rv_jit_fp_mode_written(struct x86_buf *b)
{
    x86_alu_rr(b, X86_XOR, false, X86_RCX, X86_RCX);
    x86_alu_mi(b, X86_CMP, false, RV_JIT_CPU(frm), 0);
    x86_setcc(b, X86_CC_E, X86_RCX);
    x86_alu_rm(b, X86_AND, false, X86_RCX, RV_JIT_CPU(fflags));  /* bit 0: NX */
    x86_store(b, 4, RV_JIT_CPU(jit_fp_fast), X86_RCX);
}

/* the CSR = rcx (its fields masked); rcx and rdx clobbered */
static void write_fp_csr(struct x86_buf *b, unsigned csr)
{
    if (csr == RV_CSR_FFLAGS || csr == RV_CSR_FCSR) {
        x86_mov_rr(b, false, X86_RDX, X86_RCX);
        x86_alu_ri(b, X86_AND, false, X86_RDX, 0x1f);
        x86_store(b, 4, RV_JIT_CPU(fflags), X86_RDX);
    }
    if (csr == RV_CSR_FRM || csr == RV_CSR_FCSR) {
        if (csr == RV_CSR_FCSR)
            x86_shift_ri(b, X86_SHR, false, X86_RCX, 5);
        x86_alu_ri(b, X86_AND, false, X86_RCX, 7);
        x86_store(b, 4, RV_JIT_CPU(frm), X86_RCX);
    }
    rv_jit_fp_mode_written(b);
}

bool rv_jit_emit_csr(struct rv_jit_emit *e, const struct rv_dinsn *in)
{
    if (in->op == rv_op_illegal || !(rv_op_flags[in->op] & RVF_CSR))
        return false;
    struct x86_buf *b = &e->b;
    unsigned csr = (unsigned)in->imm;
    bool imm = in->op == rv_op_csrrwi || in->op == rv_op_csrrsi || in->op == rv_op_csrrci;
    bool swap = in->op == rv_op_csrrw || in->op == rv_op_csrrwi;
    bool write = swap || in->rs1 != 0;
    bool fp = csr == RV_CSR_FFLAGS || csr == RV_CSR_FRM || csr == RV_CSR_FCSR;
    if (!fp) {
        if (write)
            return false;  /* a read-only counter or an unknown CSR: SIGILL */
        if (csr == RV_CSR_CYCLE || csr == RV_CSR_INSTRET) {
            if (!rv_jit_counts_instret)
                return false;  /* the interpreter's function, which starts the counting */
            x86_lea(b, true, X86_RAX, x86_mem(RV_JIT_INSTRET_HOST, (int32_t)in->idx));
            rv_jit_store_x(e, in->rd, X86_RAX);
            return true;
        }
        if (csr != RV_CSR_TIME)
            return false;
        rv_jit_light_call(e, in, false, true);
        return true;
    }
    if (swap && !imm)
        rv_jit_load_x(e, X86_RCX, in->rs1);  /* rs1 is read before rd is written */
    read_fp_csr(b, csr);
    if (write) {
        if (imm)
            x86_mov_ri(b, X86_RCX, in->rs1);
        else if (!swap)
            rv_jit_load_x(e, X86_RCX, in->rs1);
        if (in->op == rv_op_csrrs || in->op == rv_op_csrrsi) {
            x86_alu_rr(b, X86_OR, true, X86_RCX, X86_RAX);
        } else if (in->op == rv_op_csrrc || in->op == rv_op_csrrci) {
            x86_not(b, true, X86_RCX);
            x86_alu_rr(b, X86_AND, true, X86_RCX, X86_RAX);
        }
        write_fp_csr(b, csr);
    }
    rv_jit_store_x(e, in->rd, X86_RAX);
    return true;
}
