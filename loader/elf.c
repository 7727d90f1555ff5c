/*
 * loader/elf.c - opening an ELF file and deciding, before anything is mapped, whether crossrun
 * can run it.
 *
 * The first bytes are checked by hand so that each kind of wrong file gets its own message
 * (a text file, an x86-64 program, a 32-bit or big-endian one, a .o or a core dump); the
 * header and program headers are then read with libelf's gelf API and every PT_LOAD, the
 * PT_INTERP and PT_GNU_STACK are checked against the file size and the guest range. Each
 * failure is one line "<path>: <reason>" and a negative errno, the one execve would give where
 * there is one (EACCES, EISDIR, ENOENT) and ENOEXEC for a bad file.
 *
 * Permission: execve needs the execute bit, qemu-user only needs to read the file. crossrun
 * behaves like execve (the guest would get EACCES from its own execve of the same file), so a
 * readable file without execute permission for us is refused with "Permission denied".
 */
#include "loader/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem/addrspace.h"


/* The kernel's limit on the program header table (fs/binfmt_elf.c: 64 KiB). */
#define MAX_PHDR_BYTES 65536u

static int failf(char *err, size_t errlen, int code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int failf(char *err, size_t errlen, int code, const char *path, const char *fmt, ...)
{
    int n = snprintf(err, errlen, "%s: ", path);
    if (n >= 0 && (size_t)n < errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* What to say about a foreign machine. e_machine numbers from the ELF gABI. */
static const char *machine_name(unsigned m)
{
    static const struct { unsigned nr; const char *name; } table[] = {
        { 3, "i386" },        { 8, "MIPS" },       { 20, "PowerPC" }, { 21, "PowerPC64" },
        { 22, "s390" },       { 40, "ARM" },       { 43, "SPARC64" }, { 50, "IA-64" },
        { 62, "x86-64" },     { 183, "AArch64" },  { 247, "eBPF" },   { 258, "LoongArch" },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].nr == m)
            return table[i].name;
    return NULL;
}

static const char *type_reason(unsigned t)
{
    switch (t) {
    case ET_REL:  return "relocatable object (ET_REL), not an executable";
    case ET_CORE: return "core dump (ET_CORE), not an executable";
    case ET_NONE: return "ELF file of no type (ET_NONE), not an executable";
    default:      return NULL;
    }
}

/* Checks e_ident and the fields that tell what machine and kind of file this is, on the raw
 * header bytes, so that even a truncated or foreign file gets the precise reason. */
static int check_ident(const struct rv_elf *elf, const unsigned char *h, size_t got, char *err,
                       size_t errlen)
{
    const char *p = elf->path;
    if (got < SELFMAG || memcmp(h, ELFMAG, SELFMAG) != 0)
        return failf(err, errlen, -ENOEXEC, p, "not an ELF file");
    if (got < EI_NIDENT + 4)
        return failf(err, errlen, -ENOEXEC, p, "truncated ELF header (file is %zu bytes)", got);
    unsigned cls = h[EI_CLASS], data = h[EI_DATA];
    if (cls != ELFCLASS32 && cls != ELFCLASS64)
        return failf(err, errlen, -ENOEXEC, p, "invalid ELF class %u", cls);
    if (data != ELFDATA2LSB && data != ELFDATA2MSB)
        return failf(err, errlen, -ENOEXEC, p, "invalid ELF data encoding %u", data);
    unsigned machine = data == ELFDATA2LSB ? (unsigned)(h[18] | h[19] << 8)
                                           : (unsigned)(h[18] << 8 | h[19]);
    if (machine != EM_RISCV) {
        const char *name = machine_name(machine);
        if (machine == EM_X86_64)
            return failf(err, errlen, -ENOEXEC, p, "x86-64 ELF: run it directly");
        if (name)
            return failf(err, errlen, -ENOEXEC, p,
                         "%s ELF: crossrun runs 64-bit RISC-V (rv64) programs", name);
        return failf(err, errlen, -ENOEXEC, p,
                     "ELF for machine %u: crossrun runs 64-bit RISC-V (rv64) programs", machine);
    }
    if (cls != ELFCLASS64)
        return failf(err, errlen, -ENOEXEC, p,
                     "32-bit ELF: crossrun runs 64-bit RISC-V (rv64) programs");
    if (data != ELFDATA2LSB)
        return failf(err, errlen, -ENOEXEC, p,
                     "big-endian ELF: crossrun runs little-endian RISC-V (rv64) programs");
    if (got < sizeof(Elf64_Ehdr))
        return failf(err, errlen, -ENOEXEC, p, "truncated ELF header (file is %zu bytes)", got);
    unsigned type = (unsigned)(h[16] | h[17] << 8);
    if (type != ET_EXEC && type != ET_DYN) {
        const char *why = type_reason(type);
        return why ? failf(err, errlen, -ENOEXEC, p, "%s", why)
                   : failf(err, errlen, -ENOEXEC, p, "ELF type %u is not an executable", type);
    }
    return 0;
}

/* e_flags: the float ABI decides which registers carry arguments. rv64gc has F and D, so
 * soft-float (integer registers only), single and double ABIs all run; quad needs Q, which
 * rv64gc lacks, and RVE programs assume 16 registers and a different ABI. */
static int check_flags(const struct rv_elf *elf, uint64_t flags, char *err, size_t errlen)
{
    if (flags & EF_RISCV_RVE)
        return failf(err, errlen, -ENOEXEC, elf->path,
                     "RVE (16-register) ELF: crossrun runs rv64gc programs");
    if ((flags & EF_RISCV_FLOAT_ABI) == EF_RISCV_FLOAT_ABI_QUAD)
        return failf(err, errlen, -ENOEXEC, elf->path,
                     "quad-float ABI (lp64q) ELF: crossrun runs rv64gc programs "
                     "(lp64, lp64f, lp64d)");
    return 0;
}

static bool overlaps(const GElf_Phdr *a, const GElf_Phdr *b)
{
    return a->p_vaddr < b->p_vaddr + b->p_memsz && b->p_vaddr < a->p_vaddr + a->p_memsz;
}

/* One PT_LOAD on its own: inside the file, sizes, alignment, address range. */
static int check_load(const struct rv_elf *elf, size_t i, const GElf_Phdr *ph, char *err,
                      size_t errlen)
{
    const char *p = elf->path;
    if (ph->p_offset > elf->size || ph->p_filesz > elf->size - ph->p_offset)
        return failf(err, errlen, -ENOEXEC, p,
                     "segment %zu (offset 0x%lx, size 0x%lx) lies past the end of the file "
                     "(%lu bytes)", i, ph->p_offset, ph->p_filesz, elf->size);
    if (ph->p_filesz > ph->p_memsz)
        return failf(err, errlen, -ENOEXEC, p,
                     "segment %zu: file size 0x%lx is larger than memory size 0x%lx", i,
                     ph->p_filesz, ph->p_memsz);
    if (ph->p_align > 1 && (ph->p_align & (ph->p_align - 1)))
        return failf(err, errlen, -ENOEXEC, p,
                     "segment %zu: alignment 0x%lx is not a power of two", i, ph->p_align);
    if (ph->p_align > 1 && ph->p_offset % ph->p_align != ph->p_vaddr % ph->p_align)
        return failf(err, errlen, -ENOEXEC, p,
                     "segment %zu: offset 0x%lx and address 0x%lx differ modulo the alignment "
                     "0x%lx", i, ph->p_offset, ph->p_vaddr, ph->p_align);
    if ((ph->p_offset & GUEST_PAGE_LOW) != (ph->p_vaddr & GUEST_PAGE_LOW))
        return failf(err, errlen, -ENOEXEC, p,
                     "segment %zu: offset 0x%lx and address 0x%lx differ modulo the page size",
                     i, ph->p_offset, ph->p_vaddr);
    if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr || ph->p_vaddr + ph->p_memsz + GUEST_PAGE_LOW < GUEST_PAGE_LOW)
        return failf(err, errlen, -ENOEXEC, p, "segment %zu: address range overflows", i);
    if (elf->type == ET_EXEC
        && !guest_in_range(ph->p_vaddr & ~GUEST_PAGE_LOW,
                           ph->p_vaddr + ph->p_memsz - (ph->p_vaddr & ~GUEST_PAGE_LOW)))
        return failf(err, errlen, -ENOEXEC, p,
                     "segment %zu at [0x%lx, 0x%lx) lies outside the guest address space "
                     "[0x%lx, 0x%lx)", i, ph->p_vaddr, ph->p_vaddr + ph->p_memsz,
                     (unsigned long)GUEST_BASE, (unsigned long)GUEST_LIMIT);
    return 0;
}

static int read_interp(struct rv_elf *elf, const GElf_Phdr *ph, char *err, size_t errlen)
{
    const char *p = elf->path;
    if (ph->p_offset > elf->size || ph->p_filesz > elf->size - ph->p_offset)
        return failf(err, errlen, -ENOEXEC, p, "PT_INTERP lies past the end of the file");
    if (ph->p_filesz < 2)
        return failf(err, errlen, -ENOEXEC, p, "empty PT_INTERP path");
    if (ph->p_filesz > sizeof elf->interp)
        return failf(err, errlen, -ENOEXEC, p, "PT_INTERP path too long (%lu bytes)",
                     ph->p_filesz);
    if (pread(elf->fd, elf->interp, ph->p_filesz, (off_t)ph->p_offset) != (ssize_t)ph->p_filesz)
        return failf(err, errlen, -EIO, p, "cannot read PT_INTERP: %s", strerror(errno));
    if (elf->interp[ph->p_filesz - 1] != '\0')
        return failf(err, errlen, -ENOEXEC, p, "PT_INTERP path is not NUL-terminated");
    elf->has_interp = true;
    return 0;
}

/* All program headers, together: each PT_LOAD, no overlap, the span, PT_INTERP, stack. */
static int check_phdrs(struct rv_elf *elf, char *err, size_t errlen)
{
    const char *p = elf->path;
    size_t nload = 0;
    uint64_t lo = UINT64_MAX, hi = 0;
    elf->max_align = GUEST_PAGE_SIZE;
    for (size_t i = 0; i < elf->phnum; i++) {
        const GElf_Phdr *ph = &elf->phdr[i];
        int r = 0;
        if (ph->p_type == PT_LOAD) {
            r = check_load(elf, i, ph, err, errlen);
            for (size_t j = 0; r == 0 && j < i; j++)
                if (elf->phdr[j].p_type == PT_LOAD && overlaps(&elf->phdr[j], ph))
                    r = failf(err, errlen, -ENOEXEC, p, "PT_LOAD segments %zu and %zu overlap",
                              j, i);
            if (r == 0 && ph->p_memsz) {
                nload++;
                if ((ph->p_vaddr & ~GUEST_PAGE_LOW) < lo)
                    lo = ph->p_vaddr & ~GUEST_PAGE_LOW;
                if (((ph->p_vaddr + ph->p_memsz + GUEST_PAGE_LOW) & ~GUEST_PAGE_LOW) > hi)
                    hi = (ph->p_vaddr + ph->p_memsz + GUEST_PAGE_LOW) & ~GUEST_PAGE_LOW;
                if (ph->p_align > elf->max_align)
                    elf->max_align = ph->p_align;
                if (ph->p_offset <= elf->phoff && elf->phoff < ph->p_offset + ph->p_filesz)
                    elf->phdr_vaddr = elf->phoff - ph->p_offset + ph->p_vaddr;
            }
        } else if (ph->p_type == PT_INTERP && !elf->has_interp) {
            r = read_interp(elf, ph, err, errlen);   /* the kernel uses the first one */
        } else if (ph->p_type == PT_GNU_STACK) {
            elf->exec_stack = ph->p_flags & PF_X;
        }
        if (r < 0)
            return r;
    }
    if (nload == 0)
        return failf(err, errlen, -ENOEXEC, p, "no loadable segment (PT_LOAD)");
    if (hi - lo > GUEST_LIMIT - GUEST_BASE)
        return failf(err, errlen, -ENOEXEC, p,
                     "segments span 0x%lx bytes, more than the guest address space", hi - lo);
    elf->lo = lo;
    elf->hi = hi;
    if (!elf->phdr_vaddr)
        for (size_t i = 0; i < elf->phnum; i++)
            if (elf->phdr[i].p_type == PT_PHDR)
                elf->phdr_vaddr = elf->phdr[i].p_vaddr;
    bool entry_ok = false;
    for (size_t i = 0; i < elf->phnum; i++) {
        const GElf_Phdr *ph = &elf->phdr[i];
        if (ph->p_type == PT_LOAD && elf->entry >= ph->p_vaddr
            && elf->entry - ph->p_vaddr < ph->p_memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        return failf(err, errlen, -ENOEXEC, p,
                     "entry point 0x%lx lies outside every loadable segment", elf->entry);
    return 0;
}

/* The header and program header table through libelf. */
static int read_headers(struct rv_elf *elf, char *err, size_t errlen)
{
    const char *p = elf->path;
    if (elf_version(EV_CURRENT) == EV_NONE)
        return failf(err, errlen, -ENOEXEC, p, "libelf is unusable: %s", elf_errmsg(-1));
    Elf *e = elf_begin(elf->fd, ELF_C_READ, NULL);
    if (!e)
        return failf(err, errlen, -ENOEXEC, p, "malformed ELF file (%s)", elf_errmsg(-1));
    int r = 0;
    GElf_Ehdr eh;
    if (!gelf_getehdr(e, &eh)) {
        r = failf(err, errlen, -ENOEXEC, p, "malformed ELF header (%s)", elf_errmsg(-1));
        goto out;
    }
    r = check_flags(elf, eh.e_flags, err, errlen);
    if (r < 0)
        goto out;
    if (eh.e_phentsize != sizeof(Elf64_Phdr)) {
        r = failf(err, errlen, -ENOEXEC, p, "program header size %u, expected %zu",
                  eh.e_phentsize, sizeof(Elf64_Phdr));
        goto out;
    }
    if (eh.e_phnum == 0) {
        r = failf(err, errlen, -ENOEXEC, p, "no program headers");
        goto out;
    }
    if ((uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > MAX_PHDR_BYTES) {
        r = failf(err, errlen, -ENOEXEC, p, "too many program headers (%u)", eh.e_phnum);
        goto out;
    }
    if (eh.e_phoff > elf->size || eh.e_phnum * sizeof(Elf64_Phdr) > elf->size - eh.e_phoff) {
        r = failf(err, errlen, -ENOEXEC, p,
                  "truncated: program headers at 0x%lx (%u of them) lie past the end of the file "
                  "(%lu bytes)", eh.e_phoff, eh.e_phnum, elf->size);
        goto out;
    }
    elf->type = eh.e_type;
    elf->entry = eh.e_entry;
    elf->phoff = eh.e_phoff;
    elf->phnum = eh.e_phnum;
    elf->phdr = calloc(elf->phnum, sizeof *elf->phdr);
    if (!elf->phdr) {
        r = failf(err, errlen, -ENOMEM, p, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < elf->phnum; i++) {
        if (!gelf_getphdr(e, (int)i, &elf->phdr[i])) {
            r = failf(err, errlen, -ENOEXEC, p, "malformed program header %zu (%s)", i,
                      elf_errmsg(-1));
            goto out;
        }
    }
out:
    elf_end(e);
    return r;
}

/* open + fstat checks, with the messages execve's errors would give. When elf->fd is already
 * set (binfmt_misc's open-binary flag handed crossrun the file), the kernel has done the open
 * and the execute-permission check itself, possibly on a file crossrun could not open. */
static int open_file(struct rv_elf *elf, char *err, size_t errlen)
{
    const char *p = elf->path;
    bool given_fd = elf->fd >= 0;
    int fd = elf->fd;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it. */
    if (!given_fd)
        fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return failf(err, errlen, -errno, p, "%s", strerror(errno));
    elf->fd = fd;
    struct stat st;
    if (fstat(fd, &st) != 0)
        return failf(err, errlen, -errno, p, "%s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return failf(err, errlen, -EISDIR, p, "%s", strerror(EISDIR));
    if (!S_ISREG(st.st_mode))
        return failf(err, errlen, -EACCES, p, "not a regular file");
    if (!given_fd && faccessat(AT_FDCWD, p, X_OK, AT_EACCESS) != 0)
        return failf(err, errlen, -EACCES, p, "%s", strerror(EACCES));
    if (st.st_size == 0)
        return failf(err, errlen, -ENOEXEC, p, "empty file");
    elf->size = (uint64_t)st.st_size;
    if (!realpath(p, elf->real))
        snprintf(elf->real, sizeof elf->real, "%s", p);
    return 0;
}

int rv_elf_open(struct rv_elf *elf, const char *path, char *err, size_t errlen)
{
    return rv_elf_open_fd(elf, -1, path, err, errlen);
}

int rv_elf_open_fd(struct rv_elf *elf, int fd, const char *path, char *err, size_t errlen)
{
    memset(elf, 0, sizeof *elf);
    elf->fd = -1;
    if (strlen(path) >= sizeof elf->path) {
        if (fd >= 0)
            close(fd);
        return failf(err, errlen, -ENAMETOOLONG, path, "%s", strerror(ENAMETOOLONG));
    }
    if (fd >= 0)
        fcntl(fd, F_SETFD, FD_CLOEXEC); /* the guest must not inherit the runner's copy */
    elf->fd = fd;
    strcpy(elf->path, path);
    int r = open_file(elf, err, errlen);
    if (r == 0) {
        unsigned char h[sizeof(Elf64_Ehdr)];
        ssize_t got = pread(elf->fd, h, sizeof h, 0);
        if (got < 0)
            r = failf(err, errlen, -errno, path, "%s", strerror(errno));
        else
            r = check_ident(elf, h, (size_t)got, err, errlen);
    }
    if (r == 0)
        r = read_headers(elf, err, errlen);
    if (r == 0)
        r = check_phdrs(elf, err, errlen);
    if (r < 0)
        rv_elf_close(elf);
    return r;
}

void rv_elf_close(struct rv_elf *elf)
{
    if (elf->fd >= 0)
        close(elf->fd);
    elf->fd = -1;
    free(elf->phdr);
    elf->phdr = NULL;
}
