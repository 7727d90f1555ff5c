/*
 * syscall/ioctl_encoded.c - requests crossrun does not list, passed by what their number encodes.
 *
 * Most drivers' requests are _IO/_IOR/_IOW/_IOWR numbers: the direction and size bits say whether
 * the kernel reads or writes the argument and how many bytes, and both ABIs are LP64 and little-
 * endian, so the struct is the same on both sides (abi/ioctl.h). Such a request is passed through
 * with its buffer checked against guest memory; an _IO one passes its argument by value.
 *
 * Two kinds of family cannot go by the number, and take only the requests ioctl_table.c lists:
 * - numbers that lie: families older than the encoding (terminals' 'T' 0x54xx, sockets' 0x89xx,
 *   block 0x12, loop 'L', console 'K', CD-ROM 'S', framebuffer 'F', i2c 0x07, the FIBMAP 0x00
 *   ones) pass pointers under _IO numbers, and tun's _IOW('T', 202, int) reads a struct ifreq;
 * - structs that hold pointers the kernel follows (DRM, V4L2, USB, SCSI generic, spidev, KVM,
 *   vhost, binder, device-mapper, MTD, btrfs, wireless extensions, perf): the kernel would read
 *   or write wherever such a pointer points, runner memory included, and checking them means
 *   knowing each struct.
 * A request of those families missing from the table is refused with -ENOTTY, the kernel's
 * "not supported here", and named once on stderr. So are the few pointer-holding requests of
 * otherwise safe families listed in unsafe_requests.
 */
#include <stddef.h>

#include "abi/ioctl.h"
#include "syscall/ioctl_rows.h"

/* Types whose requests go only through the table (see above). 'T' is special: its _IOR/_IOW
 * numbers below 0xc8 are honest (TCGETS2, TIOCGPTN...), its _IO ones and tun's are not. */
static const unsigned char table_only_types[] = {
    0x00,   /* FIBMAP, FIGETBSZ: _IO numbers taking an int pointer */
    0x07,   /* i2c-dev: I2C_RDWR and I2C_SMBUS hold message pointers */
    0x12,   /* block devices: BLKGETSIZE & co. are _IO numbers taking pointers */
    0x22,   /* SCSI generic (SG_IO's sg_io_hdr holds buffer pointers) */
    0x24,   /* perf_event: host counters, and PERF_EVENT_IOC_SET_FILTER takes a string */
    0x46,   /* 'F' framebuffer: _IO numbers, FBIOGETCMAP's struct holds pointers */
    0x4b,   /* 'K' console: _IO numbers taking pointers (KDGKBENT, KDFONTOP's data pointer) */
    0x4c,   /* 'L' loop: _IO numbers taking pointers */
    0x4d,   /* 'M' MTD: MEMREADOOB/MEMWRITE hold buffer pointers */
    0x53,   /* 'S' CD-ROM: _IO numbers taking pointers */
    0x55,   /* 'U' usbdevfs: URBs and control transfers hold buffer pointers */
    0x56,   /* 'V' virtual terminals (_IO numbers) and V4L2 (buffers hold pointers) */
    0x58,   /* 'X' XFS: bulkstat and handle requests hold pointers */
    0x62,   /* 'b' binder: transactions hold pointers */
    0x64,   /* 'd' DRM: most requests hold pointers */
    0x66,   /* 'f' FS_IOC_*: encode a long where the kernel uses an int; FIEMAP is variable;
             * verity and encryption requests hold pointers */
    0x6b,   /* 'k' spidev: SPI_IOC_MESSAGE holds buffer pointers */
    0x76,   /* 'v' FS_IOC_GETVERSION: encodes a long, the kernel uses an int */
    0x89,   /* sockets: _IO numbers taking struct ifreq and friends; ifr_data pointers */
    0x8b,   /* wireless extensions: struct iwreq holds pointers */
    0x94,   /* btrfs: SEND, INO_PATHS, LOGICAL_INO hold pointers; FIDEDUPERANGE is variable */
    0xae,   /* KVM: guest memory regions by host address */
    0xaf,   /* vhost: ring addresses by host address */
    0xfd,   /* device-mapper: a variable-size struct dm_ioctl */
};

/* Requests of otherwise honest families whose structs hold pointers the kernel follows, or
 * whose struct is longer than the size encoded. */
static const uint32_t unsafe_requests[] = {
    0x40085203,   /* RNDADDENTROPY: struct rand_pool_info and buf_size bytes after it */
    0x40304580,   /* EVIOCSFF: struct ff_effect's custom_data pointer */
    0x80104592,   /* EVIOCGMASK: struct input_mask's codes_ptr */
    0x40104593,   /* EVIOCSMASK */
    0x40107446,   /* PPPIOCSPASS: struct sock_fprog's filter pointer */
    0x40107447,   /* PPPIOCSACTIVE */
};

static bool table_only(uint32_t request)
{
    unsigned type = rv_ioc_type(request);
    if (type == 'T')
        return rv_ioc_dir(request) == RV_IOC_NONE || rv_ioc_nr(request) >= 0xc8;
    for (size_t i = 0; i < sizeof table_only_types; i++)
        if (table_only_types[i] == type)
            return true;
    for (size_t i = 0; i < sizeof unsafe_requests / sizeof unsafe_requests[0]; i++)
        if (unsafe_requests[i] == request)
            return true;
    return false;
}

bool rv_ioctl_encoded(uint32_t request, struct ioctl_row *row)
{
    if (table_only(request))
        return false;
    unsigned dir = rv_ioc_dir(request), size = rv_ioc_size(request);
    *row = (struct ioctl_row){ .guest = request, .host = request, .size = size };
    if (dir == RV_IOC_NONE) {
        /* _IO: no argument by the encoding; a driver may still read it as a value */
        if (size)
            return false;
        row->kind = ARG_VALUE;
        return true;
    }
    if (!size)
        return false;   /* a pointer with no size: nothing to check it against */
    row->kind = dir == RV_IOC_WRITE ? ARG_IN : dir == RV_IOC_READ ? ARG_OUT : ARG_INOUT;
    return true;
}
