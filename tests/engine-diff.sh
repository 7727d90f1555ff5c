#!/bin/sh
# tests/engine-diff.sh - make check's run of the engine differential tester
# (tests/unit/engine_diff.c): its default engines, fixed seed and bounded count, failing on any
# mismatch and on a riscv.def row no case covered. engine_diff chooses its engines itself, so
# this runs once whatever TEST_ENGINES says (tests/per-engine.sh runs it under the default
# engine only). `make fuzz-jit` is the long run.
set -u
bin=${CROSSRUN:+$(dirname "$CROSSRUN")/}tests/unit/engine_diff
exec "$bin"
