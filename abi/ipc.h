/*
 * abi/ipc.h - the guest's System V IPC structs and command numbers (shmctl, semctl, msgctl).
 *
 * riscv64 uses the asm-generic layouts: include/uapi/asm-generic/ipcbuf.h (ipc64_perm),
 * shmbuf.h (shmid64_ds, shminfo64), sembuf.h (semid64_ds), msgbuf.h (msqid64_ds), and the
 * generic include/uapi/linux/shm.h, sem.h, msg.h (shm_info, seminfo, msginfo, sembuf).
 * x86-64 (arch/x86/include/uapi/asm/) includes the generic ipcbuf.h, shmbuf.h and msgbuf.h
 * (x86-64's __kernel_mode_t is 32 bits, like the generic one), so those are one layout on both
 * sides and pass through. Its sembuf.h is its own: a padding long after sem_otime and after
 * sem_ctime (room kept for i386's 64-bit times), 104 bytes against riscv64's 88, so semctl's
 * IPC_STAT, SEM_STAT, SEM_STAT_ANY and IPC_SET convert struct semid64_ds field by field.
 *
 * The *ctl commands: neither kernel selects ARCH_WANT_IPC_PARSE_VERSION on 64 bits (only
 * the old ipc() multiplexer parses IPC_64), so sys_shmctl and friends take the 64-bit structs
 * whatever cmd says and a cmd with IPC_64 (0x100) set is an unknown command: EINVAL. glibc
 * (__ASSUME_SYSVIPC_DEFAULT_IPC_64, defined for riscv64 and x86-64) passes no IPC_64. The same
 * numbers and the same answers on both sides, so cmd passes unchanged.
 */
#ifndef CROSSRUN_ABI_IPC_H
#define CROSSRUN_ABI_IPC_H

#include <stddef.h>
#include <stdint.h>

/* include/uapi/linux/ipc.h */
#define RV_IPC_PRIVATE 0
#define RV_IPC_CREAT   00001000
#define RV_IPC_EXCL    00002000
#define RV_IPC_NOWAIT  00004000
#define RV_IPC_RMID 0
#define RV_IPC_SET  1
#define RV_IPC_STAT 2
#define RV_IPC_INFO 3
#define RV_IPC_64   0x0100

/* include/uapi/linux/shm.h */
#define RV_SHM_RDONLY  010000
#define RV_SHM_RND     020000
#define RV_SHM_REMAP   040000
#define RV_SHM_EXEC    0100000
#define RV_SHM_LOCK     11
#define RV_SHM_UNLOCK   12
#define RV_SHM_STAT     13
#define RV_SHM_INFO     14
#define RV_SHM_STAT_ANY 15
#define RV_SHMLBA      4096u      /* asm-generic/shmparam.h: PAGE_SIZE */

/* include/uapi/linux/sem.h */
#define RV_GETPID  11
#define RV_GETVAL  12
#define RV_GETALL  13
#define RV_GETNCNT 14
#define RV_GETZCNT 15
#define RV_SETVAL  16
#define RV_SETALL  17
#define RV_SEM_STAT     18
#define RV_SEM_INFO     19
#define RV_SEM_STAT_ANY 20

/* include/uapi/linux/msg.h */
#define RV_MSG_NOERROR  010000
#define RV_MSG_EXCEPT   020000
#define RV_MSG_COPY     040000
#define RV_MSG_STAT     11
#define RV_MSG_INFO     12
#define RV_MSG_STAT_ANY 13

/* asm-generic/ipcbuf.h: mode_t is 32 bits on riscv64 and x86-64, so __pad1 is empty. */
struct rv_ipc64_perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint32_t mode;
    uint16_t seq;
    uint16_t __pad2;
    uint64_t __unused1, __unused2;
};
_Static_assert(sizeof(struct rv_ipc64_perm) == 48, "ipc64_perm is 48 bytes");
_Static_assert(offsetof(struct rv_ipc64_perm, mode) == 20, "ipc64_perm.mode");
_Static_assert(offsetof(struct rv_ipc64_perm, seq) == 24, "ipc64_perm.seq");
_Static_assert(offsetof(struct rv_ipc64_perm, __unused1) == 32, "ipc64_perm.__unused1");

