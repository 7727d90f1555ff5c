/*
 * syscall/exec.c - new programs: execve, execveat.
 *
 * A riscv64 ELF, or a #! script whose interpreter is one, runs under a new crossrun: the
 * runner re-executes itself (through the descriptor it holds of its own file, runner_exe.h, so
 * that this works in a root the guest chroot()ed into) with the options that carry over (-L,
 * --strace, -R), -0 for the guest's argv[0] and the guest's envp as its whole environment, so
 * the new program sees exactly the arguments and environment the guest passed and
 * /proc/self/exe names it. Anything else (a host program, a script for a host interpreter) is
 * handed to the host kernel's execve as it is. Paths go through the guest path rules
 * (syscall/path.h: sysroot first).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/time.h"
#include "abi/wait.h"
#include "loader/elf.h"
#include "loader/loader.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "syscall/process_info.h"
#include "syscall/signal/signal.h"
#include "syscall/path.h"
#include "syscall/task.h"
#include "syscall/exec.h"
#include "syscall/runner_exe.h"
#include "syscall/strace/strace.h"
#include "syscall/syscall.h"
#include "syscall/thread.h"
#include "mem/uaccess.h"
#include "syscall/vfork_carry.h"
#include "translate/engines.h"


static char **exec_option_words;

void rv_exec_setup(char **option_words)
{
    exec_option_words = option_words;
    /* A relative sysroot would mean another directory once the guest has called chdir. */
    for (size_t i = 0; option_words[i]; i++) {
        if (strcmp(option_words[i], "-L") == 0 && option_words[i + 1] &&
            option_words[i + 1][0] != '/') {
            char *abs = realpath(option_words[i + 1], NULL);
            if (abs) {
                if (rv_proc.sysroot && strcmp(rv_proc.sysroot, option_words[i + 1]) == 0)
                    rv_proc.sysroot = abs; /* the guest's own lookups need the same */
                option_words[i + 1] = abs;
            }
        }
    }
}

/* ---- execve ------------------------------------------------------------------------------ */

/* MAX_ARG_STRLEN (32 pages): the longest argument or environment string the kernel takes.
 * The total size is left to the host execve, which applies its own stack-based limit. */
#define RV_MAX_ARG_STRLEN (32 * 4096)

struct str_list {
    char **v;        /* NULL-terminated */
    size_t n;
};

