#!/bin/sh
# run.sh: driver of `make check-projects`: runs every tests/projects/*.sh project suite (each builds a
# Debian source package natively and for riscv64, runs its tests natively and under crossrun and
# compares), prints one summary line per project, and fails if any project lost a test under crossrun.
# Projects can be chosen: run.sh zlib xz-utils. Not part of `make check`: it downloads sources and
# takes minutes.
#
# run.sh --binfmt [PROJECT...] (`make check-projects-binfmt`): the projects' complete suites (make
# check, ctest, meson test), whose scripts and wrappers exec riscv64 programs directly. The runner is
# registered as a binfmt_misc handler in a private binfmt_misc instance: run.sh re-runs itself in
# new user and mount namespaces (unshare) and mounts binfmt_misc there, which Linux 6.7+ makes a
# separate instance of that namespace. So nothing is registered for the rest of the machine, an
# existing qemu-riscv64 entry stays as it is (and cannot take the programs: the private instance
# holds only our entry), and the entry vanishes with the namespace. Skips (77) where that is not
# possible (older kernel, user namespaces disabled).
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = --binfmt ]; then
    shift
    if [ -z "${PROJECTS_BINFMT_NS:-}" ]; then
        command -v unshare > /dev/null || { echo "SKIP: --binfmt needs unshare (util-linux)"; exit 77; }
        PROJECTS_BINFMT_NS=1 exec unshare --user --map-root-user --mount sh "$0" --binfmt "$@"
    fi
    proc=/proc/sys/fs/binfmt_misc
    mount -t binfmt_misc binfmt_misc $proc 2> /dev/null && [ -e $proc/register ] ||
        { echo "SKIP: no private binfmt_misc instance here (needs Linux 6.7+ and user namespaces)"; exit 77; }
    if [ -n "$(ls $proc | grep -v -x -e register -e status)" ]; then
        echo "SKIP: the binfmt_misc mounted here is not a private, empty instance"; exit 77
    fi
    CROSSRUN=$(realpath "${CROSSRUN:-./crossrun}")
    # The entry crossrun-binfmt writes for `make install-binfmt` (flags PFC), under a test-only name.
    # qemu gets F only: without P it rebuilds argv[0] from the path, which is all it supports.
    case ${PROJECTS_RUNNER:-crossrun} in
    qemu) interp=$(command -v qemu-riscv64-static) || { echo "SKIP: qemu-riscv64-static missing"; exit 77; }
        flags=F ;;
    *) interp=$CROSSRUN; flags=PFC ;;
    esac
    sh "${CROSSRUN%/*}/binfmt/crossrun-binfmt" --direct --name "crossrun-projects-$$" \
        --interpreter "$interp" --flags $flags install > /dev/null || exit 99
    export PROJECTS_BINFMT=1 CROSSRUN
fi
projects=${*:-"zlib xz-utils expat fribidi liburing"}
status=0
start=$(date +%s)
for p in $projects; do
    sh "$here/$p.sh"
    s=$?
    case $s in 0) ;; 77) echo "$p: skipped" ;; *) echo "$p: FAILED ($s)"; status=1 ;; esac
done
echo "check-projects${PROJECTS_BINFMT:+ (binfmt)}: $(($(date +%s) - start)) s"
exit $status
