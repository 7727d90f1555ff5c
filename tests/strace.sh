#!/bin/sh
# strace.sh: `crossrun --strace` prints the guest's system calls as strace does. A small static
# riscv64 program makes calls whose lines hold no addresses, and each expected line must appear
# exactly in the trace; the program's own output and exit status must be untouched by tracing.
set -u
: "${CROSSRUN:?}" "${RISCV_CC:=}"
if [ -z "$RISCV_CC" ] || ! command -v "$RISCV_CC" >/dev/null 2>&1; then
    echo "SKIP: no riscv64 cross compiler"
    exit 77
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-strace.XXXXXX")
trap 'rm -rf "$dir"' EXIT

cat > "$dir/prog.c" <<'PROG'
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
int main(void)
{
    openat(AT_FDCWD, "/nonexistent/x", O_RDONLY);
    write(1, "hi\n", 3);
    struct timespec ts = { 0, 1000 };
    nanosleep(&ts, 0);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    kill(getpid(), SIGHUP);      /* ignored: the program goes on */
    return 7;
}
PROG
"$RISCV_CC" -O1 -static -o "$dir/prog" "$dir/prog.c" || { echo "FAIL: cannot build the guest program"; exit 1; }

"$CROSSRUN" --strace "$dir/prog" > "$dir/out" 2> "$dir/err"
status=$?
fail=0
if [ "$status" -ne 7 ]; then
    echo "FAIL: exit status $status, expected 7"
    fail=1
fi
if [ "$(cat "$dir/out")" != "hi" ]; then
    echo "FAIL: stdout was: $(cat "$dir/out")"
    fail=1
fi
while IFS= read -r line; do
    if ! grep -Fxq -- "$line" "$dir/err"; then
        echo "FAIL: missing trace line: $line"
        fail=1
    fi
done <<'EXPECTED'
openat(AT_FDCWD, "/nonexistent/x", O_RDONLY) = -1 ENOENT (No such file or directory)
write(1, "hi\n", 3) = 3
clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000}, NULL) = 0
rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[PIPE], sa_flags=SA_RESTART}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0
exit_group(7) = ?
+++ exited with 7 +++
EXPECTED
if ! grep -Eq '^kill\([0-9]+, SIGHUP\) = 0$' "$dir/err"; then
    echo "FAIL: missing trace line: kill(<pid>, SIGHUP) = 0"
    fail=1
fi
if [ "$fail" -ne 0 ]; then
    echo "--- trace:"
    cat "$dir/err"
    exit 1
fi
echo "PASS: --strace lines as strace prints them"
