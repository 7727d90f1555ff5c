/*
 * syscall/process.c - new processes and programs: clone (fork and vfork), clone3, execve,
 * execveat, wait4, waitid.
 *
 * fork. A guest clone without CLONE_VM is a host fork of the whole runner: the child runner
 * holds a copy of the guest memory at the same addresses, its own copy of every runner table
 * (address space, block cache, signal state) and returns 0 to the guest. Threads (CLONE_VM
 * without CLONE_VFORK) are host threads (syscall/thread.c). clone3 is the same calls with
 * its arguments in a struct.
 *
 * vfork. CLONE_VM|CLONE_VFORK (glibc's vfork() and posix_spawn) becomes a host fork whose
 * parent stays suspended until the child execs or exits, as for a real vfork (host_fork). The
 * child runs on a copy of the memory. Deviation,
 * shared with qemu-user: what the child writes to memory is not seen by the parent, except
 * for the parent's stack in use, which syscall/vfork_carry.c copies back when the child exits
 * without exec; that is where posix_spawn reports a failed exec (errno, child exit 127).
 *
 * The runner's own state across fork: every runner lock is taken around the host fork and
 * started afresh in the child (fork_prepare below), so a fork from a threaded guest never
 * leaves the child waiting for a lock another thread held.
 * --strace lines of the child carry the "[pid N] " prefix (strace.c remembers the first
 * tracer's tid, which the child inherits).
 *
 * execve. A riscv64 ELF, or a #! script whose interpreter is one, runs under a new crossrun:
 * the runner re-executes itself with the options that carry over (-L, --strace, -R), -0 for
 * the guest's argv[0] and the guest's envp as its whole environment, so the new program sees
 * exactly the arguments and environment the guest passed and /proc/self/exe names it. Anything
 * else (a host program, a script for a host interpreter) is handed to the host kernel's execve
 * as it is. Paths go through the guest path rules (syscall/path.h: sysroot first).
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
#include "loader/addrspace.h"
#include "syscall/host.h"
#include "syscall/safe_syscall.h"
#include "syscall/path.h"
#include "syscall/proc.h"
#include "syscall/process.h"
#include "syscall/runner_fd.h"
#include "syscall/sigstate.h"
#include "syscall/strace.h"
#include "syscall/syscall.h"
#include "syscall/thread.h"
#include "syscall/uaccess.h"
#include "syscall/vfork_carry.h"
#include "translate/engine.h"

enum { RV_REG_SP = 2, RV_REG_TP = 4 };

static char **exec_option_words;
static char runner_path[PATH_MAX];

void rv_process_setup(char **option_words)
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
    ssize_t n = readlink("/proc/self/exe", runner_path, sizeof runner_path - 1);
    if (n > 0)
        runner_path[n] = '\0';
    else
        strcpy(runner_path, "/proc/self/exe");
}

/* ---- clone ----------------------------------------------------------------------------- */

/* Flags the host kernel can apply as they are to a child that does not share memory. */
#define HOST_PASSED_FLAGS                                                                      \
    (RV_CLONE_FS | RV_CLONE_FILES | RV_CLONE_PARENT | RV_CLONE_NEWNS | RV_CLONE_SYSVSEM |      \
     RV_CLONE_UNTRACED | RV_CLONE_NEWCGROUP | RV_CLONE_NEWUTS | RV_CLONE_NEWIPC |              \
     RV_CLONE_NEWUSER | RV_CLONE_NEWPID | RV_CLONE_NEWNET | RV_CLONE_IO)

/* Flags crossrun carries out itself on the guest side. */
#define GUEST_DONE_FLAGS                                                                       \
    (RV_CLONE_SETTLS | RV_CLONE_PARENT_SETTID | RV_CLONE_CHILD_SETTID |                        \
     RV_CLONE_CHILD_CLEARTID | RV_CLONE_DETACHED | RV_CLONE_PTRACE)

