#!/bin/sh
# python3.sh: Debian's riscv64 python3 under crossrun runs tests/real/python_acceptance.py (threads with
# Lock/Condition, subprocess of python and /bin/sh, a TCP echo server, alarm/SIGINT/wakeup-fd signals,
# multiprocessing with fork and spawn, os.fork/waitpid, select/epoll, files, zlib, hashlib, asyncio)
# and must print what the host's python3 prints for it. The one machine-dependent line ("machine: ...")
# is checked on its own: riscv64 on the crossrun side proves the script really ran there.
# The root (python3 and dash, so /bin/sh is riscv64 too) lives in its own cache directory,
# CROSSRUN_PYTHON_ROOT (default ~/.cache/crossrun/rv64-python).
own_root=1
. "$(dirname "$0")/common.sh"

host_python=$(command -v python3 2>/dev/null)
if [ -z "$host_python" ] || ! "$host_python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    echo "SKIP: no host python3 (3.9 or newer) to compare with"
    rm -rf "$work"
    exit 77
fi
need_root "${CROSSRUN_PYTHON_ROOT:-$(dirname "$root")/rv64-python}" python3 dash
script=$(cd "${srcdir:-.}/tests/real" && pwd)/python_acceptance.py

# rvpy SECONDS: the riscv64 python3 running the script, for at most SECONDS. Debian's postinst would
# have compiled the standard library to __pycache__ (py3compile); dpkg -x skips that, so every import
# would compile from source again (about a billion guest instructions for this script). The guest may
# therefore write its .pyc files into the cache root, as on an installed system, even when the
# caller's environment says not to (PYTHONDONTWRITEBYTECODE).
rvpy() {
    timeout -k 5 "$1" "$runner" ${CROSSRUN_FLAGS:-} -U PYTHONDONTWRITEBYTECODE -L "$root" \
        "$root/usr/bin/python3" "$script"
}
# The first run in a fresh root compiles those modules; it gets its own, longer, limit, once (its
# result does not matter: a module it did not reach is compiled by a later run).
if [ ! -e "$root/.crossrun-pyc" ]; then
    echo "first run in $root: compiling the modules the script imports"
    (cd "$work" && PY_ACCEPT_TIMEOUT=280 rvpy 300) > "$work/warm.out" 2> "$work/warm.err"
    touch "$root/.crossrun-pyc"
fi

# faulthandler inside the script ends a hung run a little before the timeout, showing every thread.
# The host's python3 runs under timeout too: timeout gives its child SIGINT's default action even
# where the caller ignores it (a make check started in the background), and both runs must start
# with the same dispositions (the script sends itself SIGINT).
(cd "$work" && timeout -k 5 $((2 * timeout_s)) "$host_python" "$script") > "$work/host.out" 2> "$work/host.err"
hs=$?
# Twice the usual limit: a sanitizer build runs the script about three times slower.
(cd "$work" && PY_ACCEPT_TIMEOUT=$((2 * timeout_s - 5)) rvpy $((2 * timeout_s))) > "$work/guest.out" 2> "$work/guest.err"
gs=$?

machine=$(grep '^machine: ' "$work/guest.out")
if [ "$machine" = "machine: riscv64 linux little" ]; then
    echo "PASS guest ran as riscv64 ($machine)"
else
    echo "FAIL guest machine line: '$machine', expected 'machine: riscv64 linux little'"
    failed=1
fi
grep -v '^machine: ' "$work/host.out" > "$work/host.cmp"
grep -v '^machine: ' "$work/guest.out" > "$work/guest.cmp"
if ! grep -qx end "$work/host.cmp"; then
    echo "FAIL the host's python3 did not finish the script (exit $hs):"
    head -n 20 "$work/host.err"
    failed=1
fi
compare_files "python_acceptance.py ($(grep -c . "$work/host.cmp") lines)" "$work/host.cmp" "$work/guest.cmp" "$hs" "$gs"
finish
