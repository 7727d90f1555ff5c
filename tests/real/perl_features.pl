# tests/real/perl_features.pl: run by tests/real/perl.sh under the riscv64 perl and under the host's perl;
# the two stdouts must match byte for byte. Each section prints what it computed (never the perl version,
# pids, times or paths, which differ between the runs), so it covers the interpreter itself (regexes,
# hashes, sort, float formatting, pack) and the system calls behind perl's process, signal, socket and
# file built-ins (fork, wait, pipes, exec of sh, alarm, 127.0.0.1 TCP, socketpair, directory walks).
use strict;
use warnings;
use File::Find;
use File::Temp qw(tempdir);
use Digest::MD5 qw(md5_hex);
use POSIX qw(floor :sys_wait_h);
use Socket;
use IO::Socket::INET;
$| = 1;

# regexes
my $text = "The quick brown fox jumps over the lazy dog 42 times, 17 days, 2024-03-05";
my @nums = $text =~ /(\d+)/g;
print "nums: @nums\n";
(my $t2 = $text) =~ s/(\w+)/\u\L$1/g;
print "title: $t2\n";
if ($text =~ /(?<y>\d{4})-(?<m>\d\d)-(?<d>\d\d)/) { print "date: $+{d}/$+{m}/$+{y}\n"; }
print "split: ", join("|", split /\s*,\s*/, "a , b,c ,d"), "\n";
my $count = () = $text =~ /o/g;
print "o count: $count\n";
print "tr: ", ($text =~ tr/a-z//), "\n";

# hashes and sort
my %h;
$h{$_ % 7}{$_} = $_ * $_ for 1 .. 50;
for my $k (sort { $a <=> $b } keys %h) {
    my @v = sort { $h{$k}{$b} <=> $h{$k}{$a} } keys %{ $h{$k} };
    printf "%d: n=%d top=%s\n", $k, scalar @v, join(",", @v[0 .. 2]);
}
my @words = sort { length($a) <=> length($b) or $a cmp $b } split ' ', lc $text;
print "sorted: @words\n";
my %seen; my @uniq = grep { !$seen{$_}++ } map { substr($_, 0, 1) } @words;
print "uniq: @uniq\n";

# sprintf of floats
printf "%.3f %.10e %g %g %g %s\n", 3.14159265358979, 1/3, 1e-5, 123456789, 0.1 + 0.2, 0.1 + 0.2;
printf "%s %s %s %.0f %.0f\n", 1e21, 2**53 + 1, -0.0, 0.5, 1.5;
printf "%s %s %s\n", 9**9**9, -9**9**9, sqrt(2);
printf "%.17g %a\n", exp(1), 1.0;
printf "floor %d int %d %s\n", floor(-3.5), int(-3.5), 7 / 2;
my $s = 0; $s += 1 / $_ for 1 .. 1000; printf "harmonic %.12f\n", $s;
printf "sin %.15f atan2 %.15f log %.15f\n", sin(1), atan2(1, 1) * 4, log(10);

# pack/unpack
my $bin = pack("NnCa4Z*w", 0xdeadbeef, 513, 255, "ab", "zz", 300);
print "pack: ", unpack("H*", $bin), "\n";
my @u = unpack("NnCa4Z*w", $bin);
print "unpack: @u[0..2] [", join("][", map { s/\0/\\0/gr } @u[3..5]), "]\n";
print "q<: ", unpack("H*", pack("q< d< f>", -2, 1.5, -2.25)), "\n";
print "bits: ", unpack("b*", "AB"), " ", join(",", unpack("(A2)*", "aabbccd")), "\n";
print "checksum: ", unpack("%32C*", "hello world"), "\n";

# fork / wait
my @kids;
for my $i (1 .. 3) {
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) { exit($i * 10); }
    push @kids, $pid;
}
my @st;
for my $pid (@kids) { waitpid($pid, 0); push @st, $? >> 8; }
print "children: @st\n";
my $pid = fork();
if ($pid == 0) { kill 'TERM', $$; sleep 5; exit 0; }
waitpid($pid, 0);
print "signaled child: sig=", $? & 127, "\n";

