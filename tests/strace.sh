#!/bin/sh
# strace.sh: `crossrun --strace` prints the guest's system calls as strace does. A small static
# riscv64 program makes calls whose lines hold no addresses, and each expected line must appear
# exactly in the trace; the program's own output and exit status must be untouched by tracing.
# Signals show up as strace shows them (formats taken from strace 6.1 tracing the same calls
# natively): "--- SIG... {siginfo} ---" when one reaches the program, "+++ killed by SIG... +++"
# when one ends it, and lines of other tasks (a forked child, a thread) start with "[pid N] ".
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
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static void on_signal(int sig) { (void)sig; }
static void *thread_main(void *arg) { return arg; }
int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "segv") == 0)
        *(volatile int *)8 = 1;
    if (argc > 1 && strcmp(argv[1], "term") == 0)
        kill(getpid(), SIGTERM);
    if (argc > 1 && strcmp(argv[1], "exec") == 0) {
        pid_t c = fork();
        if (c == 0) {
            char *args[] = { argv[0], "execed", 0 };
            execv(argv[0], args);
            _exit(1);
        }
        waitpid(c, 0, 0);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "execed") == 0)
        return getppid() > 0 ? 4 : 5;
    openat(AT_FDCWD, "/nonexistent/x", O_RDONLY);
    write(1, "hi\n", 3);
    struct timespec ts = { 0, 1000 };
    nanosleep(&ts, 0);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    kill(getpid(), SIGHUP);      /* ignored: the program goes on */
    signal(SIGUSR1, on_signal);
    kill(getpid(), SIGUSR1);
    signal(SIGRTMIN + 2, on_signal);
    union sigval v = { .sival_int = 7 };
    sigqueue(getpid(), SIGRTMIN + 2, v);
    signal(SIGCHLD, on_signal);
    pid_t child = fork();
    if (child == 0)
        _exit(3);
    waitpid(child, 0, 0);
    pthread_t t;
    pthread_create(&t, 0, thread_main, 0);
    pthread_join(t, 0);
    return 7;
}
PROG
"$RISCV_CC" -O1 -static -pthread -o "$dir/prog" "$dir/prog.c" || { echo "FAIL: cannot build the guest program"; exit 1; }

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
# Extended regular expressions, one per line, each matching a whole trace line. Signal lines
# follow the call that sent the signal, as the kernel delivers on the way back from it.
while IFS= read -r re; do
    if ! grep -Eq -- "^$re\$" "$dir/err"; then
        echo "FAIL: no trace line matches: $re"
        fail=1
    fi
done <<'EXPECTED'
kill\([0-9]+, SIGHUP\) = 0
--- SIGHUP \{si_signo=SIGHUP, si_code=SI_USER, si_pid=[0-9]+, si_uid=[0-9]+\} ---
--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=[0-9]+, si_uid=[0-9]+\} ---
--- SIGRT_4 \{si_signo=SIGRT_4, si_code=SI_QUEUE, si_pid=[0-9]+, si_uid=[0-9]+, si_int=7, si_ptr=0x7\} ---
\[pid +[0-9]+\] exit_group\(3\) = \?
\[pid +[0-9]+\] \+\+\+ exited with 3 \+\+\+
--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=[0-9]+, si_uid=[0-9]+, si_status=3, si_utime=[0-9]+, si_stime=[0-9]+\} ---
\[pid +[0-9]+\] exit\(0\) = \?
\[pid +[0-9]+\] \+\+\+ exited with 0 \+\+\+
EXPECTED
for sig in SIGHUP SIGUSR1; do
    if ! grep -A1 -E "^kill\([0-9]+, $sig\) = 0\$" "$dir/err" | tail -n 1 | grep -q "^--- $sig "; then
        echo "FAIL: the $sig line does not follow the kill() that sent it"
        fail=1
    fi
done

# A forked child that execs: the new program's lines keep the child's "[pid N] " prefix.
"$CROSSRUN" --strace "$dir/prog" exec > /dev/null 2> "$dir/err-exec"
status=$?
if [ "$status" -ne 0 ]; then
    echo "FAIL: exec: exit status $status, expected 0"
    fail=1
fi
while IFS= read -r re; do
    if ! grep -Eq -- "^$re\$" "$dir/err-exec"; then
        echo "FAIL: exec: no trace line matches: $re"
        cat "$dir/err-exec"
        fail=1
    fi
done <<'EXPECTED'
\[pid +[0-9]+\] execve\(".*/prog", \[".*/prog", "execed"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/ <unfinished \.\.\.>
\[pid +[0-9]+\] getppid\(\) = [0-9]+
\[pid +[0-9]+\] exit_group\(4\) = \?
\[pid +[0-9]+\] \+\+\+ exited with 4 \+\+\+
EXPECTED

# Deaths: a fault and a signal the program sends itself, each reported as strace does, with
# the wait status of that signal. (Run in the background so that the shell does not add its
# own "Segmentation fault" report to the trace file.)
"$CROSSRUN" --strace "$dir/prog" segv > /dev/null 2> "$dir/err-segv" &
wait $!
status=$?
if [ "$status" -ne 139 ]; then
    echo "FAIL: segv: exit status $status, expected 139 (SIGSEGV)"
    fail=1
fi
if ! tail -n 2 "$dir/err-segv" | head -n 1 | grep -Fxq -- '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8} ---' ||
   ! tail -n 1 "$dir/err-segv" | grep -Fxq -- '+++ killed by SIGSEGV +++'; then
    echo "FAIL: segv: the trace does not end with the SIGSEGV and killed-by lines:"
    tail -n 3 "$dir/err-segv"
    fail=1
fi
"$CROSSRUN" --strace "$dir/prog" term > /dev/null 2> "$dir/err-term" &
wait $!
status=$?
if [ "$status" -ne 143 ]; then
    echo "FAIL: term: exit status $status, expected 143 (SIGTERM)"
    fail=1
fi
if ! tail -n 3 "$dir/err-term" | head -n 1 | grep -Eq '^kill\([0-9]+, SIGTERM\) = 0$' ||
   ! tail -n 2 "$dir/err-term" | head -n 1 | grep -Eq '^--- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=[0-9]+, si_uid=[0-9]+\} ---$' ||
   ! tail -n 1 "$dir/err-term" | grep -Fxq -- '+++ killed by SIGTERM +++'; then
    echo "FAIL: term: the trace does not end with kill, the SIGTERM line and killed-by:"
    tail -n 3 "$dir/err-term"
    fail=1
fi
if [ "$fail" -ne 0 ]; then
    echo "--- trace:"
    cat "$dir/err"
    exit 1
fi
echo "PASS: --strace lines as strace prints them"
