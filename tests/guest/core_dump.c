/* core_dump.c: a child killed by a signal that dumps core leaves a core file where the kernel
 * writes one, and its parent sees WCOREDUMP. Each child chdirs to a fresh directory, sets
 * RLIMIT_CORE and dies: by abort(), by a NULL store in crash_here(), by the same with
 * RLIMIT_CORE 0 (no file, no flag), by SIGTERM (no core), and with a limit too small for the
 * core (the kernel leaves what fits, and no flag). The parent reads the core back: an ELF
 * ET_CORE of this machine whose NT_PRSTATUS pc lies in crash_here() and whose PT_LOAD holding
 * a global has the value the child stored there.
 *
 * The files are looked for only when core_pattern is a plain name (no '|', no '/'): a pipe
 * hands the core to a helper and an absolute path puts it elsewhere, and then those lines say
 * "skipped", natively and under crossrun alike.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__riscv)
#define THIS_MACHINE EM_RISCV
#define PC_INDEX 0           /* user_regs_struct: pc, ra, sp ... */
#elif defined(__x86_64__)
#define THIS_MACHINE EM_X86_64
#define PC_INDEX 16          /* user_regs_struct: r15 ... orig_rax, rip */
#else
#error "a machine this test knows"
#endif
#define PRSTATUS_REG_OFFSET 112   /* elf_prstatus_common on 64-bit machines */

static volatile uint64_t marker;

static __attribute__((noinline)) void crash_here(volatile int *p)
{
    *p = 1;
}

static void die_abort(void) { abort(); }
static void die_null(void) { marker = 0x5eed1e55c0ffee00ull; crash_here(NULL); }
static void die_term(void) { raise(SIGTERM); }

/* The core file in dir (the only entry there), its size in *size; NULL when none. */
static char *find_core(const char *dir, off_t *size)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *found = NULL;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (asprintf(&found, "%s/%s", dir, e->d_name) < 0)
            found = NULL;
        break;
    }
    if (d)
        closedir(d);
    struct stat st;
    if (found && stat(found, &st) == 0)
        *size = st.st_size;
    return found;
}

/* The core's ELF header and program headers; checks it is ET_CORE of this machine. */
static int read_core(int fd, Elf64_Ehdr *eh, Elf64_Phdr *ph, int cap)
{
    if (pread(fd, eh, sizeof *eh, 0) != sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0
        || eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_CORE
        || eh->e_machine != THIS_MACHINE || eh->e_phnum > cap)
        return -1;
    if (pread(fd, ph, eh->e_phnum * sizeof *ph, (off_t)eh->e_phoff)
        != (ssize_t)(eh->e_phnum * sizeof *ph))
        return -1;
    return eh->e_phnum;
}

/* The pc in the first NT_PRSTATUS note, 0 when there is none. */
static uint64_t prstatus_pc(int fd, const Elf64_Phdr *note)
{
    static char buf[1 << 16];
    size_t n = note->p_filesz < sizeof buf ? note->p_filesz : sizeof buf;
    if (pread(fd, buf, n, (off_t)note->p_offset) != (ssize_t)n)
        return 0;
    for (size_t off = 0; off + sizeof(Elf64_Nhdr) <= n;) {
        Elf64_Nhdr *h = (Elf64_Nhdr *)(buf + off);
        size_t desc = off + sizeof *h + ((h->n_namesz + 3) & ~3u);
        if (h->n_type == NT_PRSTATUS && desc + PRSTATUS_REG_OFFSET + 8 * (PC_INDEX + 1) <= n) {
            uint64_t pc;
            memcpy(&pc, buf + desc + PRSTATUS_REG_OFFSET + 8 * PC_INDEX, 8);
            return pc;
        }
        off = desc + ((h->n_descsz + 3) & ~3u);
    }
    return 0;
}

/* The word at guest address a as the core holds it (0 when no PT_LOAD has it in the file). */
static uint64_t core_word(int fd, const Elf64_Phdr *ph, int n, uint64_t a)
{
    for (int i = 0; i < n; i++) {
        if (ph[i].p_type == PT_LOAD && a >= ph[i].p_vaddr
            && a + 8 <= ph[i].p_vaddr + ph[i].p_filesz) {
            uint64_t v = 0;
            if (pread(fd, &v, 8, (off_t)(ph[i].p_offset + (a - ph[i].p_vaddr))) != 8)
                return 0;
            return v;
        }
    }
    return 0;
}

static void check_core(const char *path, bool null_deref)
{
    Elf64_Ehdr eh;
    static Elf64_Phdr ph[4096];
    int fd = open(path, O_RDONLY);
    int n = fd < 0 ? -1 : read_core(fd, &eh, ph, 4096);
    printf("  an ELF core of this machine: %s\n", n > 0 ? "yes" : "no");
    if (n > 0 && null_deref) {
        uint64_t pc = 0;
        for (int i = 0; i < n && !pc; i++)
            if (ph[i].p_type == PT_NOTE)
                pc = prstatus_pc(fd, &ph[i]);
        uintptr_t f = (uintptr_t)crash_here;
        printf("  NT_PRSTATUS pc in crash_here: %s\n", pc >= f && pc < f + 64 ? "yes" : "no");
        printf("  the global's value in its PT_LOAD: %s\n",
               core_word(fd, ph, n, (uintptr_t)&marker) == 0x5eed1e55c0ffee00ull ? "yes" : "no");
    }
    if (fd >= 0)
        close(fd);
}

static void run(const char *what, void (*die)(void), rlim_t limit, bool look, bool null_deref)
{
    char dir[] = "/tmp/core_dump_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl;
        getrlimit(RLIMIT_CORE, &rl);
        rl.rlim_cur = limit == RLIM_INFINITY ? rl.rlim_max
                      : rl.rlim_max != RLIM_INFINITY && rl.rlim_max < limit ? rl.rlim_max : limit;
        if (setrlimit(RLIMIT_CORE, &rl) != 0 || chdir(dir) != 0)
            _exit(99);
        die();
        _exit(98);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("%s: signaled %s by %s", what, WIFSIGNALED(st) ? "yes" : "no",
           WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "-");
    off_t size = 0;
    char *core = find_core(dir, &size);
    if (!look) {
        printf(", core: skipped\n");
    } else {
        printf(", core dumped %s, core file %s\n", WCOREDUMP(st) ? "yes" : "no",
               core ? "yes" : "no");
        if (core && limit != RLIM_INFINITY)
            printf("  within the limit: %s\n", size <= (off_t)limit ? "yes" : "no");
        else if (core)
            check_core(core, null_deref);
    }
    if (core)
        unlink(core);
    free(core);
    rmdir(dir);
}

int main(void)
{
    char pattern[256] = "";
    FILE *f = fopen("/proc/sys/kernel/core_pattern", "r");
    if (f && !fgets(pattern, sizeof pattern, f))
        pattern[0] = '\0';
    if (f)
        fclose(f);
    bool look = pattern[0] && pattern[0] != '\n' && !strchr(pattern, '|') && !strchr(pattern, '/');
    struct rlimit rl;
    getrlimit(RLIMIT_CORE, &rl);
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 16 << 20)
        look = false;   /* a hard limit that does not allow a whole core */
    run("abort", die_abort, RLIM_INFINITY, look, false);
    run("NULL store", die_null, RLIM_INFINITY, look, true);
    run("NULL store, RLIMIT_CORE 0", die_null, 0, look, false);
    run("SIGTERM", die_term, RLIM_INFINITY, look, false);
    run("NULL store, RLIMIT_CORE 8 kB", die_null, 8192, look, false);
    return 0;
}
