/*
 * tests/unit/test_elf.c - ELF validation and loading (loader/elf.c, map.c, interp.c, load.c).
 *
 * Every file is built here, in memory, from one small valid riscv64 executable (two PT_LOADs,
 * a bss, PT_GNU_STACK), then broken in exactly one way and written to a temporary directory;
 * each rejection is checked word for word, since the message is what the user sees. The valid
 * file is then loaded for real (ET_EXEC, PIE, and a PIE with an interpreter in a sysroot) and
 * the mapped memory is read back.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "loader/elf.h"
#include "loader/loader.h"
#include "mem/uaccess.h"

#define PG GUEST_PAGE_SIZE
#define BASE 0x10000u
#define INTERP_OFF 0x250u

static char dir[] = "/tmp/crossrun-test-elf-XXXXXX";
static unsigned char buf[PATH_MAX + 0x2000];
static size_t buflen;
#define EH ((Elf64_Ehdr *)buf)
#define PH(i) ((Elf64_Phdr *)(buf + sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) * (i)))

static int rm_one(const char *p, const struct stat *s, int f, struct FTW *w) { return remove(p); }
static void make_dir(void) { cr_assert_not_null(mkdtemp(dir)); }
static void remove_dir(void) { nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

TestSuite(elf, .init = make_dir, .fini = remove_dir);

/* A valid riscv64 executable at `base`: text [base, base+0x300) r-x from offset 0, data
 * [base+0x1300, +0x100) rw- from offset 0x300 followed by bss up to base+0x4300, and junk in the
 * rest of the file page the data sits in, which the loader must zero. */
static void base_elf(uint16_t type, uint64_t base)
{
    memset(buf, 0, sizeof buf);
    buflen = 0x800;
    memcpy(EH->e_ident, ELFMAG, SELFMAG);
    EH->e_ident[EI_CLASS] = ELFCLASS64;
    EH->e_ident[EI_DATA] = ELFDATA2LSB;
    EH->e_ident[EI_VERSION] = EV_CURRENT;
    EH->e_type = type;
    EH->e_machine = EM_RISCV;
    EH->e_version = EV_CURRENT;
    EH->e_entry = base + 0x200;
    EH->e_phoff = sizeof(Elf64_Ehdr);
    EH->e_flags = EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE;
    EH->e_ehsize = sizeof(Elf64_Ehdr);
    EH->e_phentsize = sizeof(Elf64_Phdr);
    EH->e_phnum = 3;
    *PH(0) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
                           .p_vaddr = base, .p_paddr = base, .p_filesz = 0x300,
                           .p_memsz = 0x300, .p_align = PG };
    *PH(1) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0x300,
                           .p_vaddr = base + 0x1300, .p_paddr = base + 0x1300, .p_filesz = 0x100,
                           .p_memsz = 0x3000, .p_align = PG };
    *PH(2) = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W, .p_align = 16 };
    memset(buf + 0x200, 0x13, 0x40);           /* "code" */
    memset(buf + 0x300, 0xab, 0x100);          /* .data */
    memset(buf + 0x400, 0xcd, buflen - 0x400); /* not part of any segment */
}

static void add_interp(const char *path)
{
    size_t n = strlen(path) + 1;
    *PH(EH->e_phnum) = (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R,
                                     .p_offset = INTERP_OFF, .p_vaddr = PH(0)->p_vaddr + INTERP_OFF,
                                     .p_filesz = n, .p_memsz = n, .p_align = 1 };
    memcpy(buf + INTERP_OFF, path, n);
    EH->e_phnum++;
}

static const char *write_as(const char *name, const void *data, size_t len, mode_t mode)
{
    static char path[8][PATH_MAX];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, PATH_MAX, "%s/%s", dir, name);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    mkdir(p, 0755);          /* one level of subdirectory is enough for these tests */
    *slash = '/';
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
    cr_assert_geq(fd, 0, "%s: %s", p, strerror(errno));
    cr_assert_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    chmod(p, mode);
    return p;
}

static const char *write_elf(const char *name) { return write_as(name, buf, buflen, 0755); }

