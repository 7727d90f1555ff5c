/* kernel_answers.c: calls whose answer crossrun once made up instead of taking the kernel's
 * (issue 13): personality with other execution domains, fchmodat2, fcntl commands newer than
 * the table, madvise advice newer than the table, socket options crossrun does not list; errors
 * in the kernel's order (a bad fd before anything else in fcntl, ioctl and mmap, an O_PATH fd
 * refused by ioctl and mmap, timer_settime's NULL before its timer); a /proc/PID directory fd
 * as a pidfd; and two that were right, kept so: recvmsg with a 64 KiB control buffer,
 * SA_RESETHAND keeping SA_SIGINFO; a page the guest unmapped stays unmapped across its first
 * signal (crossrun once mapped its sigreturn page then, into that hole). Where the host kernel is too old for a call, its answer
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
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
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
    show("fchmodat2 of a symlink, nofollow",
         syscall(452, AT_FDCWD, link, 0600, AT_SYMLINK_NOFOLLOW));
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
    int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
    struct iovec range = { p, (size_t)page };
    show("process_madvise MADV_COLD, a page", syscall(SYS_process_madvise, self, &range, 1,
                                                      MADV_COLD, 0));
    show("process_madvise, a bad array", syscall(SYS_process_madvise, self, (void *)8, 1,
                                                 MADV_COLD, 0));
    char *hole = mmap(NULL, 3 * page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole + page, page);
    show("process_madvise MADV_COLD, a hole", syscall(SYS_process_madvise, self,
                                    &(struct iovec){ hole + page, (size_t)page }, 1, MADV_COLD, 0));
    munmap(hole, 3 * page);
    close(self);
    munmap(p, 2 * page);
}

static void on_usr2(int s) { (void)s; }

/* Before any signal of the process: the hole an munmap leaves stays a hole when the first
 * handler runs (the kernel's sigreturn code is in the vDSO, mapped at exec). */
static void hole_across_first_signal(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *keep = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *hole = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, page);
    signal(SIGUSR2, on_usr2);
    raise(SIGUSR2);
    unsigned char v;
    show("mincore of an unmapped page, after a signal", mincore(hole, page, &v));
    munmap(keep, page);
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
    printf("%-36s%s%s\n", "SA_RESETHAND's flags read back",
           (old.sa_flags & SA_SIGINFO) ? " SA_SIGINFO" : "",
           (old.sa_flags & SA_RESETHAND) ? " SA_RESETHAND" : "");
}

static void error_order(const char *dir)
{
    int opath = open(dir, O_PATH);
    show("ioctl(O_PATH fd, FIONREAD, NULL)", ioctl(opath, FIONREAD, NULL));
    show("ioctl(O_PATH fd, unknown request)", ioctl(opath, 0x1234, 0));
    show("ioctl(-1, unknown request)", ioctl(-1, 0x1234, 0));
    show("ioctl(-1, TCGETS, NULL)", ioctl(-1, TCGETS, NULL));
    show("mmap(O_PATH fd)", (long)mmap(NULL, 4096, PROT_READ, MAP_SHARED, opath, 0));
    close(opath);
    show("mmap(closed fd, no type)", (long)mmap(NULL, 4096, PROT_READ, 0, opath, 0));
    show("mmap(closed fd, length 0)", (long)mmap(NULL, 0, PROT_READ, MAP_SHARED, opath, 0));
    show("mmap(closed fd, odd offset)", (long)mmap(NULL, 4096, PROT_READ, MAP_SHARED, opath, 1));
    show("timer_settime(no timer, NULL)", syscall(SYS_timer_settime, 12345, 0, NULL, NULL));
    show("timer_settime(no timer, bad pointer)",
         syscall(SYS_timer_settime, 12345, 0, (void *)8, NULL));
}

static void socket_options(void)
{
    int s = socket(AF_INET6, SOCK_DGRAM, 0), v = 0;
    socklen_t l = sizeof v;
    char buf[64];
    show("getsockopt IPV6_ADDRFORM", getsockopt(s, IPPROTO_IPV6, 1, &v, &l));
    l = sizeof buf;
    show("getsockopt IPV6_RTHDR", getsockopt(s, IPPROTO_IPV6, 57, buf, &l));
    show("setsockopt at level 9999", setsockopt(s, 9999, 1, &v, sizeof v));
    show("setsockopt SOL_SOCKET 9999", setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v));
    l = sizeof v;
    show("getsockopt into a bad buffer", getsockopt(s, IPPROTO_IPV6, 57, (void *)8, &l));
    close(s);
}

static void proc_dir_as_pidfd(void)
{
    int self = open("/proc/self", O_DIRECTORY | O_RDONLY);
    show("pidfd_send_signal(/proc/self, 0)", syscall(SYS_pidfd_send_signal, self, 0, NULL, 0));
    close(self);
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    char path[32];
    snprintf(path, sizeof path, "/proc/%d", (int)child);
    int dir = open(path, O_DIRECTORY | O_RDONLY);
    show("pidfd_send_signal(/proc/CHILD, TERM)",
         syscall(SYS_pidfd_send_signal, dir, SIGTERM, NULL, 0));
    int status;
    waitpid(child, &status, 0);
    printf("%-36s %s\n", "  the child", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM
                                              ? "died of SIGTERM" : "did not die of SIGTERM");
    close(dir);
}

int main(void)
{
    char tmpl[] = "/tmp/kernel_answers.XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (!dir) {
        perror("mkdtemp");
        return 1;
    }
    hole_across_first_signal();
    personas();
    files(dir);
    memory();
    messages_and_signals();
    error_order(dir);
    socket_options();
    proc_dir_as_pidfd();
    rmdir(dir);
    return 0;
}
