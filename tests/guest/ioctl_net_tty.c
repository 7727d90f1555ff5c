/* ioctl_net_tty.c: network-interface and terminal ioctls that libc functions make: if_nametoindex
 * and if_indextoname (SIOCGIFINDEX, SIOCGIFNAME), the interface list (SIOCGIFCONF), a pty's peer
 * opened through its master (TIOCGPTPEER), tcsendbreak with a duration (TCSBRKP). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

static void interfaces(void)
{
    unsigned idx = if_nametoindex("lo");
    char name[IF_NAMESIZE] = "";
    printf("lo: index %s, name of that index %s\n", idx ? "found" : "missing",
           idx && if_indextoname(idx, name) ? name : "?");
    errno = 0;
    unsigned none = if_nametoindex("nosuch0");
    int err = errno;
    printf("no such interface: index %u, errno %s\n", none,
           err == ENODEV ? "ENODEV" : strerror(err));
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq reqs[64];
    struct ifconf conf = { .ifc_len = sizeof reqs, .ifc_req = reqs };
    if (ioctl(s, SIOCGIFCONF, &conf) != 0) {
        printf("SIOCGIFCONF: %s\n", strerror(errno));
    } else {
        int lo = 0;
        for (size_t i = 0; i < conf.ifc_len / sizeof reqs[0]; i++)
            lo |= strcmp(reqs[i].ifr_name, "lo") == 0;
        printf("SIOCGIFCONF: whole entries %s, lo listed %s\n",
               conf.ifc_len % sizeof reqs[0] == 0 ? "yes" : "no", lo ? "yes" : "no");
    }
    struct ifconf size_only = { .ifc_len = 0, .ifc_buf = NULL };
    int r = ioctl(s, SIOCGIFCONF, &size_only);
    printf("SIOCGIFCONF without a buffer: %d, length %d for %d listed\n", r, size_only.ifc_len,
           conf.ifc_len);
    struct ifconf bad = { .ifc_len = sizeof reqs, .ifc_buf = (char *)8 };
    r = ioctl(s, SIOCGIFCONF, &bad);
    err = errno;
    printf("SIOCGIFCONF into a bad buffer: %d %s\n", r, err == EFAULT ? "EFAULT" : strerror(err));
    struct ifreq q = { .ifr_ifindex = 0x7fff };
    r = ioctl(s, SIOCGIFNAME, &q);
    err = errno;
    printf("SIOCGIFNAME of no interface: %d %s\n", r, err == ENODEV ? "ENODEV" : strerror(err));
    close(s);
}

static void terminal(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0) {
        printf("pty: skip, %s\n", strerror(errno));
        return;
    }
    int peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    printf("TIOCGPTPEER: %s, a terminal %s\n", peer >= 0 ? "an fd" : strerror(errno),
           peer >= 0 && isatty(peer) ? "yes" : "no");
    if (peer >= 0) {
        printf("tcsendbreak 0: %d\n", tcsendbreak(peer, 0));
        printf("tcsendbreak 1: %d\n", tcsendbreak(peer, 1));
        int p[2];
        if (pipe(p) == 0) {
            int r = ioctl(p[0], TCSBRKP, 0);
            int err = errno;
            printf("TCSBRKP on a pipe: %d %s\n", r, err == ENOTTY ? "ENOTTY" : strerror(err));
            close(p[0]);
            close(p[1]);
        }
        if (write(peer, "x\n", 2) == 2) {
            char c[8];
            ssize_t n = read(m, c, sizeof c);
            printf("through the pair: %zd bytes\n", n);
        }
        close(peer);
    }
    close(m);
}

int main(void)
{
    interfaces();
    terminal();
    return 0;
}
