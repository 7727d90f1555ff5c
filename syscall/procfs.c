/*
 * syscall/procfs.c - which /proc files the guest gets generated, the facts that go into them,
 * and the memfd they are served from (see syscall/procfs.h; the text is procfs_fmt.c's).
 *
 * Content is generated at open, as the kernel's seq_file snapshots on first read, and served
 * from a memfd reopened read-only through /proc/self/fd, so the descriptor the guest gets has
 * the open flags a real /proc file would have (writes fail with EBADF, F_GETFL says O_RDONLY).
 */
#include "syscall/process_info.h"
#include "syscall/procfs.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/sysinfo.h>

#include "mem/addrspace.h"
#include "mem/host.h"
#include "syscall/procfs_fmt.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

/* Set once by rv_procfs_init, read-only afterwards. */
static guest_addr start_stack, arg_start, arg_end, env_start, env_end;
static char sysroot_real[PATH_MAX];   /* canonical -L directory, "" without one */

/* --- facts recorded at start ----------------------------------------------------------------- */

/* The guest string at addr: its length, or -EFAULT. Reads page by page, never across the end
 * of a page it has not checked. */
static long guest_strlen(guest_addr addr)
{
    for (long len = 0;;) {
        char chunk[256];
        size_t n = GUEST_PAGE_SIZE - ((addr + (uint64_t)len) & GUEST_PAGE_LOW);
        if (n > sizeof chunk)
            n = sizeof chunk;
        if (copy_from_guest(chunk, addr + (uint64_t)len, n) < 0)
            return -EFAULT;
        const char *z = memchr(chunk, '\0', n);
        if (z)
            return len + (z - chunk);
        len += (long)n;
    }
}

static guest_addr guest_word(guest_addr addr)
{
    uint64_t v = 0;
    if (copy_from_guest(&v, addr, sizeof v) < 0)
        return 0;
    return rv_le64(v);
}

/* The kernel's arg_start..arg_end and env_start..env_end: from the first string to just past
 * the last one's NUL. Left 0 when the stack cannot be read (then cmdline reads empty). */
static void record_strings(guest_addr sp)
{
    uint64_t argc = guest_word(sp);
    guest_addr argv = sp + 8, envp = argv + 8 * (argc + 1);
    guest_addr first = argc ? guest_word(argv) : 0, last = argc ? guest_word(argv + 8 * (argc - 1)) : 0;
    long n = last ? guest_strlen(last) : -EFAULT;
    if (first && n >= 0) {
        arg_start = first;
        arg_end = last + (uint64_t)n + 1;
    }
    size_t envc = 0;
    while (guest_word(envp + 8 * envc))
        envc++;
    first = envc ? guest_word(envp) : 0;
    last = envc ? guest_word(envp + 8 * (envc - 1)) : 0;
    n = last ? guest_strlen(last) : -EFAULT;
    if (first && n >= 0) {
        env_start = first;
        env_end = last + (uint64_t)n + 1;
    } else {
        env_start = env_end = arg_end;
    }
    if (!arg_start)
        arg_start = arg_end = env_start;
}

void rv_procfs_init(guest_addr sp, const char *prog_path)
{
    start_stack = sp;
    record_strings(sp);
    rv_proc.arg_start = arg_start;
    rv_proc.arg_end = arg_end;
    sysroot_real[0] = '\0';
    if (rv_proc.sysroot && !realpath(rv_proc.sysroot, sysroot_real))
        snprintf(sysroot_real, sizeof sysroot_real, "%s", rv_proc.sysroot);
    /* Trailing slashes would stop the prefix match in rv_procfs_guest_path. */
    for (size_t n = strlen(sysroot_real); n > 1 && sysroot_real[n - 1] == '/';)
        sysroot_real[--n] = '\0';
    if (prog_path) {
        const char *base = strrchr(prog_path, '/');
        char comm[16];
        snprintf(comm, sizeof comm, "%s", base ? base + 1 : prog_path);  /* TASK_COMM_LEN - 1 */
        (void)host_syscall2(SYS_prctl, PR_SET_NAME, HOST_ARG(comm));
    }
}

void rv_procfs_exe_link(char *out, size_t cap)
{
    rv_procfs_guest_path(rv_proc.exe_path ? rv_proc.exe_path : "", sysroot_real[0] ? sysroot_real : NULL,
                         out, cap);
}

/* --- facts gathered at open ------------------------------------------------------------------ */

