/* proc_self.c: the program's own /proc files (maps, smaps, auxv, cmdline, exe, stat, status, comm,
 * cpuinfo) say true things about it. Only facts that hold both natively and under crossrun are printed;
 * the riscv64-specific ones are in proc_riscv.c.
 * guest-test: args one 'two words' ''
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

extern char **environ;
int main(int argc, char **argv);

static const char *yes(int c)
{
    return c ? "yes" : "no";
}

/* The whole file (NUL-terminated; *len without the NUL), or NULL. */
static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ssize_t r;
    while (buf && (r = read(fd, buf + n, cap - n - 1)) > 0) {
        n += (size_t)r;
        if (cap - n - 1 < 1024)
            buf = realloc(buf, cap *= 2);
    }
    close(fd);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

struct map {
    unsigned long start, end, offset, inode;
    char perms[5];
    unsigned dmaj, dmin;
    char name[PATH_MAX];
};

/* Parses one maps line; returns the next line or NULL at the end. */
static const char *parse_map(const char *line, struct map *m, int *ok)
{
    int pos = 0;
    m->name[0] = '\0';
    *ok = sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &m->start, &m->end, m->perms, &m->offset,
                 &m->dmaj, &m->dmin, &m->inode, &pos) == 7;
    const char *nl = strchr(line, '\n');
    if (*ok && pos > 0 && line + pos < nl) {
        size_t n = (size_t)(nl - (line + pos));
        memcpy(m->name, line + pos, n);
        m->name[n] = '\0';
    }
    return nl ? nl + 1 : NULL;
}

static void check_maps(const char *exe, const struct stat *exe_st)
{
    char *maps = slurp("/proc/self/maps", NULL);
    if (!maps) {
        printf("maps readable: no\n");
        return;
    }
    /* A recognisable anonymous mapping: the middle of five rw pages made read-only. */
    long pg = sysconf(_SC_PAGESIZE);
    char *anon = mmap(NULL, 5 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(anon, 1, 5 * pg);
    mprotect(anon + 2 * pg, pg, PROT_READ);
    /* A file mapping at a page offset: the program's own second page. */
    int fd = open(exe, O_RDONLY);
    char *filemap = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, pg);
    close(fd);
    free(maps);
    maps = slurp("/proc/self/maps", NULL);

    int stack_var = 0, lines = 0, all_parse = 1, ascending = 1, own_file = 0, stack = 0, main_in_exe = 0;
    int anon_line = 0, anon_exact = 0, file_line = 0;
    unsigned long prev_end = 0;
    struct map m;
    int ok;
    for (const char *l = maps; l && *l; lines++) {
        const char *line = l;
        l = parse_map(l, &m, &ok);
        if (!ok) {
            all_parse = 0;
            continue;
        }
        ascending &= m.start >= prev_end && m.end > m.start;
        prev_end = m.end;
        own_file |= strcmp(m.name, exe) == 0;
        if (strcmp(m.name, "[stack]") == 0)
            stack |= (unsigned long)&stack_var >= m.start && (unsigned long)&stack_var < m.end;
        if ((unsigned long)&main >= m.start && (unsigned long)&main < m.end)
            main_in_exe = strcmp(m.name, exe) == 0 && m.perms[2] == 'x';
        if (m.start == (unsigned long)(anon + 2 * pg)) {
            anon_line = 1;
            size_t len = (size_t)(strchr(line, '\n') - line);
            /* unnamed: the line ends right after the inode and one space */
            anon_exact = m.end == m.start + (unsigned long)pg && strcmp(m.perms, "r--p") == 0
                         && m.offset == 0 && m.dmaj == 0 && m.dmin == 0 && m.inode == 0
                         && len > 3 && strncmp(line + len - 3, " 0 ", 3) == 0;
        }
        if (m.start == (unsigned long)filemap)
            file_line = m.end == m.start + (unsigned long)pg && strcmp(m.perms, "r--p") == 0
                        && m.offset == (unsigned long)pg && strcmp(m.name, exe) == 0
                        && m.inode == exe_st->st_ino && makedev(m.dmaj, m.dmin) == exe_st->st_dev;
    }
    printf("maps: every line parses: %s, ascending and disjoint: %s, more than 5 lines: %s\n",
           yes(all_parse), yes(ascending), yes(lines > 5));
    printf("maps lists the program's own file: %s\n", yes(own_file));
    printf("maps has [stack] holding a local variable: %s\n", yes(stack));
    printf("main lies in an executable mapping of the program: %s\n", yes(main_in_exe));
    printf("mprotected anonymous page shown as 'r--p 00000000 00:00 0 ': %s %s\n", yes(anon_line),
           yes(anon_exact));
    printf("file mapping at offset one page shows offset, dev, inode and name: %s\n", yes(file_line));

    /* thread-self and our pid name the same file. */
    char path[64], *other;
    snprintf(path, sizeof path, "/proc/%d/maps", (int)getpid());
    other = slurp(path, NULL);
    printf("/proc/PID/maps == /proc/self/maps: %s\n", yes(other && strcmp(other, maps) == 0));
    free(other);
    other = slurp("/proc/thread-self/maps", NULL);
    printf("/proc/thread-self/maps == /proc/self/maps: %s\n", yes(other && strcmp(other, maps) == 0));
    free(other);

    /* smaps: every entry has the maps line and a Size that matches it; the read-only page is resident. */
    char *smaps = slurp("/proc/self/smaps", NULL);
    int entries = 0, sizes_ok = 1, rss_lines = 0, anon_rss = 0;
    for (const char *l = smaps; l && *l;) {
        unsigned long kb;
        if (sscanf(l, "Rss: %lu kB", &kb) == 1)
            rss_lines++;
        if (strchr(l, '-') && parse_map(l, &m, &ok) && ok && m.perms[0] && strlen(m.perms) == 4) {
            entries++;
            const char *size = strstr(l, "\nSize:");
            sizes_ok &= size && sscanf(size, "\nSize: %lu kB", &kb) == 1 && kb * 1024 == m.end - m.start;
            if (m.start == (unsigned long)(anon + 2 * pg)) {
                const char *rss = strstr(l, "\nRss:");
                anon_rss = rss && sscanf(rss, "\nRss: %lu kB", &kb) == 1 && kb * 1024 == (unsigned long)pg;
            }
        }
        const char *nl = strchr(l, '\n');
        l = nl ? nl + 1 : NULL;
    }
    printf("smaps: as many entries as maps lines: %s, sizes match: %s, one Rss per entry: %s\n",
           yes(entries == lines), yes(sizes_ok), yes(rss_lines == entries));
    printf("smaps: written read-only page has Rss 1 page: %s\n", yes(anon_rss));
    free(smaps);
    free(maps);
    munmap(anon, 5 * pg);
    munmap(filemap, pg);
}

