/*
 * loader/interp.c - finding the program's ELF interpreter (PT_INTERP) and absolute guest paths
 * in the sysroot.
 *
 * A riscv64 program names its dynamic linker by its guest path (/lib/ld-linux-riscv64-lp64d.so.1);
 * on an x86-64 host that file lives under a sysroot (-L DIR). Like qemu-user, an absolute path
 * is looked up under the sysroot first and then as itself. Sysroots copied from a riscv64 system
 * often hold absolute symlinks (ld.so -> /lib/riscv64-linux-gnu/ld-...) that only make sense
 * inside the sysroot, so a final-component symlink that dangles on the host is followed within
 * the sysroot.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/elf.h"
#include "loader/loader.h"

#define DEFAULT_SYSROOT "/usr/riscv64-linux-gnu"
#define MAX_SYMLINKS 40

static int join(char *out, size_t cap, const char *a, const char *b)
{
    int n = snprintf(out, cap, "%s%s", a, b);
    return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

int rv_sysroot_path(const char *sysroot, const char *path, char *out, size_t cap)
{
    if (sysroot && *sysroot && path[0] == '/') {
        struct stat st;
        if (join(out, cap, sysroot, path) == 0 && lstat(out, &st) == 0)
            return 0;
    }
    return join(out, cap, "", path);
}

/* Follows a dangling final symlink of path (which lies under sysroot) inside the sysroot.
 * Leaves path alone when it is not such a link or the chain cannot be resolved. */
static void follow_in_sysroot(const char *sysroot, char *path, size_t cap)
{
    char cur[PATH_MAX], target[PATH_MAX], next[PATH_MAX];
    struct stat st;
    if (join(cur, sizeof cur, "", path) < 0)
        return;
    for (int i = 0; i < MAX_SYMLINKS; i++) {
        if (stat(cur, &st) == 0) {
            if (i > 0)
                join(path, cap, "", cur);
            return;
        }
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return;
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n <= 0)
            return;
        target[n] = '\0';
        if (target[0] == '/') {
            if (join(next, sizeof next, sysroot, target) < 0)
                return;
        } else {
            char *slash = strrchr(cur, '/');
            size_t dirlen = slash ? (size_t)(slash - cur) + 1 : 0;
            if (dirlen + (size_t)n >= sizeof next)
                return;
            memcpy(next, cur, dirlen);
            strcpy(next + dirlen, target);
        }
        strcpy(cur, next);
    }
}

int rv_interp_open(const struct rv_elf *prog, const char *sysroot, struct rv_elf *interp,
                   char *err, size_t errlen)
{
    const char *name = prog->interp;
    char in_root[PATH_MAX] = "", path[PATH_MAX];
    struct stat st;
    bool rooted = sysroot && *sysroot && name[0] == '/';
    if (rooted && join(in_root, sizeof in_root, sysroot, name) < 0)
        rooted = false;

    if (rooted && lstat(in_root, &st) == 0) {
        strcpy(path, in_root);
        follow_in_sysroot(sysroot, path, sizeof path);
    } else if (stat(name, &st) == 0 || lstat(name, &st) == 0) {
        strcpy(path, name);
    } else {
        struct stat d;
        const char *hint = stat(DEFAULT_SYSROOT "/lib", &d) == 0 ? DEFAULT_SYSROOT : "<sysroot>";
        if (rooted)
            snprintf(err, errlen, "%s: interpreter %s not found (looked in %s and %s); use -L %s",
                     prog->path, name, in_root, name, hint);
        else
            snprintf(err, errlen, "%s: interpreter %s not found (looked in %s); use -L %s",
                     prog->path, name, name, hint);
        return -ENOENT;
    }
    return rv_elf_open(interp, path, err, errlen);
}
