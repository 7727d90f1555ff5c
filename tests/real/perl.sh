#!/bin/sh
# perl.sh: Debian's riscv64 perl (dynamic, with its core modules) under crossrun, compared with the
# host's perl running the same code: tests/real/perl_features.pl (regexes, hashes, sort, float
# formatting, pack/unpack, fork/wait, pipe opens, backticks, alarm, TCP over 127.0.0.1, File::Find,
# File::Temp, Digest::MD5), a -n/-i one-liner editing a file in place, and a module loaded by name.
# The riscv64 perl (Debian's current stable) may be a newer release than the host's, so the
# cases print nothing version-dependent, and only stdout and the exit status are compared.
# The root lives in its own cache directory, CROSSRUN_PERL_ROOT (default ~/.cache/crossrun/rv64-perl).
own_root=1
. "$(dirname "$0")/common.sh"

if ! perl -MDigest::MD5 -MStorable -MList::Util -MFile::Find -MFile::Temp -MIO::Socket::INET -e 1 2>/dev/null; then
    echo "SKIP: no host perl with its core modules (Debian package perl) to compare with"
    rm -rf "$work"
    exit 77
fi
need_root "${CROSSRUN_PERL_ROOT:-${HOME:-/tmp}/.cache/crossrun/rv64-perl}" perl
script=$(cd "${srcdir:-.}/tests/real" && pwd)/perl_features.pl

# rvperl ARGS...: the riscv64 perl. The perl root has no shell or coreutils, so the sh and tr that
# perl_features.pl starts are the host's (crossrun hands a host program to the host's execve); the
# gcc_make.sh and busybox tests cover riscv64 children exec'd by a riscv64 parent.
rvperl() { timeout -k 5 "$timeout_s" "$runner" ${CROSSRUN_FLAGS:-} -L "$root" "$root/usr/bin/perl" "$@"; }
edit='s/(\w+)/\U$1/; $_ = reverse'
host_edit() { perl -i.bak -pe "$edit" edit-host.txt && cat edit-host.txt edit-host.txt.bak; }
guest_edit() { rvperl -i.bak -pe "$edit" edit-guest.txt && cat edit-guest.txt edit-guest.txt.bak; }

same "perl_features.pl" perl "$script" -- rvperl "$script"
if grep '^crossrun:' "$work/guest.err"; then
    echo "FAIL crossrun warned while perl_features.pl ran (above)"
    failed=1
fi

seq 1 200 > "$work/nums"
printf 'alpha beta\ngamma delta\n' > "$work/edit.txt"
same "perl -lne with a hash and sort" perl -lne '$h{$_ % 9} += $_; END { print "$_=$h{$_}" for sort keys %h }' nums \
    -- rvperl -lne '$h{$_ % 9} += $_; END { print "$_=$h{$_}" for sort keys %h }' nums
cp "$work/edit.txt" "$work/edit-host.txt"
cp "$work/edit.txt" "$work/edit-guest.txt"
same "perl -i.bak -pe (in-place edit: rename and rewrite)" host_edit -- guest_edit
same "List::Util, POSIX, Storable round trip" perl -MList::Util=sum,max,shuffle -MPOSIX=strftime -MStorable=freeze,thaw \
    -e 'srand 7; my @s = shuffle 1..50; print sum(@s), " ", max(@s), " ", strftime("%Y-%m-%d", gmtime 86400 * 12345), " ", join(",", @{ thaw(freeze([1, [2, 3], {a => 4}]))->[1] }), "\n"' \
    -- rvperl -MList::Util=sum,max,shuffle -MPOSIX=strftime -MStorable=freeze,thaw \
    -e 'srand 7; my @s = shuffle 1..50; print sum(@s), " ", max(@s), " ", strftime("%Y-%m-%d", gmtime 86400 * 12345), " ", join(",", @{ thaw(freeze([1, [2, 3], {a => 4}]))->[1] }), "\n"'
finish