/* ---- the runner's own state across a host fork ---------------------------------------------
 * A child has only the thread that forked. Any lock another thread of the parent held at that
 * moment would stay held in the child forever, and the child's first mmap, translation or
 * sigaction would wait for it. So every runner lock is taken around the fork and started
 * afresh in the child: the guest signal actions (signal.c), the guest address space table
 * (loader/addrspace.c), the engine's code cache (translate/engine.h); the warn-once lists
 * are lock-free (once_set.h). Each is a leaf lock (none is taken while another is held), so
 * taking them in this order cannot deadlock. glibc's own locks (malloc, stdio) are taken and
 * reset by glibc's fork(), which every fork and vfork goes through (see host_fork). */
static void fork_prepare(void)
{
    rv_sig_fork_prepare();
    guest_as_fork_prepare();
    rv_engine->fork_prepare();
}

static void fork_parent(void)
{
    rv_engine->fork_parent();
    guest_as_fork_parent();
    rv_sig_fork_parent();
}

#ifdef __SANITIZE_ADDRESS__
/* LeakSanitizer calls this at exit. A fork child of a threaded runner has lost the other
 * threads, whose allocations (their stacks' data, their struct rv_thread) would all look
 * leaked, and LSan warns for every thread it cannot suspend: not the child's leaks, so no check
 * there. (LSan's documentation asks for a constant; it is read once, at the check.) */
static bool lsan_off;
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
    return lsan_off;
}
#endif

static void fork_child(bool threaded)
{
    rv_engine->fork_child();
    guest_as_fork_child();
    rv_sig_after_fork();
#ifdef __SANITIZE_ADDRESS__
    lsan_off = lsan_off || threaded;
#else
    (void)threaded;
#endif
}

/* A vfork parent waits until the child has exec'd or ended, as the kernel's CLONE_VFORK
 * would: the child holds the write end of a close-on-exec pipe, which closes at its execve
 * (crossrun's own re-exec for a riscv64 program included) or at its death, and the parent reads
 * until end of file. Both ends are kept out of the guest's close, close_range and dup3
 * (runner_fd.h): Python's subprocess closes every descriptor above 2 in the child before exec. */
static void wait_for_vfork_child(int handle, int fd)
{
    char c;
    /* the number may change under us (runner_fd.c moves it out of a guest dup3's way) */
    while (read(rv_runner_fd(handle, fd), &c, 1) != 0 && (errno == EINTR || errno == EAGAIN))
        ;
    close(rv_runner_fd(handle, fd));
    rv_runner_fd_drop(handle);
}

/* Creates the host child between fork_prepare and fork_parent/fork_child. A fork or a vfork
 * that asks nothing else of the host (exit signal SIGCHLD, nothing shared) goes through glibc's
 * fork(), which keeps the runner's libc consistent in the child: its cached tid, and the malloc
 * and stdio locks, which another thread may hold at the fork. A vfork is a fork whose parent
 * waits (wait_for_vfork_child): the child runs on a copy of the memory either way (process.c's
 * header). Anything else needs the raw clone: another exit signal, shared fs/files,
 * namespaces, a pidfd. That child keeps the parent's tid in glibc's thread descriptor (glibc
 * 2.34+ asks the kernel where it matters), and glibc's internal locks held by other threads at
 * that moment are not reset: a known limit of these rare flags. */