/* asm-generic/shmbuf.h, 64-bit: the same on x86-64. */
struct rv_shmid64_ds {
    struct rv_ipc64_perm shm_perm;
    uint64_t shm_segsz;
    int64_t shm_atime, shm_dtime, shm_ctime;
    int32_t shm_cpid, shm_lpid;
    uint64_t shm_nattch;
    uint64_t __unused4, __unused5;
};
_Static_assert(sizeof(struct rv_shmid64_ds) == 112, "shmid64_ds is 112 bytes");
_Static_assert(offsetof(struct rv_shmid64_ds, shm_segsz) == 48, "shm_segsz");
_Static_assert(offsetof(struct rv_shmid64_ds, shm_cpid) == 80, "shm_cpid");
_Static_assert(offsetof(struct rv_shmid64_ds, shm_nattch) == 88, "shm_nattch");

/* shmctl(IPC_INFO) writes struct shminfo64 (nine longs), SHM_INFO struct shm_info (an int and
 * five longs): one layout on every LP64 architecture. */
#define RV_SHMINFO64_SIZE 72
#define RV_SHM_INFO_SIZE  48

/* asm-generic/sembuf.h, 64-bit (riscv64) */
struct rv_semid64_ds {
    struct rv_ipc64_perm sem_perm;
    int64_t sem_otime;
    int64_t sem_ctime;
    uint64_t sem_nsems;
    uint64_t __unused3, __unused4;
};
_Static_assert(sizeof(struct rv_semid64_ds) == 88, "riscv64 semid64_ds is 88 bytes");
_Static_assert(offsetof(struct rv_semid64_ds, sem_otime) == 48, "sem_otime");
_Static_assert(offsetof(struct rv_semid64_ds, sem_ctime) == 56, "sem_ctime");
_Static_assert(offsetof(struct rv_semid64_ds, sem_nsems) == 64, "sem_nsems");

/* arch/x86/include/uapi/asm/sembuf.h, x86-64: the host's */
struct rv_host_semid64_ds {
    struct rv_ipc64_perm sem_perm;
    int64_t sem_otime;
    uint64_t __unused1;
    int64_t sem_ctime;
    uint64_t __unused2;
    uint64_t sem_nsems;
    uint64_t __unused3, __unused4;
};
_Static_assert(sizeof(struct rv_host_semid64_ds) == 104, "x86-64 semid64_ds is 104 bytes");
_Static_assert(offsetof(struct rv_host_semid64_ds, sem_ctime) == 64, "host sem_ctime");
_Static_assert(offsetof(struct rv_host_semid64_ds, sem_nsems) == 80, "host sem_nsems");

/* struct seminfo (semctl IPC_INFO, SEM_INFO): ten ints everywhere. struct sembuf (semop):
 * unsigned short sem_num, short sem_op, short sem_flg. */
#define RV_SEMINFO_SIZE 40
#define RV_SEMBUF_SIZE  6

/* asm-generic/msgbuf.h, 64-bit: the same on x86-64. */
struct rv_msqid64_ds {
    struct rv_ipc64_perm msg_perm;
    int64_t msg_stime, msg_rtime, msg_ctime;
    uint64_t msg_cbytes, msg_qnum, msg_qbytes;
    int32_t msg_lspid, msg_lrpid;
    uint64_t __unused4, __unused5;
};
_Static_assert(sizeof(struct rv_msqid64_ds) == 120, "msqid64_ds is 120 bytes");
_Static_assert(offsetof(struct rv_msqid64_ds, msg_cbytes) == 72, "msg_cbytes");
_Static_assert(offsetof(struct rv_msqid64_ds, msg_lspid) == 96, "msg_lspid");

/* struct msginfo (msgctl IPC_INFO, MSG_INFO): seven ints and an unsigned short, 32 bytes;
 * struct msgbuf: a long mtype, then the text. */
#define RV_MSGINFO_SIZE 32
#define RV_MSGBUF_HEAD  8

#endif
