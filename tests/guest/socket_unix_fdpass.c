/* socket_unix_fdpass.c: AF_UNIX in one process: a pipe's write end passed with SCM_RIGHTS and
 * used through the received descriptor, SCM_CREDENTIALS with SO_PASSCRED, SO_PEERCRED, a control
 * buffer too small (MSG_CTRUNC), sendmmsg/recvmmsg on a datagram pair, and sockets bound to an
 * abstract name and to a path. Descriptor numbers and pids are only compared, never printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void send_fd(int sock, int fd)
{
    char data[] = "fd!";
    struct iovec iov = { .iov_base = data, .iov_len = 3 };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    printf("sendmsg SCM_RIGHTS: %zd\n", sendmsg(sock, &m, 0));
}

static void fd_passing(void)
{
    int sv[2], p[2];
    printf("socketpair: %d\n", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    printf("pipe: %d\n", pipe(p));
    send_fd(sv[0], p[1]);

    char data[8] = { 0 };
    struct iovec iov = { .iov_base = data, .iov_len = sizeof data - 1 };
    union {
        char buf[CMSG_SPACE(sizeof(int)) + 16];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf };
    ssize_t n = recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC);
    printf("recvmsg: %zd '%s' controllen %zu flags %#x\n", n, data, (size_t)m.msg_controllen,
           m.msg_flags);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    int fd = -1;
    if (c) {
        printf("cmsg: level %s type %s len %zu next %s\n",
               c->cmsg_level == SOL_SOCKET ? "SOL_SOCKET" : "?",
               c->cmsg_type == SCM_RIGHTS ? "SCM_RIGHTS" : "?", (size_t)c->cmsg_len,
               CMSG_NXTHDR(&m, c) ? "yes" : "none");
        memcpy(&fd, CMSG_DATA(c), sizeof fd);
    }
    printf("received a new descriptor: %d\n", fd >= 0 && fd != p[1]);
    printf("received fd cloexec: %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    printf("write through it: %zd\n", write(fd, "through the passed fd", 21));
    char buf[64] = { 0 };
    printf("read from the pipe: %zd '%s'\n", read(p[0], buf, sizeof buf - 1), buf);
    close(fd);

    /* a control buffer with room for the header only: the descriptor is dropped, MSG_CTRUNC */
    send_fd(sv[0], p[1]);
    char tiny[sizeof(struct cmsghdr)];
    memset(data, 0, sizeof data);
    struct msghdr t = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = tiny,
                        .msg_controllen = sizeof tiny };
    n = recvmsg(sv[1], &t, 0);
    printf("recvmsg small control: %zd '%s' MSG_CTRUNC %d\n", n, data,
           (t.msg_flags & MSG_CTRUNC) != 0);

    /* SO_PEERCRED on a socketpair: this very process */
    struct ucred cr;
    socklen_t len = sizeof cr;
    int pr = getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len);
    printf("SO_PEERCRED: %d len %u\n", pr, (unsigned)len);
    printf("peer pid is getpid: %d, uid is getuid: %d\n", cr.pid == getpid(), cr.uid == getuid());
    close(sv[0]);
    close(sv[1]);
    close(p[0]);
    close(p[1]);
}

