#!/bin/sh
# run-guest.sh: runs one guest test program (tests/guest/NAME.c or NAME.cpp) as an automake test.
#
#   run-guest.sh path/to/tests/guest/NAME.c
#
# The program is built natively with the host compiler and for riscv64 with the cross compiler (-O2, both
# -static and dynamic, plus the variants its directives ask for). Every riscv64 build is run under crossrun
# (dynamic ones with -L RISCV_SYSROOT) and its stdout, stderr and exit status must equal the native run's,
# or, for programs whose output is inherently riscv64-specific, the golden file tests/guest/NAME.expected.
# Exit status: 0 pass, 1 fail (with a diff), 77 skip (no cross compiler), 99 hard error (no runner).
#
# Directives, one per line anywhere in the source, as "guest-test: WORD ARGS":
#   args A B ...   one run with these arguments (shell words, quotes allowed); repeatable; default one run
#                  with no arguments
#   golden         compare with NAME.expected (regenerate with GUEST_UPDATE_GOLDEN=1) instead of native
#   merged         also run with stderr sent to the same file as stdout, to compare their interleaving
#   static-pie     also build and run -static-pie (when the toolchain can link it)
#   nolibc         a freestanding program with its own _start: built only as a static PIE without libc
#   march M        also build static and dynamic with -march=M
#   libs L ...     extra libraries for every build, e.g. -latomic
#   timeout S      seconds allowed per run instead of GUEST_TIMEOUT's (a test that is long by design)
#   env V=X ...    settings for the runner's runs only (e.g. CROSSRUN_JIT_WX=1), not the native one
#   static-runner  skip (77) when the runner has an ELF interpreter: the test execs programs in a
#                  root that holds nothing of the host's, where only a static runner starts (a
#                  sanitizer or --disable-static-runner build needs its shared libraries and /proc)
#
# Environment (the Makefile sets the first group):
#   RISCV_CC RISCV_CXX RISCV_SYSROOT   cross compilers and the sysroot for dynamic programs
#   HOST_CC HOST_CXX                   native compilers (default gcc, g++)
#   CROSSRUN                           the crossrun built by this tree (what `make check` uses)
#   GUEST_RUNNER                       another runner instead, only for developing the tests (e.g.
#                                      GUEST_RUNNER=qemu-riscv64-static); never needed by `make check`
#   CROSSRUN_FLAGS                     extra options put before the program (e.g. an engine choice)
#   GUEST_TIMEOUT                      seconds allowed per run (default 60)
#   GUEST_KEEP                         when set, keep tests/guest/NAME.out (binaries, transcripts) on success
set -u

src=${1:?usage: run-guest.sh tests/guest/NAME.c}
case $src in
*.cpp) lang=c++ ;;
*.c) lang=c ;;
*) echo "run-guest.sh: $src is not a .c or .cpp file" >&2; exit 99 ;;
esac
name=$(basename "$src")
name=${name%.*}
srcdir_guest=$(cd "$(dirname "$src")" && pwd)
# absolute: the directives are read again after each run's cd (a relative path would make them
# silently absent there, e.g. the merged-output check)
src=$srcdir_guest/$(basename "$src")
timeout_s=${GUEST_TIMEOUT:-60}
runner=${GUEST_RUNNER:-${CROSSRUN:-./crossrun}}
sysroot=${RISCV_SYSROOT:-/usr/riscv64-linux-gnu}

if [ "$lang" = c++ ]; then
    rcc=${RISCV_CXX-riscv64-linux-gnu-g++}
    hcc=${HOST_CXX:-g++}
else
    rcc=${RISCV_CC-riscv64-linux-gnu-gcc}
    hcc=${HOST_CC:-gcc}
fi
if [ -z "$rcc" ] || ! command -v "$rcc" >/dev/null 2>&1; then
    echo "SKIP: no riscv64 cross compiler for $lang (install gcc-riscv64-linux-gnu / g++-riscv64-linux-gnu)"
    exit 77
fi
if ! command -v "$hcc" >/dev/null 2>&1; then
    echo "SKIP: no native compiler $hcc"
    exit 77
fi
if ! command -v "$runner" >/dev/null 2>&1; then
    echo "ERROR: runner '$runner' not found (build crossrun first, or set CROSSRUN)"
    exit 99
