/* sysv_msg.c: System V message queues call by call. msgrcv by type (exact, lowest up to a
 * bound, first of any), MSG_EXCEPT, IPC_NOWAIT on an empty queue (ENOMSG) and on a full one
 * (EAGAIN), MSG_NOERROR truncation and E2BIG without it, a receiver blocked until a child sends,
 * EIDRM for a receiver when the queue goes, IPC_STAT/IPC_SET/IPC_INFO, and errors in the
 * kernel's order. Every queue is removed at exit. No id, key, pid or time is printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct msg {
    long mtype;
    char mtext[64];
};

#define SYSV_RMID(id) msgctl(id, IPC_RMID, NULL)
#include "sysv_common.h"

static int send(int id, long type, const char *text, int flg)
{
    struct msg m = { .mtype = type };
    snprintf(m.mtext, sizeof m.mtext, "%s", text);
    return msgsnd(id, &m, strlen(text) + 1, flg);
}

static void recv(const char *what, int id, size_t size, long type, int flg)
{
    struct msg m = { 0 };
    memset(m.mtext, '#', sizeof m.mtext);
    long r = msgrcv(id, &m, size, type, flg);
    if (r < 0)
        printf("%s: %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %ld bytes, type %ld, \"%.*s\"\n", what, r, m.mtype, (int)r, m.mtext);
}

static void stat_line(const char *what, int id)
{
    struct msqid_ds ds;
    if (msgctl(id, IPC_STAT, &ds) < 0) {
        printf("%s: IPC_STAT %s\n", what, strerrorname_np(errno));
        return;
    }
    printf("%s: qnum %lu cbytes %lu qbytes %s mode %04o lspid %s lrpid %s stime %s rtime %s\n",
           what, (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
           ds.msg_qbytes > 0 ? "set" : "0", (unsigned)ds.msg_perm.mode,
           ds.msg_lspid == 0 ? "none" : ds.msg_lspid == getpid() ? "self" : "other",
           ds.msg_lrpid == 0 ? "none" : ds.msg_lrpid == getpid() ? "self" : "other",
           ds.msg_stime ? "set" : "0", ds.msg_rtime ? "set" : "0");
}

static void by_type(int id)
{
    send(id, 3, "three", 0);
    send(id, 1, "one", 0);
    send(id, 2, "two-a", 0);
    send(id, 5, "five", 0);
    send(id, 2, "two-b", 0);
    stat_line("five sent", id);
    recv("type 2", id, 64, 2, 0);
    recv("type <= 2 (-2)", id, 64, -2, 0);
    recv("not type 3 (MSG_EXCEPT)", id, 64, 3, MSG_EXCEPT);
    recv("type 4, IPC_NOWAIT", id, 64, 4, IPC_NOWAIT);
    recv("too small for two-b", id, 2, 2, IPC_NOWAIT);
    recv("too small, MSG_NOERROR", id, 2, 2, IPC_NOWAIT | MSG_NOERROR);
    recv("any", id, 64, 0, 0);
    recv("empty, IPC_NOWAIT", id, 64, 0, IPC_NOWAIT);
    stat_line("drained", id);
}

static void blocking(int id)
{
    pid_t pid = fork();
    if (pid == 0) {
        usleep(50 * 1000);
        send(id, 7, "late", 0);
        _exit(0);
    }
    recv("blocked receive", id, 64, 7, 0);
    waitpid(pid, NULL, 0);
    stat_line("after the child's send", id);
}

static void full(int id)
{
    struct msqid_ds ds;
    msgctl(id, IPC_STAT, &ds);
    ds.msg_qbytes = 16;
    ds.msg_perm.mode = 0640;
    printf("IPC_SET qbytes 16: %s\n", err(msgctl(id, IPC_SET, &ds)));
    msgctl(id, IPC_STAT, &ds);
    printf("qbytes now %lu mode %04o\n", (unsigned long)ds.msg_qbytes, (unsigned)ds.msg_perm.mode);
    printf("send 12: %s\n", err(send(id, 1, "eleven byte", IPC_NOWAIT)));
    printf("send 12 more, IPC_NOWAIT: %s\n", err(send(id, 1, "eleven byte", IPC_NOWAIT)));
    recv("drain", id, 64, 0, IPC_NOWAIT);
}

/* Until the child sleeps (in msgrcv: it does nothing else), however loaded the machine. */
static void wait_sleeping(pid_t pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int i = 0; i < 20000; i++) {
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f)
            fclose(f);
        buf[n] = '\0';
        char *st = strrchr(buf, ')');
        if (st && st[1] == ' ' && st[2] == 'S')
            break;
        usleep(1000);
    }
    usleep(20 * 1000);
}

