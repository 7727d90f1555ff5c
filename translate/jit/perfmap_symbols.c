/*
 * translate/jit/perfmap_symbols.c - guest pc -> "function+0xoff [file]" (perfmap_symbols.h).
 *
 * Two caches, both filled on demand under the translator's lock (a fork child inherits them):
 * - the readable mappings of the guest range from /proc/self/maps, read again when a pc lies
 *   outside all of them or when the guest's own mapping table (mem/addrspace.h, current at every
 *   guest mmap and munmap) disagrees with the cached mapping at pc: anonymous memory where a file
 *   was, or a file at another offset (ld.so maps ld.so.cache at start-up and unmaps it, and a
 *   guest's JIT buffer may land there later). A file replaced by another at the same address
 *   and offset (dlclose, then dlopen of another library there) is not noticed: a rare case;
 * - per file (device, inode and path from the maps line), its PT_LOAD segments and its function
 *   symbols sorted by address, one per address. The file is opened by path and used only when
 *   its device and inode still match the maps line, so a file replaced on disk since it was
 *   mapped, a deleted one ("(deleted)") or an unreadable one has no symbols: its pcs are named
 *   "guest:0xPC [file]". Everything that can fail falls back to a name, never to an error.
 */
#include "translate/jit/perfmap_symbols.h"

#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mem/addrspace.h"

struct load_seg {
    uint64_t offset, filesz, vaddr;    /* a PT_LOAD: file bytes [offset, +filesz) at vaddr */
};

struct func_sym {
    uint64_t value, size;              /* the ELF's address of the function and its size (0:
                                        * unknown, then it reaches the next symbol) */
    size_t name;                       /* offset in the file's name pool */
    int rank;                          /* which of several symbols at one address names it */
    bool ifunc;                        /* STT_GNU_IFUNC: the address of a resolver */
};

/* For rv_guest_libc_entry: SYMS_SKIPPED, not read, the file being no C library; SYMS_PARTIAL,
 * only the symbols it asked for. rv_perfmap_name reads both again in full. */
enum sym_state { SYMS_UNREAD, SYMS_READ, SYMS_NONE, SYMS_SKIPPED, SYMS_PARTIAL };

struct mapped_file {
    dev_t dev;
    ino_t ino;
    char *path;                        /* as /proc/self/maps shows it, " (deleted)" cut off */
    const char *base;                  /* its last component: the [file] of a name */
    bool deleted;
    bool libc;                         /* glibc: libc.so.*, or a program that links it statically
                                        * (defines __libc_start_main) */
    enum sym_state state;
    struct load_seg *loads;
    size_t n_loads;
    struct func_sym *syms;
    size_t n_syms;
    char *names;
};

struct mapping {
    uint64_t start, end, offset;       /* [start, end) maps the file from offset */
    int file;                          /* index in files[], -1: not a file ([heap], anonymous) */
    bool trusted;                      /* disagrees with the guest's table even when just read
                                        * (shared anonymous memory shows as "/dev/zero"): used
                                        * as it is until the maps are read again */
};

static struct mapped_file *files;
static size_t n_files, cap_files;
static struct mapping *maps;
static size_t n_maps;

/* ---- the files ----------------------------------------------------------------------------- */

static int file_index(dev_t dev, ino_t ino, const char *path)
{
    static const char deleted[] = " (deleted)";
    size_t len = strlen(path), dl = sizeof deleted - 1;
    bool is_deleted = len > dl && strcmp(path + len - dl, deleted) == 0;
    if (is_deleted)
        len -= dl;
    for (size_t i = 0; i < n_files; i++)
        if (files[i].dev == dev && files[i].ino == ino && files[i].deleted == is_deleted &&
            strncmp(files[i].path, path, len) == 0 && files[i].path[len] == '\0')
            return (int)i;
    if (n_files == cap_files) {
        size_t cap = cap_files ? cap_files * 2 : 16;
        struct mapped_file *f = realloc(files, cap * sizeof *f);
        if (!f)
            return -1;
        files = f;
        cap_files = cap;
    }
    char *copy = strndup(path, len);
    if (!copy)
        return -1;
    const char *slash = strrchr(copy, '/');
    files[n_files] = (struct mapped_file){ .dev = dev, .ino = ino, .path = copy,
                                           .base = slash ? slash + 1 : copy,
                                           .deleted = is_deleted,
                                           .state = is_deleted ? SYMS_NONE : SYMS_UNREAD };
    return (int)n_files++;
}

