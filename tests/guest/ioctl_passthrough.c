/* ioctl_passthrough.c: ioctls crossrun passes to the host beyond the few libc functions make,
 * compared with the native run. By table, the requests whose numbers do not say how the kernel
 * uses the argument (FIOQSIZE, FIGETBSZ, the socket SIOCGIF* family, terminal modem and line
 * discipline requests, FS_IOC_GETFLAGS's int, FIEMAP's records); by their encoding, the rest
 * (RNDGETENTCNT, TCGETS2, TIOCGEXCL, TIOCGPKT). A bad buffer is EFAULT only where the kernel would
 * touch it: on a pipe, which knows none of these requests, the answer is ENOTTY. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <asm/termbits.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/random.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "result_text.h"

#define BAD ((void *)8)   /* never mapped */

static void files(void)
{
    char dir[] = "/tmp/ioctl_passthrough.XXXXXX";
    if (!mkdtemp(dir)) {
        printf("mkdtemp: %s\n", strerror(errno));
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "%s/f", dir);
    int fd = open(path, O_RDWR | O_CREAT, 0600);
    char block[5000];
    memset(block, 'x', sizeof block);
    printf("write: %s\n", res(write(fd, block, sizeof block)));
    fsync(fd);

    long long qsize = -1;
    long r = ioctl(fd, FIOQSIZE, &qsize);
    printf("FIOQSIZE: %s, size %lld\n", res(r), qsize);
    printf("FIOQSIZE into a bad buffer: %s\n", res(ioctl(fd, FIOQSIZE, BAD)));
    int bsz = 0;
    r = ioctl(fd, FIGETBSZ, &bsz);
    printf("FIGETBSZ: %s, block size %s\n", res(r), bsz > 0 ? "positive" : "unset");
    int flags = -1;
    r = ioctl(fd, FS_IOC_GETFLAGS, &flags);
    printf("FS_IOC_GETFLAGS: %s, flags %#x\n", res(r), r == 0 ? flags : 0);
    int version = 0;
    printf("FS_IOC_GETVERSION: %s\n", res(ioctl(fd, FS_IOC_GETVERSION, &version)));

    struct {
        struct fiemap map;
        struct fiemap_extent extents[8];
    } fm = { .map = { .fm_length = ~0ULL, .fm_flags = FIEMAP_FLAG_SYNC,
                      .fm_extent_count = 8 } };
    r = ioctl(fd, FS_IOC_FIEMAP, &fm);
    printf("FIEMAP: %s", res(r));
    if (r == 0)
        printf(", %s extents, the last flagged %s", fm.map.fm_mapped_extents ? "some" : "no",
               fm.map.fm_mapped_extents &&
                       (fm.extents[fm.map.fm_mapped_extents - 1].fe_flags & FIEMAP_EXTENT_LAST)
                   ? "last" : "-");
    printf("\n");
    struct fiemap count_only = { .fm_length = ~0ULL, .fm_extent_count = 0 };
    r = ioctl(fd, FS_IOC_FIEMAP, &count_only);
    printf("FIEMAP counting: %s, %s\n", res(r),
           r == 0 && count_only.fm_mapped_extents == fm.map.fm_mapped_extents ? "same count"
                                                                              : "-");
    printf("FIEMAP into a bad buffer: %s\n", res(ioctl(fd, FS_IOC_FIEMAP, BAD)));

    int p[2];
    if (pipe(p) == 0) {
        printf("pipe FIOQSIZE into a bad buffer: %s\n", res(ioctl(p[0], FIOQSIZE, BAD)));
        printf("pipe FS_IOC_GETFLAGS into a bad buffer: %s\n",
               res(ioctl(p[0], FS_IOC_GETFLAGS, BAD)));
        printf("pipe RNDGETENTCNT: %s\n", res(ioctl(p[0], RNDGETENTCNT, BAD)));
        close(p[0]);
        close(p[1]);
    }
    printf("closed fd FIOQSIZE: %s\n", res(ioctl(-1, FIOQSIZE, &qsize)));
    printf("closed fd RNDGETENTCNT: %s\n", res(ioctl(-1, RNDGETENTCNT, BAD)));
    close(fd);
    unlink(path);
    rmdir(dir);
}

