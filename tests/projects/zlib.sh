#!/bin/sh
# zlib.sh: zlib's CMake build with CMAKE_CROSSCOMPILING_EMULATOR. zlib declares its tests with the old
# add_test(example example) form, to which CMake does not apply the emulator (only add_test(NAME ..
# COMMAND target) gets it), so ctest needs binfmt_misc; the same two test programs are run here
# directly. Debian's dfsg tarball lacks win32/zlib1.rc, which CMakeLists.txt names: an empty one stands in.
. "$(dirname "$0")/common.sh"
command -v cmake > /dev/null || { echo "SKIP: cmake missing"; exit 77; }
fetch_source zlib
src="$work/zlib-src"
mkdir -p "$src/win32" && touch "$src/win32/zlib1.rc"
tests="example example64"
for side in native cross; do
    b="$work/zlib-$side"; rm -rf "$b"
    tc=; run=
    [ $side = cross ] && { tc="-DCMAKE_TOOLCHAIN_FILE=$here/toolchain-riscv64.cmake -DCMAKE_CROSSCOMPILING_EMULATOR=$runner"; run=$runner; }
    cmake -S "$src" -B "$b" $tc > "$b.log" 2>&1 && cmake --build "$b" -j2 >> "$b.log" 2>&1
    : > "$b.pass"
    t0=$(date +%s.%N)
    for t in $tests; do (cd "$b" && $run ./$t) >> "$b.log" 2>&1 && echo $t >> "$b.pass"; done
    eval "secs_$side=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
done
report zlib "CMake (test programs run directly)" "$work/zlib-native.pass" "$work/zlib-cross.pass" \
    2 $secs_native $secs_cross
