#!/bin/sh
# tests/cli.sh - crossrun's command line as a user meets it: --help, --version, usage errors
# (exit 2), load errors (exit 1), the guest's exit status, -0/-E/-U, --stats, engines, and the demo
# programs run statically and dynamically, their output compared with a native build.
#
# Run by `make check` with CROSSRUN, RISCV_CC, RISCV_SYSROOT, CC and top_srcdir set
# (Makefile.am's AM_TESTS_ENVIRONMENT). The guest parts are skipped without RISCV_CC.
set -u
: "${CROSSRUN:?set CROSSRUN to the crossrun binary}"
: "${top_srcdir:=$(dirname "$0")/..}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failed=0

fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
pass() { echo "ok: $*"; }

# expect NAME STATUS CMD...: runs CMD, stdout to $tmp/out, stderr to $tmp/err, checks status.
expect() {
    name=$1 want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$name"; else fail "$name: exit $got, want $want"; sed 's/^/  stderr: /' "$tmp/err" | head -5; fi
}
# same NAME FILE TEXT: FILE holds exactly TEXT (plus a final newline).
same() {
    printf '%s\n' "$3" >"$tmp/want"
    if cmp -s "$2" "$tmp/want"; then pass "$1"; else fail "$1"; diff "$tmp/want" "$2" | head -10; fi
}

# --- no guest needed ------------------------------------------------------------------
expect "--help" 0 "$CROSSRUN" --help
grep -q '^Usage: crossrun \[options\] PROGRAM \[ARGS...\]' "$tmp/out" || fail "--help text"
expect "-h wins over what follows" 0 "$CROSSRUN" -h --bogus
expect "--version" 0 "$CROSSRUN" --version
grep -q '^crossrun [0-9]' "$tmp/out" || fail "--version text"

expect "unknown option" 2 "$CROSSRUN" -x prog
same "unknown option message" "$tmp/err" "crossrun: unknown option '-x'
Try 'crossrun --help'."
expect "no program" 2 "$CROSSRUN" --strace
same "no program message" "$tmp/err" "crossrun: no program given
Try 'crossrun --help'."
expect "missing option argument" 2 "$CROSSRUN" -L

# engines: listed by --help (the first is the default), chosen by --engine or CROSSRUN_ENGINE
expect "--help lists the engines" 0 "$CROSSRUN" --help
sed -n '/^Engines:/,$p' "$tmp/out" >"$tmp/engines"
grep -q '^  jit  .*(default)$' "$tmp/engines" || fail "--help: jit is the default engine"
grep -q '^  interp ' "$tmp/engines" || fail "--help: interp listed"
grep -q '^  interp-nochain ' "$tmp/engines" || fail "--help: interp-nochain listed"
expect "unknown engine" 2 "$CROSSRUN" --engine=bogus prog
same "unknown engine message" "$tmp/err" "crossrun: unknown engine 'bogus' (engines: jit, interp, interp-nochain)
Try 'crossrun --help'."
expect "unknown engine from CROSSRUN_ENGINE" 2 env CROSSRUN_ENGINE=bogus "$CROSSRUN" prog
expect "--engine needs a name" 2 "$CROSSRUN" --engine
expect "CROSSRUN_JIT_HOT not a number" 2 env CROSSRUN_JIT_HOT=abc "$CROSSRUN" prog
same "CROSSRUN_JIT_HOT message" "$tmp/err" "crossrun: CROSSRUN_JIT_HOT: 'abc' is not a run count from 1 to 1000000
Try 'crossrun --help'."
expect "CROSSRUN_JIT_HOT zero" 2 env CROSSRUN_JIT_HOT=0 "$CROSSRUN" prog
expect "CROSSRUN_JIT_WX neither 0 nor 1" 2 env CROSSRUN_JIT_WX=yes "$CROSSRUN" prog
expect "CROSSRUN_JIT_FMA neither 0 nor 1" 2 env CROSSRUN_JIT_FMA=no "$CROSSRUN" prog
same "CROSSRUN_JIT_FMA message" "$tmp/err" "crossrun: CROSSRUN_JIT_FMA: 'no' is neither 0 nor 1
Try 'crossrun --help'."
expect "CROSSRUN_JIT_LOOP_POOL neither 0 nor 1" 2 env CROSSRUN_JIT_LOOP_POOL=off "$CROSSRUN" prog
expect "CROSSRUN_JIT_SIDE_EXITS neither 0 nor 1" 2 env CROSSRUN_JIT_SIDE_EXITS=off "$CROSSRUN" prog

expect "missing program file" 1 "$CROSSRUN" "$tmp/does-not-exist"
grep -q '^crossrun: .*does-not-exist' "$tmp/err" || fail "load error names the file"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "load error is one line"
echo 'not an ELF file' >"$tmp/text"
chmod +x "$tmp/text"
expect "non-ELF program" 1 "$CROSSRUN" "$tmp/text"
grep -q '^crossrun: ' "$tmp/err" || fail "non-ELF error has the crossrun: prefix"

if [ -z "${RISCV_CC:-}" ]; then
    echo "riscv64 cross compiler missing: guest checks skipped"
    [ "$failed" -eq 0 ] || exit 1
    exit 77
fi