static void str_list_free(struct str_list *l)
{
    for (size_t i = 0; l->v && i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* What an execve on its way to the host kernel allocated (rv_exec_release_inflight). */
static __thread struct str_list *inflight_args, *inflight_envp;
static __thread const char **inflight_words;

void rv_exec_release_inflight(void)
{
    if (inflight_args)
        str_list_free(inflight_args);
    if (inflight_envp)
        str_list_free(inflight_envp);
    free(inflight_words);
    inflight_args = inflight_envp = NULL;
    inflight_words = NULL;
}

/* Copies a guest NULL-terminated array of string pointers (argv, envp). A NULL array is empty,
 * as Linux allows. 0, -EFAULT, -E2BIG or -ENOMEM. */
static long str_list_from_guest(struct str_list *l, guest_addr arr)
{
    l->n = 0;
    size_t cap = 16;
    l->v = malloc(cap * sizeof *l->v);
    char *scratch = malloc(RV_MAX_ARG_STRLEN);
    long r = (l->v && scratch) ? 0 : -ENOMEM;
    for (size_t i = 0; r == 0 && arr; i++) {
        uint64_t ptr;
        r = copy_from_guest(&ptr, arr + i * sizeof ptr, sizeof ptr);
        if (r < 0)
            break;
        ptr = rv_le64(ptr);
        if (!ptr)
            break;
        if (l->n + 2 > cap) {
            char **nv = realloc(l->v, 2 * cap * sizeof *nv);
            if (!nv) {
                r = -ENOMEM;
                break;
            }
            l->v = nv;
            cap *= 2;
        }
        long len = string_from_guest(scratch, ptr, RV_MAX_ARG_STRLEN);
        if (len < 0) {
            r = len == -ENAMETOOLONG ? -E2BIG : len;
            break;
        }
        l->v[l->n] = malloc((size_t)len + 1);
        if (!l->v[l->n]) {
            r = -ENOMEM;
            break;
        }
        memcpy(l->v[l->n++], scratch, (size_t)len + 1);
    }
    free(scratch);
    if (l->v)
        l->v[l->n] = NULL;
    if (r < 0)
        str_list_free(l);
    return r;
}

enum exec_kind { EXEC_RISCV_ELF, EXEC_SCRIPT, EXEC_HOST };

/* BINPRM_BUF_SIZE: how much of the file the kernel looks at to pick a format. */
#define RV_BINPRM_BUF 256

/* What the kernel checks before it reads a file it is asked to run: that it can be found, is
 * a regular file and executable by us (EACCES otherwise), then its first bytes. */
static long exec_probe(const char *path, unsigned char *buf, size_t *got)
{
    long r = host_syscall4(SYS_faccessat2, AT_FDCWD, HOST_ARG(path), X_OK, AT_EACCESS);
    if (r == -ENOSYS)
        r = host_syscall3(SYS_faccessat, AT_FDCWD, HOST_ARG(path), X_OK);
    if (r < 0)
        return r;
    long fd = host_syscall3(SYS_open, HOST_ARG(path), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return fd;
    struct stat st;
    r = host_syscall2(SYS_fstat, fd, HOST_ARG(&st));
    if (r == 0 && !S_ISREG(st.st_mode))
        r = -EACCES;
    if (r == 0) {
        r = host_syscall4(SYS_pread64, fd, HOST_ARG(buf), RV_BINPRM_BUF, 0);
        if (r >= 0) {
            *got = (size_t)r;
            r = 0;
        }
    }
    host_syscall1(SYS_close, fd);
    return r;
}

static enum exec_kind exec_kind_of(const unsigned char *h, size_t n)
{
    if (n >= 2 && h[0] == '#' && h[1] == '!')
        return EXEC_SCRIPT;
    if (n >= 20 && memcmp(h, "\177ELF", 4) == 0 && h[4] == 2 /* ELFCLASS64 */ &&
        h[5] == 1 /* ELFDATA2LSB */ && (h[18] | h[19] << 8) == 243 /* EM_RISCV */)
        return EXEC_RISCV_ELF;
    return EXEC_HOST;
}

/* A riscv64 ELF is fully validated the way the loader will (header, program headers, the
 * interpreter through the sysroot) so that what the kernel's execve would refuse (ENOEXEC, a
 * missing interpreter's ENOENT) fails here, while the guest can still see the error. */
static long validate_riscv_elf(const char *path)
{
    struct rv_elf *prog = malloc(sizeof *prog), *interp = malloc(sizeof *interp);
    char err[256];
    long r = (prog && interp) ? rv_elf_open(prog, path, err, sizeof err) : -ENOMEM;
    if (r == 0) {
        if (prog->has_interp) {
            r = rv_interp_open(prog, rv_proc.sysroot, interp, err, sizeof err);
            if (r == 0)
                rv_elf_close(interp);
        }
        rv_elf_close(prog);
    }
    free(prog);
    free(interp);
    return r;
}

/* Hands a program to the host kernel's execve as it is. */
static long host_exec(const char *path, const struct str_list *args, const struct str_list *envp)
{
    rv_runner_exe_hide();
    return host_syscall3(SYS_execve, HOST_ARG(path), HOST_ARG(args->v), HOST_ARG(envp->v));
}

/* Re-executes crossrun (through the descriptor it holds of itself, syscall/runner_exe.h):
 * RUNNER OPTIONS... [--runner-fd N] -0 ARGV0 -- PROGRAM EXTRA... ARGS[first..]. Returns only on
 * failure, with -errno. */
static long exec_runner(const char *argv0, const char *program, char *const *extra, size_t n_extra,
                        const struct str_list *args, size_t first, const struct str_list *envp)
{
    size_t n_opts = 0;
    while (exec_option_words && exec_option_words[n_opts])
        n_opts++;
    size_t n = 1 + n_opts + 1 + 2 + 4 + n_extra + (args->n > first ? args->n - first : 0) + 1;
    const char **v = malloc(n * sizeof *v);
    if (!v)
        return -ENOMEM;
    size_t k = 0;
    v[k++] = rv_runner_exe_name();
    for (size_t i = 0; i < n_opts; i++)
        v[k++] = exec_option_words[i];
    if (rv_proc.strace && rv_strace_prefixed())
        v[k++] = "--strace-forked";  /* its lines keep the "[pid N] " of this task's */
    char fd_word[16];
    int fd = rv_runner_exe_fd();
    if (fd >= 0) {
        snprintf(fd_word, sizeof fd_word, "%d", fd);
        v[k++] = "--runner-fd";
        v[k++] = fd_word;
    }
    v[k++] = "-0";
    v[k++] = argv0;
    v[k++] = "--";
    v[k++] = program;
    for (size_t i = 0; i < n_extra; i++)
        v[k++] = extra[i];
    for (size_t i = first; i < args->n; i++)
        v[k++] = args->v[i];
    v[k] = NULL;
    inflight_words = v;
    long r = rv_runner_exe_exec((char *const *)v, envp->v);
    inflight_words = NULL;
    free(v);
    return r;
}

/* binfmt_script: "#!" then optional blanks, the interpreter up to a blank or the end of the
 * line, then at most one argument: the rest of the line with outer blanks removed. The line
 * must end within the first 256 bytes unless the interpreter word already did. */
static long parse_shebang(const unsigned char *h, size_t n, char *interp, size_t icap, char *arg,
                          size_t acap)
{
    char line[RV_BINPRM_BUF + 1];
    memcpy(line, h, n);
    line[n] = '\0';
    char *end = memchr(line, '\n', n);
    char *p = line + 2;
    while (*p == ' ' || *p == '\t')
        p++;
    char *q = p;
    while (*q && *q != ' ' && *q != '\t' && *q != '\n')
        q++;
    if (!end && !*q)
        return -ENOEXEC; /* the interpreter name may go on past what was read */
    if (end)
        *end = '\0';
    if (q == p)
        return -ENOEXEC;
    if ((size_t)(q - p) >= icap)
        return -ENOEXEC;
    memcpy(interp, p, (size_t)(q - p));
    interp[q - p] = '\0';
    p = q;
    while (*p == ' ' || *p == '\t')
        p++;
    q = p + strlen(p);
    while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    if ((size_t)(q - p) >= acap)
        return -ENOEXEC;
    memcpy(arg, p, (size_t)(q - p));
    arg[q - p] = '\0';
    return 0;
}

/* Runs a #! script: under crossrun when its interpreter (sysroot first) is a riscv64 ELF,
 * otherwise through the host kernel, which reads the #! line itself. guest_name is the path
 * as the guest passed it: the interpreter gets it as its script argument, as from the kernel. */
static long exec_script(const char *host_path, const char *guest_name, const unsigned char *h,
                        size_t n, const struct str_list *args, const struct str_list *envp)
{
    char interp[RV_BINPRM_BUF], arg[RV_BINPRM_BUF], interp_host[PATH_MAX];
    long r = parse_shebang(h, n, interp, sizeof interp, arg, sizeof arg);
    if (r < 0)
        return r;
    if (interp[0] == '/')
        r = rv_sysroot_path(rv_proc.sysroot, interp, interp_host, sizeof interp_host);
    else
        r = strlen(interp) < sizeof interp_host ? (strcpy(interp_host, interp), 0) : -ENAMETOOLONG;
    if (r < 0)
        return r;
    unsigned char ih[RV_BINPRM_BUF];
    size_t ig = 0;
    r = exec_probe(interp_host, ih, &ig);
    if (r < 0)
        return r;
    if (exec_kind_of(ih, ig) != EXEC_RISCV_ELF)
        return host_exec(host_path, args, envp);
    r = validate_riscv_elf(interp_host);
    if (r < 0)
        return r;
    if (rv_runner_exe_lost_in_binfmt())
        return host_exec(host_path, args, envp);  /* the kernel reads the #! line */
    char *extra[2];
    size_t n_extra = 0;
    if (arg[0])
        extra[n_extra++] = arg;
    extra[n_extra++] = (char *)guest_name;
    return exec_runner(interp, interp_host, extra, n_extra, args, 1, envp);
}

/* The common part of execve and execveat once the file has a host path. */
static long do_exec(const char *host_path, const char *guest_name, guest_addr argv_addr,
                    guest_addr envp_addr)
{
    /* The kernel opens the file before it counts argv and envp (do_execveat_common), so a
     * missing file is ENOENT even when argv is a bad pointer too. */
    unsigned char h[RV_BINPRM_BUF];
    size_t got = 0;
    struct str_list args = {0}, envp = {0};
    long r = exec_probe(host_path, h, &got);
    if (r == 0)
        r = str_list_from_guest(&args, argv_addr);
    if (r == 0)
        r = str_list_from_guest(&envp, envp_addr);
    if (r == 0) {
        inflight_args = &args;
        inflight_envp = &envp;
        switch (exec_kind_of(h, got)) {
        case EXEC_RISCV_ELF:
            r = validate_riscv_elf(host_path);
            if (r == 0 && rv_runner_exe_lost_in_binfmt())
                r = host_exec(host_path, &args, &envp);  /* back through binfmt_misc */
            else if (r == 0)
                r = exec_runner(args.n ? args.v[0] : "", host_path, NULL, 0, &args, 1, &envp);
            break;
        case EXEC_SCRIPT:
            r = exec_script(host_path, guest_name, h, got, &args, &envp);
            break;
        case EXEC_HOST:
            r = host_exec(host_path, &args, &envp);
            break;
        }
        inflight_args = inflight_envp = NULL;
    }
    str_list_free(&args);
    str_list_free(&envp);
    return r;
}

/* execve(path, argv, envp) */
long sys_execve(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_required_from_guest(&p, a[0]);
    if (r < 0)
        return r;
    char guest_name[PATH_MAX];
    r = string_from_guest(guest_name, a[0], sizeof guest_name);
    if (r < 0)
        return r;
    return do_exec(p.host, guest_name, a[1], a[2]);
}

#define RV_AT_SYMLINK_NOFOLLOW 0x100
#define RV_AT_EMPTY_PATH       0x1000

/* execveat(dirfd, path, argv, envp, flags): the file is turned into a host path that a new
 * crossrun can open after the exec, through the name /proc/self/fd/N gives dirfd (so a file
 * deleted since it was opened cannot be run this way). */
long sys_execveat(struct rv_cpu *cpu, const uint64_t *a)
{
    int dirfd = (int)a[0];
    uint64_t flags = a[4];
    if (flags & ~(uint64_t)(RV_AT_SYMLINK_NOFOLLOW | RV_AT_EMPTY_PATH))
        return -EINVAL;
    struct rv_path p;
    long r = rv_path_required_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    char guest_name[PATH_MAX], host[PATH_MAX];
    if (string_from_guest(guest_name, a[1], sizeof guest_name) < 0)
        return -EFAULT;
    if (p.host[0] == '/' || (dirfd == AT_FDCWD && p.host[0])) {
        snprintf(host, sizeof host, "%s", p.host);
    } else {
        if (!p.host[0] && !(flags & RV_AT_EMPTY_PATH))
            return -ENOENT;
        char link[64], dir[PATH_MAX];
        if (dirfd == AT_FDCWD)
            snprintf(link, sizeof link, "/proc/self/cwd");
        else
            snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        r = host_syscall3(SYS_readlink, HOST_ARG(link), HOST_ARG(dir), sizeof dir - 1);
        if (r < 0)
            return r == -ENOENT ? -EBADF : r;
        dir[r] = '\0';
        if (dir[0] != '/')
            return -ENOENT; /* a pipe, a socket, an anonymous file */
        int w = p.host[0] ? snprintf(host, sizeof host, "%s/%s", dir, p.host)
                          : snprintf(host, sizeof host, "%s", dir);
        if (w < 0 || (size_t)w >= sizeof host)
            return -ENAMETOOLONG;
        if (!p.host[0])
            snprintf(guest_name, sizeof guest_name, "/dev/fd/%d", dirfd);
    }
    if (flags & RV_AT_SYMLINK_NOFOLLOW) {
        struct stat st;
        if (host_syscall2(SYS_lstat, HOST_ARG(host), HOST_ARG(&st)) == 0 && S_ISLNK(st.st_mode))
            return -ELOOP;
    }
    return do_exec(host, guest_name, a[2], a[3]);
}
