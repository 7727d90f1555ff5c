#!/bin/sh
# xz-utils.sh: xz-utils' liblzma test programs, autotools recipe: ./configure --host=riscv64-linux-gnu
# then `make check LOG_COMPILER=crossrun-wrapper`. --disable-shared: with a shared liblzma the tests
# are libtool wrapper scripts (host shell scripts exec'ing riscv64 ELF), which need binfmt_misc.
# The seven script tests (test_files.sh, test_compress_generated_*, test_scripts.sh, test_suffix.sh,
# test_compress.sh) exec the riscv64 xz from a host shell: binfmt-dependent, not run here.
. "$(dirname "$0")/common.sh"
fetch_source xz-utils
src="$work/xz-utils-src"
ctests="test_check test_hardware test_stream_flags test_filter_flags test_filter_str test_block_header
test_index test_index_hash test_bcj_exact_size test_memlimit test_lzip_decoder test_vli test_microlzma"
conf="--disable-shared --disable-doc --disable-nls --disable-xz --disable-xzdec --disable-lzmadec
--disable-lzmainfo --disable-scripts"
for side in native cross; do
    rm -rf "$work/xz-$side"; mkdir -p "$work/xz-$side"
    host=; logc=
    [ $side = cross ] && { host=--host=riscv64-linux-gnu; logc="LOG_COMPILER=$runner"; }
    (cd "$work/xz-$side" && "$src/configure" -q $host $conf && make -j2 > build.log 2>&1 &&
        make -C tests -j2 check TESTS=) > /dev/null 2>&1
    timed run make -C "$work/xz-$side/tests" -j2 check-TESTS $logc TESTS="$(echo $ctests)" > "$work/xz-$side.log" 2>&1
    eval "secs_$side=$secs"
    grep -l ':test-result: PASS' "$work"/xz-$side/tests/*.trs 2>/dev/null | sed 's,.*/,,; s,\.trs$,,' > "$work/xz-$side.pass"
done
report xz-utils "autotools LOG_COMPILER" "$work/xz-native.pass" "$work/xz-cross.pass" \
    $(echo $ctests | wc -w) $secs_native $secs_cross
