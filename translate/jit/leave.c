/*
 * translate/jit/leave.c - the ways out of a translation to the dispatcher (jit_engine.c): cpu->pc
 * set, an exit code in eax, a jump to the region's exit path, which stores the pinned
 * registers. Its own file because both the block's emitter (translate.c) and the emitters of
 * instructions (emit_fp.c's cold calls) leave, and translate.c calls the emitters.
 */
#include "translate/jit/emit_ctx.h"
#include "translate/jit/pinned.h"

void rv_jit_set_pc(struct rv_jit_emit *e, guest_addr pc)
{
    x86_mov_ri(&e->b, X86_RAX, pc);
    x86_store(&e->b, 8, RV_JIT_CPU(pc), X86_RAX);
}

void rv_jit_leave(struct rv_jit_emit *e, uint64_t code)
{
    x86_mov_ri(&e->b, X86_RAX, code);
    rv_jit_link_abs(e, rv_jit_in_part(e, x86_jmp(&e->b)), e->exit);
}

void rv_jit_count_retired(struct rv_jit_emit *e, uint32_t n)
{
    if (n && rv_jit_counts_instret)
        x86_alu_ri(&e->b, X86_ADD, true, RV_JIT_INSTRET_HOST, (int32_t)n);
}

void rv_jit_leave_at(struct rv_jit_emit *e, uint32_t retired, guest_addr pc, uint64_t code)
{
    rv_jit_unpool(e);
    rv_jit_count_retired(e, retired);
    rv_jit_set_pc(e, pc);
    rv_jit_leave(e, code);
}