/* The auxv value for `type`, read from the guest's initial stack, or 0. */
static uint64_t auxv_value(uint64_t type)
{
    for (uint64_t off = 0; off + 16 <= rv_proc.auxv_len; off += 16) {
        uint64_t pair[2];
        if (copy_from_guest(pair, rv_proc.auxv_addr + off, sizeof pair) < 0)
            return 0;
        if (rv_le64(pair[0]) == type)
            return rv_le64(pair[1]);
        if (pair[0] == AT_NULL)
            break;
    }
    return 0;
}

static long host_pread(int fd, void *buf, size_t n, off_t off)
{
    return host_syscall4(SYS_pread64, fd, HOST_ARG(buf), (long)n, (long)off);
}

/* start_code/end_code/start_data/end_data the way load_elf_binary computes them from the
 * program's PT_LOAD headers (code: the executable segments; data: up to the highest segment),
 * moved by the load bias, which AT_ENTRY - e_entry gives. Read from the program file. */
static void exe_layout(struct rv_procfs_mm *mm)
{
    if (!rv_proc.exe_path)
        return;
    int fd = (int)host_syscall4(SYS_openat, AT_FDCWD, HOST_ARG(rv_proc.exe_path), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return;
    Elf64_Ehdr eh;
    Elf64_Phdr ph[64];
    if (host_pread(fd, &eh, sizeof eh, 0) == (long)sizeof eh && memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0
        && eh.e_phentsize == sizeof ph[0] && eh.e_phnum <= 64
        && host_pread(fd, ph, eh.e_phnum * sizeof ph[0], (off_t)eh.e_phoff) == (long)(eh.e_phnum * sizeof ph[0])) {
        uint64_t bias = auxv_value(AT_ENTRY) - eh.e_entry;
        uint64_t sc = ~UINT64_C(0), ec = 0, sd = 0, ed = 0;
        for (int i = 0; i < eh.e_phnum; i++) {
            if (ph[i].p_type != PT_LOAD)
                continue;
            uint64_t lo = ph[i].p_vaddr, hi = ph[i].p_vaddr + ph[i].p_filesz;
            if ((ph[i].p_flags & PF_X) && lo < sc)
                sc = lo;
            if ((ph[i].p_flags & PF_X) && hi > ec)
                ec = hi;
            if (lo > sd)
                sd = lo;
            if (hi > ed)
                ed = hi;
        }
        if (ec) {
            mm->start_code = sc + bias;
            mm->end_code = ec + bias;
            mm->exe = guest_page_up(mm->end_code) - guest_page_down(mm->start_code);
        }
        mm->start_data = sd + bias;
        mm->end_data = ed + bias;
    }
    host_syscall1(SYS_close, fd);
}

/* The whole host file at path (a /proc file: size 0 in stat, so read to EOF). */
static int read_host(const char *path, struct rv_text *t)
{
    int fd = (int)host_syscall4(SYS_openat, AT_FDCWD, HOST_ARG(path), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return fd;
    char buf[4096];
    long n;
    while ((n = host_syscall3(SYS_read, fd, HOST_ARG(buf), sizeof buf)) > 0)
        rv_text_put(t, buf, (size_t)n);
    host_syscall1(SYS_close, fd);
    return n < 0 ? (int)n : 0;
}

/* VmPeak and VmHWM: the kernel raises its high-water marks as the process grows; the runner
 * keeps none, so these are the largest sizes seen at a read of status (never below the
 * current ones, possibly below a peak between reads). */
static uint64_t vsize_peak, rss_peak;

static uint64_t high_water(uint64_t *mark, uint64_t now)
{
    uint64_t seen = __atomic_load_n(mark, __ATOMIC_RELAXED);
    while (now > seen && !__atomic_compare_exchange_n(mark, &seen, now, false, __ATOMIC_RELAXED,
                                                      __ATOMIC_RELAXED))
        ;
    return now > seen ? now : seen;
}

static void gather_mm(struct rv_procfs_mm *mm)
{
    *mm = (struct rv_procfs_mm){
        .start_stack = start_stack, .arg_start = arg_start, .arg_end = arg_end,
        .env_start = env_start, .env_end = env_end, .start_brk = guest_brk(0),
    };
    uint64_t exec_vm = 0;
    struct guest_vma v;
    /* The kernel's vm counters (mm/mmap.c vm_stat_account): data is private writable memory
     * other than the stack, exec is executable memory that is not writable. */
    for (size_t i = 0; guest_as_vma(i, &v); i++) {
        uint64_t size = v.end - v.start;
        bool stack = strcmp(v.name, "[stack]") == 0;
        mm->vsize += size;
        if (stack)
            mm->stack += size;
        else if ((v.prot & PROT_WRITE) && !(v.flags & MAP_SHARED))
            mm->data += size;
        else if ((v.prot & PROT_EXEC) && !(v.prot & PROT_WRITE))
            exec_vm += size;
        if (strcmp(v.name, "[heap]") == 0 && v.start < mm->start_brk)
            mm->start_brk = v.start;
    }
    exe_layout(mm);
    mm->lib = exec_vm > mm->exe ? exec_vm - mm->exe : 0;
    struct rv_text smaps = { 0 };
    if (read_host("/proc/self/smaps", &smaps) == 0 && smaps.data && !smaps.oom)
        rv_procfs_rss_from_smaps(smaps.data, mm);
    rv_text_free(&smaps);
    mm->peak = high_water(&vsize_peak, mm->vsize);
    mm->hwm = high_water(&rss_peak, mm->rss);
    mm->sig_blocked = rv_sig_blocked();
    for (int sig = 1; sig <= 64; sig++) {
        guest_addr h = rv_sig_action(sig).handler;
        if (h == 1)        /* SIG_IGN */
            mm->sig_ignored |= UINT64_C(1) << (sig - 1);
        else if (h > 1)
            mm->sig_caught |= UINT64_C(1) << (sig - 1);
    }
}

/* Resident bytes of [start, end), from the host's page residency. */
static uint64_t resident(guest_addr start, guest_addr end)
{
    unsigned char vec[1024];
    uint64_t pages = 0;
    for (guest_addr a = start; a < end;) {
        uint64_t n = (end - a) / GUEST_PAGE_SIZE;
        if (n > sizeof vec)
            n = sizeof vec;
        if (host_syscall3(SYS_mincore, (long)a, (long)(n * GUEST_PAGE_SIZE), HOST_ARG(vec)) < 0)
            break;
        for (uint64_t i = 0; i < n; i++)
            pages += vec[i] & 1;
        a += n * GUEST_PAGE_SIZE;
    }
    return pages * GUEST_PAGE_SIZE;
}

static int read_host(const char *path, struct rv_text *t);

/* A System V segment's line: the kernel shows the id as the inode and the device of its
 * internal shm mount, which is read off the host's own line for the same address (host_maps,
 * read once per file and NUL-terminated). */
static void shm_info(struct rv_text *host_maps, const struct guest_vma *v, struct rv_vma_info *x)
{
    x->inode = (uint64_t)v->shmid;
    if (!host_maps->data && read_host("/proc/self/maps", host_maps) == 0)
        rv_text_put(host_maps, "", 1);
    char want[32];
    int n = snprintf(want, sizeof want, "\n%08llx-", (unsigned long long)v->start);
    const char *line = host_maps->data ? strstr(host_maps->data, want) : NULL;
    if (!line && host_maps->data && strncmp(host_maps->data, want + 1, (size_t)n - 1) == 0)
        line = host_maps->data - 1;
    unsigned ma, mi;
    if (line && sscanf(line + 1, "%*s %*s %*s %x:%x", &ma, &mi) == 2) {
        x->dev_major = ma;
        x->dev_minor = mi;
    }
}

static void gen_maps(struct rv_text *t, bool smaps)
{
    struct guest_vma v;
    struct rv_text host_maps = { 0 };
    for (size_t i = 0; guest_as_vma(i, &v); i++) {
        char name[PATH_MAX];
        rv_procfs_vma_name(&v, sysroot_real[0] ? sysroot_real : NULL, name, sizeof name);
        struct rv_vma_info x = { .name = name };
        struct stat st;
        if (v.shm_size) {
            shm_info(&host_maps, &v, &x);
        } else if (!(v.flags & MAP_ANONYMOUS) && v.name[0] == '/'
            && host_syscall4(SYS_newfstatat, AT_FDCWD, HOST_ARG(v.name), HOST_ARG(&st), 0) == 0) {
            x.dev_major = major(st.st_dev);
            x.dev_minor = minor(st.st_dev);
            x.inode = st.st_ino;
        }
        if (smaps) {
            x.rss = resident(v.start, v.end);
            rv_procfs_smaps_entry(t, &v, &x);
        } else {
            rv_procfs_maps_line(t, &v, &x);
        }
    }
    rv_text_free(&host_maps);
}

/* Guest memory [start, end) appended, 0 or -EFAULT. */
static int put_guest(struct rv_text *t, guest_addr start, guest_addr end)
{
    char chunk[4096];
    for (guest_addr a = start; a < end;) {
        size_t n = end - a < sizeof chunk ? (size_t)(end - a) : sizeof chunk;
        if (copy_from_guest(chunk, a, n) < 0)
            return -EFAULT;
        rv_text_put(t, chunk, n);
        a += n;
    }
    return 0;
}

/* The kernel's get_mm_cmdline: the argument strings as they are now in guest memory. When the
 * last one's NUL was overwritten (setproctitle writing over argv and on into the environment),
 * the text runs on to the first NUL, at most to the end of the environment. */
static void gen_cmdline(struct rv_text *t)
{
    if (arg_end <= arg_start || put_guest(t, arg_start, arg_end) < 0 || t->len == 0)
        return;
    if (t->data[t->len - 1] == '\0' || env_end <= arg_end)
        return;
    long n = guest_strlen(arg_end);
    if (n > 0)
        (void)put_guest(t, arg_end, arg_end + ((uint64_t)n < env_end - arg_end ? (uint64_t)n : env_end - arg_end));
}

/* /proc/PID/cmdline of another process. A runner that a guest exec'd runs as
 * "RUNNER OPTIONS... -0 ARGV0 -- PROGRAM ARGS..." (exec_runner in syscall/exec.c), and its
 * guest's argv is ARGV0 ARGS...: that is what the guest's kernel would show, and what ps -f,
 * pgrep -f and the like look for. Any other process (a native one, or a runner started from
 * outside with other words) keeps the host's text. A process is a runner when its exe is the
 * same file as ours. */
static int peer_cmdline(const char *path, struct rv_text *t)
{
    struct rv_text host = { 0 };
    int r = read_host(path, &host);
    if (r < 0 || host.oom) {
        rv_text_free(&host);
        return r < 0 ? r : -ENOMEM;
    }
    char exe[64];
    int pathlen = (int)(strrchr(path, '/') - path);
    snprintf(exe, sizeof exe, "%.*s/exe", pathlen, path);
    struct stat ours, theirs;
    bool runner =
        host_syscall4(SYS_newfstatat, AT_FDCWD, HOST_ARG("/proc/self/exe"), HOST_ARG(&ours), 0) == 0 &&
        host_syscall4(SYS_newfstatat, AT_FDCWD, HOST_ARG(exe), HOST_ARG(&theirs), 0) == 0 &&
        ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino;
    /* The words, NUL-terminated each; find the first "-0 ARGV0 --". */
    const char *w[3] = { 0 };   /* the last three words seen */
    size_t off = 0;
    bool found = false;
    while (runner && off < host.len) {
        size_t len = strnlen(host.data + off, host.len - off);
        w[0] = w[1];
        w[1] = w[2];
        w[2] = host.data + off;
        off += len + 1;
        if (w[0] && strcmp(w[0], "-0") == 0 && strcmp(w[2], "--") == 0) {
            found = true;
            break;
        }
    }
    if (found && off < host.len) {
        rv_text_put(t, w[1], strlen(w[1]) + 1);                     /* ARGV0 */
        size_t start = off + strnlen(host.data + off, host.len - off) + 1;  /* past PROGRAM */
        if (start < host.len)
            rv_text_put(t, host.data + start, host.len - start);     /* ARGS... */
    } else {
        rv_text_put(t, host.data, host.len);
    }
    rv_text_free(&host);
    return 0;
}

/* --- which paths, and serving them ----------------------------------------------------------- */

enum proc_file { PROC_NONE, PROC_MAPS, PROC_SMAPS, PROC_AUXV, PROC_CMDLINE, PROC_STAT, PROC_STATUS,
                 PROC_CPUINFO, PROC_PEER_CMDLINE };

static bool all_digits(const char *s, size_t n)
{
    if (n == 0 || n > 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Length of the next path component at *p, after skipping slashes. */
static size_t component(const char **p)
{
    while (**p == '/')
        (*p)++;
    return strcspn(*p, "/");
}

static bool is(const char *p, size_t n, const char *word)
{
    return n == strlen(word) && strncmp(p, word, n) == 0;
}

/* Which generated file a path names: /proc, then self / thread-self / our pid, optionally
 * task/TID for one of our threads, then the file; or /proc/cpuinfo. Repeated slashes are
 * allowed, as path lookup allows them. */
static enum proc_file classify(const char *path)
{
    const char *p = path;
    size_t n = component(&p);
    if (path[0] != '/' || !is(p, n, "proc"))
        return PROC_NONE;
    p += n;
    n = component(&p);
    if (is(p, n, "cpuinfo"))
        return p[n] == '\0' ? PROC_CPUINFO : PROC_NONE;
    char own[24];
    int ownlen = snprintf(own, sizeof own, "%ld", host_syscall0(SYS_getpid));
    bool thread_self = is(p, n, "thread-self");
    if (!is(p, n, "self") && !thread_self && !(n == (size_t)ownlen && strncmp(p, own, n) == 0)) {
        /* Another process: its cmdline, which peer_cmdline shows as the guest's if it is a
         * runner. */
        if (!all_digits(p, n))
            return PROC_NONE;
        p += n;
        n = component(&p);
        return is(p, n, "cmdline") && p[n] == '\0' ? PROC_PEER_CMDLINE : PROC_NONE;
    }
    p += n;
    n = component(&p);
    if (!thread_self && is(p, n, "task")) {   /* thread-self is a task directory already */
        p += n;
        n = component(&p);
        if (!all_digits(p, n))
            return PROC_NONE;
        /* Only a thread of this process: /proc/PID/task/TID exists on the host. */
        char task[64];
        snprintf(task, sizeof task, "/proc/%s/task/%.*s", own, (int)n, p);
        struct stat st;
        if (host_syscall4(SYS_newfstatat, AT_FDCWD, HOST_ARG(task), HOST_ARG(&st), 0) < 0)
            return PROC_NONE;
        p += n;
        n = component(&p);
    }
    if (p[n] != '\0')
        return PROC_NONE;
    if (is(p, n, "maps"))    return PROC_MAPS;
    if (is(p, n, "smaps"))   return PROC_SMAPS;
    if (is(p, n, "auxv"))    return PROC_AUXV;
    if (is(p, n, "cmdline")) return PROC_CMDLINE;
    if (is(p, n, "stat"))    return PROC_STAT;
    if (is(p, n, "status"))  return PROC_STATUS;
    return PROC_NONE;
}

static long generate(enum proc_file which, const char *path, struct rv_text *t)
{
    struct rv_procfs_mm mm;
    struct rv_text host = { 0 };
    long r = 0;
    switch (which) {
    case PROC_MAPS:    gen_maps(t, false); break;
    case PROC_SMAPS:   gen_maps(t, true); break;
    case PROC_AUXV:    r = put_guest(t, rv_proc.auxv_addr, rv_proc.auxv_addr + rv_proc.auxv_len); break;
    case PROC_CMDLINE: gen_cmdline(t); break;
    case PROC_CPUINFO: rv_procfs_cpuinfo(t, get_nprocs()); break;
    case PROC_PEER_CMDLINE: r = peer_cmdline(path, t); break;
    case PROC_STAT:
    case PROC_STATUS:
        /* The host's file for the same path: this process and thread are the guest's. */
        r = read_host(path, &host);
        if (r < 0)
            break;
        gather_mm(&mm);
        if (which == PROC_STATUS)
            rv_procfs_status(t, host.data ? host.data : "", &mm);
        else if (!rv_procfs_stat(t, host.data ? host.data : "", &mm))
            r = -EIO;
        break;
    case PROC_NONE: break;
    }
    rv_text_free(&host);
    if (r == 0 && t->oom)
        r = -ENOMEM;
    return r;
}

bool rv_procfs_open(const char *host_path, int flags, long *result)
{
    /* An O_PATH descriptor reads nothing: the host's file serves it as well. */
    enum proc_file which = host_path && !(flags & O_PATH) ? classify(host_path) : PROC_NONE;
    if (which == PROC_NONE)
        return false;
    /* A /proc file's answers to what cannot be done with it: it exists, is no directory, and
     * is read-only (r--r--r--). */
    if ((flags & O_CREAT) && (flags & O_EXCL))
        *result = -EEXIST;
    else if ((flags & O_DIRECTORY) == O_DIRECTORY)
        *result = -ENOTDIR;
    else if ((flags & O_ACCMODE) != O_RDONLY)
        *result = -EACCES;
    else {
        struct rv_text t = { 0 };
        long r = generate(which, host_path, &t);
        int mfd = -1;
        if (r == 0)
            r = mfd = (int)host_syscall2(SYS_memfd_create, HOST_ARG("crossrun-proc"), MFD_CLOEXEC);
        for (size_t done = 0; r >= 0 && done < t.len; done += (size_t)r)
            r = host_syscall3(SYS_write, mfd, HOST_ARG(t.data + done), (long)(t.len - done));
        if (r >= 0) {
            char self_fd[64];
            snprintf(self_fd, sizeof self_fd, "/proc/self/fd/%d", mfd);
            int keep = flags & (O_CLOEXEC | O_NONBLOCK | O_LARGEFILE);
            r = host_syscall4(SYS_openat, AT_FDCWD, HOST_ARG(self_fd), O_RDONLY | keep, 0);
        }
        if (mfd >= 0)
            host_syscall1(SYS_close, mfd);
        rv_text_free(&t);
        *result = r;
    }
    return true;
}
