#!/bin/sh
# run.sh: driver of `make check-projects`: runs every tests/projects/*.sh project suite (each builds a
# Debian source package natively and for riscv64, runs its tests natively and under crossrun and
# compares), prints one summary line per project, and fails if any project lost a test under crossrun.
# Projects can be chosen: run.sh zlib xz-utils. Not part of `make check`: it downloads sources and
# takes minutes.
here=$(cd "$(dirname "$0")" && pwd)
projects=${*:-"zlib xz-utils expat"}
status=0
start=$(date +%s)
for p in $projects; do
    sh "$here/$p.sh"
    s=$?
    case $s in 0) ;; 77) echo "$p: skipped" ;; *) echo "$p: FAILED ($s)"; status=1 ;; esac
done
echo "check-projects: $(($(date +%s) - start)) s"
exit $status
