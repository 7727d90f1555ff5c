/*
 * syscall/procfs_fmt.c - the text of the guest's /proc files (see syscall/procfs_fmt.h).
 *
 * Everything here is a pure function of its arguments so the unit test can check it byte for
 * byte. The layouts are those a riscv64 kernel produces, written from its output: maps lines
 * padded so the name starts in column 74 (0-based 73), smaps fields as "Name:" in 16 columns and the value
 * in 8, status sizes as "\t%8lu kB".
 */
#include "syscall/procfs_fmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void rv_text_put(struct rv_text *t, const void *p, size_t n)
{
    if (t->oom)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *d = realloc(t->data, cap);
        if (!d) {
            t->oom = true;
            return;
        }
        t->data = d;
        t->cap = cap;
    }
    memcpy(t->data + t->len, p, n);
    t->len += n;
    t->data[t->len] = '\0';
}

void rv_text_printf(struct rv_text *t, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        rv_text_put(t, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        t->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rv_text_put(t, big, (size_t)n);
    free(big);
}

void rv_text_free(struct rv_text *t)
{
    free(t->data);
    *t = (struct rv_text){ 0 };
}

/* --- maps and smaps -------------------------------------------------------------------------- */

void rv_procfs_guest_path(const char *host_path, const char *sysroot_real, char *out, size_t cap)
{
    size_t n = sysroot_real ? strlen(sysroot_real) : 0;
    /* Only a whole directory prefix: -L /usr/riscv64-linux-gnu must not eat
     * /usr/riscv64-linux-gnu-extra/x, and a sysroot of "/" strips nothing. */
    if (n > 1 && strncmp(host_path, sysroot_real, n) == 0 && host_path[n] == '/')
        host_path += n;
    snprintf(out, cap, "%s", host_path);
}

void rv_procfs_vma_name(const struct guest_vma *v, const char *sysroot_real, char *out, size_t cap)
{
    if (v->flags & MAP_ANONYMOUS) {
        /* The kernel backs shared anonymous memory with a deleted shmem file named /dev/zero. */
        if (!v->name[0] && (v->flags & MAP_SHARED))
            snprintf(out, cap, "/dev/zero (deleted)");
        else
            snprintf(out, cap, "%s", v->name);
        return;
    }
    rv_procfs_guest_path(v->name, sysroot_real, out, cap);
}

void rv_procfs_maps_line(struct rv_text *t, const struct guest_vma *v, const struct rv_vma_info *x)
{
    bool file = !(v->flags & MAP_ANONYMOUS);
    char line[128];
    int n = snprintf(line, sizeof line, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
                     (unsigned long long)v->start, (unsigned long long)v->end,
                     (v->prot & PROT_READ) ? 'r' : '-', (v->prot & PROT_WRITE) ? 'w' : '-',
                     (v->prot & PROT_EXEC) ? 'x' : '-', (v->flags & MAP_SHARED) ? 's' : 'p',
                     (unsigned long long)(file ? v->offset : 0), x->dev_major, x->dev_minor,
                     (unsigned long long)x->inode);
    rv_text_put(t, line, (size_t)n);
    if (x->name && x->name[0]) {
        /* A named line pads its prefix to 72 columns (25 + 6 * sizeof(void *) - 1) and then
         * always adds one space, so a long prefix still gets one more. */
        for (; n < 72; n++)
            rv_text_put(t, " ", 1);
        rv_text_put(t, " ", 1);
        rv_text_put(t, x->name, strlen(x->name));
    }
    rv_text_put(t, "\n", 1);
}

static void smaps_kb(struct rv_text *t, const char *field, uint64_t bytes)
{
    rv_text_printf(t, "%-16s%8llu kB\n", field, (unsigned long long)(bytes >> 10));
}

/* The smaps numbers come from what crossrun knows: Size from the table and Rss from the host's
 * page residency (mincore). How resident pages split into clean and dirty is not known without
 * page flags; it is estimated by the kind of mapping: private anonymous and private writable
 * pages count as dirty (they are usually written), file pages as clean. Pss equals Rss (no
 * sharing is counted) and swap, locking and huge pages read 0. */
void rv_procfs_smaps_entry(struct rv_text *t, const struct guest_vma *v, const struct rv_vma_info *x)
{
    rv_procfs_maps_line(t, v, x);
    bool shared = v->flags & MAP_SHARED, anon = v->flags & MAP_ANONYMOUS;
    bool dirty = !shared && (anon || (v->prot & PROT_WRITE));
    uint64_t rss = x->rss;
    smaps_kb(t, "Size:", v->end - v->start);
    smaps_kb(t, "KernelPageSize:", GUEST_PAGE_SIZE);
    smaps_kb(t, "MMUPageSize:", GUEST_PAGE_SIZE);
    smaps_kb(t, "Rss:", rss);
    smaps_kb(t, "Pss:", rss);
    smaps_kb(t, "Pss_Dirty:", dirty ? rss : 0);
    smaps_kb(t, "Shared_Clean:", 0);
    smaps_kb(t, "Shared_Dirty:", 0);
    smaps_kb(t, "Private_Clean:", dirty ? 0 : rss);
    smaps_kb(t, "Private_Dirty:", dirty ? rss : 0);
    smaps_kb(t, "Referenced:", rss);
    smaps_kb(t, "Anonymous:", anon && !shared ? rss : 0);
    smaps_kb(t, "KSM:", 0);
    smaps_kb(t, "LazyFree:", 0);
    smaps_kb(t, "AnonHugePages:", 0);
    smaps_kb(t, "ShmemPmdMapped:", 0);
    smaps_kb(t, "FilePmdMapped:", 0);
    smaps_kb(t, "Shared_Hugetlb:", 0);
    smaps_kb(t, "Private_Hugetlb:", 0);
    smaps_kb(t, "Swap:", 0);
    smaps_kb(t, "SwapPss:", 0);
    smaps_kb(t, "Locked:", 0);
    rv_text_printf(t, "%-16s%8d\n", "THPeligible:", 0);
    /* VM_* flags in the kernel's mnemonic order: readable, writable, executable, shared, the
     * may-read/write/exec every user mapping has, may-share, grows-down (the stack), accounted
     * (private writable memory). */
    rv_text_put(t, "VmFlags: ", 9);
    if (v->prot & PROT_READ)
        rv_text_put(t, "rd ", 3);
    if (v->prot & PROT_WRITE)
        rv_text_put(t, "wr ", 3);
    if (v->prot & PROT_EXEC)
        rv_text_put(t, "ex ", 3);
    if (shared)
        rv_text_put(t, "sh ", 3);
    rv_text_put(t, "mr mw me ", 9);
    if (shared)
        rv_text_put(t, "ms ", 3);
    if (v->flags & MAP_GROWSDOWN)
        rv_text_put(t, "gd ", 3);
    if (!shared && (v->prot & PROT_WRITE))
        rv_text_put(t, "ac ", 3);
    rv_text_put(t, "\n", 1);
}

/* --- stat and status ------------------------------------------------------------------------- */

bool rv_procfs_stat(struct rv_text *t, const char *host_text, const struct rv_procfs_mm *mm)
{
    /* "pid (comm) state ...": comm may hold spaces and parentheses, so the fields start after
     * the last ')'. Field numbers below are proc(5)'s, 1-based; field 3 follows ") ". */
    const char *close = strrchr(host_text, ')');
    if (!close || close[1] != ' ')
        return false;
    size_t head = (size_t)(close + 2 - host_text);
    rv_text_put(t, host_text, head);
    const char *p = close + 2;
    for (int field = 3; *p && *p != '\n'; field++) {
        size_t n = strcspn(p, " \n");
        uint64_t v;
        bool ours = true;
        switch (field) {
        case 23: v = mm->vsize; break;
        case 26: v = mm->start_code; break;
        case 27: v = mm->end_code; break;
        case 28: v = mm->start_stack; break;
        case 45: v = mm->start_data; break;
        case 46: v = mm->end_data; break;
        case 47: v = mm->start_brk; break;
        case 48: v = mm->arg_start; break;
        case 49: v = mm->arg_end; break;
        case 50: v = mm->env_start; break;
        case 51: v = mm->env_end; break;
        default: ours = false; v = 0; break;
        }
        if (field > 3)
            rv_text_put(t, " ", 1);
        if (ours)
            rv_text_printf(t, "%llu", (unsigned long long)v);
        else
            rv_text_put(t, p, n);
        p += n;
        if (*p == ' ')
            p++;
    }
    rv_text_put(t, "\n", 1);
    return true;
}

static bool starts(const char *line, const char *key)
{
    return strncmp(line, key, strlen(key)) == 0;
}

void rv_procfs_status(struct rv_text *t, const char *host_text, const struct rv_procfs_mm *mm)
{
    for (const char *line = host_text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
        const struct { const char *key; uint64_t bytes; } sizes[] = {
            { "VmPeak:", mm->peak },  { "VmSize:", mm->vsize },        { "VmLck:", mm->locked },
            { "VmHWM:", mm->hwm },    { "VmRSS:", mm->rss },           { "RssAnon:", mm->rss_anon },
            { "RssFile:", mm->rss_file }, { "RssShmem:", mm->rss_shmem }, { "VmData:", mm->data },
            { "VmStk:", mm->stack },  { "VmExe:", mm->exe },           { "VmLib:", mm->lib },
            { "VmPTE:", mm->pte },    { "VmSwap:", mm->swap },
        };
        const struct { const char *key; uint64_t set; } sigs[] = {
            { "SigBlk:", mm->sig_blocked }, { "SigIgn:", mm->sig_ignored },
            { "SigCgt:", mm->sig_caught },
        };
        bool done = false;
        for (size_t i = 0; !done && i < sizeof sizes / sizeof sizes[0]; i++) {
            if (starts(line, sizes[i].key)) {
                rv_text_printf(t, "%s\t%8llu kB\n", sizes[i].key,
                               (unsigned long long)(sizes[i].bytes >> 10));
                done = true;
            }
        }
        for (size_t i = 0; !done && i < sizeof sigs / sizeof sigs[0]; i++) {
            if (starts(line, sigs[i].key)) {
                rv_text_printf(t, "%s\t%016llx\n", sigs[i].key, (unsigned long long)sigs[i].set);
                done = true;
            }
        }
        /* x86-64's own lines (LAM's untag mask, shadow-stack features) have no riscv64 twin. */
        if (!done && (starts(line, "untag_mask:") || starts(line, "x86_")))
            done = true;
        if (!done)
            rv_text_put(t, line, n);
        line += n;
    }
}

/* --- cpuinfo --------------------------------------------------------------------------------- */

void rv_procfs_cpuinfo(struct rv_text *t, int ncpus)
{
    /* One block per hart as arch/riscv/kernel/cpu.c prints it; a device tree "compatible"
     * would give the uarch line, here the runner's own name. The vendor, architecture and
     * implementation ids of an unidentified implementation are 0. */
    for (int i = 0; i < ncpus; i++) {
        rv_text_printf(t, "processor\t: %d\n", i);
        rv_text_printf(t, "hart\t\t: %d\n", i);
        rv_text_printf(t, "isa\t\t: %s\n", RV_PROCFS_ISA);
        rv_text_printf(t, "mmu\t\t: sv39\n");
        rv_text_printf(t, "uarch\t\t: crossrun,rv64gc\n");
        rv_text_printf(t, "mvendorid\t: 0x0\n");
        rv_text_printf(t, "marchid\t\t: 0x0\n");
        rv_text_printf(t, "mimpid\t\t: 0x0\n");
        rv_text_printf(t, "hart isa\t: %s\n", RV_PROCFS_ISA);
        rv_text_put(t, "\n", 1);
    }
}
