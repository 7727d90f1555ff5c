/*
 * tests/unit/fpu_diff_ops.h - the operations the FPU differential harness compares.
 *
 * Shared by fpu_diff_guest.c (runs the real instruction under a RISC-V reference such as
 * qemu-riscv64) and fpu_diff_host.c (calls translate/fpu.c), so both sides agree on the record
 * numbering. OP(name, in, out): in is the operand kind (S single, D double, W int32, L int64),
 * out the result kind (S, D, or X an integer register).
 */
#ifndef CROSSRUN_FPU_DIFF_OPS_H
#define CROSSRUN_FPU_DIFF_OPS_H

#include <stdint.h>

#define FPU_DIFF_OPS(OP) \
    OP(fadd_s, S, S)   OP(fsub_s, S, S)   OP(fmul_s, S, S)   OP(fdiv_s, S, S) \
    OP(fsqrt_s, S, S)  OP(fmadd_s, S, S)  OP(fmsub_s, S, S)  OP(fnmsub_s, S, S) \
    OP(fnmadd_s, S, S) OP(fmin_s, S, S)   OP(fmax_s, S, S)   OP(feq_s, S, X) \
    OP(flt_s, S, X)    OP(fle_s, S, X)    OP(fclass_s, S, X) OP(fcvt_w_s, S, X) \
    OP(fcvt_wu_s, S, X) OP(fcvt_l_s, S, X) OP(fcvt_lu_s, S, X) OP(fcvt_s_w, W, S) \
    OP(fcvt_s_wu, W, S) OP(fcvt_s_l, L, S) OP(fcvt_s_lu, L, S) OP(fcvt_d_s, S, D) \
    OP(fadd_d, D, D)   OP(fsub_d, D, D)   OP(fmul_d, D, D)   OP(fdiv_d, D, D) \
    OP(fsqrt_d, D, D)  OP(fmadd_d, D, D)  OP(fmsub_d, D, D)  OP(fnmsub_d, D, D) \
    OP(fnmadd_d, D, D) OP(fmin_d, D, D)   OP(fmax_d, D, D)   OP(feq_d, D, X) \
    OP(flt_d, D, X)    OP(fle_d, D, X)    OP(fclass_d, D, X) OP(fcvt_w_d, D, X) \
    OP(fcvt_wu_d, D, X) OP(fcvt_l_d, D, X) OP(fcvt_lu_d, D, X) OP(fcvt_d_w, W, D) \
    OP(fcvt_d_wu, W, D) OP(fcvt_d_l, L, D) OP(fcvt_d_lu, L, D) OP(fcvt_s_d, D, S)

enum fpu_diff_op {
#define FPU_DIFF_ENUM(name, in, out) OP_##name,
    FPU_DIFF_OPS(FPU_DIFF_ENUM)
#undef FPU_DIFF_ENUM
    OP_COUNT
};

/* One test case in, one result out; both sides read and write these raw. */
struct fpu_diff_case {
    uint32_t op;
    uint32_t rm;
    uint64_t a, b, c;
};

struct fpu_diff_result {
    uint64_t value;
    uint64_t flags;
};

#endif
