#!/bin/sh
# binfmt.sh: riscv64 programs run as ./prog through binfmt_misc with crossrun registered by
# binfmt/crossrun-binfmt under a test-only entry name (crossrun-test-PID). Checks: the program ran
# under crossrun (CROSSRUN_STRACE=1 makes crossrun, and only crossrun, print its trace), argv[0]
# with and without the P flag, an execute-only program with C (open-binary: AT_EXECFD), a chroot
# that does not contain crossrun with F, the default sysroot and the config file for a dynamic
# program without -L, and the refusal to register over another enabled riscv64 handler; in the
# chroot, a guest execve of another riscv64 program, with /proc and without.
# Needs root and binfmt_misc; skips (77) otherwise. Other entries are left alone, except that an
# enabled qemu-riscv64 is disabled for the test's duration and enabled again at exit.
set -u
: "${CROSSRUN:?}" "${RISCV_CC:=}"
PROC=/proc/sys/fs/binfmt_misc
skip() { echo "SKIP: $*"; exit 77; }
if [ -z "$RISCV_CC" ] || ! command -v "$RISCV_CC" >/dev/null 2>&1; then
    skip "no riscv64 cross compiler"
fi
[ "$(id -u)" = 0 ] || skip "binfmt_misc registration needs root"
if [ ! -e "$PROC/register" ]; then
    mount -t binfmt_misc binfmt_misc "$PROC" 2>/dev/null ||
        skip "binfmt_misc is not mounted and cannot be mounted here"
