/*
 * syscall/machine.c - what the guest learns about the machine it runs on: uname, sysinfo,
 * riscv_hwprobe, sched_getaffinity/sched_setaffinity, sched_yield, getrandom.
 *
 * The answers are the host's where the host's are true for the guest too (node name, memory,
 * CPUs, randomness) and riscv64's where they describe the hart crossrun emulates: uname's
 * machine is "riscv64" and riscv_hwprobe reports the extensions the engines implement.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "abi/hwprobe.h"
#include "abi/sysinfo.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "syscall/syscall.h"
#include "syscall/timespec.h"
#include "mem/uaccess.h"

_Static_assert(sizeof(struct utsname) == sizeof(struct rv_utsname), "host utsname differs");
/* The guest layout (abi/sysinfo.h) was checked against riscv64-linux-gnu's <sys/sysinfo.h>; the
 * host's is the same on x86-64, but the copy below goes field by field regardless. */
_Static_assert(sizeof(struct sysinfo) == sizeof(struct rv_sysinfo), "host sysinfo differs");

long sys_uname(struct rv_cpu *cpu, const uint64_t *a)
{
    struct utsname h;
    long r = host_syscall1(SYS_uname, HOST_ARG(&h));
    if (r < 0)
        return r;
    struct rv_utsname g;
    memcpy(g.sysname, h.sysname, sizeof g.sysname);
    memcpy(g.nodename, h.nodename, sizeof g.nodename);
    memcpy(g.release, h.release, sizeof g.release);
    memcpy(g.version, h.version, sizeof g.version);
    memset(g.machine, 0, sizeof g.machine);
    strcpy(g.machine, "riscv64");
    memcpy(g.domainname, h.domainname, sizeof g.domainname);
    return copy_to_guest(a[0], &g, sizeof g);
}

long sys_sysinfo(struct rv_cpu *cpu, const uint64_t *a)
{
    struct sysinfo h;
    long r = host_syscall1(SYS_sysinfo, HOST_ARG(&h));
    if (r < 0)
        return r;
    struct rv_sysinfo g;
    memset(&g, 0, sizeof g);
    g.uptime = (int64_t)rv_le64((uint64_t)h.uptime);
    for (int i = 0; i < 3; i++)
        g.loads[i] = rv_le64(h.loads[i]);
    g.totalram = rv_le64(h.totalram);
    g.freeram = rv_le64(h.freeram);
    g.sharedram = rv_le64(h.sharedram);
    g.bufferram = rv_le64(h.bufferram);
    g.totalswap = rv_le64(h.totalswap);
    g.freeswap = rv_le64(h.freeswap);
    g.procs = rv_le16(h.procs);
    g.totalhigh = rv_le64(h.totalhigh);
    g.freehigh = rv_le64(h.freehigh);
    g.mem_unit = rv_le32(h.mem_unit);
    return copy_to_guest(a[0], &g, sizeof g);
}

/* The largest cpu set handled (8192 CPUs); the kernel's own cpumask is smaller on any host
 * this runs on, and it answers with its own size. */
#define RV_CPUSET_MAX 1024

long sys_sched_getaffinity(struct rv_cpu *cpu, const uint64_t *a)
{
    uint8_t set[RV_CPUSET_MAX];
    uint64_t len = a[1] < sizeof set ? a[1] : sizeof set;
    if (a[1] & 7)
        return -EINVAL;
    long n = host_syscall3(SYS_sched_getaffinity, (int)a[0], (long)len, HOST_ARG(set));
    if (n < 0)
        return n;
    int r = copy_to_guest(a[2], set, (size_t)n);
    return r < 0 ? r : n;
}

long sys_sched_setaffinity(struct rv_cpu *cpu, const uint64_t *a)
{
    uint8_t set[RV_CPUSET_MAX];
    uint64_t len = a[1] < sizeof set ? a[1] : sizeof set;
    int r = copy_from_guest(set, a[2], len);
    if (r < 0)
        return r;
    return host_syscall3(SYS_sched_setaffinity, (int)a[0], (long)len, HOST_ARG(set));
}

long sys_sched_yield(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall0(SYS_sched_yield);
}

