# shell_basics.bash: the language itself: pipelines, subshells, command substitution, here-docs,
# arithmetic, arrays, read from a pipe, set -e, process substitution. Run by tests/real/bash.sh with
# the host's bash and the riscv64 bash under crossrun; stdout and exit status must match.
set -u
echo "== pipelines"
printf '%s\n' pear apple pear fig apple pear | sort | uniq -c | sort -rn | head -n 2
seq 1 200 | grep 7 | wc -l
false | true; echo "status $? pipestatus ${PIPESTATUS[*]}"
set -o pipefail; true | false | true; echo "pipefail $?"; set +o pipefail
! false; echo "negated $?"

echo "== subshells"
x=outer; (x=inner; echo "in $x $BASH_SUBSHELL"); echo "out $x $BASH_SUBSHELL"
(exit 7); echo "subshell exit $?"
( cd /; pwd ); pwd | sed 's|.*/||'
{ echo grouped; echo twice; } | wc -l
(exec -a renamed bash -c 'echo "argv0 $0"; tr "\0" " " < /proc/$$/cmdline; echo')
echo "child's parent is this shell: $( [ "$BASHPID" = "$(exec bash -c 'echo $PPID')" ] && echo yes)"

echo "== command substitution"
n=$(seq 1 1000 | wc -l); echo "n=$n"
nested=$(echo "a $(echo "b $(echo c)")"); echo "$nested"
old=`echo backquote`; echo "$old"
trailing=$(printf 'x\n\n\n'); echo "[$trailing]"
big=$(seq 1 20000); echo "${#big} chars"

echo "== here-docs and here-strings"
name=world
cat <<END
hello $name $((6 * 7))
END
cat <<'END'
literal $name $((6 * 7))
END
cat <<-END
	tabs stripped $name
	END
tr a-z A-Z <<< "here string"
while read -r a b; do echo "$b-$a"; done <<EOF2
1 one
2 two
EOF2

echo "== arithmetic"
echo $(( 2 ** 40 )) $(( -7 / 2 )) $(( -7 % 2 )) $(( 1 << 62 )) $(( 0x7fffffffffffffff + 1 ))
i=0; for ((j = 0; j < 100; j++)); do (( i += j * j )); done; echo "sum of squares $i"
echo $(( 10 > 3 ? 100 : 200 )) $(( 017 )) $(( 2#1011 )) $(( 36#zz ))
let "k = 5 * 5"; echo "k=$k"
(( 0 )); echo "arith false $?"

echo "== arrays"
a=(zero one "two words" three)
echo "${#a[@]} ${a[2]} ${a[@]:1:2} last=${a[-1]}"
a+=(four); unset 'a[1]'; echo "${!a[@]} / ${a[*]}"
declare -A m=([apple]=red [banana]=yellow)
m[cherry]=dark
for k in $(printf '%s\n' "${!m[@]}" | sort); do echo "$k=${m[$k]}"; done
mapfile -t lines < <(seq 5 -1 1); echo "mapfile ${lines[*]}"
IFS=, read -r -a parts <<< "x,y,,z"; echo "${#parts[@]} parts: ${parts[*]}"

echo "== read from a pipe"
seq 1 100 | { s=0; while read -r v; do s=$((s + v)); done; echo "sum $s"; }
echo "a b c" | { read -r first rest; echo "first=$first rest=$rest"; }
shopt -s lastpipe; echo piped | read -r got; echo "lastpipe got=$got"; shopt -u lastpipe
printf 'no newline' | { read -r partial; echo "partial=$partial status=$?"; }

echo "== process substitution"
diff <(seq 1 5) <(seq 1 6) | tail -n 1
paste -d: <(printf '1\n2\n') <(printf 'a\nb\n')
exec 3< <(echo from-fd-3); read -r line <&3; echo "$line"; exec 3<&-
echo to-proc-subst > >(tr a-z A-Z); wait $!
echo "fd path form: $(echo <(true) | sed 's/[0-9][0-9]*/N/g')"

echo "== set -e"
bash -c 'set -e; echo before; false; echo after' ; echo "set -e exit $?"
bash -c 'set -e; if false; then :; fi; false || true; echo survives'
bash -c 'set -e; f() { false; echo "not reached"; }; f; echo no' ; echo "set -e in function $?"
(set -e; x=$(false); echo "not printed") ; echo "set -e assignment $?"

echo "== strings and patterns"
s="Hello, World"
echo "${s,,} ${s^^} ${s/World/There} ${s#*, } ${s%%,*} ${#s} ${s:7:3}"
case $s in H*d) echo "glob match";; *) echo "no";; esac
[[ $s =~ ^([A-Z][a-z]+),\ (.*)$ ]] && echo "regex ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
printf '%5.2f|%-6s|%03d|%x|%q\n' 3.14159 ab 7 255 "a b"
echo "done"
