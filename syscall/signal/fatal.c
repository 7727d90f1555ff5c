/*
 * syscall/signal/fatal.c - death by signal for the runner, on behalf of the guest
 * (rv_die_by_host_signal in signal.h).
 *
 * Before that, a signal whose default action dumps core writes the guest's core and lets the
 * host dump the runner where it cannot overwrite it, so the wait status says "core dumped"
 * (coredump.c); otherwise the runner's own dump is switched off.
 *
 * Shared by the fault path (run/fault.c: a fault, illegal instruction or ebreak the guest has
 * no handler for) and the signal wing (a signal whose default action terminates), so both end
 * the process identically.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mem/host.h"
#include "syscall/signal/coredump.h"
#include "syscall/signal/signal.h"

void rv_die_by_host_signal(int hsig)
{
    if (!rv_core_dump(hsig)) {
        struct rlimit no_core = {0, 0};
        (void)host_syscall4(SYS_prlimit64, 0, RLIMIT_CORE, HOST_ARG(&no_core), 0);
        /* Also stops core_pattern pipes, which ignore the limit. */
        (void)host_syscall5(SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0);
    }

    struct { uint64_t handler, flags, restorer, mask; } dfl = { .handler = (uint64_t)SIG_DFL };
    (void)host_syscall4(SYS_rt_sigaction, hsig, HOST_ARG(&dfl), 0, 8);
    uint64_t bit = UINT64_C(1) << (hsig - 1);
    (void)host_syscall4(SYS_rt_sigprocmask, SIG_UNBLOCK, HOST_ARG(&bit), 0, 8);
    (void)host_syscall3(SYS_tgkill, host_syscall0(SYS_getpid), host_syscall0(SYS_gettid), hsig);
    /* Only reached for a signal whose default action does not terminate. */
    host_syscall1(SYS_exit_group, 128 + hsig);
    __builtin_unreachable();
}
