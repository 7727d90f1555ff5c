/*
 * tests/unit/test_syscalls_misc.c - the memory, process, machine, time and signal handlers
 * called directly, as dispatch.c calls them, with real guest memory behind the pointers.
 * Criterion runs each test in its own process, so signal dispositions and deaths by signal
 * (checked with .signal) stay inside one test.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/timex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "abi/hwprobe.h"
#include "abi/mman.h"
#include "abi/sysinfo.h"
#include "abi/signal.h"
#include "abi/time.h"
#include "mem/addrspace.h"
#include "syscall/syscall.h"
#include "mem/uaccess.h"
#include "translate/engines.h"

/* The engine's invalidation, recorded: riscv_flush_icache must reach it. */
static guest_addr invalidated_start;
static uint64_t invalidated_len;
static void record_invalidate(guest_addr start, uint64_t len)
{
    invalidated_start = start;
    invalidated_len = len;
}
static const struct rv_engine recording_engine = { .name = "test", .invalidate = record_invalidate };
const struct rv_engine *rv_engine = &recording_engine;

static struct rv_cpu cpu;
static guest_addr mem;          /* four read-write guest pages */
static const guest_addr bad = 0x20;   /* below GUEST_BASE: never guest memory */

static void guest_memory(void)
{
    cr_assert_eq(guest_as_init(), 0);
    long r = guest_mmap(0, 4 * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL);
    cr_assert_gt(r, 0, "guest_mmap: %ld", r);
    mem = (guest_addr)r;
    memset(&cpu, 0, sizeof cpu);
}

#define CALL(handler, ...) handler(&cpu, (const uint64_t[6]){ __VA_ARGS__ })

/* --- machine ----------------------------------------------------------------------------- */

Test(machine, uname_says_riscv64, .init = guest_memory)
{
    cr_assert_eq(CALL(sys_uname, mem), 0);
    struct rv_utsname u;
    cr_assert_eq(copy_from_guest(&u, mem, sizeof u), 0);
    cr_assert_str_eq(u.machine, "riscv64");
    cr_assert_str_eq(u.sysname, "Linux");
    cr_assert_eq(CALL(sys_uname, bad), -EFAULT);
}

Test(machine, hwprobe_reports_the_emulated_hart, .init = guest_memory)
{
    struct rv_hwprobe p[6] = {
        { RV_HWPROBE_KEY_MVENDORID, 7 }, { RV_HWPROBE_KEY_BASE_BEHAVIOR, 0 },
        { RV_HWPROBE_KEY_IMA_EXT_0, 0 }, { RV_HWPROBE_KEY_CPUPERF_0, 0 },
        { 1000, 5 }, { RV_HWPROBE_KEY_MIMPID, 9 },
    };
    cr_assert_eq(copy_to_guest(mem, p, sizeof p), 0);
    cr_assert_eq(CALL(sys_riscv_hwprobe, mem, 6, 0, 0, 0), 0);
    cr_assert_eq(copy_from_guest(p, mem, sizeof p), 0);
    cr_assert_eq(p[0].value, 0);
    cr_assert_eq(p[1].value, RV_HWPROBE_BASE_BEHAVIOR_IMA);
    cr_assert_eq(p[2].value, RV_HWPROBE_IMA_FD | RV_HWPROBE_IMA_C | RV_HWPROBE_EXT_ZBA |
                             RV_HWPROBE_EXT_ZBB | RV_HWPROBE_EXT_ZBS | RV_HWPROBE_EXT_ZICOND);
    cr_assert_eq(p[2].value & RV_HWPROBE_IMA_V, 0, "no vector unit");
    cr_assert_eq(p[3].value, RV_HWPROBE_MISALIGNED_FAST);
    cr_assert_eq(p[4].key, -1, "unknown key is cleared to -1");
    cr_assert_eq(p[4].value, 0);
    cr_assert_eq(p[5].key, RV_HWPROBE_KEY_MIMPID);
    cr_assert_eq(p[5].value, 0);

    cr_assert_eq(CALL(sys_riscv_hwprobe, mem, 1, 0, 0, 2), -EINVAL, "unknown flag");
    cr_assert_eq(CALL(sys_riscv_hwprobe, bad, 1, 0, 0, 0), -EFAULT);
}

