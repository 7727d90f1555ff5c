/* rlimit_as: `ulimit -v` as a shell does it: setrlimit(RLIMIT_AS) well below what the runner's
 * own reservation takes, then the limit read back, mappings that fit and ones that do not (mmap,
 * brk, mremap growing), a fork, and an exec of this program that must start and see the same
 * limit. Under crossrun the limit once applied to the runner as it was, so the next mmap of the
 * runner itself and every exec'd runner failed with ENOMEM. The native build prints the same. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024UL * 1024)

static void show_limit(const char *who)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0) {
        printf("%s: getrlimit: %s\n", who, strerror(errno));
        return;
    }
    printf("%s: RLIMIT_AS soft %lu MiB, hard %s\n", who, (unsigned long)(rl.rlim_cur / MIB),
           rl.rlim_max == RLIM_INFINITY ? "unlimited" : "limited");
}

static const char *map_result(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return errno == ENOMEM ? "ENOMEM" : strerror(errno);
    munmap(p, len);
    return "ok";
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        show_limit("exec'd child");
        printf("exec'd child: mmap 64 MiB %s, mmap 1 GiB %s\n", map_result(64 * MIB),
               map_result(1024 * MIB));
        return 0;
    }
    struct rlimit rl = { 512 * MIB, RLIM_INFINITY };
    if (setrlimit(RLIMIT_AS, &rl) != 0) {
        printf("setrlimit: %s\n", strerror(errno));
        return 1;
    }
    show_limit("after setrlimit");
    printf("mmap 64 MiB: %s\n", map_result(64 * MIB));
    printf("mmap 1 GiB: %s\n", map_result(1024 * MIB));
    printf("malloc 1 GiB: %s\n", malloc(1024 * MIB) ? "ok" : "NULL");
    void *b = sbrk(0);
    printf("sbrk +1 GiB: %s\n", sbrk(1024 * MIB) == (void *)-1 ? "fails" : "ok");
    printf("sbrk +1 MiB: %s\n", sbrk(MIB) == (void *)-1 ? "fails" : "ok");
    (void)b;

    void *p = mmap(NULL, 16 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *q = mremap(p, 16 * MIB, 1024 * MIB, MREMAP_MAYMOVE);
    printf("mremap 16 MiB -> 1 GiB: %s\n", q == MAP_FAILED ? (errno == ENOMEM ? "ENOMEM" : "error") : "ok");
    q = mremap(p, 16 * MIB, 32 * MIB, MREMAP_MAYMOVE);
    printf("mremap 16 MiB -> 32 MiB: %s\n", q == MAP_FAILED ? strerror(errno) : "ok");

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        show_limit("forked child");
        printf("forked child: mmap 1 GiB %s\n", map_result(1024 * MIB));
        fflush(stdout);
        char *args[] = { argv[0], "child", NULL };
        execv("/proc/self/exe", args);
        printf("exec: %s\n", strerror(errno));
        _exit(1);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    printf("child exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    rl.rlim_cur = RLIM_INFINITY;
    printf("raise to unlimited: %s\n", setrlimit(RLIMIT_AS, &rl) == 0 ? "ok" : strerror(errno));
    printf("mmap 1 GiB: %s\n", map_result(1024 * MIB));
    return 0;
}
