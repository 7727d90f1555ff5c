#!/bin/sh
# liburing.sh: Debian's liburing built natively and for riscv64 (its own configure and Makefiles),
# then its examples, a chosen part of its test suite and liburing_ops.c (crossrun's own program on
# the library) run both ways (the riscv64 builds under
# the runner). The examples copy and read a file (io_uring-cp, link-cp, io_uring-test): their
# output and the copies must match. The tests are the ones for the features crossrun keeps (see
# doc/syscalls.md for what it refuses: SQPOLL, sendmsg/recvmsg, provided buffer rings...), so a
# test that passes natively and not under crossrun is a bug. Left out for SQPOLL parts that fail
# on EPERM: futex, read-before-exit, single-issuer, socket. LIBURING_TESTS= overrides the list.
. "$(dirname "$0")/common.sh"
fetch_source liburing
tests=${LIBURING_TESTS:-"nop nop-all-sizes read-write openat2 statx open-close lfs-openat fsync
    link link_drain link-timeout timeout poll poll-many probe fixed-buf-iter file-register
    cq-full cq-overflow cq-size eventfd eventfd-ring splice madvise fadvise rename unlink mkdir
    symlink hardlink teardowns defer-taskrun submit-reuse wakeup-hang
    fc2a85cb02ef 35fa71a030ca shutdown accept connect exit-no-cleanup ring-leak self sq-full
    sq-space_left register-restrictions"}
data="$work/liburing-data"
head -c 3000000 /dev/urandom > "$data" 2>/dev/null || { echo "SKIP: no /dev/urandom"; exit 77; }
for side in native cross; do
    b="$work/liburing-$side"
    cc=gcc; cxx=g++; run=; tag=native
    [ $side = cross ] &&
        { cc=riscv64-linux-gnu-gcc; cxx=riscv64-linux-gnu-g++; run=$runner; tag=$runner; }
    if ! built "$b" $tag; then
        rm -rf "$b"
        cp -r "$work/liburing-src" "$b"
        (cd "$b" && ./configure --cc=$cc --cxx=$cxx && make -C src -j2 &&
         make -C examples -j2 io_uring-cp io_uring-test link-cp &&
         make -C test -j2 $(for t in $tests; do printf '%s.t ' "$t"; done)) > "$b.log" 2>&1 &&
            built_ok "$b" $tag
    fi
    : > "$b.pass"; : > "$b.fail"; : > "$b.skip"
    # the examples: their output and the copies they make
    for ex in io_uring-cp link-cp; do
        rm -f "$b/$ex.copy"
        if (cd "$b/examples" && $run ./$ex "$data" "$b/$ex.copy") >> "$b.log" 2>&1 &&
            cmp -s "$data" "$b/$ex.copy"; then echo "examples/$ex" >> "$b.pass"
        else echo "examples/$ex" >> "$b.fail"; fi
    done
    # io_uring-test reads the file's start with readv: the same line both ways
    (cd "$b/examples" && $run ./io_uring-test "$data") > "$b.io_uring-test.out" 2>&1 || true
    if grep -q '^Submitted=4, completed=4, bytes=' "$b.io_uring-test.out" &&
        cmp -s "$work/liburing-native.io_uring-test.out" "$b.io_uring-test.out"; then
        echo examples/io_uring-test >> "$b.pass"
    else echo examples/io_uring-test >> "$b.fail"; fi
    # crossrun's own program on the library: the same output both ways
    $cc -O2 -I"$b/src/include" -o "$b/liburing_ops" "$here/liburing_ops.c" "$b/src/liburing.a" \
        >> "$b.log" 2>&1 || true
    (cd "$b" && $run ./liburing_ops) > "$b.liburing_ops.out" 2>&1 || true
    if grep -q '^write: 20' "$b.liburing_ops.out" && ! grep -q 'NO$' "$b.liburing_ops.out" &&
        cmp -s "$work/liburing-native.liburing_ops.out" "$b.liburing_ops.out"; then
        echo liburing_ops >> "$b.pass"
    else echo liburing_ops >> "$b.fail"; fi
    # the tests: exit 0 passes, 77 skips (T_EXIT_SKIP)
    start=$(date +%s)
    for t in $tests; do
        rc=0
        (cd "$b/test" && timeout 60 $run ./$t.t) >> "$b.log" 2>&1 || rc=$?
        case $rc in
        0) echo "test/$t" >> "$b.pass" ;;
        77) echo "test/$t" >> "$b.skip" ;;
        *) echo "test/$t" >> "$b.fail" ;;
        esac
    done
    eval "secs_$side=$(($(date +%s) - start))"
done
report liburing "examples and $(echo $tests | wc -w) tests, run directly" \
    "$work/liburing-native" "$work/liburing-cross" $secs_native $secs_cross
