#!/bin/sh
# tests/unit/fpu_diff.sh - differential test of translate/fpu.c against a RISC-V reference.
#
# Builds fpu_diff_guest.c for riscv64 and fpu_diff_host.c (with translate/fpu.c) for the host,
# generates random cases, runs them through the real instructions under qemu-riscv64 (or
# $RISCV_RUN, e.g. an ssh wrapper to hardware) and reports every disagreement in value or fflags.
# A development tool: `make check` does not run it because it needs the cross compiler and qemu.
#
#   tests/unit/fpu_diff.sh [COUNT [SEED]]
set -eu
count=${1:-200000}
seed=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: "${CC:=gcc}" "${RISCV_CC:=riscv64-linux-gnu-gcc}" "${RISCV_RUN:=qemu-riscv64-static}"
$RISCV_CC -O2 -static -o "$tmp/guest" "$here/fpu_diff_guest.c"
$CC -std=gnu11 -O2 -Wall -I"$top" -o "$tmp/host" "$here/fpu_diff_host.c" "$top/translate/fpu.c" "$top/translate/fpu_compare.c" -lm
"$tmp/host" gen "$count" "$seed" > "$tmp/cases"
$RISCV_RUN "$tmp/guest" < "$tmp/cases" > "$tmp/results"
"$tmp/host" check "$tmp/cases" "$tmp/results"