static void check_fd_semantics(void)
{
    int fd = open("/proc/self/maps", O_RDONLY);
    char a[64] = { 0 }, b[64] = { 0 };
    ssize_t n1 = read(fd, a, sizeof a - 1);
    off_t back = lseek(fd, 0, SEEK_SET);
    ssize_t n2 = read(fd, b, sizeof b - 1);
    struct stat st;
    int st_ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    int flags = fcntl(fd, F_GETFL);
    printf("maps fd: read, lseek(0), reread same: %s, fstat regular: %s, O_RDONLY: %s\n",
           yes(n1 > 0 && back == 0 && n1 == n2 && memcmp(a, b, (size_t)n1) == 0), yes(st_ok),
           yes((flags & O_ACCMODE) == O_RDONLY));
    close(fd);
    fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    printf("maps fd with O_CLOEXEC has FD_CLOEXEC: %s\n", yes((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0));
    close(fd);
    printf("open /proc/self/maps O_DIRECTORY fails: %s\n",
           yes(open("/proc/self/maps", O_RDONLY | O_DIRECTORY) < 0));
    struct stat ps;
    printf("stat /proc/self/maps regular: %s\n", yes(stat("/proc/self/maps", &ps) == 0 && S_ISREG(ps.st_mode)));
}

static void check_auxv(void)
{
    size_t len;
    char *buf = slurp("/proc/self/auxv", &len);
    uint64_t pagesz = 0, entry = 0, phnum = 0;
    int ends_null = 0;
    for (size_t off = 0; buf && off + 16 <= len; off += 16) {
        uint64_t pair[2];
        memcpy(pair, buf + off, 16);
        if (pair[0] == AT_PAGESZ)
            pagesz = pair[1];
        if (pair[0] == AT_ENTRY)
            entry = pair[1];
        if (pair[0] == AT_PHNUM)
            phnum = pair[1];
        ends_null = pair[0] == AT_NULL && off + 16 == len;
    }
    printf("auxv: size a multiple of 16: %s, ends with AT_NULL: %s\n", yes(buf && len % 16 == 0), yes(ends_null));
    printf("auxv AT_PAGESZ/AT_ENTRY/AT_PHNUM from /proc/self/auxv == getauxval: %s %s %s\n",
           yes(pagesz == getauxval(AT_PAGESZ)), yes(entry == getauxval(AT_ENTRY)),
           yes(phnum == getauxval(AT_PHNUM)));
    free(buf);
}

static void check_cmdline(int argc, char **argv)
{
    size_t len;
    char *buf = slurp("/proc/self/cmdline", &len);
    size_t off = 0;
    int i = 0, same = buf != NULL;
    for (; same && i < argc; i++) {
        same = off + strlen(argv[i]) < len && strcmp(buf + off, argv[i]) == 0;
        off += strlen(argv[i]) + 1;
    }
    printf("cmdline == argv (%d words): %s\n", argc, yes(same && off == len));
    free(buf);
}

static void check_exe(const char *exe, const struct stat *exe_st)
{
    char link[PATH_MAX], path[64];
    ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
    link[n > 0 ? n : 0] = '\0';
    printf("readlink /proc/self/exe == realpath(argv[0]): %s\n", yes(strcmp(link, exe) == 0));
    snprintf(path, sizeof path, "/proc/%d/exe", (int)getpid());
    n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = '\0';
    printf("readlink /proc/PID/exe == realpath(argv[0]): %s\n", yes(strcmp(link, exe) == 0));
    struct stat st;
    printf("stat /proc/self/exe is the program: %s\n",
           yes(stat("/proc/self/exe", &st) == 0 && st.st_ino == exe_st->st_ino && st.st_dev == exe_st->st_dev));
    int fd = open("/proc/self/exe", O_RDONLY);
    unsigned char magic[4] = { 0 };
    int is_elf = fd >= 0 && read(fd, magic, 4) == 4 && memcmp(magic, ELFMAG, 4) == 0;
    int same = fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == exe_st->st_ino;
    printf("open /proc/self/exe reads the program's ELF: %s %s\n", yes(is_elf), yes(same));
    if (fd >= 0)
        close(fd);
}

/* Field n (1-based, n >= 3) of a stat line. */
static unsigned long long stat_field(const char *stat, int n)
{
    const char *p = strrchr(stat, ')');
    if (!p)
        return 0;
    p += 2;
    for (int f = 3; f < n && p; f++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    return p ? strtoull(p, NULL, 10) : 0;
}

static int in_mapping(unsigned long long addr, const char *want)
{
    char *maps = slurp("/proc/self/maps", NULL);
    int found = 0, ok;
    struct map m;
    for (const char *l = maps; l && *l;) {
        l = parse_map(l, &m, &ok);
        if (ok && addr >= m.start && addr < m.end)
            found = strcmp(m.name, want) == 0;
    }
    free(maps);
    return found;
}

static void check_stat(int argc, char **argv, const char *exe)
{
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    char comm[16];
    snprintf(comm, sizeof comm, "%s", base);

    char *stat = slurp("/proc/self/stat", NULL);
    char want[64];
    snprintf(want, sizeof want, "%d (%s) ", (int)getpid(), comm);
    printf("stat: starts with \"PID (comm) \" (comm = basename, 15 chars): %s\n",
           yes(stat && strncmp(stat, want, strlen(want)) == 0));
    printf("stat: ppid == getppid: %s\n", yes(stat && stat_field(stat, 4) == (unsigned long long)getppid()));
    unsigned long long sc = stat_field(stat, 26), ec = stat_field(stat, 27), ss = stat_field(stat, 28);
    printf("stat: startcode <= main < endcode: %s\n",
           yes(sc <= (unsigned long)&main && (unsigned long)&main < ec));
    printf("stat: startstack lies in [stack], at or below argv: %s\n",
           yes(in_mapping(ss, "[stack]") && ss <= (unsigned long)argv));
    unsigned long long as = stat_field(stat, 48), ae = stat_field(stat, 49);
    unsigned long long es = stat_field(stat, 50), ee = stat_field(stat, 51);
    char *last = argv[argc - 1];
    printf("stat: arg_start == argv[0], arg_end just past argv[argc-1]: %s %s\n",
           yes(as == (unsigned long)argv[0]), yes(ae == (unsigned long)(last + strlen(last) + 1)));
    printf("stat: env_start == environ[0], env_end > env_start: %s %s\n",
           yes(environ[0] && es == (unsigned long)environ[0]), yes(ee > es));
    printf("stat: vsize > 0 and below 64 GiB: %s\n",
           yes(stat_field(stat, 23) > 0 && stat_field(stat, 23) < (64ULL << 30)));
    (void)exe;
    free(stat);

    char name[17] = { 0 };
    prctl(PR_GET_NAME, name);
    printf("PR_GET_NAME == basename (15 chars): %s\n", yes(strcmp(name, comm) == 0));
    char *c = slurp("/proc/self/comm", NULL);
    snprintf(want, sizeof want, "%s\n", comm);
    printf("/proc/self/comm == basename: %s\n", yes(c && strcmp(c, want) == 0));
    free(c);

    /* status: Name, ids, sizes and the signal sets the program set up. */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGUSR1, (void (*)(int))exit);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    char *status = slurp("/proc/self/status", NULL);
    const char *p;
    snprintf(want, sizeof want, "Name:\t%s\n", comm);
    printf("status: Name: == basename: %s\n", yes(status && strncmp(status, want, strlen(want)) == 0));
    int pid = 0, ppid = 0;
    unsigned long vmsize = 0, vmstk = 0;
    unsigned long long ign = 0, cgt = 0, blk = 0;
    if (status && (p = strstr(status, "\nPid:")))
        sscanf(p, "\nPid: %d", &pid);
    if (status && (p = strstr(status, "\nPPid:")))
        sscanf(p, "\nPPid: %d", &ppid);
    if (status && (p = strstr(status, "\nVmSize:")))
        sscanf(p, "\nVmSize: %lu", &vmsize);
    if (status && (p = strstr(status, "\nVmStk:")))
        sscanf(p, "\nVmStk: %lu", &vmstk);
    if (status && (p = strstr(status, "\nSigBlk:")))
        sscanf(p, "\nSigBlk: %llx", &blk);
    if (status && (p = strstr(status, "\nSigIgn:")))
        sscanf(p, "\nSigIgn: %llx", &ign);
    if (status && (p = strstr(status, "\nSigCgt:")))
        sscanf(p, "\nSigCgt: %llx", &cgt);
    printf("status: Pid, PPid == getpid, getppid: %s %s\n", yes(pid == getpid()), yes(ppid == getppid()));
    printf("status: VmSize > VmStk > 0, VmSize below 64 GiB: %s %s\n", yes(vmsize > vmstk && vmstk > 0),
           yes(vmsize < (64UL << 20)));
    printf("status: SIGPIPE ignored: %s, SIGUSR1 caught: %s, SIGUSR2 blocked: %s\n",
           yes(ign >> (SIGPIPE - 1) & 1), yes(cgt >> (SIGUSR1 - 1) & 1), yes(blk >> (SIGUSR2 - 1) & 1));
    printf("status: SIGUSR1 not ignored, SIGUSR2 not caught: %s %s\n", yes(!(ign >> (SIGUSR1 - 1) & 1)),
           yes(!(cgt >> (SIGUSR2 - 1) & 1)));
    free(status);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void check_cpuinfo(void)
{
    char *ci = slurp("/proc/cpuinfo", NULL);
    long count = 0;
    for (const char *p = ci; p && (p = strstr(p, "processor")); p++)
        count += p == ci || p[-1] == '\n';
    printf("cpuinfo has processor lines: %s, one per online CPU: %s\n", yes(count > 0),
           yes(count == sysconf(_SC_NPROCESSORS_ONLN)));
    free(ci);
}

int main(int argc, char **argv)
{
    char exe[PATH_MAX];
    struct stat exe_st;
    if (!realpath(argv[0], exe) || stat(exe, &exe_st) != 0) {
        printf("cannot resolve argv[0]\n");
        return 1;
    }
    check_maps(exe, &exe_st);
    check_fd_semantics();
    check_auxv();
    check_cmdline(argc, argv);
    check_exe(exe, &exe_st);
    check_stat(argc, argv, exe);
    check_cpuinfo();
    return 0;
}
