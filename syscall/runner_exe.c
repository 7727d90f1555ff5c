/*
 * syscall/runner_exe.c - crossrun's own program file, for re-executing the runner (see
 * runner_exe.h).
 *
 * The descriptor sits at the top of the first 1024 numbers (below RLIMIT_NOFILE), where the
 * guest's lowest-free-number opens and dups never meet it; runner_fd.c keeps the guest's close,
 * close_range and dup3 off it. The guest can still see it in /proc/self/fd, as qemu-user's
 * guests see the descriptor qemu keeps of their program.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem/host.h"
#include "syscall/runner_exe.h"
#include "syscall/runner_fd.h"

static int exe_handle = -1;  /* runner_fd.c's handle of the descriptor */
static int exe_fd = -1;      /* its number when no slot was free (then unprotected), else -1 */
static bool by_binfmt;
static char exe_name[PATH_MAX] = "crossrun";
static char exe_path[PATH_MAX] = "/proc/self/exe";  /* without a descriptor: what to exec */

/* The file the kernel executed to start this process, when that is an x86-64 ELF: crossrun
 * itself, unless binfmt_misc started it (AT_EXECFN is then the guest program, a riscv64 ELF:
 * *riscv says so, the one sign of binfmt_misc an entry without the P and O flags leaves) or it
 * runs as a script's interpreter (the script). Relative names are relative to the working
 * directory at exec, which the runner has not left yet. */
static int open_execfn(bool *riscv)
{
    const char *fn = (const char *)getauxval(AT_EXECFN);
    int fd = fn ? open(fn, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0)
        return -1;
    Elf64_Ehdr eh;
    bool elf64 = pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh &&
                 memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 && eh.e_ident[EI_CLASS] == ELFCLASS64;
    *riscv = elf64 && eh.e_machine == EM_RISCV;
    if (elf64 && eh.e_machine == EM_X86_64)
        return fd;
    close(fd);
    return -1;
}

/* --runner-fd's descriptor: an open regular file, and crossrun itself where /proc can tell (a
 * mistyped number must not take one of the guest's descriptors away from it). */
static bool is_own_file(int fd)
{
    struct stat st, self;
    return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
           (stat("/proc/self/exe", &self) < 0 ||
            (st.st_dev == self.st_dev && st.st_ino == self.st_ino));
}

void rv_runner_exe_init(int inherited_fd, bool started_by_binfmt)
{
    by_binfmt = started_by_binfmt;
    ssize_t n = readlink("/proc/self/exe", exe_name, sizeof exe_name - 1);
    if (n > 0) {
        exe_name[n] = '\0';
        memcpy(exe_path, exe_name, (size_t)n + 1);
    }
    int fd;
    if (is_own_file(inherited_fd) && fcntl(inherited_fd, F_SETFD, FD_CLOEXEC) == 0) {
        fd = inherited_fd;  /* already where the runner that passed it put it */
    } else {
        /* O_PATH: executing needs no read permission (an execute-only crossrun) */
        fd = open("/proc/self/exe", O_PATH | O_CLOEXEC);
        bool riscv = false;
        if (fd < 0 && !started_by_binfmt)
            fd = open_execfn(&riscv);
        by_binfmt = started_by_binfmt || riscv;
        if (fd >= 0)
            fd = rv_runner_fd_move_high(fd);
    }
    if (fd < 0)
        return;
    exe_handle = rv_runner_fd_keep(fd);
    if (exe_handle < 0)
        exe_fd = fd;
}

int rv_runner_exe_fd(void)
{
    return exe_handle >= 0 ? rv_runner_fd(exe_handle, -1) : exe_fd;
}

const char *rv_runner_exe_name(void)
{
    return exe_name;
}

bool rv_runner_exe_lost_in_binfmt(void)
{
    return by_binfmt && rv_runner_exe_fd() < 0;
}

long rv_runner_exe_exec(char *const argv[], char *const envp[])
{
    int fd = rv_runner_exe_fd();
    if (fd < 0)
        return host_syscall3(SYS_execve, HOST_ARG(exe_path), HOST_ARG(argv), HOST_ARG(envp));
    /* The new runner keeps the descriptor (its --runner-fd), so it must cross this exec. */
    host_syscall3(SYS_fcntl, fd, F_SETFD, 0);
    long r = host_syscall5(SYS_execveat, fd, HOST_ARG(""), HOST_ARG(argv), HOST_ARG(envp),
                           AT_EMPTY_PATH);
    host_syscall3(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
    return r;
}

void rv_runner_exe_hide(void)
{
    int fd = rv_runner_exe_fd();
    if (fd >= 0)
        host_syscall3(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
}
