# tests/real/common.sh: shared by the tests/real/*.sh tests, which run real Debian riscv64 programs
# (busybox-static, and coreutils, which is dynamic) under crossrun and compare their output with what the
# host's programs print for the same command on the same files.
#
# The riscv64 root is fetched once with fetch-riscv64-debs into $CROSSRUN_DEB_CACHE (default
# ~/.cache/crossrun/rv64root) and reused; without network and without a cached root the tests skip.
# Environment: CROSSRUN (set by `make check`), GUEST_RUNNER (another runner, only for developing these
# tests), CROSSRUN_FLAGS, FETCH_RISCV64_DEBS (path of the fetch script), GUEST_TIMEOUT (seconds per run),
# GUEST_KEEP (keep tests/real/NAME.out on success).
set -u
LC_ALL=C
export LC_ALL
TZ=UTC
export TZ

test_name=$(basename "$0" .sh)
root=${CROSSRUN_DEB_CACHE:-${HOME:-/tmp}/.cache/crossrun/rv64root}
fetch_debs=${FETCH_RISCV64_DEBS:-${srcdir:-.}/scripts/fetch-riscv64-debs}
# absolute: the fetch runs after a cd, and configure may have been given a relative path
case $fetch_debs in /*) ;; *) fetch_debs=$(pwd)/$fetch_debs ;; esac
runner=${GUEST_RUNNER:-${CROSSRUN:-./crossrun}}
timeout_s=${GUEST_TIMEOUT:-60}
failed=0

if ! command -v "$runner" >/dev/null 2>&1; then
    echo "ERROR: runner '$runner' not found (build crossrun first)"
    exit 99
fi
case $runner in */*) runner=$(cd "$(dirname "$runner")" && pwd)/$(basename "$runner") ;; esac

# need_root DIR PKG...: makes DIR (set as $root) a riscv64 root holding PKG... and their dependencies,
# fetched once under a lock (tests run in parallel) and recorded in DIR/.crossrun-packages, so a fetch
# that stopped half-way is redone; skips the test (77) when the packages cannot be fetched.
# A test that calls it sets own_root=1 before sourcing this file, which skips the default root below.
need_root() {
    root=$1
    shift
    stamp=$root/.crossrun-packages
    mkdir -p "$(dirname "$root")" || exit 99
    if ! flock "$root.lock" sh -c 'stamp=$1 fetch=$2 root=$3; shift 3
            missing=; for p; do grep -qx "$p" "$stamp" 2>/dev/null || missing="$missing $p"; done
            [ -z "$missing" ] && exit 0
            [ -x "$fetch" ] || { echo "no fetch script at $fetch (set FETCH_RISCV64_DEBS)"; exit 1; }
            echo "fetching$missing for riscv64 into $root"
            cd / && "$fetch" "$root" $missing && printf "%s\n" $missing >> "$stamp"' \
            sh "$stamp" "$fetch_debs" "$root" "$@"; then
        echo "SKIP: could not fetch riscv64 Debian packages ($*) into $root (offline?)"
        [ -n "${work:-}" ] && rm -rf "$work"
        exit 77
    fi
    echo "runner: $runner ${CROSSRUN_FLAGS:-}; riscv64 root: $root ($(du -sh "$root" 2>/dev/null | cut -f1))"
}

# The root must hold both packages; fetch them once, one test at a time (tests run in parallel).
have_root() { [ -x "$root/usr/bin/busybox" ] && [ -x "$root/usr/bin/ls" ] && [ -x "$root/usr/bin/sha256sum" ]; }
if [ -n "${own_root:-}" ]; then
    : # the test calls need_root itself
elif ! have_root; then
    if [ ! -x "$fetch_debs" ]; then
        echo "SKIP: no riscv64 root at $root and no fetch script at $fetch_debs (set FETCH_RISCV64_DEBS)"
        exit 77
    fi
    mkdir -p "$(dirname "$root")"
    echo "fetching busybox-static and coreutils for riscv64 into $root"
    if ! flock "$root.lock" sh -c 'cd / && { [ -x "$1/usr/bin/busybox" ] && [ -x "$1/usr/bin/ls" ] &&
            [ -x "$1/usr/bin/sha256sum" ]; } || "$2" "$1" busybox-static coreutils' sh "$root" "$fetch_debs" ||
        ! have_root; then
        echo "SKIP: could not fetch riscv64 Debian packages into $root (offline?)"
        exit 77
    fi
