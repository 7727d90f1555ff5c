/* sysv_shm.c: System V shared memory call by call. Keyed and IPC_PRIVATE segments, IPC_STAT
 * (size, attach count, mode, creator), IPC_SET, SHM_LOCK, IPC_INFO/SHM_INFO, IPC_RMID while
 * attached; shmat at a chosen address, SHM_RND, SHM_REMAP over a mapping, SHM_RDONLY (a write
 * faults), two attachments and a forked child sharing the memory; /proc/self/maps showing the
 * attachment with the kernel's name; shmdt of a whole and of a split attachment; errors in the
 * kernel's order. Every segment is removed at exit, failure or not. No address, id or key is
 * printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define SYSV_RMID(id) shmctl(id, IPC_RMID, NULL)
#include "sysv_common.h"

static void stat_line(const char *what, int id)
{
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) < 0) {
        printf("%s: IPC_STAT %s\n", what, strerrorname_np(errno));
        return;
    }
    printf("%s: segsz %zu nattch %lu mode %04o cpid %s lpid %s\n", what, (size_t)ds.shm_segsz,
           (unsigned long)ds.shm_nattch, (unsigned)ds.shm_perm.mode,
           ds.shm_cpid == getpid() ? "self" : "other",
           ds.shm_lpid == 0 ? "none" : ds.shm_lpid == getpid() ? "self" : "other");
}

/* The /proc/self/maps lines inside [p, p+len): their count, and the first one's permissions,
 * size, inode and name. */
static void maps_at(const char *what, void *p, size_t len, int id, const char *want_name)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int n = 0;
    uintptr_t lo = (uintptr_t)p, hi = lo + len;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long s, e, off, ino;
        char perms[8], dev[16], name[256] = "";
        if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %255[^\n]", &s, &e, perms, &off, dev, &ino,
                   name) < 6)
            continue;
        if (s < lo || e > hi)
            continue;
        char *nm = name + strspn(name, " ");
        if (n++ == 0)
            printf("%s: maps %s %lu pages offset %lu dev %s inode %s name %s\n", what, perms,
                   (e - s) / PAGE, off, dev, ino == (unsigned long)id ? "= shmid" : "other",
                   want_name ? (strcmp(nm, want_name) == 0 ? "as keyed" : nm) : nm);
    }
    if (f)
        fclose(f);
    printf("%s: %d maps lines\n", what, n);
}

static sigjmp_buf jb;
static void on_segv(int sig)
{
    siglongjmp(jb, sig);
}

/* A free range of `pages` pages: mapped, then unmapped. */
static char *free_range(int pages)
{
    char *p = mmap(NULL, pages * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p, pages * PAGE);
    return p;
}

static void keyed(void)
{
    key_t key = (key_t)(0x5e000000 | (getpid() & 0xffffff));
    int id = track(shmget(key, 3 * PAGE, IPC_CREAT | IPC_EXCL | 0600));
    printf("keyed shmget: %s\n", err(id));
    long r = shmget(key, 3 * PAGE, IPC_CREAT | IPC_EXCL | 0600);
    printf("again with IPC_EXCL: %s\n", err(r));
    printf("lookup: %s\n", shmget(key, 0, 0) == id ? "same id" : err(-1));
    r = shmget(key, 4 * PAGE, 0);
    printf("lookup larger: %s\n", err(r));
    r = shmget(key + 1, PAGE, 0600);
    printf("missing key: %s\n", err(r));
    char *p = shmat(id, NULL, 0);
    char want[64];
    snprintf(want, sizeof want, "/SYSV%08x (deleted)", (unsigned)key);
    maps_at("keyed", p, 3 * PAGE, id, want);
    printf("shmdt: %s\n", err(shmdt(p)));
    printf("rmid: %s\n", err(shmctl(id, IPC_RMID, NULL)));
    printf("lookup after rmid: %s\n", err(shmget(key, 0, 0)));
    stat_line("stat after rmid", id);
}

