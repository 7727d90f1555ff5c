/*
 * syscall/landlock.c - Landlock (landlock_create_ruleset, landlock_add_rule,
 * landlock_restrict_self): reported as built into the kernel but not enabled, which is what a
 * kernel booted without "landlock" in its LSM list answers.
 *
 * Why not pass the calls to the host: a ruleset restricts the whole process, and the process is
 * crossrun too. Its own file accesses after the guest sandboxed itself (the /proc files it emulates
 * by reading the host's, the sysroot lookups that map guest paths, re-executing itself for a
 * guest execve) would be denied by rules written for the guest's view of the file system.
 * Programs that sandbox themselves when they can (xz 5.6+, for one) treat EOPNOTSUPP as "no
 * sandbox here" and run normally. Why not the usual -ENOSYS with a warning: the warning lands in
 * the guest's stderr, which tests compare (xz-utils' test_scripts.sh checks xzgrep's stderr).
 * tests/guest/landlock.c checks the three calls agree.
 */
#include <errno.h>

#include "syscall/syscall.h"

long sys_landlock_create_ruleset(struct rv_cpu *cpu, const uint64_t *a)
{
    (void)cpu;
    (void)a;
    return -EOPNOTSUPP;
}

long sys_landlock_add_rule(struct rv_cpu *cpu, const uint64_t *a)
{
    (void)cpu;
    (void)a;
    return -EOPNOTSUPP;
}

long sys_landlock_restrict_self(struct rv_cpu *cpu, const uint64_t *a)
{
    (void)cpu;
    (void)a;
    return -EOPNOTSUPP;
}
