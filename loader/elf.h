/*
 * loader/elf.h - what the loader's parts tell each other about one opened, validated ELF file.
 *
 * elf.c opens and checks a file completely (header, every program header, PT_INTERP) and
 * fills a struct rv_elf; nothing is mapped until every file involved has passed. map.c maps a
 * validated file, interp.c finds and validates the interpreter, stack.c builds the initial
 * stack, load.c runs the steps in order. Errors are one line "<path>: <reason>" in err.
 */
#ifndef CROSSRUN_LOADER_ELF_H
#define CROSSRUN_LOADER_ELF_H

#include <gelf.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/types.h"
#include "mem/addrspace.h"

/* Linux riscv64 ELF_ET_DYN_BASE: 2/3 of TASK_SIZE, page aligned by the kernel (0x2aaaaaa000
 * for Sv39's 2^38). Derived from GUEST_LIMIT so the sanitizer build's smaller range works. */
#define RV_ET_DYN_BASE  ((GUEST_LIMIT / 3 * 2) & ~(uint64_t)(GUEST_PAGE_SIZE - 1))

struct rv_elf {
    char path[PATH_MAX];      /* as opened, used in messages */
    char real[PATH_MAX];      /* absolute path (realpath), the mapping name */
    int fd;                   /* open read-only until rv_elf_close */
    uint64_t size;            /* file size */
    uint16_t type;            /* ET_EXEC or ET_DYN */
    uint64_t entry;           /* e_entry, unbiased */
    uint64_t phoff;
    size_t phnum;
    GElf_Phdr *phdr;          /* phnum entries (malloc'ed) */
    uint64_t lo, hi;          /* page-aligned span of all PT_LOAD segments, unbiased */
    uint64_t max_align;       /* largest PT_LOAD p_align (at least the page size) */
    uint64_t phdr_vaddr;      /* unbiased address of the program headers in memory, or 0 */
    bool exec_stack;          /* PT_GNU_STACK asks for PF_X */
    bool has_interp;
    char interp[PATH_MAX];    /* PT_INTERP contents when has_interp */
};

/* Opens path and validates it as a runnable riscv64 ELF; messages name it as given. Returns 0, or a negative errno (-ENOEXEC for a bad file) with err set.
 * On success rv_elf_close must follow. */
int rv_elf_open(struct rv_elf *elf, const char *path, char *err, size_t errlen)
    __attribute__((warn_unused_result));
/* The same for a file already open on fd (binfmt_misc's AT_EXECFD), named path in messages and
 * /proc/self/exe. The struct owns fd from then on, on failure too. */
int rv_elf_open_fd(struct rv_elf *elf, int fd, const char *path, char *err, size_t errlen)
    __attribute__((warn_unused_result));
void rv_elf_close(struct rv_elf *elf);

/* Maps every PT_LOAD of a validated file at its address plus bias (MAP_FIXED_NOREPLACE, so
 * an overlap with the stack or another file is an error, not a silent replacement), zeroing
 * the bss. Returns 0 or -errno with err set. */
int rv_elf_map(const struct rv_elf *elf, guest_addr bias, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Maps a validated ET_DYN file wherever top-down placement finds room for its whole span
 * (how the kernel places the interpreter). *bias receives the load bias. */
int rv_elf_map_anywhere(const struct rv_elf *elf, guest_addr *bias, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Finds the interpreter named by prog's PT_INTERP (in the sysroot first) and validates it. */
int rv_interp_open(const struct rv_elf *prog, const char *sysroot, struct rv_elf *interp,
                   char *err, size_t errlen) __attribute__((warn_unused_result));

/* What the initial stack describes. */
struct rv_stack_args {
    int argc;
    char **argv;
    char **envp;
    const char *execfn;
    guest_addr phdr, entry, base;
    uint64_t phnum;
    bool randomize;           /* lower sp by a random amount below the random bytes, like Linux */
};

/* Writes strings, AT_RANDOM bytes, auxv, envp, argv and argc below guest_stack_top().
 * Returns 0 or -errno (-E2BIG when it does not fit) with err set. */
int rv_build_stack(const struct rv_stack_args *a, guest_addr *sp, guest_addr *auxv,
                   size_t *auxv_len, char *err, size_t errlen) __attribute__((warn_unused_result));

#endif
