/*
 * abi/hwprobe.h - the riscv_hwprobe syscall's pair struct and keys (arch/riscv uapi
 * asm/hwprobe.h; the riscv64 sysroot's kernel headers predate it, so it is written here).
 */
#ifndef CROSSRUN_ABI_HWPROBE_H
#define CROSSRUN_ABI_HWPROBE_H

#include <stdint.h>

struct rv_hwprobe {
    int64_t key;
    uint64_t value;
};
_Static_assert(sizeof(struct rv_hwprobe) == 16, "riscv_hwprobe pair is 16 bytes");

#define RV_HWPROBE_KEY_MVENDORID         0
#define RV_HWPROBE_KEY_MARCHID           1
#define RV_HWPROBE_KEY_MIMPID            2
#define RV_HWPROBE_KEY_BASE_BEHAVIOR     3
#define   RV_HWPROBE_BASE_BEHAVIOR_IMA   (UINT64_C(1) << 0)
#define RV_HWPROBE_KEY_IMA_EXT_0         4
#define   RV_HWPROBE_IMA_FD              (UINT64_C(1) << 0)
#define   RV_HWPROBE_IMA_C               (UINT64_C(1) << 1)
#define   RV_HWPROBE_IMA_V               (UINT64_C(1) << 2)
#define   RV_HWPROBE_EXT_ZBA             (UINT64_C(1) << 3)
#define   RV_HWPROBE_EXT_ZBB             (UINT64_C(1) << 4)
#define   RV_HWPROBE_EXT_ZBS             (UINT64_C(1) << 5)
#define   RV_HWPROBE_EXT_ZICBOZ          (UINT64_C(1) << 6)
#define   RV_HWPROBE_EXT_ZBC             (UINT64_C(1) << 7)
#define   RV_HWPROBE_EXT_ZICOND          (UINT64_C(1) << 35)
#define RV_HWPROBE_KEY_CPUPERF_0         5
#define   RV_HWPROBE_MISALIGNED_UNKNOWN  0
#define   RV_HWPROBE_MISALIGNED_EMULATED 1
#define   RV_HWPROBE_MISALIGNED_SLOW     2
#define   RV_HWPROBE_MISALIGNED_FAST     3

/* flags argument */
#define RV_HWPROBE_WHICH_CPUS            1u

#endif
