/*
 * syscall/runner_fd.h - descriptors the runner keeps in the guest's descriptor table.
 *
 * The runner and the guest share one descriptor table. A descriptor the runner needs for a
 * while (the pipe a vfork parent waits on, fork.c; its own program file, runner_exe.c) must
 * survive what the guest does to descriptors it never opened: a close of its number answers
 * EBADF as for any number the guest has not opened, close_range leaves it out, and dup3 onto
 * its number first moves the runner's descriptor to another number. A guest program that
 * closes every descriptor above 2 before exec (Python's subprocess through posix_spawn does)
 * would otherwise take it away.
 */
#ifndef CROSSRUN_RUNNER_FD_H
#define CROSSRUN_RUNNER_FD_H

/* Registers fd as the runner's; returns its handle (for rv_runner_fd and _drop), or -1 when
 * every slot is taken (the fd is then unprotected but works). */
int rv_runner_fd_keep(int fd);

/* The descriptor behind a handle (its number may have changed; -1 once a guest dup3 took it
 * with no number left to move it to), or `fd` for handle -1 (no slot was free: the descriptor
 * kept its number, unprotected); and the end of its protection. */
int rv_runner_fd(int handle, int fd);
void rv_runner_fd_drop(int handle);

/* Moves fd to the highest free number at or below 1023 and the soft RLIMIT_NOFILE, keeping
 * close-on-exec (a number no guest counts its way up to by opening files); returns the new
 * number (fd itself when nothing higher is free). */
int rv_runner_fd_move_high(int fd);

/* For the guest's close(fd): true when fd is the runner's (the guest then gets -EBADF). */
int rv_runner_fd_is_ours(int fd);

/* For the guest's close_range(first, last, flags): closes the range minus the runner's
 * descriptors; returns 0 or -errno as close_range. */
long rv_runner_fd_close_range(unsigned first, unsigned last, unsigned flags);

/* For the guest's dup3(old, newfd, ...): moves a runner descriptor numbered newfd out of the
 * way first; where no number is free, its handle then answers -1 (the runner lost it). */
void rv_runner_fd_vacate(int newfd);

#endif
