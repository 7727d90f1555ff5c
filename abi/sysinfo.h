/*
 * abi/sysinfo.h - guest (riscv64 LP64) process-information structures: utsname, sysinfo, rlimit,
 * robust-list head size, prctl numbers.
 *
 * Sources: linux/utsname.h (new_utsname), linux/sysinfo.h, asm-generic/resource.h,
 * linux/futex.h, linux/prctl.h. riscv64 and x86-64 agree on these layouts (both LP64 and
 * asm-generic resource numbers); the asserts below pin the riscv64 sizes so that an accident
 * on either side shows at build time.
 */
#ifndef CROSSRUN_ABI_SYSINFO_H
#define CROSSRUN_ABI_SYSINFO_H

#include <stddef.h>
#include <stdint.h>

#define RV_UTSNAME_LEN 65
struct rv_utsname {
    char sysname[RV_UTSNAME_LEN];
    char nodename[RV_UTSNAME_LEN];
    char release[RV_UTSNAME_LEN];
    char version[RV_UTSNAME_LEN];
    char machine[RV_UTSNAME_LEN];
    char domainname[RV_UTSNAME_LEN];
};
_Static_assert(sizeof(struct rv_utsname) == 390, "new_utsname is 6 x 65 bytes");

/* struct sysinfo for a 64-bit kernel: the trailing _f[20 - 2*8 - 4] pad is empty. */
struct rv_sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs;
    uint16_t pad;
    uint32_t pad2;              /* implicit alignment hole before totalhigh */
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    uint32_t pad3;              /* tail padding to 8 */
};
_Static_assert(sizeof(struct rv_sysinfo) == 112, "riscv64 sysinfo is 112 bytes");
_Static_assert(offsetof(struct rv_sysinfo, procs) == 80, "procs at 80");
_Static_assert(offsetof(struct rv_sysinfo, totalhigh) == 88, "totalhigh at 88");
_Static_assert(offsetof(struct rv_sysinfo, mem_unit) == 104, "mem_unit at 104");

struct rv_rlimit {
    uint64_t rlim_cur;
    uint64_t rlim_max;          /* RLIM_INFINITY is ~0 */
};
_Static_assert(sizeof(struct rv_rlimit) == 16, "rlimit64 is 16 bytes");

/* asm-generic/resource.h, used by riscv64 and x86-64 alike. */
#define RV_RLIMIT_NLIMITS 16
#define RV_RLIMIT_AS      9

/* struct robust_list_head: list pointer, futex offset, pending pointer. */
#define RV_ROBUST_LIST_HEAD_SIZE 24

#define RV_PR_SET_PDEATHSIG         1
#define RV_PR_GET_PDEATHSIG         2
#define RV_PR_GET_DUMPABLE          3
#define RV_PR_SET_DUMPABLE          4
#define RV_PR_GET_KEEPCAPS          7
#define RV_PR_SET_KEEPCAPS          8
#define RV_PR_SET_NAME              15
#define RV_PR_GET_NAME              16
#define RV_PR_CAPBSET_READ          23
#define RV_PR_CAPBSET_DROP          24
#define RV_PR_GET_SECUREBITS        27
#define RV_PR_SET_SECUREBITS        28
#define RV_PR_SET_TIMERSLACK        29
#define RV_PR_GET_TIMERSLACK        30
#define RV_PR_SET_CHILD_SUBREAPER   36
#define RV_PR_GET_CHILD_SUBREAPER   37
#define RV_PR_SET_NO_NEW_PRIVS      38
#define RV_PR_GET_NO_NEW_PRIVS      39
#define RV_PR_SET_THP_DISABLE       41
#define RV_PR_GET_THP_DISABLE       42
#define RV_PR_CAP_AMBIENT           47
#define RV_TASK_COMM_LEN            16

#endif