static void removed_while_waiting(void)
{
    int id = track(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
    pid_t pid = fork();
    if (pid == 0) {
        struct msg m;
        long r = msgrcv(id, &m, sizeof m.mtext, 0, 0);
        _exit(r < 0 && errno == EIDRM ? 0 : 1);
    }
    wait_sleeping(pid);
    printf("IPC_RMID with a waiter: %s\n", err(msgctl(id, IPC_RMID, NULL)));
    int st;
    waitpid(pid, &st, 0);
    printf("the waiter got EIDRM: %s\n", WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no");
    printf("msgsnd to the removed queue: %s\n", err(send(id, 1, "x", 0)));
}

static void errors(int id)
{
    key_t key = (key_t)(0x5e200000 | (getpid() & 0xfffff));
    int k = track(msgget(key, IPC_CREAT | IPC_EXCL | 0600));
    printf("keyed msgget: %s\n", err(k));
    printf("again with IPC_EXCL: %s\n", err(msgget(key, IPC_CREAT | IPC_EXCL | 0600)));
    printf("lookup: %s\n", msgget(key, 0) == k ? "same id" : err(-1));
    printf("missing key: %s\n", err(msgget(key + 1, 0600)));

    printf("msgsnd type 0: %s\n", err(send(id, 0, "x", 0)));
    printf("msgsnd type -1: %s\n", err(send(id, -1, "x", 0)));
    printf("msgsnd negative id: %s\n", err(send(-1, 1, "x", 0)));
    printf("msgsnd unknown id: %s\n", err(send(0x7ffffff0, 1, "x", 0)));
    struct msginfo mi;
    long r = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
    printf("IPC_INFO: %s, msgmax %s, msgmnb %s\n", r >= 0 ? "an index" : err(r),
           mi.msgmax > 0 ? "set" : "0", mi.msgmnb > 0 ? "set" : "0");
    r = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
    printf("MSG_INFO: %s\n", r >= 0 ? "an index" : err(r));
    static struct msg big[1 << 12];
    big[0].mtype = 1;
    printf("msgsnd over msgmax: %s\n", err(msgsnd(id, big, (size_t)mi.msgmax + 1, 0)));
    printf("msgsnd bad pointer: %s\n", err(syscall(SYS_msgsnd, id, 8, 4, 0)));
    printf("msgsnd text past the end: %s\n", err(syscall(SYS_msgsnd, id, big, 1L << 40, 0)));
    printf("msgrcv negative size: %s\n", err(syscall(SYS_msgrcv, id, big, -1L, 0, 0)));
    printf("msgrcv bad pointer, empty: %s\n", err(syscall(SYS_msgrcv, id, 8, 4, 0, IPC_NOWAIT)));
    send(id, 4, "lost", 0);
    printf("msgrcv bad pointer, a message: %s\n",
           err(syscall(SYS_msgrcv, id, 8, 64, 0, IPC_NOWAIT)));
    /* a type the kernel can read, a text it cannot */
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    long *edge = (long *)(page + 4096 - sizeof(long));
    *edge = 1;
    printf("msgsnd text unreadable: %s\n", err(syscall(SYS_msgsnd, id, edge, 100, IPC_NOWAIT)));
    *edge = 0;
    printf("msgsnd text unreadable, type 0: %s\n", err(syscall(SYS_msgsnd, id, edge, 100, IPC_NOWAIT)));
    send(id, 6, "edge", 0);
    printf("msgrcv into a short buffer that holds the message: %s\n",
           err(syscall(SYS_msgrcv, id, page + 4096 - 16, 100, 0, IPC_NOWAIT)));
    printf("received: %ld \"%s\"\n", *(long *)(page + 4096 - 16), page + 4096 - 8);
    munmap(page, 4096);
    stat_line("after the fault", id);
    printf("IPC_STAT|IPC_64: %s\n", err(syscall(SYS_msgctl, id, IPC_STAT | 0x100, NULL)));
    printf("IPC_STAT to a bad buffer: %s\n", err(syscall(SYS_msgctl, id, IPC_STAT, 8)));
    printf("bad id and bad buffer: %s\n", err(syscall(SYS_msgctl, 0x7ffffff0, IPC_STAT, 8)));
    printf("IPC_SET from a bad buffer: %s\n", err(syscall(SYS_msgctl, id, IPC_SET, 8)));
    printf("unknown command: %s\n", err(syscall(SYS_msgctl, id, 99, 0)));
}

int main(void)
{
    atexit(cleanup);
    signal(SIGALRM, on_alarm);
    alarm(30);
    setvbuf(stdout, NULL, _IONBF, 0);
    int id = track(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
    printf("msgget: %s\n", err(id));
    stat_line("fresh", id);
    by_type(id);
    blocking(id);
    full(id);
    removed_while_waiting();
    errors(id);
    printf("IPC_RMID: %s\n", err(msgctl(id, IPC_RMID, NULL)));
    stat_line("removed", id);
    return 0;
}