/* Lower ranks name an address first: the name with fewer leading underscores (fflush, not
 * _IO_fflush; memcpy, not __GI_memcpy), then global before weak before local, then the shorter
 * name. */
static int sym_rank(unsigned bind, const char *name)
{
    int underscores = 0;
    while (name[underscores] == '_' && underscores < 9)
        underscores++;
    int b = bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 1 : 2;
    size_t len = strlen(name);
    return underscores * 100000 + b * 10000 + (int)(len < 9999 ? len : 9999);
}

static int sym_order(const void *a, const void *b)
{
    const struct func_sym *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Appends one symbol and its name to f's tables; false when out of memory. */
static bool add_sym(struct mapped_file *f, const GElf_Sym *s, const char *name,
                    size_t *cap_syms, size_t *pool_len, size_t *cap_pool)
{
    size_t len = strlen(name) + 1;
    if (f->n_syms == *cap_syms) {
        size_t cap = *cap_syms ? *cap_syms * 2 : 1024;
        struct func_sym *n = realloc(f->syms, cap * sizeof *n);
        if (!n)
            return false;
        f->syms = n;
        *cap_syms = cap;
    }
    if (*pool_len + len > *cap_pool) {
        size_t cap = (*cap_pool ? *cap_pool * 2 : 16384) + len;
        char *n = realloc(f->names, cap);
        if (!n)
            return false;
        f->names = n;
        *cap_pool = cap;
    }
    memcpy(f->names + *pool_len, name, len);
    f->syms[f->n_syms++] = (struct func_sym){ .value = s->st_value, .size = s->st_size,
                                              .name = *pool_len,
                                              .rank = sym_rank(GELF_ST_BIND(s->st_info), name),
                                              .ifunc = GELF_ST_TYPE(s->st_info) == STT_GNU_IFUNC };
    *pool_len += len;
    return true;
}

/* The functions of one symbol table section. */
static bool read_syms(struct mapped_file *f, Elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
                      bool (*keep)(const char *name))
{
    Elf_Data *data = elf_getdata(scn, NULL);
    if (!data || !sh->sh_entsize)
        return false;
    size_t n = sh->sh_size / sh->sh_entsize, cap_syms = 0, pool_len = 0, cap_pool = 0;
    for (size_t i = 0; i < n; i++) {
        GElf_Sym s;
        if (!gelf_getsym(data, (int)i, &s))
            break;
        unsigned type = GELF_ST_TYPE(s.st_info);
        if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s.st_shndx == SHN_UNDEF ||
            s.st_value == 0)
            continue;
        const char *name = elf_strptr(e, sh->sh_link, s.st_name);
        if (!name || !*name)
            continue;
        if (strcmp(name, "__libc_start_main") == 0)
            f->libc = true;
        if (keep && !keep(name))
            continue;
        if (!add_sym(f, &s, name, &cap_syms, &pool_len, &cap_pool))
            return false;
    }
    return f->n_syms > 0;
}

/* Sorts the symbols by address and keeps the best named one of each address. */
static void dedup_syms(struct mapped_file *f)
{
    qsort(f->syms, f->n_syms, sizeof *f->syms, sym_order);
    size_t w = 0;
    for (size_t r = 0; r < f->n_syms; r++)
        if (w == 0 || f->syms[w - 1].value != f->syms[r].value)
            f->syms[w++] = f->syms[r];
    f->n_syms = w;
}

static bool read_loads(struct mapped_file *f, Elf *e)
{
    size_t n;
    if (elf_getphdrnum(e, &n) != 0 || n == 0)
        return false;
    f->loads = calloc(n, sizeof *f->loads);
    if (!f->loads)
        return false;
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD)
            f->loads[f->n_loads++] = (struct load_seg){ ph.p_offset, ph.p_filesz, ph.p_vaddr };
    }
    return f->n_loads > 0;
}

/* .symtab when the file has one with functions (static ones too), else .dynsym (the exported
 * ones: what a stripped library still has). */