static void expect_reject(const char *path, const char *reason)
{
    struct rv_elf e;
    char err[1024], want[1024];
    int r = rv_elf_open(&e, path, err, sizeof err);
    cr_assert_lt(r, 0, "%s was accepted", path);
    snprintf(want, sizeof want, "%s: %s", path, reason);
    cr_assert_str_eq(err, want);
}

static const char *RV64_ONLY = "crossrun runs 64-bit RISC-V (rv64) programs";

/* ---- the valid file ---------------------------------------------------------------------- */

Test(elf, valid_file_passes_with_its_facts)
{
    base_elf(ET_EXEC, BASE);
    const char *p = write_elf("ok");
    struct rv_elf e;
    char err[512] = "";
    cr_assert_eq(rv_elf_open(&e, p, err, sizeof err), 0, "%s", err);
    cr_assert_eq(e.type, ET_EXEC);
    cr_assert_eq(e.entry, BASE + 0x200);
    cr_assert_eq(e.phnum, 3);
    cr_assert_eq(e.lo, BASE);
    cr_assert_eq(e.hi, BASE + 0x5000);
    cr_assert_eq(e.phdr_vaddr, BASE + sizeof(Elf64_Ehdr));
    cr_assert(!e.exec_stack);
    cr_assert(!e.has_interp);
    rv_elf_close(&e);
}

Test(elf, soft_and_single_float_abis_pass)
{
    struct rv_elf e;
    char err[512] = "";
    base_elf(ET_EXEC, BASE);
    EH->e_flags = EF_RISCV_FLOAT_ABI_SOFT;
    cr_assert_eq(rv_elf_open(&e, write_elf("soft"), err, sizeof err), 0, "%s", err);
    rv_elf_close(&e);
    EH->e_flags = EF_RISCV_FLOAT_ABI_SINGLE | EF_RISCV_RVC;
    cr_assert_eq(rv_elf_open(&e, write_elf("single"), err, sizeof err), 0, "%s", err);
    rv_elf_close(&e);
}

/* ---- files that are not ELF programs at all ------------------------------------------------ */

Test(elf, missing_file)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/none", dir);
    expect_reject(p, "No such file or directory");
}

Test(elf, directory) { expect_reject(dir, "Is a directory"); }

Test(elf, fifo)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/fifo", dir);
    cr_assert_eq(mkfifo(p, 0755), 0);
    expect_reject(p, "not a regular file");
}

Test(elf, char_device) { expect_reject("/dev/null", "not a regular file"); }

Test(elf, empty_file) { expect_reject(write_as("empty", "", 0, 0755), "empty file"); }

Test(elf, not_executable)
{
    base_elf(ET_EXEC, BASE);
    expect_reject(write_as("noexec", buf, buflen, 0644), "Permission denied");
}

Test(elf, not_readable)
{
    if (geteuid() == 0) {
        remove_dir();   /* a skipped test does not reach the suite's .fini */
        cr_skip_test("root reads any file");
    }
    base_elf(ET_EXEC, BASE);
    expect_reject(write_as("noread", buf, buflen, 0311), "Permission denied");
}

Test(elf, text_file)
{
    expect_reject(write_as("script", "#!/bin/sh\necho hi\n", 18, 0755), "not an ELF file");
    expect_reject(write_as("tiny", "\177E", 2, 0755), "not an ELF file");
}

Test(elf, truncated_header)
{
    base_elf(ET_EXEC, BASE);
    buflen = 40;
    expect_reject(write_elf("trunc40"), "truncated ELF header (file is 40 bytes)");
    buflen = 10;
    expect_reject(write_elf("trunc10"), "truncated ELF header (file is 10 bytes)");
}

/* ---- other machines, classes, byte orders, types, ABIs ------------------------------------- */

Test(elf, x86_64)
{
    base_elf(ET_EXEC, BASE);
    EH->e_machine = EM_X86_64;
    expect_reject(write_elf("x86"), "x86-64 ELF: run it directly");
}

