/* proc_riscv.c: the /proc facts only a riscv64 machine shows: cpuinfo describes riscv64 harts, every
 * mapping lies in the Sv39 user range and belongs to the guest (none of the runner's own code or x86-64
 * libraries), and shared objects are named by the paths the guest itself uses (no -L sysroot prefix).
 * The output is the same for the static and the dynamic build, so one golden file serves both.
 * guest-test: golden
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const char *yes(int c)
{
    return c ? "yes" : "no";
}

static char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ssize_t r;
    while (buf && (r = read(fd, buf + n, cap - n - 1)) > 0) {
        n += (size_t)r;
        if (cap - n - 1 < 1024)
            buf = realloc(buf, cap *= 2);
    }
    close(fd);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

static void check_cpuinfo(void)
{
    char *ci = slurp("/proc/cpuinfo");
    int isa = 0, mmu = 0, harts = 0, processors = 0;
    for (char *l = ci; l && *l;) {
        char *nl = strchr(l, '\n');
        if (nl)
            *nl = '\0';
        if (strncmp(l, "processor\t: ", 12) == 0)
            processors++;
        if (strncmp(l, "hart\t\t: ", 8) == 0)
            harts++;
        if (strncmp(l, "isa\t\t: ", 7) == 0)
            isa += strncmp(l + 7, "rv64imafdc", 10) == 0;
        if (strcmp(l, "mmu\t\t: sv39") == 0)
            mmu++;
        l = nl ? nl + 1 : NULL;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    printf("cpuinfo: one block per CPU: %s\n", yes(processors == n && harts == n));
    printf("cpuinfo: every isa line starts with rv64imafdc: %s, every mmu is sv39: %s\n",
           yes(isa == n), yes(mmu == n));
    free(ci);
}

/* PT_INTERP of the running program, or "" for a static one. */
static const char *interp(void)
{
    const ElfW(Phdr) *ph = (const void *)getauxval(AT_PHDR);
    size_t n = getauxval(AT_PHNUM);
    uintptr_t bias = 0;
    for (size_t i = 0; i < n; i++)
        if (ph[i].p_type == PT_PHDR)
            bias = (uintptr_t)ph - ph[i].p_vaddr;
    for (size_t i = 0; i < n; i++)
        if (ph[i].p_type == PT_INTERP)
            return (const char *)(bias + ph[i].p_vaddr);
    return "";
}

static void check_maps(void)
{
    char *maps = slurp("/proc/self/maps");
    char exe[PATH_MAX];
    ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[el > 0 ? el : 0] = '\0';
    const char *ld = interp();
    int below = 1, runner = 0, exe_seen = 0, ld_seen = 0, libc_seen = 0, sysroot = 0, objects = 0;
    int files = 0, files_ok = 0;
    for (char *l = maps; l && *l;) {
        char *nl = strchr(l, '\n');
        if (nl)
            *nl = '\0';
        unsigned long lo, hi, ino;
        unsigned maj, mnr;
        int pos = 0;
        if (sscanf(l, "%lx-%lx %*4s %*x %x:%x %lu %n", &lo, &hi, &maj, &mnr, &ino, &pos) >= 5) {
            const char *name = pos ? l + pos : "";
            below &= hi <= (1UL << 38);
            runner |= ends_with(name, "/crossrun") || strstr(name, "x86_64") != NULL;
            exe_seen |= strcmp(name, exe) == 0;
            ld_seen |= *ld && strcmp(name, ld) == 0;
            libc_seen |= ends_with(name, "/libc.so.6");
            sysroot |= strncmp(name, "/usr/riscv64-linux-gnu/", 23) == 0;
            objects |= strstr(name, ".so") != NULL;
            if (name[0] == '/') {
                struct stat st;
                files++;
                files_ok += stat(name, &st) == 0 && st.st_ino == ino && major(st.st_dev) == maj
                            && minor(st.st_dev) == mnr;
            }
        }
        l = nl ? nl + 1 : NULL;
    }
    printf("maps: every mapping ends at or below 2^38 (Sv39): %s\n", yes(below));
    printf("maps: no mapping of the runner or of x86-64 libraries: %s\n", yes(!runner));
    printf("maps: the program appears as readlink(/proc/self/exe): %s\n", yes(exe_seen));
    printf("maps: shared objects match the link type (dynamic: ld.so by its PT_INTERP path and libc.so.6;"
           " static: none): %s\n", yes(*ld ? ld_seen && libc_seen : !objects));
    printf("maps: no name carries the -L sysroot prefix: %s\n", yes(!sysroot));
    printf("maps: every file named opens in the guest with the dev:inode shown: %s\n",
           yes(files > 0 && files_ok == files));
    free(maps);
}

int main(void)
{
    check_cpuinfo();
    check_maps();
    return 0;
}
