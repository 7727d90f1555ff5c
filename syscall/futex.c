/*
 * syscall/futex.c - futex(2), forwarded to the host kernel.
 *
 * Guest memory is host memory at the same address (design decision 1), so a guest futex word
 * is a host futex word: the host kernel can wait and wake on it directly, and every operation
 * (WAIT, WAKE, the BITSET forms, REQUEUE, CMP_REQUEUE, WAKE_OP, the PI operations) keeps its
 * exact semantics, including between guest threads and processes sharing memory. The op codes,
 * the FUTEX_OP encoding of WAKE_OP and struct timespec are the same on riscv64 and x86-64.
 * What the runner must add is the check that every address the kernel will touch is guest
 * memory: a guest could otherwise make the kernel read or write runner memory.
 */
#include <errno.h>
#include <linux/futex.h>
#include <sys/mman.h>

#include "abi/futex.h"
#include "abi/time.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "syscall/timespec.h"
#include "mem/uaccess.h"

/* Operations whose fourth argument is a struct timespec pointer (for the others it is val2). */
static int futex_takes_timeout(int cmd)
{
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
        return 1;
    default:
        return 0;
    }
}

/* Operations that use the second futex word uaddr2. */
static int futex_takes_uaddr2(int cmd)
{
    switch (cmd) {
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_WAIT_REQUEUE_PI:
    case FUTEX_CMP_REQUEUE_PI:
        return 1;
    default:
        return 0;
    }
}

long sys_futex(struct rv_cpu *cpu, const uint64_t *a)
{
    int op = (int)a[1];
    int cmd = op & FUTEX_CMD_MASK;
    /* The kernel reads (and for WAKE_OP and the PI ops writes) these words itself; a futex word
     * is 4 bytes, naturally aligned (the kernel's -EINVAL for misalignment is kept). */
    if (guest_check(a[0], sizeof(uint32_t), PROT_READ) < 0)
        return -EFAULT;
    if (futex_takes_uaddr2(cmd) && guest_check(a[4], sizeof(uint32_t), PROT_READ) < 0)
        return -EFAULT;
    if (futex_takes_timeout(cmd) && a[3] != 0 &&
        guest_check(a[3], sizeof(struct rv_timespec), PROT_READ) < 0)
        return -EFAULT;
    return safe_syscall6(SYS_futex, HOST_ARG(g2h(a[0])), op, (long)a[2],
                         (long)a[3], HOST_ARG(g2h(a[4])), (long)a[5]);
}

/* futex_waitv(waiters, nr_futexes, flags, timeout, clockid): wait on up to 128 futexes at once
 * (Wine/Proton's use). struct futex_waitv (abi/futex.h) is the same everywhere, and the
 * timeout an absolute struct timespec; the array is copied and
 * every uaddr the kernel will read is checked to be guest memory. */

long sys_futex_waitv(struct rv_cpu *cpu, const uint64_t *a)
{
    uint64_t n = (uint32_t)a[1];
    if (n == 0 || n > RV_FUTEX_WAITV_MAX || (uint32_t)a[2] != 0)
        return -EINVAL;
    struct rv_futex_waitv w[RV_FUTEX_WAITV_MAX];
    int r = copy_from_guest(w, a[0], n * sizeof w[0]);
    if (r < 0)
        return r;
    for (uint64_t i = 0; i < n; i++)
        if (guest_check(w[i].uaddr, sizeof(uint32_t), PROT_READ) < 0)
            return -EFAULT;
    struct timespec ts;
    if (a[3] && (r = timespec_from_guest(&ts, a[3])) < 0)
        return r;
    return safe_syscall5(SYS_futex_waitv, HOST_ARG(w), (long)n, 0, a[3] ? HOST_ARG(&ts) : 0,
                         (int)a[4]);
}
