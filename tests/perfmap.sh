#!/bin/sh
# tests/perfmap.sh - --perfmap: the jit engine writes /tmp/perf-PID.map, one "START SIZE name"
# line (hex without 0x) per translation, named after the guest function. A riscv64 program with
# a hot, non-inlined function runs dynamically (hot_function and libc's functions named, the
# host ranges disjoint), stripped and static (no symbols: "guest:0xPC [file]"), across fork (the
# child's own file, starting with the lines it inherited), across execve (same pid: the file is
# made afresh and --perfmap is passed on), with code in anonymous memory where a file was mapped
# (not named after the file), from CROSSRUN_PERFMAP=1, and under the interpreter (a note, no
# file). Then, when perf may record here, perf report must name hot_function.
# Every map file a run made is removed at the end.
set -u
: "${CROSSRUN:?set CROSSRUN to the crossrun binary}" "${RISCV_CC:=}"
sysroot=${RISCV_SYSROOT:-/usr/riscv64-linux-gnu}
if [ -z "$RISCV_CC" ] || ! command -v "$RISCV_CC" >/dev/null 2>&1; then
    echo "SKIP: no riscv64 cross compiler"
    exit 77
fi
# The map lists translations; functions this test looks for run once, so blocks are translated
# on their first run, not once hot (translate/jit/interpret.c).
export CROSSRUN_JIT_HOT=1
dir=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-perfmap.XXXXXX") || exit 99
made=""   # map files of the runs, removed at exit
trap 'rm -rf "$dir"; for m in $made; do rm -f "$m"; done' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
pass() { echo "ok: $*"; }

cat > "$dir/prog.c" <<'PROG'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
__attribute__((noinline)) unsigned long hot_function(unsigned long n)
{
    unsigned long h = 1469598103934665603UL;
    for (unsigned long i = 0; i < n; i++) {
        h ^= i;
        h *= 1099511628211UL;
    }
    return h;
}
__attribute__((noinline)) unsigned long child_only_function(unsigned long x)
{
    return x * 7 + hot_function(10);
}
__attribute__((noinline)) unsigned long after_exec_function(unsigned long x)
{
    return x / 3 + hot_function(10);
}
static char buf[65536], copy[65536];
/* Runs "addi a0, a0, 1; ret" written at p (a page mapped writable and executable). */
static int run_code_at(unsigned char *p, int x)
{
    static const unsigned insns[] = { 0x00150513, 0x00008067 };
    memcpy(p, insns, sizeof insns);
    __builtin___clear_cache((char *)p, (char *)p + sizeof insns);
    return ((int (*)(int))(void *)p)(x);
}
/* Code in anonymous memory where a file was mapped when the runner last read its maps: the
 * line must not name that file. */
static int jit_where_a_file_was(const char *path)
{
    int fd = open(path, O_RDONLY);
    unsigned char *file = mmap(0, 16384, PROT_READ, MAP_PRIVATE, fd, 0);
    unsigned char *other = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fd < 0 || file == MAP_FAILED || other == MAP_FAILED)
        return 1;
    int r = run_code_at(other, 1);  /* code named while the file is mapped */
    munmap(file, 16384);
    unsigned char *p = mmap(file, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p != file)
        return 1;
    r += run_code_at(p, 2);
    printf("jit %lx %d\n", (unsigned long)p, r);
    return 0;
}
int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "hot";
    unsigned long n = argc > 2 ? strtoul(argv[2], 0, 0) : 100000;
    printf("pid %d\n", (int)getpid());
    fflush(stdout);
    if (strcmp(mode, "fork") == 0) {
        unsigned long r = hot_function(n);
        pid_t c = fork();
        if (c == 0) {
            printf("child %d %lu\n", (int)getpid(), child_only_function(r));
            return 0;
        }
        waitpid(c, 0, 0);
        return 0;
    }
    if (strcmp(mode, "exec") == 0) {
        execl(argv[0], argv[0], "after-exec", (char *)0);
        return 1;
    }
    if (strcmp(mode, "jit") == 0)
        return jit_where_a_file_was(argv[0]);
    if (strcmp(mode, "after-exec") == 0) {
        printf("%lu\n", after_exec_function(n));
        return 0;
    }
    memset(buf, 'x', sizeof buf);
    memcpy(copy, buf, sizeof buf);
    printf("%lu %c\n", hot_function(n), copy[100]);
    return 0;
}
PROG
"$RISCV_CC" -O2 -o "$dir/prog" "$dir/prog.c" || { echo "cannot build the guest program"; exit 99; }
"$RISCV_CC" -O2 -static -s -o "$dir/prog-stripped" "$dir/prog.c" || exit 99

