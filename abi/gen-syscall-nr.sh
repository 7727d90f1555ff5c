#!/bin/sh
# abi/gen-syscall-nr.sh - generates abi/syscall_nr.h, the riscv64 guest syscall numbers and names.
#
# Usage: abi/gen-syscall-nr.sh [path/to/asm-generic/unistd.h] > abi/syscall_nr.h
#        (default: /usr/include/asm-generic/unistd.h, from Debian's linux-libc-dev)
#
# riscv64 Linux has no syscall table of its own: arch/riscv/include/uapi/asm/unistd.h sets a few
# __ARCH_WANT_* switches, includes the generic table and adds two riscv-only calls. This script
# does the same through the C preprocessor rather than parsing the header by hand, so the
# #if __BITS_PER_LONG / __ARCH_WANT_* conditions and the __NR3264_* aliases (fstat = 80,
# newfstatat = 79, mmap = 222, ...) resolve exactly as they do for a 64-bit riscv build.
# The output is committed; rerun this when the kernel headers gain syscalls.
set -eu

unistd=${1:-/usr/include/asm-generic/unistd.h}
cpp=${CPP:-cpp}
[ -r "$unistd" ] || { echo "$0: cannot read $unistd" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A private asm/bitsperlong.h so the host's own (x86-64) headers play no part.
mkdir -p "$tmp/asm"
echo '#define __BITS_PER_LONG 64' > "$tmp/asm/bitsperlong.h"

# What arch/riscv/include/uapi/asm/unistd.h does for a 64-bit (non-compat) build.
cat > "$tmp/riscv.h" <<EOF
#define __LP64__ 1
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_SYS_CLONE3
#define __ARCH_WANT_MEMFD_SECRET
#include "$unistd"
#ifndef __NR_riscv_hwprobe
#define __NR_riscv_hwprobe (__NR_arch_specific_syscall + 14)
#endif
#ifndef __NR_riscv_flush_icache
#define __NR_riscv_flush_icache (__NR_arch_specific_syscall + 15)
#endif
EOF

# Every __NR_<name> macro (not __NR3264_*, not the bookkeeping ones).
"$cpp" -undef -nostdinc -I"$tmp" -dM "$tmp/riscv.h" |
    sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' |
    grep -v -x -e syscalls -e arch_specific_syscall | sort -u > "$tmp/names"

# Expand each name to its value with the same preprocessor, then evaluate the arithmetic.
{
    echo "#include \"$tmp/riscv.h\""
    while read -r n; do echo "RV_NR_ROW $n __NR_$n"; done < "$tmp/names"
} > "$tmp/expand.h"
"$cpp" -undef -nostdinc -I"$tmp" -P "$tmp/expand.h" | grep '^RV_NR_ROW ' > "$tmp/rows"
# (not a pipeline into the loop: an error inside it must stop the script)
while read -r _ name value; do
    case $value in
        *[!0-9\ \(\)+]*) echo "$0: cannot evaluate __NR_$name = $value" >&2; exit 1 ;;
    esac
    # shellcheck disable=SC2004  # $value is an expression such as (244 + 14), not a name
    echo "$(( $value )) $name"
done < "$tmp/rows" > "$tmp/unsorted"
# Syscalls newer than many hosts' headers (Debian 12's stop at 450): the generic table's numbers,
# fixed once a release has them; a row the headers also have is not added twice.
while read -r nr name; do
    grep -q " $name\$" "$tmp/unsorted" || echo "$nr $name" >> "$tmp/unsorted"
done <<'NEWER'
451 cachestat
452 fchmodat2
453 map_shadow_stack
454 futex_wake
455 futex_wait
456 futex_requeue
457 statmount
458 listmount
459 lsm_get_self_attr
460 lsm_set_self_attr
461 lsm_list_modules
462 mseal
463 setxattrat
464 getxattrat
465 listxattrat
466 removexattrat
467 open_tree_attr
NEWER
sort -n -k1,1 -k2,2 "$tmp/unsorted" > "$tmp/table"

[ -s "$tmp/table" ] || { echo "$0: no syscalls found in $unistd" >&2; exit 1; }
dups=$(cut -d' ' -f1 "$tmp/table" | uniq -d)
[ -z "$dups" ] || { echo "$0: numbers used twice: $dups" >&2; exit 1; }
max=$(tail -n 1 "$tmp/table" | cut -d' ' -f1)

cat <<EOF
/*
 * abi/syscall_nr.h - riscv64 Linux syscall numbers and names. GENERATED, do not edit:
 *
 *     abi/gen-syscall-nr.sh $unistd > abi/syscall_nr.h
 *
 * from the kernel's generic table as arch/riscv/include/uapi/asm/unistd.h uses it for a 64-bit
 * build (__ARCH_WANT_NEW_STAT, __ARCH_WANT_SET_GET_RLIMIT, __ARCH_WANT_SYS_CLONE3,
 * __ARCH_WANT_MEMFD_SECRET, __NR3264_* names resolved to their 64-bit meaning) plus the riscv
 * calls riscv_hwprobe (258) and riscv_flush_icache (259), and the generic table's calls
 * from 451 on that the headers may predate (the script's NEWER list).
 *
 * RV_NR_<name>       the guest number of each syscall
 * RV_NR_MAX          the highest number in the table
 * RV_SYSCALL_LIST(X) X(nr, name) for every syscall the kernel knows, implemented by crossrun or
 *                    not, so messages and --strace can name any number the guest uses.
 */
#ifndef CROSSRUN_ABI_SYSCALL_NR_H
#define CROSSRUN_ABI_SYSCALL_NR_H

EOF
while read -r nr name; do
    printf '#define RV_NR_%-28s %s\n' "$name" "$nr"
done < "$tmp/table"
printf '\n#define RV_NR_MAX %s\n\n#define RV_SYSCALL_LIST(X) \\\n' "$max"
while read -r nr name; do
    printf '    X(%s, %s) \\\n' "$nr" "$name"
done < "$tmp/table"
printf '    /* end */\n\n#endif\n'
