/*
 * loader/map.c - mapping the PT_LOAD segments of a validated ELF file into the guest range.
 *
 * The whole span of the file is claimed first (PROT_NONE, MAP_FIXED_NOREPLACE or top-down
 * placement), so a program that would overlap the stack or another file fails before any
 * segment lands, and the interpreter gets the one contiguous area the kernel would give it.
 * Each segment is then mapped from the file over that claim (file-backed, so the mapping table
 * knows its name and offset), the bss tail of its last file page is zeroed and the rest of the
 * bss is anonymous memory; what is left of the claim between segments is given back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mem/addrspace.h"
#include "loader/elf.h"
#include "mem/uaccess.h"



static int seg_prot(uint32_t pf)
{
    return ((pf & PF_R) ? PROT_READ : 0) | ((pf & PF_W) ? PROT_WRITE : 0)
           | ((pf & PF_X) ? PROT_EXEC : 0);
}

static int map_fail(char *err, size_t errlen, const struct rv_elf *elf, long r, const char *what,
                    size_t i)
{
    snprintf(err, errlen, "%s: cannot map %s %zu: %s", elf->path, what, i, strerror((int)-r));
    return (int)r;
}

/* Zeroes [from, page end): the part of the last file page that belongs to the bss. Written
 * through a temporary PROT_WRITE when the segment is read-only, as the ELF spec wants bss
 * zero whatever the segment's permissions. */
static long zero_tail(guest_addr from, int prot)
{
    static const char zeros[GUEST_PAGE_SIZE];
    guest_addr page = guest_page_down(from);
    long r = 0;
    if (!(prot & PROT_WRITE))
        r = guest_mprotect(page, GUEST_PAGE_SIZE, prot | PROT_WRITE);
    if (r == 0)
        r = copy_to_guest(from, zeros, page + GUEST_PAGE_SIZE - from);
    if (!(prot & PROT_WRITE)) {
        long r2 = guest_mprotect(page, GUEST_PAGE_SIZE, prot);
        if (r == 0)
            r = r2;
    }
    return r;
}

static int map_segment(const struct rv_elf *elf, size_t i, guest_addr bias, char *err,
                       size_t errlen)
{
    const GElf_Phdr *ph = &elf->phdr[i];
    int prot = seg_prot(ph->p_flags);
    guest_addr start = bias + ph->p_vaddr;
    guest_addr file_end = start + ph->p_filesz;
    guest_addr mem_end = guest_page_up(start + ph->p_memsz);
    guest_addr anon_start = guest_page_down(start);
    long r;
    if (ph->p_filesz) {
        r = guest_mmap(guest_page_down(start), guest_page_up(file_end) - guest_page_down(start), prot,
                       MAP_PRIVATE | MAP_FIXED, elf->fd, (off_t)guest_page_down(ph->p_offset),
                       elf->real);
        if (r < 0)
            return map_fail(err, errlen, elf, r, "segment", i);
        anon_start = guest_page_up(file_end);
        if (ph->p_memsz > ph->p_filesz && (file_end & GUEST_PAGE_LOW)) {
            r = zero_tail(file_end, prot);
            if (r < 0)
                return map_fail(err, errlen, elf, r, "the bss of segment", i);
        }
    }
    if (mem_end > anon_start) {
        r = guest_mmap(anon_start, mem_end - anon_start, prot,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, NULL);
        if (r < 0)
            return map_fail(err, errlen, elf, r, "the bss of segment", i);
    }
    return 0;
}

static int cmp_range(const void *a, const void *b)
{
    const guest_addr *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Gives back the parts of the claimed span [bias+lo, bias+hi) that no segment covers. */
static int release_holes(const struct rv_elf *elf, guest_addr bias, char *err, size_t errlen)
{
    guest_addr (*seg)[2] = calloc(elf->phnum, sizeof *seg);
    if (!seg)
        return map_fail(err, errlen, elf, -ENOMEM, "segment", 0);
    size_t n = 0;
    for (size_t i = 0; i < elf->phnum; i++) {
        const GElf_Phdr *ph = &elf->phdr[i];
        if (ph->p_type == PT_LOAD && ph->p_memsz) {
            seg[n][0] = guest_page_down(bias + ph->p_vaddr);
            seg[n][1] = guest_page_up(bias + ph->p_vaddr + ph->p_memsz);
            n++;
        }
    }
    qsort(seg, n, sizeof *seg, cmp_range);
    guest_addr at = bias + elf->lo;
    long r = 0;
    for (size_t i = 0; i <= n && r == 0; i++) {
        guest_addr next = i < n ? seg[i][0] : bias + elf->hi;
        if (next > at)
            r = guest_munmap(at, next - at);
        if (i < n && seg[i][1] > at)
            at = seg[i][1];
    }
    free(seg);
    return r < 0 ? map_fail(err, errlen, elf, r, "segment", 0) : 0;
}

static int map_segments(const struct rv_elf *elf, guest_addr bias, char *err, size_t errlen)
{
    for (size_t i = 0; i < elf->phnum; i++) {
        if (elf->phdr[i].p_type != PT_LOAD || elf->phdr[i].p_memsz == 0)
            continue;
        int r = map_segment(elf, i, bias, err, errlen);
        if (r < 0)
            return r;
    }
    return release_holes(elf, bias, err, errlen);
}

int rv_elf_map(const struct rv_elf *elf, guest_addr bias, char *err, size_t errlen)
{
    guest_addr lo = bias + elf->lo;
    uint64_t span = elf->hi - elf->lo;
    if (!guest_in_range(lo, span) || lo < bias) {
        snprintf(err, errlen, "%s: segments at [0x%lx, 0x%lx) lie outside the guest address "
                 "space", elf->path, lo, lo + span);
        return -ENOEXEC;
    }
    long r = guest_mmap(lo, span, PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0,
                        NULL);
    if (r == -EEXIST) {
        snprintf(err, errlen, "%s: segments at [0x%lx, 0x%lx) overlap the stack or another "
                 "mapping", elf->path, lo, lo + span);
        return -ENOEXEC;
    }
    if (r < 0) {
        snprintf(err, errlen, "%s: cannot map segments at [0x%lx, 0x%lx): %s", elf->path, lo,
                 lo + span, strerror((int)-r));
        return (int)r;
    }
    return map_segments(elf, bias, err, errlen);
}

int rv_elf_map_anywhere(const struct rv_elf *elf, guest_addr *bias, char *err, size_t errlen)
{
    uint64_t span = elf->hi - elf->lo;
    long r = guest_mmap(0, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0,
                        NULL);
    if (r < 0) {
        snprintf(err, errlen, "%s: no room for 0x%lx bytes of segments: %s", elf->path, span,
                 strerror((int)-r));
        return (int)r;
    }
    *bias = (guest_addr)r - elf->lo;
    return map_segments(elf, *bias, err, errlen);
}
