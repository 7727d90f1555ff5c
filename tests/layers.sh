#!/bin/sh
# tests/layers.sh - crossrun's floors hold (scripts/check-layers on the tree and this build's
# objects), and the check is able to fail: on copies of the tree with a planted upward include,
# a planted include into a wing, a planted cycle, and a planted object that calls up a floor
# with no include at all (found only through nm).
#
# Run by `make check` in the build directory with top_srcdir set (AM_TESTS_ENVIRONMENT).
set -u
: "${top_srcdir:=$(dirname "$0")/..}"
build=$(pwd)
check="$top_srcdir/scripts/check-layers"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-layers.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failed=0

fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
pass() { echo "ok: $*"; }

if ! command -v python3 >/dev/null; then
    echo "FAIL: python3 is needed to run scripts/check-layers (Debian package python3)"
    exit 1
fi
if ! command -v nm >/dev/null; then
    echo "FAIL: nm is needed to run scripts/check-layers (Debian package binutils)"
    exit 1
fi

if python3 "$check" "$top_srcdir" "$build" >"$tmp/out" 2>&1; then
    pass "the tree keeps its floors ($(tail -n 1 "$tmp/out"))"
else
    fail "the tree breaks its floors:"
    sed 's/^/  /' "$tmp/out"
fi
grep -q "no object files" "$tmp/out" && fail "symbol uses were not checked: no objects in $build"

# fresh_copy: the product's sources, as they are, in $tmp/src.
fresh_copy() {
    rm -rf "$tmp/src"
    mkdir -p "$tmp/src"
    (cd "$top_srcdir" && cp -R main.c options.c options.h run syscall translate loader mem abi "$tmp/src/")
}

# plant_include FILE HEADER: adds #include "HEADER" before the first include of FILE.
plant_include() {
    sed -i "0,/^#include/s||#include \"$2\"\\n#include|" "$tmp/src/$1"
    grep -q "^#include \"$2\"" "$tmp/src/$1" || { echo "could not plant into $1"; exit 99; }
}

# expect_failure NAME PATTERN [BUILDDIR]: the check fails on $tmp/src and says PATTERN.
expect_failure() {
    if python3 "$check" "$tmp/src" ${3:-} >"$tmp/out" 2>&1; then
        fail "$1: the check passed"
    elif grep -q "$2" "$tmp/out"; then
        pass "$1: $(grep "$2" "$tmp/out" | head -n 1)"
    else
        fail "$1: the check failed without saying '$2'"
        sed 's/^/  /' "$tmp/out"
    fi
}

fresh_copy
plant_include mem/addrspace.c syscall/syscall.h
expect_failure "upward include" "climbs a floor: mem/addrspace (mem) needs syscall/syscall (syscall): include syscall/syscall.h in mem/addrspace.c"

fresh_copy
plant_include loader/elf.c run/loop.h
expect_failure "include of the run loop from the loader" "climbs a floor: loader/elf (engines and loader) needs run/loop (run)"

fresh_copy
plant_include syscall/fs.c syscall/signal/sigstate.h
expect_failure "include into a wing" "enters a wing: syscall/fs.c includes syscall/signal/sigstate.h"

fresh_copy
plant_include translate/cache.c translate/block.h
expect_failure "cycle" "cycle among translate/block, translate/cache"

# An object of the mem floor that calls the dispatcher without including anything.
fresh_copy
printf 'long rv_syscall(void *cpu);\nlong planted(void) { return rv_syscall(0); }\n' >"$tmp/src/mem/planted.c"
mkdir -p "$tmp/build"
(cd "$build" && find run syscall translate loader mem abi -name '*.o' ! -name 'tests_*' -print0 |
    tar --null -T - -cf -) | tar -xf - -C "$tmp/build" || exit 99
cp "$build"/crossrun-*.o "$tmp/build/" || exit 99
${CC:-cc} -c -o "$tmp/build/mem/planted.o" "$tmp/src/mem/planted.c" || exit 99
expect_failure "call up a floor seen only by nm" "climbs a floor: mem/planted (mem) needs syscall/dispatch (syscall): symbol rv_syscall" "$tmp/build"

echo "$failed failed"
[ "$failed" -eq 0 ]
