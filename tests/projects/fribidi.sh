#!/bin/sh
# fribidi.sh: GNU FriBidi, a meson project: cross-built with tests/projects/riscv64.ini, whose
# exe_wrapper is crossrun, and run with `meson test`. Of its 8 tests, the two Unicode conformance
# tests (BidiTest, BidiCharacterTest: ~260,000 cases) are cross-built executables, which meson runs
# through the exe_wrapper; the other 6 are test-runner.py (a host python script) exec'ing the
# riscv64 fribidi program, which needs binfmt_misc: they are run only under run.sh --binfmt (both
# sides run the same tests in each mode). The mirror may lack fribidi's .dsc: fetch_source then
# unpacks the orig and debian tarballs.
. "$(dirname "$0")/common.sh"
for tool in meson ninja python3; do
    command -v $tool > /dev/null || { echo "SKIP: $tool missing (apt-get install meson ninja-build)"; exit 77; }
done
fetch_source fribidi
src="$work/fribidi-src"
tests="BidiTest BidiCharacterTest"
[ "$binfmt" = 1 ] && tests=
cross="--cross-file $here/riscv64.ini"
if [ "$runner" != crossrun ]; then
    # a later cross file overrides the wrapper only (timing comparisons)
    printf "[binaries]\nexe_wrapper = ['%s']\n" "$runner" > "$work/bin/wrapper.ini"
    cross="$cross --cross-file $work/bin/wrapper.ini"
fi
for side in native cross; do
    b="$work/fribidi-$side"
    c=; tag=native; [ $side = cross ] && { c=$cross; tag=$runner; }
    if ! built "$b" $tag; then
        rm -rf "$b"
        meson setup "$b" "$src" $c -Ddocs=false > "$b.log" 2>&1 && ninja -C "$b" >> "$b.log" 2>&1 && built_ok "$b" $tag
    fi
    # meson's default 30 s timeout is for native speed: BidiTest takes ~3 s natively, ~25 s CPU in crossrun
    timed meson test -C "$b" --num-processes 2 --timeout-multiplier 20 $tests >> "$b.log" 2>&1
    eval "secs_$side=$secs cpu_$side=$cpu"
    # testlog.json: one JSON object per test with its "name" and "result" (OK, FAIL, SKIP, ...)
    python3 - "$b/meson-logs/testlog.json" "$b" <<'PY'
import json, sys
out = {k: open(sys.argv[2] + "." + k, "w") for k in ("pass", "fail", "skip")}
try:
    lines = open(sys.argv[1]).read().splitlines()
except OSError:
    lines = []
for line in lines:
    t = json.loads(line)
    kind = {"OK": "pass", "EXPECTEDFAIL": "pass", "SKIP": "skip"}.get(t["result"], "fail")
    print(t["name"], file=out[kind])
PY
done
how="meson test, exe_wrapper"
[ "$binfmt" = 1 ] && how="meson test through binfmt_misc"
report fribidi "$how" "$work/fribidi-native" "$work/fribidi-cross" $secs_native $secs_cross $cpu_native $cpu_cross