static void random_device(void)
{
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0) {
        printf("/dev/urandom: %s\n", strerror(errno));
        return;
    }
    int count = -1;
    long r = ioctl(fd, RNDGETENTCNT, &count);
    printf("RNDGETENTCNT: %s, count %s\n", res(r), count >= 0 ? "set" : "unset");
    printf("RNDGETENTCNT into a bad buffer: %s\n", res(ioctl(fd, RNDGETENTCNT, BAD)));
    close(fd);
}

static void interfaces(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq q;
    memset(&q, 0, sizeof q);
    strcpy(q.ifr_name, "lo");
    long r = ioctl(s, SIOCGIFFLAGS, &q);
    printf("SIOCGIFFLAGS lo: %s, loopback %s\n", res(r),
           r == 0 && (q.ifr_flags & IFF_LOOPBACK) ? "yes" : "no");
    r = ioctl(s, SIOCGIFMTU, &q);
    printf("SIOCGIFMTU lo: %s, mtu %d\n", res(r), r == 0 ? q.ifr_mtu : 0);
    r = ioctl(s, SIOCGIFADDR, &q);
    printf("SIOCGIFADDR lo: %s, %s\n", res(r),
           r == 0 ? inet_ntoa(((struct sockaddr_in *)&q.ifr_addr)->sin_addr) : "-");
    r = ioctl(s, SIOCGIFNETMASK, &q);
    printf("SIOCGIFNETMASK lo: %s, %s\n", res(r),
           r == 0 ? inet_ntoa(((struct sockaddr_in *)&q.ifr_netmask)->sin_addr) : "-");
    r = ioctl(s, SIOCGIFHWADDR, &q);
    printf("SIOCGIFHWADDR lo: %s, type %s\n", res(r),
           r == 0 && q.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK ? "loopback" : "other");
    r = ioctl(s, SIOCGIFTXQLEN, &q);
    printf("SIOCGIFTXQLEN lo: %s, %d\n", res(r), r == 0 ? q.ifr_qlen : 0);
    strcpy(q.ifr_name, "nosuch0");
    printf("SIOCGIFFLAGS nosuch0: %s\n", res(ioctl(s, SIOCGIFFLAGS, &q)));
    printf("SIOCGIFMTU into a bad buffer: %s\n", res(ioctl(s, SIOCGIFMTU, BAD)));
    int mark = -1;
    printf("SIOCATMARK on a datagram socket: %s\n", res(ioctl(s, SIOCATMARK, &mark)));
    close(s);
}

static void terminal(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) || unlockpt(m)) {
        printf("no pty: %s\n", strerror(errno));
        return;
    }
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    int v = -1;
    long r = ioctl(s, TIOCGETD, &v);
    printf("TIOCGETD: %s, discipline %d\n", res(r), v);
    printf("TIOCMGET on a pty: %s\n", res(ioctl(s, TIOCMGET, &v)));
    printf("TIOCEXCL: %s\n", res(ioctl(s, TIOCEXCL)));
    v = -1;
    r = ioctl(s, TIOCGEXCL, &v);
    printf("TIOCGEXCL: %s, %d\n", res(r), v);
    printf("TIOCNXCL: %s\n", res(ioctl(s, TIOCNXCL)));
    v = -1;
    r = ioctl(s, TIOCGEXCL, &v);
    printf("TIOCGEXCL: %s, %d\n", res(r), v);
    v = 1;
    printf("TIOCPKT on: %s\n", res(ioctl(m, TIOCPKT, &v)));
    v = -1;
    r = ioctl(m, TIOCGPKT, &v);
    printf("TIOCGPKT: %s, %d\n", res(r), v);
    v = -1;
    r = ioctl(m, TIOCGPTLCK, &v);
    printf("TIOCGPTLCK: %s, %d\n", res(r), v);
    struct termios2 t2;
    memset(&t2, 0, sizeof t2);
    r = ioctl(s, TCGETS2, &t2);
    printf("TCGETS2: %s, speeds %u %u\n", res(r), t2.c_ispeed, t2.c_ospeed);
    struct termio t1;
    memset(&t1, 0, sizeof t1);
    r = ioctl(s, TCGETA, &t1);
    printf("TCGETA: %s, canonical %s\n", res(r), (t1.c_lflag & ICANON) ? "yes" : "no");
    printf("TCGETS2 into a bad buffer: %s\n", res(ioctl(s, TCGETS2, BAD)));
    printf("TIOCGETD into a bad buffer: %s\n", res(ioctl(s, TIOCGETD, BAD)));
    close(s);
    close(m);
}

int main(void)
{
    files();
    random_device();
    interfaces();
    terminal();
    return 0;
}