static bool read_symbol_table(struct mapped_file *f, Elf *e, bool (*keep)(const char *name))
{
    static const unsigned order[] = { SHT_SYMTAB, SHT_DYNSYM };
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
            GElf_Shdr sh;
            if (!gelf_getshdr(scn, &sh))
                return false;
            if (sh.sh_type != order[k])
                continue;
            if (read_syms(f, e, scn, &sh, keep))
                return true;
            f->n_syms = 0;  /* none there, or out of memory: try the next table */
        }
    }
    return false;
}

/* Frees f's segments and symbols (none read yet: nothing to free). */
static void drop_tables(struct mapped_file *f)
{
    free(f->loads);
    free(f->syms);
    free(f->names);
    f->loads = NULL, f->syms = NULL, f->names = NULL;
    f->n_loads = f->n_syms = 0;
}

/* Whether e may be glibc: libc.so.*, or a program (an entry point) with no ELF interpreter,
 * which may have linked it statically. Other files' symbols are not read for
 * rv_guest_libc_entry: a dynamic program's start-up maps a dozen of them. */
static bool may_be_libc(const struct mapped_file *f, Elf *e)
{
    if (strncmp(f->base, "libc.so.", 8) == 0)
        return true;
    GElf_Ehdr eh;
    size_t n;
    if (!gelf_getehdr(e, &eh) || eh.e_entry == 0 || elf_getphdrnum(e, &n) != 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_INTERP)
            return false;
    }
    return true;
}

/* Reads f's segments and symbols; any failure leaves it without symbols. With libc_keep (for
 * rv_guest_libc_entry), a file that cannot be glibc is left SYMS_SKIPPED instead, and of the
 * others only the symbols libc_keep wants are read (SYMS_PARTIAL: 3000 names of libc.so.6
 * copied and sorted cost a dynamic program's start-up 0.7 ms). */
static void load_file(struct mapped_file *f, bool (*libc_keep)(const char *name))
{
    f->state = SYMS_NONE;
    int fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return;
    struct stat st;
    Elf *e = NULL;
    /* only the file that is mapped: not one put at its path since */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == f->dev &&
        st.st_ino == f->ino && elf_version(EV_CURRENT) != EV_NONE)
        e = elf_begin(fd, ELF_C_READ, NULL);
    f->libc = false;
    if (e && elf_kind(e) == ELF_K_ELF && libc_keep && !may_be_libc(f, e)) {
        f->state = SYMS_SKIPPED;
    } else if (e && elf_kind(e) == ELF_K_ELF && read_loads(f, e) &&
               read_symbol_table(f, e, libc_keep)) {
        dedup_syms(f);
        f->libc |= strncmp(f->base, "libc.so.", 8) == 0;
        f->state = libc_keep ? SYMS_PARTIAL : SYMS_READ;
    }
    if (e)
        elf_end(e);
    close(fd);
    if (f->state != SYMS_READ && f->state != SYMS_PARTIAL)
        drop_tables(f);
}

/* ---- the mappings -------------------------------------------------------------------------- */

/* Parses one line of /proc/self/maps; false for lines to skip (outside the guest range, not
 * readable: a guest pc being translated is always in a readable mapping). */
static bool parse_maps_line(const char *line, struct mapping *m)
{
    unsigned long start, end, offset, ino;
    unsigned maj, min;
    char perms[5];
    int path_at = 0;
    if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &start, &end, perms, &offset, &maj, &min,
               &ino, &path_at) < 7 || perms[0] != 'r' || start >= GUEST_LIMIT)
        return false;
    *m = (struct mapping){ .start = start, .end = end, .offset = offset, .file = -1 };
    char path[4096];
    snprintf(path, sizeof path, "%s", line + path_at);
    path[strcspn(path, "\n")] = '\0';
    if (path[0] == '/' && ino != 0)
        m->file = file_index(makedev(maj, min), (ino_t)ino, path);
    return true;
}

/* Replaces the cached mappings with the current ones; keeps the old ones when the maps cannot
 * be read. */
static void reread_maps(void)
{
    FILE *in = fopen("/proc/self/maps", "re");
    if (!in)
        return;
    struct mapping *list = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    while (getline(&line, &line_cap, in) > 0) {
        struct mapping m;
        if (!parse_maps_line(line, &m))
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 64;
            struct mapping *l = realloc(list, c * sizeof *l);
            if (!l)
                break;
            list = l;
            cap = c;
        }
        list[n++] = m;
    }
    free(line);
    fclose(in);
    free(maps);
    maps = list;
    n_maps = n;
}

