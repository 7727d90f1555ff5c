#!/bin/sh
# tests/jit-log.sh - the debug log (-d ITEMS, -D FILE, CROSSRUN_LOG*) on real guest programs
# under the jit engine: in_asm shows the ELF entry's block with the instruction objdump sees
# there, out_asm shows x86-64 code, exec has a line for every block when nochain sends every
# block through the dispatcher (and --stats then counts no chained exit), "%d" in FILE is the
# pid, the file is emptied first, a guest's fork and exec each log to their own file, -d help
# and a bad item behave like the other options, and the interpreters say they log nothing.
#
# Run by `make check` (Makefile.am's AM_TESTS_ENVIRONMENT: CROSSRUN, RISCV_CC, top_srcdir) in
# the build directory; skipped without RISCV_CC.
set -u
: "${CROSSRUN:?set CROSSRUN to the crossrun binary}"
: "${top_srcdir:=$(dirname "$0")/..}"
build=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-jitlog.XXXXXX") || exit 99
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

# --- no guest needed ------------------------------------------------------------------
expect "-d help" 0 "$CROSSRUN" -d help
for item in in_asm out_asm exec nochain; do
    grep -q "^  $item  *[a-z]" "$tmp/out" || fail "-d help lists $item"
done
expect "-d help within a list" 0 "$CROSSRUN" --d=exec,help prog
grep -q '^  nochain ' "$tmp/out" || fail "--d=exec,help lists the items"

expect "-d bogus" 2 "$CROSSRUN" -d in_asm,bogus prog
[ "$(sed -n 1p "$tmp/err")" = "crossrun: unknown log item 'bogus' (items: in_asm, out_asm, exec, nochain)" ] ||
    fail "-d bogus: message: $(sed -n 1p "$tmp/err")"
[ "$(sed -n 2p "$tmp/err")" = "Try 'crossrun --help'." ] && [ "$(wc -l <"$tmp/err")" -eq 2 ] ||
    fail "-d bogus: one line and the --help hint, as for every usage error"
[ -s "$tmp/out" ] && fail "-d bogus: nothing on stdout"
expect "CROSSRUN_LOG=bogus" 2 env CROSSRUN_LOG=bogus "$CROSSRUN" prog
expect "-d needs an argument" 2 "$CROSSRUN" -d

if [ -z "${RISCV_CC:-}" ]; then
    echo "SKIP: riscv64 cross compiler missing: guest checks skipped"
    [ "$failed" -eq 0 ] || exit 1
    exit 77
fi

# --- one block, checked against objdump ---------------------------------------------------
"$RISCV_CC" -O2 -static -o "$tmp/hello" "$top_srcdir/tests/guest/hello.c" || exit 99
entry=$(LC_ALL=C readelf -h "$tmp/hello" | sed -n 's/^ *Entry point address: *0x//p')
[ -n "$entry" ] || { echo "cannot read the entry point of $tmp/hello"; exit 99; }
entry16=$(printf '%016x' "0x$entry")

"$CROSSRUN" --engine jit --stats -d in_asm,out_asm,exec,nochain -D "$tmp/log.%d" "$tmp/hello" \
    >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait $pid
status=$?
log=$tmp/log.$pid
[ "$status" -eq 0 ] && pass "hello runs with every item on" || fail "hello: exit $status"
[ "$(cat "$tmp/out")" = "hello, world" ] || fail "the guest's output is unchanged"
grep -v '^crossrun: ' "$tmp/err" | grep -q . && fail "stderr holds only --stats: $(head -3 "$tmp/err")"
if [ -f "$log" ]; then pass "-D FILE: %d is the pid"; else fail "no log file $log: $(ls "$tmp")"; log=/dev/null; fi

