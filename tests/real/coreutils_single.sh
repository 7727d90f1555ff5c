#!/bin/sh
# coreutils_single.sh: Debian's riscv64 GNU coreutils (dynamically linked, run with -L on the fetched
# root) against the host's GNU coreutils, one process per command: ls -ln of a prepared tree, sort of a
# generated file, sha256sum, wc, cat of a large file, od, cp -r, stat, head/tail, uniq, tr, seq.
# Owners are printed numerically (-n), so no passwd lookup is involved.
. "$(dirname "$0")/common.sh"

make_tree "$work/tree"
# 200000 lines of pseudo-random words with duplicates, for sort/uniq/wc
awk 'BEGIN { x = 1; for (i = 0; i < 200000; i++) { x = (x * 1103515245 + 12345) % 2147483648;
     printf "%s%d %d\n", substr("abcdefghijklmnopqrstuvwxyz", x % 26 + 1, 1 + x % 5), x % 1000, i } }' > "$work/words"
# about 8 MiB for cat
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "%08d the quick brown fox jumps over the lazy dog\n", i }' > "$work/large"

same "ls -ln --time-style=+%s tree" ls -ln --time-style=+%s tree -- cu ls -ln --time-style=+%s tree
same "ls -lnR tree" ls -lnR --time-style=+%F_%T tree -- cu ls -lnR --time-style=+%F_%T tree
same "ls -1a tree/sub" ls -1a tree/sub -- cu ls -1a tree/sub
same "sort words" sort words -- cu sort words
same "sort -k2,2n -r words" sort -k2,2n -r words -- cu sort -k2,2n -r words
same "sort -u -t' ' -k1,1 words" sort -u "-t " -k1,1 words -- cu sort -u "-t " -k1,1 words
same "sha256sum" sha256sum words large tree/sub/binary.bin tree/empty -- \
    cu sha256sum words large tree/sub/binary.bin tree/empty
same "md5sum" md5sum words large -- cu md5sum words large
same "wc" wc words large tree/hello.txt -- cu wc words large tree/hello.txt
same "cat large" cat large -- cu cat large
same "cat -n words" cat -n words -- cu cat -n words
same "od -An -tx1 binary" od -An -tx1 tree/sub/binary.bin -- cu od -An -tx1 tree/sub/binary.bin
same "od -c -w8 hello" od -c -w8 tree/hello.txt -- cu od -c -w8 tree/hello.txt
# head and tail as separate guest processes
(cd "$work" && cu head -c 1000 large) > "$work/ht.guest" 2> "$work/guest.err"; s1=$?
(cd "$work" && cu tail -n 7 words) >> "$work/ht.guest" 2>> "$work/guest.err"; s2=$?
{ head -c 1000 "$work/large"; tail -n 7 "$work/words"; } > "$work/ht.host"
compare_files "head -c 1000 large; tail -n 7 words" "$work/ht.host" "$work/ht.guest" 0 "$((s1 + s2))"
cut -d' ' -f1 "$work/words" | sort > "$work/col1"
same "uniq -c col1" uniq -c col1 -- cu uniq -c col1
tr a-z A-Z < "$work/words" > "$work/tr.host"
timeout -k 5 "$timeout_s" "$runner" ${CROSSRUN_FLAGS:-} -L "$root" "$root/usr/bin/tr" a-z A-Z < "$work/words" \
    > "$work/tr.guest" 2> "$work/guest.err"
compare_files "tr a-z A-Z < words (stdin from a file)" "$work/tr.host" "$work/tr.guest" 0 $?
# a UTF-8 locale, as users have it: setlocale loads the locale files (through -L, falling back to the
# host's /usr/lib/locale/C.utf8), and glibc's locale code takes locks on the way
printf 'z\n\303\251t\303\251\na\n\303\205ngstr\303\266m\nstra\303\237e\n' > "$work/utf8"
LC_ALL=C.UTF-8
same "sort in C.UTF-8" sort utf8 -- cu sort utf8
same "wc -m in C.UTF-8" wc -m utf8 -- cu wc -m utf8
same "ls -ln in C.UTF-8" ls -ln --time-style=+%s tree -- cu ls -ln --time-style=+%s tree
LC_ALL=C
same "seq 1 3 100000" seq 1 3 100000 -- cu seq 1 3 100000
same "seq -f %.3f 0 0.25 3" seq -f %.3f 0 0.25 3 -- cu seq -f %.3f 0 0.25 3
same "stat -c" stat -c '%n %s %a %F %Y' tree/hello.txt tree/sub tree/other/link tree/empty -- \
    cu stat -c '%n %s %a %F %Y' tree/hello.txt tree/sub tree/other/link tree/empty
same "readlink" readlink tree/other/link -- cu readlink tree/other/link
# (directory sizes differ between filesystems and coreutils versions: files only)
same "du -b of files" du -b tree/sub/numbers tree/sub/binary.bin -- cu du -b tree/sub/numbers tree/sub/binary.bin
same "date -d @1700000000" date -u -d @1700000000 '+%F %T %A %j' -- cu date -u -d @1700000000 '+%F %T %A %j'
same "expr / factor" factor 600851475143 1234567890123 -- cu factor 600851475143 1234567890123
same "exit status of false" false -- cu false
same "exit status of ls on a missing file" ls no-such-file -- cu ls no-such-file

# cp -r by the guest, then the host compares the copy with the original
rm -rf "$work/copy"
(cd "$work" && cu cp -a tree copy) > "$work/guest.out" 2> "$work/guest.err"
s=$?
(cd "$work" && diff -r tree copy && (cd tree && ls -lnR --time-style=+%s .) > a &&
    (cd copy && ls -lnR --time-style=+%s .) > b && diff a b) > "$work/cp.diff" 2>&1
compare_files "cp -a tree copy: same contents, modes, times, symlinks" /dev/null "$work/cp.diff" 0 $s
rm -rf "$work/copy2"
(cd "$work" && cu cp -r tree copy2) > "$work/guest.out" 2> "$work/guest.err"
s=$?
diff -r "$work/tree" "$work/copy2" > "$work/cp.diff" 2>&1
compare_files "cp -r tree copy2: same contents" /dev/null "$work/cp.diff" 0 $s
finish
