/*
 * syscall/exec.h - what syscall/exec.c (execve, execveat) needs from
 * main.c: the options a guest execve must hand the crossrun it re-executes; and what a CLONE_VM
 * child's exec leaves behind in its parent's memory (syscall/clone_vm.c).
 */
#ifndef CROSSRUN_SYSCALL_EXEC_H
#define CROSSRUN_SYSCALL_EXEC_H

/* Called once by main.c before the guest runs. option_words: a NULL-terminated list of the
 * crossrun options that carry over to an exec'd riscv64 program (options.h:
 * rv_child_option_words); kept, not copied. Also makes a relative sysroot absolute, in the
 * words and in rv_proc.sysroot, so that it keeps naming the same directory after the guest
 * changes its working directory. */
void rv_exec_setup(char **option_words);

/* Frees the argument lists of the calling thread's execve that reached the host kernel. A
 * successful execve never frees them itself, and in a CLONE_VM child they are in the memory its
 * parent keeps: the child's helper calls this, on the TLS the child ran on, once the child has
 * left that memory by exec (or died in one). */
void rv_exec_release_inflight(void);

#endif
