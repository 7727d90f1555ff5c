# common.sh: shared setup for tests/projects/*.sh, the "make check-projects" suites. Each project script
# fetches a Debian source package, builds it twice (natively and cross for riscv64 with
# riscv64-linux-gnu-gcc), runs the project's own tests on both (the cross build under the runner) and
# compares the sets of passing tests: a test that passes natively and fails under crossrun is a crossrun
# bug. Sourced, not run. Environment:
#   CROSSRUN        crossrun binary to test (default: ./crossrun of the build directory)
#   SYSROOT         riscv64 sysroot (default /usr/riscv64-linux-gnu), given as CROSSRUN_LD_PREFIX
#   PROJECTS_CACHE  where .dsc/.orig tarballs are kept (default ~/.cache/crossrun/projects)
#   PROJECTS_WORK   build trees (default ./projects-work)
#   PROJECTS_RUNNER crossrun (default) or qemu: qemu-riscv64-static instead, for timing comparisons
#   PROJECTS_BINFMT 1 when run.sh --binfmt registered the runner in a private binfmt_misc: the
#                   scripts then run the projects' complete suites (make check, ctest, meson test)
#   PROJECTS_KEEP   1: reuse the source trees and builds an earlier run left (for timing the same
#                   builds under another runner; builds dominate the total time)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
CROSSRUN=$(realpath "${CROSSRUN:-./crossrun}")
SYSROOT=${SYSROOT:-/usr/riscv64-linux-gnu}
cache=${PROJECTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/crossrun/projects}
work=$(realpath -m "${PROJECTS_WORK:-./projects-work}")
binfmt=${PROJECTS_BINFMT:-0}
keep=${PROJECTS_KEEP:-0}
mkdir -p "$cache" "$work/bin"
for tool in riscv64-linux-gnu-gcc dpkg-source apt-get; do
    command -v $tool > /dev/null || { echo "SKIP: $tool missing"; exit 77; }
done
[ -x "$CROSSRUN" ] || { echo "no crossrun at $CROSSRUN" >&2; exit 99; }

# The recipes of doc/cross-testing.md name the runner as plain `crossrun` (found in PATH, sysroot
# from the default or CROSSRUN_LD_PREFIX); $work/bin/crossrun is the crossrun under test, so the
# scripts run those recipes word for word. PROJECTS_RUNNER=qemu swaps in qemu-riscv64-static
# (sysroot from QEMU_LD_PREFIX) for a timing comparison only.
# (replaced only when it differs: ln -sf leaves a moment without it, for a concurrent run to trip on)
[ "$(readlink "$work/bin/crossrun")" = "$CROSSRUN" ] || ln -sf "$CROSSRUN" "$work/bin/crossrun"
PATH=$work/bin:$PATH
export PATH CROSSRUN_LD_PREFIX="$SYSROOT" QEMU_LD_PREFIX="$SYSROOT"
case ${PROJECTS_RUNNER:-crossrun} in
crossrun) runner=crossrun ;;
qemu) runner=qemu-riscv64-static
    command -v $runner > /dev/null || { echo "SKIP: $runner missing"; exit 77; } ;;
*) echo "PROJECTS_RUNNER must be crossrun or qemu" >&2; exit 99 ;;
esac

# fetch_source PKG: extract Debian's source of PKG (current stable) into $work/PKG-src, downloading
# the .dsc and tarballs into the cache once. A private apt state: the host's apt config is not touched.
fetch_source() {
    st="$cache/.apt"
    mkdir -p "$st/lists/partial" "$st/archives/partial"
    [ -e "$st/status" ] || : > "$st/status"
    cat > "$st/src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: stable
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    aptsrc() {
        apt-get -q -o Dir::Etc::SourceList="$st/src.sources" -o Dir::Etc::SourceParts=/dev/null \
            -o Dir::State::Lists="$st/lists" -o Dir::State::status="$st/status" -o Dir::Cache="$st" \
            -o Debug::NoLocking=1 "$@"
    }
    # The fallback below needs both tarballs; a mirror may lack the .dsc alone (apt-get source then
    # fails but keeps the tarballs it fetched, each checked against the signed Sources index).
    if ! ls "$cache/$1"_*.dsc > /dev/null 2>&1 &&
        ! { ls "$cache/$1"_*.orig.tar.* && ls "$cache/$1"_*.debian.tar.*; } > /dev/null 2>&1; then
        [ -n "$(find "$st/lists" -name '*Sources*' 2>/dev/null | head -n1)" ] || aptsrc update > /dev/null 2>&1
        (cd "$cache" && aptsrc source --download-only "$1" > /dev/null 2>&1) || true
    fi
    [ "$keep" = 1 ] && [ -d "$work/$1-src" ] && return 0
    rm -rf "$work/$1-src"
    if ls "$cache/$1"_*.dsc > /dev/null 2>&1; then
        dpkg-source --no-check -x "$(ls "$cache/$1"_*.dsc | tail -n1)" "$work/$1-src" > /dev/null
    elif ls "$cache/$1"_*.orig.tar.* "$cache/$1"_*.debian.tar.* > /dev/null 2>&1; then
        # What dpkg-source -x does for a "3.0 (quilt)" package: orig tarball, debian/, its patches
        # (--no-same-owner: in run.sh --binfmt's user namespace the tarballs' owners are unmapped).
        mkdir -p "$work/$1-src"
        tar -x --no-same-owner -C "$work/$1-src" --strip-components=1 -f "$(ls "$cache/$1"_*.orig.tar.* | grep -v '\.asc$' | tail -n1)"
        tar -x --no-same-owner -C "$work/$1-src" -f "$(ls "$cache/$1"_*.debian.tar.* | tail -n1)"
        if [ -f "$work/$1-src/debian/patches/series" ]; then
            sed 's/#.*//' "$work/$1-src/debian/patches/series" | while read -r p; do
                [ -z "$p" ] || patch -s -d "$work/$1-src" -p1 < "$work/$1-src/debian/patches/$p"
            done
        fi
    else
        echo "SKIP: cannot download the source of $1"; exit 77
    fi
}

