/* chroot_exec: a program that chroot()s and execs inside the new root. As root, the first
 * process makes a directory holding only this program (a hard link; for a dynamic build, its
 * ELF interpreter and libraries too, at the paths /proc/self/maps and PT_INTERP name, so that the
 * exec'd program's interpreter must be found inside the new root). A child process there
 * (its own mount namespace, so nothing it mounts outlives it):
 *   - checks chroot's errors, chroot()s, and execs this program from the new root before /proc
 *     exists; that program execs itself again (the runner holds its own file: it cannot
 *     find itself by path or through /proc there) and waits;
 *   - checks mount's errors, mounts proc and a tmpfs (its options in the last bytes before an
 *     unmapped page: the kernel copies what it can), then compares the program file of the
 *     exec'd process with that of the first process: a hard link of the same file natively,
 *     the same crossrun under crossrun (another process's /proc/PID/exe is the host's), and
 *     not the same when a binfmt_misc handler (qemu's) ran it behind the runner's back;
 *   - lets the exec'd program read /proc/self/exe, /proc/self/cmdline and /proc/self/mounts
 *     and write to the tmpfs, then checks umount2's errors and unmounts both.
 * The first process removes the directory. Not root, or no mount namespace to be had: one
 * line saying so, the same natively and under crossrun. A dynamically linked runner (the
 * sanitizer build) cannot start in the new root: the test is skipped there.
 * guest-test: static-runner */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define TMPFS_MAGIC_VALUE 0x01021994
#define PROG "/chroot_exec"

static char *const bad = (char *)16;  /* never mapped, natively or in the guest */

static const char *errname(int e)
{
    switch (e) {
    case 0: return "ok";
    case ENOENT: return "ENOENT";
    case EFAULT: return "EFAULT";
    case EINVAL: return "EINVAL";
    case ENOTDIR: return "ENOTDIR";
    case ENODEV: return "ENODEV";
    default: return strerror(e);
    }
}

static void show(const char *what, int r)
{
    printf("%s: %s\n", what, errname(r < 0 ? errno : 0));
}

/* ---- the program exec'd inside the new root: child LEVEL READY_FD GO_FD ------------------- */

static void show_proc_self(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n < 0) {
        printf("  readlink /proc/self/exe: %s\n", errname(errno));
        return;
    }
    buf[n] = '\0';
    printf("  /proc/self/exe -> %s\n", buf);
    int fd = open("/proc/self/cmdline", O_RDONLY);
    n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    if (fd >= 0)
        close(fd);
    printf("  /proc/self/cmdline:");
    for (ssize_t i = 0; i < n; i += (ssize_t)strlen(buf + i) + 1)
        printf(" [%s]", buf + i);
    printf("\n");
    FILE *m = fopen("/proc/self/mounts", "r");
    char line[512], dev[128], dir[128], type[64];
    while (m && fgets(line, sizeof line, m))
        if (sscanf(line, "%127s %127s %63s", dev, dir, type) == 3 &&
            (strcmp(dir, "/proc") == 0 || strcmp(dir, "/tmp") == 0))
            printf("  mounted: %s on %s type %s\n", dev, dir, type);
    if (m)
        fclose(m);
}

