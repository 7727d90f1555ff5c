/* openat2.c: openat2 against the native kernel: a plain open read back, struct open_how's size
 * rules (too small, too large, a zeroed or non-zero tail, a tail that cannot be read), unknown
 * flags, modes and resolve bits, the order of its checks (flags before the path), O_CREAT's
 * mode, and the RESOLVE_* rules: BENEATH refusing ".." and absolute paths, NO_SYMLINKS and
 * NO_MAGICLINKS, IN_ROOT resolving "/" and absolute symlinks from the directory, NO_XDEV and
 * CACHED; the guest's own /proc/self/maps and /proc/self/exe as openat gives them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static long openat2(int dirfd, const char *path, const void *how, size_t size)
{
    return syscall(SYS_openat2, dirfd, path, how, size);
}

/* Prints an fd as "an fd" (closing it), or the errno's name. */
static void show(const char *what, long r)
{
    printf("%-44s %s\n", what, r >= 0 ? "an fd" : strerrorname_np(errno));
    if (r >= 0)
        close((int)r);
}

static void how_open(const char *what, int dirfd, const char *path, uint64_t flags,
                     uint64_t mode, uint64_t resolve)
{
    struct open_how how = { .flags = flags, .mode = mode, .resolve = resolve };
    show(what, openat2(dirfd, path, &how, sizeof how));
}

