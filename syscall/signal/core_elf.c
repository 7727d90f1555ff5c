/*
 * syscall/signal/core_elf.c - the guest's riscv64 ELF core file (see core_elf.h), laid out as
 * fs/binfmt_elf.c's elf_core_dump lays it out: the ELF header, the program headers (PT_NOTE
 * first, then a PT_LOAD per mapping), the notes, and from the next page boundary the memory of
 * each PT_LOAD in turn.
 *
 * Which memory (fs/coredump.c vma_dump_size, bits of /proc/self/coredump_filter): shared
 * anonymous memory (bit 1), private anonymous memory that has pages (bit 0: the kernel's "has
 * an anon_vma"), private file mappings when bit 2 is set or when they are writable (the data
 * and bss of a program, which were written: bit 0 again), shared file mappings with bit 3, and
 * else the first page of a file mapping at offset 0 that holds an ELF header (bit 4), so gdb
 * can tell what was mapped there. Read-only text is left to the file (p_filesz 0). Unreadable
 * mappings are not dumped: the kernel dumps a PROT_NONE one that was written before, which the
 * runner cannot tell. Pages of an anonymous mapping that were never touched stay holes, as
 * the kernel skips them too.
 *
 * The runner writes from the identical guest addresses with write(2); a page the host refuses
 * (beyond the end of a mapped file) becomes a hole. Only raw syscalls and the stack: this runs
 * on the way to death, possibly in a host signal handler on the 64 KiB alternate stack.
 */
#include "syscall/signal/core_elf.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "abi/elfcore.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "translate/cpu.h"

#define NOTE_NAME      "CORE"
#define NOTE_NAME_SIZE 8          /* "CORE" and its NUL, rounded to 4 */
#define MAX_LOADS      65534      /* below PN_XNUM: no extended numbering */

/* ---- output with RLIMIT_CORE accounting ------------------------------------------------- */

struct core_out {
    int fd;
    uint64_t written, limit;
    bool ok, truncated;   /* truncated: stopped by the limit, which still counts as dumped */
    size_t used;
    uint8_t buf[2048];
};

static void out_raw(struct core_out *o, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (o->ok && n > 0) {
        if (o->written + n > o->limit) {   /* the kernel's __dump_emit stops here */
            o->ok = false;
            o->truncated = true;
            return;
        }
        long r = host_syscall3(SYS_write, o->fd, HOST_ARG(b), (long)n);
        if (r == -EINTR)
            continue;
        if (r <= 0) {
            o->ok = false;
            return;
        }
        o->written += (uint64_t)r;
        b += r;
        n -= (size_t)r;
    }
}

static void out_flush(struct core_out *o)
{
    if (o->used)
        out_raw(o, o->buf, o->used);
    o->used = 0;
}

static void out_put(struct core_out *o, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        size_t room = sizeof o->buf - o->used, k = n < room ? n : room;
        memcpy(o->buf + o->used, b, k);
        o->used += k;
        b += k;
        n -= k;
        if (o->used == sizeof o->buf)
            out_flush(o);
    }
}

static void out_zeros(struct core_out *o, size_t n)
{
    static const uint8_t zeros[64];
    for (size_t k; n > 0; n -= k) {
        k = n < sizeof zeros ? n : sizeof zeros;
        out_put(o, zeros, k);
    }
}

/* A hole of n bytes: sought over, not written (and not counted against the limit). */
static void out_skip(struct core_out *o, uint64_t n)
{
    out_flush(o);
    if (o->ok && n && host_syscall3(SYS_lseek, o->fd, (long)n, SEEK_CUR) < 0)
        o->ok = false;
}

/* ---- the mappings ------------------------------------------------------------------------ */

/* A snapshot of the mapping table in host memory outside the guest range. */
struct vma_list {
    struct guest_vma *v;
    size_t n, bytes;
};

static bool snapshot(struct vma_list *l)
{
    struct guest_vma v;
    size_t n = 0;
    while (guest_as_vma(n, &v))
        n++;
    n += 16;   /* another thread may map more meanwhile */
    l->bytes = (n * sizeof *l->v + 4095) & ~(size_t)4095;
    long p = host_syscall6(SYS_mmap, 0, (long)l->bytes, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p < 0 && p > -4096)
        return false;
    l->v = (struct guest_vma *)p;
    for (l->n = 0; l->n < n && l->n < MAX_LOADS && guest_as_vma(l->n, &l->v[l->n]); l->n++)
        ;
    return true;
}