grep -q "^IN: 0x$entry16 " "$log" && pass "in_asm: the entry block" || fail "in_asm: no block at 0x$entry16"
first=$(sed -n "/^IN: 0x$entry16 /{n;p;q}" "$log")
enc=$(echo "$first" | sed -n "s/^0x$entry16:  \([0-9a-f]*\)  .*/\1/p")
text=$(echo "$first" | sed -n "s/^0x$entry16:  [0-9a-f]*  *//p")
[ -n "$enc" ] && [ -n "$text" ] || fail "in_asm: first line '$first'"
if command -v riscv64-linux-gnu-objdump >/dev/null; then
    # "   1056c:<TAB>022000ef          <TAB>jal<TAB>ra,1058e <load_gp>"
    want=$(riscv64-linux-gnu-objdump -d -M no-aliases --start-address="0x$entry" \
        --stop-address="$(printf '0x%x' $((0x$entry + 4)))" "$tmp/hello" | grep "^ *$entry:" | head -1)
    want_enc=$(echo "$want" | cut -f2 | tr -d ' ')
    want_text=$(echo "$want" | cut -f3- | sed 's/ <[^>]*>$//')
    [ "$enc" = "$want_enc" ] && pass "in_asm: encoding $enc as objdump" ||
        fail "in_asm: encoding '$enc', objdump '$want_enc'"
    # objdump names compressed instructions (c.mv), the log the instruction they expand to
    if [ ${#enc} -eq 8 ]; then
        [ "$text" = "$want_text" ] && pass "in_asm: '$text' as objdump" ||
            fail "in_asm: '$text', objdump '$want_text'"
    fi
else
    echo "riscv64-linux-gnu-objdump missing: the entry instruction is not compared"
fi

grep -q '^OUT: \[size=[1-9][0-9]*\] ' "$log" && pass "out_asm: blocks" || fail "out_asm: no OUT: record"
grep -q "^  -- 0x$entry16: " "$log" || fail "out_asm: no marker for the entry's first instruction"
if grep -q '^#define HAVE_CAPSTONE 1' "$build/config.h" 2>/dev/null; then
    n=$(grep -cE '^0x[0-9a-f]{16}:  (mov|cmp|jne|jmp|add|lea|call|movabs) ' "$log")
    [ "$n" -gt 10 ] && pass "out_asm: x86-64 mnemonics ($n lines)" || fail "out_asm: $n x86-64 mnemonics"
else
    grep -qE '^0x[0-9a-f]{16}:  ([0-9a-f]{2} ?)+$' "$log" && pass "out_asm: hex bytes (no capstone)" ||
        fail "out_asm: no hex bytes"
fi

blocks=$(grep -c '^IN: ' "$log")
traces=$(grep -cE '^Trace [0-9]+: 0x[0-9a-f]{16} \[[0-9a-f]{16}\]$' "$log")
[ "$blocks" -gt 5 ] && [ "$traces" -ge "$blocks" ] && pass "exec: $traces lines for $blocks blocks" ||
    fail "exec: $traces lines for $blocks blocks"
grep -E '^Trace ' "$log" | head -1 | grep -q "\[$entry16\]$" || fail "exec: the first block run is the entry"
sed -n 's/^IN: 0x\([0-9a-f]*\) .*/\1/p' "$log" | sort -u >"$tmp/in.pcs"
sed -n 's/^Trace .*\[\([0-9a-f]*\)\]$/\1/p' "$log" | sort -u >"$tmp/trace.pcs"
[ -z "$(comm -23 "$tmp/in.pcs" "$tmp/trace.pcs")" ] && pass "exec: every translated block was run" ||
    fail "exec: translated blocks never traced: $(comm -23 "$tmp/in.pcs" "$tmp/trace.pcs" | head -3)"
grep -qx 'crossrun: exits chained: 0' "$tmp/err" && pass "nochain: no exit chained" ||
    fail "nochain: $(grep 'exits chained' "$tmp/err")"

# without nochain exits are chained, and chained blocks run without a Trace line
expect "-d exec, chained" 0 "$CROSSRUN" --engine jit --stats -d exec -D "$tmp/chained" "$tmp/hello"
grep -q '^crossrun: exits chained: [1-9]' "$tmp/err" || fail "chaining is on without nochain"
grep -q '^IN: ' "$tmp/chained" && fail "-d exec alone logs no in_asm"
[ "$(grep -c '^Trace ' "$tmp/chained")" -lt "$traces" ] || fail "chained blocks are not traced"

# -D FILE is emptied first; a relative FILE; CROSSRUN_LOG* and the command line winning
echo "stale text" >"$tmp/fixed"
(cd "$tmp" && "$CROSSRUN" --engine jit -d in_asm -D fixed ./hello >/dev/null 2>&1)
grep -q 'stale text' "$tmp/fixed" && fail "-D FILE is emptied first"
grep -q '^IN: ' "$tmp/fixed" && pass "-D with a relative FILE" || fail "-D fixed: no in_asm"
expect "CROSSRUN_LOG, CROSSRUN_LOG_FILE" 0 env CROSSRUN_LOG=in_asm CROSSRUN_LOG_FILE="$tmp/env" \
    "$CROSSRUN" --engine jit "$tmp/hello"
grep -q '^IN: ' "$tmp/env" || fail "CROSSRUN_LOG=in_asm: no in_asm in CROSSRUN_LOG_FILE"
expect "-d wins over CROSSRUN_LOG" 0 env CROSSRUN_LOG=in_asm CROSSRUN_LOG_FILE="$tmp/env2" \
    "$CROSSRUN" --engine jit -d exec "$tmp/hello"
grep -q '^IN: ' "$tmp/env2" && fail "-d exec replaced CROSSRUN_LOG=in_asm"
grep -q '^Trace ' "$tmp/env2" || fail "-d exec with CROSSRUN_LOG_FILE: no exec lines"
expect "-d to stderr" 0 "$CROSSRUN" --engine jit -d in_asm "$tmp/hello"
grep -q "^IN: 0x$entry16 " "$tmp/err" || fail "without -D the log goes to stderr"

# --- a guest that forks, and whose child execs: one file per process ------------------------
cat >"$tmp/forkexec.c" <<'EOF'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    if (argc > 1) {
        printf("child %s\n", argv[1]);
        return 0;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl(argv[0], argv[0], "after-exec", (char *)0);
        return 127;
    }
    int st;
    waitpid(pid, &st, 0);
    printf("parent saw %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
EOF
"$RISCV_CC" -O2 -static -o "$tmp/forkexec" "$tmp/forkexec.c" || exit 99
fentry16=$(printf '%016x' "$(LC_ALL=C readelf -h "$tmp/forkexec" | sed -n 's/^ *Entry point address: *//p')")
mkdir "$tmp/fe"
"$CROSSRUN" --engine jit -d in_asm,exec -D "$tmp/fe/log.%d" "$tmp/forkexec" >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait $pid
[ "$(cat "$tmp/out")" = "child after-exec
parent saw 0" ] && pass "fork and exec under -d" || fail "fork and exec: $(cat "$tmp/out" "$tmp/err")"
[ "$(ls "$tmp/fe" | wc -l)" -eq 2 ] && pass "a file per process" || fail "files: $(ls "$tmp/fe")"
child=$(ls "$tmp/fe" | grep -vx "log.$pid")
grep -q "^IN: 0x$fentry16 " "$tmp/fe/log.$pid" 2>/dev/null || fail "the parent's file has its entry block"
# the exec'd runner got -d and -D and appended to the file the fork child had started
grep -q "^IN: 0x$fentry16 " "$tmp/fe/$child" 2>/dev/null && pass "the exec'd runner logs too" ||
    fail "the child's file has no entry block after its exec"
[ "$(grep -c "^Trace .*\[$fentry16\]$" "$tmp/fe/$child")" -eq 1 ] ||
    fail "the child's file: the exec'd program's entry traced once"

# --- the interpreters log nothing, and say so once -----------------------------------------
expect "-d under interp" 0 "$CROSSRUN" --engine interp -d in_asm,exec "$tmp/hello"
[ "$(cat "$tmp/err")" = "crossrun: note: -d in_asm,exec applies to the jit engine only (engine interp logs nothing)" ] ||
    fail "-d under interp: $(cat "$tmp/err")"

[ "$failed" -eq 0 ] || exit 1
exit 0