static int child(int argc, char **argv)
{
    int level = atoi(argv[2]), ready = atoi(argv[3]), go = atoi(argv[4]);
    char cwd[64];
    printf("level %d: argv[0]=%s argc=%d cwd=%s proc mounted=%s\n", level, argv[0], argc,
           getcwd(cwd, sizeof cwd) ? cwd : "?", access("/proc/self", F_OK) == 0 ? "yes" : "no");
    fflush(stdout);
    if (level == 1) {
        show_proc_self();  /* no /proc: the kernel's ENOENT */
        fflush(stdout);
        char *args[] = { "in-root-level-2", "child", "2", argv[3], argv[4], NULL };
        char *env[] = { "LEVEL=2", NULL };
        execve(PROG, args, env);
        printf("level 1: exec failed: %s\n", errname(errno));
        return 1;
    }
    printf("level 2: environment LEVEL=%s\n", getenv("LEVEL") ? getenv("LEVEL") : "(unset)");
    fflush(stdout);
    char c = 'r';
    if (write(ready, &c, 1) != 1 || read(go, &c, 1) != 1)
        return 2;
    printf("level 2 with /proc and /tmp mounted:\n");
    show_proc_self();
    struct statfs sf;
    struct stat st;
    int fd = open("/tmp/written", O_WRONLY | O_CREAT | O_EXCL, 0600);
    printf("  /tmp: tmpfs=%s mode=%o written=%s\n",
           statfs("/tmp", &sf) == 0 && sf.f_type == TMPFS_MAGIC_VALUE ? "yes" : "no",
           stat("/tmp", &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0,
           fd >= 0 && write(fd, "x", 1) == 1 ? "yes" : "no");
    return 7;
}

/* ---- the process that chroot()s ------------------------------------------------------------- */

/* Same file (device and inode) behind two /proc/PID/exe links. */
static const char *same_exe(pid_t a, pid_t b)
{
    char pa[64], pb[64];
    struct stat sa, sb;
    snprintf(pa, sizeof pa, "/proc/%d/exe", (int)a);
    snprintf(pb, sizeof pb, "/proc/%d/exe", (int)b);
    if (stat(pa, &sa) < 0 || stat(pb, &sb) < 0)
        return strerror(errno);
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino ? "yes" : "no";
}

static void mount_errors(void)
{
    show("mount with a bad target", mount("none", bad, "tmpfs", 0, NULL));
    show("mount with a bad type", mount("none", "/tmp", bad, 0, NULL));
    show("mount with a bad source", mount(bad, "/tmp", "tmpfs", 0, NULL));
    show("mount with bad data", mount("none", "/tmp", "tmpfs", 0, bad));
    show("mount on a missing directory", mount("none", "/nonexistent", "tmpfs", 0, NULL));
    show("mount of an unknown type", mount("none", "/tmp", "no-such-fs", 0, NULL));
}

/* "mode=0700" and its NUL as the last bytes before an unmapped page. */
static const char *data_at_page_end(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    munmap(p + page, (size_t)page);
    static const char opts[] = "mode=0700";
    memcpy(p + page - sizeof opts, opts, sizeof opts);
    return p + page - sizeof opts;
}

static int in_new_root(const char *root, pid_t first)
{
    show("chroot with a bad pointer", chroot(bad));
    show("chroot to a missing directory", chroot("/nonexistent/dir"));
    char file[PATH_MAX];
    snprintf(file, sizeof file, "%s%s", root, PROG);
    show("chroot to a file", chroot(file));
    show("chroot", chroot(root));
    show("chdir /", chdir("/"));

    int ready[2], go[2];
    if (pipe(ready) < 0 || pipe(go) < 0)
        return 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char r[16], g[16];
        snprintf(r, sizeof r, "%d", ready[1]);
        snprintf(g, sizeof g, "%d", go[0]);
        char *args[] = { "in-root-level-1", "child", "1", r, g, NULL };
        char *env[] = { "LEVEL=1", NULL };
        execve(PROG, args, env);
        printf("exec in the new root failed: %s\n", errname(errno));
        fflush(stdout);
        _exit(1);
    }
    close(ready[1]);
    close(go[0]);
    char c;
    bool alive = read(ready[0], &c, 1) == 1;

    mount_errors();
    show("mount proc", mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
    show("mount tmpfs", mount("tmpfs", "/tmp", "tmpfs", 0, data_at_page_end()));
    if (alive)
        printf("the exec'd program runs the first process's program: %s\n", same_exe(pid, first));
    else
        printf("the exec'd program did not get ready\n");
    fflush(stdout);
    if (alive && write(go[1], "g", 1) != 1)
        printf("cannot wake the exec'd program\n");
    close(go[1]);
    int status;
    waitpid(pid, &status, 0);
    printf("exec'd program: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

    show("umount2 with a bad pointer", umount2(bad, 0));
    show("umount2 with unknown flags", umount2("/tmp", 0x100));
    show("umount2 of a missing path", umount2("/nonexistent", 0));
    show("umount2 of a plain directory", umount2("/dev", 0));
    show("umount2 /tmp", umount2("/tmp", 0));
    show("umount2 /proc (detach)", umount2("/proc", MNT_DETACH));
    printf("proc mounted after umount2: %s\n", access("/proc/self", F_OK) == 0 ? "yes" : "no");
    return 0;
}

/* ---- the first process: the new root's files, then its removal ------------------------------ */

static int mkdirs_for(const char *path)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(p, 0755) < 0 && errno != EEXIST)
            return -1;
        *s = '/';
    }
    return 0;
}