/* getrandom(buf, len, flags): the host fills the (checked) guest buffer directly. GRND_*
 * values are the same generic ones on both sides. */
long sys_getrandom(struct rv_cpu *cpu, const uint64_t *a)
{
    int r = guest_check(a[0], a[1], PROT_WRITE);
    if (r < 0)
        return r;
    return host_syscall3(SYS_getrandom, (long)a[0], (long)a[1], (long)(unsigned)a[2]);
}

/* --- riscv_hwprobe --------------------------------------------------------------------------- */

/* The extensions crossrun's engines implement beyond RV64IMA (see translate/riscv.def). */
#define RV_HWPROBE_IMA_EXT_0_VALUE \
    (RV_HWPROBE_IMA_FD | RV_HWPROBE_IMA_C | RV_HWPROBE_EXT_ZBA | RV_HWPROBE_EXT_ZBB | \
     RV_HWPROBE_EXT_ZBS | RV_HWPROBE_EXT_ZICOND)

#define RV_HWPROBE_KEY_ZICBOZ_BLOCK_SIZE      6
#define RV_HWPROBE_KEY_HIGHEST_VIRT_ADDRESS   7
#define RV_HWPROBE_KEY_MISALIGNED_SCALAR_PERF 9

/* The value of `key` for every hart (all emulated harts are alike), or false if unknown. */
static bool hwprobe_value(int64_t key, uint64_t *value)
{
    switch (key) {
    case RV_HWPROBE_KEY_MVENDORID:
    case RV_HWPROBE_KEY_MARCHID:
    case RV_HWPROBE_KEY_MIMPID:
        *value = 0;     /* "not implemented" per the privileged spec */
        return true;
    case RV_HWPROBE_KEY_BASE_BEHAVIOR:
        *value = RV_HWPROBE_BASE_BEHAVIOR_IMA;
        return true;
    case RV_HWPROBE_KEY_IMA_EXT_0:
        *value = RV_HWPROBE_IMA_EXT_0_VALUE;
        return true;
    case RV_HWPROBE_KEY_CPUPERF_0:
    case RV_HWPROBE_KEY_MISALIGNED_SCALAR_PERF:
        /* Misaligned scalar accesses are the host's own loads and stores (x86-64 does them in
         * hardware, at the speed of aligned ones within a cache line) under every engine: "fast",
         * which is true here and lets glibc (2.40+) pick its memcpy for such harts. */
        *value = RV_HWPROBE_MISALIGNED_FAST;
        return true;
    case RV_HWPROBE_KEY_ZICBOZ_BLOCK_SIZE:
        *value = 0;     /* no Zicboz */
        return true;
    case RV_HWPROBE_KEY_HIGHEST_VIRT_ADDRESS:
        *value = GUEST_LIMIT - 1;
        return true;
    default:
        return false;
    }
}

/* For RISCV_HWPROBE_WHICH_CPUS: does a hart with `have` satisfy the requested `want`? Bitmask
 * keys need all requested bits; value keys need equality. */
static bool hwprobe_match(int64_t key, uint64_t have, uint64_t want)
{
    if (key == RV_HWPROBE_KEY_BASE_BEHAVIOR || key == RV_HWPROBE_KEY_IMA_EXT_0)
        return (have & want) == want;
    return have == want;
}

/* CPUs the host has online: 0 .. n-1. */
static void online_cpus(uint8_t *set, size_t size)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    memset(set, 0, size);
    for (long i = 0; i < n && (size_t)(i / 8) < size; i++)
        set[i / 8] |= (uint8_t)(1u << (i % 8));
}

static bool cpuset_empty(const uint8_t *set, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (set[i])
            return false;
    return true;
}