Test(machine, hwprobe_which_cpus_filters_the_set, .init = guest_memory)
{
    uint64_t set = 1;   /* cpu 0 */
    struct rv_hwprobe want = { RV_HWPROBE_KEY_IMA_EXT_0, RV_HWPROBE_IMA_FD | RV_HWPROBE_EXT_ZBB };
    cr_assert_eq(copy_to_guest(mem, &want, sizeof want), 0);
    cr_assert_eq(copy_to_guest(mem + 64, &set, sizeof set), 0);
    cr_assert_eq(CALL(sys_riscv_hwprobe, mem, 1, 8, mem + 64, RV_HWPROBE_WHICH_CPUS), 0);
    cr_assert_eq(copy_from_guest(&set, mem + 64, sizeof set), 0);
    cr_assert_eq(set, 1, "every hart has FD and Zbb");

    want.value = RV_HWPROBE_IMA_V;
    cr_assert_eq(copy_to_guest(mem, &want, sizeof want), 0);
    cr_assert_eq(CALL(sys_riscv_hwprobe, mem, 1, 8, mem + 64, RV_HWPROBE_WHICH_CPUS), 0);
    cr_assert_eq(copy_from_guest(&set, mem + 64, sizeof set), 0);
    cr_assert_eq(set, 0, "no hart has V");
    cr_assert_eq(CALL(sys_riscv_hwprobe, mem, 1, 0, 0, RV_HWPROBE_WHICH_CPUS), -EINVAL);
}

Test(machine, getrandom_fills_guest_memory, .init = guest_memory)
{
    uint8_t zero[64] = { 0 }, got[64];
    cr_assert_eq(CALL(sys_getrandom, mem, 64, 0), 64);
    cr_assert_eq(copy_from_guest(got, mem, 64), 0);
    cr_assert_neq(memcmp(got, zero, 64), 0);
    cr_assert_eq(CALL(sys_getrandom, bad, 64, 0), -EFAULT);
}

/* --- memory ------------------------------------------------------------------------------ */

Test(mm, mmap_munmap_through_the_handlers, .init = guest_memory)
{
    long p = CALL(sys_mmap, 0, 3 * GUEST_PAGE_SIZE, RV_PROT_READ | RV_PROT_WRITE,
                  RV_MAP_PRIVATE | RV_MAP_ANONYMOUS, (uint64_t)-1, 0);
    cr_assert_gt(p, 0, "mmap: %ld", p);
    cr_assert(guest_in_range((guest_addr)p, 3 * GUEST_PAGE_SIZE));
    cr_assert_eq(p % GUEST_PAGE_SIZE, 0);
    uint64_t v = 42;
    cr_assert_eq(copy_to_guest((guest_addr)p + GUEST_PAGE_SIZE, &v, 8), 0);

    cr_assert_eq(CALL(sys_mprotect, (uint64_t)p, GUEST_PAGE_SIZE, RV_PROT_READ), 0);
    cr_assert_eq(copy_to_guest((guest_addr)p, &v, 8), -EFAULT, "read-only now");
    cr_assert_eq(CALL(sys_mprotect, (uint64_t)p, GUEST_PAGE_SIZE, 0x40), -EINVAL);

    cr_assert_eq(CALL(sys_munmap, (uint64_t)p, 3 * GUEST_PAGE_SIZE), 0);
    cr_assert_eq(copy_to_guest((guest_addr)p + GUEST_PAGE_SIZE, &v, 8), -EFAULT);
    cr_assert_eq(CALL(sys_munmap, (uint64_t)p + 1, GUEST_PAGE_SIZE), -EINVAL);
}

Test(mm, mmap_argument_checks, .init = guest_memory)
{
    cr_assert_eq(CALL(sys_mmap, 0, 4096, 3, RV_MAP_ANONYMOUS, (uint64_t)-1, 0), -EINVAL,
                 "no mapping type");
    cr_assert_eq(CALL(sys_mmap, 0, 0, 3, RV_MAP_PRIVATE | RV_MAP_ANONYMOUS, (uint64_t)-1, 0),
                 -EINVAL, "zero length");
    cr_assert_eq(CALL(sys_mmap, 0, 4096, 3, RV_MAP_PRIVATE, 1000, 100), -EINVAL,
                 "unaligned offset");
    cr_assert_eq(CALL(sys_mmap, 0, 4096, 3, RV_MAP_PRIVATE, (uint64_t)-1, 0), -EBADF);
    /* 0x40 is MAP_32BIT on x86-64 only: a riscv64 kernel ignores it, so must crossrun */
    long p = CALL(sys_mmap, 0, 4096, 3, RV_MAP_PRIVATE | RV_MAP_ANONYMOUS | 0x40,
                  (uint64_t)-1, 0);
    cr_assert_gt(p, 0);
    /* MAP_32BIT would place it below 2 GiB; the sanitizer build's whole guest range is there. */
    if (GUEST_LIMIT > (UINT64_C(1) << 32))
        cr_assert_gt((uint64_t)p, UINT64_C(1) << 32, "not placed low as MAP_32BIT would");
}