# run NAME ARGS...: runs crossrun, stdout/stderr to $dir/NAME.out/.err; sets pid (the guest's
# first "pid N" line) and map, and remembers the map file for removal.
run() {
    name=$1; shift
    "$@" >"$dir/$name.out" 2>"$dir/$name.err"
    status=$?
    [ "$status" -eq 0 ] || fail "$name: exit status $status"
    pid=$(sed -n 's/^pid //p' "$dir/$name.out" | head -n 1)
    map=/tmp/perf-$pid.map
    made="$made $map"
}

# well_formed NAME FILE: the file exists, every line is "HEX HEX name" without 0x, and no two
# host ranges overlap (the runs below are too short to fill code memory and reuse addresses).
well_formed() {
    if [ ! -s "$2" ]; then fail "$1: no map file $2"; return; fi
    bad=$(grep -cvE '^[0-9a-f]+ [0-9a-f]+ [^ ].*$' "$2")
    [ "$bad" -eq 0 ] || { fail "$1: $bad malformed lines"; grep -vE '^[0-9a-f]+ [0-9a-f]+ [^ ]' "$2" | head -3; }
    grep -qE '^0x| 0x[0-9a-f]+ ' "$2" && fail "$1: hex written with 0x"
    # pad the starts for a textual sort, then compare each start with the end before it
    overlaps=$(awk '{ printf "%s%s %s\n", substr("0000000000000000", 1, 16 - length($1)), $1, $2 }' "$2" |
        sort | awk '
        function hex(s,   i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
        { s = hex($1); e = s + hex($2); if (NR > 1 && s < end) n++; if (e > end) end = e }
        END { print n + 0 }')
    [ "$overlaps" -eq 0 ] && pass "$1: map well formed, ranges disjoint" || fail "$1: $overlaps overlapping ranges"
}

# --- dynamic: the program's function and libc's, by name ----------------------------------
run dynamic "$CROSSRUN" --engine jit --perfmap -L "$sysroot" "$dir/prog" hot 100000
well_formed dynamic "$map"
grep -qE '^[0-9a-f]+ [0-9a-f]+ hot_function\+0x[0-9a-f]+ \[prog\]$' "$map" &&
    pass "dynamic: hot_function named" || fail "dynamic: no hot_function+0x... [prog] line"
grep -qE ' (printf|memcpy|memset|puts|fflush)\+0x[0-9a-f]+ \[libc\.so\.6\]$' "$map" &&
    pass "dynamic: libc functions named" || fail "dynamic: no libc function line"
grep -q ' main+0x0 \[prog\]$' "$map" && pass "dynamic: main+0x0" || fail "dynamic: no main+0x0"

# --- stripped static program: no symbols, every line still names the address and the file ----
run stripped "$CROSSRUN" --engine jit --perfmap "$dir/prog-stripped" hot 1000
well_formed stripped "$map"
if grep -q 'hot_function' "$map"; then
    fail "stripped: a symbol name from a stripped file"
elif grep -qE ' guest:0x[0-9a-f]+ \[prog-stripped\]$' "$map"; then
    pass "stripped: guest:0xPC [prog-stripped]"
else
    fail "stripped: no guest:0xPC [prog-stripped] line"
fi

# --- fork: the child's own file, with the parent's lines first ------------------------------
run fork "$CROSSRUN" --engine jit --perfmap -L "$sysroot" "$dir/prog" fork 1000
parent_map=$map
child=$(sed -n 's/^child \([0-9]*\) .*/\1/p' "$dir/fork.out")
child_map=/tmp/perf-$child.map
made="$made $child_map"
well_formed "fork child" "$child_map"
grep -q ' child_only_function+0x' "$child_map" && pass "fork: the child's own translations" ||
    fail "fork: no child_only_function in $child_map"
grep -q ' child_only_function+0x' "$parent_map" && fail "fork: the child's lines in the parent's file"
grep -q ' hot_function+0x' "$child_map" && pass "fork: the child's file has the inherited lines" ||
    fail "fork: no inherited hot_function line in the child's file"
[ "$(head -n 1 "$child_map")" = "$(head -n 1 "$parent_map")" ] ||
    fail "fork: the child's file does not start with the parent's lines"

# --- execve: same pid, a new file, --perfmap passed on ----------------------------------------
run exec "$CROSSRUN" --engine jit --perfmap -L "$sysroot" "$dir/prog" exec
[ "$(grep -c '^pid ' "$dir/exec.out")" -eq 2 ] || fail "exec: the program did not run twice"
grep -q ' after_exec_function+0x' "$map" && pass "exec: the exec'd runner wrote the map" ||
    fail "exec: no after_exec_function line in $map"
[ "$(grep -c ' main+0x0 \[prog\]$' "$map")" -eq 1 ] && pass "exec: the file was made afresh" ||
    fail "exec: main+0x0 appears $(grep -c ' main+0x0 ' "$map") times"

# --- code in anonymous memory where the program's file was mapped: no file named ----------
run jit "$CROSSRUN" --engine jit --perfmap -L "$sysroot" "$dir/prog" jit
addr=$(sed -n 's/^jit \([0-9a-f]*\) 5$/\1/p' "$dir/jit.out")
if [ -z "$addr" ]; then
    fail "jit: the program did not run its code"
elif grep -q " guest:0x$addr\$" "$map"; then
    pass "jit: anonymous code named guest:0x$addr"
else
    fail "jit: the line for 0x$addr: $(grep "guest:0x$addr" "$map")"
fi

# --- CROSSRUN_PERFMAP=1, and the interpreter's note --------------------------------------------
run env env CROSSRUN_PERFMAP=1 "$CROSSRUN" --engine jit -L "$sysroot" "$dir/prog" hot 1000
grep -q ' hot_function+0x' "$map" && pass "CROSSRUN_PERFMAP=1" || fail "CROSSRUN_PERFMAP=1: no map"
run interp "$CROSSRUN" --engine interp --perfmap -L "$sysroot" "$dir/prog" hot 1000
grep -q '^crossrun: note: --perfmap applies to the jit engine only' "$dir/interp.err" &&
    pass "interp: the note" || fail "interp: no note on stderr"
[ "$(wc -l <"$dir/interp.err")" -eq 1 ] || fail "interp: more than the note on stderr"
[ -e "$map" ] && fail "interp: a map file was written"

# --- perf record + perf report (needs perf, and permission to record this process) -----------
if ! command -v perf >/dev/null 2>&1; then
    echo "skip: perf report check (no perf: the Debian package linux-perf)"
elif ! perf record -q -e cpu-clock -o "$dir/probe.data" true >/dev/null 2>&1; then
    echo "skip: perf report check (perf may not record here: kernel.perf_event_paranoid, seccomp)"
else
    perf record -q -e cpu-clock -o "$dir/perf.data" "$CROSSRUN" --engine jit --perfmap -L "$sysroot" \
        "$dir/prog" hot 200000000 >"$dir/perf.out" 2>"$dir/perf.err"
    pid=$(sed -n 's/^pid //p' "$dir/perf.out" | head -n 1)
    made="$made /tmp/perf-$pid.map"
    perf report -i "$dir/perf.data" --stdio --sort dso,sym 2>/dev/null | grep -v '^#' >"$dir/report"
    if grep -q 'hot_function+0x[0-9a-f]* \[prog\]' "$dir/report"; then
        pass "perf report names hot_function"
    elif grep -q 'memfd:' "$dir/report"; then
        # perf reads perf-PID.map only for anonymous memory (//anon, /dev/zero...), not memfd
        echo "skip: perf report check (translated code lives in a memfd mapping, for which perf" \
            "does not read /tmp/perf-PID.map)"
    else
        fail "perf report does not name hot_function"
        head -5 "$dir/report"
    fi
fi

echo "$failed failed"
[ "$failed" -eq 0 ]
