#!/bin/sh
# tests/engine-diff.sh - make check's run of the engine differential tester
# (tests/unit/engine_diff.c): its default engines, fixed seed and bounded count, failing on any
# mismatch and on a riscv.def row no case covered. engine_diff chooses its engines itself, so
# this runs once whatever TEST_ENGINES says (tests/per-engine.sh runs it under the default
# engine only). `make fuzz-jit` is the long run.
#
# It runs three times: as the host allows (FMA3 for the fused multiply-adds where the host has
# it), then with CROSSRUN_JIT_FMA=0, so the FP cases meet the translator's path without FMA3
# too, then with no block ever hot (CROSSRUN_JIT_HOT=1000000), so the jit engine's own
# interpreting of blocks not translated yet (hammocks included) meets the interpreter.
set -u
bin=${CROSSRUN:+$(dirname "$CROSSRUN")/}tests/unit/engine_diff
"$bin" || exit 1
echo "engine-diff: again without FMA3 (CROSSRUN_JIT_FMA=0)"
CROSSRUN_JIT_FMA=0 "$bin" || exit 1
echo "engine-diff: again with every block interpreted (CROSSRUN_JIT_HOT=1000000)"
CROSSRUN_JIT_HOT=1000000 exec "$bin"
