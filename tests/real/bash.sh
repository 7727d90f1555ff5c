#!/bin/sh
# bash.sh: Debian's riscv64 bash under crossrun against the host's /bin/bash, on the same scripts.
#  - tests/real/bash/*.bash (the language, traps and signals, jobs and wait, ulimit, a configure-style
#    script running riscv64 programs from the root) run in an empty directory each; stdout and exit
#    status must equal the host bash's. The host's output is compared with "x86_64" read as "riscv64",
#    since a script that prints the machine must see riscv64 everywhere under crossrun: every program
#    bash starts (uname, #! scripts, od reading /proc/self/exe) is a riscv64 one run by crossrun.
#  - tests/real/bash/job_control.pty is typed into `bash -i` on a new pseudo-terminal by tests/pty-run
#    (interactive job control: ^Z, ^C, fg, bg, SIGTTIN, SIGTTOU, and SIGWINCH on a resize); the
#    transcripts must be equal with job process ids masked, and the guest's must hold key results.
# The riscv64 root (bash, coreutils, sed, grep) is fetched once into its own cache directory.
# Environment (besides common.sh's): CROSSRUN_BASH_ROOT (the root), HOST_BASH (default /bin/bash),
# PTY_RUN (default tests/pty-run in the build directory).
own_root=1
. "$(dirname "$0")/common.sh"
need_root "${CROSSRUN_BASH_ROOT:-$(dirname "$root")/rv64-bash}" bash coreutils sed grep

scripts=${srcdir:-.}/tests/real/bash
host_bash=${HOST_BASH:-/bin/bash}
pty_run=${PTY_RUN:-$(pwd)/tests/pty-run}
if [ ! -x "$host_bash" ]; then
    echo "SKIP: no host bash at $host_bash to compare with (set HOST_BASH)"
    rm -rf "$work"
    exit 77
fi
case $scripts in /*) ;; *) scripts=$(pwd)/$scripts ;; esac

# Both shells get the same small environment; the guest's PATH names the root's programs (crossrun
# looks them up in the root first).
clean_env() {
    env -i PATH=/usr/bin:/bin HOME="$work" LC_ALL=C TZ=UTC TERM=dumb PS1='<ps1>' "$@"
}
gbash() {
    clean_env timeout -k 5 "$timeout_s" "$runner" ${CROSSRUN_FLAGS:-} -L "$root" "$root/usr/bin/bash" "$@"
}
hbash() {
    clean_env timeout -k 5 "$timeout_s" "$host_bash" "$@"
}

probe=$(cd "$work" && gbash -c 'echo "$BASH_VERSION $HOSTTYPE"' 2>&1)
echo "guest bash: $probe; host bash: $("$host_bash" -c 'echo "$BASH_VERSION $HOSTTYPE"')"

for script in "$scripts"/*.bash; do
    name=$(basename "$script" .bash)
    mkdir -p "$work/host/$name" "$work/guest/$name"
    (cd "$work/host/$name" && hbash "$script") > "$work/host.raw" 2>/dev/null
    hs=$?
    sed 's/x86_64/riscv64/g' "$work/host.raw" > "$work/host.out"
    start=$(date +%s%N)
    (cd "$work/guest/$name" && gbash "$script") > "$work/guest.out" 2> "$work/guest.err"
    gs=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    compare_files "$name.bash ($(wc -l < "$work/host.out") lines; guest ${ms} ms)" \
        "$work/host.out" "$work/guest.out" $hs $gs
done

# Interactive job control on a pseudo-terminal.
if [ ! -x "$pty_run" ]; then
    echo "FAIL: no pty helper at $pty_run (make check builds tests/pty-run; or set PTY_RUN)"
    exit 1
fi
mask_pids='s/^\[\([0-9]*\)\] [0-9][0-9]*$/[\1] PID/'
pty_timeout=$((timeout_s * 2))
(cd "$work" && clean_env "$pty_run" "$scripts/job_control.pty" $pty_timeout \
    "$host_bash" --norc --noprofile -i) > "$work/host.raw"
hs=$?
(cd "$work" && clean_env "$pty_run" "$scripts/job_control.pty" $pty_timeout \
    "$runner" ${CROSSRUN_FLAGS:-} -L "$root" "$root/usr/bin/bash" --norc --noprofile -i) \
    > "$work/guest.raw" 2> "$work/guest.err"
gs=$?
sed "$mask_pids" "$work/host.raw" > "$work/host.out"
sed "$mask_pids" "$work/guest.raw" > "$work/guest.out"
[ "$hs" = 3 ] && { echo "note: the host bash timed out under pty-run:"; tail -n 5 "$work/host.out"; }
compare_files "job control in a pty (bash -i)" "$work/host.out" "$work/guest.out" $hs $gs
# The comparison alone would pass if both shells went wrong the same way: check what must be there.
for want in 'r-1 killed 143' 'r-2 stopped 148' 'got-hello' 'r-4 fg 5' 'r-5 after-int 130' \
        'read-typed' 'bg-out' 'r-6 0' '[1]+  Stopped                 ( echo bg-out )' \
        'r-7 24 200 200' 'winch-8 30 120' 'r-9 30 120'; do
    if ! grep -qxF "$want" "$work/guest.out"; then
        echo "FAIL job control: the guest transcript lacks the line '$want'"
        failed=1
    fi
done
[ "$gs" = 6 ] || { echo "FAIL job control: bash -i exited $gs, not 6 (exit 6)"; failed=1; }

finish