static void credentials(void)
{
    int sv[2], one = 1;
    printf("socketpair dgram: %d\n", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    printf("SO_PASSCRED: %d\n", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one));
    /* explicit credentials, as a process proves who it is */
    struct ucred me = { .pid = getpid(), .uid = getuid(), .gid = getgid() };
    union {
        char buf[CMSG_SPACE(sizeof(struct ucred))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct iovec iov = { .iov_base = "cred", .iov_len = 4 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof me);
    memcpy(CMSG_DATA(c), &me, sizeof me);
    printf("sendmsg SCM_CREDENTIALS: %zd\n", sendmsg(sv[0], &m, 0));
    printf("send without credentials: %zd\n", send(sv[0], "anon", 4, 0));

    for (int i = 0; i < 2; i++) {
        char data[8] = { 0 };
        struct iovec riov = { .iov_base = data, .iov_len = sizeof data - 1 };
        memset(&u, 0, sizeof u);
        struct msghdr r = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = u.buf,
                            .msg_controllen = sizeof u.buf };
        ssize_t n = recvmsg(sv[1], &r, 0);
        struct cmsghdr *rc = CMSG_FIRSTHDR(&r);
        struct ucred got = { 0, 0, 0 };
        if (rc && rc->cmsg_type == SCM_CREDENTIALS)
            memcpy(&got, CMSG_DATA(rc), sizeof got);
        printf("recvmsg: %zd '%s' SCM_CREDENTIALS %d pid==getpid %d uid==getuid %d gid==getgid %d\n",
               n, data, rc && rc->cmsg_type == SCM_CREDENTIALS, got.pid == getpid(),
               got.uid == getuid(), got.gid == getgid());
    }

    /* a malformed control message: cmsg_len past the buffer */
    c->cmsg_len = sizeof u.buf + 8;
    ssize_t n = sendmsg(sv[0], &m, 0);
    printf("sendmsg bad cmsg_len: %zd %s\n", n, n < 0 ? strerror(errno) : "");
    close(sv[0]);
    close(sv[1]);
}

static void mmsg(void)
{
    int sv[2];
    printf("socketpair dgram: %d\n", socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv));
    const char *words[3] = { "alpha", "be", "gamma-delta" };
    struct iovec iov[3][2];
    struct mmsghdr out[3];
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        /* two iovecs per message: the word and a suffix */
        iov[i][0] = (struct iovec){ .iov_base = (void *)words[i], .iov_len = strlen(words[i]) };
        iov[i][1] = (struct iovec){ .iov_base = "!", .iov_len = 1 };
        out[i].msg_hdr.msg_iov = iov[i];
        out[i].msg_hdr.msg_iovlen = 2;
    }
    int r = sendmmsg(sv[0], out, 3, 0);
    printf("sendmmsg: %d lens %u %u %u\n", r, out[0].msg_len, out[1].msg_len, out[2].msg_len);

    char bufs[4][32];
    struct iovec riov[4];
    struct mmsghdr in[4];
    memset(in, 0, sizeof in);
    memset(bufs, 0, sizeof bufs);
    for (int i = 0; i < 4; i++) {
        riov[i] = (struct iovec){ .iov_base = bufs[i], .iov_len = sizeof bufs[i] - 1 };
        in[i].msg_hdr.msg_iov = &riov[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    struct timespec tmo = { .tv_sec = 5, .tv_nsec = 0 };
    r = recvmmsg(sv[1], in, 4, MSG_WAITFORONE, &tmo);
    printf("recvmmsg: %d\n", r);
    for (int i = 0; i < r; i++)
        printf("  [%d] len %u '%s'\n", i, in[i].msg_len, bufs[i]);
    printf("timeout left, at most 5s: %d\n", tmo.tv_sec <= 5 && tmo.tv_sec >= 0);
    r = recvmmsg(sv[1], in, 4, 0, NULL);
    printf("recvmmsg empty: %d %s\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");
    /* an iovec pointing nowhere fails the first message: the error, not a count */
    riov[0].iov_base = (void *)24;
    send(sv[0], "x", 1, 0);
    r = recvmmsg(sv[1], in, 1, 0, NULL);
    printf("recvmmsg bad iovec: %d %s\n", r, r < 0 ? strerror(errno) : "");
    close(sv[0]);
    close(sv[1]);
}

static void named(void)
{
    /* abstract: a name in no file system, starting with a NUL byte */
    char name[64];
    int nlen = snprintf(name, sizeof name, "crossrun-test-%d", getpid());
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    memcpy(a.sun_path + 1, name, (size_t)nlen);
    socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + nlen);
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    printf("bind abstract: %d\n", bind(s, (struct sockaddr *)&a, alen));
    struct sockaddr_un got;
    socklen_t glen = sizeof got;
    int gr = getsockname(s, (struct sockaddr *)&got, &glen);
    printf("getsockname: %d, length matches %d, name matches %d\n", gr, glen == alen,
           glen == alen && memcmp(&got, &a, alen) == 0);
    int c = socket(AF_UNIX, SOCK_DGRAM, 0);
    printf("sendto abstract: %zd\n", sendto(c, "to abstract", 11, 0, (struct sockaddr *)&a, alen));
    char buf[32] = { 0 };
    struct sockaddr_un from;
    socklen_t flen = sizeof from;
    ssize_t n = recvfrom(s, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &flen);
    printf("recvfrom: %zd '%s' from an unbound socket: len %u\n", n, buf, (unsigned)flen);
    close(c);
    close(s);

    /* a path: a socket file appears in the (host) file system */
    char path[108];
    snprintf(path, sizeof path, "/tmp/crossrun-sock-%d", getpid());
    unlink(path);
    struct sockaddr_un p = { .sun_family = AF_UNIX };
    strcpy(p.sun_path, path);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("bind path: %d\n", bind(l, (struct sockaddr *)&p, sizeof p));
    struct stat st;
    printf("socket file: %d\n", stat(path, &st) == 0 && S_ISSOCK(st.st_mode));
    printf("listen: %d\n", listen(l, 1));
    int k = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("connect path: %d\n", connect(k, (struct sockaddr *)&p, sizeof p));
    struct sockaddr_un peer;
    socklen_t plen = sizeof peer;
    int acc = accept(l, (struct sockaddr *)&peer, &plen);
    printf("accept: %d peer len %u\n", acc >= 0, (unsigned)plen);
    printf("send: %zd\n", send(k, "over the path", 13, 0));
    memset(buf, 0, sizeof buf);
    printf("recv: %zd '%s'\n", recv(acc, buf, sizeof buf - 1, 0), buf);
    struct sockaddr_un pn;
    socklen_t pnlen = sizeof pn;
    getpeername(k, (struct sockaddr *)&pn, &pnlen);
    printf("getpeername is the path: %d\n", strcmp(pn.sun_path, path) == 0);
    close(acc);
    close(k);
    close(l);
    printf("unlink: %d\n", unlink(path));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    fd_passing();
    credentials();
    mmsg();
    named();
    return 0;
}