Test(mm, brk_grows_and_shrinks, .init = guest_memory)
{
    guest_addr start = mem + 64 * GUEST_PAGE_SIZE;
    guest_brk_init(start);
    cr_assert_eq(CALL(sys_brk, 0), (long)start);
    cr_assert_eq(CALL(sys_brk, start + 10000), (long)(start + 10000));
    uint64_t v = 7;
    cr_assert_eq(copy_to_guest(start + 9000, &v, 8), 0);
    cr_assert_eq(CALL(sys_brk, start), (long)start);
    cr_assert_eq(copy_to_guest(start + 9000, &v, 8), -EFAULT);
    cr_assert_eq(CALL(sys_brk, start - 4096), (long)start, "below the start: unchanged");
}

Test(mm, madvise_dontneed_and_bad_advice, .init = guest_memory)
{
    uint64_t v = 99;
    cr_assert_eq(copy_to_guest(mem, &v, 8), 0);
    cr_assert_eq(CALL(sys_madvise, mem, GUEST_PAGE_SIZE, RV_MADV_DONTNEED), 0);
    cr_assert_eq(copy_from_guest(&v, mem, 8), 0);
    cr_assert_eq(v, 0, "MADV_DONTNEED drops private anonymous pages");
    cr_assert_eq(CALL(sys_madvise, mem, GUEST_PAGE_SIZE, 77), -EINVAL);
    cr_assert_eq(CALL(sys_madvise, mem + 1, GUEST_PAGE_SIZE, RV_MADV_NORMAL), -EINVAL);
    cr_assert_eq(CALL(sys_madvise, mem + 4 * GUEST_PAGE_SIZE, GUEST_PAGE_SIZE, RV_MADV_NORMAL),
                 -ENOMEM, "unmapped");
    cr_assert_eq(CALL(sys_msync, mem, GUEST_PAGE_SIZE, RV_MS_SYNC | RV_MS_ASYNC), -EINVAL);
}

Test(mm, riscv_flush_icache_invalidates, .init = guest_memory)
{
    cr_assert_eq(CALL(sys_riscv_flush_icache, mem, mem + 100, 0), 0);
    cr_assert_eq(invalidated_start, mem);
    cr_assert_eq(invalidated_len, 100);
    cr_assert_eq(CALL(sys_riscv_flush_icache, 0, 0, 1), 0);
    cr_assert_eq(invalidated_start, 0, "empty range: everything");
    cr_assert_eq(invalidated_len, UINT64_MAX, "empty range: everything");
    cr_assert_eq(CALL(sys_riscv_flush_icache, 0, 0, 2), -EINVAL);
}

/* --- process ----------------------------------------------------------------------------- */

Test(proc, exit_group_stops_with_low_byte, .init = guest_memory)
{
    cr_assert_eq(CALL(sys_exit_group, 0x1234), 0);
    cr_assert_eq(cpu.stop, RV_STOP_EXIT);
    cr_assert_eq(cpu.exit_status, 0x34);
}

Test(proc, ids_and_limits, .init = guest_memory)
{
    cr_assert_eq(CALL(sys_getpid), getpid());
    cr_assert_eq(CALL(sys_gettid), gettid());
    cr_assert_eq(CALL(sys_set_tid_address, mem), gettid());
    cr_assert_eq(CALL(sys_set_robust_list, mem, 16), -EINVAL);
    cr_assert_eq(CALL(sys_set_robust_list, mem, RV_ROBUST_LIST_HEAD_SIZE), 0);
    cr_assert_eq(CALL(sys_rseq, mem, 32, 0, 0), -ENOSYS);

    struct rlimit host;
    cr_assert_eq(getrlimit(RLIMIT_NOFILE, &host), 0);
    struct rv_rlimit g;
    cr_assert_eq(CALL(sys_getrlimit, 7, mem), 0);
    cr_assert_eq(copy_from_guest(&g, mem, sizeof g), 0);
    cr_assert_eq(g.rlim_cur, host.rlim_cur);
    cr_assert_eq(g.rlim_max, host.rlim_max);
    cr_assert_eq(CALL(sys_prlimit64, 0, 7, 0, bad), -EFAULT);
    cr_assert_eq(CALL(sys_getrlimit, 99, mem), -EINVAL);
}

Test(proc, prctl_name_round_trip, .init = guest_memory)
{
    cr_assert_eq(copy_to_guest(mem, "a-rather-long-thread-name", 26), 0);
    cr_assert_eq(CALL(sys_prctl, RV_PR_SET_NAME, mem), 0);
    char name[16];
    cr_assert_eq(CALL(sys_prctl, RV_PR_GET_NAME, mem + 100), 0);
    cr_assert_eq(copy_from_guest(name, mem + 100, 16), 0);
    cr_assert_str_eq(name, "a-rather-long-t", "cut to 15 bytes like the kernel");
    cr_assert_eq(CALL(sys_prctl, 0x7777), -EINVAL);
}

