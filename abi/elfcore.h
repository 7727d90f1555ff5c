/*
 * abi/elfcore.h - the notes of a riscv64 Linux ELF core file, as data.
 *
 * From include/uapi/linux/elfcore.h (struct elf_prstatus, struct elf_prpsinfo, the 64-bit
 * layouts: pid_t and __kernel_uid_t are 32-bit, long and __kernel_old_timeval 64-bit) and
 * arch/riscv/include/uapi/asm/{ptrace,elf}.h (elf_gregset_t is struct user_regs_struct: pc then
 * x1..x31; NT_PRFPREG is ELF_NFPREG = 33 u64, struct __riscv_d_ext_state's f0..f31 and fcsr).
 * Written by syscall/signal/core_elf.c; read by gdb's riscv-linux-tdep.
 */
#ifndef CROSSRUN_ABI_ELFCORE_H
#define CROSSRUN_ABI_ELFCORE_H

#include <stddef.h>
#include <stdint.h>

#include "abi/ucontext.h"

#define RV_EM_RISCV      243
#define RV_NT_PRSTATUS   1
#define RV_NT_PRFPREG    2
#define RV_NT_PRPSINFO   3
#define RV_NT_AUXV       6
#define RV_NT_SIGINFO    0x53494749   /* "SIGI" */
#define RV_NT_FILE       0x46494c45   /* "FILE" */
#define RV_ELF_PRARGSZ   80
#define RV_CORE_PAGE     4096u        /* ELF_EXEC_PAGESIZE: p_align and the data's alignment */

struct rv_elf_timeval {
    int64_t tv_sec, tv_usec;
};

struct rv_elf_prstatus {
    int32_t si_signo, si_code, si_errno;   /* struct elf_siginfo pr_info */
    int16_t pr_cursig;
    uint16_t pad0;
    uint64_t pr_sigpend, pr_sighold;
    int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
    struct rv_elf_timeval pr_utime, pr_stime, pr_cutime, pr_cstime;
    uint64_t pr_reg[32];                   /* pc, x1 (ra), x2 (sp) ... x31 (t6) */
    int32_t pr_fpvalid;
    int32_t pad1;
};
_Static_assert(offsetof(struct rv_elf_prstatus, pr_sigpend) == 16, "elf_prstatus_common");
_Static_assert(offsetof(struct rv_elf_prstatus, pr_pid) == 32, "pr_pid");
_Static_assert(offsetof(struct rv_elf_prstatus, pr_utime) == 48, "pr_utime");
_Static_assert(offsetof(struct rv_elf_prstatus, pr_reg) == 112, "pr_reg after the common part");
_Static_assert(sizeof(struct rv_elf_prstatus) == 376, "riscv64 struct elf_prstatus");

struct rv_elf_prpsinfo {
    char pr_state, pr_sname, pr_zomb, pr_nice;
    uint32_t pad0;
    uint64_t pr_flag;
    uint32_t pr_uid, pr_gid;
    int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
    char pr_fname[16];
    char pr_psargs[RV_ELF_PRARGSZ];
};
_Static_assert(offsetof(struct rv_elf_prpsinfo, pr_uid) == 16, "pr_uid");
_Static_assert(offsetof(struct rv_elf_prpsinfo, pr_fname) == 40, "pr_fname");
_Static_assert(sizeof(struct rv_elf_prpsinfo) == 136, "64-bit struct elf_prpsinfo");

struct rv_elf_fpregset {
    uint64_t f[32];
    uint32_t fcsr;
    uint32_t pad;
};
_Static_assert(sizeof(struct rv_elf_fpregset) == 33 * 8, "ELF_NFPREG u64");

/* NT_FILE: a header, one entry per file mapping, then the names NUL-terminated in order. */
struct rv_elf_file_header {
    uint64_t count, page_size;
};
struct rv_elf_file_entry {
    uint64_t start, end, page_offset;
};

_Static_assert(sizeof(struct rv_siginfo) == 128, "NT_SIGINFO is the guest's siginfo");

#endif
