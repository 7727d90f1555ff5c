/* sysv_sem.c: System V semaphores call by call. semctl's commands (IPC_STAT's struct semid_ds,
 * whose riscv64 layout differs from x86-64's, IPC_SET, SETALL/GETALL, SETVAL/GETVAL, GETPID,
 * GETNCNT, IPC_INFO/SEM_INFO), semop blocking until a child posts, IPC_NOWAIT, SEM_UNDO undone
 * when a child exits, semtimedop timing out, a waiter woken by IPC_RMID with EIDRM, and errors
 * in the kernel's order. Every set is removed at exit. No id, key or time is printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

#define SYSV_RMID(id) semctl(id, 0, IPC_RMID)
#include "sysv_common.h"

static int op(int id, unsigned short num, short delta, short flg)
{
    struct sembuf b = { .sem_num = num, .sem_op = delta, .sem_flg = flg };
    return semop(id, &b, 1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void stat_line(const char *what, int id)
{
    struct semid_ds ds;
    if (semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) < 0) {
        printf("%s: IPC_STAT %s\n", what, strerrorname_np(errno));
        return;
    }
    printf("%s: nsems %lu mode %04o uid %s otime %s ctime %s\n", what,
           (unsigned long)ds.sem_nsems, (unsigned)ds.sem_perm.mode,
           ds.sem_perm.uid == getuid() ? "self" : "other", ds.sem_otime ? "set" : "0",
           ds.sem_ctime ? "set" : "0");
}

static void values(const char *what, int id)
{
    unsigned short v[3] = { 9, 9, 9 };
    long r = semctl(id, 0, GETALL, (union semun){ .array = v });
    printf("%s: GETALL %s %u %u %u\n", what, err(r), v[0], v[1], v[2]);
}

static void undo(int id)
{
    semctl(id, 1, SETVAL, (union semun){ .val = 5 });
    int pfd[2];
    if (pipe(pfd) < 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        int r = op(id, 1, -2, SEM_UNDO);
        int r2 = op(id, 2, 1, SEM_UNDO);
        char c = (r == 0 && r2 == 0 && semctl(id, 1, GETVAL) == 3) ? 'y' : 'n';
        if (write(pfd[1], &c, 1) != 1)
            _exit(2);
        _exit(0);
    }
    char c = '?';
    if (read(pfd[0], &c, 1) != 1)
        c = '?';
    waitpid(pid, NULL, 0);
    printf("child's SEM_UNDO ops took: %c; after its exit sem1 %d sem2 %d\n", c,
           semctl(id, 1, GETVAL), semctl(id, 2, GETVAL));
    close(pfd[0]);
    close(pfd[1]);
}

static void blocking(int id)
{
    semctl(id, 0, SETVAL, (union semun){ .val = 0 });
    pid_t pid = fork();
    if (pid == 0) {
        while (semctl(id, 0, GETNCNT) < 1)
            usleep(1000);
        op(id, 0, 1, 0);
        _exit(0);
    }
    int r = op(id, 0, -1, 0);
    waitpid(pid, NULL, 0);
    printf("semop blocked until the child posted: %s, GETPID %s\n", err(r),
           semctl(id, 0, GETPID) == pid ? "the child" : "other");

    r = op(id, 0, -1, IPC_NOWAIT);
    printf("semop IPC_NOWAIT on 0: %s\n", err(r));
    struct sembuf b = { .sem_num = 0, .sem_op = -1 };
    struct timespec ts = { .tv_sec = 0, .tv_nsec = 100 * 1000 * 1000 };
    double t0 = now();
    r = semtimedop(id, &b, 1, &ts);
    double dt = now() - t0;
    printf("semtimedop 100 ms: %s after %s\n", err(r), dt >= 0.09 ? ">= 90 ms" : "less");
    ts.tv_nsec = 1000 * 1000 * 1000;
    printf("semtimedop bad timeout: %s\n", err(semtimedop(id, &b, 1, &ts)));
    b.sem_op = 0;
    ts.tv_nsec = 1000;
    printf("semtimedop wait-for-zero, is zero: %s\n", err(semtimedop(id, &b, 1, &ts)));
    r = syscall(SYS_semtimedop, id, &b, 1, (void *)8);
    printf("semtimedop bad timeout pointer: %s\n", err(r));
}

/* SETALL needs only write permission: a child that is not the owner (as root: setuid to
 * nobody; run unprivileged, it stays the owner and may read too) sets a set it cannot read. */
