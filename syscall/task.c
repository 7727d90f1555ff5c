/*
 * syscall/task.c - process and thread identity, limits, exit: exit, exit_group,
 * set_tid_address, set/get_robust_list, rseq, getpid & co, getgroups, process groups and
 * sessions, getrlimit/setrlimit/prlimit64, prctl.
 *
 * Every guest thread is a host thread and the guest process is the runner's process, so ids
 * are the host's. The per-thread addresses the guest hands the kernel (clear_child_tid, the
 * robust futex list) are recorded here for the thread code, which acts on them when a thread
 * ends; a single-threaded process ends with the runner, where they do not matter.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "abi/sysinfo.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "syscall/task.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"

static __thread guest_addr clear_child_tid;
static __thread guest_addr robust_list_head;

guest_addr rv_task_clear_child_tid(void) { return clear_child_tid; }
void rv_task_set_clear_child_tid(guest_addr addr) { clear_child_tid = addr; }

void (*rv_task_thread_exit_hook)(struct rv_cpu *cpu);
guest_addr rv_task_robust_list(void) { return robust_list_head; }
void rv_task_set_robust_list(guest_addr head) { robust_list_head = head; }

/* exit(status) ends the calling thread; with one thread that is the process. The run loop
 * sees cpu->stop and the runner exits with the low 8 bits, as the kernel keeps them. */
long sys_exit(struct rv_cpu *cpu, const uint64_t *a)
{
    cpu->exit_status = (int)(a[0] & 0xff);
    cpu->stop = RV_STOP_EXIT;
    if (rv_task_thread_exit_hook) /* with other threads live, ends only this one */
        rv_task_thread_exit_hook(cpu);
    return 0;
}

long sys_exit_group(struct rv_cpu *cpu, const uint64_t *a)
{
    cpu->exit_status = (int)(a[0] & 0xff);
    cpu->stop = RV_STOP_EXIT;
    return 0;
}

long sys_set_tid_address(struct rv_cpu *cpu, const uint64_t *a)
{
    clear_child_tid = a[0];
    return host_syscall0(SYS_gettid);
}

long sys_set_robust_list(struct rv_cpu *cpu, const uint64_t *a)
{
    if (a[1] != RV_ROBUST_LIST_HEAD_SIZE)
        return -EINVAL;
    robust_list_head = a[0];
    return 0;
}

/* get_robust_list(pid, head_ptr, len_ptr): only the caller's own list is known here. */
long sys_get_robust_list(struct rv_cpu *cpu, const uint64_t *a)
{
    int pid = (int)a[0];
    if (pid != 0 && pid != host_syscall0(SYS_gettid))
        return -EPERM;
    uint64_t head = rv_le64(robust_list_head), len = rv_le64(RV_ROBUST_LIST_HEAD_SIZE);
    int r = copy_to_guest(a[1], &head, sizeof head);
    if (r < 0)
        return r;
    return copy_to_guest(a[2], &len, sizeof len);
}

/* Restartable sequences need the engine to abort a critical section on preemption; without
 * that, registering one would be a lie. glibc treats -ENOSYS as "no rseq" and carries on. */
long sys_rseq(struct rv_cpu *cpu, const uint64_t *a)
{
    return -ENOSYS;
}

long sys_getpid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall0(SYS_getpid); }
long sys_getppid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall0(SYS_getppid); }
long sys_gettid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall0(SYS_gettid); }
long sys_getuid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall0(SYS_getuid); }
long sys_geteuid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall0(SYS_geteuid); }
long sys_getgid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall0(SYS_getgid); }
long sys_getegid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall0(SYS_getegid); }

/* getresuid/getresgid(r, e, s): three 32-bit ids written to guest memory. */
static long get_res_ids(long nr, const uint64_t *a)
{
    uint32_t ids[3];
    long r = host_syscall3(nr, HOST_ARG(&ids[0]), HOST_ARG(&ids[1]), HOST_ARG(&ids[2]));
    if (r < 0)
        return r;
    for (int i = 0; i < 3; i++) {
        uint32_t v = rv_le32(ids[i]);
        int e = copy_to_guest(a[i], &v, sizeof v);
        if (e < 0)
            return e;
    }
    return 0;
}

long sys_getresuid(struct rv_cpu *cpu, const uint64_t *a) { return get_res_ids(SYS_getresuid, a); }
long sys_getresgid(struct rv_cpu *cpu, const uint64_t *a) { return get_res_ids(SYS_getresgid, a); }