static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY), out = -1;
    if (in >= 0 && mkdirs_for(to) == 0)
        out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0755);
    char buf[65536];
    ssize_t n = out >= 0 ? 0 : -1;
    while (out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            n = -1;
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    return n < 0 ? -1 : 0;
}

/* PT_INTERP of this program (both builds are ELF64 little-endian), or "" for a static one. */
static void own_interp(char *out, size_t cap)
{
    out[0] = '\0';
    int fd = open("/proc/self/exe", O_RDONLY);
    Elf64_Ehdr eh;
    if (fd < 0 || pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh)
        goto done;
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (size_t)i * sizeof ph)) !=
            (ssize_t)sizeof ph)
            break;
        if (ph.p_type == PT_INTERP && ph.p_filesz < cap &&
            pread(fd, out, ph.p_filesz, (off_t)ph.p_offset) == (ssize_t)ph.p_filesz) {
            out[ph.p_filesz] = '\0';
            break;
        }
    }
done:
    if (fd >= 0)
        close(fd);
}

/* The new root: the program as a hard link (a copy where that fails), the shared objects this
 * process has mapped at the paths its /proc/self/maps names, the interpreter at its PT_INTERP
 * path, and empty /proc, /tmp and /dev. Returns whether the program is a hard link. */
static int fill_root(const char *root, const char *self)
{
    char to[PATH_MAX + 64], interp[PATH_MAX];
    snprintf(to, sizeof to, "%s%s", root, PROG);
    int linked = link(self, to) == 0;
    if (!linked && copy_file(self, to) < 0)
        return -1;
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[PATH_MAX + 128];
    while (maps && fgets(line, sizeof line, maps)) {
        char *path = strchr(line, '/');
        if (!path)
            continue;
        path[strcspn(path, "\n")] = '\0';
        snprintf(to, sizeof to, "%s%s", root, path);
        if (strstr(path, ".so") && strcmp(path, self) != 0 && access(to, F_OK) < 0 &&
            copy_file(path, to) < 0)
            return -1;
    }
    if (maps)
        fclose(maps);
    own_interp(interp, sizeof interp);
    snprintf(to, sizeof to, "%s%s", root, interp);
    if (interp[0] && access(to, F_OK) < 0 && copy_file(interp, to) < 0)
        return -1;
    for (const char *d = "/proc\0/tmp\0/dev\0"; *d; d += strlen(d) + 1) {
        snprintf(to, sizeof to, "%s%s", root, d);
        if (mkdir(to, 0755) < 0)
            return -1;
    }
    return linked;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "child") == 0)
        return child(argc, argv);
    if (geteuid() != 0) {
        printf("skipped: chroot and mount need root\n");
        return 0;
    }
    char self[PATH_MAX], cwd[PATH_MAX], root[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0 || !getcwd(cwd, sizeof cwd))
        return 2;
    self[n] = '\0';
    /* beside the program's run directory: the same file system as the program, for the link */
    snprintf(root, sizeof root, "%s/new-root.XXXXXX", cwd);
    if (!mkdtemp(root))
        return 2;
    int linked = fill_root(root, self);
    printf("new root filled: %s\n", linked < 0 ? strerror(errno) : linked ? "program linked"
                                                                          : "program copied");
    fflush(stdout);
    pid_t first = getpid();
    pid_t pid = linked < 0 ? -1 : fork();
    if (pid == 0) {
        /* a mount namespace of its own, its mounts private: nothing is left mounted if it dies */
        if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
            printf("skipped: no mount namespace (%s)\n", errname(errno));
            _exit(0);
        }
        _exit(in_new_root(root, linked ? first : 0));
    }
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    printf("chroot process: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    printf("new root removed: %s\n", access(root, F_OK) < 0 ? "yes" : "no");
    return 0;
}
