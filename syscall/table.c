/*
 * syscall/table.c - rv_syscall_table, built from syscall/syscalls.def (design decision 4).
 *
 * Each row lands at its guest number; numbers without a row stay {NULL, NULL}. Two rows with one
 * number would silently let the later win, so that warning is an error here; a row whose name
 * column disagrees with its number (a copy-paste slip) fails the assertion below.
 */
#include "syscall/table.h"

#pragma GCC diagnostic error "-Woverride-init"

const struct rv_syscall_entry rv_syscall_table[RV_NR_MAX + 1] = {
#define SYSCALL(nr, name, handler, fmt) [nr] = { handler },
#include "syscall/syscalls.def"
#undef SYSCALL
};

#define SYSCALL(nr, name, handler, fmt) \
    _Static_assert((nr) == RV_NR_##name, "syscalls.def: " #name " is listed under another number");
#include "syscall/syscalls.def"
#undef SYSCALL