/* Whether any page of [start, end) is resident (mincore, in chunks). */
static bool any_resident(guest_addr start, guest_addr end)
{
    unsigned char vec[256];
    for (guest_addr a = start; a < end;) {
        uint64_t pages = (end - a) / GUEST_PAGE_SIZE;
        if (pages > sizeof vec)
            pages = sizeof vec;
        if (host_syscall3(SYS_mincore, (long)a, (long)(pages * GUEST_PAGE_SIZE), HOST_ARG(vec)) < 0)
            return true;   /* cannot tell: dump it */
        for (uint64_t i = 0; i < pages; i++)
            if (vec[i] & 1)
                return true;
        a += pages * GUEST_PAGE_SIZE;
    }
    return false;
}

static bool elf_magic_at(guest_addr a)
{
    uint8_t m[SELFMAG];
    memcpy(m, (const void *)(uintptr_t)a, sizeof m);
    return memcmp(m, ELFMAG, SELFMAG) == 0;
}

/* The bytes of v that go into the core (see the header comment). */
static uint64_t dump_size(const struct guest_vma *v, unsigned filter)
{
    uint64_t size = v->end - v->start;
    bool anon = v->flags & MAP_ANONYMOUS, shared = v->flags & MAP_SHARED;
    if (!(v->prot & PROT_READ))
        return 0;
    if (shared)
        return (filter & (anon ? 2u : 8u)) ? size : 0;
    if (anon)
        return (filter & 1u) && any_resident(v->start, v->end) ? size : 0;
    if ((filter & 4u) || ((filter & 1u) && (v->prot & PROT_WRITE)))
        return size;
    if ((filter & 16u) && v->offset == 0 && elf_magic_at(v->start))
        return GUEST_PAGE_SIZE;
    return 0;
}

/* The memory of [start, start+len): resident pages of anonymous memory written, the rest holes;
 * file pages written (the host reads them in), a page it refuses a hole. */
static void out_memory(struct core_out *o, guest_addr start, uint64_t len, bool anon)
{
    out_flush(o);
    unsigned char vec[256];
    for (guest_addr a = start, end = start + len; o->ok && a < end;) {
        uint64_t pages = (end - a) / GUEST_PAGE_SIZE;
        if (pages > sizeof vec)
            pages = sizeof vec;
        if (!anon || host_syscall3(SYS_mincore, (long)a, (long)(pages * GUEST_PAGE_SIZE),
                                   HOST_ARG(vec)) < 0)
            memset(vec, 1, pages);
        for (uint64_t i = 0; o->ok && i < pages; i++) {
            guest_addr page = a + i * GUEST_PAGE_SIZE;
            if (!(vec[i] & 1)) {
                out_skip(o, GUEST_PAGE_SIZE);
                continue;
            }
            uint64_t before = o->written;
            out_raw(o, (const void *)(uintptr_t)page, GUEST_PAGE_SIZE);
            if (!o->ok && o->written == before && o->written + GUEST_PAGE_SIZE <= o->limit) {
                o->ok = true;   /* EFAULT: a hole */
                out_skip(o, GUEST_PAGE_SIZE);
            }
        }
        a += pages * GUEST_PAGE_SIZE;
    }
}

/* ---- notes ------------------------------------------------------------------------------- */

static size_t note_size(size_t desc)
{
    return sizeof(Elf64_Nhdr) + NOTE_NAME_SIZE + ((desc + 3) & ~(size_t)3);
}

static void note_header(struct core_out *o, uint32_t type, size_t desc)
{
    Elf64_Nhdr h = { .n_namesz = sizeof NOTE_NAME, .n_descsz = (uint32_t)desc, .n_type = type };
    char name[NOTE_NAME_SIZE] = NOTE_NAME;
    out_put(o, &h, sizeof h);
    out_put(o, name, sizeof name);
}

static void note(struct core_out *o, uint32_t type, const void *desc, size_t n)
{
    note_header(o, type, n);
    out_put(o, desc, n);
    out_zeros(o, ((n + 3) & ~(size_t)3) - n);
}

static bool is_file(const struct guest_vma *v)
{
    return !(v->flags & MAP_ANONYMOUS) && v->name[0] == '/';
}

/* NT_FILE's descriptor size: header, entries, names. */
static size_t file_note_desc(const struct vma_list *l)
{
    size_t n = sizeof(struct rv_elf_file_header);
    for (size_t i = 0; i < l->n; i++)
        if (is_file(&l->v[i]))
            n += sizeof(struct rv_elf_file_entry) + strlen(l->v[i].name) + 1;
    return n;
}

static void file_note(struct core_out *o, const struct vma_list *l)
{
    size_t desc = file_note_desc(l);
    struct rv_elf_file_header h = { .page_size = GUEST_PAGE_SIZE };
    for (size_t i = 0; i < l->n; i++)
        h.count += is_file(&l->v[i]);
    note_header(o, RV_NT_FILE, desc);
    out_put(o, &h, sizeof h);
    for (size_t i = 0; i < l->n; i++) {
        if (!is_file(&l->v[i]))
            continue;
        const struct guest_vma *v = &l->v[i];
        struct rv_elf_file_entry e = { v->start, v->end, v->offset / GUEST_PAGE_SIZE };
        out_put(o, &e, sizeof e);
    }
    for (size_t i = 0; i < l->n; i++)
        if (is_file(&l->v[i]))
            out_put(o, l->v[i].name, strlen(l->v[i].name) + 1);
    out_zeros(o, ((desc + 3) & ~(size_t)3) - desc);
}

