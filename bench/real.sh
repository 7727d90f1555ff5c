# bench/real.sh - the "real programs" rows of `make bench`, sourced by bench/run.sh.
#
# Debian's own programs doing real work: python3 running bench/workloads/py.py, xz compressing and
# decompressing 20 MiB of generated text, sqlite3 running a generated script of inserts and joins,
# and gcc's cc1 compiling a generated C file with -O2. The riscv64 packages run under crossrun and
# qemu (-L ROOT); the native side runs the amd64 packages of the same Debian version, from their own
# root with that root's ld.so, so both sides run the same source code. For cc1 the amd64 package is
# Debian's cross compiler to riscv64 (cpp-NN-riscv64-linux-gnu, same gcc and Debian revision): it does
# the same work and writes the same assembly as the riscv64 cc1, so its output can be compared too.
#
# Roots: $CROSSRUN_CACHE (default ~/.cache/crossrun)/bench-riscv64 and bench-amd64, fetched with
# scripts/fetch-riscv64-debs once per package, under ROOT.lock, recorded in ROOT/.crossrun-packages
# (as tests/real/common.sh does). Inputs are generated (bench/workloads/*.awk, a fixed-seed LCG) into
# the build directory's bench/data and kept. A workload whose packages cannot be fetched is skipped.
#
# Interface for run.sh: real_names; real_setup NAME (0, or 1 with the reason in $why); real_run NAME
# RUNNER (timed; its stdout is compared between runners); real_digest NAME RUNNER (untimed; appends
# checksums of the output files to what is compared). RUNNER is native, crossrun, qemu or qemu2.

real_names=(py xz sqlite cc1)
cache=${CROSSRUN_CACHE:-${HOME:-/tmp}/.cache/crossrun}
rroot=$cache/bench-riscv64
aroot=$cache/bench-amd64
fetch_debs=${FETCH_RISCV64_DEBS:-$here/../scripts/fetch-riscv64-debs}
workloads=$here/workloads
data=${BENCH_DATA:-$(cd "$native_dir/.." && pwd)/data}
limit=${BENCH_TIMEOUT:-1800}       # seconds for one run of one program
export LC_ALL=C TZ=UTC PYTHONHASHSEED=0

is_real() { [[ " ${real_names[*]} " == *" $1 "* ]]; }

# need ROOT ARCH PKG...: makes ROOT a Debian root of ARCH holding PKG... (scripts/deb-root.sh).
deb_root_fetch=$fetch_debs
. "$here/../scripts/deb-root.sh"
need() {
    deb_root "$1" "$2" "$tmp/fetch.log" "${@:3}" && return 0
    why=$deb_root_why
    return 1
}

# debver ROOT PATTERN: the version of the newest unpacked .deb named PATTERN_*, without a
# cross compiler's "crossN" suffix.
debver() {
    ls "$1/.apt/archives/" 2>/dev/null | grep -E "^$2_" | sort -V | tail -n1 | cut -d_ -f2 | sed 's/cross[0-9]*$//'
}

# gen NAME.EXT AWK: bench/data/NAME-SCALE.EXT from bench/workloads/AWK, unless it is already there.
gen() {
    local out=$data/${1%.*}-$scale.${1##*.}
    if [ ! -s "$out" ] || [ "$workloads/$2" -nt "$out" ]; then
        mkdir -p "$data" && awk -v SCALE="$scale" -f "$workloads/$2" > "$out.tmp" && mv "$out.tmp" "$out" ||
            { why="could not generate $out"; return 1; }
    fi
}
input() { echo "$data/${1%.*}-$scale.${1##*.}"; }

# on RUNNER PROGRAM ARGS...: runs PROGRAM, a path inside the roots, under RUNNER.
on() {
    local r=$1 p=$2
    shift 2
    case $r in
    native) timeout -k 5 "$limit" "$aroot/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" \
                --library-path "$aroot/usr/lib/x86_64-linux-gnu" "$aroot$p" "$@" ;;
    crossrun) timeout -k 5 "$limit" "$crossrun" --stats -L "$rroot" "$rroot$p" "$@" ;;
    interp) timeout -k 5 "$limit" "$crossrun" --engine interp -L "$rroot" "$rroot$p" "$@" ;;
    *) timeout -k 5 "$limit" "${!r}" -L "$rroot" "$rroot$p" "$@" ;;   # $qemu or $qemu2
    esac
}

