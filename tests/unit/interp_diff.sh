#!/bin/sh
# tests/unit/interp_diff.sh - differential test of crossrun's engine against a RISC-V reference.
#
# Generates random straight-line programs (interp_diff_gen.py: random instructions of every
# non-control-flow row of riscv.def on random and edge-case register values), runs each under
# crossrun and under qemu-riscv64 (or $RISCV_RUN, e.g. an ssh wrapper to hardware) and compares
# every register, fcsr and the data buffer; x2 (sp) is skipped since the stacks differ.
# A development tool: `make check` does not run it because it needs the cross toolchain and qemu.
#
#   tests/unit/interp_diff.sh CROSSRUN [PROGRAMS [SEED [LENGTH]]]
#
# Instructions the reference gets wrong or lacks are excluded with $EXCLUDE (comma-separated row
# names); the default suits qemu 7.2, which has no Zicond and whose ctzw counts past bit 31.
set -eu
crossrun=$1
programs=${2:-100}
seed=${3:-1}
length=${4:-200}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: "${RISCV_CC:=riscv64-linux-gnu-gcc}" "${RISCV_RUN:=qemu-riscv64-static}" "${PYTHON:=python3}"
: "${EXCLUDE:=czero_eqz,czero_nez,ctzw}"

fails=0
i=0
while [ "$i" -lt "$programs" ]; do
    s=$((seed + i))
    i=$((i + 1))
    "$PYTHON" "$here/interp_diff_gen.py" "$top/translate/riscv.def" "$s" "$length" "$EXCLUDE" > "$tmp/t.s"
    "$RISCV_CC" -march=rv64gc -nostdlib -static -Wl,--no-relax -o "$tmp/t" "$tmp/t.s"
    "$RISCV_RUN" "$tmp/t" > "$tmp/ref" || true
    "$crossrun" "$tmp/t" > "$tmp/got" || true
    diffs=$("$PYTHON" - "$tmp/ref" "$tmp/got" <<'PY'
import struct, sys
a, b = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
if len(a) != len(b):
    print(f'output length: reference {len(a)}, crossrun {len(b)}')
for i in range(min(len(a), len(b)) // 8):
    x, y = struct.unpack_from('<Q', a, 8 * i)[0], struct.unpack_from('<Q', b, 8 * i)[0]
    if x != y and i != 2:
        what = f'x{i}' if i < 32 else f'f{i - 32}' if i < 64 else 'fcsr' if i == 64 else f'buf+{8 * (i - 65)}'
        print(f'{what}: reference {x:016x} crossrun {y:016x}')
PY
)
    if [ -n "$diffs" ]; then
        fails=$((fails + 1))
        echo "seed $s: differs (program kept as interp_diff_$s.s)"
        echo "$diffs" | head -8
        cp "$tmp/t.s" "interp_diff_$s.s"
    fi
done
echo "interp_diff: $programs programs of $length instructions, $fails differ"
[ "$fails" -eq 0 ]
