#!/bin/sh
# busybox_sh.sh: busybox sh running pipelines and command substitution, which need fork, execve and
# wait in the runner. Until crossrun implements those (scheduled for the issue after the first one), a
# probe `busybox sh -c 'echo hi | cat'` fails with "can't fork" and this test skips, saying so; a probe
# failing any other way fails the test, and GUEST_REQUIRE_FORK=1 makes the fork failure one too.
# Expected outputs are written out here (the host's sh is dash or bash, whose output for some of these
# differs from busybox ash's in spacing).
. "$(dirname "$0")/common.sh"

probe=$( (cd "$work" && bb sh -c 'echo hi | cat') 2>&1)
status=$?
if [ "$status" != 0 ] || [ "$probe" != hi ]; then
    echo "probe: busybox sh -c 'echo hi | cat' exited $status, printed: $(printf '%s' "$probe" | head -c 300)"
    # Skip only for the missing feature itself; any other failure of the probe is a failure.
    if [ -z "${GUEST_REQUIRE_FORK:-}" ] && printf '%s' "$probe" | grep -q -i -E 'fork|clone'; then
        echo "SKIP: fork/execve/wait are not implemented in crossrun yet (next issue); pipelines cannot run"
        rm -rf "$work"
        exit 77
    fi
    echo "FAIL: the probe failed (and not only for want of fork, or GUEST_REQUIRE_FORK is set)"
    exit 1
fi

seq 1 1000 > "$work/numbers"
printf 'pear\napple\npear\nfig\napple\npear\n' > "$work/fruit"

# shcase LABEL EXPECTED SCRIPT: busybox sh -c SCRIPT must print EXPECTED and exit 0
shcase() {
    printf '%s\n' "$2" > "$work/expected"
    (cd "$work" && bb sh -c "$3") > "$work/guest.out" 2> "$work/guest.err"
    compare_files "$1" "$work/expected" "$work/guest.out" 0 $?
}

shcase "echo | tr | sort | uniq -c" "$(printf '      2 A\n      1 B\n      3 C')" \
    'echo "c a b c a c" | tr " a-z" "\nA-Z" | sort | uniq -c'
shcase "seq | awk sum" 500500 'seq 1 1000 | awk "{ s += \$1 } END { print s }"'
shcase "cat file | sort | uniq -c | sort -rn | head -1" "      3 pear" 'cat fruit | sort | uniq -c | sort -rn | head -n 1'
shcase "command substitution" "n=1000 last=1000 words=3" \
    'n=$(wc -l < numbers); last=$(tail -n 1 numbers); echo "n=$n last=$last words=$(echo a b c | wc -w)"'
shcase "nested substitution and loop" "1:2 2:4 3:6" \
    'out=""; for i in $(seq 3); do out="$out $i:$(expr $i \* 2)"; done; echo $out'
shcase "exit status through a pipeline and \$?" "1 0 3" \
    'false | true; a=$?; true | false; b=$?; sh -c "exit 3"; c=$?; echo $b $a $c'
shcase "redirections and subshell" "$(printf 'x\ny\n2')" \
    '( echo x; echo y ) > f; cat f; wc -l < f | tr -d " "'
shcase "while read loop fed by a pipe" "sum 5050" \
    'seq 100 | { s=0; while read n; do s=$((s + n)); done; echo sum $s; }'
shcase "xargs" "1 2 3 4 5" 'seq 5 | xargs echo'
shcase "background job and wait" "done 0" 'sleep 0.1 & wait $!; echo done $?'
finish