Test(elf, aarch64_arm_i386_and_unknown)
{
    char want[256];
    base_elf(ET_EXEC, BASE);
    EH->e_machine = EM_AARCH64;
    snprintf(want, sizeof want, "AArch64 ELF: %s", RV64_ONLY);
    expect_reject(write_elf("arm64"), want);
    EH->e_machine = EM_ARM;
    EH->e_ident[EI_CLASS] = ELFCLASS32;
    snprintf(want, sizeof want, "ARM ELF: %s", RV64_ONLY);
    expect_reject(write_elf("arm"), want);
    EH->e_machine = EM_386;
    snprintf(want, sizeof want, "i386 ELF: %s", RV64_ONLY);
    expect_reject(write_elf("i386"), want);
    EH->e_machine = 4242;
    snprintf(want, sizeof want, "ELF for machine 4242: %s", RV64_ONLY);
    expect_reject(write_elf("m4242"), want);
}

Test(elf, riscv32)
{
    base_elf(ET_EXEC, BASE);
    EH->e_ident[EI_CLASS] = ELFCLASS32;
    expect_reject(write_elf("rv32"), "32-bit ELF: crossrun runs 64-bit RISC-V (rv64) programs");
}

Test(elf, big_endian)
{
    base_elf(ET_EXEC, BASE);
    EH->e_ident[EI_DATA] = ELFDATA2MSB;
    EH->e_machine = (uint16_t)(EM_RISCV << 8);   /* 243 written big-endian */
    expect_reject(write_elf("be"),
                  "big-endian ELF: crossrun runs little-endian RISC-V (rv64) programs");
}

Test(elf, bad_class_and_encoding)
{
    base_elf(ET_EXEC, BASE);
    EH->e_ident[EI_CLASS] = 7;
    expect_reject(write_elf("class7"), "invalid ELF class 7");
    base_elf(ET_EXEC, BASE);
    EH->e_ident[EI_DATA] = 0;
    expect_reject(write_elf("data0"), "invalid ELF data encoding 0");
}

Test(elf, relocatable_object)
{
    base_elf(ET_REL, BASE);
    expect_reject(write_elf("obj.o"), "relocatable object (ET_REL), not an executable");
}

Test(elf, core_dump)
{
    base_elf(ET_CORE, BASE);
    expect_reject(write_elf("core"), "core dump (ET_CORE), not an executable");
}

Test(elf, other_types)
{
    base_elf(ET_NONE, BASE);
    expect_reject(write_elf("none"), "ELF file of no type (ET_NONE), not an executable");
    base_elf(0xfe00, BASE);
    expect_reject(write_elf("os"), "ELF type 65024 is not an executable");
}

Test(elf, quad_float_abi)
{
    base_elf(ET_EXEC, BASE);
    EH->e_flags = EF_RISCV_FLOAT_ABI_QUAD;
    expect_reject(write_elf("quad"),
                  "quad-float ABI (lp64q) ELF: crossrun runs rv64gc programs (lp64, lp64f, lp64d)");
}

Test(elf, rve)
{
    base_elf(ET_EXEC, BASE);
    EH->e_flags = EF_RISCV_RVE;
    expect_reject(write_elf("rve"), "RVE (16-register) ELF: crossrun runs rv64gc programs");
}

/* ---- program headers ----------------------------------------------------------------------- */

Test(elf, program_header_table)
{
    base_elf(ET_EXEC, BASE);
    EH->e_phentsize = 32;
    expect_reject(write_elf("phent"), "program header size 32, expected 56");
    base_elf(ET_EXEC, BASE);
    EH->e_phnum = 0;
    expect_reject(write_elf("phnum0"), "no program headers");
    base_elf(ET_EXEC, BASE);
    EH->e_phnum = 2000;
    expect_reject(write_elf("phnum2000"), "too many program headers (2000)");
}

Test(elf, program_headers_past_eof)
{
    base_elf(ET_EXEC, BASE);
    EH->e_phoff = buflen - 100;
    expect_reject(write_elf("phoff"), "truncated: program headers at 0x79c (3 of them) lie past "
                                      "the end of the file (2048 bytes)");
    base_elf(ET_EXEC, BASE);
    buflen = 100;   /* header complete, program headers cut */
    expect_reject(write_elf("cut"), "truncated: program headers at 0x40 (3 of them) lie past "
                                    "the end of the file (100 bytes)");
}

