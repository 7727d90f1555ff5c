# common.sh: shared setup for tests/projects/*.sh, the "make check-projects" suites. Each project script
# fetches a Debian source package, builds it twice (natively and cross for riscv64 with
# riscv64-linux-gnu-gcc), runs the project's own tests on both (the cross build under crossrun) and
# compares the sets of passing tests: a test that passes natively and fails under crossrun is a crossrun
# bug. Sourced, not run. Environment:
#   CROSSRUN      crossrun binary to test (default: ./crossrun of the build directory)
#   SYSROOT       riscv64 sysroot given to crossrun -L (default /usr/riscv64-linux-gnu)
#   PROJECTS_CACHE  where .dsc/.orig tarballs are kept (default ~/.cache/crossrun/projects)
#   PROJECTS_WORK   build trees (default ./projects-work)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
CROSSRUN=$(realpath "${CROSSRUN:-./crossrun}")
SYSROOT=${SYSROOT:-/usr/riscv64-linux-gnu}
cache=${PROJECTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/crossrun/projects}
work=$(realpath -m "${PROJECTS_WORK:-./projects-work}")
mkdir -p "$cache" "$work/bin"
for tool in riscv64-linux-gnu-gcc dpkg-source apt-get; do
    command -v $tool > /dev/null || { echo "SKIP: $tool missing"; exit 77; }
done
[ -x "$CROSSRUN" ] || { echo "no crossrun at $CROSSRUN" >&2; exit 99; }

# The build systems take one program as their test runner; -L is passed here (a wrapper) because
# they cannot pass arguments everywhere (automake's LOG_COMPILER can, CMake's emulator list can, but
# one wrapper keeps the three recipes alike).
runner="$work/bin/crossrun-rv"
printf '#!/bin/sh\nexec "%s" -L "%s" "$@"\n' "$CROSSRUN" "$SYSROOT" > "$runner"
chmod +x "$runner"

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
    if ! ls "$cache/$1"_*.dsc > /dev/null 2>&1; then
        [ -n "$(find "$st/lists" -name '*Sources*' 2>/dev/null | head -n1)" ] || aptsrc update > /dev/null 2>&1
        (cd "$cache" && aptsrc source --download-only "$1" > /dev/null 2>&1) ||
            { echo "SKIP: cannot download the source of $1"; exit 77; }
    fi
    rm -rf "$work/$1-src"
    dpkg-source --no-check -x "$(ls "$cache/$1"_*.dsc | tail -n1)" "$work/$1-src" > /dev/null
}

# timed LABEL CMD...: runs CMD, stores its wall time in seconds in $secs.
timed() {
    t0=$(date +%s.%N)
    shift
    "$@" || true
    secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
}

# report PROJECT HOW NATIVE-PASSLIST CROSS-PASSLIST TOTAL NATIVE-SECS CROSS-SECS: prints the counts
# and fails when a test passed natively but not under crossrun.
report() {
    np=$(wc -l < "$3"); cp=$(wc -l < "$4")
    printf '%-9s %-34s tests %4d  native: %4d passed %4d failed %6.1fs  crossrun: %4d passed %4d failed %6.1fs\n' \
        "$1" "$2" "$5" "$np" $(($5 - np)) "$6" "$cp" $(($5 - cp)) "$7"
    lost=$(sort "$3" | comm -23 - "$(sort "$4" > "$4.s"; echo "$4.s")")
    if [ -n "$lost" ]; then
        echo "FAIL: $1: pass natively but not under crossrun:" $lost
        return 1
    fi
}
