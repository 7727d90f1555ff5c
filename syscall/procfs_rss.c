/*
 * syscall/procfs_rss.c - the guest's resident-memory counters for /proc/self/status (VmRSS,
 * RssAnon, RssFile, RssShmem, VmLck, VmSwap, VmPTE), read from the host's /proc/self/smaps
 * restricted to the guest range (see procfs_fmt.h).
 *
 * The runner and the guest are one process, so the host's own counters also hold the runner's
 * code, heap and code cache. Every guest page lives in a host vma inside the guest range and no
 * runner memory does (mem/addrspace.h), so summing the host's per-vma smaps fields over that
 * range gives the guest's share exactly as the kernel counts it per page: Rss only for pages
 * mapped in this process (mincore would count a file's whole page cache), Anonymous for private
 * copies. A pure function of the text, so tests/unit/test_procfs.c can feed it made-up smaps.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "syscall/procfs_fmt.h"

#define KIB            UINT64_C(1024)
#define PTE_SPAN_SHIFT 21   /* one page-table page maps 2 MiB */
#define PMD_SPAN_SHIFT 30   /* one page-middle-directory page maps 1 GiB */

/* One host vma as its smaps entry describes it. */
struct host_vma {
    uint64_t start, end, inode;
    char name[64];
    uint64_t rss, anon, swap;
    bool locked;
};

/* The kernel's shmem pages (RssShmem): shared anonymous memory, memfds, SysV and POSIX shared
 * memory, told by the names the host gives them. Other tmpfs files count as files here. */
static bool is_shmem(const char *name)
{
    return strncmp(name, "/dev/zero", 9) == 0 || strncmp(name, "/memfd:", 7) == 0
           || strncmp(name, "/SYSV", 5) == 0 || strncmp(name, "/dev/shm/", 9) == 0;
}

/* Page-table pages for the guest's populated vmas, counted once per 2 MiB (PTE) and 1 GiB (PMD)
 * span: the kernel allocates them only where pages are mapped. */
struct pt_count {
    uint64_t last_pte, last_pmd, pages;
};

static void count_span(uint64_t *last, uint64_t *pages, uint64_t start, uint64_t end, int shift)
{
    uint64_t first = start >> shift, final = (end - 1) >> shift;
    if (*last != UINT64_MAX && first <= *last)
        first = *last + 1;
    if (first <= final)
        *pages += final - first + 1;
    *last = final > *last || *last == UINT64_MAX ? final : *last;
}

static void add_vma(struct rv_procfs_mm *mm, struct pt_count *pt, const struct host_vma *h)
{
    if (h->end <= h->start || h->start < GUEST_BASE || h->end > GUEST_LIMIT)
        return;
    mm->rss += h->rss;
    mm->rss_anon += h->anon;
    uint64_t other = h->rss > h->anon ? h->rss - h->anon : 0;
    if (is_shmem(h->name))
        mm->rss_shmem += other;
    else if (h->inode != 0)
        mm->rss_file += other;
    else
        mm->rss_anon += other;
    mm->swap += h->swap;
    if (h->locked)
        mm->locked += h->end - h->start;
    if (h->rss || h->swap) {
        count_span(&pt->last_pte, &pt->pages, h->start, h->end, PTE_SPAN_SHIFT);
        count_span(&pt->last_pmd, &pt->pages, h->start, h->end, PMD_SPAN_SHIFT);
    }
}

/* "Key:   N kB" into *out when the line has that key. */
static bool field_kb(const char *line, const char *key, uint64_t *out)
{
    size_t n = strlen(key);
    if (strncmp(line, key, n) != 0)
        return false;
    uint64_t v;
    if (sscanf(line + n, " %" SCNu64, &v) == 1)
        *out = v * KIB;
    return true;
}

void rv_procfs_rss_from_smaps(const char *host_smaps, struct rv_procfs_mm *mm)
{
    mm->rss = mm->rss_anon = mm->rss_file = mm->rss_shmem = 0;
    mm->swap = mm->locked = mm->pte = 0;
    struct pt_count pt = { UINT64_MAX, UINT64_MAX, 0 };
    struct host_vma h = { 0 };
    bool have = false;
    for (const char *line = host_smaps; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        uint64_t start, end, inode;
        int name_at = 0;
        /* a vma's header: "start-end perms offset dev inode   name" */
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %*x %*x:%*x %" SCNu64 " %n", &start, &end,
                   &inode, &name_at) == 3) {
            if (have)
                add_vma(mm, &pt, &h);
            h = (struct host_vma){ .start = start, .end = end, .inode = inode };
            size_t nlen = name_at > 0 && (size_t)name_at < len ? len - (size_t)name_at : 0;
            if (nlen >= sizeof h.name)
                nlen = sizeof h.name - 1;
            memcpy(h.name, line + name_at, nlen);
            h.name[nlen] = '\0';
            have = true;
        } else if (have && !field_kb(line, "Rss:", &h.rss) && !field_kb(line, "Anonymous:", &h.anon)
                   && !field_kb(line, "Swap:", &h.swap) && strncmp(line, "VmFlags:", 8) == 0) {
            /* VM_LOCKED: the kernel's locked_vm counts the whole vma, resident or not */
            for (const char *f = line + 8, *end = line + len; f + 2 <= end; f++)
                if (f[-1] == ' ' && f[0] == 'l' && f[1] == 'o' && (f + 2 == end || f[2] == ' '))
                    h.locked = true;
        }
        line += nl ? len + 1 : len;
    }
    if (have)
        add_vma(mm, &pt, &h);
    mm->pte = pt.pages * GUEST_PAGE_SIZE;
}
