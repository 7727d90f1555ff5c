/*
 * syscall/runner_exe.h - crossrun's own program file, held open so that a guest execve can
 * re-execute the runner wherever the guest has gone (syscall/runner_exe.c).
 *
 * A guest execve of a riscv64 program starts a new crossrun (syscall/exec.c). Executing it by
 * path breaks once the guest has called chroot(2) (the path, and /proc, may not exist in the
 * new root) or mounted something over it. So the runner opens itself once at start-up, keeps
 * that descriptor close-on-exec, at a high number and out of the guest's reach
 * (syscall/runner_fd.h), and re-executes through it with execveat(fd, "", AT_EMPTY_PATH). The
 * descriptor crosses that one exec (close-on-exec cleared just for it) and the new runner is
 * told its number with the internal option --runner-fd N, since it may have no /proc to open
 * itself again.
 */
#ifndef CROSSRUN_SYSCALL_RUNNER_EXE_H
#define CROSSRUN_SYSCALL_RUNNER_EXE_H

#include <stdbool.h>

/* Called once by main.c before the guest runs. inherited_fd: --runner-fd's number, or -1.
 * Without it (or when it is not an open regular file) the runner opens /proc/self/exe, and
 * when there is no /proc, the path the kernel executed (AT_EXECFN) if that is an x86-64 ELF,
 * which it is not when binfmt_misc started crossrun (started_by_binfmt, or AT_EXECFN is a
 * riscv64 ELF: the guest program). Finding nothing is no error: rv_runner_exe_exec then uses
 * the path. */
void rv_runner_exe_init(int inherited_fd, bool started_by_binfmt);

/* The descriptor's current number (the guest's dup3 onto it moves it), or -1 when the runner
 * holds none. exec.c passes it as --runner-fd. */
int rv_runner_exe_fd(void);

/* crossrun's path as it was at start-up (/proc/self/exe), or "crossrun": the new runner's
 * argv[0], which is all `ps` shows of it. */
const char *rv_runner_exe_name(void);

/* True when the runner holds no descriptor of itself and binfmt_misc started it: the guest's
 * riscv64 programs then go to the host kernel's execve, which hands them to the same
 * binfmt_misc entry (a chroot without /proc, where crossrun cannot find itself). */
bool rv_runner_exe_lost_in_binfmt(void);

/* Executes crossrun with argv and envp (argv must carry --runner-fd rv_runner_exe_fd() when
 * that is >= 0); returns only on failure, with -errno. */
long rv_runner_exe_exec(char *const argv[], char *const envp[]);

/* Before an exec of anything else: makes sure the descriptor is close-on-exec (a fork taken by
 * another thread while this one was re-executing the runner may have caught it without). */
void rv_runner_exe_hide(void);

#endif
