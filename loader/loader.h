/*
 * loader/loader.h - turning a guest ELF file into a runnable guest process image.
 *
 * rv_load_program validates the file (and its PT_INTERP) completely before mapping anything,
 * maps the segments into the guest range (mem/addrspace.h), sets the initial break and builds
 * the initial stack (argc, argv, envp, auxv) exactly as riscv64 Linux does. On failure it
 * writes one line (no "crossrun:" prefix, no newline) naming the file and the reason into err
 * and returns a negative errno-style code; the caller prints it and exits non-zero.
 */
#ifndef CROSSRUN_LOADER_H
#define CROSSRUN_LOADER_H

#include <stdbool.h>
#include <stddef.h>

#include "abi/types.h"

struct rv_load_options {
    const char *sysroot;      /* -L DIR: where PT_INTERP and absolute guest paths are looked up first */
    bool no_aslr;             /* -R-style: fixed bases for the interpreter, PIE, stack and mmap */
    int argc;
    char **argv;              /* guest argv (argv[0] already replaced by -0 if given) */
    char **envp;              /* guest environment, NULL-terminated */
    const char *execfn;       /* AT_EXECFN string: the path as given on the command line */
    bool use_exec_fd;         /* load the program from exec_fd (binfmt_misc O flag), path names it */
    int exec_fd;
};

struct rv_image {
    guest_addr entry;         /* first guest pc: the interpreter's entry when there is one */
    guest_addr sp;            /* initial stack pointer (points at argc) */
    guest_addr program_entry; /* AT_ENTRY */
    guest_addr load_bias;     /* 0 for ET_EXEC */
    guest_addr interp_base;   /* AT_BASE, 0 without an interpreter */
    guest_addr phdr;          /* AT_PHDR */
    guest_addr auxv;          /* guest address of the auxv array on the stack */
    size_t auxv_len;          /* its size in bytes, terminating AT_NULL included */
    guest_addr brk;           /* initial program break */
    char exe_path[4096];      /* absolute host path of the program (for /proc/self/exe) */
};

int rv_load_program(const char *path, const struct rv_load_options *opt, struct rv_image *out,
                    char *err, size_t errlen) __attribute__((warn_unused_result));

/* Resolves an absolute guest path against the sysroot the way qemu-user does: when sysroot is
 * set and sysroot+path exists, that; otherwise path itself. Writes into out (size cap).
 * Returns 0 or -ENAMETOOLONG. Used by the loader for PT_INTERP and by syscall/ for open & co. */
int rv_sysroot_path(const char *sysroot, const char *path, char *out, size_t cap);

#endif
