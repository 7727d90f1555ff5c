#!/bin/sh
# gcc_make.sh: Debian's riscv64 make, gcc and binutils building a small C project under crossrun.
# `make -j2` (riscv64) runs the recipes (through the riscv64 dash, rm, mv) and the riscv64 gcc driver,
# which starts cc1, as, collect2 and ld: every one of them a riscv64 program that crossrun itself runs
# when its parent calls execve (no binfmt_misc). The driver finds its own files (cc1, crt*.o, libgcc,
# headers, libc.so's linker script) at absolute guest paths, which crossrun's -L lookup resolves in the
# root. The project: a generated header (shell recipe), three sources archived into a library with
# ar, one program linked against it and libm. Checks: make succeeds and runs the recipes it should,
# the objects are RISC-V ELF (e_machine 243 at bytes 18-19), the riscv64 ar lists the archive, the
# program prints under crossrun what the same sources built natively print, make -q sees the tree up
# to date and then out of date after a header changes, and crossrun's --strace log of the build shows
# a system call of each stage (dash, mv, rm, gcc, cc1, as, ar, collect2, ld) made under crossrun.
# The root (make, gcc, libc6-dev, and dash and coreutils for the recipes; ~460 MB with the cached
# .debs; CROSSRUN_GCC_ROOT, default ~/.cache/crossrun/rv64-gcc) is fetched once.
# Time: ~10 CPU-s, ~20-25 s wall in a normal build; ~3.5x the CPU in a sanitizer build, which still
# runs it (gcc is the biggest workload the sanitizers see). Each guest make gets GCC_MAKE_TIMEOUT
# seconds (default 300) so that a loaded machine does not turn slowness into a failure.
own_root=1
. "$(dirname "$0")/common.sh"

for tool in cc make od; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "SKIP: no host $tool (the native build of the same project is the reference)"
        rm -rf "$work"
        exit 77
    fi
done
need_root "${CROSSRUN_GCC_ROOT:-${HOME:-/tmp}/.cache/crossrun/rv64-gcc}" make gcc libc6-dev dash coreutils
make_timeout=${GCC_MAKE_TIMEOUT:-300}
# gcc and ld also search /usr/local/include and /usr/local/lib, which the root lacks, so crossrun's
# lookup (root first, then the host) would hand them the host's x86-64 headers and libraries: empty
# directories in the root shadow them.
mkdir -p "$root/usr/local/include" "$root/usr/local/lib" || exit 99

# Variables of the caller's toolchain or make (the jobserver of `make check`) must not leak into
# either build. The guest's PATH names only the root's directories: an absolute guest path missing
# from the root falls back to the host's, and a host gcc found first would run natively.
unset LIBRARY_PATH CPATH C_INCLUDE_PATH GCC_EXEC_PREFIX COMPILER_PATH MAKEFLAGS MFLAGS MAKELEVEL
# rv [CROSSRUN-OPTION...] PROG ARGS...: the root's /usr/bin/PROG under crossrun, in the current directory
rv() {
    o=
    while [ "${1#-}" != "$1" ]; do o="$o $1"; shift; done
    p=$1
    shift
    timeout -k 5 "$make_timeout" "$runner" ${CROSSRUN_FLAGS:-} $o -L "$root" -E PATH=/usr/bin:/bin \
        "$root/usr/bin/$p" "$@"
}
# machine FILE: the ELF e_machine (243 is EM_RISCV, 62 EM_X86_64), read without file(1)
machine() { od -An -tu2 -j18 -N2 "$1" | tr -d ' '; }
# check LABEL COMMAND...: a PASS or FAIL line for a command that must succeed
check() {
    label=$1
    shift
    if "$@"; then
        echo "PASS $label"
    else
        echo "FAIL $label"
        failed=1
    fi
}

# ---- the project --------------------------------------------------------------------------------
src=$work/src
mkdir -p "$src"
cat > "$src/Makefile" <<'EOF'
# A small project: three library sources archived with ar, a generated header, one program.
CC = gcc
AR = ar
CFLAGS = -O2 -Wall -Wextra -Werror -ffp-contract=off
LIBOBJS = vec.o text.o sortx.o

all: demo

version.h: Makefile
	printf '#define DEMO_VERSION "%s-%d"\n' demo $$((6 * 7)) > $@.tmp && mv $@.tmp $@

%.o: %.c demo.h
	$(CC) $(CFLAGS) -c -o $@ $<

main.o: version.h

libdemo.a: $(LIBOBJS)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJS)

demo: main.o libdemo.a
	$(CC) $(CFLAGS) -o $@ main.o -L. -ldemo -lm

clean:
	rm -f *.o libdemo.a demo version.h
