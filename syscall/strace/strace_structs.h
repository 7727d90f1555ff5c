/*
 * syscall/strace/strace_structs.h - guest structs and arrays as strace prints them: stat,
 * timespec, sigaction, iovec, pollfd, epoll_event, execve's argv... (strace_structs.c).
 *
 * Each takes the guest address and reads it through strace_guest.h's checked copies; one it
 * cannot read prints as its address. Sockets' structs are in strace_net.h.
 */
#ifndef CROSSRUN_STRACE_STRUCTS_H
#define CROSSRUN_STRACE_STRUCTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mem/addrspace.h"

void rv_strace_timespec(FILE *out, guest_addr addr);     /* {tv_sec=1, tv_nsec=500} */
void rv_strace_timeval(FILE *out, guest_addr addr);      /* {tv_sec=1, tv_usec=500} */
void rv_strace_sigset(FILE *out, guest_addr addr);       /* an 8-byte set: [INT TERM] */
void rv_strace_sigaction(FILE *out, guest_addr addr);    /* {sa_handler=..., sa_mask=..., sa_flags=...} */
void rv_strace_stack(FILE *out, guest_addr addr);        /* stack_t: {ss_sp=..., ss_flags=..., ss_size=...} */
void rv_strace_rlimit(FILE *out, guest_addr addr);       /* {rlim_cur=..., rlim_max=...} */
void rv_strace_open_how(FILE *out, guest_addr addr);     /* {flags=O_RDONLY, mode=0, resolve=0} */
void rv_strace_stat(FILE *out, guest_addr addr);         /* {st_mode=S_IFREG|0644, st_size=1, ...} */
void rv_strace_statx(FILE *out, guest_addr addr);        /* {stx_mask=..., stx_mode=..., ...} */
void rv_strace_statfs(FILE *out, guest_addr addr);       /* {f_type=..., f_bsize=..., ...} */
void rv_strace_utsname(FILE *out, guest_addr addr);      /* {sysname="Linux", nodename=..., ...} */

/* n (1 or 2) ints: [3, 4]. */
void rv_strace_ints(FILE *out, guest_addr addr, int n);
/* struct iovec[count]; `limit` caps the bytes shown in total (the result of a read). */
void rv_strace_iovec(FILE *out, guest_addr addr, uint64_t count, uint64_t limit);
/* struct pollfd[count]: [{fd=3, events=POLLIN}, ...] */
void rv_strace_pollfds(FILE *out, guest_addr addr, uint64_t count);
/* One struct epoll_event, and an array of count of them. */
void rv_strace_epoll_event(FILE *out, guest_addr addr);
void rv_strace_epoll_events(FILE *out, guest_addr addr, uint64_t count);
/* execve's argv as ["ls", "-l"], or with count_only (its envp) as 0x... followed by a
 * comment counting the variables, as strace abbreviates it. */
void rv_strace_argv(FILE *out, guest_addr addr, bool count_only);
/* getdents64's len bytes of records: the address and a count of entries. */
void rv_strace_dirents(FILE *out, guest_addr addr, long len);

#endif