Test(proc, sysinfo_layout, .init = guest_memory)
{
    cr_assert_eq(CALL(sys_sysinfo, mem), 0);
    struct rv_sysinfo s;
    cr_assert_eq(copy_from_guest(&s, mem, sizeof s), 0);
    cr_assert_gt(s.totalram, 0);
    cr_assert_gt(s.mem_unit, 0);
    cr_assert_gt(s.procs, 0);
}

/* --- time -------------------------------------------------------------------------------- */

Test(time, clocks_and_sleeps, .init = guest_memory)
{
    cr_assert_eq(CALL(sys_clock_gettime, RV_CLOCK_MONOTONIC, mem), 0);
    struct rv_timespec ts;
    cr_assert_eq(copy_from_guest(&ts, mem, sizeof ts), 0);
    cr_assert(ts.tv_sec > 0 || ts.tv_nsec > 0);
    cr_assert_eq(CALL(sys_clock_gettime, RV_CLOCK_MONOTONIC, bad), -EFAULT);
    cr_assert_eq(CALL(sys_clock_gettime, 1000, mem), -EINVAL);
    cr_assert_eq(CALL(sys_gettimeofday, mem, 0), 0);

    struct rv_timespec req = { 0, 2000000000 };   /* tv_nsec out of range */
    cr_assert_eq(copy_to_guest(mem, &req, sizeof req), 0);
    cr_assert_eq(CALL(sys_nanosleep, mem, 0), -EINVAL);
    req.tv_nsec = 1000;
    cr_assert_eq(copy_to_guest(mem, &req, sizeof req), 0);
    cr_assert_eq(CALL(sys_nanosleep, mem, 0), 0);
    cr_assert_eq(CALL(sys_nanosleep, bad, 0), -EFAULT);
    cr_assert_geq(CALL(sys_times, 0), 0);
}

/* --- signals ----------------------------------------------------------------------------- */

Test(signal, sigaction_round_trip_uses_the_riscv64_layout, .init = guest_memory)
{
    /* handler, flags, mask: 24 bytes, no sa_restorer between flags and mask */
    uint64_t act[3] = { 0x12340, RV_SA_SIGINFO | RV_SA_RESTART | 0x04000000 /* SA_RESTORER */,
                        RV_SIGBIT(RV_SIGINT) | RV_SIGBIT(RV_SIGKILL) };
    uint64_t old[4] = { 1, 1, 1, 0xdead };
    cr_assert_eq(copy_to_guest(mem, act, sizeof act), 0);
    cr_assert_eq(copy_to_guest(mem + 64, old, sizeof old), 0);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGUSR1, mem, mem + 64, 8), 0);
    cr_assert_eq(copy_from_guest(old, mem + 64, sizeof old), 0);
    cr_assert_eq(old[0], 0, "was SIG_DFL");
    cr_assert_eq(old[1], 0);
    cr_assert_eq(old[2], 0);
    cr_assert_eq(old[3], 0xdead, "exactly 24 bytes written");

    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGUSR1, 0, mem + 64, 8), 0);
    cr_assert_eq(copy_from_guest(old, mem + 64, 24), 0);
    cr_assert_eq(old[0], 0x12340);
    cr_assert_eq(old[1], RV_SA_SIGINFO | RV_SA_RESTART, "SA_RESTORER is not a riscv64 flag");
    cr_assert_eq(old[2], RV_SIGBIT(RV_SIGINT), "SIGKILL cannot be in sa_mask");

    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGUSR1, 0, 0, 16), -EINVAL, "sigsetsize");
    cr_assert_eq(CALL(sys_rt_sigaction, 0, 0, 0, 8), -EINVAL);
    cr_assert_eq(CALL(sys_rt_sigaction, 65, 0, 0, 8), -EINVAL);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGKILL, mem, 0, 8), -EINVAL);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGKILL, 0, mem + 64, 8), 0);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGUSR2, bad, 0, 8), -EFAULT);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGUSR2, mem, bad, 8), -EFAULT);
}

Test(signal, ignored_sigpipe_gives_epipe, .init = guest_memory)
{
    uint64_t act[3] = { RV_SIG_IGN, 0, 0 };
    cr_assert_eq(copy_to_guest(mem, act, sizeof act), 0);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGPIPE, mem, 0, 8), 0);
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    close(fds[0]);
    errno = 0;
    cr_assert_eq(write(fds[1], "x", 1), -1);
    cr_assert_eq(errno, EPIPE);

    struct sigaction host;
    act[0] = RV_SIG_DFL;
    cr_assert_eq(copy_to_guest(mem, act, sizeof act), 0);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGPIPE, mem, 0, 8), 0);
    cr_assert_eq(sigaction(SIGPIPE, NULL, &host), 0);
    cr_assert_eq(host.sa_handler, SIG_DFL, "SIG_DFL restored on the host");
}

