/*
 * tests/unit/test_procfs.c - the text of the guest's /proc files (syscall/procfs_fmt.c) from
 * made-up vmas and host text: exact maps lines in the kernel's columns, smaps fields, names
 * without the sysroot, stat and status with the guest's fields put in, riscv64 cpuinfo.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "syscall/procfs_fmt.h"

static struct rv_text t;

static void teardown(void)
{
    rv_text_free(&t);
}

TestSuite(procfs, .fini = teardown);

static struct guest_vma vma(guest_addr start, guest_addr end, int prot, int flags, uint64_t off,
                            const char *name)
{
    struct guest_vma v = { .start = start, .end = end, .prot = prot, .flags = flags, .offset = off };
    strcpy(v.name, name);
    return v;
}

Test(procfs, maps_line_file_pads_name_to_column_73)
{
    struct guest_vma v = vma(0x10000, 0x12000, PROT_READ | PROT_EXEC, MAP_PRIVATE, 0x3000, "/bin/x");
    struct rv_vma_info x = { .dev_major = 0xfe, .dev_minor = 1, .inode = 247498, .name = "/bin/x" };
    rv_procfs_maps_line(&t, &v, &x);
    cr_assert_str_eq(t.data, "00010000-00012000 r-xp 00003000 fe:01 247498"
                             "                             /bin/x\n");
    cr_assert_eq(strstr(t.data, "/bin/x") - t.data, 73);
}

Test(procfs, maps_line_anonymous_ends_in_space_and_ignores_offset)
{
    struct guest_vma v = vma(0x3f7c9de000, 0x3f7c9eb000, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, 0x5000, "");
    struct rv_vma_info x = { .name = "" };
    rv_procfs_maps_line(&t, &v, &x);
    cr_assert_str_eq(t.data, "3f7c9de000-3f7c9eb000 rw-p 00000000 00:00 0 \n");
}

Test(procfs, maps_line_long_prefix_still_gets_one_space)
{
    struct guest_vma v = vma(0x1000000000000000, 0x1000000000001000, PROT_NONE, MAP_SHARED,
                             0x123456789, "/f");
    struct rv_vma_info x = { .dev_major = 0x103, .dev_minor = 0x45678, .inode = 123456789012345ULL,
                             .name = "/f" };
    rv_procfs_maps_line(&t, &v, &x);
    cr_assert_str_eq(t.data, "1000000000000000-1000000000001000 ---s 123456789 103:45678 "
                             "123456789012345  /f\n");
}

Test(procfs, vma_names)
{
    char out[256];
    struct guest_vma v = vma(0x10000, 0x11000, PROT_READ, MAP_PRIVATE, 0,
                             "/usr/riscv64-linux-gnu/lib/libc.so.6");
    rv_procfs_vma_name(&v, "/usr/riscv64-linux-gnu", out, sizeof out);
    cr_assert_str_eq(out, "/lib/libc.so.6", "the sysroot prefix goes");
    rv_procfs_vma_name(&v, NULL, out, sizeof out);
    cr_assert_str_eq(out, "/usr/riscv64-linux-gnu/lib/libc.so.6", "no sysroot, no change");
    rv_procfs_vma_name(&v, "/usr/riscv64-linux", out, sizeof out);
    cr_assert_str_eq(out, "/usr/riscv64-linux-gnu/lib/libc.so.6", "only a whole directory");
    rv_procfs_vma_name(&v, "/", out, sizeof out);
    cr_assert_str_eq(out, "/usr/riscv64-linux-gnu/lib/libc.so.6", "a sysroot of / strips nothing");

    v = vma(0x10000, 0x11000, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, 0, "");
    rv_procfs_vma_name(&v, NULL, out, sizeof out);
    cr_assert_str_eq(out, "/dev/zero (deleted)");
    v = vma(0x10000, 0x11000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0, "[heap]");
    rv_procfs_vma_name(&v, "/usr/riscv64-linux-gnu", out, sizeof out);
    cr_assert_str_eq(out, "[heap]");
    v = vma(0x10000, 0x11000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0, "");
    rv_procfs_vma_name(&v, NULL, out, sizeof out);
    cr_assert_str_eq(out, "");
}

Test(procfs, smaps_entry_of_the_stack)
{
    struct guest_vma v = vma(0x3ffd74d000, 0x3ffd76e000, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, 0, "[stack]");
    struct rv_vma_info x = { .rss = 3 * 4096, .name = "[stack]" };
    rv_procfs_smaps_entry(&t, &v, &x);
    cr_assert_str_eq(t.data,
        "3ffd74d000-3ffd76e000 rw-p 00000000 00:00 0                              [stack]\n"
        "Size:                132 kB\n"
        "KernelPageSize:        4 kB\n"
        "MMUPageSize:           4 kB\n"
        "Rss:                  12 kB\n"
        "Pss:                  12 kB\n"
        "Pss_Dirty:            12 kB\n"
        "Shared_Clean:          0 kB\n"
        "Shared_Dirty:          0 kB\n"
        "Private_Clean:         0 kB\n"
        "Private_Dirty:        12 kB\n"
        "Referenced:           12 kB\n"
        "Anonymous:            12 kB\n"
        "KSM:                   0 kB\n"
        "LazyFree:              0 kB\n"
        "AnonHugePages:         0 kB\n"
        "ShmemPmdMapped:        0 kB\n"
        "FilePmdMapped:         0 kB\n"
        "Shared_Hugetlb:        0 kB\n"
        "Private_Hugetlb:       0 kB\n"
        "Swap:                  0 kB\n"
        "SwapPss:               0 kB\n"
        "Locked:                0 kB\n"
        "THPeligible:           0\n"
        "VmFlags: rd wr mr mw me gd ac \n");
}

Test(procfs, smaps_file_pages_are_clean_and_not_anonymous)
{
    struct guest_vma v = vma(0x10000, 0x12000, PROT_READ | PROT_EXEC, MAP_PRIVATE, 0, "/bin/x");
    struct rv_vma_info x = { .rss = 4096, .name = "/bin/x" };
    rv_procfs_smaps_entry(&t, &v, &x);
    cr_assert(strstr(t.data, "\nPrivate_Clean:         4 kB\n"));
    cr_assert(strstr(t.data, "\nPrivate_Dirty:         0 kB\n"));
    cr_assert(strstr(t.data, "\nAnonymous:             0 kB\n"));
    cr_assert(strstr(t.data, "\nVmFlags: rd ex mr mw me \n"));
}

static const struct rv_procfs_mm mm = {
    .vsize = 9932800, .data = 217088, .stack = 135168, .exe = 4096, .lib = 1302528,
    .peak = 10240000, .hwm = 2048000, .rss = 1024000, .rss_anon = 512000, .rss_file = 409600,
    .rss_shmem = 102400, .locked = 4096, .pte = 8192, .swap = 0,
    .start_code = 100, .end_code = 200, .start_stack = 300,
    .start_data = 450, .end_data = 460, .start_brk = 470,
    .arg_start = 480, .arg_end = 490, .env_start = 500, .env_end = 510,
    .sig_blocked = 1u << 11, .sig_ignored = 1u << 12, .sig_caught = 1u << 9,
};

Test(procfs, stat_replaces_the_guest_fields_only)
{
    /* A comm with a space and a parenthesis: fields are counted after the last ')'. */
    const char *host = "1293 (a b) c) R 1285 1285 19048 0 -1 4194304 565 0 0 0 0 0 0 0 20 0 1 0 445150 "
                       "274877906944 1033 18446744073709551615 94051163672576 94051163692457 "
                       "140728227421872 0 0 0 0 0 1088 0 0 0 17 0 0 0 0 0 0 94051163708464 "
                       "94051163710080 94051508035584 140728227429001 140728227429021 "
                       "140728227429021 140728227430379 0\n";
    cr_assert(rv_procfs_stat(&t, host, &mm));
    cr_assert_str_eq(t.data, "1293 (a b) c) R 1285 1285 19048 0 -1 4194304 565 0 0 0 0 0 0 0 20 0 1 0 "
                             "445150 9932800 1033 18446744073709551615 100 200 300 0 0 0 0 0 1088 0 "
                             "0 0 17 0 0 0 0 0 0 450 460 470 480 490 500 510 0\n");
}

