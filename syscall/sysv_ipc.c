/*
 * syscall/sysv_ipc.c - System V semaphores and message queues: semget, semctl, semop,
 * semtimedop, msgget, msgctl, msgsnd, msgrcv.
 *
 * Sets and queues are host kernel objects, so ids, permissions, SEM_UNDO (undone by the host
 * kernel when the process exits) and blocking are the host's. The layouts (abi/ipc.h) are
 * the same on both sides except struct semid64_ds, which semctl converts. Buffers are
 * checked guest memory handed to the kernel, or an address it refuses (rv_ipc_host_buf) so
 * that EFAULT comes where the kernel's order puts it. Blocking calls go through safe_syscall
 * so a guest signal interrupts them as it would on riscv64.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <time.h>

#include "abi/ipc.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "syscall/sysv_ipc.h"
#include "syscall/guest_limit.h"
#include "syscall/timespec.h"

long rv_ipc_host_buf(guest_addr addr, size_t len, int prot)
{
    return guest_check(addr, len, prot) == 0 ? (long)addr : (long)RV_HOST_REFUSED_ADDR;
}

/* ---- semaphores --------------------------------------------------------------------------- */

long sys_semget(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall3(SYS_semget, (int)a[0], (int)a[1], (int)a[2]);
}

static void semid_to_guest(struct rv_semid64_ds *g, const struct rv_host_semid64_ds *h)
{
    *g = (struct rv_semid64_ds){ .sem_perm = h->sem_perm, .sem_otime = h->sem_otime,
                                 .sem_ctime = h->sem_ctime, .sem_nsems = h->sem_nsems };
}

/* IPC_STAT, SEM_STAT, SEM_STAT_ANY: the host's struct converted after the call succeeded (the
 * kernel copies out last too). */
static long semctl_stat(int semid, int semnum, int cmd, guest_addr buf)
{
    struct rv_host_semid64_ds h;
    long r = host_syscall4(SYS_semctl, semid, semnum, cmd, HOST_ARG(&h));
    if (r < 0)
        return r;
    struct rv_semid64_ds g;
    semid_to_guest(&g, &h);
    return copy_to_guest(buf, &g, sizeof g) < 0 ? -EFAULT : r;
}

/* IPC_SET reads the struct before looking the set up; only the perm's uid, gid and mode are
 * used. */
static long semctl_set(int semid, int semnum, guest_addr buf)
{
    struct rv_semid64_ds g;
    if (copy_from_guest(&g, buf, sizeof g) < 0)
        return -EFAULT;
    struct rv_host_semid64_ds h = { .sem_perm = g.sem_perm, .sem_otime = g.sem_otime,
                                    .sem_ctime = g.sem_ctime, .sem_nsems = g.sem_nsems };
    return host_syscall4(SYS_semctl, semid, semnum, RV_IPC_SET, HOST_ARG(&h));
}

/* The set's size when IPC_STAT may not read it (a write-only set): SEM_STAT_ANY (Linux 4.17)
 * reads any set by its index, which is the id's low 15 bits (24 with ipcmni_extend). */
static long sem_nsems_any(int semid, struct rv_host_semid64_ds *h)
{
    for (int bits = 15; bits <= 24; bits += 9)
        if (host_syscall4(SYS_semctl, semid & ((1 << bits) - 1), 0, RV_SEM_STAT_ANY,
                          HOST_ARG(h)) == semid)
            return 0;
    return -EACCES;
}

/* GETALL and SETALL move one unsigned short per semaphore: the set's size comes from IPC_STAT,
 * which also answers the lookup's EINVAL and EIDRM (and EACCES, which GETALL's read needs
 * anyway; SETALL needs only write permission, so then the size is read by index). */
static long semctl_all(int semid, int semnum, int cmd, guest_addr arr)
{
    struct rv_host_semid64_ds h;
    long r = host_syscall4(SYS_semctl, semid, 0, RV_IPC_STAT, HOST_ARG(&h));
    if (r == -EACCES && cmd == RV_SETALL)
        r = sem_nsems_any(semid, &h);
    if (r < 0)
        return r;
    long buf = rv_ipc_host_buf(arr, h.sem_nsems * sizeof(uint16_t),
                               cmd == RV_GETALL ? PROT_WRITE : PROT_READ);
    return host_syscall4(SYS_semctl, semid, semnum, cmd, buf);
}

/* semctl(semid, semnum, cmd, arg): arg is union semun passed by value, read per command. */
long sys_semctl(struct rv_cpu *cpu, const uint64_t *a)
{
    int semid = (int)a[0], semnum = (int)a[1], cmd = (int)a[2];
    if (semid < 0)
        return -EINVAL;
    switch (cmd) {
    case RV_IPC_INFO: case RV_SEM_INFO:
        return host_syscall4(SYS_semctl, semid, semnum, cmd,
                             rv_ipc_host_buf(a[3], RV_SEMINFO_SIZE, PROT_WRITE));
    case RV_IPC_STAT: case RV_SEM_STAT: case RV_SEM_STAT_ANY:
        return semctl_stat(semid, semnum, cmd, a[3]);
    case RV_IPC_SET:
        return semctl_set(semid, semnum, a[3]);
    case RV_GETALL: case RV_SETALL:
        return semctl_all(semid, semnum, cmd, a[3]);
    case RV_SETVAL:
        return host_syscall4(SYS_semctl, semid, semnum, cmd, (int)a[3]);
    default:    /* GETVAL, GETPID, GETNCNT, GETZCNT, IPC_RMID take no argument; the rest EINVAL */
        return host_syscall4(SYS_semctl, semid, semnum, cmd, 0);
    }
}

