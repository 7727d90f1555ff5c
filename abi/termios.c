/*
 * abi/termios.c - kernel struct termios between guest and host layouts (abi/termios.h).
 *
 * Flag words and c_cc indices have the same meaning on both sides (generic termbits), so the
 * words are copied unchanged; c_cc is copied up to the smaller NCCS and the rest is _POSIX_VDISABLE
 * (0), which is what a kernel with fewer control characters would report.
 */
#include <string.h>

#include "abi/termios.h"
#include "abi/types.h"

#define MIN_NCCS (RV_NCCS < RV_HOST_NCCS ? RV_NCCS : RV_HOST_NCCS)

void rv_termios_to_host(struct rv_host_termios *h, const struct rv_termios *g)
{
    memset(h, 0, sizeof *h);
    h->c_iflag = rv_le32(g->c_iflag);
    h->c_oflag = rv_le32(g->c_oflag);
    h->c_cflag = rv_le32(g->c_cflag);
    h->c_lflag = rv_le32(g->c_lflag);
    h->c_line = g->c_line;
    memcpy(h->c_cc, g->c_cc, MIN_NCCS);
}

void rv_termios_to_guest(struct rv_termios *g, const struct rv_host_termios *h)
{
    memset(g, 0, sizeof *g);
    g->c_iflag = rv_le32(h->c_iflag);
    g->c_oflag = rv_le32(h->c_oflag);
    g->c_cflag = rv_le32(h->c_cflag);
    g->c_lflag = rv_le32(h->c_lflag);
    g->c_line = h->c_line;
    memcpy(g->c_cc, h->c_cc, MIN_NCCS);
}