static void placement(int id)
{
    char *want = free_range(4);
    char *p = shmat(id, want, 0);
    printf("shmat at a free address: %s\n", p == want ? "there" : err(-1));
    shmdt(p);
    p = shmat(id, want + 1, 0);
    printf("unaligned without SHM_RND: %s\n", err(p == (void *)-1 ? -1 : 0));
    p = shmat(id, want + 100, SHM_RND);
    printf("unaligned with SHM_RND: %s\n", p == want ? "rounded down" : err(-1));
    char *q = shmat(id, want, 0);
    printf("over an attachment: %s\n", err(q == (void *)-1 ? -1 : 0));
    shmdt(p);
    p = shmat(id, NULL, SHM_REMAP);
    printf("SHM_REMAP without an address: %s\n", err(p == (void *)-1 ? -1 : 0));
    char *m = mmap(want, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                   -1, 0);
    m[0] = 'm';
    p = shmat(id, want, 0);
    printf("over a mapping: %s\n", err(p == (void *)-1 ? -1 : 0));
    p = shmat(id, want, SHM_REMAP);
    printf("over a mapping with SHM_REMAP: %s, reads %c\n", p == want ? "there" : err(-1),
           p == want ? p[0] : '?');
    maps_at("remapped", want, 4 * PAGE, id, NULL);
    shmdt(p);
    munmap(want, 4 * PAGE);
}

static void rdonly(int id)
{
    char *p = shmat(id, NULL, SHM_RDONLY);
    printf("SHM_RDONLY: reads %c\n", p[0]);
    maps_at("rdonly", p, 3 * PAGE, id, NULL);
    struct sigaction sa = { .sa_handler = on_segv };
    sigaction(SIGSEGV, &sa, NULL);
    int sig = sigsetjmp(jb, 1);
    if (sig == 0) {
        *(volatile char *)p = 'x';
        printf("write to SHM_RDONLY: no fault\n");
    } else {
        printf("write to SHM_RDONLY: %s\n", sigabbrev_np(sig));
    }
    signal(SIGSEGV, SIG_DFL);
    shmdt(p);
}

static void split_detach(int id)
{
    char *p = shmat(id, NULL, 0);
    printf("munmap the middle page: %s\n", err(munmap(p + PAGE, PAGE)));
    maps_at("split", p, 3 * PAGE, id, NULL);
    stat_line("split", id);
    printf("shmdt of the split attachment: %s\n", err(shmdt(p)));
    maps_at("after shmdt", p, 3 * PAGE, id, NULL);
    stat_line("after shmdt", id);
}

static void forked(int id, char *p)
{
    p[100] = 'P';
    pid_t pid = fork();
    if (pid == 0) {
        int ok = p[100] == 'P';
        p[101] = 'C';
        maps_at("child", p, 3 * PAGE, id, NULL);
        _exit(ok ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child saw the parent's byte: %s; parent sees the child's: %c\n",
           WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no", p[101]);
    stat_line("after the child", id);
}

/* A function returning v, in this machine's code. */
static void put_code(unsigned char *at, int v)
{
#if defined(__riscv)
    uint32_t insn[2] = { ((uint32_t)v << 20) | (10u << 7) | 0x13u /* li a0, v */, 0x00008067u };
    memcpy(at, insn, sizeof insn);
#else
    at[0] = 0xb8;   /* mov eax, v */
    memcpy(at + 1, &v, 4);
    at[5] = 0xc3;   /* ret */
#endif
}

/* Code run from a segment (SHM_EXEC), then another segment attached at the same address after
 * shmdt, then the first again over it with SHM_REMAP: each call runs the code attached now,
 * which a runner keeping the old translation would not. The code is written (through other
 * attachments) before each executable attachment exists, so no cache flush is needed. */
static void exec_segments(void)
{
    int a = track(shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0700));
    int b = track(shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0700));
    unsigned char *wa = shmat(a, NULL, 0), *wb = shmat(b, NULL, 0);
    put_code(wa, 11);
    put_code(wb, 22);
    char *p = shmat(a, NULL, SHM_EXEC | SHM_RDONLY);
    if (p == (void *)-1) {
        printf("SHM_EXEC: %s\n", strerrorname_np(errno));
        return;
    }
    maps_at("exec", p, PAGE, a, NULL);
    printf("code in segment a returns %d\n", ((int (*)(void))p)());
    shmdt(p);
    char *q = shmat(b, p, SHM_EXEC | SHM_RDONLY);
    printf("segment b at the same address: %s, returns %d\n", q == p ? "there" : err(-1),
           q == p ? ((int (*)(void))q)() : -1);
    q = shmat(a, p, SHM_EXEC | SHM_RDONLY | SHM_REMAP);
    printf("segment a over it with SHM_REMAP: %s, returns %d\n", q == p ? "there" : err(-1),
           q == p ? ((int (*)(void))q)() : -1);
    shmdt(q);
    shmdt(wa);
    shmdt(wb);
}

