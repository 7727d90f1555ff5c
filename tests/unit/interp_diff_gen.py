#!/usr/bin/env python3
# tests/unit/interp_diff_gen.py - one random straight-line riscv64 test program, as assembly.
#
# Used by interp_diff.sh. The program loads random (often edge-case) values into the integer
# and FP registers, runs COUNT random instructions drawn from translate/riscv.def (integer,
# M, A, F, D, Zba/Zbb/Zbs; loads and stores relative to s0, word AMOs/LR/SC on s1 and
# doubleword ones on s0 so LR/SC sizes never mix), then writes every register, fcsr and the
# 2 KiB data buffer to stdout and exits. Running it under crossrun and under a reference and
# comparing the bytes checks every instruction's semantics at once.
#
#   interp_diff_gen.py RISCV_DEF SEED COUNT [EXCLUDE,...]
import random
import re
import sys

riscv_def, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
exclude = set(sys.argv[4].split(',')) if len(sys.argv) > 4 and sys.argv[4] else set()

FORMATS = {'R', 'R2', 'I', 'ISH', 'ISHW', 'U', 'LOAD', 'STORE', 'AMO', 'LR', 'FLOAD', 'FSTORE',
           'FR', 'FR_RM', 'FR1_RM', 'FR4_RM', 'FCMP', 'FX', 'FX_RM', 'XF', 'XF_RM'}
rows = []
for line in open(riscv_def):
    m = re.match(r'RV\((\w+),\s*(\w+),\s*(0x[0-9a-f]+),\s*(0x[0-9a-f]+)', line)
    if m and m.group(2) in FORMATS and m.group(1) not in exclude:
        rows.append((m.group(1), m.group(2), int(m.group(3), 16), int(m.group(4), 16)))

rnd = random.Random(seed)
# never written: sp, gp, tp, s0 and s1 (the buffer bases)
XREGS = [r for r in range(1, 32) if r not in (2, 3, 4, 8, 9)]


def xr(zero_ok=False):
    return rnd.choice(XREGS + ([0] if zero_ok else []))


def fr():
    return rnd.randrange(32)


def rm():
    return rnd.choice([0, 1, 2, 3, 4, 7])  # frm is 0, so 7 (dynamic) is valid


def store_imm(imm):
    return (imm & 31) << 7 | (imm >> 5) << 25


def encode(name, fmt, match):
    base = 9 if name.endswith('_w') else 8
    off = rnd.randrange(0, 2040)
    operands = {
        'R': lambda: xr() << 7 | xr(True) << 15 | xr(True) << 20,
        'R2': lambda: xr() << 7 | xr(True) << 15,
        'I': lambda: xr() << 7 | xr(True) << 15 | rnd.randrange(4096) << 20,
        'ISH': lambda: xr() << 7 | xr(True) << 15 | rnd.randrange(64) << 20,
        'ISHW': lambda: xr() << 7 | xr(True) << 15 | rnd.randrange(32) << 20,
        'U': lambda: xr() << 7 | rnd.randrange(1 << 20) << 12,
        'LOAD': lambda: xr() << 7 | 8 << 15 | off << 20,
        'STORE': lambda: 8 << 15 | xr(True) << 20 | store_imm(off),
        'AMO': lambda: xr() << 7 | base << 15 | xr(True) << 20 | rnd.randrange(4) << 25,
        'LR': lambda: xr() << 7 | base << 15 | rnd.randrange(4) << 25,
        'FLOAD': lambda: fr() << 7 | 8 << 15 | off << 20,
        'FSTORE': lambda: 8 << 15 | fr() << 20 | store_imm(off),
        'FR': lambda: fr() << 7 | fr() << 15 | fr() << 20,
        'FR_RM': lambda: fr() << 7 | fr() << 15 | fr() << 20 | rm() << 12,
        'FR1_RM': lambda: fr() << 7 | fr() << 15 | rm() << 12,
        'FR4_RM': lambda: fr() << 7 | fr() << 15 | fr() << 20 | fr() << 27 | rm() << 12,
        'FCMP': lambda: xr() << 7 | fr() << 15 | fr() << 20,
        'FX': lambda: xr() << 7 | fr() << 15,
        'FX_RM': lambda: xr() << 7 | fr() << 15 | rm() << 12,
        'XF': lambda: fr() << 7 | xr(True) << 15,
        'XF_RM': lambda: fr() << 7 | xr(True) << 15 | rm() << 12,
    }
    return match | operands[fmt]()


EDGES = [0, 1, 2, 0xffffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x80000000,
         0x7fffffff, 0xffffffff, 0xffffffff80000000, 0x3ff0000000000000, 0x7ff8000000000000,
         0xffffffff3f800000, 0xffffffff7fc00001, 0xfff0000000000000, 0x000fffffffffffff]


def value():
    return rnd.choice(EDGES) if rnd.random() < 0.4 else rnd.getrandbits(64)


out = ['.text', '.globl _start', '_start:', '  la tp, out', '  la s0, buf', '  addi s1, s0, 64',
       '  la t0, init']
out += [f'  fld f{r}, {256 + 8 * r}(t0)' for r in range(32)]
out += [f'  ld x{r}, {8 * r}(t0)' for r in range(1, 32) if r not in (2, 3, 4, 5, 8, 9)]
out.append('  ld x5, 40(t0)')
for _ in range(count):
    name, fmt, match, mask = rnd.choice(rows)
    word = encode(name, fmt, match)
    assert word & mask == match, name
    out.append(f'  .word 0x{word:08x}  # {name}')
# dump through tp, which the random code never writes: x1..x31, f0..f31, fcsr, the buffer
out += [f'  sd x{r}, {8 * r}(tp)' for r in range(1, 32) if r != 4]
out += [f'  fsd f{r}, {256 + 8 * r}(tp)' for r in range(32)]
out += ['  frcsr t5', '  sd t5, 512(tp)',
        '  li t4, 0', '  li t3, 2048',
        '1: add t2, s0, t4', '  ld t1, 0(t2)', '  add t2, tp, t4', '  sd t1, 520(t2)',
        '  addi t4, t4, 8', '  blt t4, t3, 1b',
        '  li a0, 1', '  mv a1, tp', '  li a2, 2568', '  li a7, 64', '  ecall',
        '  li a0, 0', '  li a7, 93', '  ecall']
out += ['.data', '.balign 16', 'init:'] + [f'  .dword 0x{value():016x}' for _ in range(64)]
out += ['buf:'] + [f'  .dword 0x{value():016x}' for _ in range(256)]
out += ['.bss', '.balign 16', 'out: .zero 4096']
print('\n'.join(out))