Test(elf, segment_past_eof)
{
    base_elf(ET_EXEC, BASE);
    PH(1)->p_filesz = 0x600;
    expect_reject(write_elf("seg"), "segment 1 (offset 0x300, size 0x600) lies past the end of "
                                    "the file (2048 bytes)");
    base_elf(ET_EXEC, BASE);
    PH(1)->p_offset = UINT64_MAX - 0xff;   /* offset + size wraps around */
    expect_reject(write_elf("segwrap"), "segment 1 (offset 0xffffffffffffff00, size 0x100) lies "
                                        "past the end of the file (2048 bytes)");
}

Test(elf, filesz_above_memsz)
{
    base_elf(ET_EXEC, BASE);
    PH(1)->p_memsz = 0x80;
    expect_reject(write_elf("memsz"), "segment 1: file size 0x100 is larger than memory size 0x80");
}

Test(elf, overlapping_segments)
{
    base_elf(ET_EXEC, BASE);
    PH(1)->p_vaddr = BASE + 0x200;     /* inside the text segment */
    PH(1)->p_offset = 0x200;
    expect_reject(write_elf("overlap"), "PT_LOAD segments 0 and 1 overlap");
}

Test(elf, alignment)
{
    base_elf(ET_EXEC, BASE);
    PH(1)->p_align = 0x3000;
    expect_reject(write_elf("align3"), "segment 1: alignment 0x3000 is not a power of two");
    base_elf(ET_EXEC, BASE);
    PH(1)->p_vaddr = BASE + 0x1310;
    expect_reject(write_elf("congr"), "segment 1: offset 0x300 and address 0x11310 differ modulo "
                                      "the alignment 0x1000");
    base_elf(ET_EXEC, BASE);
    PH(1)->p_align = 16;
    PH(1)->p_vaddr = BASE + 0x1310;
    expect_reject(write_elf("congrpage"), "segment 1: offset 0x300 and address 0x11310 differ "
                                          "modulo the page size");
}

Test(elf, outside_guest_range)
{
    char want[256];
    base_elf(ET_EXEC, 0x1000);
    snprintf(want, sizeof want, "segment 0 at [0x1000, 0x1300) lies outside the guest address "
             "space [0x10000, 0x%lx)", (unsigned long)GUEST_LIMIT);
    expect_reject(write_elf("low"), want);
    base_elf(ET_EXEC, GUEST_LIMIT - 0x2000);
    snprintf(want, sizeof want, "segment 1 at [0x%lx, 0x%lx) lies outside the guest address "
             "space [0x10000, 0x%lx)", (unsigned long)(GUEST_LIMIT - 0xd00),
             (unsigned long)(GUEST_LIMIT + 0x2300), (unsigned long)GUEST_LIMIT);
    expect_reject(write_elf("high"), want);
}

Test(elf, no_load_segment)
{
    base_elf(ET_EXEC, BASE);
    PH(0)->p_type = PT_NOTE;
    PH(1)->p_type = PT_NOTE;
    expect_reject(write_elf("noload"), "no loadable segment (PT_LOAD)");
}

Test(elf, entry_outside_segments)
{
    base_elf(ET_EXEC, BASE);
    EH->e_entry = 0x900000;
    expect_reject(write_elf("entry"), "entry point 0x900000 lies outside every loadable segment");
}

Test(elf, bad_pt_interp)
{
    base_elf(ET_DYN, 0);
    add_interp("/lib/ld.so");
    buf[INTERP_OFF + 10] = 'x';      /* the NUL */
    expect_reject(write_elf("interpnul"), "PT_INTERP path is not NUL-terminated");
    base_elf(ET_DYN, 0);
    add_interp("/lib/ld.so");
    PH(3)->p_filesz = PATH_MAX + 1;
    buflen = INTERP_OFF + PATH_MAX + 1;
    expect_reject(write_elf("interplong"), "PT_INTERP path too long (4097 bytes)");
    base_elf(ET_DYN, 0);
    add_interp("/lib/ld.so");
    PH(3)->p_offset = buflen - 4;
    expect_reject(write_elf("interpeof"), "PT_INTERP lies past the end of the file");
}

/* ---- interpreter lookup -------------------------------------------------------------------- */

