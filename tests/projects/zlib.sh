#!/bin/sh
# zlib.sh: zlib's CMake build with the riscv64 toolchain file and CMAKE_CROSSCOMPILING_EMULATOR=crossrun.
# zlib declares its two tests with the old add_test(example example) form, to which CMake does not
# apply the emulator (only add_test(NAME .. COMMAND target) gets it), so its ctest needs binfmt_misc:
# under run.sh --binfmt ctest is run; otherwise the same two test programs are run directly by the
# runner. Debian's dfsg tarball lacks win32/zlib1.rc, which CMakeLists.txt names: an empty one stands in.
. "$(dirname "$0")/common.sh"
command -v cmake > /dev/null || { echo "SKIP: cmake missing"; exit 77; }
fetch_source zlib
src="$work/zlib-src"
mkdir -p "$src/win32" && touch "$src/win32/zlib1.rc"
tests="example example64"
for side in native cross; do
    b="$work/zlib-$side"
    tc=; run=; tag=native
    [ $side = cross ] && { tc="-DCMAKE_TOOLCHAIN_FILE=$here/toolchain-riscv64.cmake -DCMAKE_CROSSCOMPILING_EMULATOR=$runner"; run=$runner; tag=$runner; }
    if ! built "$b" $tag; then
        rm -rf "$b"
        cmake -S "$src" -B "$b" $tc > "$b.log" 2>&1 && cmake --build "$b" -j2 >> "$b.log" 2>&1 && built_ok "$b" $tag
    fi
    if [ "$binfmt" = 1 ]; then
        timed ctest --test-dir "$b" >> "$b.log" 2>&1
        ctest_results "$b" "$b"
    else
        : > "$b.pass"; : > "$b.fail"; : > "$b.skip"
        timed sh -c "cd '$b' && for t in $tests; do
            if $run ./\$t >> '$b.log' 2>&1; then echo \$t >> '$b.pass'; else echo \$t >> '$b.fail'; fi; done"
    fi
    eval "secs_$side=$secs cpu_$side=$cpu"
done
how="CMake, test programs run directly"
[ "$binfmt" = 1 ] && how="CMake, ctest through binfmt_misc"
report zlib "$how" "$work/zlib-native" "$work/zlib-cross" $secs_native $secs_cross $cpu_native $cpu_cross