/* riscv_hwprobe(pairs, pair_count, cpusetsize, cpus, flags) */
long sys_riscv_hwprobe(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr pairs = a[0], cpus = a[3];
    uint64_t count = a[1], setsize = a[2], flags = a[4] & 0xffffffffu;
    uint8_t set[RV_CPUSET_MAX], online[RV_CPUSET_MAX];
    bool which = flags & RV_HWPROBE_WHICH_CPUS;

    if (flags & ~(uint64_t)RV_HWPROBE_WHICH_CPUS)
        return -EINVAL;
    online_cpus(online, sizeof online);
    if (setsize > sizeof set)
        setsize = sizeof set;
    if (which && (!setsize || !cpus))
        return -EINVAL;
    if (!setsize && !cpus) {
        memcpy(set, online, sizeof set);
    } else {
        memset(set, 0, sizeof set);
        int r = copy_from_guest(set, cpus, setsize);
        if (r < 0)
            return r;
        for (size_t i = 0; i < sizeof set; i++)
            set[i] &= online[i];
        if (!which && cpuset_empty(set, sizeof set))
            return -EINVAL;
    }

    bool all_match = true;
    for (uint64_t i = 0; i < count; i++) {
        struct rv_hwprobe p;
        guest_addr at = pairs + i * sizeof p;
        int r = copy_from_guest(&p, at, sizeof p);
        if (r < 0)
            return r;
        uint64_t v;
        int64_t key = (int64_t)rv_le64((uint64_t)p.key);
        if (!hwprobe_value(key, &v)) {
            p.key = (int64_t)rv_le64(UINT64_MAX);   /* -1: unknown key */
            p.value = 0;
            all_match = false;
        } else if (which) {
            /* The caller's value is the request; an unmatched one removes every (identical)
             * hart from the set. The pair itself is left as it was. */
            if (!hwprobe_match(key, v, rv_le64(p.value)))
                all_match = false;
            continue;
        } else {
            p.value = rv_le64(v);
        }
        r = copy_to_guest(at, &p, sizeof p);
        if (r < 0)
            return r;
    }
    if (which) {
        if (!all_match || cpuset_empty(set, sizeof set))
            memset(set, 0, sizeof set);
        return copy_to_guest(cpus, set, setsize);
    }
    return 0;
}

/* --- scheduling ------------------------------------------------------------------------------ */

/* getcpu(cpu, node, cache): the cache argument is unused since Linux 2.6.24. */
long sys_getcpu(struct rv_cpu *cpu, const uint64_t *a)
{
    unsigned c = 0, n = 0;
    long r = host_syscall3(SYS_getcpu, HOST_ARG(&c), HOST_ARG(&n), 0);
    if (r < 0)
        return r;
    uint32_t gc = rv_le32(c), gn = rv_le32(n);
    if (a[0] && (r = copy_to_guest(a[0], &gc, sizeof gc)) < 0)
        return r;
    if (a[1] && (r = copy_to_guest(a[1], &gn, sizeof gn)) < 0)
        return r;
    return 0;
}

/* struct sched_param is one int on both sides. */
long sys_sched_getscheduler(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_sched_getscheduler, (int)a[0]);
}

long sys_sched_getparam(struct rv_cpu *cpu, const uint64_t *a)
{
    int prio;
    long r = host_syscall2(SYS_sched_getparam, (int)a[0], HOST_ARG(&prio));
    if (r < 0)
        return r;
    uint32_t g = rv_le32((uint32_t)prio);
    return copy_to_guest(a[1], &g, sizeof g);
}

static long sched_param_call(long nr, int pid, long policy, guest_addr param, bool with_policy)
{
    uint32_t prio;
    int r = copy_from_guest(&prio, param, sizeof prio);
    if (r < 0)
        return r;
    int hprio = (int)rv_le32(prio);
    if (with_policy)
        return host_syscall3(nr, pid, policy, HOST_ARG(&hprio));
    return host_syscall2(nr, pid, HOST_ARG(&hprio));
}

long sys_sched_setparam(struct rv_cpu *cpu, const uint64_t *a)
{
    return sched_param_call(SYS_sched_setparam, (int)a[0], 0, a[1], false);
}

long sys_sched_setscheduler(struct rv_cpu *cpu, const uint64_t *a)
{
    return sched_param_call(SYS_sched_setscheduler, (int)a[0], (int)a[1], a[2], true);
}

long sys_sched_get_priority_max(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_sched_get_priority_max, (int)a[0]);
}

long sys_sched_get_priority_min(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall1(SYS_sched_get_priority_min, (int)a[0]);
}