Test(elf, interpreter_not_found_names_the_places_looked)
{
    base_elf(ET_DYN, 0);
    add_interp("/nonexistent-crossrun/ld.so");
    const char *p = write_elf("needs-ld");
    struct rv_elf prog, interp;
    char err[1024], want[1024], root[256];
    cr_assert_eq(rv_elf_open(&prog, p, err, sizeof err), 0, "%s", err);
    snprintf(root, sizeof root, "%s/root", dir);
    mkdir(root, 0755);
    cr_assert_eq(rv_interp_open(&prog, root, &interp, err, sizeof err), -ENOENT);
    const char *hint = access("/usr/riscv64-linux-gnu/lib", F_OK) == 0 ? "/usr/riscv64-linux-gnu"
                                                                          : "<sysroot>";
    snprintf(want, sizeof want, "%s: interpreter /nonexistent-crossrun/ld.so not found (looked in "
             "%s/nonexistent-crossrun/ld.so and /nonexistent-crossrun/ld.so); use -L %s", p, root,
             hint);
    cr_assert_str_eq(err, want);
    cr_assert_eq(rv_interp_open(&prog, NULL, &interp, err, sizeof err), -ENOENT);
    snprintf(want, sizeof want, "%s: interpreter /nonexistent-crossrun/ld.so not found (looked in "
             "/nonexistent-crossrun/ld.so); use -L %s", p, hint);
    cr_assert_str_eq(err, want);
    rv_elf_close(&prog);
}

Test(elf, invalid_interpreter_is_named)
{
    base_elf(ET_DYN, 0);
    EH->e_machine = EM_X86_64;
    const char *ld = write_elf("lib/ld.so");
    base_elf(ET_DYN, 0);
    add_interp("/lib/ld.so");
    const char *p = write_elf("needs-x86-ld");
    struct rv_elf prog, interp;
    char err[1024], want[1024];
    cr_assert_eq(rv_elf_open(&prog, p, err, sizeof err), 0, "%s", err);
    cr_assert_lt(rv_interp_open(&prog, dir, &interp, err, sizeof err), 0);
    snprintf(want, sizeof want, "%s: x86-64 ELF: run it directly", ld);
    cr_assert_str_eq(err, want);
    rv_elf_close(&prog);
}

Test(elf, sysroot_path_lookup)
{
    char out[PATH_MAX];
    write_as("etc/hosts", "x", 1, 0644);
    cr_assert_eq(rv_sysroot_path(dir, "/etc/hosts", out, sizeof out), 0);
    char want[PATH_MAX];
    snprintf(want, sizeof want, "%s/etc/hosts", dir);
    cr_assert_str_eq(out, want);
    cr_assert_eq(rv_sysroot_path(dir, "/etc/passwd", out, sizeof out), 0);
    cr_assert_str_eq(out, "/etc/passwd", "not in the sysroot: the path itself");
    cr_assert_eq(rv_sysroot_path(dir, "etc/hosts", out, sizeof out), 0);
    cr_assert_str_eq(out, "etc/hosts", "relative paths are left alone");
    cr_assert_eq(rv_sysroot_path(NULL, "/etc/hosts", out, sizeof out), 0);
    cr_assert_str_eq(out, "/etc/hosts");
    cr_assert_eq(rv_sysroot_path(dir, "/etc/hosts", out, 8), -ENAMETOOLONG);
}

/* ---- loading ------------------------------------------------------------------------------- */

static void as_setup(void)
{
    int r = guest_as_init();
    cr_assert_eq(r, 0);
}

static int load(const char *p, const char *sysroot, struct rv_image *im, char *err, size_t n)
{
    static char *argv[] = { "prog", "arg", NULL };
    static char *envp[] = { "A=1", NULL };
    struct rv_load_options o = { .sysroot = sysroot, .no_aslr = true, .argc = 2, .argv = argv,
                                 .envp = envp, .execfn = p };
    return rv_load_program(p, &o, im, err, n);
}

static bool all_bytes(guest_addr a, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++)
        if (((unsigned char *)g2h(a))[i] != v)
            return false;
    return true;
}

static struct guest_vma vma_at(guest_addr addr)
{
    struct guest_vma v;
    for (size_t i = 0; guest_as_vma(i, &v); i++)
        if (v.start <= addr && addr < v.end)
            return v;
    memset(&v, 0, sizeof v);
    return v;
}