/* The cached mapping holding pc (the kernel lists them in address order), or NULL. */
static struct mapping *mapping_at(guest_addr pc)
{
    size_t lo = 0, hi = n_maps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pc < maps[mid].start)
            hi = mid;
        else if (pc >= maps[mid].end)
            lo = mid + 1;
        else
            return &maps[mid];
    }
    return NULL;
}

/* True when the cached mapping m still describes pc as far as the guest's table knows: both
 * anonymous, or both a file, at the same file offset for pc. Also true when the table has no
 * mapping there (memory the runner mapped itself, or a unit test's). */
static bool guest_table_agrees(const struct mapping *m, guest_addr pc)
{
    struct guest_vma v;
    if (!guest_as_vma_at(pc, &v))
        return true;
    bool anon = (v.flags & MAP_ANONYMOUS) != 0;
    if (anon || m->file < 0)
        return anon == (m->file < 0);
    return pc - v.start + v.offset == pc - m->start + m->offset;
}

/* ---- naming -------------------------------------------------------------------------------- */

/* The function symbol of f holding the ELF address vaddr, or NULL. */
static const struct func_sym *sym_at(const struct mapped_file *f, uint64_t vaddr)
{
    size_t lo = 0, hi = f->n_syms;  /* the first symbol above vaddr */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->syms[mid].value <= vaddr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const struct func_sym *s = &f->syms[lo - 1];
    return s->size == 0 || vaddr - s->value < s->size ? s : NULL;
}

/* The ELF address of file offset off, through f's PT_LOAD segments. */
static bool vaddr_of(const struct mapped_file *f, uint64_t off, uint64_t *vaddr)
{
    for (size_t i = 0; i < f->n_loads; i++)
        if (off >= f->loads[i].offset && off - f->loads[i].offset < f->loads[i].filesz) {
            *vaddr = f->loads[i].vaddr + (off - f->loads[i].offset);
            return true;
        }
    return false;
}

/* Control characters would break the line-per-translation format of the map file. */
static void sanitise(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

/* The symbol naming pc, its file and pc's ELF address there; the file alone (s NULL) when it
 * has no symbol at pc; neither when pc is not in a mapped file. */
static void lookup(guest_addr pc, bool (*libc_keep)(const char *name),
                   const struct mapped_file **file, const struct func_sym **sym, uint64_t *vaddr)
{
    struct mapping *m = mapping_at(pc);
    if (!m || (!m->trusted && !guest_table_agrees(m, pc))) {
        reread_maps();
        m = mapping_at(pc);
        if (m && !guest_table_agrees(m, pc))
            m->trusted = true;
    }
    struct mapped_file *f = m && m->file >= 0 ? &files[m->file] : NULL;
    bool partly = f && (f->state == SYMS_SKIPPED || f->state == SYMS_PARTIAL);
    if (f && (f->state == SYMS_UNREAD || (partly && !libc_keep))) {
        drop_tables(f);  /* SYMS_PARTIAL's, read again in full */
        load_file(f, libc_keep);
    }
    *file = f;
    *sym = NULL;
    if (f && (f->state == SYMS_READ || f->state == SYMS_PARTIAL) &&
        vaddr_of(f, pc - m->start + m->offset, vaddr))
        *sym = sym_at(f, *vaddr);
}

void rv_perfmap_name(guest_addr pc, char *buf, size_t cap)
{
    const struct mapped_file *f;
    const struct func_sym *s;
    uint64_t vaddr;
    lookup(pc, NULL, &f, &s, &vaddr);
    if (s)
        snprintf(buf, cap, "%s+0x%" PRIx64 " [%s]", f->names + s->name, vaddr - s->value,
                 f->base);
    else if (f)
        snprintf(buf, cap, "guest:0x%" PRIx64 " [%s]", (uint64_t)pc, f->base);
    else
        snprintf(buf, cap, "guest:0x%" PRIx64, (uint64_t)pc);
    sanitise(buf);
}

const char *rv_guest_libc_entry(guest_addr pc, bool (*keep)(const char *name))
{
    const struct mapped_file *f;
    const struct func_sym *s;
    uint64_t vaddr;
    lookup(pc, keep, &f, &s, &vaddr);
    return s && f->libc && !s->ifunc && vaddr == s->value ? f->names + s->name : NULL;
}