static long host_fork(uint64_t flags, int *pidfd)
{
    int exit_sig = (int)(flags & RV_CSIGNAL);
    int host_sig = exit_sig ? rv_signal_to_host(exit_sig) : 0;
    if (host_sig < 0)
        return -EINVAL;
    uint64_t hflags = (flags & HOST_PASSED_FLAGS) | (uint64_t)host_sig;
    if (flags & RV_CLONE_PIDFD)
        hflags |= RV_CLONE_PIDFD;
    bool vfork = (flags & RV_CLONE_VFORK) != 0;
    /* a handle can be -1 (no slot left): then the pipe is only unprotected */
    int wait_pipe[2] = { -1, -1 };
    if (hflags == SIGCHLD && vfork && pipe2(wait_pipe, O_CLOEXEC) < 0)
        return -errno;
    /* both ends are the runner's: the guest's close_range and dup3 leave them alone */
    int read_end = wait_pipe[0] >= 0 ? rv_runner_fd_keep(wait_pipe[0]) : -1;

    bool threaded = rv_thread_live() > 1;
    fork_prepare();
    long pid;
    if (hflags == SIGCHLD) {
        pid = fork();
        if (pid < 0)
            pid = -errno;
    } else {
        if (vfork)
            hflags |= RV_CLONE_VFORK;
        /* x86-64 order (default variant): flags, newsp, parent_tid, child_tid, tls. newsp 0:
         * the child continues on its copy of this stack, safe because nothing is shared. */
        pid = host_syscall5(SYS_clone, (long)hflags, 0, HOST_ARG(pidfd), 0, 0);
    }
    if (pid == 0) {
        fork_child(threaded);
        if (wait_pipe[0] >= 0) {
            rv_runner_fd_drop(read_end);
            close(wait_pipe[0]);
            (void)rv_runner_fd_keep(wait_pipe[1]);  /* open until this child execs or exits */
        }
        return 0;
    }
    fork_parent();
    if (wait_pipe[0] >= 0) {
        close(wait_pipe[1]);
        if (pid > 0) {
            wait_for_vfork_child(read_end, wait_pipe[0]);
        } else {
            close(rv_runner_fd(read_end, wait_pipe[0]));
            rv_runner_fd_drop(read_end);
        }
    }
    return pid;
}

/* What clone and clone3 ask for, in one form. flags keeps the exit signal in its low byte, as
 * clone's does; pidfd is where CLONE_PIDFD stores the descriptor (clone: parent_tid). */
struct clone_req {
    uint64_t flags;
    guest_addr stack;    /* the child's sp; 0 keeps the parent's */
    guest_addr parent_tid, child_tid, tls, pidfd;
};

static long do_clone(struct rv_cpu *cpu, const struct clone_req *req)
{
    uint64_t flags = req->flags;
    /* The kernel's own consistency rules (copy_process). */
    if ((flags & RV_CLONE_THREAD) && !(flags & RV_CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & RV_CLONE_SIGHAND) && !(flags & RV_CLONE_VM))
        return -EINVAL;
    /* A guest thread is a host thread sharing the runner (syscall/thread.c), and so its one
     * table of signal actions: CLONE_CLEAR_SIGHAND cannot clear it for the child alone. EINVAL
     * is what a kernel before 5.5 answers, and glibc falls back to clone. */
    if ((flags & RV_CLONE_VM) && !(flags & RV_CLONE_VFORK) && (flags & RV_CLONE_CLEAR_SIGHAND))
        return -EINVAL;
    if ((flags & RV_CLONE_VM) && !(flags & RV_CLONE_VFORK))
        return rv_clone_thread(cpu, flags, req->stack, req->parent_tid, req->tls, req->child_tid);
    if (flags & (RV_CLONE_THREAD | RV_CLONE_SIGHAND))
        return -ENOSYS;
    uint64_t known = RV_CSIGNAL | RV_CLONE_VM | RV_CLONE_VFORK | RV_CLONE_PIDFD |
                     HOST_PASSED_FLAGS | GUEST_DONE_FLAGS | RV_CLONE_CLEAR_SIGHAND;
    if (flags & ~known)
        return -EINVAL;

    int pidfd = -1;
    /* vfork's stores to the parent's stack (posix_spawn's exec error) reach it: vfork_carry.c */
    struct rv_vfork_carry carry = { 0 };
    if ((flags & (RV_CLONE_VM | RV_CLONE_VFORK)) == (RV_CLONE_VM | RV_CLONE_VFORK))
        rv_vfork_carry_prepare(&carry, cpu->x[RV_REG_SP]);
    long pid = host_fork(flags, &pidfd);
    rv_vfork_carry_after(&carry, pid);
    if (pid < 0)
        return pid;

    if (pid == 0) {
        /* The child: the kernel's copy_thread sets sp and tp, schedule_tail stores the tid. */
        if (flags & RV_CLONE_CLEAR_SIGHAND)
            rv_sig_clear_handlers();
        if (req->stack)
            cpu->x[RV_REG_SP] = req->stack;
        if (flags & RV_CLONE_SETTLS)
            cpu->x[RV_REG_TP] = req->tls;
        if (flags & RV_CLONE_CHILD_SETTID) {
            uint32_t tid = rv_le32((uint32_t)host_syscall0(SYS_gettid));
            (void)!copy_to_guest(req->child_tid, &tid, sizeof tid); /* a fault is ignored, as there */
        }
        /* copy_process: the child's clear_child_tid is child_tid with CLONE_CHILD_CLEARTID and
         * NULL otherwise (never the forking thread's), and it has no robust list yet. The
         * address matters once the child has threads and this one exits (thread.c). */
        rv_proc_set_clear_child_tid((flags & RV_CLONE_CHILD_CLEARTID) ? req->child_tid : 0);
        rv_proc_set_robust_list(0);
        return 0;
    }

    if (flags & RV_CLONE_PIDFD) {
        int32_t g = (int32_t)rv_le32((uint32_t)pidfd);
        if (copy_to_guest(req->pidfd, &g, sizeof g) < 0) {
            host_syscall1(SYS_close, pidfd);
            return -EFAULT;
        }
    }
    if (flags & RV_CLONE_PARENT_SETTID) {
        uint32_t g = rv_le32((uint32_t)pid);
        if (copy_to_guest(req->parent_tid, &g, sizeof g) < 0)
            return -EFAULT;
    }
    return pid;
}