static struct rv_elf_timeval timeval_of(struct timeval tv)
{
    return (struct rv_elf_timeval){ tv.tv_sec, tv.tv_usec };
}

static void prstatus_note(struct core_out *o, const struct rv_cpu *cpu,
                          const struct rv_core_facts *f)
{
    int pid = (int)host_syscall0(SYS_getpid), tid = (int)host_syscall0(SYS_gettid);
    struct rv_elf_prstatus s = {
        .si_signo = f->signo, .si_code = f->info ? f->info->code : 0,
        .si_errno = f->info ? f->info->err : 0, .pr_cursig = (int16_t)f->signo,
        .pr_sigpend = f->sigpend, .pr_sighold = f->sighold, .pr_pid = tid,
        .pr_ppid = (int)host_syscall0(SYS_getppid), .pr_pgrp = (int)host_syscall1(SYS_getpgid, 0),
        .pr_sid = (int)host_syscall1(SYS_getsid, 0), .pr_fpvalid = 1,
    };
    /* the group leader's times are the whole process's (fill_prstatus) */
    struct rusage ru, children;
    int who = tid == pid ? RUSAGE_SELF : RUSAGE_THREAD;
    if (host_syscall2(SYS_getrusage, who, HOST_ARG(&ru)) == 0) {
        s.pr_utime = timeval_of(ru.ru_utime);
        s.pr_stime = timeval_of(ru.ru_stime);
    }
    if (host_syscall2(SYS_getrusage, RUSAGE_CHILDREN, HOST_ARG(&children)) == 0) {
        s.pr_cutime = timeval_of(children.ru_utime);
        s.pr_cstime = timeval_of(children.ru_stime);
    }
    s.pr_reg[0] = cpu->pc;
    for (int i = 1; i < 32; i++)
        s.pr_reg[i] = cpu->x[i];
    note(o, RV_NT_PRSTATUS, &s, sizeof s);
}

/* pr_psargs: the arguments with NULs as spaces, as much as fits (fill_psinfo). */
static void copy_psargs(char *dst, const struct rv_core_facts *f)
{
    uint64_t n = f->arg_end > f->arg_start ? f->arg_end - f->arg_start : 0;
    if (n >= RV_ELF_PRARGSZ)
        n = RV_ELF_PRARGSZ - 1;
    if (n && guest_as_accessible(f->arg_start, n, PROT_READ))
        memcpy(dst, (const void *)(uintptr_t)f->arg_start, n);
    for (uint64_t i = 0; i + 1 < n; i++)
        if (dst[i] == '\0')
            dst[i] = ' ';
}

static void prpsinfo_note(struct core_out *o, const struct rv_core_facts *f)
{
    struct rv_elf_prpsinfo p = {
        .pr_state = 0, .pr_sname = 'R',
        .pr_uid = (uint32_t)host_syscall0(SYS_getuid),
        .pr_gid = (uint32_t)host_syscall0(SYS_getgid),
        .pr_pid = (int)host_syscall0(SYS_getpid), .pr_ppid = (int)host_syscall0(SYS_getppid),
        .pr_pgrp = (int)host_syscall1(SYS_getpgid, 0), .pr_sid = (int)host_syscall1(SYS_getsid, 0),
    };
    p.pr_nice = (char)(20 - host_syscall2(SYS_getpriority, PRIO_PROCESS, 0));
    (void)host_syscall5(SYS_prctl, PR_GET_NAME, HOST_ARG(p.pr_fname), 0, 0, 0);
    copy_psargs(p.pr_psargs, f);
    note(o, RV_NT_PRPSINFO, &p, sizeof p);
}

static void fpregset_note(struct core_out *o, const struct rv_cpu *cpu)
{
    struct rv_elf_fpregset fp = { .fcsr = (cpu->fflags & 0x1f) | (cpu->frm & 7) << 5 };
    memcpy(fp.f, cpu->f, sizeof fp.f);
    note(o, RV_NT_PRFPREG, &fp, sizeof fp);
}

static size_t notes_size(const struct vma_list *l, const struct rv_core_facts *f)
{
    return note_size(sizeof(struct rv_elf_prstatus)) + note_size(sizeof(struct rv_elf_prpsinfo))
           + note_size(sizeof(struct rv_siginfo)) + note_size(f->auxv_len)
           + note_size(file_note_desc(l)) + note_size(sizeof(struct rv_elf_fpregset));
}