static void check_image(guest_addr b, const char *path)
{
    cr_assert(all_bytes(b + 0x200, 0x40, 0x13));
    cr_assert(all_bytes(b + 0x1300, 0x100, 0xab), "data from the file");
    cr_assert(all_bytes(b + 0x1400, 0x4300 - 0x1400, 0), "bss zeroed, file junk included");
    struct guest_vma t = vma_at(b), d = vma_at(b + 0x1000), z = vma_at(b + 0x2000);
    char real[PATH_MAX];
    cr_assert_not_null(realpath(path, real));
    cr_assert_eq(t.prot, PROT_READ | PROT_EXEC);
    cr_assert_str_eq(t.name, real);
    cr_assert_eq(d.prot, PROT_READ | PROT_WRITE);
    cr_assert_str_eq(d.name, real);
    cr_assert_eq(z.prot, PROT_READ | PROT_WRITE);
    cr_assert_str_eq(z.name, "", "bss beyond the file is anonymous");
    cr_assert_eq(z.end, b + 0x5000);
}

Test(elf, loads_an_executable)
{
    as_setup();
    base_elf(ET_EXEC, BASE);
    const char *p = write_elf("exec");
    static struct rv_image im;
    char err[1024] = "";
    cr_assert_eq(load(p, NULL, &im, err, sizeof err), 0, "%s", err);
    check_image(BASE, p);
    cr_assert_eq(im.entry, BASE + 0x200);
    cr_assert_eq(im.program_entry, BASE + 0x200);
    cr_assert_eq(im.load_bias, 0);
    cr_assert_eq(im.interp_base, 0);
    cr_assert_eq(im.phdr, BASE + 64);
    cr_assert_eq(im.brk, BASE + 0x5000);
    cr_assert_eq(guest_brk(0), BASE + 0x5000);
    char real[PATH_MAX];
    cr_assert_str_eq(im.exe_path, realpath(p, real));
    cr_assert_eq(im.sp % 16, 0);
    cr_assert(im.sp < GUEST_LIMIT && im.sp > GUEST_LIMIT - (8 << 20));
    cr_assert_eq(im.auxv_len, 18 * 16);
    cr_assert_eq(vma_at(GUEST_LIMIT - 1).prot, PROT_READ | PROT_WRITE, "no exec stack");
    /* The gap between the segments is given back. */
    cr_assert(!guest_as_accessible(BASE + 0x5000, 1, 0));
}

Test(elf, exec_stack_follows_pt_gnu_stack)
{
    as_setup();
    base_elf(ET_EXEC, BASE);
    PH(2)->p_flags |= PF_X;
    static struct rv_image im;
    char err[1024] = "";
    cr_assert_eq(load(write_elf("execstack"), NULL, &im, err, sizeof err), 0, "%s", err);
    cr_assert_eq(vma_at(GUEST_LIMIT - 1).prot, PROT_READ | PROT_WRITE | PROT_EXEC);
}

Test(elf, read_only_bss_page_is_zeroed_too)
{
    as_setup();
    base_elf(ET_EXEC, BASE);
    PH(1)->p_flags = PF_R;
    static struct rv_image im;
    char err[1024] = "";
    cr_assert_eq(load(write_elf("robss"), NULL, &im, err, sizeof err), 0, "%s", err);
    cr_assert(all_bytes(BASE + 0x1400, 0xc00, 0));
    cr_assert_eq(vma_at(BASE + 0x1000).prot, PROT_READ);
}

Test(elf, loads_a_pie_at_the_et_dyn_base)
{
    as_setup();
    base_elf(ET_DYN, 0);
    const char *p = write_elf("pie");
    static struct rv_image im;
    char err[1024] = "";
    cr_assert_eq(load(p, NULL, &im, err, sizeof err), 0, "%s", err);
    cr_assert_eq(im.load_bias, RV_ET_DYN_BASE);
    check_image(RV_ET_DYN_BASE, p);
    cr_assert_eq(im.entry, RV_ET_DYN_BASE + 0x200);
    cr_assert_eq(im.phdr, RV_ET_DYN_BASE + 64);
    cr_assert_eq(im.brk, RV_ET_DYN_BASE + 0x5000);
}