Test(signal, sigprocmask_semantics, .init = guest_memory)
{
    uint64_t set = RV_SIGBIT(RV_SIGINT) | RV_SIGBIT(RV_SIGKILL) | RV_SIGBIT(RV_SIGSTOP);
    uint64_t got;
    cr_assert_eq(copy_to_guest(mem, &set, 8), 0);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_BLOCK, mem, mem + 8, 8), 0);
    cr_assert_eq(copy_from_guest(&got, mem + 8, 8), 0);
    cr_assert_eq(got, 0, "old mask");
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_BLOCK, 0, mem + 8, 8), 0);
    cr_assert_eq(copy_from_guest(&got, mem + 8, 8), 0);
    cr_assert_eq(got, RV_SIGBIT(RV_SIGINT), "SIGKILL and SIGSTOP cannot be blocked");

    set = RV_SIGBIT(RV_SIGTERM);
    cr_assert_eq(copy_to_guest(mem, &set, 8), 0);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_BLOCK, mem, 0, 8), 0);
    set = RV_SIGBIT(RV_SIGINT);
    cr_assert_eq(copy_to_guest(mem, &set, 8), 0);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_UNBLOCK, mem, mem + 8, 8), 0);
    cr_assert_eq(copy_from_guest(&got, mem + 8, 8), 0);
    cr_assert_eq(got, RV_SIGBIT(RV_SIGINT) | RV_SIGBIT(RV_SIGTERM));
    set = RV_SIGBIT(RV_SIGUSR2);
    cr_assert_eq(copy_to_guest(mem, &set, 8), 0);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_SETMASK, mem, mem + 8, 8), 0);
    cr_assert_eq(copy_from_guest(&got, mem + 8, 8), 0);
    cr_assert_eq(got, RV_SIGBIT(RV_SIGTERM));

    cr_assert_eq(CALL(sys_rt_sigprocmask, 3, mem, 0, 8), -EINVAL);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_BLOCK, mem, 0, 4), -EINVAL);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_BLOCK, bad, 0, 8), -EFAULT);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_BLOCK, 0, bad, 8), -EFAULT);
    cr_assert_eq(CALL(sys_rt_sigprocmask, 99, 0, mem + 8, 8), 0, "how is ignored without set");
    cr_assert_eq(copy_from_guest(&got, mem + 8, 8), 0);
    cr_assert_eq(got, RV_SIGBIT(RV_SIGUSR2));
}

Test(signal, sigaltstack_records_and_validates, .init = guest_memory)
{
    struct rv_stack ss = { .sp = mem, .flags = 0, .size = 1024 };
    struct rv_stack old;
    cr_assert_eq(copy_to_guest(mem + 2048, &ss, sizeof ss), 0);
    cr_assert_eq(CALL(sys_sigaltstack, mem + 2048, 0), -ENOMEM, "below MINSIGSTKSZ");
    ss.size = 3 * GUEST_PAGE_SIZE;
    cr_assert_eq(copy_to_guest(mem + 2048, &ss, sizeof ss), 0);
    cr_assert_eq(CALL(sys_sigaltstack, mem + 2048, mem + 2100), 0);
    cr_assert_eq(copy_from_guest(&old, mem + 2100, sizeof old), 0);
    cr_assert_eq(old.flags, RV_SS_DISABLE);
    cr_assert_eq(CALL(sys_sigaltstack, 0, mem + 2100), 0);
    cr_assert_eq(copy_from_guest(&old, mem + 2100, sizeof old), 0);
    cr_assert_eq(old.sp, mem);
    cr_assert_eq(old.size, 3 * GUEST_PAGE_SIZE);
    cr_assert_eq(old.flags, 0);
    cpu.x[2] = mem + 100;   /* running on it: it cannot change, and says so */
    cr_assert_eq(CALL(sys_sigaltstack, 0, mem + 2100), 0);
    cr_assert_eq(copy_from_guest(&old, mem + 2100, sizeof old), 0);
    cr_assert_eq(old.flags, RV_SS_ONSTACK);
    cr_assert_eq(CALL(sys_sigaltstack, mem + 2048, 0), -EPERM);
    cpu.x[2] = 0;
    ss.flags = 8;
    cr_assert_eq(copy_to_guest(mem + 2048, &ss, sizeof ss), 0);
    cr_assert_eq(CALL(sys_sigaltstack, mem + 2048, 0), -EINVAL);
}

