/*
 * syscall/dispatch.c - the ecall entry point: guest number -> handler, result -> a0.
 *
 * rv_syscall reads the riscv64 Linux syscall convention (number in a7, arguments in a0..a5,
 * result in a0), looks the number up in rv_syscall_table (syscall/table.c) and translates the
 * result's errno to guest numbering here, the one place it happens (abi/errno.h): handlers
 * return host -errno values as host.h gives them and the E* constants of <errno.h>.
 *
 * A number with no handler returns -ENOSYS, as the kernel does for numbers it lacks, and is
 * reported once per number on stderr so a user knows why a program misbehaves:
 *     crossrun: unsupported syscall 1234 (name)
 *
 * Handlers that replace the register file (rt_sigreturn) return the restored a0, as the kernel's
 * sys_rt_sigreturn does, so that writing the result to a0 below is always right. That value is
 * the interrupted code's register, not an errno, so it bypasses the errno translation.
 *
 * A handler's blocking call may find a guest signal recorded before it entered the host kernel
 * (syscall/signal/signal.h): it returns -RV_ERESTARTNOINTR, the registers stay as they were and
 * rv_syscall answers true, so the run loop delivers the signal and then runs the ecall again.
 */
#include <stdbool.h>
#include <stdio.h>

#include "abi/errno.h"
#include "abi/syscall_nr.h"
#include "syscall/signal/signal.h"
#include "syscall/once_set.h"
#include "syscall/strace/strace.h"
#include "syscall/syscall.h"
#include "syscall/names.h"
#include "syscall/process_info.h"
#include "syscall/table.h"

/* Riscv64 register numbers of the syscall convention. */
enum { RV_REG_A0 = 10, RV_REG_A7 = 17 };

/* "Once per number", from any guest thread. Numbers below WARN_BITS (every real one) use a
 * lock-free bitmap; the rare larger ones a small lock-free list (once_set.h). */
#define WARN_BITS 4096
#define WARN_FAR_SLOTS 32
#define BITS_PER_WORD (8 * sizeof(unsigned long))
static unsigned long warned_bits[WARN_BITS / BITS_PER_WORD];
static long warned_far[WARN_FAR_SLOTS];

static bool first_warning(long nr)
{
    if (nr >= 0 && nr < WARN_BITS) {
        unsigned long bit = 1UL << (nr % BITS_PER_WORD);
        unsigned long old = __atomic_fetch_or(&warned_bits[nr / BITS_PER_WORD], bit, __ATOMIC_RELAXED);
        return !(old & bit);
    }
    return rv_once_set_first(warned_far, WARN_FAR_SLOTS, nr);  /* nr is never 0 here */
}

static long unsupported(long nr)
{
    if (first_warning(nr)) {
        const char *name = rv_syscall_name(nr);
        fprintf(stderr, "crossrun: unsupported syscall %ld (%s)\n", nr, name ? name : "unknown");
    }
    return -RV_ENOSYS;
}

bool rv_syscall(struct rv_cpu *cpu)
{
    long nr = (long)cpu->x[RV_REG_A7];
    uint64_t a[6];
    for (int i = 0; i < 6; i++)
        a[i] = cpu->x[RV_REG_A0 + i];

    if (rv_proc.strace)
        rv_strace_enter(cpu, nr, a);

    long ret;
    if (nr >= 0 && nr <= RV_NR_MAX && rv_syscall_table[nr].handler) {
        ret = rv_syscall_table[nr].handler(cpu, a);
        if (nr != RV_NR_rt_sigreturn && ret != -RV_ERESTARTNOINTR)
            ret = rv_errno_to_guest(ret);
    } else {
        ret = unsupported(nr);
    }

    if (rv_proc.strace)
        rv_strace_exit(cpu, nr, a, ret);
    if (ret == -RV_ERESTARTNOINTR)
        return true;
    cpu->x[RV_REG_A0] = (uint64_t)ret;
    return false;
}