static void write_only(void)
{
    int id = track(semget(IPC_PRIVATE, 2, IPC_CREAT | 0622));
    pid_t pid = fork();
    if (pid == 0) {
        if (getuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
            _exit(1);
        unsigned short v[2] = { 8, 9 };
        long r = semctl(id, 0, SETALL, (union semun){ .array = v });
        printf("SETALL by a writer: %s\n", err(r));
        r = semctl(id, 0, GETALL, (union semun){ .array = v });
        printf("GETALL by a writer: %s\n", err(r));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    values("set by the writer", id);
}

static void removed_while_waiting(void)
{
    int id = track(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600));
    pid_t pid = fork();
    if (pid == 0) {
        int r = op(id, 0, -1, 0);
        _exit(r < 0 && errno == EIDRM ? 0 : 1);
    }
    while (semctl(id, 0, GETNCNT) < 1)
        usleep(1000);
    printf("IPC_RMID with a waiter: %s\n", err(semctl(id, 0, IPC_RMID)));
    int st;
    waitpid(pid, &st, 0);
    printf("the waiter got EIDRM: %s\n", WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no");
    printf("semop on the removed set: %s\n", err(op(id, 0, 1, 0)));
    printf("IPC_STAT of the removed set: %s\n",
           err(semctl(id, 0, IPC_STAT, (union semun){ .buf = NULL })));
}

static void errors(int id)
{
    key_t key = (key_t)(0x5e100000 | (getpid() & 0xfffff));
    int k = track(semget(key, 2, IPC_CREAT | IPC_EXCL | 0600));
    printf("keyed semget: %s\n", err(k));
    printf("again with IPC_EXCL: %s\n", err(semget(key, 2, IPC_CREAT | IPC_EXCL | 0600)));
    printf("lookup: %s\n", semget(key, 0, 0) == k ? "same id" : err(-1));
    printf("lookup with more semaphores: %s\n", err(semget(key, 3, 0)));
    printf("missing key: %s\n", err(semget(key + 1, 1, 0600)));
    printf("semget 0 semaphores: %s\n", err(semget(IPC_PRIVATE, 0, IPC_CREAT | 0600)));
    printf("semget too many: %s\n", err(semget(IPC_PRIVATE, 1 << 20, IPC_CREAT | 0600)));

    struct sembuf b[2] = { { 0, 1, 0 }, { 5, 1, 0 } };
    printf("semop 0 ops: %s\n", err(semop(id, b, 0)));
    printf("semop too many ops: %s\n", err(syscall(SYS_semop, id, (void *)8, 100000)));
    printf("semop bad pointer: %s\n", err(syscall(SYS_semop, id, (void *)8, 1)));
    printf("semop negative id: %s\n", err(semop(-1, b, 1)));
    printf("semop semaphore out of range: %s\n", err(semop(id, b, 2)));
    printf("SETVAL too large: %s\n", err(semctl(id, 0, SETVAL, (union semun){ .val = 40000 })));
    printf("SETVAL negative: %s\n", err(semctl(id, 0, SETVAL, (union semun){ .val = -1 })));
    printf("GETVAL out of range: %s\n", err(semctl(id, 7, GETVAL)));
    printf("semctl unknown id: %s\n", err(semctl(0x7ffffff0, 0, GETVAL)));
    printf("IPC_STAT|IPC_64: %s\n", err(syscall(SYS_semctl, id, 0, IPC_STAT | 0x100, NULL)));
    printf("IPC_STAT to a bad buffer: %s\n", err(syscall(SYS_semctl, id, 0, IPC_STAT, 8)));
    printf("IPC_SET from a bad buffer: %s\n", err(syscall(SYS_semctl, id, 0, IPC_SET, 8)));
    printf("GETALL to a bad buffer: %s\n", err(syscall(SYS_semctl, id, 0, GETALL, 8)));
    printf("SETALL from a bad buffer: %s\n", err(syscall(SYS_semctl, id, 0, SETALL, 8)));
    printf("unknown command: %s\n", err(syscall(SYS_semctl, id, 0, 99, 0)));
}

int main(void)
{
    atexit(cleanup);
    signal(SIGALRM, on_alarm);
    alarm(30);
    setvbuf(stdout, NULL, _IONBF, 0);
    int id = track(semget(IPC_PRIVATE, 3, IPC_CREAT | 0600));
    printf("semget: %s\n", err(id));
    stat_line("fresh", id);
    values("fresh", id);
    unsigned short init[3] = { 1, 2, 3 };
    printf("SETALL: %s\n", err(semctl(id, 0, SETALL, (union semun){ .array = init })));
    values("after SETALL", id);
    long sv = semctl(id, 2, SETVAL, (union semun){ .val = 7 });
    printf("SETVAL: %s, GETVAL %d\n", err(sv), semctl(id, 2, GETVAL));
    printf("semop -1 on sem0: %s\n", err(op(id, 0, -1, 0)));
    struct sembuf two[2] = { { 1, -2, 0 }, { 2, 3, 0 } };
    printf("semop of two: %s\n", err(semop(id, two, 2)));
    values("after semop", id);
    printf("GETPID: %s, GETNCNT %d, GETZCNT %d\n", semctl(id, 0, GETPID) == getpid() ? "self" : "other",
           semctl(id, 0, GETNCNT), semctl(id, 0, GETZCNT));
    stat_line("after semop", id);

    struct semid_ds ds;
    semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds });
    ds.sem_perm.mode = 0640;
    printf("IPC_SET: %s\n", err(semctl(id, 0, IPC_SET, (union semun){ .buf = &ds })));
    stat_line("after IPC_SET", id);
    struct seminfo si;
    long r = semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si });
    printf("IPC_INFO: %s, semmsl %s, semopm %s\n", r >= 0 ? "an index" : err(r),
           si.semmsl > 0 ? "set" : "0", si.semopm > 0 ? "set" : "0");
    r = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
    printf("SEM_INFO: %s, semusz %s\n", r >= 0 ? "an index" : err(r), si.semusz >= 1 ? ">= 1" : "0");

    undo(id);
    blocking(id);
    removed_while_waiting();
    write_only();
    errors(id);
    printf("IPC_RMID: %s\n", err(semctl(id, 0, IPC_RMID)));
    return 0;
}
