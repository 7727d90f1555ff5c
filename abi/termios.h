/*
 * abi/termios.h - guest ioctls: terminal request numbers, struct termios and struct winsize,
 * and the few generic file requests crossrun knows.
 *
 * riscv64 uses the generic terminal ABI: request numbers from include/uapi/asm-generic/ioctls.h
 * and the kernel's struct termios from include/uapi/asm-generic/termbits.h (36 bytes: four
 * 32-bit flag words, c_line, c_cc[19]; no speed fields, unlike glibc's 60-byte user struct).
 * x86-64 uses the same generic files, so requests, flag bits and c_cc indices are equal on both
 * sides; the conversion still copies field by field between two declared layouts, and the host
 * side is declared here (struct rv_host_termios) because glibc's struct termios is not the
 * kernel's and must never be handed to the raw ioctl.
 */
#ifndef CROSSRUN_ABI_TERMIOS_H
#define CROSSRUN_ABI_TERMIOS_H

#include <stddef.h>
#include <stdint.h>

#define RV_TCGETS      0x5401
#define RV_TCSETS      0x5402
#define RV_TCSETSW     0x5403
#define RV_TCSETSF     0x5404
#define RV_TCSBRK      0x5409
#define RV_TCXONC      0x540A
#define RV_TCFLSH      0x540B
#define RV_TIOCSCTTY   0x540E
#define RV_TIOCGPGRP   0x540F
#define RV_TIOCSPGRP   0x5410
#define RV_TIOCOUTQ    0x5411
#define RV_TIOCGWINSZ  0x5413
#define RV_TIOCSWINSZ  0x5414
#define RV_FIONREAD    0x541B
#define RV_FIONBIO     0x5421
#define RV_TIOCNOTTY   0x5422
#define RV_TIOCGSID    0x5429
#define RV_TIOCGPTN    0x80045430u   /* _IOR('T', 0x30, unsigned int) */
#define RV_TIOCSPTLCK  0x40045431u   /* _IOW('T', 0x31, int) */
#define RV_TCSBRKP     0x5425        /* tcsendbreak with a duration: by value */
#define RV_TIOCGPTPEER 0x5441        /* _IO('T', 0x41): flags by value, returns the peer's fd */
#define RV_FIONCLEX    0x5450
#define RV_FIOCLEX     0x5451
#define RV_FIOASYNC    0x5452

/* Not terminal requests, but generic ones every program may make (include/uapi/linux/fs.h):
 * cp tries FICLONE before copying bytes. */
#define RV_FICLONE      0x40049409u   /* _IOW(0x94, 9, int): the argument is an fd, by value */
#define RV_FICLONERANGE 0x4020940du   /* _IOW(0x94, 13, struct file_clone_range) */

/* struct file_clone_range: four 64-bit fields everywhere. */
struct rv_file_clone_range {
    int64_t src_fd;
    uint64_t src_offset;
    uint64_t src_length;
    uint64_t dest_offset;
};
_Static_assert(sizeof(struct rv_file_clone_range) == 32, "struct file_clone_range is 32 bytes");

#define RV_NCCS 19

struct rv_termios {
    uint32_t c_iflag;
    uint32_t c_oflag;
    uint32_t c_cflag;
    uint32_t c_lflag;
    uint8_t c_line;
    uint8_t c_cc[RV_NCCS];
};
_Static_assert(sizeof(struct rv_termios) == 36, "riscv64 kernel struct termios is 36 bytes");
_Static_assert(offsetof(struct rv_termios, c_line) == 16, "c_line");
_Static_assert(offsetof(struct rv_termios, c_cc) == 17, "c_cc");

/* The x86-64 kernel's struct termios (arch/x86 uses asm-generic/termbits.h too). */
#define RV_HOST_NCCS 19
struct rv_host_termios {
    uint32_t c_iflag;
    uint32_t c_oflag;
    uint32_t c_cflag;
    uint32_t c_lflag;
    uint8_t c_line;
    uint8_t c_cc[RV_HOST_NCCS];
};
_Static_assert(sizeof(struct rv_host_termios) == 36, "x86-64 kernel struct termios is 36 bytes");

/* struct winsize: four unsigned shorts everywhere (include/uapi/asm-generic/termios.h). */
struct rv_winsize {
    uint16_t ws_row;
    uint16_t ws_col;
    uint16_t ws_xpixel;
    uint16_t ws_ypixel;
};
_Static_assert(sizeof(struct rv_winsize) == 8, "struct winsize is 8 bytes");

void rv_termios_to_host(struct rv_host_termios *h, const struct rv_termios *g);
void rv_termios_to_guest(struct rv_termios *g, const struct rv_host_termios *h);

#endif