Test(procfs, stat_rejects_text_without_comm)
{
    cr_assert_not(rv_procfs_stat(&t, "garbage", &mm));
    cr_assert_eq(t.len, 0);
}

Test(procfs, status_sizes_and_signals)
{
    const char *host = "Name:\tcatf\n"
                       "VmPeak:\t268435456 kB\n"
                       "VmSize:\t268435456 kB\n"
                       "VmLck:\t       0 kB\n"
                       "VmPin:\t       0 kB\n"
                       "VmHWM:\t    4276 kB\n"
                       "VmRSS:\t    4276 kB\n"
                       "RssAnon:\t     636 kB\n"
                       "RssFile:\t    3640 kB\n"
                       "RssShmem:\t       0 kB\n"
                       "VmData:\t     999 kB\n"
                       "VmStk:\t     132 kB\n"
                       "VmExe:\t    1024 kB\n"
                       "VmLib:\t    5000 kB\n"
                       "VmPTE:\t      84 kB\n"
                       "VmSwap:\t      12 kB\n"
                       "untag_mask:\t0xffffffffffffffff\n"
                       "SigBlk:\tfffffffe7ffbfeff\n"
                       "SigIgn:\t0000000000001000\n"
                       "SigCgt:\t0000000180014a07\n"
                       "Cpus_allowed:\t3\n"
                       "x86_Thread_features:\t\n"
                       "x86_Thread_features_locked:\t\n";
    rv_procfs_status(&t, host, &mm);
    cr_assert_str_eq(t.data, "Name:\tcatf\n"
                             "VmPeak:\t   10000 kB\n"
                             "VmSize:\t    9700 kB\n"
                             "VmLck:\t       4 kB\n"
                             "VmPin:\t       0 kB\n"
                             "VmHWM:\t    2000 kB\n"
                             "VmRSS:\t    1000 kB\n"
                             "RssAnon:\t     500 kB\n"
                             "RssFile:\t     400 kB\n"
                             "RssShmem:\t     100 kB\n"
                             "VmData:\t     212 kB\n"
                             "VmStk:\t     132 kB\n"
                             "VmExe:\t       4 kB\n"
                             "VmLib:\t    1272 kB\n"
                             "VmPTE:\t       8 kB\n"
                             "VmSwap:\t       0 kB\n"
                             "SigBlk:\t0000000000000800\n"
                             "SigIgn:\t0000000000001000\n"
                             "SigCgt:\t0000000000000200\n"
                             "Cpus_allowed:\t3\n");
}