/* getgroups(size, list): gid_t is 32-bit on both sides. */
#define RV_NGROUPS_MAX 65536
long sys_getgroups(struct rv_cpu *cpu, const uint64_t *a)
{
    int size = (int)a[0];
    if (size < 0)
        return -EINVAL;
    if (size == 0)
        return host_syscall2(SYS_getgroups, 0, 0);
    if (size > RV_NGROUPS_MAX)
        size = RV_NGROUPS_MAX;
    uint32_t *groups = malloc((size_t)size * sizeof *groups);
    if (!groups)
        return -ENOMEM;
    long n = host_syscall2(SYS_getgroups, size, HOST_ARG(groups));
    if (n > 0) {
        for (long i = 0; i < n; i++)
            groups[i] = rv_le32(groups[i]);
        int r = copy_to_guest(a[1], groups, (size_t)n * sizeof *groups);
        if (r < 0)
            n = r;
    }
    free(groups);
    return n;
}

long sys_setpgid(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_setpgid, (int)a[0], (int)a[1]);
}

long sys_getpgid(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_getpgid, (int)a[0]);
}

long sys_getsid(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_getsid, (int)a[0]);
}

long sys_setsid(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall0(SYS_setsid);
}

/* prlimit64(pid, resource, new, old): struct rlimit64 is two u64 on both sides. The limits
 * are the runner's own, so a guest that lowers RLIMIT_STACK or RLIMIT_NOFILE limits the runner
 * too; that is the faithful reading as long as guest and runner are one process. RLIMIT_AS is
 * the exception: the runner's reservation and own memory count there too, so the host gets the
 * guest's limit plus an allowance and the guest's limit is enforced on guest mappings
 * (mem/addrspace.h); without that, `ulimit -v` in a guest shell made every later mmap of
 * the runner and every exec'd runner fail. Other pids are converted alike, most likely being
 * guests too. */
static long do_prlimit(int pid, unsigned resource, guest_addr new_addr, guest_addr old_addr)
{
    struct rv_rlimit new_lim, old_lim, host_lim;
    if (new_addr) {
        int r = copy_from_guest(&new_lim, new_addr, sizeof new_lim);
        if (r < 0)
            return r;
        new_lim.rlim_cur = rv_le64(new_lim.rlim_cur);
        new_lim.rlim_max = rv_le64(new_lim.rlim_max);
        host_lim = new_lim;
        if (resource == RV_RLIMIT_AS) {
            host_lim.rlim_cur = guest_as_rlimit_to_host(new_lim.rlim_cur);
            host_lim.rlim_max = guest_as_rlimit_to_host(new_lim.rlim_max);
        }
    }
    long r = host_syscall4(SYS_prlimit64, pid, resource, new_addr ? HOST_ARG(&host_lim) : 0,
                           old_addr ? HOST_ARG(&old_lim) : 0);
    if (r < 0)
        return r;
    if (resource == RV_RLIMIT_AS && new_addr && (pid == 0 || pid == host_syscall0(SYS_getpid)))
        guest_as_set_rlimit(new_lim.rlim_cur);
    if (resource == RV_RLIMIT_AS && old_addr) {
        old_lim.rlim_cur = guest_as_rlimit_from_host(old_lim.rlim_cur);
        old_lim.rlim_max = guest_as_rlimit_from_host(old_lim.rlim_max);
    }
    if (old_addr) {
        old_lim.rlim_cur = rv_le64(old_lim.rlim_cur);
        old_lim.rlim_max = rv_le64(old_lim.rlim_max);
        return copy_to_guest(old_addr, &old_lim, sizeof old_lim);
    }
    return 0;
}

long sys_prlimit64(struct rv_cpu *cpu, const uint64_t *a)
{
    return do_prlimit((int)a[0], (unsigned)a[1], a[2], a[3]);
}

/* getrlimit/setrlimit(resource, rlim): riscv64 keeps them (__ARCH_WANT_SET_GET_RLIMIT) with
 * the same two-u64 struct as prlimit64. */
long sys_getrlimit(struct rv_cpu *cpu, const uint64_t *a)
{
    if ((unsigned)a[0] >= RV_RLIMIT_NLIMITS)
        return -EINVAL;
    return do_prlimit(0, (unsigned)a[0], 0, a[1]);
}

long sys_setrlimit(struct rv_cpu *cpu, const uint64_t *a)
{
    if ((unsigned)a[0] >= RV_RLIMIT_NLIMITS)
        return -EINVAL;
    return do_prlimit(0, (unsigned)a[0], a[1], 0);
}

