#!/bin/sh
# expat.sh: expat's large unit suite (tests/runtests: ~400 tests run under 12 allocator setups, 4860
# checks), built with CMake and the riscv64 toolchain file. expat's CMakeLists wraps each test as
# `bash run.sh PROGRAM`, so the emulator is not applied and ctest needs binfmt_misc; runtests is run
# here directly (crossrun-wrapper runtests -v), natively and cross, and the PASS lines are compared.
# Slow under crossrun: test_misc_input_2gb parses 2 GiB (about 12 s natively).
. "$(dirname "$0")/common.sh"
command -v cmake > /dev/null || { echo "SKIP: cmake missing"; exit 77; }
fetch_source expat
src="$work/expat-src/expat"
for side in native cross; do
    b="$work/expat-$side"; rm -rf "$b"
    tc=; run=
    [ $side = cross ] && { tc="-DCMAKE_TOOLCHAIN_FILE=$here/toolchain-riscv64.cmake -DCMAKE_CROSSCOMPILING_EMULATOR=$runner"; run=$runner; }
    cmake -S "$src" -B "$b" -DEXPAT_BUILD_TESTS=ON -DEXPAT_BUILD_EXAMPLES=OFF -DEXPAT_BUILD_TOOLS=OFF $tc \
        > "$b.log" 2>&1 && cmake --build "$b" -j2 >> "$b.log" 2>&1
    timed run sh -c "cd '$b' && $run tests/runtests -v > '$b.out' 2>&1"
    eval "secs_$side=$secs"
    grep '^FAIL' "$b.out" | sed 's/^[A-Z]*: //; s/[: ].*//' | sort -u > "$b.fail" || true
    grep '^PASS: ' "$b.out" | sed 's/^PASS: //' | sort -u | comm -23 - "$b.fail" > "$b.pass"
    grep 'Checks:' "$b.out" | sed "s/^/expat $side: /" || echo "expat $side: no summary (crashed?)"
done
total=$(cat "$work/expat-native.pass" "$work/expat-native.fail" "$work/expat-cross.pass" "$work/expat-cross.fail" | sort -u | wc -l)
report expat "CMake build, runtests run directly" "$work/expat-native.pass" "$work/expat-cross.pass" \
    $total $secs_native $secs_cross
