/* kernel_answers.c: calls whose answer crossrun once made up instead of taking the kernel's
 * (issue 13): personality with other execution domains, fchmodat2, fcntl commands newer than
 * the table and the order of fcntl's errors (a bad fd before a bad pointer), madvise advice
 * newer than the table; and two that were right, kept so: recvmsg with a 64 KiB control buffer,
 * SA_RESETHAND keeping SA_SIGINFO. Where the host kernel is too old for a call, its answer
 * (ENOSYS, EINVAL) is the same natively and under crossrun. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    int e = errno;
    printf("%-36s %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerrorname_np(e) : "");
    errno = 0;
}

static void handler(int s, siginfo_t *i, void *c)
{
    (void)s, (void)i, (void)c;
}

static void personas(void)
{
    unsigned long start = (unsigned long)personality(0xffffffff);
    show("personality(PER_LINUX32)", personality(PER_LINUX32) == (int)start ? 1 : 0);
    show("  then the query", personality(0xffffffff));
    show("personality(0x0f | UNAME26)", personality(0x0f | UNAME26));
    show("  then the query", personality(0xffffffff));
    show("personality(ADDR_LIMIT_3GB)", personality(ADDR_LIMIT_3GB));
    show("  then the query", personality(0xffffffff));
    show("back to the start", personality(start));
    show("  then the query is the start", personality(0xffffffff) == (int)start);
}

static void files(const char *dir)
{
    char path[256], link[256];
    snprintf(path, sizeof path, "%s/f", dir);
    snprintf(link, sizeof link, "%s/l", dir);
    int fd = open(path, O_CREAT | O_RDWR, 0600);
    if (fd < 0 || symlink("f", link) != 0) {
        perror("setup");
        exit(1);
    }
    struct stat st;
    show("fchmodat2 0640", syscall(452, AT_FDCWD, path, 0640, 0));
    stat(path, &st);
    printf("%-36s %o\n", "  mode", (unsigned)st.st_mode & 0777);
    show("fchmodat2 of a symlink, nofollow", syscall(452, AT_FDCWD, link, 0600, AT_SYMLINK_NOFOLLOW));
    show("fchmodat2 with a bad flag", syscall(452, AT_FDCWD, path, 0600, 0x40000000));
    show("fcntl F_CREATED_QUERY", fcntl(fd, 1028));
    show("fcntl F_DUPFD_QUERY of itself", fcntl(fd, 1027, fd));
    show("fcntl unknown command", fcntl(fd, 9999, 0));
    show("fcntl(-1, unknown command)", fcntl(-1, 9999, 0));
    show("fcntl(-1, F_GETLK, NULL)", fcntl(-1, F_GETLK, NULL));
    show("fcntl(fd, F_GETLK, NULL)", fcntl(fd, F_GETLK, NULL));
    show("fcntl(-1, F_SETOWN_EX, NULL)", fcntl(-1, F_SETOWN_EX, NULL));
    uint64_t hint = 2;
    show("fcntl F_SET_RW_HINT", fcntl(fd, 1036, &hint));
    hint = 0;
    show("fcntl F_GET_RW_HINT", fcntl(fd, 1035, &hint));
    printf("%-36s %llu\n", "  hint", (unsigned long long)hint);
    close(fd);
    unlink(link);
    unlink(path);
}

static void memory(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show("madvise MADV_GUARD_INSTALL", madvise(p, page, 102));
    show("madvise MADV_GUARD_REMOVE", madvise(p, page, 103));
    p[0] = 1;
    show("madvise unknown advice", madvise(p, page, 9999));
    show("madvise negative advice", madvise(p, page, -5));
    munmap(p, 2 * page);
}

static void messages_and_signals(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    if (write(sv[0], "x", 1) != 1)
        exit(1);
    static char control[65536];
    char byte;
    struct iovec iov = { &byte, 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                        .msg_controllen = sizeof control };
    show("recvmsg, 64 KiB of control room", recvmsg(sv[1], &m, 0));
    close(sv[0]);
    close(sv[1]);
    struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO | SA_RESETHAND }, old;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR1, NULL, &old);
    printf("%-36s%s%s\n", "SA_RESETHAND's flags read back", (old.sa_flags & SA_SIGINFO) ? " SA_SIGINFO" : "",
           (old.sa_flags & SA_RESETHAND) ? " SA_RESETHAND" : "");
}

int main(void)
{
    char tmpl[] = "/tmp/kernel_answers.XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (!dir) {
        perror("mkdtemp");
        return 1;
    }
    personas();
    files(dir);
    memory();
    messages_and_signals();
    rmdir(dir);
    return 0;
}
