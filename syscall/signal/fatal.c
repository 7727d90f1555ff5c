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
 * the process identically. A CLONE_VM child shares its memory, and with CLONE_SIGHAND the
 * host's table of actions, with its parent, where what is changed here must not stay (the
 * dumpable flag is the memory's): its helper puts them back (rv_sig_undo_fatal_reset) once the
 * child is gone.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mem/host.h"
#include "syscall/signal/coredump.h"
#include "syscall/signal/signal.h"

/* The kernel's struct sigaction on x86-64 (sa_restorer before the mask). */
struct host_ksigaction {
    uint64_t handler, flags, restorer, mask;
};

/* What the dying task reset, for rv_sig_undo_fatal_reset (thread-local: read back from the
 * same TLS by the helper of a CLONE_VM child, syscall/clone_vm.c). */
static __thread int dying_hsig;
static __thread struct host_ksigaction dying_old;
static __thread long dying_dumpable;

void rv_sig_undo_fatal_reset(bool action_shared)
{
    if (!dying_hsig)
        return;
    if (action_shared)
        (void)host_syscall4(SYS_rt_sigaction, dying_hsig, HOST_ARG(&dying_old), 0, 8);
    if (dying_dumpable > 0)  /* a property of the memory, which the child shared */
        (void)host_syscall5(SYS_prctl, PR_SET_DUMPABLE, dying_dumpable, 0, 0, 0);
    dying_hsig = 0;
}

void rv_die_by_host_signal(int hsig)
{
    dying_dumpable = 0;
    if (!rv_core_dump(hsig)) {
        struct rlimit no_core = {0, 0};
        (void)host_syscall4(SYS_prlimit64, 0, RLIMIT_CORE, HOST_ARG(&no_core), 0);
        /* Also stops core_pattern pipes, which ignore the limit. */
        dying_dumpable = host_syscall5(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
        (void)host_syscall5(SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0);
    }

    struct host_ksigaction dfl = { .handler = (uint64_t)SIG_DFL };
    dying_hsig = hsig;
    (void)host_syscall4(SYS_rt_sigaction, hsig, HOST_ARG(&dfl), HOST_ARG(&dying_old), 8);
    uint64_t bit = UINT64_C(1) << (hsig - 1);
    (void)host_syscall4(SYS_rt_sigprocmask, SIG_UNBLOCK, HOST_ARG(&bit), 0, 8);
    (void)host_syscall3(SYS_tgkill, host_syscall0(SYS_getpid), host_syscall0(SYS_gettid), hsig);
    /* Only reached for a signal whose default action does not terminate. */
    host_syscall1(SYS_exit_group, 128 + hsig);
    __builtin_unreachable();
}
