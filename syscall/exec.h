/*
 * syscall/exec.h - what syscall/exec.c (execve, execveat) needs from
 * main.c: the options a guest execve must hand the crossrun it re-executes.
 */
#ifndef CROSSRUN_SYSCALL_EXEC_H
#define CROSSRUN_SYSCALL_EXEC_H

/* Called once by main.c before the guest runs. option_words: a NULL-terminated list of the
 * crossrun options that carry over to an exec'd riscv64 program (options.h:
 * rv_child_option_words); kept, not copied. Also records crossrun's own path for re-execution,
 * and makes a relative sysroot absolute, in the words and in rv_proc.sysroot, so that it keeps
 * naming the same directory after the guest changes its working directory. */
void rv_exec_setup(char **option_words);

#endif
