# scripts/deb-root.sh: sourced (sh or bash) by the scripts that run Debian programs under crossrun and
# natively (bench/real.sh, scripts/check-stress). Defines
#
#   deb_root ROOT ARCH LOG PKG...
#
# which makes ROOT a Debian root of ARCH (riscv64, amd64...) holding PKG... and their dependencies,
# fetched with scripts/fetch-riscv64-debs ($FETCH_RISCV64_DEBS, or $deb_root_fetch) once per package
# under ROOT.lock (several tests or benchmarks may ask at once) and recorded in ROOT/.crossrun-packages,
# so a fetch that stopped half-way is redone. The fetch's output goes to LOG. Returns non-zero when
# the packages cannot be fetched, with deb_root_why set to a one-line reason (offline?...).
deb_root() {
    _dr_root=$1 _dr_arch=$2 _dr_log=$3
    shift 3
    _dr_fetch=${FETCH_RISCV64_DEBS:-${deb_root_fetch:-}}
    mkdir -p "$(dirname "$_dr_root")" || return 1
    if DEB_ARCH=$_dr_arch flock "$_dr_root.lock" sh -c 'stamp=$1 fetch=$2 root=$3; shift 3
        missing=; for p; do grep -qx "$p" "$stamp" 2>/dev/null || missing="$missing $p"; done
        [ -z "$missing" ] && exit 0
        [ -x "$fetch" ] || { echo "no fetch script at $fetch (set FETCH_RISCV64_DEBS)"; exit 1; }
        echo "fetching$missing ($DEB_ARCH) into $root" >&3
        cd / && "$fetch" "$root" $missing && printf "%s\n" $missing >> "$stamp"' \
        sh "$_dr_root/.crossrun-packages" "$_dr_fetch" "$_dr_root" "$@" 3>&2 > "$_dr_log" 2>&1 </dev/null; then
        return 0
    fi
    deb_root_why=$(grep -m1 -oE "(Temporary failure resolving|Could not (connect|resolve)|Failed to fetch) .*" \
        "$_dr_log") && deb_root_why="offline? $deb_root_why" || deb_root_why=$(tail -n1 "$_dr_log")
    deb_root_why="could not fetch $* ($_dr_arch): $deb_root_why"
    return 1
}