/* In elf_core_dump's order: the dumping thread's status, then the process's notes, then the
 * thread's other register sets. */
static void write_notes(struct core_out *o, const struct vma_list *l, const struct rv_cpu *cpu,
                        const struct rv_core_facts *f)
{
    prstatus_note(o, cpu, f);
    prpsinfo_note(o, f);
    struct rv_siginfo si = { .signo = f->signo };
    note(o, RV_NT_SIGINFO, f->info ? f->info : &si, sizeof si);
    note_header(o, RV_NT_AUXV, f->auxv_len);
    if (f->auxv_len && guest_as_accessible(f->auxv, f->auxv_len, PROT_READ))
        out_put(o, (const void *)(uintptr_t)f->auxv, f->auxv_len);
    else
        out_zeros(o, f->auxv_len);
    out_zeros(o, ((f->auxv_len + 3) & ~(uint64_t)3) - f->auxv_len);
    file_note(o, l);
    fpregset_note(o, cpu);
}

/* ---- the file ---------------------------------------------------------------------------- */

static void write_headers(struct core_out *o, const struct vma_list *l, const uint64_t *sizes,
                          size_t notes)
{
    Elf64_Ehdr eh = {
        .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
        .e_type = ET_CORE, .e_machine = RV_EM_RISCV, .e_version = EV_CURRENT,
        .e_phoff = sizeof eh, .e_ehsize = sizeof eh, .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = (Elf64_Half)(l->n + 1),
    };
    out_put(o, &eh, sizeof eh);
    uint64_t offset = sizeof eh + (l->n + 1) * sizeof(Elf64_Phdr);
    Elf64_Phdr note_ph = { .p_type = PT_NOTE, .p_offset = offset, .p_filesz = notes, .p_align = 4 };
    out_put(o, &note_ph, sizeof note_ph);
    offset = (offset + notes + RV_CORE_PAGE - 1) & ~(uint64_t)(RV_CORE_PAGE - 1);
    for (size_t i = 0; i < l->n; i++) {
        const struct guest_vma *v = &l->v[i];
        Elf64_Phdr ph = {
            .p_type = PT_LOAD, .p_offset = offset, .p_vaddr = v->start, .p_filesz = sizes[i],
            .p_memsz = v->end - v->start, .p_align = RV_CORE_PAGE,
            .p_flags = ((v->prot & PROT_READ) ? PF_R : 0) | ((v->prot & PROT_WRITE) ? PF_W : 0)
                       | ((v->prot & PROT_EXEC) ? PF_X : 0),
        };
        out_put(o, &ph, sizeof ph);
        offset += sizes[i];
    }
}

static bool write_core(struct core_out *o, const struct vma_list *l, uint64_t *sizes,
                       const struct rv_cpu *cpu, const struct rv_core_facts *f)
{
    for (size_t i = 0; i < l->n; i++)
        sizes[i] = dump_size(&l->v[i], f->filter);
    size_t notes = notes_size(l, f);
    write_headers(o, l, sizes, notes);
    write_notes(o, l, cpu, f);
    uint64_t at = sizeof(Elf64_Ehdr) + (l->n + 1) * sizeof(Elf64_Phdr) + notes;
    out_zeros(o, ((at + RV_CORE_PAGE - 1) & ~(uint64_t)(RV_CORE_PAGE - 1)) - at);
    for (size_t i = 0; o->ok && i < l->n; i++)
        if (sizes[i])
            out_memory(o, l->v[i].start, sizes[i], l->v[i].flags & MAP_ANONYMOUS);
    out_flush(o);
    return o->ok;
}

bool rv_core_elf_write(int fd, uint64_t limit, const struct rv_cpu *cpu,
                       const struct rv_core_facts *facts)
{
    struct vma_list l;
    if (!snapshot(&l))
        return false;
    struct core_out o = { .fd = fd, .limit = limit, .ok = true };
    size_t sizes_bytes = (l.n * sizeof(uint64_t) + 4095) & ~(size_t)4095;
    long p = host_syscall6(SYS_mmap, 0, (long)(sizes_bytes ? sizes_bytes : 4096),
                           PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    bool ok = !(p < 0 && p > -4096)
              && (write_core(&o, &l, (uint64_t *)p, cpu, facts) || o.truncated);
    /* a file ending in a hole gets its size from its last segment */
    long pos = host_syscall3(SYS_lseek, fd, 0, SEEK_CUR);
    if (ok && pos > host_syscall3(SYS_lseek, fd, 0, SEEK_END))
        ok = host_syscall2(SYS_ftruncate, fd, pos) == 0;
    if (!(p < 0 && p > -4096))
        (void)host_syscall2(SYS_munmap, p, (long)(sizes_bytes ? sizes_bytes : 4096));
    (void)host_syscall2(SYS_munmap, HOST_ARG(l.v), (long)l.bytes);
    return ok;
}