/* clone(flags, newsp, parent_tid, tls, child_tid). riscv64 selects CONFIG_CLONE_BACKWARDS
 * (arch/riscv/Kconfig), so kernel/fork.c declares its clone with tls before child_tid; x86-64
 * uses the default variant with child_tid before tls (glibc: __ASSUME_CLONE_BACKWARDS in
 * sysdeps/unix/sysv/linux/riscv/kernel-features.h; its _Fork puts the tid address in a4). */
long sys_clone(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t flags = a[0];
    if (flags >> 32)
        return -EINVAL;
    /* clone has one pointer for the pidfd and the parent tid */
    if ((flags & RV_CLONE_PIDFD) && (flags & (RV_CLONE_PARENT_SETTID | RV_CLONE_DETACHED)))
        return -EINVAL;
    struct clone_req req = {
        .flags = flags, .stack = a[1], .parent_tid = a[2], .tls = a[3], .child_tid = a[4],
        .pidfd = a[2],
    };
    return do_clone(cpu, &req);
}

/* clone3(args, size): struct clone_args (abi/wait.h) checked as clone3_args_valid does, then
 * the same fork, vfork and thread paths as clone. glibc (2.34+) tries it first for
 * pthread_create and posix_spawn. Not offered: set_tid (choosing the child's pid, for
 * checkpoint/restore) and CLONE_INTO_CGROUP, which return EINVAL with a warning; glibc uses
 * neither. CLONE_CLEAR_SIGHAND, which glibc's posix_spawn asks for, is done in the child. */
