/*
 * syscall/table.h - the guest syscall table that dispatch.c consults.
 *
 * syscall/table.c defines rv_syscall_table from syscalls.def: one entry per guest number up to
 * RV_NR_MAX, a NULL handler where crossrun implements nothing. It lives apart from dispatch.c so
 * that a unit test can link the dispatcher with a table of its own instead of every handler.
 */
#ifndef CROSSRUN_SYSCALL_TABLE_H
#define CROSSRUN_SYSCALL_TABLE_H

#include "abi/syscall_nr.h"
#include "syscall/syscall.h"

struct rv_syscall_entry {
    rv_syscall_handler *handler;   /* NULL: not implemented, the call returns -ENOSYS */
};

extern const struct rv_syscall_entry rv_syscall_table[RV_NR_MAX + 1];

#endif
