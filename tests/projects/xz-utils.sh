#!/bin/sh
# xz-utils.sh: xz-utils' test suite, autotools recipe: ./configure --host=riscv64-linux-gnu.
# Without binfmt_misc: --disable-shared (with a shared liblzma the tests are libtool wrapper scripts,
# host shell scripts exec'ing riscv64 ELF) and `make check LOG_COMPILER=crossrun` on the 13 compiled
# liblzma test programs; the 6 script tests (test_files.sh, test_compress_generated_{abc,random,text}
# running test_compress.sh, test_scripts.sh, test_suffix.sh) exec the riscv64 xz, xzgrep's xz etc.
# from a host shell and are left out. Under run.sh --binfmt: the default configuration (shared
# libraries, all tools and scripts) and the full `make check`, all 19 tests, with no LOG_COMPILER:
# everything riscv64 starts through binfmt_misc.
. "$(dirname "$0")/common.sh"
fetch_source xz-utils
src="$work/xz-utils-src"
ctests="test_check test_hardware test_stream_flags test_filter_flags test_filter_str test_block_header
test_index test_index_hash test_bcj_exact_size test_memlimit test_lzip_decoder test_vli test_microlzma"
conf="--disable-shared --disable-doc --disable-nls --disable-xz --disable-xzdec --disable-lzmadec
--disable-lzmainfo --disable-scripts"
[ "$binfmt" = 1 ] && conf="--disable-doc --disable-nls"
for side in native cross; do
    b="$work/xz-$side"; [ "$binfmt" = 1 ] && b="$work/xz-full-$side"
    host=; logc=
    [ $side = cross ] && host=--host=riscv64-linux-gnu
    [ $side = cross ] && [ "$binfmt" != 1 ] && logc="LOG_COMPILER=$runner"
    # build the library, tools and test programs first, so that the timed part only runs tests
    # (the build does not depend on the runner: one tag for both)
    if ! built "$b" $side; then
        rm -rf "$b"; mkdir -p "$b"
        (cd "$b" && "$src/configure" -q $host $conf && make -j2 > build.log 2>&1 &&
            make -C tests -j2 check TESTS=) > /dev/null 2>&1 && built_ok "$b" $side
    fi
    if [ "$binfmt" = 1 ]; then
        timed make -C "$b" -j2 check > "$b.log" 2>&1
    else
        timed make -C "$b/tests" -j2 check $logc TESTS="$(echo $ctests)" > "$b.log" 2>&1
    fi
    eval "secs_$side=$secs cpu_$side=$cpu"
    trs_results "$b/tests" "$b"
done
b="$work/xz"; [ "$binfmt" = 1 ] && b="$work/xz-full"
how="autotools, make check LOG_COMPILER"
[ "$binfmt" = 1 ] && how="autotools, make check via binfmt_misc"
report xz-utils "$how" "$b-native" "$b-cross" $secs_native $secs_cross $cpu_native $cpu_cross