fi
[ -n "${own_root:-}" ] || echo "runner: $runner ${CROSSRUN_FLAGS:-}; riscv64 root: $root"

# Scratch space in the build directory, removed when the test passes.
work=$(pwd)/tests/real/$test_name.out
rm -rf "$work"
mkdir -p "$work" || exit 99

# bb APPLET ARGS...: the static busybox under the runner; cu PROG ARGS...: a dynamic coreutils program.
bb() { timeout -k 5 "$timeout_s" "$runner" ${CROSSRUN_FLAGS:-} "$root/usr/bin/busybox" "$@"; }
cu() {
    p=$1
    shift
    timeout -k 5 "$timeout_s" "$runner" ${CROSSRUN_FLAGS:-} -L "$root" "$root/usr/bin/$p" "$@"
}

# same LABEL HOST-COMMAND... -- GUEST-COMMAND...: runs both in $work, compares stdout and exit status.
# The guest command is usually bb or cu; the guest's stderr is shown on a mismatch.
same() {
    label=$1
    shift
    run_pair "$@"
    compare_files "$label" "$work/host.out" "$work/guest.out" "$hs" "$gs"
}

# filtered FILTER LABEL HOST-COMMAND... -- GUEST-COMMAND...: like same, but both outputs go through the
# shell command FILTER first (sort, for output whose order is unspecified; squeeze, for column padding).
filtered() {
    filter=$1 label=$2
    shift 2
    run_pair "$@"
    sh -c "$filter" < "$work/host.out" > "$work/host.filtered"
    sh -c "$filter" < "$work/guest.out" > "$work/guest.filtered"
    compare_files "$label" "$work/host.filtered" "$work/guest.filtered" "$hs" "$gs"
}

# run_pair HOST-COMMAND... -- GUEST-COMMAND...: sets hs and gs to the exit statuses.
run_pair() {
    hostcmd=
    while [ "$1" != -- ]; do
        hostcmd="$hostcmd '$(printf '%s' "$1" | sed "s/'/'\\\\''/g")'"
        shift
    done
    shift
    (cd "$work" && eval "$hostcmd") > "$work/host.out" 2>/dev/null
    hs=$?
    (cd "$work" && "$@") > "$work/guest.out" 2> "$work/guest.err"
    gs=$?
}

# compare_files LABEL EXPECTED ACTUAL [EXPECTED-STATUS ACTUAL-STATUS]
compare_files() {
    if cmp -s "$2" "$3" && [ "${4:-0}" = "${5:-0}" ]; then
        echo "PASS $1"
        return 0
    fi
    echo "FAIL $1: exit status host ${4:-0}, guest ${5:-0}; diff (- host, + guest):"
    diff -u "$2" "$3" | head -n 40
    if [ -s "$work/guest.err" ]; then
        echo "guest stderr:"
        head -n 20 "$work/guest.err"
    fi
    [ "${5:-0}" = 124 ] && echo "(guest timed out after ${timeout_s}s)"
    failed=1
    return 1
}

# a FILTER for output that differs only in column padding between busybox and GNU
squeeze='sed "s/^[ \t]*//; s/[ \t][ \t]*/ /g; s/ *\$//"'

finish() {
    [ $failed -eq 0 ] && [ -z "${GUEST_KEEP:-}" ] && rm -rf "$work"
    exit $failed
}

# make_tree DIR: a small deterministic tree: nested directories, empty and binary files, a symlink,
# names with spaces, fixed modes and times.
make_tree() {
    d=$1
    mkdir -p "$d/sub/deeper" "$d/empty dir" "$d/other"
    printf 'hello\n' > "$d/hello.txt"
    printf '' > "$d/empty"
    seq 1 5000 > "$d/sub/numbers"
    awk 'BEGIN { for (i = 0; i < 3000; i++) printf "%c", (i * 7 + 3) % 256 }' > "$d/sub/binary.bin"
    printf 'with space\n' > "$d/sub/deeper/file with space"
    printf '#!/bin/sh\necho run\n' > "$d/other/script.sh"
    ln -s ../hello.txt "$d/other/link"
    chmod 0755 "$d/other/script.sh"
    chmod 0600 "$d/sub/binary.bin"
    chmod 0700 "$d/sub/deeper"
    find "$d" -exec touch -h -d '2021-03-04 05:06:07' {} +
}