.PHONY: all clean
EOF
cat > "$src/demo.h" <<'EOF'
#ifndef DEMO_H
#define DEMO_H
#include <stddef.h>
struct vec { double x, y, z; };
double vec_dot(struct vec a, struct vec b);
struct vec vec_cross(struct vec a, struct vec b);
double vec_norm(struct vec a);
size_t text_words(const char *s, char out[][32], size_t max);
unsigned long text_hash(const char *s);
void text_rot13(char *s);
void sort_ints(int *v, size_t n);
void sort_words(char v[][32], size_t n);
long long fib(int n);
#endif
EOF
cat > "$src/vec.c" <<'EOF'
#include <math.h>
#include "demo.h"
double vec_dot(struct vec a, struct vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
struct vec vec_cross(struct vec a, struct vec b)
{
    struct vec r = { a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x };
    return r;
}
double vec_norm(struct vec a) { return sqrt(vec_dot(a, a)); }
EOF
cat > "$src/text.c" <<'EOF'
#include <ctype.h>
#include <string.h>
#include "demo.h"
size_t text_words(const char *s, char out[][32], size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        while (*s && !isalnum((unsigned char)*s))
            s++;
        size_t len = 0;
        while (isalnum((unsigned char)s[len]))
            len++;
        if (len == 0)
            break;
        if (len > 31)
            len = 31;
        memcpy(out[n], s, len);
        out[n++][len] = '\0';
        s += len;
        while (isalnum((unsigned char)*s))
            s++;
    }
    return n;
}
unsigned long text_hash(const char *s)
{
    unsigned long h = 5381; /* djb2 */
    while (*s)
        h = h * 33 ^ (unsigned char)*s++;
    return h;
}
void text_rot13(char *s)
{
    for (; *s; s++)
        if (isalpha((unsigned char)*s)) {
            char base = islower((unsigned char)*s) ? 'a' : 'A';
            *s = (char)(base + (*s - base + 13) % 26);
        }
}
EOF
cat > "$src/sortx.c" <<'EOF'
#include <stdlib.h>
#include <string.h>
#include "demo.h"
static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_word(const void *a, const void *b) { return strcmp(a, b); }
void sort_ints(int *v, size_t n) { qsort(v, n, sizeof *v, cmp_int); }
void sort_words(char v[][32], size_t n) { qsort(v, n, sizeof v[0], cmp_word); }
long long fib(int n)
{
    long long a = 0, b = 1;
    while (n-- > 0) {
        long long t = a + b;
        a = b;
        b = t;
    }
    return a;
}
EOF
cat > "$src/main.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include "demo.h"
#include "version.h"
int main(int argc, char **argv)
{
    printf("%s argc=%d\n", DEMO_VERSION, argc);
    struct vec a = { 1.5, -2.0, 3.25 }, b = { 0.5, 4.0, -1.0 };
    struct vec c = vec_cross(a, b);
    printf("dot %.6f cross %.6f %.6f %.6f norm %.12f\n", vec_dot(a, b), c.x, c.y, c.z, vec_norm(c));
    char words[16][32];
    size_t n = text_words("the quick brown fox, jumps over: the lazy dog!", words, 16);
    sort_words(words, n);
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? " " : "", words[i]);
    printf(" (%zu words)\n", n);
    char msg[] = "Hello, RISC-V";
    text_rot13(msg);
    printf("rot13 %s hash %lu\n", msg, text_hash(msg));
    int v[20];
    for (int i = 0; i < 20; i++)
        v[i] = (i * 7919 + 13) % 101 - 50;
    sort_ints(v, 20);
    for (int i = 0; i < 20; i++)
        printf("%d%c", v[i], i == 19 ? '\n' : ' ');
    printf("fib(90) %lld\n", fib(90));
    for (int i = 1; i < argc; i++)
        printf("arg %s\n", argv[i]);
    return (int)(strlen(msg) % 7);
}
EOF
cp -R "$src" "$work/native"
cp -R "$src" "$work/guest"

# ---- the native reference -----------------------------------------------------------------------
if ! (cd "$work/native" && make -s -j2 CC=cc > make.log 2>&1); then
    echo "ERROR: the native build of the project failed:"
    cat "$work/native/make.log"
    exit 99
fi
(cd "$work/native" && ./demo one "two words") > "$work/native.out"
native_status=$?