# built DIR TAG: true when PROJECTS_KEEP=1 and DIR holds a finished build made for TAG (native, or
# the runner: a cross build records its runner, e.g. meson's exe_wrapper); then the caller skips
# configuring and building. built_ok DIR TAG marks a finished build.
built() { [ "$keep" = 1 ] && [ "$(cat "$1/.projects-built" 2> /dev/null)" = "$2" ]; }
built_ok() { echo "$2" > "$1/.projects-built"; }

# timed CMD...: runs CMD, stores its wall time in seconds in $secs and the user+system CPU time of
# it and its children in $cpu (the machine may be shared: CPU time is the steadier number).
timed() {
    if command -v time > /dev/null && [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %U %S' -o "$work/bin/time.out" "$@" || true
        secs=$(tail -n1 "$work/bin/time.out" | awk '{ printf "%.1f", $1 }')
        cpu=$(tail -n1 "$work/bin/time.out" | awk '{ printf "%.1f", $2 + $3 }')
    else
        t0=$(date +%s.%N)
        "$@" || true
        secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
        cpu=0
    fi
}

# ctest_results BUILD PREFIX: sorts the tests of the last ctest run in BUILD into PREFIX.pass,
# PREFIX.fail and PREFIX.skip (from ctest's LastTest.log).
ctest_results() {
    log="$1/Testing/Temporary/LastTest.log"
    : > "$2.pass"; : > "$2.fail"; : > "$2.skip"
    [ -f "$log" ] || return 0
    # Each test's record ends with 'Test Passed.', 'Test Failed.' or 'Test Skipped.' (or a
    # 'Test Failed' variant naming the reason) after its '<n>/<N> Test: NAME' header.
    awk -v p="$2" '/^[0-9]+\/[0-9]+ Test: / { name = $3 }
        /^Test Passed\./ { print name > (p ".pass") }
        /^Test (Failed|Fail|Not Run)/ { print name > (p ".fail") }
        /^Test Skipped/ { print name > (p ".skip") }' "$log"
}

# trs_results DIR PREFIX: the same for an automake test directory (.trs files).
trs_results() {
    : > "$2.pass"; : > "$2.fail"; : > "$2.skip"
    for t in "$1"/*.trs; do
        [ -f "$t" ] || continue
        n=${t##*/}; n=${n%.trs}
        case $(sed -n 's/^:test-result: //p' "$t" | sort -u | tr '\n' ' ') in
        'PASS ' | 'XFAIL ') echo "$n" >> "$2.pass" ;;
        'SKIP ') echo "$n" >> "$2.skip" ;;
        *) echo "$n" >> "$2.fail" ;;
        esac
    done
}

# report PROJECT HOW NATIVE-PREFIX CROSS-PREFIX NATIVE-SECS CROSS-SECS [NATIVE-CPU CROSS-CPU]: prints the
# counts of PREFIX.pass/.fail/.skip for both sides (also appended to $work/summary.txt) and fails
# when a test passed natively but not under the runner.
report() {
    for f in "$3" "$4"; do for k in pass fail skip; do touch "$f.$k"; sort -u -o "$f.$k" "$f.$k"; done; done
    n() { grep -c . "$1" || true; }
    line=$(printf '%-8s %-36s native: %4d pass %3d fail %3d skip %6.1fs (cpu %6.1fs) | %s: %4d pass %3d fail %3d skip %6.1fs (cpu %6.1fs)' \
        "$1" "$2" "$(n "$3.pass")" "$(n "$3.fail")" "$(n "$3.skip")" "$5" "${7:-0}" \
        "$runner" "$(n "$4.pass")" "$(n "$4.fail")" "$(n "$4.skip")" "$6" "${8:-0}")
    echo "$line"
    echo "$(date -u +%FT%H:%M) $line" >> "$work/summary.txt"
    [ -s "$3.pass" ] || { echo "FAIL: $1: no test passed natively (build or fetch problem?)"; return 1; }
    gained=$(comm -13 "$3.pass" "$4.pass")
    [ -z "$gained" ] || echo "note: $1: pass under $runner but not natively:" $gained
    lost=$(comm -23 "$3.pass" "$4.pass")
    if [ -n "$lost" ]; then
        echo "FAIL: $1: pass natively but not under $runner:" $lost
        return 1
    fi
}
