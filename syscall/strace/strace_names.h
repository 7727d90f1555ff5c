/*
 * syscall/strace/strace_names.h - symbolic names for flag and enum values, and printing a
 * value with them (strace_names.c).
 */
#ifndef CROSSRUN_STRACE_NAMES_H
#define CROSSRUN_STRACE_NAMES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Name tables: exact values (enums) or bit sets (flags). A flag entry with several bits
 * matches when all of them are set; entries are tried in order. */
struct rv_name {
    uint64_t value;
    const char *name;
};

/* v as NAME|NAME|0x.. ("zero" when v is 0). */
void rv_strace_flags(FILE *out, uint64_t v, const struct rv_name *tab, const char *zero);
/* v by name, else as decimal (hex when `hex`). Returns whether a name was found. */
bool rv_strace_enum(FILE *out, uint64_t v, const struct rv_name *tab, bool hex);

/* The tables, each ended by a NULL name. */
extern const struct rv_name rv_names_mmap_prot[], rv_names_mmap_flags[], rv_names_oflags[],
    rv_names_atflags[], rv_names_access[], rv_names_whence[], rv_names_fcntl[], rv_names_ioctl[],
    rv_names_sighow[], rv_names_clock[], rv_names_futex_cmd[], rv_names_clone[],
    rv_names_statx_mask[], rv_names_rename[], rv_names_madvise[], rv_names_mremap[],
    rv_names_rlimit[], rv_names_prctl[], rv_names_sa_flags[], rv_names_ss_flags[],
    rv_names_file_type[], rv_names_grnd[], rv_names_resolve[], rv_names_keyctl[], rv_names_msync[], rv_names_timer[],
    rv_names_mount[], rv_names_umount[],
    rv_names_poll[], rv_names_epoll[], rv_names_epoll_op[], rv_names_sock_family[],
    rv_names_sock_type[], rv_names_sock_flags[], rv_names_sock_level[], rv_names_shut_how[],
    rv_names_msg_flags[], rv_names_ipc_get[], rv_names_shm_cmd[], rv_names_sem_cmd[],
    rv_names_msg_cmd[], rv_names_shmat[], rv_names_msgq_flags[];

#endif
