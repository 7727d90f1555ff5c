/*
 * syscall/pidfd.h - which process a pidfd names (syscall/pidfd.c).
 */
#ifndef CROSSRUN_SYSCALL_PIDFD_H
#define CROSSRUN_SYSCALL_PIDFD_H

/* The pid a pidfd refers to (its /proc/self/fdinfo "Pid:" line: -1 once it exited, 0 in another
 * pid namespace), or the pid of a /proc/PID directory fd, or a negative errno when fd is
 * neither. */
long rv_pidfd_pid(int fd);

#endif
