#!/bin/sh
# tests/libc-calls.sh - the jit's host versions of guest C library functions
# (translate/jit/libc_calls.h): on tests/guest/libc_string_edges.c, built static and dynamic,
# they run (--stats counts calls done by the host, and calls given back where the guest's
# arguments fault), and the guest's output with them is the output without them
# (CROSSRUN_JIT_LIBC=0), to the exact values strcmp and memcmp return ("raw" mode), as it is
# under the reference interpreter. A bad CROSSRUN_JIT_LIBC value is a usage error.
#
# Run by `make check` (AM_TESTS_ENVIRONMENT: CROSSRUN, RISCV_CC, top_srcdir) in the build
# directory; skipped without RISCV_CC.
set -u
: "${CROSSRUN:?set CROSSRUN to the crossrun binary}"
: "${top_srcdir:=$(dirname "$0")/..}"
[ -n "${RISCV_CC:-}" ] || { echo "SKIP: no riscv64 cross compiler"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-libc.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
pass() { echo "ok: $*"; }

src=$top_srcdir/tests/guest/libc_string_edges.c
$RISCV_CC -O2 -static -o "$tmp/static" "$src" || exit 99
$RISCV_CC -O2 -o "$tmp/dynamic" "$src" || exit 99

# stat NAME FILE: the number on --stats' line NAME in FILE
stat() { sed -n "s/^crossrun: $1: //p" "$2"; }

for link in static dynamic; do
    prog=$tmp/$link
    CROSSRUN_ENGINE=jit "$CROSSRUN" --stats "$prog" raw >"$tmp/on" 2>"$tmp/on.err" ||
        fail "$link: exit $? with the host versions"
    done_=$(stat "C library calls done by the host" "$tmp/on.err")
    back=$(stat "C library calls given back" "$tmp/on.err")
    # each of the 6 faulting cases runs 40 times, and each gives the call back at least once
    if [ "${done_:-0}" -gt 1000 ] && [ "${back:-0}" -ge 240 ]; then
        pass "$link: $done_ calls done by the host, $back given back"
    else
        fail "$link: calls done ${done_:-none}, given back ${back:-none}"
    fi
    CROSSRUN_ENGINE=jit CROSSRUN_JIT_LIBC=0 "$CROSSRUN" --stats "$prog" raw >"$tmp/off" \
        2>"$tmp/off.err" || fail "$link: exit $? without them"
    [ "$(stat "C library calls done by the host" "$tmp/off.err")" = 0 ] ||
        fail "$link: CROSSRUN_JIT_LIBC=0 still calls the host versions"
    CROSSRUN_ENGINE=interp "$CROSSRUN" "$prog" raw >"$tmp/interp" 2>/dev/null ||
        fail "$link: exit $? under interp"
    if cmp -s "$tmp/on" "$tmp/off" && cmp -s "$tmp/on" "$tmp/interp"; then
        pass "$link: same output with and without them, and under interp"
    else
        fail "$link: outputs differ"
        diff "$tmp/off" "$tmp/on" | head -10
    fi
done

CROSSRUN_JIT_LIBC=2 "$CROSSRUN" "$tmp/static" >/dev/null 2>"$tmp/err"
status=$?
if [ $status -eq 2 ] && grep -q "CROSSRUN_JIT_LIBC: '2' is neither 0 nor 1" "$tmp/err"; then
    pass "CROSSRUN_JIT_LIBC=2 is refused"
else
    fail "CROSSRUN_JIT_LIBC=2: exit $status, $(head -1 "$tmp/err")"
fi
[ $failed -eq 0 ] || exit 1