long sys_clone3(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr uargs = a[0];
    uint64_t size = a[1];
    if (size < RV_CLONE_ARGS_SIZE_VER0)
        return -EINVAL;
    if (size > 4096)
        return -E2BIG;
    struct rv_clone_args ca;
    memset(&ca, 0, sizeof ca);
    long r = copy_from_guest(&ca, uargs, size < sizeof ca ? size : sizeof ca);
    if (r < 0)
        return r;
    /* bytes past the fields known here must be zero (copy_struct_from_user) */
    for (uint64_t off = sizeof ca; off < size; off++) {
        uint8_t b;
        if (copy_from_guest(&b, uargs + off, 1) < 0)
            return -EFAULT;
        if (b)
            return -E2BIG;
    }
    uint64_t flags = rv_le64(ca.flags), exit_signal = rv_le64(ca.exit_signal);
    uint64_t stack = rv_le64(ca.stack), stack_size = rv_le64(ca.stack_size);
    if ((exit_signal & ~(uint64_t)RV_CSIGNAL) || exit_signal > RV_NSIG)
        return -EINVAL;
    if (flags & ~(UINT64_C(0xffffffff) | RV_CLONE_CLEAR_SIGHAND | RV_CLONE_INTO_CGROUP))
        return -EINVAL;
    if (flags & (RV_CLONE_DETACHED | (RV_CSIGNAL & ~RV_CLONE_NEWTIME)))
        return -EINVAL;
    if ((flags & RV_CLONE_SIGHAND) && (flags & RV_CLONE_CLEAR_SIGHAND))
        return -EINVAL;
    if ((flags & (RV_CLONE_THREAD | RV_CLONE_PARENT)) && exit_signal)
        return -EINVAL;
    if (stack ? stack_size == 0 : stack_size != 0)
        return -EINVAL;
    if (rv_le64(ca.set_tid_size) > 32 || (!ca.set_tid && ca.set_tid_size) ||
        (ca.set_tid && !ca.set_tid_size))
        return -EINVAL;
    if (ca.set_tid_size || (flags & (RV_CLONE_INTO_CGROUP | RV_CLONE_NEWTIME))) {
        static bool warned;
        if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
            fprintf(stderr, "crossrun: clone3 with set_tid, CLONE_INTO_CGROUP or CLONE_NEWTIME"
                            " is not supported\n");
        return -EINVAL;
    }
    struct clone_req req = {
        .flags = flags | exit_signal,
        .stack = stack ? stack + stack_size : 0,  /* the stack grows down from its end */
        .parent_tid = rv_le64(ca.parent_tid), .child_tid = rv_le64(ca.child_tid),
        .tls = rv_le64(ca.tls), .pidfd = rv_le64(ca.pidfd),
    };
    return do_clone(cpu, &req);
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

/* Re-executes crossrun: RUNNER OPTIONS... -0 ARGV0 -- PROGRAM EXTRA... ARGS[first..]. Returns
 * only on failure, with -errno. */
static long exec_runner(const char *argv0, const char *program, char *const *extra, size_t n_extra,
                        const struct str_list *args, size_t first, const struct str_list *envp)
{
    size_t n_opts = 0;
    while (exec_option_words && exec_option_words[n_opts])
        n_opts++;
    size_t n = 1 + n_opts + 1 + 4 + n_extra + (args->n > first ? args->n - first : 0) + 1;
    const char **v = malloc(n * sizeof *v);
    if (!v)
        return -ENOMEM;
    size_t k = 0;
    v[k++] = runner_path;
    for (size_t i = 0; i < n_opts; i++)
        v[k++] = exec_option_words[i];
    if (rv_proc.strace && rv_strace_prefixed())
        v[k++] = "--strace-forked";  /* its lines keep the "[pid N] " of this task's */
    v[k++] = "-0";
    v[k++] = argv0;
    v[k++] = "--";
    v[k++] = program;
    for (size_t i = 0; i < n_extra; i++)
        v[k++] = extra[i];
    for (size_t i = first; i < args->n; i++)
        v[k++] = args->v[i];
    v[k] = NULL;
    long r = host_syscall3(SYS_execve, HOST_ARG(runner_path), HOST_ARG(v), HOST_ARG(envp->v));
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
        return host_syscall3(SYS_execve, HOST_ARG(host_path), HOST_ARG(args->v), HOST_ARG(envp->v));
    r = validate_riscv_elf(interp_host);
    if (r < 0)
        return r;
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
        switch (exec_kind_of(h, got)) {
        case EXEC_RISCV_ELF:
            r = validate_riscv_elf(host_path);
            if (r == 0)
                r = exec_runner(args.n ? args.v[0] : "", host_path, NULL, 0, &args, 1, &envp);
            break;
        case EXEC_SCRIPT:
            r = exec_script(host_path, guest_name, h, got, &args, &envp);
            break;
        case EXEC_HOST:
            r = host_syscall3(SYS_execve, HOST_ARG(host_path), HOST_ARG(args.v), HOST_ARG(envp.v));
            break;
        }
    }
    str_list_free(&args);
    str_list_free(&envp);
    return r;
}

