#!/bin/sh
# tests/deb.sh - `make check-deb`: issue 14's Debian package, as a user would meet it.
#   1. dpkg-buildpackage -us -uc -b builds crossrun_VERSION_amd64.deb from a copy of the tree;
#   2. lintian reports no error and no warning (what it says is printed; the overrides in
#      debian/crossrun.lintian-overrides give their reasons);
#   3. (root, binfmt_misc, binfmt-support, crossrun not already installed) dpkg -i registers the
#      binfmt_misc entry "crossrun" through binfmt-support, a static riscv64 program then runs as
#      ./prog (CROSSRUN_STRACE proves crossrun ran it), and dpkg -r removes the entry again.
# Needs debhelper and lintian (apt-get install debhelper lintian binfmt-support); without them it
# says so and exits 77. Not in `make check`: it builds the whole project once more.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
: "${RISCV_CC:=riscv64-linux-gnu-gcc}"
PROC=/proc/sys/fs/binfmt_misc
for tool in dpkg-buildpackage dh lintian; do
    command -v $tool > /dev/null 2>&1 ||
        { echo "SKIP: no $tool (apt-get install debhelper lintian)"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-deb.XXXXXX") || exit 99
chmod 755 "$tmp"
installed=no
qemu_was_enabled=no
cleanup() {
    [ "$installed" = yes ] && dpkg -r crossrun > /dev/null 2>&1
    [ "$qemu_was_enabled" = yes ] && echo 1 > "$PROC/qemu-riscv64"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# 1. the package, from the files git knows (what a clean clone has)
mkdir "$tmp/src"
(cd "$top" && git ls-files -z | xargs -0 cp --parents -t "$tmp/src") || exit 99
start=$(date +%s)
(cd "$tmp/src" && dpkg-buildpackage -us -uc -b > "$tmp/build.log" 2>&1) ||
    { tail -30 "$tmp/build.log"; echo "FAIL: dpkg-buildpackage"; exit 1; }
deb=$(ls "$tmp"/crossrun_*_amd64.deb 2> /dev/null | head -1)
[ -n "$deb" ] || { echo "FAIL: no crossrun_*_amd64.deb"; exit 1; }
echo "built ${deb##*/} in $(($(date +%s) - start)) s"
dpkg -c "$deb" > "$tmp/contents"
grep -q '\./usr/bin/crossrun$' "$tmp/contents" || { echo "FAIL: no /usr/bin/crossrun in it"; exit 1; }
grep -q '\./usr/share/binfmts/crossrun$' "$tmp/contents" ||
    { echo "FAIL: no binfmt-support format file in it"; exit 1; }

# 2. lintian
lintian "$tmp"/crossrun_*_amd64.changes > "$tmp/lintian.log" 2>&1
grep -v '^running with root privileges' "$tmp/lintian.log"
if grep -q '^[EW]: ' "$tmp/lintian.log"; then
    echo "FAIL: lintian errors or warnings"; exit 1
fi

# 3. install and remove, the binfmt_misc entry with them
part3() {
    [ "$(id -u)" = 0 ] || { echo "SKIP part 3: installing needs root"; return 77; }
    command -v update-binfmts > /dev/null 2>&1 ||
        { echo "SKIP part 3: no binfmt-support (apt-get install binfmt-support)"; return 77; }
    command -v "$RISCV_CC" > /dev/null 2>&1 || { echo "SKIP part 3: no $RISCV_CC"; return 77; }
    dpkg -s crossrun > /dev/null 2>&1 &&
        { echo "SKIP part 3: a crossrun package is installed already"; return 77; }
    if [ ! -e "$PROC/register" ]; then
        mount -t binfmt_misc binfmt_misc "$PROC" 2> /dev/null ||
            { echo "SKIP part 3: binfmt_misc cannot be mounted here"; return 77; }
    fi
    [ -e "$PROC/crossrun" ] && { echo "SKIP part 3: an entry named crossrun exists"; return 77; }
    # one riscv64 handler at a time on this machine (tests/binfmt.sh and install.sh lock too)
    exec 9> /tmp/crossrun-binfmt-tests.lock
    flock -w 600 9 || { echo "FAIL: waited 10 minutes for the binfmt lock"; return 1; }
    if [ -f "$PROC/qemu-riscv64" ] && grep -qx enabled "$PROC/qemu-riscv64"; then
        qemu_was_enabled=yes
        echo 0 > "$PROC/qemu-riscv64"
    fi
    printf '#include <stdio.h>\nint main(void) { puts("hello from riscv64"); return 0; }\n' \
        > "$tmp/prog.c"
    "$RISCV_CC" -static -O1 -o "$tmp/prog" "$tmp/prog.c" || { echo "FAIL: cannot build prog.c"; return 1; }
    dpkg -i "$deb" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; echo "FAIL: dpkg -i"; return 1; }
    installed=yes
    cat "$tmp/install.log"
    grep -qx enabled "$PROC/crossrun" || { echo "FAIL: dpkg -i registered no crossrun entry"; return 1; }
    grep -qx 'interpreter /usr/bin/crossrun' "$PROC/crossrun" ||
        { echo "FAIL: $(grep interpreter "$PROC/crossrun")"; return 1; }
    update-binfmts --display crossrun > /dev/null 2>&1 ||
        { echo "FAIL: binfmt-support does not know the crossrun format"; return 1; }
    out=$(cd "$tmp" && CROSSRUN_STRACE=1 ./prog 2> "$tmp/strace.log")
    [ "$out" = "hello from riscv64" ] || { echo "FAIL: ./prog printed '$out'"; return 1; }
    grep -q '^write(1, "hello from riscv64' "$tmp/strace.log" ||
        { echo "FAIL: ./prog did not run under crossrun (no --strace lines)"; return 1; }
    dpkg -r crossrun > "$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; echo "FAIL: dpkg -r"; return 1; }
    installed=no
    [ -e "$PROC/crossrun" ] && { echo "FAIL: dpkg -r left the binfmt_misc entry"; return 1; }
    update-binfmts --display crossrun > /dev/null 2>&1 &&
        { echo "FAIL: dpkg -r left binfmt-support's crossrun format"; return 1; }
    echo "dpkg -i registered crossrun, ./prog ran under it, dpkg -r removed the entry"
    return 0
}
part3
exit $?