Test(signal, kill_self_with_ignored_signal_is_harmless, .init = guest_memory)
{
    uint64_t act[3] = { RV_SIG_IGN, 0, 0 };
    cr_assert_eq(copy_to_guest(mem, act, sizeof act), 0);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGUSR1, mem, 0, 8), 0);
    cr_assert_eq(CALL(sys_kill, (uint64_t)getpid(), RV_SIGUSR1), 0);
    cr_assert_eq(CALL(sys_tgkill, (uint64_t)getpid(), (uint64_t)gettid(), RV_SIGCHLD), 0,
                 "default action ignore");
    cr_assert_eq(CALL(sys_kill, (uint64_t)getpid(), 65), -EINVAL);
    cr_assert_eq(CALL(sys_kill, (uint64_t)getpid(), 0), 0, "signal 0 probes");
}

Test(signal, kill_self_with_default_sigterm_dies_by_it, .init = guest_memory, .signal = SIGTERM)
{
    CALL(sys_kill, (uint64_t)getpid(), RV_SIGTERM);
}

Test(signal, blocked_signal_waits_then_kills_when_unblocked, .init = guest_memory,
     .signal = SIGUSR1)
{
    uint64_t set = RV_SIGBIT(RV_SIGUSR1), got = 0;
    cr_assert_eq(copy_to_guest(mem, &set, 8), 0);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_BLOCK, mem, 0, 8), 0);
    cr_assert_eq(CALL(sys_tkill, (uint64_t)gettid(), RV_SIGUSR1), 0, "still alive");
    cr_assert_eq(CALL(sys_rt_sigpending, mem + 8, 8), 0);
    cr_assert_eq(copy_from_guest(&got, mem + 8, 8), 0);
    cr_assert_eq(got, RV_SIGBIT(RV_SIGUSR1));
    CALL(sys_rt_sigprocmask, RV_SIG_UNBLOCK, mem, 0, 8);
    cr_assert_fail("unblocking a pending default-action SIGUSR1 must kill");
}

Test(signal, blocked_ignored_signal_is_pending_until_unblocked, .init = guest_memory)
{
    uint64_t set = RV_SIGBIT(RV_SIGCHLD) | RV_SIGBIT(RV_SIGUSR1), got = 0;
    uint64_t act[3] = { RV_SIG_IGN, 0, 0 };
    cr_assert_eq(copy_to_guest(mem, act, sizeof act), 0);
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGUSR1, mem, 0, 8), 0);
    cr_assert_eq(copy_to_guest(mem + 32, &set, 8), 0);
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_BLOCK, mem + 32, 0, 8), 0);
    cr_assert_eq(CALL(sys_kill, (uint64_t)getpid(), RV_SIGCHLD), 0);
    cr_assert_eq(CALL(sys_kill, (uint64_t)getpid(), RV_SIGUSR1), 0);
    cr_assert_eq(CALL(sys_rt_sigpending, mem + 40, 8), 0);
    cr_assert_eq(copy_from_guest(&got, mem + 40, 8), 0);
    cr_assert_eq(got, set, "blocked signals are queued even when ignored");
    cr_assert_eq(CALL(sys_rt_sigaction, RV_SIGCHLD, mem, 0, 8), 0);
    cr_assert_eq(CALL(sys_rt_sigpending, mem + 40, 8), 0);
    cr_assert_eq(copy_from_guest(&got, mem + 40, 8), 0);
    cr_assert_eq(got, RV_SIGBIT(RV_SIGUSR1), "setting SIG_IGN discards a pending one");
    cr_assert_eq(CALL(sys_rt_sigprocmask, RV_SIG_UNBLOCK, mem + 32, 0, 8), 0, "ignored: harmless");
    cr_assert_eq(CALL(sys_rt_sigpending, mem + 40, 8), 0);
    cr_assert_eq(copy_from_guest(&got, mem + 40, 8), 0);
    cr_assert_eq(got, 0);
}

