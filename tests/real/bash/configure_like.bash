# configure_like.bash: a configure-style script. Feature tests run small programs (sed, grep, tr,
# sort, od, uname, install, ln, mkdir, and generated shell scripts), results go to a log and a
# config file made from a template with sed, as config.status does. Run by tests/real/bash.sh with
# the host's bash and the riscv64 bash under crossrun, in an empty directory: the outputs must be
# equal once the host's "x86_64" reads "riscv64", which also proves every program the guest ran was
# a riscv64 one (under crossrun), since each prints the machine it runs on.
set -u
exec 5> config.log
trap 'rm -rf conftest conftest.* conftest_dir' EXIT
checking() { printf 'checking %s... ' "$1"; echo "configure: checking $1" >&5; }
result() { echo "$1"; echo "configure: result: $1" >&5; }
defs=

# machine and system, as config.guess would find them
checking "build system type"
build_cpu=$(uname -m) build_os=$(uname -s | tr A-Z a-z)
case $build_cpu in
    riscv64|x86_64) build="$build_cpu-unknown-$build_os-gnu" ;;
    *) echo "unknown cpu $build_cpu" >&2; exit 1 ;;
esac
result "$build"
checking "whether the shell's own machine agrees"
result "$(bash -c 'echo $HOSTTYPE')"

checking "for a sed that does not truncate output"
line=$(printf '%0500d' 0)
for i in 1 2 3 4 5 6 7 8; do printf '%s\n' "$line$i"; done > conftest.in
if sed 's/0/x/g' conftest.in > conftest.out && [ "$(tr -d 'x\n' < conftest.out)" = 12345678 ] &&
   [ "$(wc -c < conftest.out)" -eq 4016 ]; then
    result yes
else
    result no; exit 1
fi

checking "for grep that handles long lines and -E"
if grep -E '^x{500}8$' conftest.out > /dev/null && ! grep -q nothing conftest.in; then result yes; else result no; fi

for prog in sed grep tr sort od install mkdir ln expr no-such-program-here; do
    checking "for $prog"
    if p=$(command -v "$prog"); then result "$p"; else result no; fi
done

checking "whether ln -s works"
rm -f conftest.file conftest.link
echo data > conftest.file
if ln -s conftest.file conftest.link 2>&5 && [ -h conftest.link ] && [ "$(cat conftest.link)" = data ]; then
    result yes; defs="$defs HAVE_SYMLINKS"
else
    result no
fi

checking "for a thread-safe mkdir -p"
mkdir -p conftest_dir/a/b/c && [ -d conftest_dir/a/b/c ] && result "mkdir -p" || result no

checking "for a BSD-compatible install"
if install -m 0640 conftest.file conftest_dir/installed 2>&5 && [ "$(stat -c %a conftest_dir/installed)" = 640 ]; then
    result "install"
else
    result no
fi

checking "whether byte order is little endian"
case $(printf '\001\000' | od -An -tx2 | tr -d ' ') in
    0001) result yes; defs="$defs WORDS_LITTLEENDIAN" ;;
    0100) result no ;;
    *) result unknown ;;
esac

checking "the machine the programs are built for"
case $(od -An -tu2 -j18 -N2 /proc/self/exe | tr -d ' ') in
    243) result riscv64 ;;
    62) result x86_64 ;;
    *) result unknown ;;
esac

checking "for 64-bit shell arithmetic"
if [ $(( (1 << 62) * 2 )) -lt 0 ] && [ $(( 0x7fffffff + 1 )) = 2147483648 ]; then result yes; else result no; fi

checking "whether scripts with #! run"
printf '#!/bin/bash\necho "script $HOSTTYPE $# $1"\nexit 6\n' > conftest.sh
chmod +x conftest.sh
out=$(./conftest.sh one); status=$?
result "$out (status $status)"

checking "whether #!/usr/bin/env works"
printf '#!/usr/bin/env bash\necho "env $HOSTTYPE"\n' > conftest.env
chmod +x conftest.env
result "$(./conftest.env)"

checking "the number of processors"
n=$(nproc); [ "$n" -ge 1 ] && result "at least 1" || result "none?"

checking "whether timeout stops a program that runs too long"
timeout 0.3 sleep 10; t1=$?; timeout 10 uname -m > conftest.out; t2=$?
result "status $t1, then $t2 with $(cat conftest.out)"

checking "whether expr can do arithmetic"
result "$(expr 6 \* 7)"

checking "for sort -n and uniq -c"
result "$(printf '10\n9\n10\n100\n' | sort -n | uniq -c | tr -s ' ' | tr '\n' ';')"

# config.status: substitute the results into a template
cat > conftest.h.in <<'TEMPLATE'
/* config.h: generated from conftest.h.in by configure_like.bash */
#define BUILD_TRIPLET "@build@"
#define BUILD_CPU "@build_cpu@"
@DEFINES@
TEMPLATE
define_lines=
for d in $defs; do define_lines="$define_lines#define $d 1\\
"; done
sed -e "s|@build@|$build|g" -e "s|@build_cpu@|$build_cpu|g" -e "s|@DEFINES@|$define_lines|" \
    conftest.h.in > config.h
echo "config.status: creating config.h"
cat config.h
echo "== config.log"
grep -c '^configure: checking' config.log
grep 'result: ' config.log | sed -n '1p;$p'
