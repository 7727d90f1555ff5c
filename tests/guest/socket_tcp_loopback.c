/* socket_tcp_loopback.c: TCP over 127.0.0.1 in one process (no fork, no threads): a listening
 * socket on port 0, a non-blocking connect, accept4, data both ways, shutdown, and socket options
 * round-tripped (SO_REUSEADDR, SO_RCVBUF, TCP_NODELAY, SO_LINGER, SO_RCVTIMEO with a receive that
 * times out). Port numbers differ between runs, so only their relations are printed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int check(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: ok\n", what);
    return (int)r;
}

static int get_int(int fd, int level, int name)
{
    int v = -12345;
    socklen_t len = sizeof v;
    if (getsockopt(fd, level, name, &v, &len) != 0)
        return -1000 - errno;
    return len == sizeof v ? v : -999;
}

static void wait_for(int fd, short events, const char *what)
{
    struct pollfd p = { .fd = fd, .events = events };
    int n = poll(&p, 1, 5000);
    printf("poll %s: %d%s\n", what, n, n == 1 && (p.revents & events) ? " ready" : "");
}

int main(void)
{
    int one = 1;
    int lfd = check("socket listen", socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    printf("listen fd cloexec: %d\n", (fcntl(lfd, F_GETFD) & FD_CLOEXEC) != 0);
    check("SO_REUSEADDR set", setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    printf("SO_REUSEADDR: %d\n", get_int(lfd, SOL_SOCKET, SO_REUSEADDR));
    printf("SO_TYPE stream: %d\n", get_int(lfd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM);
    printf("SO_DOMAIN inet: %d\n", get_int(lfd, SOL_SOCKET, SO_DOMAIN) == AF_INET);

    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    check("bind 127.0.0.1:0", bind(lfd, (struct sockaddr *)&a, sizeof a));
    check("listen", listen(lfd, 4));
    printf("SO_ACCEPTCONN: %d\n", get_int(lfd, SOL_SOCKET, SO_ACCEPTCONN));

    struct sockaddr_in la;
    socklen_t len = sizeof la;
    memset(&la, 0xff, sizeof la);
    check("getsockname", getsockname(lfd, (struct sockaddr *)&la, &len));
    char text[64];
    inet_ntop(AF_INET, &la.sin_addr, text, sizeof text);
    printf("bound: len %u family %s addr %s port nonzero %d\n", (unsigned)len,
           la.sin_family == AF_INET ? "AF_INET" : "?", text, ntohs(la.sin_port) != 0);

    /* a short buffer gets a cut address and the full length */
    char small[4];
    len = sizeof small;
    check("getsockname short", getsockname(lfd, (struct sockaddr *)small, &len));
    printf("short len %u, family bytes match %d\n", (unsigned)len, memcmp(small, &la, 4) == 0);

    int cfd = check("socket client", socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
    printf("client nonblocking: %d\n", (fcntl(cfd, F_GETFL) & O_NONBLOCK) != 0);
    int r = connect(cfd, (struct sockaddr *)&la, sizeof la);
    printf("connect: %s\n", r == 0 || errno == EINPROGRESS ? "ok or in progress" : strerror(errno));
    wait_for(cfd, POLLOUT, "connected");
    printf("SO_ERROR: %d\n", get_int(cfd, SOL_SOCKET, SO_ERROR));

    struct sockaddr_in peer;
    len = sizeof peer;
    int afd = check("accept4", accept4(lfd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC));
    struct sockaddr_in ca, pa;
    socklen_t clen = sizeof ca, plen = sizeof pa;
    check("getsockname client", getsockname(cfd, (struct sockaddr *)&ca, &clen));
    check("getpeername client", getpeername(cfd, (struct sockaddr *)&pa, &plen));
    printf("accepted peer len %u is the client: %d\n", (unsigned)len,
           peer.sin_port == ca.sin_port && peer.sin_addr.s_addr == ca.sin_addr.s_addr);
    printf("client's peer is the listener: %d\n", pa.sin_port == la.sin_port);
    printf("accepted fd cloexec: %d\n", (fcntl(afd, F_GETFD) & FD_CLOEXEC) != 0);

    /* data both ways */
    printf("send: %zd\n", send(cfd, "hello, server", 13, 0));
    char buf[64] = { 0 };
    wait_for(afd, POLLIN, "server readable");
    printf("recv: %zd '%s'\n", recv(afd, buf, sizeof buf - 1, 0), buf);
    printf("sendto NULL addr: %zd\n", sendto(afd, "hi, client", 10, MSG_NOSIGNAL, NULL, 0));
    wait_for(cfd, POLLIN, "client readable");
    memset(buf, 0, sizeof buf);
    printf("recv MSG_PEEK: %zd '%s'\n", recv(cfd, buf, 2, MSG_PEEK), buf);
    memset(buf, 0, sizeof buf);
    len = sizeof peer;
    printf("recvfrom: %zd '%s'\n", recvfrom(cfd, buf, sizeof buf - 1, 0, NULL, NULL), buf);
    r = recv(cfd, buf, sizeof buf, 0);
    printf("recv empty nonblocking: %d %s\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");

    /* options */
    check("TCP_NODELAY set", setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
    printf("TCP_NODELAY: %d\n", get_int(cfd, IPPROTO_TCP, TCP_NODELAY));
    int rcvbuf = 65536;
    check("SO_RCVBUF set", setsockopt(afd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf));
    printf("SO_RCVBUF: %d\n", get_int(afd, SOL_SOCKET, SO_RCVBUF));

    struct linger lg = { .l_onoff = 1, .l_linger = 5 }, lg2 = { 0, 0 };
    check("SO_LINGER set", setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
    len = sizeof lg2;
    check("SO_LINGER get", getsockopt(cfd, SOL_SOCKET, SO_LINGER, &lg2, &len));
    printf("SO_LINGER: len %u onoff %d linger %d\n", (unsigned)len, lg2.l_onoff, lg2.l_linger);
    int half = -1;
    len = sizeof half;
    check("SO_LINGER get short", getsockopt(cfd, SOL_SOCKET, SO_LINGER, &half, &len));
    printf("SO_LINGER short: len %u onoff %d\n", (unsigned)len, half);
    r = setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lg, 4);
    printf("SO_LINGER set short: %d %s\n", r, r ? strerror(errno) : "");

    struct timeval tv = { .tv_sec = 0, .tv_usec = 50000 }, tv2 = { 0, 0 };
    check("SO_RCVTIMEO set", setsockopt(afd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    len = sizeof tv2;
    check("SO_RCVTIMEO get", getsockopt(afd, SOL_SOCKET, SO_RCVTIMEO, &tv2, &len));
    printf("SO_RCVTIMEO: len %u %ld.%06ld\n", (unsigned)len, (long)tv2.tv_sec, (long)tv2.tv_usec);
    r = recv(afd, buf, sizeof buf, 0);
    printf("recv with timeout: %d %s\n", r,
           r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? "timed out" : "?");
    tv.tv_sec = 7;
    tv.tv_usec = 250000;
    check("SO_SNDTIMEO set", setsockopt(afd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
    len = sizeof tv2;
    check("SO_SNDTIMEO get", getsockopt(afd, SOL_SOCKET, SO_SNDTIMEO, &tv2, &len));
    printf("SO_SNDTIMEO: %ld.%06ld\n", (long)tv2.tv_sec, (long)tv2.tv_usec);

    /* errors */
    /* (an unknown level is left out: hosts disagree, ENOPROTOOPT or EOPNOTSUPP, and crossrun
     * answers ENOPROTOOPT without asking: tests/unit/test_net.c checks that) */
    r = getsockopt(cfd, SOL_SOCKET, 9999, &half, &len);
    printf("unknown option: %d %s\n", r, strerror(errno));
    r = connect(socket(AF_INET, SOCK_STREAM, 0), (struct sockaddr *)&la, 200);
    printf("connect addrlen 200: %d %s\n", r, strerror(errno));
    r = bind(socket(AF_INET, SOCK_STREAM, 0), (struct sockaddr *)8, sizeof la);
    printf("bind bad pointer: %d %s\n", r, strerror(errno));
    r = socket(AF_INET, SOCK_STREAM | 0x100, 0);
    printf("socket bad flag: %d %s\n", r, strerror(errno));
    r = send(cfd, (void *)16, 4, MSG_NOSIGNAL);
    printf("send bad buffer: %d %s\n", r, strerror(errno));

    /* shutdown: the server sees end of file, the other direction still works */
    check("shutdown SHUT_WR", shutdown(cfd, SHUT_WR));
    wait_for(afd, POLLIN, "server eof");
    printf("recv after shutdown: %zd\n", recv(afd, buf, sizeof buf, 0));
    printf("send after peer shutdown: %zd\n", send(afd, "bye", 3, MSG_NOSIGNAL));
    wait_for(cfd, POLLIN, "client readable");
    memset(buf, 0, sizeof buf);
    printf("recv: %zd '%s'\n", recv(cfd, buf, sizeof buf - 1, 0), buf);
    r = send(cfd, "x", 1, MSG_NOSIGNAL);
    printf("send after SHUT_WR: %d %s\n", r, strerror(errno));
    r = shutdown(cfd, 7);
    printf("shutdown bad how: %d %s\n", r, strerror(errno));

    close(afd);
    close(cfd);
    close(lfd);
    return 0;
}
