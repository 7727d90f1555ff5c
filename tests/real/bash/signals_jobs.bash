# signals_jobs.bash: traps (EXIT, INT, USR1, ERR, RETURN), exit statuses of children killed by
# signals, background jobs with wait and wait -n, set -m process groups, ulimit. Run by
# tests/real/bash.sh with the host's bash and the riscv64 bash under crossrun; stdout and exit
# status must match.
echo "== exit status of a child killed by a signal"
bash -c 'kill -SEGV $$' 2>/dev/null; echo "SEGV $?"
bash -c 'kill -TERM $$'; echo "TERM $?"
bash -c 'kill -KILL $$'; echo "KILL $?"
bash -c 'kill -USR1 $$'; echo "USR1 $?"
bash -c 'kill -PIPE $$'; echo "PIPE $?"
bash -c 'trap "" TERM; kill -TERM $$; echo ignored-term'; echo "ignored $?"
yes | head -n 1; echo "yes|head pipestatus ${PIPESTATUS[*]}"
bash -c 'exit 300'; echo "exit 300 -> $?"

echo "== traps"
bash -c 'trap "echo exit-trap \$?" EXIT; echo body; exit 4'; echo "status $?"
bash -c 'trap "echo got-usr1" USR1; kill -USR1 $$; echo after-usr1'
bash -c 'trap "echo got-int; exit 9" INT; kill -INT $$; echo not-reached'; echo "int-trap status $?"
bash -c 'n=0; trap "n=\$((n+1))" USR2; for i in 1 2 3; do kill -USR2 $$; done; echo "usr2 x$n"'
bash -c 'trap "echo err-trap at \$LINENO" ERR; false; echo after-err; (exit 3) || echo handled'
bash -c 'set -E; trap "echo err in \${FUNCNAME[0]:-main}" ERR; f() { false; }; f; echo done'
bash -c 'f() { trap "echo return-trap" RETURN; echo in-f; }; f'
bash -c 'trap "echo child-sig; exit 0" TERM; echo waiting; sleep 10 & wait $!' &
sleep 0.5; kill -TERM $!; wait $!; echo "trap during wait: $?"
bash -c 'trap "" INT; bash -c "kill -INT \$\$; echo inherited-ignore"'
bash -c 'trap - INT; trap -p INT; trap "echo x" HUP; trap -p HUP'

echo "== background jobs, wait, wait -n"
sleep 0.3 & p1=$!
(sleep 0.1; exit 3) & p2=$!
(exit 5) & p3=$!
wait $p3; echo "p3 $?"
wait $p2; echo "p2 $?"
wait $p1; echo "p1 $?"
(sleep 3; exit 11) & (sleep 0.05; exit 12) & (sleep 1.5; exit 13) &
wait -n; echo "first $?"
wait -n; echo "second $?"
wait -n; echo "third $?"
wait -n; echo "none left $?"
(sleep 3; exit 21) & a=$!; (sleep 0.05; exit 22) & b=$!
wait -n -p who $a $b; r=$?; [ "$who" = "$b" ] && echo "wait -n -p picked b with $r"
wait; echo "wait all $?"
pids=(); for i in 1 2 3 4 5 6 7 8; do (exit $i) & pids+=($!); done
s=0; for p in "${pids[@]}"; do wait "$p"; s=$((s + $?)); done; echo "sum of 8 statuses $s"
coproc CAT { tr a-z A-Z; }; echo coproc-data >&"${CAT[1]}"; exec {CAT[1]}>&-; read -r up <&"${CAT[0]}"; wait $CAT_PID; echo "$up"

echo "== set -m: background jobs in their own process groups"
set -m
sleep 0.3 & bgpid=$!
read -r -a st < "/proc/$bgpid/stat"; read -r -a me < "/proc/$$/stat"
[ "${st[4]}" = "$bgpid" ] && [ "${me[4]}" != "$bgpid" ] && echo "job leads its own group"
wait $bgpid; echo "job status $?"
set +m
sleep 0.3 & bgpid=$!
read -r -a st < "/proc/$bgpid/stat"
[ "${st[4]}" = "${me[4]}" ] && echo "without -m the job stays in the shell's group"
wait

echo "== ulimit"
(ulimit -n 64; ulimit -n)
(ulimit -S -n 32; exec 40>/dev/null) 2>/dev/null; echo "fd above the limit: $?"
(ulimit -f 1; head -c 5000 /dev/zero > big.tmp) 2>/dev/null; echo "file size limit: $?"; rm -f big.tmp
(ulimit -t 200; ulimit -t)
(ulimit -S -c 0; ulimit -c)
(ulimit -S -s 4096; bash -c 'ulimit -s')
(ulimit -v 4000000; ls / > /dev/null; echo "a program under ulimit -v: $?"; bash -c 'ulimit -v')
(ulimit -v 300000; dd bs=500M count=1 if=/dev/zero of=/dev/null 2>&1; echo "dd's buffer above ulimit -v: $?")
echo done
