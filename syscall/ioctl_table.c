/*
 * syscall/ioctl_table.c - the ioctl requests crossrun knows by name, and how each one's argument
 * reaches the host kernel.
 *
 * Listed here: the requests whose number does not say how the kernel uses the argument (the
 * terminal, socket, block, loop and console families predate the _IOC encoding, and a few newer
 * requests encode a size that is not what the kernel reads), the ones whose argument needs
 * converting, and the ones that take a variable number of records. Every other request goes by
 * its encoding where that can be trusted (ioctl_encoded.c).
 *
 * Guest and host numbers are the same generic ones (abi/ioctl.h), so most rows name the host's
 * macro for both; each struct passed through is asserted to be as large as the riscv64 one.
 */
#include <stddef.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/if_tun.h>
#include <linux/fsmap.h>
#include <linux/kd.h>
#include <linux/loop.h>
#include <linux/serial.h>
#include <linux/sockios.h>
#include <linux/vt.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>

#include "abi/ioctl.h"
#include "abi/sockios.h"
#include "abi/termios.h"
#include "syscall/ioctl_rows.h"

#define SAME(req, kind, size) { req, req, kind, size, 0, 0, 0 }
#define COUNTED(req, header, at, bytes, record) \
    { req, req, ARG_COUNTED, header, at, bytes, record }

