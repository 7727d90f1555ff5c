#!/bin/bash
# bench/run.sh - the harness behind `make bench`.
#
#   bench/run.sh CROSSRUN NATIVE_DIR RISCV_DIR [KERNEL...]
#
# Runs every kernel natively, under crossrun and (when installed) under qemu-riscv64, interleaved
# so that machine noise hits all three alike, BENCH_REPS times (default 3), keeping the fastest
# run of each. Prints a table of seconds and the ratios crossrun/native and crossrun/qemu with
# their geometric means, and the interpreter's guest MIPS from `crossrun --stats`. A kernel whose
# output differs between runners is reported as WRONG and left out of the means: speed only counts
# for right answers. Nothing here is asserted; the numbers are for people.
set -u
crossrun=$1 native_dir=$2 riscv_dir=$3
shift 3
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(intmix sha256 qsort sieve matmul nbody strings)
reps=${BENCH_REPS:-3}
scale=${BENCH_SCALE:-1}
qemu=${QEMU_RISCV64:-$(command -v qemu-riscv64 || command -v qemu-riscv64-static || true)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# seconds KERNEL RUNNER CMD...: runs CMD, stores its stdout, prints wall seconds.
seconds() {
    local out=$1
    shift
    local t0 t1
    t0=$(date +%s.%N)
    "$@" "$scale" > "$out" 2> "$out.err" || echo "exit status $?" >> "$out"
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

declare -A tn tc tq mips
for ((r = 1; r <= reps; r++)); do
    for k in "${kernels[@]}"; do
        tn[$k]=$(best "$(seconds "$tmp/$k.native" "$native_dir/$k")" "${tn[$k]:-}")
        tc[$k]=$(best "$(seconds "$tmp/$k.crossrun" "$crossrun" --stats "$riscv_dir/$k")" "${tc[$k]:-}")
        m=$(grep -oE '[0-9.]+ MIPS' "$tmp/$k.crossrun.err" | tail -n1 | cut -d' ' -f1)
        [ -n "$m" ] && mips[$k]=$(awk -v a="$m" -v b="${mips[$k]:-0}" 'BEGIN { print (a > b) ? a : b }')
        if [ -n "$qemu" ]; then
            tq[$k]=$(best "$(seconds "$tmp/$k.qemu" "$qemu" "$riscv_dir/$k")" "${tq[$k]:-}")
        fi
    done
done

printf '%-9s %9s %9s %9s %10s %10s %8s\n' kernel native crossrun qemu cr/native cr/qemu MIPS
sum_n=0 sum_q=0 count_n=0 count_q=0
for k in "${kernels[@]}"; do
    status=ok
    cmp -s "$tmp/$k.native" "$tmp/$k.crossrun" || status=WRONG
    rn=$(awk -v c="${tc[$k]}" -v n="${tn[$k]}" 'BEGIN { printf "%.2f", c / (n > 0 ? n : 0.001) }')
    rq=-
    if [ -n "$qemu" ]; then
        cmp -s "$tmp/$k.native" "$tmp/$k.qemu" || echo "note: $k: qemu output differs from native"
        rq=$(awk -v c="${tc[$k]}" -v q="${tq[$k]}" 'BEGIN { printf "%.2f", c / (q > 0 ? q : 0.001) }')
    fi
    if [ $status = ok ]; then
        sum_n=$(awk -v s="$sum_n" -v r="$rn" 'BEGIN { print s + log(r) }'); count_n=$((count_n + 1))
        if [ "$rq" != - ]; then
            sum_q=$(awk -v s="$sum_q" -v r="$rq" 'BEGIN { print s + log(r) }'); count_q=$((count_q + 1))
        fi
    else
        rn=WRONG rq=WRONG
    fi
    printf '%-9s %9s %9s %9s %10s %10s %8s\n' "$k" "${tn[$k]}" "${tc[$k]}" "${tq[$k]:--}" "$rn" "$rq" "${mips[$k]:--}"
done
geo() { [ "$2" -gt 0 ] && awk -v s="$1" -v n="$2" 'BEGIN { printf "%.2f", exp(s / n) }' || echo -; }
printf '%-9s %9s %9s %9s %10s %10s\n' geomean '' '' '' "$(geo "$sum_n" "$count_n")" "$(geo "$sum_q" "$count_q")"
echo "(best of $reps interleaved runs, scale $scale; ratios below 1 mean crossrun is faster)"
for k in "${kernels[@]}"; do
    cmp -s "$tmp/$k.native" "$tmp/$k.crossrun" && continue
    echo "WRONG: $k under crossrun:"; diff "$tmp/$k.native" "$tmp/$k.crossrun" | head -n 5
    head -n 3 "$tmp/$k.crossrun.err"
done