Test(elf, loads_the_interpreter_from_the_sysroot_below_the_mmap_base)
{
    as_setup();
    base_elf(ET_DYN, 0);
    const char *ld = write_elf("lib/ld-test.so");
    base_elf(ET_DYN, 0);
    add_interp("/lib/ld-test.so");
    const char *p = write_elf("dyn");
    static struct rv_image im;
    char err[1024] = "";
    cr_assert_eq(load(p, dir, &im, err, sizeof err), 0, "%s", err);
    cr_assert_eq(im.load_bias, RV_ET_DYN_BASE);
    cr_assert_eq(im.program_entry, RV_ET_DYN_BASE + 0x200);
    cr_assert_neq(im.interp_base, 0);
    cr_assert_eq(im.interp_base % PG, 0);
    cr_assert_eq(im.interp_base + 0x5000, GUEST_LIMIT - (128 << 20), "right below the mmap base");
    cr_assert_eq(im.entry, im.interp_base + 0x200);
    check_image(im.interp_base, ld);
    check_image(RV_ET_DYN_BASE, p);
}

Test(elf, aslr_moves_pie_interpreter_brk_and_stack_within_linux_ranges)
{
    as_setup();
    base_elf(ET_DYN, 0);
    const char *ld = write_elf("lib/ld-aslr.so");
    base_elf(ET_DYN, 0);
    add_interp("/lib/ld-aslr.so");
    static char *argv[] = { "prog", NULL };
    static char *envp[] = { NULL };
    struct rv_load_options o = { .sysroot = dir, .no_aslr = false, .argc = 1, .argv = argv,
                                 .envp = envp, .execfn = "prog" };
    static struct rv_image im;
    char err[1024] = "";
    cr_assert_eq(rv_load_program(write_elf("aslr"), &o, &im, err, sizeof err), 0, "%s", err);
    uint64_t rnd = GUEST_LIMIT >> 8;   /* 1 GiB with Sv39 */
    cr_assert(im.load_bias >= RV_ET_DYN_BASE && im.load_bias < RV_ET_DYN_BASE + rnd);
    cr_assert_eq(im.load_bias % PG, 0);
    cr_assert(im.brk >= im.load_bias + 0x5000 && im.brk < im.load_bias + 0x5000 + rnd);
    guest_addr top = guest_stack_top();
    cr_assert(top <= GUEST_LIMIT && top > GUEST_LIMIT - rnd);
    cr_assert(im.sp < top && im.sp % 16 == 0);
    cr_assert(im.interp_base + 0x5000 <= GUEST_LIMIT - (128 << 20));
    cr_assert(im.interp_base > GUEST_LIMIT - (128 << 20) - 3 * rnd);
    check_image(im.interp_base, ld);
    check_image(im.load_bias, im.exe_path);
}

Test(elf, follows_absolute_symlinks_inside_the_sysroot)
{
    as_setup();
    base_elf(ET_DYN, 0);
    write_elf("real/ld-real.so");
    char link[PATH_MAX];
    snprintf(link, sizeof link, "%s/lib", dir);
    mkdir(link, 0755);
    snprintf(link, sizeof link, "%s/lib/ld-link.so", dir);
    cr_assert_eq(symlink("/real/ld-real.so", link), 0);
    base_elf(ET_DYN, 0);
    add_interp("/lib/ld-link.so");
    static struct rv_image im;
    char err[1024] = "";
    cr_assert_eq(load(write_elf("dynlink"), dir, &im, err, sizeof err), 0, "%s", err);
    cr_assert_neq(im.interp_base, 0);
}

Test(elf, a_program_over_the_stack_fails_cleanly)
{
    as_setup();
    base_elf(ET_EXEC, GUEST_LIMIT - 0x10000);
    static struct rv_image im;
    char err[1024] = "", want[1024];
    const char *p = write_elf("onstack");
    cr_assert_lt(load(p, NULL, &im, err, sizeof err), 0);
    snprintf(want, sizeof want, "%s: segments at [0x%lx, 0x%lx) overlap the stack or another "
             "mapping", p, (unsigned long)(GUEST_LIMIT - 0x10000),
             (unsigned long)(GUEST_LIMIT - 0x10000 + 0x5000));
    cr_assert_str_eq(err, want);
}
