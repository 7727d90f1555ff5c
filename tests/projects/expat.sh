#!/bin/sh
# expat.sh: expat's large unit suite (tests/runtests: ~400 tests run in 12 parser setups, 4860 checks),
# built with CMake, the riscv64 toolchain file and CMAKE_CROSSCOMPILING_EMULATOR=crossrun. expat's
# CMakeLists wraps each test as `bash run.sh PROGRAM`, to which the emulator is not applied, so its
# ctest needs binfmt_misc. Without it runtests -v is run directly by the runner and the per-test
# PASS/FAIL lines are compared; under run.sh --binfmt ctest is run (it runs runtests without -v), and
# its one test's result and runtests' summary line ("Checks: 4848, Failed: 0") are compared.
#
# test_misc_input_2gb is left out on both sides (its tcase_add_test line deleted from the shared
# source) unless PROJECTS_SLOW=1: it feeds 2 GiB of spaces to the parser, twice (deferral off and
# on): ~7 s of CPU natively, ~4 minutes in crossrun (106 G guest instructions; qemu: ~2 minutes). Run
# alone in full it passes under crossrun (see doc/cross-testing.md); it exercises expat's >2 GiB
# byte counters, nothing crossrun-specific. Built with -O2 on both sides, as Debian builds it
# (CMake's default here is no optimisation, which doubles the suite's time under an emulator).
. "$(dirname "$0")/common.sh"
command -v cmake > /dev/null || { echo "SKIP: cmake missing"; exit 77; }
[ "${PROJECTS_SLOW:-0}" = 1 ] && keep=0   # the kept tree lacks the test
fetch_source expat
src="$work/expat-src/expat"
left_out=
if [ "${PROJECTS_SLOW:-0}" != 1 ]; then
    left_out=test_misc_input_2gb
    sed -i "/tcase_add_test(tc_misc, $left_out);/d" "$src/tests/misc_tests.c"
fi
for side in native cross; do
    b="$work/expat-$side"
    tc=; run=; tag=native
    [ $side = cross ] && { tc="-DCMAKE_TOOLCHAIN_FILE=$here/toolchain-riscv64.cmake -DCMAKE_CROSSCOMPILING_EMULATOR=$runner"; run=$runner; tag=$runner; }
    if ! built "$b" $tag; then
        rm -rf "$b"
        cmake -S "$src" -B "$b" -DCMAKE_C_FLAGS=-O2 -DEXPAT_BUILD_TESTS=ON -DEXPAT_BUILD_EXAMPLES=OFF \
            -DEXPAT_BUILD_TOOLS=OFF $tc > "$b.log" 2>&1 && cmake --build "$b" -j2 >> "$b.log" 2>&1 && built_ok "$b" $tag
    fi
    if [ "$binfmt" = 1 ]; then
        # ctest runs runtests without -v: one test, "runtests", and its summary line of checks
        timed ctest --test-dir "$b" -V > "$b.out" 2>&1
        eval "secs_$side=$secs cpu_$side=$cpu"
        ctest_results "$b" "$b"
        echo $left_out >> "$b.skip"
        sed -n 's/^[0-9]*: //; s/^100%: //; /Checks:/p' "$b.out" > "$b.checks"
        echo "expat $side: $(cat "$b.checks")"
        continue
    else
        timed sh -c "cd '$b' && $run tests/runtests -v > '$b.out' 2>&1"
    fi
    eval "secs_$side=$secs cpu_$side=$cpu"
    # runtests runs every test in 12 setups (chunk
    # sizes 0-5, reparse deferral off/on) and prints "PASS: test" or "FAIL [setup]: test (where)"
    # each time. A test passed when it printed no FAIL and as many PASS lines as natively (12, or 24
    # for the one test registered twice), so a run that crashed or hung halfway does not count.
    cp "$b.out" "$b.lines"
    grep '^FAIL \[' "$b.lines" | sed 's/^FAIL \[[^]]*\]: //; s/ .*//' | sort -u > "$b.fail" || true
    grep '^PASS: ' "$b.lines" | sed 's/^PASS: //' | sort | uniq -c > "$b.counts" || true
    [ $side = native ] && cp "$b.counts" "$work/expat-reference.counts"
    awk 'NR == FNR { want[$2] = $1; next } { print $2 > ($1 == want[$2] ? "/dev/stdout" : "/dev/stderr") }' \
        "$work/expat-reference.counts" "$b.counts" 2> "$b.short" | comm -23 - "$b.fail" > "$b.pass"
    sort -u -o "$b.fail" "$b.fail" "$b.short"
    echo $left_out > "$b.skip"
    grep 'Checks:' "$b.lines" | sed "s/^/expat $side: /" || echo "expat $side: no summary (crashed?)"
done
how="CMake, runtests run directly"
if [ "$binfmt" = 1 ]; then
    how="CMake, ctest through binfmt_misc"
    # the per-test lines are not there: the checks counts must agree as well
    cmp -s "$work/expat-native.checks" "$work/expat-cross.checks" ||
        { echo "FAIL: expat: checks differ: $(cat "$work/expat-native.checks") vs $(cat "$work/expat-cross.checks")"; exit 1; }
fi
report expat "$how" "$work/expat-native" "$work/expat-cross" $secs_native $secs_cross $cpu_native $cpu_cross
