#!/bin/sh
# busybox_single.sh: Debian's riscv64 busybox-static under crossrun, one process per command (no fork
# needed): text tools compared with the host's GNU tools on the same files (column padding, which differs
# between busybox and GNU, is squeezed first where noted), and busybox sh running only builtins.
. "$(dirname "$0")/common.sh"

make_tree "$work/tree"
awk 'BEGIN { x = 7; for (i = 0; i < 50000; i++) { x = (x * 69069 + 1) % 4294967296;
     printf "%s %d\n", substr("zyxwvutsrqponmlkjihgfedcba", x % 26 + 1, 1 + x % 4), x % 997 } }' > "$work/words"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%06d lorem ipsum dolor sit amet\n", i }' > "$work/large"
cut -d' ' -f1 "$work/words" | sort > "$work/col1"

same "sort" sort words -- bb sort words
same "sort -n -k2 -s" sort -n -k2 -s words -- bb sort -n -k2 -s words
same "sort -r -u" sort -r -u words -- bb sort -r -u words
same "sha256sum" sha256sum words large tree/sub/binary.bin tree/empty -- \
    bb sha256sum words large tree/sub/binary.bin tree/empty
same "md5sum" md5sum words large -- bb md5sum words large
same "cat large" cat large -- bb cat large
same "od -An -tx1" od -An -tx1 tree/sub/binary.bin -- bb od -An -tx1 tree/sub/binary.bin
same "head -n 5 / tail -c 100" head -n 5 large -- bb head -n 5 large
same "tail -c 100" tail -c 100 large -- bb tail -c 100 large
same "grep -c" grep -c 'z.* 9' words -- bb grep -c 'z.* 9' words
same "grep -n -E" grep -n -E '^(zy|ab) 1[0-9]$' words -- bb grep -n -E '^(zy|ab) 1[0-9]$' words
same "sed" sed -n 's/^\([a-z]*\) \(9[0-9]\)$/\2:\1/p' words -- bb sed -n 's/^\([a-z]*\) \(9[0-9]\)$/\2:\1/p' words
same "cut -d' ' -f2" cut "-d " -f2 words -- bb cut "-d " -f2 words
same "awk sum" awk '{ s += $2; n++ } END { print n, s, s / n }' words -- \
    bb awk '{ s += $2; n++ } END { print n, s, s / n }' words
filtered sort "awk printf %x and arrays (sorted)" awk '{ c[$1]++ } END { for (k in c) if (c[k] > 700) printf "%s %x\n", k, c[k] }' words \
    -- bb awk '{ c[$1]++ } END { for (k in c) if (c[k] > 700) printf "%s %x\n", k, c[k] }' words
same "seq 5 7 1000" seq 5 7 1000 -- bb seq 5 7 1000
same "ls -1a tree/sub" ls -1a tree/sub -- bb ls -1a tree/sub
filtered sort "find tree (sorted)" find tree -- bb find tree
same "find tree -type f -name '*.txt'" find tree -type f -name '*.txt' -- bb find tree -type f -name '*.txt'
same "stat -c" stat -c '%n %s %a %Y' tree/hello.txt tree/other/link tree/empty -- \
    bb stat -c '%n %s %a %Y' tree/hello.txt tree/other/link tree/empty
same "readlink" readlink tree/other/link -- bb readlink tree/other/link
same "basename / expr" expr 123456789 '*' 1000 -- bb expr 123456789 '*' 1000
same "printf" printf '%5d|%-4s|%x|%o|%c\n' 42 ab 255 8 z -- bb printf '%5d|%-4s|%x|%o|%c\n' 42 ab 255 8 z
same "date -u -d @" date -u -d @1700000000 '+%Y-%m-%d %H:%M:%S' -- bb date -u -d @1700000000 '+%Y-%m-%d %H:%M:%S'
same "false exit status" false -- bb false
same "cat missing file exit status" cat no-such-file -- bb cat no-such-file
filtered "$squeeze" "uniq -c" uniq -c col1 -- bb uniq -c col1
filtered "$squeeze" "wc" wc words large tree/hello.txt -- bb wc words large tree/hello.txt
tr a-y b-z < "$work/words" > "$work/tr.host"
(cd "$work" && timeout -k 5 "$timeout_s" "$runner" ${CROSSRUN_FLAGS:-} "$root/usr/bin/busybox" tr a-y b-z \
    < words > tr.guest 2> guest.err)
compare_files "tr a-y b-z < words (stdin from a file)" "$work/tr.host" "$work/tr.guest" 0 $?

# busybox sh with builtins only: variables, arithmetic, loops, case, functions, parameter expansion
cat > "$work/sh.expected" <<'EXP'
1 3 odd
2 6 even
3 9 odd
4 12 even
sum=55 len=11 upper-ish=HELLO_world prefix=hello suffix=world
f: 3 args, second=b c
exit status of false: 1
EXP
(cd "$work" && bb sh -c '
x=3
for i in 1 2 3 4; do
  case $((i % 2)) in 0) p=even ;; *) p=odd ;; esac
  echo $i $((x * i)) $p
done
s=0; i=1
while [ $i -le 10 ]; do s=$((s + i)); i=$((i + 1)); done
v=hello_world
echo "sum=$s len=${#v} upper-ish=HELLO_${v#*_} prefix=${v%_*} suffix=${v##*_}"
f() { echo "f: $# args, second=$2"; }
f a "b c" d
false; echo "exit status of false: $?"
') > "$work/sh.out" 2> "$work/guest.err"
compare_files "busybox sh -c with builtins only" "$work/sh.expected" "$work/sh.out" 0 $?
finish