fi
[ -w "$PROC/register" ] || skip "$PROC/register is not writable (no binfmt_misc in this container?)"
script=${CROSSRUN%/*}/binfmt/crossrun-binfmt
[ -f "$script" ] || { echo "FAIL: $script was not built"; exit 1; }

# One test at a time registers a riscv64 handler on this machine (tests/install.sh, and the same
# tests of other build trees, take this lock too): crossrun-binfmt refuses to register over another.
exec 9> /tmp/crossrun-binfmt-tests.lock
flock -w 600 9 || { echo "FAIL: waited 10 minutes for /tmp/crossrun-binfmt-tests.lock"; exit 1; }

name=crossrun-test-$$
dir=$(mktemp -d "${TMPDIR:-/tmp}/crossrun-binfmt.XXXXXX")
chmod 755 "$dir"
qemu_was_enabled=no
cleanup() {
    for e in "$name" "$name-other"; do
        [ -e "$PROC/$e" ] && echo -1 > "$PROC/$e"
    done
    [ "$qemu_was_enabled" = yes ] && echo 1 > "$PROC/qemu-riscv64"
    if [ -d "$dir/root/proc" ] && mountpoint -q "$dir/root/proc"; then
        umount "$dir/root/proc" || { echo "note: $dir/root/proc still mounted, $dir kept"; return; }
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
if [ -f "$PROC/qemu-riscv64" ] && grep -qx enabled "$PROC/qemu-riscv64"; then
    qemu_was_enabled=yes
    echo 0 > "$PROC/qemu-riscv64"
fi

cat > "$dir/prog.c" <<'PROG'
#include <stdio.h>
int main(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    return 3;
}
PROG
# execprog: execs itself as "second", which prints its argv[0]
cat > "$dir/execprog.c" <<'PROG'
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "again") == 0) {
        printf("exec'd: argv[0]=%s\n", argv[0]);
        return 3;
    }
    char *args[] = { "second", "again", NULL };
    execv("/execprog", args);
    perror("execv /execprog");
    return 1;
}
PROG
"$RISCV_CC" -O1 -static -o "$dir/prog" "$dir/prog.c" &&
    "$RISCV_CC" -O1 -static -o "$dir/execprog" "$dir/execprog.c" &&
    "$RISCV_CC" -O1 -o "$dir/prog-dyn" "$dir/prog.c" ||
    { echo "FAIL: cannot build the guest program"; exit 1; }

fail=0
bad() { echo "FAIL: $*"; fail=1; }
register() { # FLAGS
    sh "$script" --direct --name "$name" --interpreter "$CROSSRUN" --flags "$1" install >/dev/null ||
        { echo "FAIL: cannot register with flags $1"; exit 1; }
}
unregister() { echo -1 > "$PROC/$name"; }
# run EXPECTED-OUTPUT COMMAND...: runs in $dir, checks stdout and the exit status 3
run() {
    want=$1; shift
    got=$(cd "$dir" && "$@" 2> "$dir/err"); st=$?
    [ "$st" -eq 3 ] || bad "$*: exit status $st, expected 3 ($(head -3 "$dir/err"))"
    [ "$got" = "$want" ] || bad "$*: output '$got', expected '$want'"
}
nl='
'

# 1. A handler already there (here a fake enabled entry for riscv64 ELF): refuse, explain, keep it.
printf ':%s-other:M:0:%s:%s:/bin/false:\n' "$name" \
    '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00' \
    '\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' > "$PROC/register"
if sh "$script" --direct --name "$name" --interpreter "$CROSSRUN" install 2> "$dir/refusal"; then
    bad "registered over another enabled riscv64 handler"
fi
grep -q "$name-other handles riscv64 ELF: disable it with .update-binfmts --disable $name-other. or .echo 0 > $PROC/$name-other., then rerun" "$dir/refusal" ||
    bad "refusal message: $(cat "$dir/refusal")"
[ -e "$PROC/$name" ] && bad "an entry was created anyway"
grep -qx enabled "$PROC/$name-other" || bad "the other handler was touched"
echo -1 > "$PROC/$name-other"

# 2. P F C (the default): argv[0] as exec'd, and the trace proves crossrun ran it.
register PFC
run "argv[0]=./prog${nl}argv[1]=a b${nl}argv[2]=c" env CROSSRUN_STRACE=1 ./prog "a b" c
grep -qx 'exit_group(3) = ?' "$dir/err" || bad "./prog did not run under crossrun (no trace): $(head -3 "$dir/err")"
run "argv[0]=other-name${nl}argv[1]=x" bash -c 'exec -a other-name ./prog x'
# C implies O: an execute-only program runs for a user who cannot read it.
chmod 711 "$dir/prog"
run "argv[0]=./prog" setpriv --reuid=65534 --regid=65534 --clear-groups ./prog
chmod 755 "$dir/prog"
# C: a setuid-root program run by nobody gets euid 0 and AT_SECURE, and the caller's CROSSRUN_*
# settings are ignored (no trace). Skipped where $dir is on a nosuid mount.
cat > "$dir/euid.c" <<'PROG'
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>
int main(void)
{
    printf("uid=%d euid=%d secure=%lu\n", (int)getuid(), (int)geteuid(), getauxval(AT_SECURE));
    return 3;
}
PROG
"$RISCV_CC" -O1 -static -o "$dir/euid" "$dir/euid.c" || bad "cannot build euid.c"
chown 0:0 "$dir/euid" && chmod 4755 "$dir/euid"
if setpriv --reuid=65534 --regid=65534 --clear-groups test -u "$dir/euid" &&
    ! findmnt -n -o OPTIONS --target "$dir" 2>/dev/null | grep -q nosuid; then
    run "uid=65534 euid=0 secure=1" setpriv --reuid=65534 --regid=65534 --clear-groups \
        env CROSSRUN_STRACE=1 ./euid
    grep -q 'exit_group' "$dir/err" && bad "CROSSRUN_STRACE was obeyed for a setuid program"
else
    echo "note: $dir is on a nosuid mount, setuid not checked"
fi
# A dynamic program without -L: the config file's sysroot, else /usr/riscv64-linux-gnu.
if [ -d /usr/riscv64-linux-gnu/lib ]; then
    run "argv[0]=./prog-dyn" env CROSSRUN_CONFIG=/nonexistent ./prog-dyn
    echo "# a sysroot without the riscv64 libc: loading must fail" > "$dir/conf"
    echo "sysroot = $dir/empty-sysroot" >> "$dir/conf"
    mkdir -p "$dir/empty-sysroot"
    (cd "$dir" && CROSSRUN_CONFIG="$dir/conf" ./prog-dyn > /dev/null 2>&1) &&
        [ ! -e /lib/ld-linux-riscv64-lp64d.so.1 ] && bad "the config file's sysroot was not used"
else
    echo "note: no /usr/riscv64-linux-gnu, default sysroot not checked"
fi
unregister

# 3. Without P: the kernel drops the caller's argv[0]; the program sees the path it was run by
# (bash passes execve its absolute form).
register F
run "argv[0]=$dir/prog${nl}argv[1]=x" bash -c "exec -a other-name $dir/prog x"

# 4. F: a chroot holding the program and crossrun's host libraries, but not crossrun.
root=$dir/root
mkdir -p "$root"
cp "$dir/prog" "$root/prog"
for lib in $(ldd "$CROSSRUN" | sed -n 's|.*[ 	]\(/[^ ]*\) (0x.*|\1|p'); do
    mkdir -p "$root${lib%/*}"
    cp -L "$lib" "$root$lib"
done
[ -e "$root${CROSSRUN}" ] && bad "crossrun itself is in the chroot"
# a /proc, as containers have (the sanitizer build's runtime needs it)
mkdir -p "$root/proc" && mount -t proc proc "$root/proc" 2>/dev/null || true
run "argv[0]=/prog${nl}argv[1]=y" chroot "$root" /prog y
# A guest execve there: crossrun re-executes itself through the descriptor it opened of itself
# (/proc/self/exe), its path being absent; the exec'd program's trace shows crossrun ran it.
cp "$dir/execprog" "$root/execprog"
run "exec'd: argv[0]=second" env CROSSRUN_STRACE=1 chroot "$root" /execprog
grep -qx 'exit_group(3) = ?' "$dir/err" || bad "exec in the chroot: not traced: $(head -3 "$dir/err")"
# Without /proc, crossrun cannot find itself: it hands the program back to the kernel, that is
# to the same binfmt_misc entry (without P, the exec'd program's argv[0] is its path).
# Not with a sanitizer build, whose runtime cannot start without /proc.
umount "$root/proc" 2>/dev/null
if ! mountpoint -q "$root/proc" && (chroot "$root" /prog > /dev/null 2>&1; [ $? -eq 3 ]); then
    run "exec'd: argv[0]=/execprog" env CROSSRUN_STRACE=1 chroot "$root" /execprog
    grep -qx 'exit_group(3) = ?' "$dir/err" || bad "exec without /proc: not traced: $(head -3 "$dir/err")"
    unregister
    register PFC
    run "exec'd: argv[0]=second" chroot "$root" /execprog
else
    echo "note: crossrun does not start in a chroot without /proc here: exec there not checked"
fi
unregister

[ -e "$PROC/$name" ] && bad "the test entry is still registered"
[ "$fail" -eq 0 ] || exit 1
echo "PASS: ./prog runs under crossrun through binfmt_misc (P, no P, C/O, F in a chroot and exec there, default sysroot)"
