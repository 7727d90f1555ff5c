#!/bin/sh
# tests/cmake_emulator.sh - doc/cross-testing.md's CMake recipe on a project of our own whose tests
# are declared the way CMAKE_CROSSCOMPILING_EMULATOR applies to (add_test(NAME n COMMAND target)):
# configure with tests/projects/toolchain-riscv64.cmake and -DCMAKE_CROSSCOMPILING_EMULATOR set to
# the crossrun under test, build, run ctest. The test programs check that they run as riscv64
# (uname -m), an exit status travels back (WILL_FAIL), and a dynamic program finds its libc
# through the default sysroot. Skips without cmake or the riscv64 cross compiler.
set -u
CROSSRUN=${CROSSRUN:-./crossrun}
srcdir=${srcdir:-.}
command -v cmake >/dev/null 2>&1 || { echo "SKIP: cmake is not installed"; exit 77; }
command -v ctest >/dev/null 2>&1 || { echo "SKIP: ctest is not installed"; exit 77; }
command -v riscv64-linux-gnu-gcc >/dev/null 2>&1 || { echo "SKIP: no riscv64-linux-gnu-gcc"; exit 77; }
case $CROSSRUN in /*) ;; *) CROSSRUN=$(pwd)/$CROSSRUN ;; esac
toolchain=$(cd "$srcdir/tests/projects" && pwd)/toolchain-riscv64.cmake

work=$(pwd)/tests/cmake_emulator.out
rm -rf "$work"
mkdir -p "$work/src" || exit 99
cat > "$work/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.13)
project(emulator_probe C)
enable_testing()
add_executable(probe probe.c)
add_test(NAME runs_as_riscv64 COMMAND probe riscv64 0)
add_test(NAME exit_status_travels COMMAND probe riscv64 3)
set_tests_properties(exit_status_travels PROPERTIES WILL_FAIL TRUE)
CMAKE
cat > "$work/src/probe.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
int main(int argc, char **argv)
{
    struct utsname u;
    if (argc != 3 || uname(&u) != 0)
        return 2;
    printf("machine %s\n", u.machine);
    if (strcmp(u.machine, argv[1]) != 0)
        return 1;
    return atoi(argv[2]);
}
C
cd "$work" || exit 99
if ! cmake -S src -B build -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
        -DCMAKE_CROSSCOMPILING_EMULATOR="$CROSSRUN" >cmake.log 2>&1; then
    cat cmake.log
    echo "FAIL: cmake configure"
    exit 1
fi
cmake --build build >build.log 2>&1 || { cat build.log; echo "FAIL: cmake build"; exit 1; }
# The program must really be riscv64 (ELF e_machine 243 at offset 18).
machine=$(od -An -tu2 -j18 -N2 build/probe | tr -d ' ')
[ "$machine" = 243 ] || { echo "FAIL: build/probe has e_machine $machine, not 243"; exit 1; }
(cd build && ctest --output-on-failure) >ctest.log 2>&1
status=$?
cat ctest.log
if [ "$status" -ne 0 ] || ! grep -q '100% tests passed, 0 tests failed out of 2' ctest.log; then
    echo "FAIL: ctest with CMAKE_CROSSCOMPILING_EMULATOR"
    exit 1
fi
# ctest must have put crossrun in front of the program (not binfmt_misc or qemu).
grep -q "$CROSSRUN" build/CTestTestfile.cmake || { echo "FAIL: emulator not in CTestTestfile"; exit 1; }
cd .. && rm -rf "$work"
echo "PASS: ctest ran 2 tests under crossrun"
