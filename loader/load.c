/*
 * loader/load.c - rv_load_program: the order in which a guest process image is put together.
 *
 * 1. open and validate the program and its interpreter (nothing is mapped before both pass);
 * 2. map the stack and fix the mmap base (guest_stack_init, with PT_GNU_STACK's exec bit);
 * 3. map the program: ET_EXEC at its addresses, ET_DYN (PIE and static-pie alike) at riscv64
 *    Linux's ELF_ET_DYN_BASE, moved by a random page offset under ASLR and aligned to the
 *    largest segment alignment as load_elf_binary does;
 * 4. map the interpreter top-down below the mmap base, as the kernel's mmap places it;
 * 5. set the break after the program's highest segment (a random offset below 1 GiB under
 *    ASLR, arch_randomize_brk) and build the initial stack.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mem/addrspace.h"
#include "loader/elf.h"
#include "loader/loader.h"


static guest_addr program_bias(const struct rv_elf *prog, bool randomize)
{
    if (prog->type != ET_DYN)
        return 0;
    guest_addr base = RV_ET_DYN_BASE + (randomize ? guest_random_pages(GUEST_RND_RANGE) : 0);
    base &= ~(prog->max_align - 1);
    return (base - prog->lo) & ~(guest_addr)(GUEST_PAGE_SIZE - 1);
}

static int load(struct rv_elf *prog, struct rv_elf *interp, const struct rv_load_options *opt,
                struct rv_image *out, char *err, size_t errlen)
{
    bool randomize = !opt->no_aslr;
    int r = guest_stack_init(randomize, prog->exec_stack ? PROT_EXEC : 0);
    if (r < 0) {
        snprintf(err, errlen, "%s: cannot map the stack: %s", prog->path, strerror(-r));
        return r;
    }
    guest_addr bias = program_bias(prog, randomize);
    r = rv_elf_map(prog, bias, err, errlen);
    if (r < 0)
        return r;

    guest_addr interp_bias = 0;
    if (interp) {
        r = interp->type == ET_DYN ? rv_elf_map_anywhere(interp, &interp_bias, err, errlen)
                                   : rv_elf_map(interp, 0, err, errlen);
        if (r < 0)
            return r;
    }

    guest_addr brk = bias + prog->hi;
    if (randomize)
        brk += guest_random_pages(GUEST_RND_RANGE);
    guest_brk_init(brk);

    out->load_bias = bias;
    out->interp_base = interp ? interp_bias : 0;
    out->program_entry = prog->entry + bias;
    out->entry = interp ? interp->entry + interp_bias : out->program_entry;
    out->phdr = prog->phdr_vaddr ? prog->phdr_vaddr + bias : 0;
    out->brk = guest_brk(0);
    snprintf(out->exe_path, sizeof out->exe_path, "%s", prog->real);

    struct rv_stack_args sa = {
        .argc = opt->argc,
        .argv = opt->argv,
        .envp = opt->envp,
        .execfn = opt->execfn ? opt->execfn : prog->path,
        .phdr = out->phdr,
        .phnum = prog->phnum,
        .entry = out->program_entry,
        .base = out->interp_base,
        .randomize = randomize,
    };
    return rv_build_stack(&sa, &out->sp, &out->auxv, &out->auxv_len, err, errlen);
}

int rv_load_program(const char *path, const struct rv_load_options *opt, struct rv_image *out,
                    char *err, size_t errlen)
{
    int r = guest_as_init();
    if (r < 0) {
        snprintf(err, errlen, "%s: cannot reserve the guest address space: %s", path,
                 strerror(-r));
        return r;
    }
    struct rv_elf *prog = malloc(sizeof *prog), *interp = malloc(sizeof *interp);
    if (!prog || !interp) {
        free(prog);
        free(interp);
        snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
        return -ENOMEM;
    }
    memset(out, 0, sizeof *out);
    r = opt->use_exec_fd ? rv_elf_open_fd(prog, opt->exec_fd, path, err, errlen)
                         : rv_elf_open(prog, path, err, errlen);
    if (r == 0) {
        bool has_interp = prog->has_interp;
        if (has_interp)
            r = rv_interp_open(prog, opt->sysroot, interp, err, errlen);
        if (r == 0) {
            r = load(prog, has_interp ? interp : NULL, opt, out, err, errlen);
            if (has_interp)
                rv_elf_close(interp);
        }
        rv_elf_close(prog);
    }
    free(prog);
    free(interp);
    return r;
}