# The riscv64 driver gives cc1 these options (gcc -### on riscv64); cc1 alone would target rv32.
cc1_flags=(-quiet -nostdinc -march=rv64imafdc_zicsr_zifencei -mabi=lp64d -misa-spec=20191213 -O2)
# cc1_in ROOT: where the cc1 compiling for riscv64 lives in ROOT (native or cross directory).
cc1_in() { local c; for c in "$1"/usr/libexec/gcc*/riscv64-linux-gnu/*/cc1; do [ -x "$c" ] && echo "${c#$1}"; done | tail -n1; }

real_setup() {
    local pkg deb
    case $1 in
    py) pkg=python3-minimal deb='python3\.[0-9]+-minimal' ;;
    xz) pkg=xz-utils deb=xz-utils ;;
    sqlite) pkg=sqlite3 deb=sqlite3 ;;
    cc1) pkg=cpp-riscv64-linux-gnu deb='cpp-[0-9]+-riscv64-linux-gnu' ;;
    esac
    need "$rroot" riscv64 $pkg && need "$aroot" amd64 $pkg || return 1
    local vr va
    vr=$(debver "$rroot" "$deb") va=$(debver "$aroot" "$deb")
    [ "$vr" = "$va" ] || echo "note: $1: riscv64 $vr but amd64 $va (remove $rroot and $aroot to refetch both)"
    case $1 in
    py) # compile the modules python imports at startup into the roots' __pycache__, once, untimed
        [ -e "$rroot/.bench-pyc" ] || { (unset PYTHONDONTWRITEBYTECODE
            PYTHONHOME=$aroot/usr on native /usr/bin/python3 -S -c pass
            on crossrun /usr/bin/python3 -S -c pass) >/dev/null 2>&1; touch "$rroot/.bench-pyc"; } ;;
    xz) gen text.txt text.awk ;;
    sqlite) gen sql.sql sql.awk ;;
    cc1) [ -n "$(cc1_in "$rroot")" ] && [ -n "$(cc1_in "$aroot")" ] || { why="no cc1 for riscv64 in the roots"; return 1; }
        gen csrc.c csrc.awk ;;
    esac
}

real_run() {
    local w=$tmp/$1.$2
    case $1 in
    py) if [ "$2" = native ]; then
            PYTHONHOME=$aroot/usr on native /usr/bin/python3 -S "$workloads/py.py" "$scale"
        else
            on "$2" /usr/bin/python3 -S "$workloads/py.py" "$scale"
        fi ;;
    xz) on "$2" /usr/bin/xz -T1 -1 -c "$(input text.txt)" > "$w.xz" &&
        on "$2" /usr/bin/xz -d -c "$w.xz" > "$w.txt" ;;
    sqlite) on "$2" /usr/bin/sqlite3 -batch < "$(input sql.sql)" ;;
    cc1) local root=$rroot
        [ "$2" = native ] && root=$aroot
        on "$2" "$(cc1_in "$root")" "${cc1_flags[@]}" "$(input csrc.c)" -o "$w.s" ;;
    esac
}

real_digest() {
    local w=$tmp/$1.$2
    case $1 in
    xz) echo "xz: $(wc -c < "$w.xz") bytes, sha256 $(sha256sum < "$w.xz" | cut -c1-16)"
        cmp -s "$w.txt" "$(input text.txt)" && echo "round trip: ok" || echo "round trip: FAILED"
        rm -f "$w.xz" "$w.txt" ;;
    cc1) echo "cc1: $(wc -l < "$w.s") lines of assembly, sha256 $(sha256sum < "$w.s" | cut -c1-16)"
        rm -f "$w.s" ;;
    esac
}