# --- guest programs ---------------------------------------------------------------------
cat >"$tmp/probe.c" <<'PROBE'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exit") == 0)
        return atoi(argv[2]);
    if (argc > 1 && strcmp(argv[1], "close-stderr") == 0)
        return close(2) == 0 ? 0 : 1;
    if (argc > 2 && strcmp(argv[1], "exec") == 0) {
        execv(argv[2], argv + 2);
        return 126;
    }
    printf("argc=%d argv0=%s\n", argc, argv[0]);
    for (int i = 1; i < argc; i++)
        printf("arg=%s\n", argv[i]);
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "CLI_", 4) == 0)
            printf("env=%s\n", *e);
    return 0;
}
PROBE
"$RISCV_CC" -O2 -static -o "$tmp/probe" "$tmp/probe.c" || exit 99

expect "guest exit 0" 0 "$CROSSRUN" "$tmp/probe" exit 0
expect "guest exit 3" 3 "$CROSSRUN" "$tmp/probe" exit 3
expect "guest exit 300 keeps the low 8 bits" 44 "$CROSSRUN" "$tmp/probe" exit 300
expect "options stop at the program" 0 "$CROSSRUN" "$tmp/probe" -x --stats
same "program's own options reach it" "$tmp/out" "argc=3 argv0=$tmp/probe
arg=-x
arg=--stats"
expect "-- then program" 0 "$CROSSRUN" -- "$tmp/probe"
expect "-0" 0 "$CROSSRUN" -0 fancy-name "$tmp/probe" a
same "-0 sets argv[0]" "$tmp/out" "argc=2 argv0=fancy-name
arg=a"
expect "-E and -U" 0 env CLI_KEEP=k CLI_DROP=d CLI_CHANGE=old \
    "$CROSSRUN" -E CLI_CHANGE=new -U CLI_DROP -E CLI_ADD=a=b "$tmp/probe"
sort "$tmp/out" >"$tmp/sorted"
same "-E and -U edit the guest environment" "$tmp/sorted" "argc=1 argv0=$tmp/probe
env=CLI_ADD=a=b
env=CLI_CHANGE=new
env=CLI_KEEP=k"
expect "--stats" 0 env -u CROSSRUN_ENGINE "$CROSSRUN" --stats "$tmp/probe" exit 0
grep -q '^crossrun: [0-9][0-9]* guest instructions in [0-9.]* s (' "$tmp/err" || fail "--stats line"
grep -qx 'crossrun: engine jit' "$tmp/err" || fail "--stats names the default engine"
grep -q '^crossrun: blocks translated: [1-9]' "$tmp/err" || fail "--stats prints the engine's counters"
expect "--stats after the guest closed stderr" 0 "$CROSSRUN" --stats "$tmp/probe" close-stderr
grep -q '^crossrun: [0-9][0-9]* guest instructions in' "$tmp/err" ||
    fail "--stats reaches the first stderr when the guest closed its own (xz does)"
for e in jit interp interp-nochain; do
    expect "--engine=$e" 7 "$CROSSRUN" --stats --engine="$e" "$tmp/probe" exit 7
    grep -qx "crossrun: engine $e" "$tmp/err" || fail "--stats names engine $e"
    expect "CROSSRUN_ENGINE=$e" 7 env CROSSRUN_ENGINE="$e" "$CROSSRUN" --stats "$tmp/probe" exit 7
    grep -qx "crossrun: engine $e" "$tmp/err" || fail "CROSSRUN_ENGINE=$e is used"
done
expect "--engine wins over CROSSRUN_ENGINE" 0 env CROSSRUN_ENGINE=interp "$CROSSRUN" --stats \
    --engine interp-nochain "$tmp/probe" exit 0
grep -qx "crossrun: engine interp-nochain" "$tmp/err" || fail "--engine wins over CROSSRUN_ENGINE"
# A program the guest execs runs with the same engine: the new runner gets --engine, which wins
# over the (bad) CROSSRUN_ENGINE it would otherwise fail on.
expect "exec keeps the engine" 5 env CROSSRUN_ENGINE=bogus "$CROSSRUN" --engine=interp-nochain \
    "$tmp/probe" exec "$tmp/probe" exit 5

# The demos, compared with a native build of the same source (no FMA on either side).
for d in mandelbrot life; do
    src="$top_srcdir/demo/$d.c"
    ${CC:-cc} -O2 -ffp-contract=off -o "$tmp/$d-native" "$src" -lm || exit 99
    "$tmp/$d-native" >"$tmp/$d.want" || exit 99
    "$RISCV_CC" -O2 -ffp-contract=off -static -o "$tmp/$d-static" "$src" -lm || exit 99
    expect "demo $d static" 0 "$CROSSRUN" "$tmp/$d-static"
    cmp -s "$tmp/out" "$tmp/$d.want" || fail "demo $d static: output differs from native"
    if "$RISCV_CC" -O2 -ffp-contract=off -o "$tmp/$d-dynamic" "$src" -lm 2>/dev/null; then
        expect "demo $d dynamic" 0 "$CROSSRUN" -L "${RISCV_SYSROOT:-/usr/riscv64-linux-gnu}" "$tmp/$d-dynamic"
        cmp -s "$tmp/out" "$tmp/$d.want" || fail "demo $d dynamic: output differs from native"
    fi
done

echo "$failed check(s) failed"
[ "$failed" -eq 0 ]