static void control(int id)
{
    struct shmid_ds ds;
    shmctl(id, IPC_STAT, &ds);
    ds.shm_perm.mode = 0640;
    printf("IPC_SET: %s\n", err(shmctl(id, IPC_SET, &ds)));
    stat_line("after IPC_SET", id);
    long r = shmctl(id, SHM_LOCK, NULL);
    printf("SHM_LOCK: %s\n", err(r));
    if (r == 0) {
        shmctl(id, IPC_STAT, &ds);
        printf("locked: %s\n", (ds.shm_perm.mode & SHM_LOCKED) ? "yes" : "no");
        printf("SHM_UNLOCK: %s\n", err(shmctl(id, SHM_UNLOCK, NULL)));
    }
    struct shminfo si;
    r = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
    printf("IPC_INFO: %s, shmmax %s, shmmni %s\n", r >= 0 ? "an index" : err(r),
           si.shmmax > 0 ? "set" : "0", si.shmmni > 0 ? "set" : "0");
    struct shm_info sinfo;
    r = shmctl(0, SHM_INFO, (struct shmid_ds *)&sinfo);
    printf("SHM_INFO: %s, used_ids %s\n", r >= 0 ? "an index" : err(r),
           sinfo.used_ids >= 1 ? ">= 1" : "0");
    /* raw calls: glibc might look at cmd or the buffer first */
    r = syscall(SYS_shmctl, id, IPC_STAT | 0x100, &ds);
    printf("IPC_STAT|IPC_64: %s\n", err(r));
    r = syscall(SYS_shmctl, id, IPC_STAT, (void *)8);
    printf("IPC_STAT to a bad buffer: %s\n", err(r));
    r = syscall(SYS_shmctl, 0x7ffffff0, IPC_STAT, (void *)8);
    printf("bad id and bad buffer: %s\n", err(r));
    r = syscall(SYS_shmctl, id, IPC_SET, (void *)8);
    printf("IPC_SET from a bad buffer: %s\n", err(r));
    r = syscall(SYS_shmctl, -1, IPC_RMID, NULL);
    printf("negative id: %s\n", err(r));
    r = syscall(SYS_shmctl, id, 99, NULL);
    printf("unknown command: %s\n", err(r));
}

int main(void)
{
    atexit(cleanup);
    signal(SIGALRM, on_alarm);
    alarm(30);
    setvbuf(stdout, NULL, _IONBF, 0);
    keyed();

    int id = track(shmget(IPC_PRIVATE, 2 * PAGE + 100, IPC_CREAT | 0600));
    printf("private shmget: %s\n", err(id));
    stat_line("fresh", id);
    char *p = shmat(id, NULL, 0);
    printf("shmat: %s\n", err(p == (void *)-1 ? -1 : 0));
    strcpy(p, "shared");
    stat_line("attached", id);
    maps_at("private", p, 3 * PAGE, id, NULL);
    char *q = shmat(id, NULL, 0);
    printf("second attachment: %s, reads %s\n", q != p ? "elsewhere" : "same", q);
    q[0] = 'S';
    printf("first attachment reads %s\n", p);
    printf("shmdt second: %s\n", err(shmdt(q)));
    printf("shmdt again: %s\n", err(shmdt(q)));
    printf("shmdt unaligned: %s\n", err(shmdt(p + 1)));
    printf("shmdt inside: %s\n", err(shmdt(p + PAGE)));

    forked(id, p);
    rdonly(id);
    placement(id);
    split_detach(id);
    exec_segments();
    control(id);

    printf("shmget size 0: %s\n", err(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600)));
    printf("shmat negative id: %s\n", err(shmat(-1, NULL, 0) == (void *)-1 ? -1 : 0));
    printf("shmat unknown id: %s\n", err(shmat(0x7ffffff0, NULL, 0) == (void *)-1 ? -1 : 0));

    q = shmat(id, NULL, 0);
    printf("rmid while attached: %s\n", err(shmctl(id, IPC_RMID, NULL)));
    struct shmid_ds ds;
    shmctl(id, IPC_STAT, &ds);
    printf("marked: %s, key now %s, still reads %s\n", (ds.shm_perm.mode & SHM_DEST) ? "yes" : "no",
           ds.shm_perm.__key == IPC_PRIVATE ? "private" : "kept", q);
    shmdt(q);
    stat_line("after one detach", id);
    shmdt(p);
    stat_line("after the last detach", id);
    return 0;
}
