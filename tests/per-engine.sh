#!/bin/sh
# tests/per-engine.sh - runs one test once per engine and reports each run as a TAP result.
#
#   per-engine.sh TEST [ARGS...]
#
# `make check` runs every test through this script (its LOG_COMPILER) and automake's TAP driver,
# so the summary counts one result per test and engine: "PASS: tests/guest/hello.c 2 - interp-nochain".
# Tests that exercise guest code run under every engine in TEST_ENGINES (guest programs in
# tests/guest, Debian programs in tests/real, the engine unit test tests/unit/test_interp), each with
# CROSSRUN_ENGINE set, which crossrun reads and passes on to the programs its guest execs; the other
# tests (options, the decoder, the syscall layer's unit tests, install...) do not depend on the engine
# and run once, under the default one.
#
# TEST_ENGINES: "all" (every engine crossrun --help lists), "default" (the first one), or names
# separated by spaces (make check TEST_ENGINES=interp-nochain TESTS=tests/guest/hello.c).
# The test's own output goes to the log as TAP comment lines; its exit status gives the result
# (0 pass, 77 skip, 99 hard error, anything else fail), as for automake's plain driver.
set -u
[ $# -gt 0 ] || { echo "usage: per-engine.sh [LOG-COMPILER...] TEST" >&2; exit 99; }
for test_path; do :; done   # automake puts the test last, after its log compiler's words
runner=${CROSSRUN:-./crossrun}
# The translator translates a block on its second run under test (its default waits longer:
# translate/jit/interpret.c), so that what a test runs twice is translated code and every
# block's first run takes the interpreter's path: both paths, in every test.
export CROSSRUN_JIT_HOT=${CROSSRUN_JIT_HOT:-2}

all_engines() {
    "$runner" --help | sed -n '/^Engines:/,$p' | sed -n 's/^  \([a-z0-9-]*\) .*/\1/p'
}

case $test_path in
*tests/guest/* | *tests/real/* | *tests/unit/test_interp) every_engine=1 ;;
*) every_engine= ;;
esac

case ${TEST_ENGINES:-all} in
all) engines=$(all_engines) ;;
default) engines=$(all_engines | head -n 1) ;;
*) engines=$TEST_ENGINES ;;
esac
if [ -z "$engines" ]; then
    echo "Bail out! cannot list the engines of '$runner' (build crossrun first)"
    exit 0
fi
[ -n "$every_engine" ] || engines=$(echo "$engines" | head -n 1)

count=$(echo $engines | wc -w)
echo "1..$count"
log=$(mktemp) || exit 99
trap 'rm -f "$log"' EXIT
i=0
for engine in $engines; do
    i=$((i + 1))
    # PER_ENGINE_RUN/COUNT let tests/run-guest.sh reuse its builds and native run between engines
    CROSSRUN_ENGINE=$engine PER_ENGINE_RUN=$i PER_ENGINE_COUNT=$count "$@" > "$log" 2>&1 < /dev/null
    status=$?
    echo "# ---- engine $engine: $*"
    sed 's/^/# /' "$log"
    case $status in
    0) echo "ok $i - $engine" ;;
    77) echo "ok $i - $engine # SKIP $(grep -m1 'SKIP' "$log" | cut -c1-200)" ;;
    99) echo "not ok $i - $engine (hard error, exit status 99)" ;;
    *) echo "not ok $i - $engine (exit status $status)" ;;
    esac
done
exit 0