static const struct ioctl_row ioctl_table[] = {
    /* terminals (asm-generic/ioctls.h) */
    { RV_TCGETS,     TCGETS,     ARG_TERMIOS_OUT, sizeof(struct rv_termios), 0, 0, 0 },
    { RV_TCSETS,     TCSETS,     ARG_TERMIOS_IN,  sizeof(struct rv_termios), 0, 0, 0 },
    { RV_TCSETSW,    TCSETSW,    ARG_TERMIOS_IN,  sizeof(struct rv_termios), 0, 0, 0 },
    { RV_TCSETSF,    TCSETSF,    ARG_TERMIOS_IN,  sizeof(struct rv_termios), 0, 0, 0 },
    SAME(TCGETA, ARG_OUT, RV_TERMIO_SIZE),
    SAME(TCSETA, ARG_IN, RV_TERMIO_SIZE),
    SAME(TCSETAW, ARG_IN, RV_TERMIO_SIZE),
    SAME(TCSETAF, ARG_IN, RV_TERMIO_SIZE),
    { RV_TCSBRK,     TCSBRK,     ARG_VALUE,       0, 0, 0, 0 },
    { RV_TCSBRKP,    TCSBRKP,    ARG_VALUE,       0, 0, 0, 0 },
    { RV_TCXONC,     TCXONC,     ARG_VALUE,       0, 0, 0, 0 },
    { RV_TCFLSH,     TCFLSH,     ARG_VALUE,       0, 0, 0, 0 },
    SAME(TIOCEXCL, ARG_NONE, 0),
    SAME(TIOCNXCL, ARG_NONE, 0),
    { RV_TIOCSCTTY,  TIOCSCTTY,  ARG_VALUE,       0, 0, 0, 0 },
    { RV_TIOCGPGRP,  TIOCGPGRP,  ARG_OUT,         sizeof(int32_t), 0, 0, 0 },   /* pid_t */
    { RV_TIOCSPGRP,  TIOCSPGRP,  ARG_IN,          sizeof(int32_t), 0, 0, 0 },
    { RV_TIOCOUTQ,   TIOCOUTQ,   ARG_OUT,         sizeof(int32_t), 0, 0, 0 },
    SAME(TIOCSTI, ARG_IN, 1),
    { RV_TIOCGWINSZ, TIOCGWINSZ, ARG_OUT,         sizeof(struct rv_winsize), 0, 0, 0 },
    { RV_TIOCSWINSZ, TIOCSWINSZ, ARG_IN,          sizeof(struct rv_winsize), 0, 0, 0 },
    SAME(TIOCMGET, ARG_OUT, sizeof(int32_t)),
    SAME(TIOCMBIS, ARG_IN, sizeof(int32_t)),
    SAME(TIOCMBIC, ARG_IN, sizeof(int32_t)),
    SAME(TIOCMSET, ARG_IN, sizeof(int32_t)),
    SAME(TIOCGSOFTCAR, ARG_OUT, sizeof(int32_t)),
    SAME(TIOCSSOFTCAR, ARG_IN, sizeof(int32_t)),
    { RV_FIONREAD,   FIONREAD,   ARG_OUT,         sizeof(int32_t), 0, 0, 0 },
    SAME(TIOCCONS, ARG_NONE, 0),
    SAME(TIOCGSERIAL, ARG_OUT, RV_SERIAL_STRUCT_SIZE),
    SAME(TIOCSSERIAL, ARG_IN, RV_SERIAL_STRUCT_SIZE),
    SAME(TIOCPKT, ARG_IN, sizeof(int32_t)),
    { RV_FIONBIO,    FIONBIO,    ARG_IN,          sizeof(int32_t), 0, 0, 0 },
    { RV_TIOCNOTTY,  TIOCNOTTY,  ARG_NONE,        0, 0, 0, 0 },
    SAME(TIOCSETD, ARG_IN, sizeof(int32_t)),
    SAME(TIOCGETD, ARG_OUT, sizeof(int32_t)),
    SAME(TIOCSBRK, ARG_NONE, 0),
    SAME(TIOCCBRK, ARG_NONE, 0),
    { RV_TIOCGSID,   TIOCGSID,   ARG_OUT,         sizeof(int32_t), 0, 0, 0 },
    SAME(TIOCGRS485, ARG_OUT, RV_SERIAL_RS485_SIZE),
    SAME(TIOCSRS485, ARG_INOUT, RV_SERIAL_RS485_SIZE),
    { RV_TIOCGPTN,   TIOCGPTN,   ARG_OUT,         sizeof(uint32_t), 0, 0, 0 },
    { RV_TIOCSPTLCK, TIOCSPTLCK, ARG_IN,          sizeof(int32_t), 0, 0, 0 },
    SAME(TIOCVHANGUP, ARG_NONE, 0),
    { RV_TIOCGPTPEER, TIOCGPTPEER, ARG_VALUE,     0, 0, 0, 0 },  /* open flags: generic O_* */
    { RV_FIONCLEX,   FIONCLEX,   ARG_NONE,        0, 0, 0, 0 },
    { RV_FIOCLEX,    FIOCLEX,    ARG_NONE,        0, 0, 0, 0 },
    { RV_FIOASYNC,   FIOASYNC,   ARG_IN,          sizeof(int32_t), 0, 0, 0 },
    SAME(TIOCSERGETLSR, ARG_OUT, sizeof(int32_t)),
    SAME(TIOCMIWAIT, ARG_VALUE, 0),
    SAME(TIOCGICOUNT, ARG_OUT, RV_SERIAL_ICOUNT_SIZE),
    SAME(FIOQSIZE, ARG_OUT, sizeof(int64_t)),   /* loff_t */

    /* the Linux console and virtual terminals (linux/kd.h, linux/vt.h) */
    SAME(KIOCSOUND, ARG_VALUE, 0),
    SAME(KDMKTONE, ARG_VALUE, 0),
    SAME(KDGETLED, ARG_OUT, 1),
    SAME(KDSETLED, ARG_VALUE, 0),
    SAME(KDGKBTYPE, ARG_OUT, 1),
    SAME(KDSETMODE, ARG_VALUE, 0),
    SAME(KDGETMODE, ARG_OUT, sizeof(int32_t)),
    SAME(KDGKBMODE, ARG_OUT, sizeof(int32_t)),
    SAME(KDSKBMODE, ARG_VALUE, 0),
    SAME(KDGKBLED, ARG_OUT, 1),
    SAME(KDSKBLED, ARG_VALUE, 0),
    SAME(VT_OPENQRY, ARG_OUT, sizeof(int32_t)),
    SAME(VT_GETMODE, ARG_OUT, RV_VT_MODE_SIZE),
    SAME(VT_SETMODE, ARG_IN, RV_VT_MODE_SIZE),
    SAME(VT_GETSTATE, ARG_OUT, RV_VT_STAT_SIZE),
    SAME(VT_RELDISP, ARG_VALUE, 0),
    SAME(VT_ACTIVATE, ARG_VALUE, 0),
    SAME(VT_WAITACTIVE, ARG_VALUE, 0),
    SAME(VT_DISALLOCATE, ARG_VALUE, 0),

    /* sockets (linux/sockios.h): a struct ifreq is 40 bytes on both sides */
    SAME(FIOSETOWN, ARG_IN, sizeof(int32_t)),
    SAME(SIOCSPGRP, ARG_IN, sizeof(int32_t)),
    SAME(FIOGETOWN, ARG_OUT, sizeof(int32_t)),
    SAME(SIOCGPGRP, ARG_OUT, sizeof(int32_t)),
    SAME(SIOCATMARK, ARG_OUT, sizeof(int32_t)),
    SAME(SIOCGSTAMP, ARG_OUT, 16),     /* struct timeval: two 64-bit fields */
    SAME(SIOCGSTAMPNS, ARG_OUT, 16),   /* struct timespec */
    { RV_SIOCGIFNAME, SIOCGIFNAME, ARG_INOUT,   RV_IFREQ_SIZE, 0, 0, 0 },
    { RV_SIOCGIFCONF, SIOCGIFCONF, ARG_IFCONF,  sizeof(struct rv_ifconf), 0, 0, 0 },
    SAME(SIOCGIFFLAGS, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFFLAGS, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFADDR, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFADDR, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFDSTADDR, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFDSTADDR, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFBRDADDR, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFBRDADDR, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFNETMASK, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFNETMASK, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFMETRIC, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFMETRIC, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFMTU, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFMTU, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCSIFNAME, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCSIFHWADDR, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFHWADDR, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCADDMULTI, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCDELMULTI, ARG_IN, RV_IFREQ_SIZE),
    { RV_SIOCGIFINDEX, SIOCGIFINDEX, ARG_INOUT, RV_IFREQ_SIZE, 0, 0, 0 },
    SAME(SIOCSIFPFLAGS, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFPFLAGS, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCDIFADDR, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCSIFHWBROADCAST, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGIFTXQLEN, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFTXQLEN, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCGMIIPHY, ARG_INOUT, RV_IFREQ_SIZE),   /* struct mii_ioctl_data inside the ifreq */
    SAME(SIOCGMIIREG, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSMIIREG, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCOUTQNSD, ARG_OUT, sizeof(int32_t)),
    SAME(SIOCGSKNS, ARG_NONE, 0),                  /* returns a namespace fd */
    SAME(SIOCDARP, ARG_IN, RV_ARPREQ_SIZE),
    SAME(SIOCGARP, ARG_INOUT, RV_ARPREQ_SIZE),
    SAME(SIOCSARP, ARG_IN, RV_ARPREQ_SIZE),
    SAME(SIOCGIFMAP, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(SIOCSIFMAP, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCBRADDBR, ARG_IN, IFNAMSIZ),           /* the bridge's name */
    SAME(SIOCBRDELBR, ARG_IN, IFNAMSIZ),
    SAME(SIOCBRADDIF, ARG_IN, RV_IFREQ_SIZE),
    SAME(SIOCBRDELIF, ARG_IN, RV_IFREQ_SIZE),

    /* tun/tap (linux/if_tun.h): 'T' numbers from 200 that encode an int but read a struct
     * ifreq, or take a value under an _IOW number */
    SAME(TUNSETIFF, ARG_INOUT, RV_IFREQ_SIZE),
    SAME(TUNGETIFF, ARG_OUT, RV_IFREQ_SIZE),
    SAME(TUNSETQUEUE, ARG_IN, RV_IFREQ_SIZE),
    SAME(TUNSETNOCSUM, ARG_VALUE, 0),
    SAME(TUNSETDEBUG, ARG_VALUE, 0),
    SAME(TUNSETPERSIST, ARG_VALUE, 0),
    SAME(TUNSETOWNER, ARG_VALUE, 0),
    SAME(TUNSETLINK, ARG_VALUE, 0),
    SAME(TUNSETGROUP, ARG_VALUE, 0),
    SAME(TUNSETOFFLOAD, ARG_VALUE, 0),
    SAME(TUNGETFEATURES, ARG_OUT, sizeof(uint32_t)),
    SAME(TUNGETSNDBUF, ARG_OUT, sizeof(int32_t)),
    SAME(TUNSETSNDBUF, ARG_IN, sizeof(int32_t)),
    SAME(TUNGETVNETHDRSZ, ARG_OUT, sizeof(int32_t)),
    SAME(TUNSETVNETHDRSZ, ARG_IN, sizeof(int32_t)),
    SAME(TUNSETIFINDEX, ARG_IN, sizeof(uint32_t)),
    SAME(TUNSETCARRIER, ARG_IN, sizeof(int32_t)),

    /* files (linux/fs.h): the oldest take an int through a pointer with no encoding, and
     * FS_IOC_GETFLAGS and its kin encode a long but the kernel reads and writes an int */
    SAME(FIBMAP, ARG_INOUT, sizeof(int32_t)),
    SAME(FIGETBSZ, ARG_OUT, sizeof(int32_t)),
    SAME(FS_IOC_GETFLAGS, ARG_OUT, sizeof(int32_t)),
    SAME(FS_IOC_SETFLAGS, ARG_IN, sizeof(int32_t)),
    SAME(FS_IOC_GETVERSION, ARG_OUT, sizeof(int32_t)),
    SAME(FS_IOC_SETVERSION, ARG_IN, sizeof(int32_t)),
    SAME(FS_IOC_FSGETXATTR, ARG_OUT, RV_FSXATTR_SIZE),
    SAME(FS_IOC_FSSETXATTR, ARG_IN, RV_FSXATTR_SIZE),
    SAME(FS_IOC_GETFSLABEL, ARG_OUT, RV_FSLABEL_MAX),
    SAME(FS_IOC_SETFSLABEL, ARG_IN, RV_FSLABEL_MAX),
    SAME(FIFREEZE, ARG_NONE, 0),
    SAME(FITHAW, ARG_NONE, 0),
    SAME(FITRIM, ARG_INOUT, RV_FSTRIM_RANGE_SIZE),
    { RV_FICLONE,    FICLONE,    ARG_VALUE,       0, 0, 0, 0 },
    { RV_FICLONERANGE, FICLONERANGE, ARG_IN,      sizeof(struct rv_file_clone_range), 0, 0, 0 },
    COUNTED(FS_IOC_FIEMAP, RV_FIEMAP_HEADER, RV_FIEMAP_COUNT_AT, 4, RV_FIEMAP_EXTENT),
    COUNTED(FIDEDUPERANGE, RV_DEDUPE_HEADER, RV_DEDUPE_COUNT_AT, 2, RV_DEDUPE_INFO),
    COUNTED(FS_IOC_GETFSMAP, RV_FSMAP_HEADER, RV_FSMAP_COUNT_AT, 4, RV_FSMAP_RECORD),

    /* block devices (linux/fs.h): most take a pointer their number does not encode */
    SAME(BLKROSET, ARG_IN, sizeof(int32_t)),
    SAME(BLKROGET, ARG_OUT, sizeof(int32_t)),
    SAME(BLKRRPART, ARG_NONE, 0),
    SAME(BLKGETSIZE, ARG_OUT, sizeof(uint64_t)),   /* unsigned long */
    SAME(BLKFLSBUF, ARG_NONE, 0),
    SAME(BLKRASET, ARG_VALUE, 0),
    SAME(BLKRAGET, ARG_OUT, sizeof(uint64_t)),
    SAME(BLKFRASET, ARG_VALUE, 0),
    SAME(BLKFRAGET, ARG_OUT, sizeof(uint64_t)),
    SAME(BLKSECTGET, ARG_OUT, sizeof(uint16_t)),
    SAME(BLKSSZGET, ARG_OUT, sizeof(int32_t)),
    SAME(BLKBSZGET, ARG_OUT, sizeof(int32_t)),     /* encodes size_t, writes an int */
    SAME(BLKBSZSET, ARG_IN, sizeof(int32_t)),
    SAME(BLKGETSIZE64, ARG_OUT, sizeof(uint64_t)),
    SAME(BLKDISCARD, ARG_IN, 2 * sizeof(uint64_t)),
    SAME(BLKIOMIN, ARG_OUT, sizeof(uint32_t)),
    SAME(BLKIOOPT, ARG_OUT, sizeof(uint32_t)),
    SAME(BLKALIGNOFF, ARG_OUT, sizeof(int32_t)),
    SAME(BLKPBSZGET, ARG_OUT, sizeof(uint32_t)),
    SAME(BLKDISCARDZEROES, ARG_OUT, sizeof(uint32_t)),
    SAME(BLKSECDISCARD, ARG_IN, 2 * sizeof(uint64_t)),
    SAME(BLKROTATIONAL, ARG_OUT, sizeof(uint16_t)),
    SAME(BLKZEROOUT, ARG_IN, 2 * sizeof(uint64_t)),

    /* loop devices (linux/loop.h): the old struct loop_info holds a dev_t whose size differs
     * (unsigned long on x86-64, unsigned int in the generic ABI), so only the 64-bit calls */
    SAME(LOOP_SET_FD, ARG_VALUE, 0),
    SAME(LOOP_CLR_FD, ARG_NONE, 0),
    SAME(LOOP_SET_STATUS64, ARG_IN, RV_LOOP_INFO64_SIZE),
    SAME(LOOP_GET_STATUS64, ARG_OUT, RV_LOOP_INFO64_SIZE),
    SAME(LOOP_CHANGE_FD, ARG_VALUE, 0),
    SAME(LOOP_SET_CAPACITY, ARG_NONE, 0),
    SAME(LOOP_SET_DIRECT_IO, ARG_VALUE, 0),
    SAME(LOOP_SET_BLOCK_SIZE, ARG_VALUE, 0),
    SAME(LOOP_CONFIGURE, ARG_IN, RV_LOOP_CONFIG_SIZE),
    SAME(LOOP_CTL_ADD, ARG_VALUE, 0),
    SAME(LOOP_CTL_REMOVE, ARG_VALUE, 0),
    SAME(LOOP_CTL_GET_FREE, ARG_NONE, 0),
};

/* Host structs passed through must be the guest's size (and so its layout: abi/ioctl.h). */
_Static_assert(sizeof(struct winsize) == sizeof(struct rv_winsize), "struct winsize");
_Static_assert(sizeof(struct termio) == RV_TERMIO_SIZE, "struct termio");
_Static_assert(sizeof(struct serial_struct) == RV_SERIAL_STRUCT_SIZE, "struct serial_struct");
_Static_assert(sizeof(struct serial_rs485) == RV_SERIAL_RS485_SIZE, "struct serial_rs485");
_Static_assert(sizeof(struct serial_icounter_struct) == RV_SERIAL_ICOUNT_SIZE,
               "struct serial_icounter_struct");
_Static_assert(sizeof(struct vt_mode) == RV_VT_MODE_SIZE, "struct vt_mode");
_Static_assert(sizeof(struct vt_stat) == RV_VT_STAT_SIZE, "struct vt_stat");
_Static_assert(sizeof(struct ifreq) == RV_IFREQ_SIZE, "struct ifreq");
_Static_assert(sizeof(struct ifconf) == sizeof(struct rv_ifconf), "struct ifconf");
_Static_assert(sizeof(struct arpreq) == RV_ARPREQ_SIZE, "struct arpreq");
_Static_assert(sizeof(struct file_clone_range) == sizeof(struct rv_file_clone_range),
               "struct file_clone_range");
_Static_assert(sizeof(struct fsxattr) == RV_FSXATTR_SIZE, "struct fsxattr");
_Static_assert(sizeof(struct fstrim_range) == RV_FSTRIM_RANGE_SIZE, "struct fstrim_range");
_Static_assert(sizeof(struct loop_info64) == RV_LOOP_INFO64_SIZE, "struct loop_info64");
_Static_assert(sizeof(struct loop_config) == RV_LOOP_CONFIG_SIZE, "struct loop_config");
_Static_assert(sizeof(struct fiemap) == RV_FIEMAP_HEADER &&
               offsetof(struct fiemap, fm_extent_count) == RV_FIEMAP_COUNT_AT &&
               sizeof(struct fiemap_extent) == RV_FIEMAP_EXTENT, "struct fiemap");
_Static_assert(sizeof(struct file_dedupe_range) == RV_DEDUPE_HEADER &&
               offsetof(struct file_dedupe_range, dest_count) == RV_DEDUPE_COUNT_AT &&
               sizeof(struct file_dedupe_range_info) == RV_DEDUPE_INFO,
               "struct file_dedupe_range");
_Static_assert(sizeof(struct fsmap_head) == RV_FSMAP_HEADER &&
               offsetof(struct fsmap_head, fmh_count) == RV_FSMAP_COUNT_AT &&
               sizeof(struct fsmap) == RV_FSMAP_RECORD, "struct fsmap_head");
/* the generic numbers, on the host too */
_Static_assert(TCGETS == RV_TCGETS && TIOCGWINSZ == RV_TIOCGWINSZ && FIONREAD == RV_FIONREAD &&
               TIOCGPTN == RV_TIOCGPTN && SIOCGIFINDEX == RV_SIOCGIFINDEX &&
               FICLONE == RV_FICLONE, "x86-64 uses the generic ioctl numbers");

const struct ioctl_row *rv_ioctl_known(uint32_t request)
{
    for (size_t i = 0; i < sizeof ioctl_table / sizeof ioctl_table[0]; i++)
        if (ioctl_table[i].guest == request)
            return &ioctl_table[i];
    return NULL;
}

bool rv_ioctl_how(uint32_t request, struct ioctl_row *row)
{
    const struct ioctl_row *known = rv_ioctl_known(request);
    if (known) {
        *row = *known;
        return true;
    }
    return rv_ioctl_encoded(request, row);
}