Test(proc, capget_personality_and_scheduling, .init = guest_memory)
{
    uint32_t header[2] = { 0x20080522, 0 }, data[6];
    cr_assert_eq(copy_to_guest(mem, header, sizeof header), 0);
    cr_assert_eq(CALL(sys_capget, mem, mem + 16), 0);
    cr_assert_eq(copy_from_guest(data, mem + 16, sizeof data), 0);
    header[0] = 0x12345678;   /* unknown version: the kernel's own is written back */
    cr_assert_eq(copy_to_guest(mem, header, sizeof header), 0);
    cr_assert_eq(CALL(sys_capget, mem, 0), 0);
    cr_assert_eq(copy_from_guest(header, mem, sizeof header), 0);
    cr_assert_eq(header[0], 0x20080522);

    cr_assert_eq(CALL(sys_personality, 0xffffffff), 0, "PER_LINUX");
    cr_assert_eq(CALL(sys_personality, 8 /* PER_LINUX32 */), 0, "the old persona");
    cr_assert_eq(CALL(sys_personality, 0xffffffff), 8, "the guest's domain, kept by the runner");
    cr_assert_eq(syscall(SYS_personality, 0xffffffff) & 0xff, 0, "the host's stays PER_LINUX");
    cr_assert_eq(CALL(sys_personality, 0), 8);

    cr_assert_geq(CALL(sys_getcpu, mem, mem + 4, 0), 0);
    cr_assert_eq(CALL(sys_getcpu, bad, 0, 0), -EFAULT);
    cr_assert_eq(CALL(sys_sched_getscheduler, 0), 0, "SCHED_OTHER");
    cr_assert_eq(CALL(sys_sched_getparam, 0, mem), 0);
    cr_assert_eq(CALL(sys_sched_get_priority_max, 1 /* SCHED_FIFO */), 99);
    cr_assert_eq(CALL(sys_setgroups, 1, bad), -EFAULT);
}

Test(time, itimer_round_trip, .init = guest_memory)
{
    struct rv_timeval t[2] = { { 0, 0 }, { 100, 250000 } };   /* interval, value */
    cr_assert_eq(copy_to_guest(mem, t, sizeof t), 0);
    cr_assert_eq(CALL(sys_setitimer, 0 /* ITIMER_REAL */, mem, 0), 0);
    cr_assert_eq(CALL(sys_getitimer, 0, mem + 64), 0);
    cr_assert_eq(copy_from_guest(t, mem + 64, sizeof t), 0);
    cr_assert(t[1].tv_sec == 100 || t[1].tv_sec == 99, "remaining %lld", (long long)t[1].tv_sec);
    struct rv_timeval zero[2] = { { 0, 0 }, { 0, 0 } };
    cr_assert_eq(copy_to_guest(mem, zero, sizeof zero), 0);
    cr_assert_eq(CALL(sys_setitimer, 0, mem, mem + 64), 0, "cancel, old value out");
    cr_assert_eq(copy_from_guest(t, mem + 64, sizeof t), 0);
    cr_assert_gt(t[1].tv_sec + t[1].tv_usec, 0);
    cr_assert_eq(CALL(sys_setitimer, 0, bad, 0), -EFAULT);
}

/* --- memory: membarrier, mincore, process_vm_readv (syscall/mm.c) --------------------------- */

Test(mm, membarrier_offers_no_sync_core_or_rseq, .init = guest_memory)
{
    long q = CALL(sys_membarrier, 0 /* QUERY */, 0, 0);
    cr_assert_gt(q, 0);
    cr_assert(q & 1, "MEMBARRIER_CMD_GLOBAL offered");
    cr_assert_eq(q & 0x1e0, 0, "SYNC_CORE and RSEQ commands hidden: %#lx", q);
    cr_assert_eq(CALL(sys_membarrier, 1 << 6 /* REGISTER_PRIVATE_EXPEDITED_SYNC_CORE */, 0, 0), -EINVAL);
    cr_assert_eq(CALL(sys_membarrier, 1 << 8 /* REGISTER_PRIVATE_EXPEDITED_RSEQ */, 0, 0), -EINVAL);
    cr_assert_eq(CALL(sys_membarrier, 1 /* GLOBAL */, 0, 0), 0);
}

Test(mm, mincore_checks_range_and_vector, .init = guest_memory)
{
    cr_assert_eq(copy_to_guest(mem, "x", 1), 0);   /* page 0 is resident now */
    cr_assert_eq(CALL(sys_mincore, mem, 2 * GUEST_PAGE_SIZE, mem + 3 * GUEST_PAGE_SIZE), 0);
    unsigned char vec[2];
    cr_assert_eq(copy_from_guest(vec, mem + 3 * GUEST_PAGE_SIZE, sizeof vec), 0);
    cr_assert_eq(vec[0] & 1, 1);
    cr_assert_eq(CALL(sys_mincore, mem + 1, 1, mem + 3 * GUEST_PAGE_SIZE), -EINVAL);
    cr_assert_eq(CALL(sys_mincore, mem, GUEST_PAGE_SIZE, bad), -EFAULT);
    unsigned char host_vec[1];   /* runner memory: never written by the kernel for the guest */
    cr_assert_eq(CALL(sys_mincore, mem, GUEST_PAGE_SIZE, (uint64_t)(uintptr_t)host_vec), -EFAULT);
    cr_assert_eq(CALL(sys_mincore, GUEST_LIMIT - GUEST_PAGE_SIZE, GUEST_PAGE_SIZE,
                      mem + 3 * GUEST_PAGE_SIZE), -ENOMEM, "not mapped");
}