/* execve(path, argv, envp) */
long sys_execve(struct rv_cpu *cpu, const uint64_t *a)
{
    struct rv_path p;
    long r = rv_path_from_guest(&p, a[0]);
    if (r < 0)
        return r;
    if (!p.host)
        return -EFAULT;
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
    long r = rv_path_from_guest(&p, a[1]);
    if (r < 0)
        return r;
    if (!p.host)
        return -EFAULT;
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

/* ---- wait -------------------------------------------------------------------------------- */

static void rusage_to_guest(struct rv_rusage *g, const struct rusage *h)
{
    g->ru_utime = (struct rv_timeval){ rv_le64(h->ru_utime.tv_sec), rv_le64(h->ru_utime.tv_usec) };
    g->ru_stime = (struct rv_timeval){ rv_le64(h->ru_stime.tv_sec), rv_le64(h->ru_stime.tv_usec) };
    g->ru_maxrss = rv_le64(h->ru_maxrss);
    g->ru_ixrss = rv_le64(h->ru_ixrss);
    g->ru_idrss = rv_le64(h->ru_idrss);
    g->ru_isrss = rv_le64(h->ru_isrss);
    g->ru_minflt = rv_le64(h->ru_minflt);
    g->ru_majflt = rv_le64(h->ru_majflt);
    g->ru_nswap = rv_le64(h->ru_nswap);
    g->ru_inblock = rv_le64(h->ru_inblock);
    g->ru_oublock = rv_le64(h->ru_oublock);
    g->ru_msgsnd = rv_le64(h->ru_msgsnd);
    g->ru_msgrcv = rv_le64(h->ru_msgrcv);
    g->ru_nsignals = rv_le64(h->ru_nsignals);
    g->ru_nvcsw = rv_le64(h->ru_nvcsw);
    g->ru_nivcsw = rv_le64(h->ru_nivcsw);
}

static long rusage_out(guest_addr addr, const struct rusage *h)
{
    if (!addr)
        return 0;
    struct rv_rusage g;
    rusage_to_guest(&g, h);
    return copy_to_guest(addr, &g, sizeof g);
}

/* wait4(pid, status, options, rusage). The wait options are the same bits on both sides. */
long sys_wait4(struct rv_cpu *cpu, const uint64_t *a)
{
    int pid = (int)a[0];
    guest_addr status_addr = a[1], ru_addr = a[3];
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    long r = safe_syscall4(SYS_wait4, pid, HOST_ARG(&st), (int)a[2], HOST_ARG(ru_addr ? &ru : NULL));
    if (r <= 0)
        return r;
    if (status_addr) {
        int32_t g = (int32_t)rv_le32((uint32_t)rv_wait_status_to_guest(st));
        if (copy_to_guest(status_addr, &g, sizeof g) < 0)
            return -EFAULT;
    }
    if (rusage_out(ru_addr, &ru) < 0)
        return -EFAULT;
    return r;
}

/* waitid(idtype, id, infop, options, rusage): the riscv64 (generic) waitid takes the rusage
 * too. The kernel fills infop whenever it is given, with zeros when WNOHANG found nothing. */
long sys_waitid(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr info_addr = a[2], ru_addr = a[4];
    siginfo_t si;
    struct rusage ru;
    memset(&si, 0, sizeof si);
    memset(&ru, 0, sizeof ru);
    long r = safe_syscall5(SYS_waitid, (int)a[0], (int)a[1], HOST_ARG(info_addr ? &si : NULL),
                           (int)a[3], HOST_ARG(ru_addr ? &ru : NULL));
    if (r < 0)
        return r;
    if (info_addr) {
        struct rv_siginfo_chld g;
        memset(&g, 0, sizeof g);
        g.signo = (int32_t)rv_le32((uint32_t)(si.si_signo ? rv_signal_from_host(si.si_signo) : 0));
        g.err = (int32_t)rv_le32((uint32_t)si.si_errno);
        g.code = (int32_t)rv_le32((uint32_t)si.si_code);
        g.pid = (int32_t)rv_le32((uint32_t)si.si_pid);
        g.uid = rv_le32(si.si_uid);
        int status = si.si_status;
        if (si.si_signo && si.si_code != RV_CLD_EXITED)
            status = rv_signal_from_host(status);
        g.status = (int32_t)rv_le32((uint32_t)status);
        g.utime = (int64_t)rv_le64((uint64_t)si.si_utime);
        g.stime = (int64_t)rv_le64((uint64_t)si.si_stime);
        if (copy_to_guest(info_addr, &g, sizeof g) < 0)
            return -EFAULT;
    }
    if (rusage_out(ru_addr, &ru) < 0)
        return -EFAULT;
    return r;
}
