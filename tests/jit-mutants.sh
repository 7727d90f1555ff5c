#!/bin/bash
# tests/jit-mutants.sh - proves the differential tester (tests/unit/engine_diff) catches
# translator bugs: each mutant below plants one bug in a copy of the translator's sources
# (a wrong immediate, a swapped operand, a missed sign extension, a lost fflag, a wrong branch
# condition, ...), builds engine_diff from that copy and expects it to report a mismatch
# between jit and interp. A mutant that survives is a hole in the tester.
#
#   tests/jit-mutants.sh            from a configured build directory (`make check-mutants`)
#
# Each mutant is: a name, a file under translate/jit/, a sed expression that must change that
# file (a mutant whose expression no longer matches the code fails too, so the list keeps up
# with the translator), and optionally a VAR=value the tester runs with.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
build=$(pwd)
[ -f "$build/Makefile" ] || { echo "run from a configured build directory"; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-mutants.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

mutants=(
    "a store unchecked like a load|emit_mem.c|s/static void store(struct rv_jit_emit \*e, const struct rv_dinsn \*in, int size)\n{\n    struct x86_mem m = rv_jit_checked(e, in, size);/static void store(struct rv_jit_emit *e, const struct rv_dinsn *in, int size)\n{\n    struct x86_mem m = unchecked(e, in);/"
    "an unchecked load's fault above the range taken for the runner's|jit_engine.c|s/    return t \&\& (rv_op_flags\[t->insns\[insn_at(t, rip)\].op\] \& RVF_LOAD) != 0;/    return false;/"
    "a loop's FP mode check never fails|emit_fp.c|s/    e->fp_guard_jcc_at = (uint32_t)rv_jit_in_part(e, x86_jcc(\&e->b, X86_CC_E));/    e->fp_guard_jcc_at = 0;/"
    "an FP op's call goes back to unchecked ops when the mode still fails|emit_fp.c|s/            size_t holds = rv_jit_in_part(e, x86_jcc(\&e->b, X86_CC_NE));/            size_t holds = rv_jit_in_part(e, x86_jmp(\&e->b));/"
    "a CSR write leaves the FP mode known|translate.c|s/            e->facts.fp_known = 0;/            (void)0;/"
    "a hammock's meeting point keeps the FP mode its skipped instructions cleared|emit_hammock.c|s/    if (fp_after_skipped < e->facts.fp_known)\n        e->facts.fp_known = fp_after_skipped;\n//"
    "wrong immediate|emit_alu.c|s/x86_alu_ri(\&e->b, op, w64, dst, (int32_t)in->imm);/x86_alu_ri(\&e->b, op, w64, dst, (int32_t)in->imm + 1);/"
    "swapped operands of shNadd|emit_bits.c|s/x86_mem_index(X86_RCX, X86_RAX,/x86_mem_index(X86_RAX, X86_RCX,/"
    "missed sign extension of W results|emit_ctx.c|s/    if (!e->upper_dead\[e->at\])\n        x86_movsx_rr(\&e->b, 4, dst, dst);/    (void)dst;/"
    "srliw by 0 left without its sign extension|emit_ctx.c|s/op == X86_SHR \&\& (in->imm \& 31) != 0;/op == X86_SHR;/"
    "sraiw shifts in zeros|emit_ctx.c|s/x86_shift_ri(\&e->b, X86_SAR, true, dst, (uint8_t)(in->imm \& 31));/x86_shift_ri(\&e->b, X86_SHR, true, dst, (uint8_t)(in->imm \& 31));/"
    "right shifts and compares read only low halves|upper_dead.c|s/        return WHOLE;/        return LOW;/"
    "a visible state point reads nothing|upper_dead.c|s/            read = ~0u;/            (void)0;/"
    "a converted hammock's restored registers read as dead|upper_dead.c|s/(at_merge \& converted\[i\] \& ~1u)/(at_merge \& 0)/"
    "slli by 31 reads only its source's low half|upper_dead.c|s/in->op == rv_op_slli \&\& in->imm >= 32/in->op == rv_op_slli \&\& in->imm >= 31/"
    "a converted hammock's meeting point one instruction early|upper_dead.c|s/merges\[rv_jit_hammock_end(t, i)\] = true;/merges[rv_jit_hammock_end(t, i) - 1] = true;/"
    "wrong branch condition|emit_hammock.c|s/\[rv_op_bltu - rv_op_beq\] = X86_CC_B,/[rv_op_bltu - rv_op_beq] = X86_CC_L,/"
    "lost fflag (fdiv.d drops NX)|exec_one.c|s/        cpu->x\[0\] = 0; \\\\/        cpu->x[0] = 0; if (rv_op_##name == rv_op_fdiv_d) cpu->fflags \&= ~1u; \\\\/"
    "flw not NaN-boxed|emit_mem.c|s/UINT64_C(0xffffffff00000000)/UINT64_C(0xfffffffe00000000)/"
    "wrong result for a zero divisor|emit_alu.c|s/        x86_mov_ri(b, X86_RAX, UINT64_MAX);/        x86_mov_ri(b, X86_RAX, 0);/"
    "amomin as amomax|emit_amo.c|s/\[AMO_MIN\] = X86_CC_G,/[AMO_MIN] = X86_CC_L,/"
    "fadd.d's fast path multiplies|emit_fp.c|s/case rv_op_fadd_d:   return X86_ADDSD;/case rv_op_fadd_d:   return X86_MULSD;/"
    "fnmsub.d's fast path negates c|emit_fp.c|s/\*fma = X86_VFNMADD213SD; return -1;  \/\* -(a\*b) + c \*\//*fma = X86_VFNMSUB213SD; return -1;/"
    "copies cache keeps a stale copy|emit_ctx.c|s/    if (old != X86_NOREG)\n        drop(\&e->xc, old);\n    x86_store(\&e->b, 8, rv_jit_xreg(i), r);\n}/    x86_store(\&e->b, 8, rv_jit_xreg(i), r);\n}/"
    "dirty copies not written back at the block's end|translate.c|s/    rv_jit_flush(e);  \/\* every way on/    \/\* every way on/"
    "a host fault forgets the dirty copies|jit_engine.c|s/            if (dirty\[k\])\n/            if (0)\n/"
    "a host fault forgets the dirty float copies|jit_engine.c|s/            if (fdirty\[k\])  \/\* xmm2/            if (0)  \/\* xmm2/"
    "a cold FP call writes back no copy|emit_fp.c|s/        rv_jit_write_back(e, \&c->before);\n        call(e, c->in);/        call(e, c->in);/"
    "a cold FP call loads no copy again|emit_fp.c|s/        rv_jit_reload(e, \&c->after);\n        rv_jit_link_local/        rv_jit_link_local/"
    "a hammock's jump keeps the float copies|emit_hammock.c|s/        rv_jit_forget_all(e);\n        rv_jit_fforget_all(e);\n        enum x86_cc cc/        rv_jit_forget_all(e);\n        enum x86_cc cc/"
    "an AMO's fault sees copies its code clobbered|emit_ctx.c|s/    rv_jit_fault_point(e);  \/\* nothing dirty/    \/\* nothing dirty/g"
    "sc.w/sc.d report success as failure|emit_amo.c|s/x86_setcc(b, X86_CC_NE, X86_RCX);/x86_setcc(b, X86_CC_E, X86_RCX);/"
    "a zero-extension pair sign-extends|emit_alu.c|s/        x86_movzx_rr(\&e->b, size, dst, src);/        x86_movsx_rr(\&e->b, size, dst, src);/"
    "flt.d inline is fle.d|emit_fp.c|s/in->op == rv_op_flt_d ? X86_CC_B/in->op == rv_op_flt_d ? X86_CC_BE/"
    "fcsr write takes frm from the wrong bits|emit_csr.c|s/x86_shift_ri(b, X86_SHR, false, X86_RCX, 5);/x86_shift_ri(b, X86_SHR, false, X86_RCX, 4);/"
    "jalr keeps bit 0|translate.c|s/x86_alu_ri(\&e->b, X86_AND, true, X86_RAX, -2);/x86_alu_ri(\&e->b, X86_AND, true, X86_RAX, -1);/g"
    "a converted hammock restores on the wrong way|emit_hammock.c|s/x86_cmov(\&e->b, taken, true, h, X86_RCX);/x86_cmov(\&e->b, (enum x86_cc)(taken ^ 1), true, h, X86_RCX);/"
    "a hammock's jump skips the count of the way through|emit_hammock.c|s/        rv_jit_count_retired(e, e->skipped);/        (void)0;/"
    "a loop's exit writes back no copy|translate.c|s/    direct_exit(e, 0, (int)cc);\n    rv_jit_flush(e);\n/    direct_exit(e, 0, (int)cc);\n/"
    "a loop's unchained back edge writes back no copy|translate.c|s/            rv_jit_write_back(e, \&e->loop_back);\n            rv_jit_unpool(e);\n        }/            rv_jit_unpool(e);\n        }/"
    "a loop's copies left where its top does not expect them|loop_carry.c|s/    conform_cache(e, \&e->xc, e->loop_want.x);/    (void)0;/"
    "a loop's copies taken as clean at its top|loop_carry.c|s/        if (written \& (1u << i))/        if (0)/"
    "an interpreted hammock does not count the way through|interpret.c|s/            cpu->instret += skipped;/            (void)skipped;/|CROSSRUN_JIT_HOT=1000000"
    "a CSR write leaves jit_fp_fast as it was|emit_csr.c|s/    rv_jit_fp_mode_written(b);\n}/}/"
    "the instructions past a followed jump count it twice|superblock.c|s/    uint32_t retired = (uint32_t)buf\[n - 1\].idx + 1;/    uint32_t retired = (uint32_t)buf[n - 1].idx + 2;/"
    "a followed jump is a visible point no more: its target reads no upper half|upper_dead.c|s/            continue;  \/\* a jump the block follows/            { read = 0; continue; }  \/* a jump the block follows/"
    "a side exit's stub writes back no copy|translate.c|s/    rv_jit_write_back(e, \&s->dirty);/    (void)s->dirty;/"
    "a chained side exit patches its unchained path, not its jump|translate.c|s/    side->jmp_at = (uint32_t)(rv_jit_rx_at(e, jmp) - e->hot_rx);/    side->jmp_at = (uint32_t)(rv_jit_rx_at(e, stub) - e->hot_rx);/"
    "a side exit counts the branch as not retired|translate.c|s/    rv_jit_count_retired(e, s->in->idx + 1u);/    rv_jit_count_retired(e, s->in->idx);/"
    "a side exit's dirty copies taken before its compare|translate.c|s/    enum x86_cc cc = rv_jit_branch_compare(e, in);\n    if (e->n_side_exits/    struct rv_jit_dirty_map early;\n    rv_jit_dirty_now(e, \&early);\n    enum x86_cc cc = rv_jit_branch_compare(e, in);\n    if (e->n_side_exits/;s/    rv_jit_dirty_now(e, \&s->dirty);  \/\* after/    s->dirty = early;  \/* after/"
    "an interpreted side exit counts the branch as not retired|interpret.c|s/                cpu->instret += (uint64_t)in\[i\].idx + 1;/                cpu->instret += (uint64_t)in[i].idx;/|CROSSRUN_JIT_HOT=1000000"
    "a pooling loop's exit leaves the lent registers unloaded|translate.c|s/    rv_jit_flush(e);\n    rv_jit_unpool(e);\n    direct_exit(e, 1, -1);/    rv_jit_flush(e);\n    direct_exit(e, 1, -1);/"
    "a pooling loop's range check leaves the lent registers unloaded|translate.c|s/            rv_jit_write_back(e, \&f->dirty);\n            rv_jit_unpool(e);\n            call_fault_tail/            rv_jit_write_back(e, \&f->dirty);\n            call_fault_tail/"
    "a host fault in a pooling loop reads the lent registers from the host's|jit_engine.c|s/            if (!(t->lent \& (1u << k)))/            if (1)/"
    "a pooling loop's maps list only the four cache registers|jit_engine.c|s/        for (int k = 0; k < (int)rv_jit_xmap_size(t); k++)/        for (int k = 0; k < RV_JIT_CACHE_REGS; k++)/"
    "a pooling loop's helper calls store the lent registers|emit_ctx.c|s/    rv_jit_pinned_store_but(\&e->b, clobbered_only, e->lent);/    rv_jit_pinned_store_but(\&e->b, clobbered_only, 0);/"
    "a dirty copy dropped though a later instruction may fault|emit_ctx.c|s/        if (!rv_jit_is_pure_alu(t->insns\[k\].op)/        if (0/"
    "a dirty copy dropped though a later instruction reads it|emit_ctx.c|s/ rv_jit_reads_at(e, k, i, fp))\n            return false;\n        if (rv_jit_writes_at/ 0)\n            return false;\n        if (rv_jit_writes_at/"
    "a dirty copy dropped by the instruction that reads it|emit_ctx.c|s/ rv_jit_reads_at(e, k, i, fp))\n            return false;\n        if (rv_jit_writes_at/ (k > e->at \&\& rv_jit_reads_at(e, k, i, fp)))\n            return false;\n        if (rv_jit_writes_at/"
    "a converted hammock restores the old values into homes, not copies|emit_hammock.c|s/    return h != X86_NOREG ? h : (enum x86_reg)rv_jit_cache_find(\&e->xc, r);/    return h;/"
    "a shift pair takes the slli's result as unseen when it is read|emit_alu.c|s/    if (next->rd != in->rd \&\& !rv_jit_dead_from(e, e->at + 2, in->rd, false))\n        return false;\n//"
    "a shift pair leaves out its shift left|emit_alu.c|s/    if (next->imm != in->imm)\n/    if (0)\n/"
    "a read-modify-write of a home that is not the source's|emit_alu.c|s/    return rd == rs1 \&\& src == X86_NOREG/    return src == X86_NOREG/"
    "a read-modify-write's register source left unloaded|emit_alu.c|s/            s2 = X86_RCX;\n            x86_load(\&e->b, 8, false, s2, rv_jit_xreg(in->rs2));/            s2 = X86_RCX;/"
    "andi 255 keeps a half|emit_alu.c|s/            x86_movzx_rr(\&e->b, 1, dst, src);/            x86_movzx_rr(\&e->b, 2, dst, src);/"
    "andi 255 from a home loads a half|emit_alu.c|s/            x86_load(\&e->b, 1, false, dst, rv_jit_xreg(in->rs1));/            x86_load(\&e->b, 2, false, dst, rv_jit_xreg(in->rs1));/"
    "a rotation turns the wrong way|emit_alu.c|s/x86_shift_ri(\&e->b, X86_ROR, r->wide, dst, r->by);/x86_shift_ri(\&e->b, X86_ROL, r->wide, dst, r->by);/"
    "a rotation's shift left out though a later instruction may fault|rotate.c|s/        if (!rv_jit_is_pure_alu(in->op) /        if (0 /"
    "a rotation's shift left out though a later instruction reads it|rotate.c|s/(k != or_at \&\& rv_jit_reads(in, r, false))/0/"
    "a rotation of a register written between its shifts|rotate.c|s/    if (last\[x\] >= first /    if (0 /"
    "a rotation across a hammock's skipped instructions|rotate.c|s/ crosses_hammock(t, (uint32_t)first, i))/ 0)/"
    "a rotation's or not read as reading its source|emit_ctx.c|s/    if (!fp \&\& r->src)\n        return i == r->src;\n//"
)

# One copy of the tree, configured and built once; each mutant changes one file, rebuilds
# engine_diff incrementally and puts the file back.
mkdir -p "$tmp/src" "$tmp/build"
(cd "$top" && git ls-files -z 2>/dev/null | xargs -0 cp --parents -t "$tmp/src" 2>/dev/null) ||
    cp -R "$top"/. "$tmp/src/"
[ -x "$tmp/src/configure" ] || (cd "$tmp/src" && autoreconf -fi >/dev/null 2>&1) || exit 99
(cd "$tmp/build" && "$tmp/src/configure" -q >/dev/null 2>&1 &&
    make -j"$(nproc)" tests/unit/engine_diff >"$tmp/build.log" 2>&1) ||
    { echo "cannot build the unmutated tester:"; tail -5 "$tmp/build.log"; exit 99; }

failed=0
for m in "${mutants[@]}"; do
    IFS='|' read -r name file expr setting <<<"$m"
    f=$tmp/src/translate/jit/$file
    cp "$top/translate/jit/$file" "$f"
    sed -i -z "$expr" "$f"
    if cmp -s "$top/translate/jit/$file" "$f"; then
        echo "FAIL: mutant '$name' no longer applies to translate/jit/$file"
        failed=$((failed + 1))
        continue
    fi
    if ! make -C "$tmp/build" -j"$(nproc)" tests/unit/engine_diff >"$tmp/build.log" 2>&1; then
        echo "FAIL: mutant '$name' does not build:"
        tail -5 "$tmp/build.log"
        failed=$((failed + 1))
    elif out=$(env ${setting:+"$setting"} "$tmp/build/tests/unit/engine_diff" --engines jit,interp 2>&1); then
        echo "FAIL: mutant '$name' survived: the tester did not notice"
        failed=$((failed + 1))
    else
        echo "ok: mutant '$name' caught: $(grep -m1 MISMATCH <<<"$out" | cut -c1-100)"
    fi
    cp "$top/translate/jit/$file" "$f"
done
echo "$failed of ${#mutants[@]} mutant(s) not caught"
[ "$failed" -eq 0 ]