/* ioprio_get(which, who), ioprio_set(which, who, ioprio): plain ints, IOPRIO_* generic. */
long sys_ioprio_get(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_ioprio_get, (int)a[0], (int)a[1]);
}

long sys_ioprio_set(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall3(SYS_ioprio_set, (int)a[0], (int)a[1], (int)a[2]);
}

/* struct sched_attr (include/uapi/linux/sched/types.h) is fixed-width fields only, the same on
 * every architecture, and versioned by its leading u32 size: 48 bytes (VER0), 56 with the
 * utilization clamps (VER1). The kernel accepts any size up to a page (bytes it does not know
 * must be zero) and reports its own size in attr->size with -E2BIG; a page-sized buffer here
 * passes all of that through unchanged. */
#define RV_SCHED_ATTR_SIZE_VER0 48u
#define RV_SCHED_ATTR_MAX GUEST_PAGE_SIZE

long sys_sched_getattr(struct rv_cpu *cpu, const uint64_t *a)
{
    uint32_t size = (uint32_t)a[2];
    if (a[1] == 0 || size < RV_SCHED_ATTR_SIZE_VER0 || size > RV_SCHED_ATTR_MAX)
        return -EINVAL;
    static _Thread_local unsigned char attr[RV_SCHED_ATTR_MAX];
    memset(attr, 0, size);
    long r = host_syscall4(SYS_sched_getattr, (int)a[0], HOST_ARG(attr), size, (unsigned)a[3]);
    if (r < 0)
        return r;
    uint32_t written;   /* the kernel copies min(size, its own size) and sets size to it */
    memcpy(&written, attr, sizeof written);
    if (written > size)
        written = size;
    int c = copy_to_guest(a[1], attr, written);
    return c < 0 ? c : r;
}

long sys_sched_setattr(struct rv_cpu *cpu, const uint64_t *a)
{
    uint32_t size;
    int c = copy_from_guest(&size, a[1], sizeof size);
    if (c < 0)
        return c;
    size = rv_le32(size);
    uint32_t n = size == 0 ? RV_SCHED_ATTR_SIZE_VER0 : size;
    if (n > RV_SCHED_ATTR_MAX)
        n = RV_SCHED_ATTR_MAX;   /* the kernel refuses it with -E2BIG below, as it would */
    static _Thread_local unsigned char attr[RV_SCHED_ATTR_MAX];
    if (n >= sizeof size && (c = copy_from_guest(attr, a[1], n)) < 0)
        return c;
    if (size > RV_SCHED_ATTR_MAX)
        memcpy(attr, &(uint32_t){ size }, sizeof size);
    long r = host_syscall3(SYS_sched_setattr, (int)a[0], HOST_ARG(attr), (unsigned)a[2]);
    if (r == -E2BIG) {
        /* the kernel wrote the size it supports into attr->size; the guest must see it */
        c = copy_to_guest(a[1], attr, sizeof size);
        if (c < 0)
            return c;
    }
    return r;
}

/* sched_rr_get_interval(pid, tp): a struct timespec out. */
long sys_sched_rr_get_interval(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    long r = host_syscall2(SYS_sched_rr_get_interval, (int)a[0], HOST_ARG(&ts));
    if (r < 0)
        return r;
    int c = timespec_to_guest(a[1], &ts);
    return c < 0 ? c : r;
}

/* sethostname/setdomainname(name, len): the kernel copies len bytes (at most 64) from the
 * guest buffer itself, so the buffer is checked first; CAP_SYS_ADMIN in the UTS namespace is
 * the host kernel's to check. */
static long set_uts_name(long nr, guest_addr name, uint64_t len)
{
    if (len > sizeof(((struct utsname *)0)->nodename) - 1)
        return -EINVAL;
    if (guest_check(name, len, PROT_READ) < 0)
        return -EFAULT;
    return host_syscall2(nr, HOST_ARG(g2h(name)), (long)len);
}

long sys_sethostname(struct rv_cpu *cpu, const uint64_t *a)
{
    return set_uts_name(SYS_sethostname, a[0], a[1]);
}

long sys_setdomainname(struct rv_cpu *cpu, const uint64_t *a)
{
    return set_uts_name(SYS_setdomainname, a[0], a[1]);
}