# ---- the riscv64 build --------------------------------------------------------------------------
# --strace: crossrun logs the system calls of make and of every program started under it, which
# shows below that each stage ran under crossrun (a line is one write(2), so parallel jobs do not
# garble each other's lines).
t0=$(date +%s.%N)
(cd "$work/guest" && rv --strace make -j2) > "$work/make.out" 2> "$work/strace.log"
make_status=$?
t1=$(date +%s.%N)
echo "riscv64 make -j2 (under --strace) took $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s"
if [ $make_status -eq 0 ] && [ -f "$work/guest/demo" ]; then
    echo "PASS make -j2 (exit 0, demo built)"
else
    echo "FAIL make -j2: exit $make_status; its output:"
    tail -n 30 "$work/make.out"
    echo "the last lines of crossrun's own messages:"
    grep -v -e '^\[pid' -e '^[a-z_0-9]*(' "$work/strace.log" | tail -n 10
    [ $make_status = 124 ] && echo "(timed out after ${make_timeout}s)"
    failed=1
    finish
fi
# make echoes every recipe it ran: the generated header, four compiles, the archive and the link.
for want in 'version.h.tmp' '-c -o vec.o vec.c' '-c -o text.o text.c' '-c -o sortx.o sortx.c' \
        '-c -o main.o main.c' 'ar rcs libdemo.a vec.o text.o sortx.o' '-o demo main.o -L. -ldemo -lm'; do
    check "make ran: $want" grep -q -F -e "$want" "$work/make.out"
done
# Every stage ran under crossrun and not as a host program (the root has no host binaries, but a
# path missing from it would fall back to the host's): each pattern is a system call that only that
# stage makes, found in crossrun's log. An execve is logged by its caller, so the execve of cc1
# shows the gcc driver under crossrun and the execve of ld shows collect2.
for want in 'openat(AT_FDCWD, "version.h.tmp", O_WRONLY|O_CREAT|O_TRUNC:dash (the > redirection)' \
        'AT_FDCWD, "version.h.tmp", AT_FDCWD, "version.h":mv (the rename)' \
        'execve("/usr/libexec/gcc/riscv64-linux-gnu/14/cc1":the gcc driver (exec of cc1)' \
        'openat(AT_FDCWD, "demo.h", O_RDONLY:cc1 (reads the header)' \
        'openat(AT_FDCWD, "vec.o", O_RDWR|O_CREAT|O_TRUNC:as (writes the object)' \
        'unlinkat(AT_FDCWD, "libdemo.a":rm' \
        'openat(AT_FDCWD, "libdemo.a", O_RDWR|O_CREAT|O_TRUNC:ar (writes the archive)' \
        'execve("/usr/bin/ld":collect2 (exec of ld)' \
        'openat(AT_FDCWD, "./libdemo.a", O_RDONLY:ld (reads the archive)'; do
    check "--strace log shows ${want#*:} under crossrun" grep -q -F -e "${want%%:*}" "$work/strace.log"
done
# crossrun's own warnings (an unsupported syscall or flag) would also land in the programs' stderr
if grep '^crossrun:' "$work/strace.log" > "$work/warnings"; then
    echo "FAIL crossrun warned during the build:"
    sort "$work/warnings" | uniq -c | head -n 10
    failed=1
else
    echo "PASS no crossrun warnings during the build"
fi
for f in vec.o text.o sortx.o main.o demo; do
    m=$(machine "$work/guest/$f")
    check "$f is a RISC-V ELF (e_machine $m)" [ "$m" = 243 ]
done
check "native demo is not RISC-V (the check can tell)" [ "$(machine "$work/native/demo")" != 243 ]
check "libdemo.a is an ar archive" [ "$(head -c 7 "$work/guest/libdemo.a")" = "!<arch>" ]
(cd "$work/guest" && rv ar t libdemo.a) > "$work/ar.out" 2>&1
printf 'vec.o\ntext.o\nsortx.o\n' > "$work/ar.expected"
compare_files "riscv64 ar t libdemo.a" "$work/ar.expected" "$work/ar.out" 0 $?

# the program built by the riscv64 toolchain, run under crossrun, against the native build
(cd "$work/guest" && timeout -k 5 "$timeout_s" "$runner" ${CROSSRUN_FLAGS:-} -L "$root" ./demo one "two words") \
    > "$work/guest.out" 2> "$work/guest.err"
compare_files "demo prints what the native build prints" "$work/native.out" "$work/guest.out" $native_status $?
check "demo exits with status 6 (as natively)" [ "$native_status" = 6 ]

# make's view of timestamps: up to date, then out of date once the header is newer
(cd "$work/guest" && rv make -q) > "$work/q.out" 2>&1
check "make -q: up to date after the build" [ $? = 0 ]
touch "$work/guest/demo.h"
(cd "$work/guest" && rv make -q) > "$work/q.out" 2>&1
check "make -q: out of date after touching demo.h" [ $? = 1 ]
finish
