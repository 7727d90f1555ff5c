/*
 * syscall/procfs.h - the guest's view of its own /proc files.
 *
 * The runner process is the guest process, so most of /proc is right as the host shows it.
 * The files that describe the address space, the program or the machine are not: the host's
 * maps list the runner's own code and the reserved guest range, auxv and cmdline are crossrun's,
 * cpuinfo describes an x86-64. For those, openat generates the guest's content into a memfd and
 * returns a read-only descriptor to it at offset 0, so read, lseek, fstat and mmap all work:
 *
 *   /proc/{self,thread-self,PID,PID/task/TID,self/task/TID}/{maps,smaps,auxv,cmdline,stat,status}
 *   /proc/cpuinfo
 *
 * (PID our own; other processes' files pass through). /proc/self/exe is syscall/path.c's.
 */
#ifndef CROSSRUN_SYSCALL_PROCFS_H
#define CROSSRUN_SYSCALL_PROCFS_H

#include <stdbool.h>
#include <stddef.h>

#include "abi/types.h"

/* Called once by main.c after loading, with the initial guest sp and the program path as given:
 * records where the argument and environment strings lie (getopt may permute the argv array
 * later, the strings stay), and names the process after the program (the kernel's comm is the
 * basename of the executed file, cut to 15 bytes), so stat, status, comm and PR_GET_NAME all
 * show it as they would natively or under binfmt_misc. Needs rv_proc filled in. */
void rv_procfs_init(guest_addr start_stack, const char *prog_path);

/* When host_path (the guest's path after syscall/path.c) is one of the files above, opens the
 * generated content with host open flags `flags`, stores the fd or -errno in *result and
 * returns true. Returns false for any other path. */
bool rv_procfs_open(const char *host_path, int flags, long *result);

/* The guest's name for its program (what readlink("/proc/self/exe") returns): rv_proc.exe_path
 * without the sysroot prefix. */
void rv_procfs_exe_link(char *out, size_t cap);

#endif
