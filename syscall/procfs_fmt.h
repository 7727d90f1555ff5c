/*
 * syscall/procfs_fmt.h - the text of the /proc files crossrun writes for the guest, as pure
 * functions of their inputs (a vma, the host's own text, a few guest addresses).
 *
 * syscall/procfs.c gathers the facts from the live process and hands them here; keeping the
 * formatting free of process state lets tests/unit/test_procfs.c check exact kernel-format text
 * with a made-up vma table. Formats follow fs/proc/task_mmu.c (maps, smaps), fs/proc/array.c
 * (stat, status) and arch/riscv/kernel/cpu.c (cpuinfo) as a riscv64 kernel prints them.
 */
#ifndef CROSSRUN_SYSCALL_PROCFS_FMT_H
#define CROSSRUN_SYSCALL_PROCFS_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/addrspace.h"

/* A growing text buffer. After an allocation failure `oom` stays set and appends do nothing. */
struct rv_text {
    char *data;
    size_t len, cap;
    bool oom;
};
void rv_text_put(struct rv_text *t, const void *p, size_t n);
void rv_text_printf(struct rv_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rv_text_free(struct rv_text *t);

/* What a maps line says beyond the vma table: the file's device and inode (0 for anonymous
 * memory), the resident bytes (smaps only) and the name the guest sees. */
struct rv_vma_info {
    unsigned dev_major, dev_minor;
    uint64_t inode;
    uint64_t rss;
    const char *name;
};

/* The name a guest vma shows: a host file path without the sysroot prefix (sysroot_real is the
 * canonical -L directory, or NULL), "/dev/zero (deleted)" for shared anonymous memory, the
 * table's [heap] / [stack] labels, or "" for private anonymous memory. */
void rv_procfs_vma_name(const struct guest_vma *v, const char *sysroot_real, char *out, size_t cap);

/* A guest path for a host path: host_path with a leading sysroot_real directory removed. */
void rv_procfs_guest_path(const char *host_path, const char *sysroot_real, char *out, size_t cap);

/* One /proc/self/maps line, and for smaps the same line followed by its fields. */
void rv_procfs_maps_line(struct rv_text *t, const struct guest_vma *v, const struct rv_vma_info *x);
void rv_procfs_smaps_entry(struct rv_text *t, const struct guest_vma *v, const struct rv_vma_info *x);

/* The guest's memory layout and signal dispositions: what stat and status must say about the
 * guest rather than about the runner process that hosts it. Sizes in bytes. */
struct rv_procfs_mm {
    uint64_t vsize, data, stack, exe, lib;
    uint64_t peak, hwm;   /* the largest vsize and rss seen (no high-water marks are kept) */
    uint64_t rss, rss_anon, rss_file, rss_shmem, swap, locked, pte;
    uint64_t start_code, end_code, start_stack;
    uint64_t start_data, end_data, start_brk;
    uint64_t arg_start, arg_end, env_start, env_end;
    uint64_t sig_blocked, sig_ignored, sig_caught;   /* bit sig-1 */
};

/* /proc/self/stat from the host's text: fields 23 (vsize), 26-28 (code and stack) and 45-51
 * (data, brk, arguments, environment) replaced by the guest's; comm and everything else kept.
 * Returns false when host_text does not look like a stat line (nothing appended). */
bool rv_procfs_stat(struct rv_text *t, const char *host_text, const struct rv_procfs_mm *mm);

/* The resident-memory fields of mm (rss, rss_anon, rss_file, rss_shmem, swap, locked, pte)
 * from the text of the host's /proc/self/smaps, counting only host vmas inside the guest range
 * (syscall/procfs_rss.c). */
void rv_procfs_rss_from_smaps(const char *host_smaps, struct rv_procfs_mm *mm);

/* /proc/self/status from the host's text: the Vm* and Rss* sizes of the guest's mappings and its
 * SigBlk/SigIgn/SigCgt replace the runner's; x86-only lines (untag_mask, x86_Thread_features)
 * are dropped; the rest is kept. */
void rv_procfs_status(struct rv_text *t, const char *host_text, const struct rv_procfs_mm *mm);

/* /proc/cpuinfo of a riscv64 machine with ncpus harts running crossrun's ISA. */
void rv_procfs_cpuinfo(struct rv_text *t, int ncpus);

/* The ISA string crossrun implements (translate/riscv.def), in the kernel's canonical order. */
#define RV_PROCFS_ISA "rv64imafdc_zicntr_zicond_zicsr_zifencei_zba_zbb_zbs"

#endif
