/* stack_grow.c: stacks that grow on demand as the kernel grows them. The main stack starts
 * small (its strings plus 128 KiB) and grows on a fault below it up to RLIMIT_STACK as read at
 * the fault, so a child that lowers the limit dies by SIGSEGV in a recursion its parent
 * survives. A MAP_GROWSDOWN mapping grows the same way, for user accesses and for the kernel's
 * own (read(2) into a buffer below it), but never within stack_guard_gap (256 pages) of an
 * accessible mapping below it nor beyond RLIMIT_STACK.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define KB 1024ul
#define MB (1024ul * 1024ul)

/* About 4 KiB of stack per level that the compiler cannot drop or turn into a loop. */
static __attribute__((noinline)) int recurse(int depth)
{
    volatile char buf[4000];
    buf[0] = (char)depth;
    buf[sizeof buf - 1] = (char)depth;
    if (depth == 0)
        return buf[0];
    return recurse(depth - 1) + buf[sizeof buf - 1];
}

static void set_stack_limit(unsigned long bytes)
{
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = bytes;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < bytes)
        rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_STACK, &rl) != 0)
        perror("setrlimit");
}

/* Runs fn in a child; prints how it ended. */
static void in_child(const char *what, void (*fn)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st))
        printf("%s: killed by %s\n", what, strsignal(WTERMSIG(st)));
    else
        printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static void recurse_6mb(void) { recurse((int)(6 * MB / 4096)); }

static void recurse_6mb_limit_1mb(void)
{
    set_stack_limit(1 * MB);
    recurse((int)(6 * MB / 4096));
}

/* The layout for the MAP_GROWSDOWN children: an accessible 1 MiB at `base`, then free space,
 * then a 64 KiB grows-down mapping at gd ending at base + 8 MiB. */
static char *base, *gd;

static void touch(char *p) { *(volatile char *)p = 1; }

static void grow_by_touching(void)
{
    touch(gd - 1);
    char c = *(volatile char *)(gd - 2 * MB);   /* a read grows it too */
    touch(gd - 3 * MB);
    _exit(c == 0 ? 0 : 2);
}

static void grow_by_kernel_write(void)
{
    int fds[2];
    if (pipe(fds) != 0 || write(fds[1], "sixteen bytes!!", 16) != 16)
        _exit(3);
    ssize_t n = read(fds[0], gd - 8 * KB, 16);
    _exit(n == 16 && memcmp(gd - 8 * KB, "sixteen bytes!!", 16) == 0 ? 0 : 4);
}

static void grow_into_guard_gap(void) { touch(base + 1 * MB + 512 * KB); }

static void grow_to_guard_gap_edge(void) { touch(base + 2 * MB); }

static void grow_past_limit(void)
{
    set_stack_limit(1 * MB);
    touch(gd - 2 * MB);
}

int main(void)
{
    set_stack_limit(8 * MB);
    in_child("main stack, 6 MB of recursion, 8 MB limit", recurse_6mb);
    in_child("main stack, 6 MB of recursion, 1 MB limit", recurse_6mb_limit_1mb);

    base = mmap(NULL, 8 * MB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    gd = base + 8 * MB - 64 * KB;
    if (mprotect(base, 1 * MB, PROT_READ | PROT_WRITE) != 0
        || munmap(base + 1 * MB, 7 * MB) != 0
        || mmap(gd, 64 * KB, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0) != gd) {
        perror("growsdown layout");
        return 1;
    }
    in_child("growsdown, touched and read below", grow_by_touching);
    in_child("growsdown, read(2) into a buffer below", grow_by_kernel_write);
    in_child("growsdown, touched within the guard gap", grow_into_guard_gap);
    in_child("growsdown, touched 1 MB above the mapping below", grow_to_guard_gap_edge);
    in_child("growsdown, 2 MB below with a 1 MB limit", grow_past_limit);
    /* the parent's mapping did not grow */
    unsigned char vec;
    printf("growsdown in the parent still starts at its mapping: %s\n",
           mincore(gd - 4096, 4096, &vec) != 0 && mincore(gd, 4096, &vec) == 0 ? "yes" : "no");
    return 0;
}
