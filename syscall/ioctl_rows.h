/*
 * syscall/ioctl_rows.h - how the ioctl handler (ioctl.c) passes a request's argument to the host
 * kernel: from the table of requests crossrun knows by name (ioctl_table.c), else from what the
 * request's number encodes, for the families whose encoding can be trusted (ioctl_encoded.c).
 */
#ifndef CROSSRUN_SYSCALL_IOCTL_ROWS_H
#define CROSSRUN_SYSCALL_IOCTL_ROWS_H

#include <stdbool.h>
#include <stdint.h>

enum ioctl_arg {
    ARG_NONE,          /* no argument */
    ARG_VALUE,         /* an integer passed by value */
    ARG_IN,            /* pointer to `size` bytes the kernel reads; same layout on both sides */
    ARG_OUT,           /* pointer to `size` bytes the kernel writes; same layout on both sides */
    ARG_INOUT,         /* pointer to `size` bytes the kernel reads and writes; same layout */
    ARG_COUNTED,       /* a `size`-byte header, then as many `record`-byte records as the
                        * header's count (count_bytes wide at count_at) says: read and written */
    ARG_IFCONF,        /* pointer to a struct ifconf and the buffer it points to */
    ARG_TERMIOS_IN,    /* pointer to a guest struct termios, converted for the host */
    ARG_TERMIOS_OUT,   /* pointer to a guest struct termios, filled from the host's */
};

struct ioctl_row {
    uint32_t guest;
    unsigned long host;
    enum ioctl_arg kind;
    uint32_t size;
    uint8_t count_at, count_bytes;   /* ARG_COUNTED only */
    uint16_t record;
};

/* How to pass `request`'s argument: true and *row filled, or false when crossrun does not know
 * the request and its number cannot be trusted (the caller answers -ENOTTY). */
bool rv_ioctl_how(uint32_t request, struct ioctl_row *row);

/* The table's row for request, or NULL. */
const struct ioctl_row *rv_ioctl_known(uint32_t request);

/* From the number alone: true when request belongs to a family whose numbers say truthfully how
 * the kernel uses the argument and whose structs hold no pointers the kernel follows. */
bool rv_ioctl_encoded(uint32_t request, struct ioctl_row *row);

#endif