/* The options passed through keep their number; check that it is the host's. */
_Static_assert(RV_PR_SET_PDEATHSIG == PR_SET_PDEATHSIG && RV_PR_GET_PDEATHSIG == PR_GET_PDEATHSIG &&
               RV_PR_GET_DUMPABLE == PR_GET_DUMPABLE && RV_PR_SET_DUMPABLE == PR_SET_DUMPABLE &&
               RV_PR_SET_TIMERSLACK == PR_SET_TIMERSLACK && RV_PR_GET_TIMERSLACK == PR_GET_TIMERSLACK &&
               RV_PR_SET_CHILD_SUBREAPER == PR_SET_CHILD_SUBREAPER &&
               RV_PR_GET_CHILD_SUBREAPER == PR_GET_CHILD_SUBREAPER &&
               RV_PR_SET_NO_NEW_PRIVS == PR_SET_NO_NEW_PRIVS &&
               RV_PR_GET_NO_NEW_PRIVS == PR_GET_NO_NEW_PRIVS &&
               RV_PR_GET_KEEPCAPS == PR_GET_KEEPCAPS && RV_PR_SET_KEEPCAPS == PR_SET_KEEPCAPS &&
               RV_PR_CAPBSET_READ == PR_CAPBSET_READ && RV_PR_CAPBSET_DROP == PR_CAPBSET_DROP &&
               RV_PR_GET_SECUREBITS == PR_GET_SECUREBITS &&
               RV_PR_SET_SECUREBITS == PR_SET_SECUREBITS &&
               RV_PR_SET_THP_DISABLE == PR_SET_THP_DISABLE &&
               RV_PR_GET_THP_DISABLE == PR_GET_THP_DISABLE &&
               RV_PR_CAP_AMBIENT == PR_CAP_AMBIENT, "prctl numbers differ");

/* prctl(option, arg2, ...): the options whose arguments are plain values or one int or a
 * 16-byte name; anything else is refused as an unknown option. */
long sys_prctl(struct rv_cpu *cpu, const uint64_t *a)
{
    int option = (int)a[0];
    switch (option) {
    case RV_PR_SET_NAME: {
        char name[RV_TASK_COMM_LEN];
        /* The kernel copies at most 15 bytes and terminates; a longer name is cut, not refused. */
        memset(name, 0, sizeof name);
        for (size_t i = 0; i + 1 < sizeof name; i++) {
            int r = copy_from_guest(&name[i], a[1] + i, 1);
            if (r < 0)
                return r;
            if (!name[i])
                break;
        }
        return host_syscall2(SYS_prctl, PR_SET_NAME, HOST_ARG(name));
    }
    case RV_PR_GET_NAME: {
        char name[RV_TASK_COMM_LEN] = { 0 };
        long r = host_syscall2(SYS_prctl, PR_GET_NAME, HOST_ARG(name));
        if (r < 0)
            return r;
        return copy_to_guest(a[1], name, sizeof name);
    }
    case RV_PR_GET_PDEATHSIG:
    case RV_PR_GET_CHILD_SUBREAPER: {
        int v;
        long r = host_syscall2(SYS_prctl, option, HOST_ARG(&v));
        if (r < 0)
            return r;
        uint32_t g = rv_le32((uint32_t)v);
        return copy_to_guest(a[1], &g, sizeof g);
    }
    case RV_PR_SET_PDEATHSIG:
        /* The signal is a guest number; 0..64 map to the same host numbers. */
    case RV_PR_GET_DUMPABLE:
    case RV_PR_SET_DUMPABLE:
    case RV_PR_SET_TIMERSLACK:
    case RV_PR_GET_TIMERSLACK:
    case RV_PR_SET_CHILD_SUBREAPER:
    case RV_PR_SET_NO_NEW_PRIVS:
    case RV_PR_GET_NO_NEW_PRIVS:
    case RV_PR_GET_KEEPCAPS:
    case RV_PR_SET_KEEPCAPS:
    case RV_PR_CAPBSET_READ:
    case RV_PR_CAPBSET_DROP:
    case RV_PR_GET_SECUREBITS:
    case RV_PR_SET_SECUREBITS:
    case RV_PR_SET_THP_DISABLE:
    case RV_PR_GET_THP_DISABLE:
    case RV_PR_CAP_AMBIENT:
        return host_syscall5(SYS_prctl, option, (long)a[1], (long)a[2], (long)a[3], (long)a[4]);
    default:
        return -EINVAL;
    }
}

/* --- changing identity --------------------------------------------------------------------- */

/* The raw calls change the credentials of the calling host thread only; with one guest thread
 * that is the whole guest. A multi-threaded guest's glibc makes every thread call them itself
 * (its SIGSETXID broadcast), which needs signal delivery to reach the other threads. uid_t and
 * gid_t are 32-bit on both sides; -1 ("unchanged") passes as the same 32-bit value. */
long sys_setuid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall1(SYS_setuid, (uint32_t)a[0]); }
long sys_setgid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall1(SYS_setgid, (uint32_t)a[0]); }
long sys_setfsuid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall1(SYS_setfsuid, (uint32_t)a[0]); }
long sys_setfsgid(struct rv_cpu *cpu, const uint64_t *a) { return host_syscall1(SYS_setfsgid, (uint32_t)a[0]); }

