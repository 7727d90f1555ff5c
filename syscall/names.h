/*
 * syscall/names.h - a guest syscall number's name and strace format (syscall/names.c).
 */
#ifndef CROSSRUN_SYSCALL_NAMES_H
#define CROSSRUN_SYSCALL_NAMES_H

/* Guest syscall name for a number, or NULL when the number is unknown. */
const char *rv_syscall_name(long nr);

/* The strace format of an implemented guest syscall (the fmt column of syscalls.def, whose
 * vocabulary is documented at its top), or NULL when crossrun has no handler for nr (then
 * print the name from rv_syscall_name, or "syscall_<nr>", with six hex arguments). */
const char *rv_syscall_format(long nr);

#endif