/* semtimedop(semid, sops, nsops, timeout): the kernel reads the timeout first, then checks
 * nsops (EINVAL, E2BIG) before reading the operations. */
long sys_semtimedop(struct rv_cpu *cpu, const uint64_t *a)
{
    struct timespec ts;
    if (a[3] && timespec_from_guest(&ts, a[3]) < 0)
        return -EFAULT;
    unsigned nsops = (unsigned)a[2];
    long sops = rv_ipc_host_buf(a[1], (size_t)nsops * RV_SEMBUF_SIZE, PROT_READ);
    return safe_syscall4(SYS_semtimedop, (int)a[0], sops, nsops, a[3] ? HOST_ARG(&ts) : 0);
}

long sys_semop(struct rv_cpu *cpu, const uint64_t *a)
{
    unsigned nsops = (unsigned)a[2];
    long sops = rv_ipc_host_buf(a[1], (size_t)nsops * RV_SEMBUF_SIZE, PROT_READ);
    return safe_syscall3(SYS_semop, (int)a[0], sops, nsops);
}

/* ---- message queues ----------------------------------------------------------------------- */

long sys_msgget(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall2(SYS_msgget, (int)a[0], (int)a[1]);
}

long sys_msgctl(struct rv_cpu *cpu, const uint64_t *a)
{
    int cmd = (int)a[1];
    size_t len = 0;
    int prot = PROT_WRITE;
    switch (cmd) {
    case RV_IPC_STAT: case RV_MSG_STAT: case RV_MSG_STAT_ANY:
        len = sizeof(struct rv_msqid64_ds);
        break;
    case RV_IPC_SET:
        len = sizeof(struct rv_msqid64_ds);
        prot = PROT_READ;
        break;
    case RV_IPC_INFO: case RV_MSG_INFO:
        len = RV_MSGINFO_SIZE;
        break;
    default:    /* IPC_RMID takes no buffer; others are EINVAL */
        break;
    }
    return host_syscall3(SYS_msgctl, (int)a[0], cmd, len ? rv_ipc_host_buf(a[2], len, prot) : 0);
}

/* The namespace's largest message (msgctl IPC_INFO's msgmax), or -errno. */
static long msg_max(void)
{
    struct msginfo mi;
    long r = host_syscall3(SYS_msgctl, 0, RV_IPC_INFO, HOST_ARG(&mi));
    return r < 0 ? r : mi.msgmax;
}

/* msgsnd(msqid, msgp, msgsz, msgflg): the kernel reads mtype, checks the size, the id and the
 * type, then reads the text. A message that is not all guest memory gets those answers here. */
long sys_msgsnd(struct rv_cpu *cpu, const uint64_t *a)
{
    int msqid = (int)a[0], flg = (int)a[3];
    uint64_t sz = a[2];
    if (sz <= INT64_MAX - RV_MSGBUF_HEAD && guest_check(a[1], RV_MSGBUF_HEAD + sz, PROT_READ) == 0)
        return safe_syscall4(SYS_msgsnd, msqid, (long)a[1], (long)sz, flg);
    int64_t mtype;
    if (copy_from_guest(&mtype, a[1], sizeof mtype) < 0)
        return -EFAULT;
    long max = msg_max();
    if ((int64_t)sz < 0 || msqid < 0 || (max >= 0 && sz > (uint64_t)max) || mtype < 1)
        return -EINVAL;
    return -EFAULT;
}

/* msgrcv(msqid, msgp, msgsz, msgtyp, msgflg): straight into the guest buffer when all of it is
 * guest memory; else through a runner buffer of at most the largest message, copied out after
 * (a fault then loses the message, as in the kernel, which dequeues before it copies). */
long sys_msgrcv(struct rv_cpu *cpu, const uint64_t *a)
{
    int msqid = (int)a[0], flg = (int)a[4];
    uint64_t sz = a[2];
    if (msqid < 0 || (int64_t)sz < 0)
        return -EINVAL;
    if (sz <= INT64_MAX - RV_MSGBUF_HEAD && guest_check(a[1], RV_MSGBUF_HEAD + sz, PROT_WRITE) == 0)
        return safe_syscall5(SYS_msgrcv, msqid, (long)a[1], (long)sz, (long)a[3], flg);
    long max = msg_max();
    if (max < 0)
        return max;
    size_t n = sz < (uint64_t)max ? (size_t)sz : (size_t)max;
    char *buf = malloc(RV_MSGBUF_HEAD + n);
    if (!buf)
        return -ENOMEM;
    long r = safe_syscall5(SYS_msgrcv, msqid, HOST_ARG(buf), (long)n, (long)a[3], flg);
    if (r >= 0 && copy_to_guest(a[1], buf, RV_MSGBUF_HEAD + (size_t)r) < 0)
        r = -EFAULT;
    free(buf);
    return r;
}