/* The first bytes of what openat2 opened, or its errno's name. */
static void show_read(const char *what, int dirfd, const char *path, uint64_t resolve)
{
    struct open_how how = { .flags = O_RDONLY, .resolve = resolve };
    long fd = openat2(dirfd, path, &how, sizeof how);
    char buf[32] = "";
    if (fd >= 0) {
        ssize_t n = read((int)fd, buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        close((int)fd);
    }
    printf("%-44s %s\n", what, fd >= 0 ? buf : strerrorname_np(errno));
}

static ssize_t slurp(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    for (ssize_t n; len < cap && (n = read(fd, buf + len, cap - len)) > 0;)
        len += (size_t)n;
    close(fd);
    return (ssize_t)len;
}

static void sizes(int dir)
{
    long page = sysconf(_SC_PAGESIZE);
    struct open_how how = { .flags = O_RDONLY };
    show("size 0", openat2(dir, "f", &how, 0));
    show("size 23", openat2(dir, "f", &how, 23));
    show("size 24", openat2(dir, "f", &how, 24));
    unsigned char big[64] = { 0 };
    memcpy(big, &how, sizeof how);
    show("size 64, zero tail", openat2(dir, "f", big, sizeof big));
    big[40] = 1;
    show("size 64, non-zero tail", openat2(dir, "f", big, sizeof big));
    show("size page + 1", openat2(dir, "f", big, (size_t)page + 1));
    /* a struct at the end of a page followed by an unmapped one */
    char *p = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    munmap(p + page, (size_t)page);
    char *at = p + page - sizeof how;
    memcpy(at, &how, sizeof how);
    show("size 24 at a page's end", openat2(dir, "f", at, sizeof how));
    show("size 32, tail unmapped", openat2(dir, "f", at, sizeof how + 8));
    char *at2 = p + page - sizeof how - 8;
    memset(at2, 0, sizeof how + 8);
    memcpy(at2, &how, sizeof how);
    show("size 32 at a page's end, zero tail", openat2(dir, "f", at2, sizeof how + 8));
    show("size 40, zero tail then unmapped", openat2(dir, "f", at2, sizeof how + 16));
    at2[sizeof how + 7] = 7;
    show("size 40, non-zero tail then unmapped", openat2(dir, "f", at2, sizeof how + 16));
    show("how unmapped", openat2(dir, "f", p + page, sizeof how));
    show("how NULL", openat2(dir, "f", NULL, sizeof how));
    munmap(p, (size_t)page);
}

static void flags(int dir)
{
    how_open("flags 1 << 40", dir, "f", 1ull << 40, 0, 0);
    how_open("flags 1 << 30", dir, "f", 1u << 30, 0, 0);
    how_open("flags O_RDONLY|O_CLOEXEC|O_NOATIME", dir, "f", O_CLOEXEC | O_NOATIME, 0, 0);
    how_open("resolve 0x40", dir, "f", O_RDONLY, 0, 0x40);
    how_open("resolve BENEATH|IN_ROOT", dir, "f", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT);
    how_open("mode without O_CREAT", dir, "f", O_RDONLY, 0600, 0);
    how_open("mode 010000 with O_CREAT", dir, "n", O_CREAT | O_WRONLY, 010000, 0);
    how_open("O_PATH|O_RDWR", dir, "f", O_PATH | O_RDWR, 0, 0);
    how_open("O_PATH|O_NOFOLLOW", dir, "f", O_PATH | O_NOFOLLOW, 0, 0);
    how_open("RESOLVE_CACHED with O_CREAT", dir, "f", O_CREAT | O_RDWR, 0600, RESOLVE_CACHED);
    how_open("bad flags, bad path", dir, (char *)8, 1ull << 40, 0, 0);
    how_open("bad mode, bad path", dir, (char *)8, O_RDONLY, 0600, 0);
    how_open("good flags, bad path", dir, (char *)8, O_RDONLY, 0, 0);
    how_open("good flags, NULL path", dir, NULL, O_RDONLY, 0, 0);
    how_open("good flags, empty path", dir, "", O_RDONLY, 0, 0);
    how_open("bad dirfd, relative path", 999, "f", O_RDONLY, 0, 0);
    how_open("bad dirfd, bad path", 999, (char *)8, O_RDONLY, 0, 0);
    char *longpath = malloc(5000);
    memset(longpath, 'a', 4999);
    longpath[4999] = '\0';
    how_open("bad flags, long path", dir, longpath, 1ull << 40, 0, 0);
    how_open("long path", dir, longpath, O_RDONLY, 0, 0);
    free(longpath);
}

static void creating(int dir)
{
    umask(022);
    struct open_how how = { .flags = O_CREAT | O_EXCL | O_RDWR, .mode = 0640 };
    long fd = openat2(dir, "made", &how, sizeof how);
    struct stat st;
    if (fd < 0 || fstat((int)fd, &st) < 0)
        printf("O_CREAT 0640: %s\n", strerrorname_np(errno));
    else
        printf("O_CREAT 0640: mode %o\n", st.st_mode & 07777);
    if (fd >= 0)
        close((int)fd);
    show("O_CREAT|O_EXCL again", openat2(dir, "made", &how, sizeof how));
    how.mode = 0777;
    how.flags = O_TMPFILE | O_RDWR;
    show("O_TMPFILE", openat2(dir, ".", &how, sizeof how));
}

static void resolving(int dir, const char *dirpath)
{
    show_read("plain", dir, "f", 0);
    show_read("BENEATH sub/../f", dir, "sub/../f", RESOLVE_BENEATH);
    show_read("BENEATH ../x", dir, "../x", RESOLVE_BENEATH);
    show_read("BENEATH /etc/passwd", dir, "/etc/passwd", RESOLVE_BENEATH);
    show_read("BENEATH link to ../", dir, "up/x", RESOLVE_BENEATH);
    show_read("BENEATH absolute link", dir, "abs", RESOLVE_BENEATH);
    show_read("no flags, relative link", dir, "rel", 0);
    show_read("NO_SYMLINKS relative link", dir, "rel", RESOLVE_NO_SYMLINKS);
    show_read("NO_MAGICLINKS relative link", dir, "rel", RESOLVE_NO_MAGICLINKS);
    how_open("NO_SYMLINKS link, O_PATH|O_NOFOLLOW", dir, "rel", O_PATH | O_NOFOLLOW, 0,
             RESOLVE_NO_SYMLINKS);
    show_read("IN_ROOT /f", dir, "/f", RESOLVE_IN_ROOT);
    show_read("IN_ROOT /../../f", dir, "/../../f", RESOLVE_IN_ROOT);
    show_read("IN_ROOT absolute link to /f", dir, "abs", RESOLVE_IN_ROOT);
    show_read("IN_ROOT /etc/passwd", dir, "/etc/passwd", RESOLVE_IN_ROOT);
    show_read("no flags, absolute link", dir, "abs", 0);
    char full[256];
    snprintf(full, sizeof full, "%s/f", dirpath);
    show_read("absolute path", AT_FDCWD, full, 0);
    show_read("absolute path, NO_SYMLINKS", AT_FDCWD, full, RESOLVE_NO_SYMLINKS);
    show_read("CACHED", dir, "f", RESOLVE_CACHED);
    show_read("NO_XDEV", dir, "f", RESOLVE_NO_XDEV);
    show_read("NO_XDEV /proc/self/maps", AT_FDCWD, "/proc/self/maps", RESOLVE_NO_XDEV);
    show_read("NO_SYMLINKS /proc/self/maps", AT_FDCWD, "/proc/self/maps", RESOLVE_NO_SYMLINKS);
    show_read("NO_MAGICLINKS /proc/self/exe", AT_FDCWD, "/proc/self/exe", RESOLVE_NO_MAGICLINKS);
    show_read("NO_SYMLINKS /proc/self/exe", AT_FDCWD, "/proc/self/exe", RESOLVE_NO_SYMLINKS);
}

/* The guest's own /proc files come from openat2 as from openat. */
static void proc_files(void)
{
    static char a[1 << 16], b[1 << 16];
    struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };
    long fd2 = openat2(AT_FDCWD, "/proc/self/maps", &how, sizeof how);
    int fd1 = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    ssize_t n1 = fd1 >= 0 ? slurp(fd1, a, sizeof a) : -1;
    ssize_t n2 = fd2 >= 0 ? slurp((int)fd2, b, sizeof b) : -1;
    printf("/proc/self/maps as open's: %s\n", n1 > 0 && n1 == n2 && !memcmp(a, b, (size_t)n1) ?
           "yes" : "no");
    struct stat s1, s2;
    fd2 = openat2(AT_FDCWD, "/proc/self/exe", &how, sizeof how);
    fd1 = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    int same = fd1 >= 0 && fd2 >= 0 && fstat(fd1, &s1) == 0 && fstat((int)fd2, &s2) == 0 &&
               s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev;
    printf("/proc/self/exe as open's: %s\n", same ? "yes" : "no");
    close(fd1);
    close((int)fd2);
}

int main(void)
{
    char tmpl[] = "/tmp/openat2.XXXXXX";
    char *dirpath = mkdtemp(tmpl);
    char path[256];
    snprintf(path, sizeof path, "%s/f", dirpath);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    if (fd < 0 || write(fd, "inside\n", 7) != 7)
        return 1;
    close(fd);
    snprintf(path, sizeof path, "%s/sub", dirpath);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/rel", dirpath);
    if (symlink("f", path) < 0)
        return 1;
    snprintf(path, sizeof path, "%s/abs", dirpath);
    if (symlink("/f", path) < 0)
        return 1;
    snprintf(path, sizeof path, "%s/up", dirpath);
    if (symlink("..", path) < 0)
        return 1;
    int dir = open(dirpath, O_RDONLY | O_DIRECTORY);
    sizes(dir);
    flags(dir);
    creating(dir);
    resolving(dir, dirpath);
    proc_files();
    const char *names[] = { "f", "rel", "abs", "up", "made", "n" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unlinkat(dir, names[i], 0);
    unlinkat(dir, "sub", AT_REMOVEDIR);
    close(dir);
    rmdir(dirpath);
    return 0;
}
