/*
 * syscall/names.c - what a guest syscall number is called (abi/syscall_nr.h: every number the
 * kernel assigns, implemented or not) and how --strace prints its arguments (the fmt column of
 * syscalls.def).
 *
 * Built from the lists alone, not from the handler table: the strace wing and the
 * dispatcher's warning use it, and so does fork.c through the strace wing, so it must not
 * need the handlers the table names.
 */
#include <stddef.h>

#include "abi/syscall_nr.h"
#include "syscall/names.h"

#pragma GCC diagnostic error "-Woverride-init"

static const char *const syscall_names[RV_NR_MAX + 1] = {
#define RV_NAME_ROW(nr, name) [nr] = #name,
    RV_SYSCALL_LIST(RV_NAME_ROW)
#undef RV_NAME_ROW
};

const char *rv_syscall_name(long nr)
{
    if (nr < 0 || nr > RV_NR_MAX)
        return NULL;
    return syscall_names[nr];
}

/* NULL where syscalls.def has no row: crossrun implements no handler for the number. */
static const char *const syscall_formats[RV_NR_MAX + 1] = {
#define SYSCALL(nr, name, handler, fmt) [nr] = fmt,
#include "syscall/syscalls.def"
#undef SYSCALL
};

const char *rv_syscall_format(long nr)
{
    if (nr < 0 || nr > RV_NR_MAX)
        return NULL;
    return syscall_formats[nr];
}