fi
case $runner in */*) runner=$(cd "$(dirname "$runner")" && pwd)/$(basename "$runner") ;; esac
echo "runner: $runner ${CROSSRUN_FLAGS:-}"

# directives
directives() { sed -n "s/^.*guest-test: $1\( \(.*\)\)\{0,1\}\$/\2/p" "$src" | sed 's/ *\*\/ *$//'; }
has() { grep -q "guest-test: $1\( \|\$\)" "$src"; }
if has static-runner && command -v readelf > /dev/null 2>&1 &&
    readelf -lW "$(command -v "$runner")" 2>/dev/null | grep -q '^ *INTERP '; then
    echo "SKIP: the runner is dynamically linked: it cannot start in the test's new root"
    exit 77
fi
# Read once, here: a run cds into its own directory, where nothing about the source is asked again.
merged=false
has merged && merged=true
libs="$(directives libs | tr '\n' ' ') -lm"
has nolibc && libs="-nostdlib -static-pie -fPIE -ffreestanding -fno-builtin -fno-stack-protector -Wl,--no-relax -Wl,--no-dynamic-linker"
marchs=$(directives march)
if has timeout && [ -z "${GUEST_TIMEOUT:-}" ]; then timeout_s=$(directives timeout); fi
argfile=$(mktemp) || exit 99
trap 'rm -f "$argfile"' EXIT
if has args; then directives args > "$argfile"; else echo > "$argfile"; fi

out=$(pwd)/tests/guest/$name.out
# Under tests/per-engine.sh (PER_ENGINE_RUN=1..PER_ENGINE_COUNT) the builds and the native
# reference of the first engine's run are reused by the next ones, and kept until the last.
reuse=
if [ "${PER_ENGINE_RUN:-1}" -gt 1 ] && [ -f "$out/reusable" ]; then
    reuse=1
else
    rm -rf "$out"
fi
mkdir -p "$out" || exit 99
# -ffp-contract=off: fused multiply-add only where the source asks for fma(), so results do not depend
# on which ISA the compiler could contract a*b+c on.
cflags="-O2 -ffp-contract=off -Wall"
[ "$lang" = c ] && cflags="$cflags -std=gnu11"
failed=0

# build VARIANT COMPILER FLAGS...: builds $out/VARIANT/$name (same basename everywhere, so argv[0] matches)
build() {
    v=$1 cc=$2
    shift 2
    [ -n "$reuse" ] && [ -x "$out/$v/$name" ] && return 0
    mkdir -p "$out/$v"
    # shellcheck disable=SC2086
    if ! "$cc" $cflags "$@" -o "$out/$v/$name" "$srcdir_guest/$name.${src##*.}" $libs > "$out/$v/build.log" 2>&1; then
        return 1
    fi
    return 0
}

# show_stream FILE LABEL: one captured stream for a transcript, the record of a program's runs that is
# compared (per run: arguments, stdout, stderr, exit status). Streams over 64 KiB appear as their size
# and cksum, so a 1 MiB output is still compared byte for byte without a 1 MiB diff.
show_stream() {
    f=$1 label=$2
    size=$(wc -c < "$f")
    if [ "$size" -gt 65536 ]; then
        echo "--- $label: $size bytes, cksum $(cksum < "$f")"
    else
        echo "--- $label:"
        cat "$f"
        [ "$size" -gt 0 ] && [ "$(tail -c1 "$f" | od -An -c | tr -d ' ')" != '\n' ] && printf '\n\\ no newline\n'
    fi
    return 0
}

# run_all VARIANT CMD...: runs the program once per args line, writing $out/VARIANT.transcript
run_all() {
    v=$1
    shift
    t=$out/$v.transcript
    : > "$t"
    i=0
    while IFS= read -r line; do
        i=$((i + 1))
        d=$out/$v/run$i
        rm -rf "$d"
        mkdir -p "$d/cwd"
        (
            eval "set -- \"\$@\" $line"
            cd "$d/cwd" || exit 99
            GUEST_TEST_A='hello world' GUEST_TEST_EMPTY= GUEST_TEST_UTF8='héllo ✓' LC_ALL=C
            export GUEST_TEST_A GUEST_TEST_EMPTY GUEST_TEST_UTF8 LC_ALL
            unset GUEST_TEST_UNSET
            timeout -k 5 "$timeout_s" "$@" > "$d/stdout" 2> "$d/stderr" < /dev/null
            echo $? > "$d/status"
            if $merged; then
                timeout -k 5 "$timeout_s" "$@" > "$d/merged" 2>&1 < /dev/null
                echo $? > "$d/merged-status"
            fi
        )
        {
            echo "=== run $i, args: $line"
            show_stream "$d/stdout" stdout
            show_stream "$d/stderr" stderr
            status=$(cat "$d/status")
            echo "--- exit status $status"
            [ "$status" = 124 ] && echo "--- (timed out after ${timeout_s}s)"
            if $merged; then
                # a merged run that left no output file did not check anything: say so, and fail
                if [ -f "$d/merged" ]; then
                    show_stream "$d/merged" "stdout and stderr merged"
                    echo "--- merged run exit status $(cat "$d/merged-status")"
                else
                    echo "--- merged run did not happen (no $d/merged)"
                    : > "$out/merged-missing"
                fi
            fi
        } >> "$t"
    done < "$argfile"
}

# compare EXPECTED ACTUAL LABEL
compare() {
    if cmp -s "$1" "$2"; then
        echo "PASS $3"
    else
        echo "FAIL $3: output differs (- expected, + crossrun); first lines of the diff:"
        diff -u "$1" "$2" | head -n 80
        failed=1
    fi
}

# the reference: native run, or golden file
if has golden; then
    expected=$srcdir_guest/$name.expected
    if [ ! -f "$expected" ] && [ -z "${GUEST_UPDATE_GOLDEN:-}" ]; then
        echo "ERROR: $expected missing"
        exit 99
    fi
else
    if ! build native "$hcc"; then
        echo "ERROR: native build failed:"
        cat "$out/native/build.log"
        exit 99
    fi
    # The native program must not run under the guest-side runner; it is the reference.
    [ -n "$reuse" ] && [ -f "$out/native.transcript" ] || run_all native "$out/native/$name"
    expected=$out/native.transcript
fi

variants="static dynamic"
has nolibc && variants=static-pie
has static-pie && variants="$variants static-pie"
for m in $marchs; do variants="$variants $m-static $m-dynamic"; done

for v in $variants; do
    case $v in
    static) build "$v" "$rcc" -static ;;
    dynamic) build "$v" "$rcc" ;;
    static-pie) build "$v" "$rcc" -static-pie ;;
    *-static) build "$v" "$rcc" -march="${v%-static}" -static ;;
    *-dynamic) build "$v" "$rcc" -march="${v%-dynamic}" ;;
    esac
    if [ $? -ne 0 ]; then
        if [ "$v" = static-pie ] && grep -q 'rcrt1.o' "$out/$v/build.log"; then
            echo "NOTE: variant static-pie not run: this cross toolchain cannot link -static-pie (no rcrt1.o)"
            continue
        fi
        echo "FAIL $v: cross build failed:"
        cat "$out/$v/build.log"
        failed=1
        continue
    fi
    # shellcheck disable=SC2046 # the env directive's words
    case $v in
    *dynamic) run_all "$v" env $(directives env) "$runner" ${CROSSRUN_FLAGS:-} -L "$sysroot" "$out/$v/$name" ;;
    *) run_all "$v" env $(directives env) "$runner" ${CROSSRUN_FLAGS:-} "$out/$v/$name" ;;
    esac
    if [ -n "${GUEST_UPDATE_GOLDEN:-}" ] && has golden && [ "$v" = static ]; then
        cp "$out/$v.transcript" "$expected"
        echo "golden file $expected written from the $v run: check it by hand"
    fi
    compare "$expected" "$out/$v.transcript" "$v"
done
if [ -f "$out/merged-missing" ]; then
    echo "FAIL: the source asks for the merged-output check and a run did not make it"
    rm -f "$out/merged-missing"
    failed=1
fi

touch "$out/reusable"
if [ $failed -eq 0 ] && [ -z "${GUEST_KEEP:-}" ] &&
    [ "${PER_ENGINE_RUN:-1}" -ge "${PER_ENGINE_COUNT:-1}" ]; then
    rm -rf "$out"
fi
exit $failed
