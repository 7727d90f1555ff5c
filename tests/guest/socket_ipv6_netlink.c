/* socket_ipv6_netlink.c: TCP over the IPv6 loopback ::1 (when the host has it; otherwise one skip
 * line, printed natively and under crossrun alike), a raw NETLINK_ROUTE socket, and getifaddrs,
 * which libc builds from NETLINK_ROUTE dumps: the loopback interface's entries, sorted. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void ipv6_loopback(void)
{
    int l = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    int one = 1, v = 0;
    int sr = l < 0 ? -1 : setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0) {
        printf("ipv6: skip, no ::1 on this host\n");
        if (l >= 0)
            close(l);
        return;
    }
    socklen_t len = sizeof v;
    printf("IPV6_V6ONLY set: %d\n", sr);
    int gr = getsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len);
    printf("IPV6_V6ONLY get: %d value %d\n", gr, v);
    printf("listen: %d\n", listen(l, 1));
    struct sockaddr_in6 la;
    len = sizeof la;
    gr = getsockname(l, (struct sockaddr *)&la, &len);
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &la.sin6_addr, text, sizeof text);
    printf("getsockname: %d len %u addr %s port nonzero %d\n", gr, (unsigned)len, text,
           la.sin6_port != 0);

    int c = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(c, (struct sockaddr *)&la, sizeof la);
    printf("connect: %s\n", r == 0 || errno == EINPROGRESS ? "ok or in progress" : strerror(errno));
    struct pollfd p = { .fd = c, .events = POLLOUT };
    printf("poll: %d\n", poll(&p, 1, 5000));
    struct sockaddr_in6 peer;
    len = sizeof peer;
    int s = accept(l, (struct sockaddr *)&peer, &len);
    inet_ntop(AF_INET6, &peer.sin6_addr, text, sizeof text);
    printf("accept: %d peer len %u addr %s\n", s >= 0, (unsigned)len, text);
    printf("send: %zd\n", send(c, "six", 3, 0));
    char buf[8] = { 0 };
    p = (struct pollfd){ .fd = s, .events = POLLIN };
    poll(&p, 1, 5000);
    printf("recv: %zd '%s'\n", recv(s, buf, sizeof buf - 1, 0), buf);
    close(s);
    close(c);
    close(l);
}

static void raw_netlink(void)
{
    int n = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    printf("netlink socket: %d\n", n >= 0);
    struct sockaddr_nl a = { .nl_family = AF_NETLINK };
    printf("bind: %d\n", bind(n, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_nl got;
    socklen_t len = sizeof got;
    int r = getsockname(n, (struct sockaddr *)&got, &len);
    printf("getsockname: %d len %u family %d port id assigned %d\n", r, (unsigned)len,
           got.nl_family, got.nl_pid != 0);

    /* RTM_GETLINK dump: count the messages until NLMSG_DONE and find "lo" among the links */
    struct {
        struct nlmsghdr h;
        struct ifinfomsg i;
    } req = { .h = { .nlmsg_len = sizeof req, .nlmsg_type = RTM_GETLINK,
                     .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
              .i = { .ifi_family = AF_UNSPEC } };
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    printf("sendto dump request: %zd\n",
           sendto(n, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel));
    static char buf[65536];
    int done = 0, saw_lo = 0, bad = 0;
    while (!done) {
        struct sockaddr_nl from;
        struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf };
        struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
                            .msg_iovlen = 1 };
        ssize_t got_n = recvmsg(n, &m, 0);
        if (got_n <= 0 || m.msg_namelen != sizeof from || from.nl_pid != 0) {
            bad = 1;
            break;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)got_n);
             h = NLMSG_NEXT(h, got_n)) {
            if (h->nlmsg_type == NLMSG_DONE) {
                done = 1;
                break;
            }
            if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_seq != 1) {
                bad = 1;
                continue;
            }
            struct ifinfomsg *ifi = NLMSG_DATA(h);
            int alen = (int)IFLA_PAYLOAD(h);
            for (struct rtattr *at = IFLA_RTA(ifi); RTA_OK(at, alen); at = RTA_NEXT(at, alen))
                if (at->rta_type == IFLA_IFNAME && strcmp(RTA_DATA(at), "lo") == 0)
                    saw_lo = ifi->ifi_flags & IFF_LOOPBACK;
        }
    }
    printf("dump: complete %d, from the kernel %d, lo is a loopback link %d\n", done, !bad,
           saw_lo != 0);
    close(n);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void interfaces(void)
{
    struct ifaddrs *list;
    if (getifaddrs(&list) != 0) {
        printf("getifaddrs: %s\n", strerror(errno));
        return;
    }
    char *lines[64];
    int n = 0;
    for (struct ifaddrs *i = list; i && n < 64; i = i->ifa_next) {
        if (strcmp(i->ifa_name, "lo") != 0 || !i->ifa_addr)
            continue;
        char addr[INET6_ADDRSTRLEN] = "", mask[INET6_ADDRSTRLEN] = "";
        const char *fam = "other";
        int f = i->ifa_addr->sa_family;
        if (f == AF_INET) {
            fam = "AF_INET";
            inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, addr, sizeof addr);
            if (i->ifa_netmask)
                inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, mask,
                          sizeof mask);
        } else if (f == AF_INET6) {
            fam = "AF_INET6";
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, addr, sizeof addr);
            if (i->ifa_netmask)
                inet_ntop(AF_INET6, &((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr, mask,
                          sizeof mask);
        } else if (f == AF_PACKET) {
            fam = "AF_PACKET";
        }
        if (asprintf(&lines[n], "%s %s %s %s up %d loopback %d", i->ifa_name, fam, addr, mask,
                     (i->ifa_flags & IFF_UP) != 0, (i->ifa_flags & IFF_LOOPBACK) != 0) > 0)
            n++;
    }
    freeifaddrs(list);
    qsort(lines, (size_t)n, sizeof lines[0], cmp);
    printf("getifaddrs, interface lo:\n");
    for (int i = 0; i < n; i++) {
        printf("  %s\n", lines[i]);
        free(lines[i]);
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    ipv6_loopback();
    raw_netlink();
    interfaces();
    return 0;
}
