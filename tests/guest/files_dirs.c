/* files_dirs.c: file and directory syscalls on a private mkdtemp directory.
 * Covers open/write/read/lseek, fstat/stat/lstat sizes and modes, rename, unlink, mkdir, readdir (sorted,
 * since directory order is the filesystem's), rmdir, symlink/readlink, ftruncate, pread/pwrite, access,
 * chmod, utimensat, link, openat/fstatat relative to a directory fd. Every result is printed as a fact
 * derived from it (sizes, modes, byte sums), never as an address, inode number or time of day. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int failures;

#define CHECK(cond) do { if (!(cond)) { printf("FAIL line %d: %s (errno %s)\n", __LINE__, #cond, \
                                                 strerrorname(errno)); failures++; } } while (0)

static const char *strerrorname(int e)
{
    switch (e) {
    case 0: return "0";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    default: return "other";
    }
}

/* Evaluates EXPR with errno cleared, then prints its value and, on failure, the errno name. */
#define SHOW(label, expr) do { errno = 0; long r_ = (long)(expr); int e_ = errno; \
                               printf("%s: %ld errno %s\n", label, r_, r_ < 0 ? strerrorname(e_) : "-"); } while (0)

static unsigned long sum_bytes(const unsigned char *p, size_t n)
{
    unsigned long s = 0;
    for (size_t i = 0; i < n; i++)
        s = s * 31 + p[i];
    return s;
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    CHECK(d != NULL);
    if (!d)
        return;
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l'
                  : e->d_type == DT_UNKNOWN ? '?' : 'o';
        char buf[300];
        snprintf(buf, sizeof buf, "%s(%c)", e->d_name, type);
        names[n++] = strdup(buf);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmpstr);
    printf("readdir %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    umask(022);
    char tmpl[] = "files_dirs.XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return 1;
    CHECK(chdir(dir) == 0);

    /* write, read back, lseek in every whence */
    unsigned char data[10000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + (i >> 8));
    int fd = open("a.bin", O_CREAT | O_EXCL | O_RDWR, 0644);
    CHECK(fd >= 0);
    printf("write 10000: %zd\n", write(fd, data, sizeof data));
    printf("lseek SEEK_CUR 0: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    printf("lseek SEEK_SET 100: %ld\n", (long)lseek(fd, 100, SEEK_SET));
    unsigned char back[10000];
    memset(back, 0, sizeof back);
    printf("read 500 at 100: %zd\n", read(fd, back, 500));
    printf("bytes 100..599 match: %s\n", memcmp(back, data + 100, 500) == 0 ? "yes" : "no");
    printf("lseek SEEK_END -10: %ld\n", (long)lseek(fd, -10, SEEK_END));
    printf("read at end-10 asks 100 gets: %zd\n", read(fd, back, 100));
    printf("read at EOF: %zd\n", read(fd, back, 100));
    SHOW("lseek to -1", lseek(fd, -1, SEEK_SET));

    /* pread/pwrite do not move the offset */
    lseek(fd, 42, SEEK_SET);
    printf("pwrite 4 at 5000: %zd\n", pwrite(fd, "WXYZ", 4, 5000));
    char four[5] = { 0 };
    printf("pread 4 at 5000: %zd '%s'\n", pread(fd, four, 4, 5000), four);
    printf("offset after pread/pwrite: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    memcpy(data + 5000, "WXYZ", 4);

    /* fstat size, then ftruncate shrink and grow */
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("fstat size %ld mode %o regular %s\n", (long)st.st_size, st.st_mode & 07777,
           S_ISREG(st.st_mode) ? "yes" : "no");
    printf("blksize > 0: %s\n", st.st_blksize > 0 ? "yes" : "no");
    CHECK(ftruncate(fd, 3000) == 0);
    CHECK(fstat(fd, &st) == 0);
    printf("after ftruncate 3000: size %ld\n", (long)st.st_size);
    CHECK(ftruncate(fd, 12000) == 0);
    CHECK(fstat(fd, &st) == 0);
    printf("after ftruncate 12000: size %ld\n", (long)st.st_size);
    memset(back, 0xff, sizeof back);
    printf("pread 10000 at 0: %zd\n", pread(fd, back, 10000, 0));
    int zeros = 1;
    for (int i = 3000; i < 10000; i++)
        zeros &= back[i] == 0;
    printf("first 3000 kept: %s, rest zero: %s, sum %lu\n", memcmp(back, data, 3000) == 0 ? "yes" : "no",
           zeros ? "yes" : "no", sum_bytes(back, 10000));
    CHECK(close(fd) == 0);
    SHOW("close twice", close(fd));

    /* stat by path, lstat of a symlink, readlink */
    CHECK(symlink("a.bin", "link") == 0);
    CHECK(stat("link", &st) == 0);
    printf("stat via symlink: size %ld regular %s\n", (long)st.st_size, S_ISREG(st.st_mode) ? "yes" : "no");
    CHECK(lstat("link", &st) == 0);
    printf("lstat symlink: is link %s size %ld\n", S_ISLNK(st.st_mode) ? "yes" : "no", (long)st.st_size);
    char target[64];
    ssize_t n = readlink("link", target, sizeof target - 1);
    if (n >= 0)
        target[n] = 0;
    printf("readlink: %zd '%s'\n", n, n >= 0 ? target : "");
    SHOW("readlink regular file", readlink("a.bin", target, sizeof target));
    n = readlink("link", target, 3);
    printf("readlink short buffer: %zd\n", n);

    /* hard link count */
    CHECK(link("a.bin", "hard") == 0);
    CHECK(stat("a.bin", &st) == 0);
    printf("nlink after link: %ld\n", (long)st.st_nlink);
    CHECK(unlink("hard") == 0);
    CHECK(stat("a.bin", &st) == 0);
    printf("nlink after unlink: %ld\n", (long)st.st_nlink);

    /* rename, mkdir, nested files, readdir, rmdir of a non-empty and an empty directory */
    CHECK(rename("a.bin", "b.bin") == 0);
    SHOW("stat old name", stat("a.bin", &st));
    printf("stat new name: %d\n", stat("b.bin", &st));
    CHECK(mkdir("sub", 0755) == 0);
    SHOW("mkdir again", mkdir("sub", 0755));
    const char *names[] = { "sub/zeta", "sub/alpha", "sub/Mid", "sub/_under", "sub/1num" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int f = open(names[i], O_CREAT | O_WRONLY | O_TRUNC, 0600);
        CHECK(f >= 0);
        CHECK(write(f, names[i], strlen(names[i])) == (ssize_t)strlen(names[i]));
        close(f);
    }
    CHECK(mkdir("sub/inner", 0700) == 0);
    CHECK(symlink("../b.bin", "sub/up") == 0);
    list_dir("sub");
    list_dir(".");
    SHOW("rmdir non-empty", rmdir("sub"));
    SHOW("unlink a directory", unlink("sub/inner"));
    CHECK(rmdir("sub/inner") == 0);

    /* openat / fstatat relative to a directory fd */
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    CHECK(fstatat(dfd, "alpha", &st, 0) == 0);
    printf("fstatat sub/alpha: size %ld mode %o\n", (long)st.st_size, st.st_mode & 07777);
    int f = openat(dfd, "Mid", O_RDONLY);
    char buf[64] = { 0 };
    printf("openat+read sub/Mid: %zd '%s'\n", read(f, buf, sizeof buf - 1), buf);
    close(f);
    CHECK(fstatat(dfd, "up", &st, AT_SYMLINK_NOFOLLOW) == 0);
    printf("fstatat nofollow up: link %s\n", S_ISLNK(st.st_mode) ? "yes" : "no");
    SHOW("open ENOTDIR", openat(dfd, "alpha/x", O_RDONLY));

    /* access and chmod */
    printf("access b.bin R_OK|W_OK: %d\n", access("b.bin", R_OK | W_OK));
    printf("access b.bin X_OK fails: %s\n", access("b.bin", X_OK) != 0 ? "yes" : "no");
    SHOW("access missing", access("missing", F_OK));
    CHECK(chmod("b.bin", 0751) == 0);
    CHECK(stat("b.bin", &st) == 0);
    printf("after chmod 0751: %o\n", st.st_mode & 07777);
    CHECK(fchmodat(dfd, "zeta", 0604, 0) == 0);
    CHECK(fstatat(dfd, "zeta", &st, 0) == 0);
    printf("after fchmodat 0604: %o\n", st.st_mode & 07777);

    /* utimensat: exact times read back, UTIME_OMIT keeps one */
    struct timespec ts[2] = { { 1000000000, 123456789 }, { 1500000000, 987654321 } };
    CHECK(utimensat(AT_FDCWD, "b.bin", ts, 0) == 0);
    CHECK(stat("b.bin", &st) == 0);
    printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec ts2[2] = { { 0, UTIME_OMIT }, { 1600000000, 5 } };
    CHECK(utimensat(AT_FDCWD, "b.bin", ts2, 0) == 0);
    CHECK(stat("b.bin", &st) == 0);
    printf("after UTIME_OMIT atime %ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec,
           st.st_mtim.tv_nsec);

    /* O_APPEND and O_TRUNC */
    f = open("b.bin", O_WRONLY | O_APPEND);
    CHECK(write(f, "tail", 4) == 4);
    CHECK(fstat(f, &st) == 0);
    printf("O_APPEND size %ld\n", (long)st.st_size);
    close(f);
    f = open("b.bin", O_WRONLY | O_TRUNC);
    CHECK(fstat(f, &st) == 0);
    printf("O_TRUNC size %ld\n", (long)st.st_size);
    close(f);

    /* clean up everything, then the directory itself must be removable */
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK(unlinkat(dfd, names[i] + 4, 0) == 0);
    CHECK(unlinkat(dfd, "up", 0) == 0);
    close(dfd);
    CHECK(rmdir("sub") == 0);
    CHECK(unlink("b.bin") == 0);
    CHECK(unlink("link") == 0);
    list_dir(".");
    CHECK(chdir("..") == 0);
    CHECK(rmdir(dir) == 0);
    printf("failures: %d\n", failures);
    return failures != 0;
}
