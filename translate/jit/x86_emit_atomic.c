/*
 * translate/jit/x86_emit_atomic.c - atomics and barriers: lock cmpxchg, lock xadd, xchg with
 * memory and mfence (declared in x86_emit.h).
 */
#include "translate/jit/x86_emit.h"

#include <assert.h>

#include "translate/jit/x86_encode.h"

#define OP_CMPXCHG (X86_P_LOCK | X86_P_0F | 0xB1u)
#define OP_XADD    (X86_P_LOCK | X86_P_0F | 0xC1u)
#define OP_XCHG    0x87u  /* with a memory operand always locked: no prefix */
#define OP_MFENCE  (X86_P_0F | 0xAEu)  /* /6 with a register-direct ModRM: 0F AE F0 */
#define MFENCE_DIGIT 6

static void atomic_rm(struct x86_buf *b, uint32_t opc, int size, struct x86_mem m,
                      enum x86_reg src)
{
    assert(size == 4 || size == 8);
    if (X86_ROOM(b))
        b->p = x86_enc_mem(b->p, x86_w(opc, size == 8), src, X86_MEM_ARGS(m));
}

void x86_lock_cmpxchg(struct x86_buf *b, int size, struct x86_mem m, enum x86_reg src)
{
    atomic_rm(b, OP_CMPXCHG, size, m, src);
}

void x86_lock_xadd(struct x86_buf *b, int size, struct x86_mem m, enum x86_reg src)
{
    atomic_rm(b, OP_XADD, size, m, src);
}

void x86_xchg_mr(struct x86_buf *b, int size, struct x86_mem m, enum x86_reg src)
{
    atomic_rm(b, OP_XCHG, size, m, src);
}

void x86_mfence(struct x86_buf *b)
{
    if (X86_ROOM(b))
        b->p = x86_enc_rr(b->p, OP_MFENCE, MFENCE_DIGIT, X86_RAX);
}
