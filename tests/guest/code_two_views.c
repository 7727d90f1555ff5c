/* code_two_views.c: the translator's code mapped twice, a read-execute view it runs and a
 * read-write view it writes and patches through (CROSSRUN_JIT_WX=1; what crossrun does by itself
 * where the kernel refuses pages both writable and executable, while its default is one mapping
 * of such pages). A loop hot enough to be translated and chained runs before and after a fork;
 * the child rewrites and reruns a generated function the parent made, then runs the loop: the
 * two views are shared memory, so the child must move them onto its own copy, or its new code
 * and chain patches would reach the parent, whose function must still return its own value.
 * guest-test: env CROSSRUN_JIT_WX=1
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fork_threads_common.h"

static unsigned long hot_loop(unsigned long n)
{
    unsigned long h = 1469598103934665603ul;
    for (unsigned long i = 0; i < n; i++) {
        h ^= i;
        h *= 1099511628211ul;
        if (h & 1)
            h += i;
    }
    return h;
}

int main(void)
{
    printf("before the fork: %lx\n", hot_loop(100000));
    unsigned char *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    printf("parent's function: %d\n", generate_and_run(page, 7));
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        int a = generate_and_run(page, 8);
        unsigned long h = hot_loop(50000);
        int b = generate_and_run(page, 9);
        printf("child: %d %d %lx\n", a, b, h);
        fflush(stdout);
        _exit(0);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid) {
        perror("waitpid");
        return 1;
    }
    printf("child's exit status: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    printf("parent's function again: %d\n", ((generated_fn)(void *)page)());
    printf("after the fork: %lx\n", hot_loop(100000));
    return 0;
}