Test(procfs, rss_counts_only_host_vmas_in_the_guest_range)
{
    const char *smaps =
        /* the runner's own code: outside the guest range, ignored */
        "55e0c0000000-55e0c0100000 r-xp 00000000 08:01 1234                       /usr/bin/crossrun\n"
        "Rss:                1000 kB\n"
        "Anonymous:             0 kB\n"
        "VmFlags: rd ex mr mw me \n"
        /* guest text: file pages, one of them copied (anonymous) */
        "00010000-00020000 r-xp 00000000 08:01 99                         /tmp/prog\n"
        "Rss:                  40 kB\n"
        "Anonymous:             4 kB\n"
        "Swap:                  0 kB\n"
        "VmFlags: rd ex mr mw me \n"
        /* guest heap, mlocked, partly swapped */
        "00020000-00030000 rw-p 00000000 00:00 0 \n"
        "Rss:                  16 kB\n"
        "Anonymous:            16 kB\n"
        "Swap:                  8 kB\n"
        "VmFlags: rd wr mr mw me lo ac \n"
        /* shared anonymous memory at the top of the first GiB: another page-table page */
        "3fe00000-3fe02000 rw-s 00000000 00:01 7                          /dev/zero (deleted)\n"
        "Rss:                   8 kB\n"
        "Anonymous:             0 kB\n"
        "VmFlags: rd wr sh mr mw me ms \n"
        /* the reservation: nothing resident */
        "3fe02000-4000000000 ---p 00000000 00:00 0 \n"
        "Rss:                   0 kB\n"
        "Anonymous:             0 kB\n"
        "VmFlags: mr mw me nr \n";
    struct rv_procfs_mm m = { .rss = 77 };
    rv_procfs_rss_from_smaps(smaps, &m);
    cr_assert_eq(m.rss, 64 * 1024);
    cr_assert_eq(m.rss_anon, 20 * 1024);
    cr_assert_eq(m.rss_file, 36 * 1024);
    cr_assert_eq(m.rss_shmem, 8 * 1024);
    cr_assert_eq(m.swap, 8 * 1024);
    cr_assert_eq(m.locked, 0x10000);
    cr_assert_eq(m.pte, 2 * 4096 + 1 * 4096);   /* two 2 MiB spans, one 1 GiB span */
}

Test(procfs, cpuinfo_of_two_harts)
{
    rv_procfs_cpuinfo(&t, 2);
    const char *block = "isa\t\t: rv64imafdc_zicntr_zicond_zicsr_zifencei_zba_zbb_zbs\n"
                        "mmu\t\t: sv39\n"
                        "uarch\t\t: crossrun,rv64gc\n"
                        "mvendorid\t: 0x0\n"
                        "marchid\t\t: 0x0\n"
                        "mimpid\t\t: 0x0\n"
                        "hart isa\t: rv64imafdc_zicntr_zicond_zicsr_zifencei_zba_zbb_zbs\n"
                        "\n";
    char want[1024];
    snprintf(want, sizeof want, "processor\t: 0\nhart\t\t: 0\n%sprocessor\t: 1\nhart\t\t: 1\n%s", block, block);
    cr_assert_str_eq(t.data, want);
}

Test(procfs, text_buffer_grows)
{
    for (int i = 0; i < 10000; i++)
        rv_text_printf(&t, "%05d\n", i);
    cr_assert_eq(t.len, 60000);
    cr_assert_not(t.oom);
    cr_assert(strncmp(t.data + 59994, "09999\n", 6) == 0);
}
