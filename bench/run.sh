#!/bin/bash
# bench/run.sh - the harness behind `make bench`.
#
#   bench/run.sh CROSSRUN NATIVE_DIR RISCV_DIR [NAME...]
#
# Runs every kernel (bench/*.c) and every real program (bench/real.sh: Debian's python3, xz, sqlite3
# and cc1) natively, under crossrun and (when installed) under qemu-riscv64, plus a second qemu named
# by QEMU_RISCV64_2 (e.g. Debian stable's, from bench/fetch-qemu-stable). The runs are interleaved so
# that machine noise hits every runner alike, BENCH_REPS times (default 3), keeping the fastest run of
# each. Prints a table of seconds and the ratios crossrun/native and crossrun/qemu (the faster qemu
# of that row) with their geometric means, and the guest MIPS from `crossrun --stats`. crossrun is
# its default engine (the translator); BENCH_INTERP=1 adds a column for `--engine interp`.
# Kernels also run native builds without gcc's vectorizer (NATIVE_DIR-novec, when it exists: the
# novec column, and cr/novec), since the host's vector units are part of the native side's lead
# that no rv64gc translation can take back; the real programs have no such build ("-").
# A row whose output differs between native and crossrun is reported as WRONG and left out of the
# means: speed only counts for right answers. NAME... picks kernels and real programs (py xz sqlite
# cc1); BENCH_REAL=0 leaves the real programs out. Nothing here is asserted; the numbers are for people.
set -u
crossrun=$1 native_dir=$2 riscv_dir=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
all_kernels=(intmix sha256 qsort sieve matmul nbody strings)
reps=${BENCH_REPS:-3}
scale=${BENCH_SCALE:-1}
qemu=${QEMU_RISCV64:-$(command -v qemu-riscv64 || command -v qemu-riscv64-static || true)}
qemu2=${QEMU_RISCV64_2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/real.sh"

kernels=() reals=()
for name in "$@"; do
    if is_real "$name"; then reals+=("$name"); else kernels+=("$name"); fi
done
if [ $# -eq 0 ]; then
    kernels=("${all_kernels[@]}")
    [ "${BENCH_REAL:-1}" = 0 ] || reals=("${real_names[@]}")
fi

novec_dir=${native_dir}-novec
runners=(native crossrun)
[ -d "$novec_dir" ] && [ ${#kernels[@]} -gt 0 ] && runners=(native novec crossrun)
[ "${BENCH_INTERP:-0}" = 1 ] && runners+=(interp)
[ -n "$qemu" ] && runners+=(qemu)
if [ -n "$qemu2" ] && ! "$qemu2" --version >/dev/null 2>&1; then
    echo "note: QEMU_RISCV64_2=$qemu2 does not run: left out"
    qemu2=
fi
[ -n "$qemu2" ] && runners+=(qemu2)
for q in qemu qemu2; do
    [ -n "${!q}" ] && echo "$q: ${!q} ($("${!q}" --version | head -n1 | sed 's/.*version //'))"
done

# The real programs need their Debian roots and inputs; one that cannot have them is skipped.
declare -A skip
for n in "${reals[@]}"; do
    real_setup "$n" || skip[$n]=$why
done

# run_one ROW RUNNER: runs kernel or real program ROW under RUNNER (native, crossrun, qemu, qemu2).
run_one() {
    if is_real "$1"; then
        real_run "$1" "$2"
    elif [ "$2" = native ]; then
        "$native_dir/$1" "$scale"
    elif [ "$2" = novec ]; then
        "$novec_dir/$1" "$scale"
    elif [ "$2" = crossrun ]; then
        "$crossrun" --stats "$riscv_dir/$1" "$scale"
    elif [ "$2" = interp ]; then
        "$crossrun" --engine interp "$riscv_dir/$1" "$scale"
    else
        "${!2}" "$riscv_dir/$1" "$scale"
    fi
}

# seconds OUT CMD...: runs CMD, stores its stdout in OUT (and the exit status when not 0), prints
# wall seconds.
seconds() {
    local out=$1
    shift
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > "$out" 2> "$out.err" || echo "exit status $?" >> "$out"
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

# MIPS of every crossrun process in a run's stderr (a program that closes its stderr, as xz does,
# leaves none).
mips_of() {
    awk '/guest instructions in/ { i += $2; t += $6 } END { if (t > 0) printf "%.1f", i / t / 1e6 }' "$1"
}

rows=("${kernels[@]}")
for n in "${reals[@]}"; do [ -n "${skip[$n]:-}" ] || rows+=("$n"); done
declare -A t mips
for ((rep = 1; rep <= reps; rep++)); do
    for row in "${rows[@]}"; do
        for r in "${runners[@]}"; do
            [ "$r" = novec ] && is_real "$row" && continue  # no such build
            [ -t 2 ] && printf '\r%-60s' "run $rep/$reps: $row under $r" >&2
            t[$row.$r]=$(best "$(seconds "$tmp/$row.$r" run_one "$row" "$r")" "${t[$row.$r]:-}")
            is_real "$row" && real_digest "$row" "$r" >> "$tmp/$row.$r"
        done
        m=$(mips_of "$tmp/$row.crossrun.err")
        [ -n "$m" ] && mips[$row]=$(awk -v a="$m" -v b="${mips[$row]:-0}" 'BEGIN { print (a > b) ? a : b }')
    done
done
[ -t 2 ] && printf '\r%-60s\r' '' >&2

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.001) }'; }
geo() { [ "$2" -gt 0 ] && awk -v s="$1" -v n="$2" 'BEGIN { printf "%.2f", exp(s / n) }' || echo -; }

# table LABEL ROW...: one section of the table, with its geometric means.
table() {
    local label=$1 row r q tq rn rq rv line sum_n=0 sum_q=0 sum_v=0 count_n=0 count_q=0 count_v=0
    local novec=0
    [[ " ${runners[*]} " == *" novec "* ]] && novec=1
    shift
    line=$(printf '%-9s' "$label")
    for r in "${runners[@]}"; do line+=$(printf ' %9s' "$r"); done
    [ $novec = 1 ] && line+=$(printf ' %10s' cr/novec)
    printf '%s %10s %10s %8s\n' "$line" cr/native cr/qemu MIPS
    for row; do
        if [ -n "${skip[$row]:-}" ]; then
            printf '%-9s SKIP: %s\n' "$row" "${skip[$row]}"
            continue
        fi
        grep -q '^exit status' "$tmp/$row.native" && echo "note: $row: the native run failed ($(tail -n1 "$tmp/$row.native.err"))"
        tq=
        for q in qemu qemu2; do
            [ -n "${t[$row.$q]:-}" ] || continue
            if cmp -s "$tmp/$row.native" "$tmp/$row.$q"; then
                tq=$(best "${t[$row.$q]}" "$tq")
            else
                echo "note: $row: $q output differs from native"
            fi
        done
        rn=$(ratio "${t[$row.crossrun]}" "${t[$row.native]}")
        rq=-
        [ -n "$tq" ] && rq=$(ratio "${t[$row.crossrun]}" "$tq")
        rv=-
        [ -n "${t[$row.novec]:-}" ] && cmp -s "$tmp/$row.native" "$tmp/$row.novec" &&
            rv=$(ratio "${t[$row.crossrun]}" "${t[$row.novec]}")
        if cmp -s "$tmp/$row.native" "$tmp/$row.crossrun"; then
            sum_n=$(awk -v s="$sum_n" -v r="$rn" 'BEGIN { print s + log(r) }'); count_n=$((count_n + 1))
            if [ "$rq" != - ]; then
                sum_q=$(awk -v s="$sum_q" -v r="$rq" 'BEGIN { print s + log(r) }'); count_q=$((count_q + 1))
            fi
            if [ "$rv" != - ]; then
                sum_v=$(awk -v s="$sum_v" -v r="$rv" 'BEGIN { print s + log(r) }'); count_v=$((count_v + 1))
            fi
        else
            rn=WRONG rq=WRONG rv=WRONG
        fi
        line=$(printf '%-9s' "$row")
        for r in "${runners[@]}"; do line+=$(printf ' %9s' "${t[$row.$r]:--}"); done
        [ $novec = 1 ] && line+=$(printf ' %10s' "$rv")
        printf '%s %10s %10s %8s\n' "$line" "$rn" "$rq" "${mips[$row]:--}"
    done
    line=$(printf '%-9s' geomean)
    for r in "${runners[@]}"; do line+=$(printf ' %9s' ''); done
    [ $novec = 1 ] && line+=$(printf ' %10s' "$(geo "$sum_v" "$count_v")")
    printf '%s %10s %10s\n' "$line" "$(geo "$sum_n" "$count_n")" "$(geo "$sum_q" "$count_q")"
}

[ ${#kernels[@]} -gt 0 ] && table kernel "${kernels[@]}"
if [ ${#reals[@]} -gt 0 ]; then
    [ ${#kernels[@]} -gt 0 ] && echo
    echo "real programs (Debian's riscv64 packages; native: the amd64 packages of the same version)"
    table real "${reals[@]}"
fi
echo "(best of $reps interleaved runs, scale $scale; ratios below 1 mean crossrun is faster;"
echo " cr/qemu is against the faster qemu of each row)"
for row in "${rows[@]}"; do
    cmp -s "$tmp/$row.native" "$tmp/$row.crossrun" && continue
    echo "WRONG: $row under crossrun:"; diff "$tmp/$row.native" "$tmp/$row.crossrun" | head -n 5
    head -n 3 "$tmp/$row.crossrun.err"
done
