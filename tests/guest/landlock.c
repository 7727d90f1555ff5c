/*
 * landlock.c: Landlock, as programs that sandbox themselves when they can (xz, for one) probe it.
 * LANDLOCK_CREATE_RULESET_VERSION either returns the ABI version (>= 1) or fails with ENOSYS (a
 * kernel built without Landlock) or EOPNOTSUPP (built with it but not enabled); the other two calls
 * must then agree. crossrun reports Landlock as not enabled (syscall/landlock.c says why), the host
 * may support it: the program prints only what holds on every kernel, and nothing may be printed on
 * stderr (crossrun used to warn about the unknown syscall there, which broke xz-utils' test_scripts.sh:
 * xzgrep's stderr is part of its expected output).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)

int main(void)
{
    long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (v >= 1) {
        /* available: a bad ruleset fd is EBADF, a bad flag EINVAL */
        long r = syscall(SYS_landlock_restrict_self, -1, 0);
        int e1 = errno;
        long a = syscall(SYS_landlock_add_rule, -1, 1, NULL, 0);
        int e2 = errno;
        printf("landlock: %s\n", r == -1 && e1 == EBADF && a == -1 && e2 == EBADF ? "ok" : "inconsistent");
        return 0;
    }
    int e = errno;
    if (v != -1 || (e != ENOSYS && e != EOPNOTSUPP)) {
        printf("landlock: unexpected result %ld errno %d\n", v, e);
        return 1;
    }
    /* unavailable: the other two calls fail the same way, whatever their arguments */
    long r = syscall(SYS_landlock_restrict_self, -1, 0);
    int e1 = errno;
    long a = syscall(SYS_landlock_add_rule, -1, 1, NULL, 0);
    int e2 = errno;
    printf("landlock: %s\n", r == -1 && e1 == e && a == -1 && e2 == e ? "ok" : "inconsistent");
    return 0;
}
