/*
 * syscall/process_info.h - what the syscall handlers know of the guest process as a whole:
 * facts and options main.c fills in once, before the guest runs (syscall/process_info.c).
 */
#ifndef CROSSRUN_SYSCALL_PROCESS_INFO_H
#define CROSSRUN_SYSCALL_PROCESS_INFO_H

#include <stdint.h>

#include "abi/types.h"

struct rv_process {
    const char *exe_path;      /* absolute host path of the guest program: /proc/self/exe */
    const char *sysroot;       /* -L DIR or NULL */
    int strace;                /* --strace */
    guest_addr auxv_addr;      /* where the guest auxv lives on the initial stack (/proc/self/auxv) */
    uint64_t auxv_len;
    guest_addr arg_start, arg_end;   /* the guest's argument strings (set by rv_procfs_init) */
};
extern struct rv_process rv_proc;

#endif
