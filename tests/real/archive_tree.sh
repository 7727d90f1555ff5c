#!/bin/sh
# archive_tree.sh: whole directory trees written and read by riscv64 programs under crossrun, checked by
# the host: busybox tar cf (a single process) then host tar reads it, busybox tar xf of its own and of the
# host's archive, busybox gzip/gunzip against host gzip, busybox cp -a and coreutils cp -a / mv / rm -r.
# A tree is compared with `diff -r` plus an `ls -lnR` listing (modes, sizes, times, symlink targets).
. "$(dirname "$0")/common.sh"

make_tree "$work/tree"
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "%06d some compressible text %d\n", i, i % 17 }' > "$work/tree/sub/big"
touch -d '2021-03-04 05:06:07' "$work/tree/sub/big" "$work/tree/sub"

# same_tree LABEL DIR-A DIR-B [GUEST-STATUS [loose]]: contents, modes, sizes, mtimes, symlink targets.
# "loose" ignores the mtimes of directories and symlinks: busybox tar and cp do not restore those (on
# any machine), so only file times are compared for busybox.
same_tree() {
    times='{ print }'
    [ "${5:-}" = loose ] && times='/^[dl]/ { $6 = "-" } { print }'
    (cd "$work" && diff -r "$2" "$3" && (cd "$2" && ls -lnR --time-style=+%s .) | awk "$times" > "$work/tree.a" &&
        (cd "$3" && ls -lnR --time-style=+%s .) | awk "$times" > "$work/tree.b" &&
        diff "$work/tree.a" "$work/tree.b") > "$work/tree.diff" 2>&1
    compare_files "$1" /dev/null "$work/tree.diff" 0 "${4:-0}"
}

# tar: the guest archives, the host lists and extracts
(cd "$work" && bb tar cf guest.tar -C tree .) > /dev/null 2> "$work/guest.err"
s=$?
(cd "$work" && tar cf host.tar -C tree . && tar tvf host.tar --numeric-owner | sort > host.list &&
    tar tvf guest.tar --numeric-owner | sort > guest.list) 2>> "$work/guest.err"
compare_files "busybox tar cf: host tar tvf lists the same entries" "$work/host.list" "$work/guest.list" 0 $s
mkdir -p "$work/x-host"
tar xf "$work/guest.tar" -C "$work/x-host" 2> "$work/guest.err"
same_tree "busybox tar cf: host tar xf gives the same tree" tree x-host $?

# the guest extracts its own archive and the host's
mkdir -p "$work/x-guest" "$work/x-guest2"
(cd "$work" && bb tar xf guest.tar -C x-guest) > /dev/null 2> "$work/guest.err"
same_tree "busybox tar xf of its own archive" tree x-guest $? loose
(cd "$work" && bb tar xf host.tar -C x-guest2) > /dev/null 2> "$work/guest.err"
same_tree "busybox tar xf of the host's archive" tree x-guest2 $? loose
same "busybox tar tf" tar tf host.tar -- bb tar tf host.tar

# gzip both ways (in-process compression, no fork)
gzip -9 -c "$work/tree/sub/big" > "$work/big.host.gz"
(cd "$work" && bb gzip -c tree/sub/big > big.guest.gz) 2> "$work/guest.err"
s=$?
gunzip -c "$work/big.guest.gz" > "$work/big.from-guest" 2>> "$work/guest.err"
compare_files "busybox gzip -c, host gunzip" "$work/tree/sub/big" "$work/big.from-guest" 0 $s
same "busybox gunzip -c of the host's gzip" cat tree/sub/big -- bb gunzip -c big.host.gz

# copies by the guest
(cd "$work" && bb cp -a tree bb-copy) > /dev/null 2> "$work/guest.err"
same_tree "busybox cp -a tree" tree bb-copy $? loose
(cd "$work" && cu cp -a tree cu-copy) > /dev/null 2> "$work/guest.err"
same_tree "coreutils cp -a tree" tree cu-copy $?
(cd "$work" && cu mv cu-copy cu-moved) > /dev/null 2> "$work/guest.err"
s=$?
[ -d "$work/cu-copy" ] && echo "cu-copy still there" > "$work/mv.diff" || : > "$work/mv.diff"
compare_files "coreutils mv of a directory" /dev/null "$work/mv.diff" 0 $s
same_tree "coreutils mv keeps the tree" tree cu-moved
(cd "$work" && cu rm -r cu-moved bb-copy) > /dev/null 2> "$work/guest.err"
s=$?
ls "$work" | grep -E 'cu-moved|bb-copy' > "$work/rm.left"
compare_files "coreutils rm -r removes both trees" /dev/null "$work/rm.left" 0 $s
(cd "$work" && cu mkdir -p a/b/c && cu ln -s f a/b/c/ln && cu touch -d @1000000000 a/b/c/f &&
    cu chmod 0640 a/b/c/f && cu touch -h -d @1000000001 a/b/c/ln) > /dev/null 2> "$work/guest.err"
s=$?
(cd "$work" && mkdir -p h/b/c && ln -s f h/b/c/ln && touch -d @1000000000 h/b/c/f && chmod 0640 h/b/c/f &&
    touch -h -d @1000000001 h/b/c/ln && touch -d @1000000002 a/b/c h/b/c a/b h/b)
compare_files "coreutils mkdir -p, ln -s, touch -d, touch -h, chmod (status)" /dev/null /dev/null 0 $s
same_tree "coreutils mkdir -p, ln -s, touch -d, touch -h, chmod (tree)" a h
finish