# open of a pipe, both ways
open(my $fh, '-|', 'sh', '-c', 'echo one; echo two; exit 3') or die "pipe: $!";
my @lines = <$fh>;
close $fh;
chomp @lines;
print "pipe read: @lines status=", $? >> 8, "\n";
open(my $wfh, '|-', 'tr a-z A-Z') or die;
print $wfh "written through a pipe\n";
close $wfh;
my $parent = $$;
my $kpid = open(my $kid, '-|') // die "implicit fork: $!";
if (!$kpid) { print "from forked child ", (getppid() == $parent ? "ok" : "bad"), "\n"; exit 0; }
print "implicit fork: ", scalar <$kid>;
close $kid;

# backticks and system
my $out = `echo backticks; printf '%s\n' a b | wc -l`;
$out =~ s/ +//g;
print "backticks: ", join("|", split /\n/, $out), " status=$?\n";
system("sh", "-c", "exit 5");
print "system: ", $? >> 8, "\n";
my $q = qx{sh -c 'echo \$((6*7))'};
print "qx: $q";

# alarm with a local SIGALRM handler
{
    my $got = 0;
    local $SIG{ALRM} = sub { $got++; die "alarm\n" };
    alarm 1;
    my $r = eval { select(undef, undef, undef, 5); 1 };
    alarm 0;
    print "alarm: got=$got err=", ($@ // ''), "";
}
{
    my $n = 0;
    local $SIG{USR1} = sub { $n++ };
    kill 'USR1', $$ for 1 .. 3;
    print "usr1: $n\n";
}
print "alarm handler restored: ", (defined $SIG{ALRM} ? "'$SIG{ALRM}'" : 'undef'), "\n";

# sockets over 127.0.0.1
my $srv = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 5, ReuseAddr => 1)
    or die "listen: $@";
my $port = $srv->sockport;
my $cpid = fork();
if ($cpid == 0) {
    my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) or die "connect: $@";
    print $c "hello server\n";
    my $reply = <$c>;
    print "client got: $reply";
    exit 0;
}
my $conn = $srv->accept;
my $line = <$conn>;
print $conn "echo: $line";
close $conn;
waitpid($cpid, 0);
print "server got: $line";
socketpair(my $sa, my $sb, AF_UNIX, SOCK_STREAM, PF_UNSPEC) or die;
syswrite($sa, "pair\n"); my $pbuf; sysread($sb, $pbuf, 100); print "socketpair: $pbuf";

# File::Temp and File::Find
my $dir = tempdir(CLEANUP => 1);
mkdir "$dir/$_" for qw(a a/b c);
for my $f (qw(a/x.txt a/b/y.txt c/z.dat top.txt)) {
    open my $o, '>', "$dir/$f" or die; print $o "$f\n" x length $f; close $o;
}
symlink "a/x.txt", "$dir/link";
my @found;
find({ wanted => sub { push @found, ($File::Find::name =~ s/^\Q$dir\E/D/r) . (-d $_ ? "/" : " " . (-s _)) }, no_chdir => 0 }, $dir);
print "find: ", join(", ", sort @found), "\n";
opendir my $dh, $dir or die; print "readdir: ", join(" ", sort grep { !/^\./ } readdir $dh), "\n";
my @st2 = stat "$dir/a/x.txt"; print "stat size: $st2[7] mode: ", sprintf("%o", $st2[2] & 07777 & ~umask), "\n";
print "readlink: ", readlink("$dir/link"), " -l: ", (-l "$dir/link" ? 1 : 0), "\n";
rename "$dir/top.txt", "$dir/c/moved.txt" or die; unlink "$dir/c/z.dat";
print "after: ", join(" ", sort map { s/^\Q$dir\E//r } glob("$dir/*/*")), "\n";

# Digest::MD5
print "md5: ", md5_hex("The quick brown fox"), " ", Digest::MD5->new->add("a" x 100000)->hexdigest, "\n";

# misc: local time with TZ=UTC, sprintf with vectors, sort numbers, string repetition
my @t = gmtime(1700000000); printf "gmtime: %04d-%02d-%02d %02d:%02d\n", $t[5] + 1900, $t[4] + 1, @t[3, 2, 1];
printf "vd: %vd\n", "1.22.333";
print "big sort: ", join(",", (sort { $a <=> $b } map { ($_ * 7919) % 1000 } 1 .. 1000)[0 .. 9]), "\n";

# a non-zero exit status, which perl.sh compares too
print "exit code next: 3\n";
exit 3;