Test(mm, process_vm_readv_on_self_stays_in_guest_memory, .init = guest_memory)
{
    static char secret[16] = "runner memory";
    guest_addr src = mem, dst = mem + 64, liov = mem + 128, riov = mem + 160;
    cr_assert_eq(copy_to_guest(src, "guest bytes", 12), 0);
    uint64_t l[2] = { dst, 12 }, r[2] = { src, 12 };
    cr_assert_eq(copy_to_guest(liov, l, sizeof l), 0);
    cr_assert_eq(copy_to_guest(riov, r, sizeof r), 0);
    long pid = getpid();
    cr_assert_eq(CALL(sys_process_vm_readv, pid, liov, 1, riov, 1, 0), 12);
    char got[12];
    cr_assert_eq(copy_from_guest(got, dst, sizeof got), 0);
    cr_assert_str_eq(got, "guest bytes");
    /* the guest naming runner memory as the "remote" side of its own process is refused */
    r[0] = (uint64_t)(uintptr_t)secret;
    cr_assert_eq(copy_to_guest(riov, r, sizeof r), 0);
    cr_assert_eq(CALL(sys_process_vm_readv, pid, liov, 1, riov, 1, 0), -EFAULT);
    cr_assert_eq(CALL(sys_process_vm_readv, pid, liov, 1025, riov, 1, 0), -EINVAL);
    cr_assert_eq(CALL(sys_process_vm_readv, pid, bad, 1, riov, 1, 0), -EFAULT);
}

/* --- machine: sched_attr, sethostname (syscall/machine.c) ----------------------------------- */

Test(machine, sched_attr_sizes, .init = guest_memory)
{
    cr_assert_eq(CALL(sys_sched_getattr, 0, mem, 56, 0), 0);
    uint32_t size;
    cr_assert_eq(copy_from_guest(&size, mem, sizeof size), 0);
    cr_assert_eq(size, 56, "the kernel's SCHED_ATTR_SIZE_VER1");
    cr_assert_eq(CALL(sys_sched_getattr, 0, mem, 47, 0), -EINVAL);
    cr_assert_eq(CALL(sys_sched_getattr, 0, 0, 56, 0), -EINVAL);
    cr_assert_eq(CALL(sys_sched_getattr, 0, bad, 56, 0), -EFAULT);
    cr_assert_eq(CALL(sys_sched_getattr, 0, mem, 5000, 0), -EINVAL);
    /* setattr with size 8: E2BIG and the kernel's size written back to the guest */
    uint32_t small[2] = { 8, 0 };
    cr_assert_eq(copy_to_guest(mem, small, sizeof small), 0);
    cr_assert_eq(CALL(sys_sched_setattr, 0, mem, 0), -E2BIG);
    cr_assert_eq(copy_from_guest(&size, mem, sizeof size), 0);
    cr_assert_eq(size, 56);
    cr_assert_eq(CALL(sys_sched_setattr, 0, bad, 0), -EFAULT);
    cr_assert_eq(CALL(sys_sethostname, bad, 4), -EFAULT);
    cr_assert_eq(CALL(sys_sethostname, mem, 65), -EINVAL);
}

/* --- time: adjtimex, clock_adjtime, settimeofday (syscall/time.c); nothing here sets the clock */

Test(time, adjtimex_reads_like_the_host, .init = guest_memory)
{
    unsigned char tx[208] = { 0 };   /* modes 0: read only */
    cr_assert_eq(copy_to_guest(mem, tx, sizeof tx), 0);
    struct timex host = { 0 };
    long want = adjtimex(&host);
    long got = CALL(sys_adjtimex, mem);
    cr_assert_eq(got, want, "clock state %ld, host %ld", got, want);
    cr_assert_eq(copy_from_guest(tx, mem, sizeof tx), 0);
    int64_t tick;
    memcpy(&tick, tx + offsetof(struct timex, tick), sizeof tick);
    cr_assert_eq(tick, host.tick, "the kernel's answer was copied back");
    cr_assert_eq(CALL(sys_clock_adjtime, 0 /* CLOCK_REALTIME */, mem), want);
    cr_assert_eq(CALL(sys_clock_adjtime, 0, bad), -EFAULT);
    cr_assert_eq(CALL(sys_adjtimex, bad), -EFAULT);
    int64_t tv[2] = { 1, 2000000 };   /* tv_usec out of range: refused before anything is set */
    cr_assert_eq(copy_to_guest(mem, tv, sizeof tv), 0);
    cr_assert_eq(CALL(sys_settimeofday, mem, 0), -EINVAL);
    cr_assert_eq(CALL(sys_settimeofday, bad, 0), -EFAULT);
}