long sys_setreuid(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_setreuid, (uint32_t)a[0], (uint32_t)a[1]);
}

long sys_setregid(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_setregid, (uint32_t)a[0], (uint32_t)a[1]);
}

long sys_setresuid(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall3(SYS_setresuid, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

long sys_setresgid(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall3(SYS_setresgid, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

long sys_setgroups(struct rv_cpu *cpu, const uint64_t *a)
{
    int size = (int)a[0];
    if (size < 0 || size > RV_NGROUPS_MAX)
        return -EINVAL;
    uint32_t *groups = malloc(((size_t)size + 1) * sizeof *groups);
    if (!groups)
        return -ENOMEM;
    long r = copy_from_guest(groups, a[1], (size_t)size * sizeof *groups);
    if (r == 0) {
        for (int i = 0; i < size; i++)
            groups[i] = rv_le32(groups[i]);
        r = host_syscall2(SYS_setgroups, size, HOST_ARG(groups));
    }
    free(groups);
    return r;
}

/* getpriority returns the kernel's raw 20 - nice on every architecture; nothing to convert. */
long sys_getpriority(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_getpriority, (int)a[0], (int)a[1]);
}

long sys_setpriority(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall3(SYS_setpriority, (int)a[0], (int)a[1], (int)a[2]);
}

/* capget/capset(header, data): the header is {u32 version; int pid}, data one (version 1) or
 * two (versions 2 and 3) {u32 effective, permitted, inheritable}; identical on both sides. The
 * kernel writes its preferred version back into a header it does not know. */
#define RV_CAP_V1 0x19980330u
#define RV_CAP_V2 0x20071026u
#define RV_CAP_V3 0x20080522u

static long cap_call(long nr, const uint64_t *a)
{
    uint32_t header[2], data[6] = { 0 };
    int r = copy_from_guest(header, a[0], sizeof header);
    if (r < 0)
        return r;
    uint32_t version = header[0];
    bool known = version == RV_CAP_V1 || version == RV_CAP_V2 || version == RV_CAP_V3;
    size_t data_len = (version == RV_CAP_V1 ? 1 : 2) * 3 * sizeof data[0];
    if (nr == SYS_capset && a[1] && known) {
        r = copy_from_guest(data, a[1], data_len);
        if (r < 0)
            return r;
    }
    long ret = host_syscall2(nr, HOST_ARG(header), a[1] ? HOST_ARG(data) : 0);
    if (header[0] != version) {
        r = copy_to_guest(a[0], header, sizeof header[0]);
        if (r < 0)
            return r;
    }
    if (ret == 0 && nr == SYS_capget && a[1] && known)
        return copy_to_guest(a[1], data, data_len);
    return ret;
}

long sys_capget(struct rv_cpu *cpu, const uint64_t *a) { return cap_call(SYS_capget, a); }
long sys_capset(struct rv_cpu *cpu, const uint64_t *a) { return cap_call(SYS_capset, a); }

/* personality(persona): 0xffffffff queries; any other value is set and the old one returned,
 * as the kernel does for every value. The host gets the flag bits that are about the process
 * as a whole (ADDR_NO_RANDOMIZE reaching a re-executed runner as it would a riscv64 program,
 * READ_IMPLIES_EXEC, UNAME26...), with PER_LINUX as its execution domain; the guest's domain
 * (the low byte: PER_LINUX32 and the rest describe how a kernel runs the program, and would
 * describe the host's x86-64 instead) and the address-limit flags (which would put the
 * runner's own mappings inside the guest range) stay here, read back by the next query. They
 * survive fork, not the runner's re-execution for a guest execve, where the kernel would keep
 * them. */
#define PERSONA_KEPT (0xffu | 0x0800000u /* ADDR_LIMIT_32BIT */ | 0x8000000u /* ADDR_LIMIT_3GB */)
static uint32_t guest_persona_kept;

long sys_personality(struct rv_cpu *cpu, const uint64_t *a)
{
    uint32_t persona = (uint32_t)a[0];
    long host = host_syscall1(SYS_personality, persona == 0xffffffffu ? 0xffffffffu
                                                : persona & ~PERSONA_KEPT);
    if (host < 0)
        return host;
    uint32_t old = ((uint32_t)host & ~PERSONA_KEPT) | __atomic_load_n(&guest_persona_kept,
                                                                     __ATOMIC_RELAXED);
    if (persona != 0xffffffffu)
        __atomic_store_n(&guest_persona_kept, persona & PERSONA_KEPT, __ATOMIC_RELAXED);
    return (long)old;
}
