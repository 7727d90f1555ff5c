/*
 * abi/ioctl.h - what a riscv64 ioctl request number says about its argument
 * (include/uapi/asm-generic/ioctl.h), and the sizes of the structs crossrun passes through.
 *
 * riscv64 and x86-64 both use the generic encoding (bits 0-7 the number, 8-15 the type, 16-29
 * the argument's size, 30-31 the direction: 1 the kernel reads the argument, 2 it writes it) and
 * the generic request numbers of asm-generic/ioctls.h, linux/sockios.h and linux/fs.h, so a
 * request means the same on both sides. The structs below hold no pointer the kernel follows and
 * are laid out alike on the two LP64 little-endian ABIs, so equal sizes mean equal layouts;
 * syscall/ioctl_table.c asserts each against the host's.
 */
#ifndef CROSSRUN_ABI_IOCTL_H
#define CROSSRUN_ABI_IOCTL_H

#include <stdint.h>

#define RV_IOC_NONE  0u
#define RV_IOC_WRITE 1u   /* the kernel reads the argument ("write" is the caller's view) */
#define RV_IOC_READ  2u   /* the kernel writes it */

static inline unsigned rv_ioc_dir(uint32_t request) { return request >> 30; }
static inline unsigned rv_ioc_type(uint32_t request) { return (request >> 8) & 0xffu; }
static inline unsigned rv_ioc_nr(uint32_t request) { return request & 0xffu; }
static inline unsigned rv_ioc_size(uint32_t request) { return (request >> 16) & 0x3fffu; }

/* riscv64 sizes of the structs the ioctl table passes by pointer */
#define RV_TERMIO_SIZE          18   /* struct termio: four u16 flags, c_line, c_cc[8], padding */
#define RV_SERIAL_STRUCT_SIZE   72   /* struct serial_struct (its iomem_base is only reported) */
#define RV_SERIAL_RS485_SIZE    32
#define RV_SERIAL_ICOUNT_SIZE   80   /* struct serial_icounter_struct */
#define RV_ARPREQ_SIZE          68   /* struct arpreq: three sockaddrs, flags, a device name */
#define RV_LOOP_INFO64_SIZE     232
#define RV_LOOP_CONFIG_SIZE     304
#define RV_FSXATTR_SIZE         28
#define RV_FSTRIM_RANGE_SIZE    24
#define RV_VT_MODE_SIZE         8
#define RV_VT_STAT_SIZE         6
#define RV_FSLABEL_MAX          256

/* Requests whose struct is a header and a guest-chosen number of records after it: the header's
 * size, where the record count sits in it (and its width), and each record's size. */
#define RV_FIEMAP_HEADER        32   /* struct fiemap; fm_extent_count (u32) at 24 */
#define RV_FIEMAP_COUNT_AT      24
#define RV_FIEMAP_EXTENT        56
#define RV_DEDUPE_HEADER        24   /* struct file_dedupe_range; dest_count (u16) at 16 */
#define RV_DEDUPE_COUNT_AT      16
#define RV_DEDUPE_INFO          32
#define RV_FSMAP_HEADER         192  /* struct fsmap_head; fmh_count (u32) at 8 */
#define RV_FSMAP_COUNT_AT       8
#define RV_FSMAP_RECORD         64

#endif
