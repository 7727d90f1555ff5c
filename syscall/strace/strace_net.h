/*
 * syscall/strace/strace_net.h - socket arguments as strace prints them: types, option names
 * and values, addresses by family, msghdr with its control messages (strace_net.c).
 */
#ifndef CROSSRUN_STRACE_NET_H
#define CROSSRUN_STRACE_NET_H

#include <stdint.h>
#include <stdio.h>

#include "mem/addrspace.h"

/* socket(2)'s type: SOCK_STREAM|SOCK_CLOEXEC. */
void rv_strace_socktype(FILE *out, uint64_t v);
/* An option name for its level: SO_REUSEADDR, else the number. */
void rv_strace_sockopt(FILE *out, uint64_t level, uint64_t name);
/* setsockopt's value of len bytes: [1], {l_onoff=1, l_linger=5}, or bytes. */
void rv_strace_sockoptval(FILE *out, uint64_t level, uint64_t name, guest_addr addr,
                          uint64_t len);
/* A socket address of len bytes: {sa_family=AF_INET, sin_port=htons(80), ...}. */
void rv_strace_sockaddr(FILE *out, guest_addr addr, uint64_t len);
/* An address the call wrote; its length is the int at lenp (accept, getsockname...). */
void rv_strace_written_sockaddr(FILE *out, guest_addr addr, guest_addr lenp);
/* struct msghdr; `limit` caps the iovec bytes shown (a receive's result). */
void rv_strace_msghdr(FILE *out, guest_addr addr, uint64_t limit);

#endif
