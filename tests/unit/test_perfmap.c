/*
 * tests/unit/test_perfmap.c - the names --perfmap gives guest pcs (translate/jit/perfmap_symbols.c)
 * for files mapped in this very process below the guest limit, as the guest's are in the runner:
 * a copy of this test's own executable (an ELF with a .symtab: a function of it is named), the
 * same copy deleted (no symbols: "guest:0xPC [file]"), a file that is no ELF, anonymous memory
 * and an address nothing maps ("guest:0xPC").
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <inttypes.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "translate/jit/perfmap_symbols.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* What the test looks up: a function of its own with a known name. */
__attribute__((noinline)) int perfmap_test_marker(int x);
__attribute__((noinline)) int perfmap_test_marker(int x)
{
    return x * 3 + 1;
}

/* Where in this executable's file perfmap_test_marker's first byte is, through the program
 * headers of the running program (dl_iterate_phdr's first entry). */
struct where {
    uintptr_t addr, file_off;
    bool found;
};

static int find_marker(struct dl_phdr_info *info, size_t size, void *data)
{
    struct where *w = data;
    uintptr_t vaddr = w->addr - info->dlpi_addr;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && vaddr >= ph->p_vaddr && vaddr - ph->p_vaddr < ph->p_filesz) {
            w->file_off = vaddr - ph->p_vaddr + ph->p_offset;
            w->found = true;
        }
    }
    return 1;  /* the main program only */
}

static char dir[] = "/tmp/crossrun-test-perfmap.XXXXXX";

static void copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cr_assert(in >= 0 && out >= 0);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        cr_assert_eq(write(out, buf, (size_t)n), n);
    close(in);
    close(out);
}

/* Maps all of path (NULL: len bytes of anonymous memory) read-only at a free address below
 * GUEST_LIMIT, as guest code is mapped. */
static uint8_t *map_low(const char *path, size_t *len)
{
    int fd = -1;
    if (path) {
        fd = open(path, O_RDONLY);
        cr_assert(fd >= 0);
        struct stat st;
        cr_assert_eq(fstat(fd, &st), 0);
        *len = (size_t)st.st_size;
    }
    int flags = MAP_PRIVATE | MAP_FIXED_NOREPLACE | (path ? 0 : MAP_ANONYMOUS);
    for (uintptr_t at = GUEST_LIMIT / 4; at < GUEST_LIMIT - (64u << 20); at += 64u << 20) {
        void *p = mmap((void *)at, *len, PROT_READ, flags, fd, 0);
        if (p == (void *)at) {
            if (fd >= 0)
                close(fd);
            return p;
        }
        if (p != MAP_FAILED)
            munmap(p, *len);
    }
    cr_assert_fail("no free address below the guest limit");
    return NULL;
}

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) { /* best effort */ }
}

TestSuite(perfmap, .init = setup, .fini = teardown);

Test(perfmap, names_a_function_of_a_mapped_elf_then_falls_back_when_deleted)
{
    struct where w = { .addr = (uintptr_t)perfmap_test_marker };
    dl_iterate_phdr(find_marker, &w);
    cr_assert(w.found);
    char copy[64], name[256], want[256];
    snprintf(copy, sizeof copy, "%s/prog-copy", dir);
    copy_file("/proc/self/exe", copy);

    size_t len, gone_len;
    uint8_t *base = map_low(copy, &len);
    rv_perfmap_name((guest_addr)(uintptr_t)(base + w.file_off + 4), name, sizeof name);
    cr_assert_str_eq(name, "perfmap_test_marker+0x4 [prog-copy]");

    /* a copy deleted once mapped, at another address (the first stays mapped): the maps are
     * read again for it and show "(deleted)" */
    char gone[64];
    snprintf(gone, sizeof gone, "%s/prog-gone", dir);
    copy_file("/proc/self/exe", gone);
    uint8_t *gone_base = map_low(gone, &gone_len);
    cr_assert_eq(unlink(gone), 0);
    uintptr_t pc = (uintptr_t)(gone_base + w.file_off);
    rv_perfmap_name(pc, name, sizeof name);
    snprintf(want, sizeof want, "guest:0x%" PRIxPTR " [prog-gone]", pc);
    cr_assert_str_eq(name, want);
    /* the first one is still named from the cache */
    rv_perfmap_name((guest_addr)(uintptr_t)(base + w.file_off), name, sizeof name);
    cr_assert_str_eq(name, "perfmap_test_marker+0x0 [prog-copy]");
    munmap(gone_base, gone_len);
    munmap(base, len);
}

Test(perfmap, falls_back_for_files_that_are_no_elf_anonymous_memory_and_holes)
{
    char text[64], name[256], want[256];
    snprintf(text, sizeof text, "%s/notes.txt", dir);
    FILE *f = fopen(text, "w");
    cr_assert_not_null(f);
    for (int i = 0; i < 1000; i++)
        fputs("not an ELF file\n", f);
    fclose(f);
    size_t len;
    uint8_t *base = map_low(text, &len);
    rv_perfmap_name((guest_addr)(uintptr_t)(base + 100), name, sizeof name);
    snprintf(want, sizeof want, "guest:0x%" PRIxPTR " [notes.txt]", (uintptr_t)(base + 100));
    cr_assert_str_eq(name, want);

    size_t anon_len = 4096;  /* at another address: the text file stays mapped */
    uint8_t *anon = map_low(NULL, &anon_len);
    rv_perfmap_name((guest_addr)(uintptr_t)anon, name, sizeof name);
    snprintf(want, sizeof want, "guest:0x%" PRIxPTR, (uintptr_t)anon);
    cr_assert_str_eq(name, want);
    munmap(anon, anon_len);
    munmap(base, len);

    /* nothing there (page 0 is never mapped), even after reading the maps again */
    rv_perfmap_name(0x100, name, sizeof name);
    cr_assert_str_eq(name, "guest:0x100");
    char tiny[8];
    rv_perfmap_name(0x123456, tiny, sizeof tiny);
    cr_assert_str_eq(tiny, "guest:0", "cut to the buffer, terminated");
}
