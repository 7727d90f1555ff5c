/*
 * syscall/sysv_shm.c - System V shared memory: shmget, shmctl, shmat, shmdt.
 *
 * Segments are host kernel objects; shmget and shmctl pass through (struct shmid64_ds,
 * shminfo64 and shm_info have one layout on riscv64 and x86-64, abi/ipc.h), their buffers
 * checked first, or replaced by an address the host faults on so the kernel answers EFAULT
 * at the point of its own order. shmat never lets the host choose: the guest's address (or one
 * picked like mmap's) is checked and placed by mem/addrspace (guest_map_by), the host attaches
 * there with SHM_REMAP over the reservation, and the table records the mapping (the segment's
 * id and size, the kernel's name for /proc/self/maps). shmdt finds the pieces in the table and
 * unmaps them like munmap. A host fork copies the attachments and the table together; exec
 * and exit drop both.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/shm.h>

#include "abi/ipc.h"
#include "mem/addrspace.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/syscall.h"
#include "syscall/sysv_ipc.h"

long sys_shmget(struct rv_cpu *cpu, const uint64_t *a)
{
    return host_syscall3(SYS_shmget, (int)a[0], (long)a[1], (int)a[2]);
}

long sys_shmctl(struct rv_cpu *cpu, const uint64_t *a)
{
    int cmd = (int)a[1];
    size_t len = 0;
    int prot = PROT_WRITE;
    switch (cmd) {
    case RV_IPC_STAT: case RV_SHM_STAT: case RV_SHM_STAT_ANY:
        len = sizeof(struct rv_shmid64_ds);
        break;
    case RV_IPC_SET:
        len = sizeof(struct rv_shmid64_ds);
        prot = PROT_READ;
        break;
    case RV_IPC_INFO:
        len = RV_SHMINFO64_SIZE;
        break;
    case RV_SHM_INFO:
        len = RV_SHM_INFO_SIZE;
        break;
    default:    /* IPC_RMID, SHM_LOCK, SHM_UNLOCK take no buffer; others are EINVAL */
        break;
    }
    long buf = len ? rv_ipc_host_buf(a[2], len, prot) : 0;
    return host_syscall3(SYS_shmctl, (int)a[0], cmd, buf);
}

/* The host half of shmat, at the address guest_map_by chose (its lock held): SHM_REMAP over
 * the reservation. SHM_EXEC asks the host for its permission check; the pages are then made
 * host-unexecutable again, as every guest page is (translated code runs elsewhere). */
struct shmat_call {
    int shmid, hflg, prot;
};

static long shmat_host(void *ctx, guest_addr at, uint64_t len)
{
    const struct shmat_call *c = ctx;
    long r = host_syscall3(SYS_shmat, c->shmid, (long)at, c->hflg | SHM_REMAP);
    if (r >= 0 && (c->hflg & SHM_EXEC))
        (void)host_syscall3(SYS_mprotect, (long)at, (long)len, c->prot & ~PROT_EXEC);
    return r < 0 ? r : 0;
}

/* shmat(shmid, addr, shmflg): the kernel's argument checks, then the segment's size (IPC_STAT
 * also gives the lookup's EINVAL, EIDRM and EACCES: shmat always needs read permission), then
 * the placement: a given address must be free without SHM_REMAP (EINVAL), and is then taken
 * as MAP_FIXED (ENOMEM past the guest range, EPERM below it); none is chosen like mmap's. */
long sys_shmat(struct rv_cpu *cpu, const uint64_t *a)
{
    int shmid = (int)a[0], flg = (int)a[2];
    guest_addr addr = a[1];
    bool fixed = addr != 0;
    if (shmid < 0)
        return -EINVAL;
    if (addr & (RV_SHMLBA - 1)) {
        if (!(flg & RV_SHM_RND))
            return -EINVAL;
        addr &= ~(guest_addr)(RV_SHMLBA - 1);
        if (!addr && (flg & RV_SHM_REMAP))
            return -EINVAL;
    } else if (!addr && (flg & RV_SHM_REMAP)) {
        return -EINVAL;
    }
    struct rv_shmid64_ds ds;
    long r = host_syscall3(SYS_shmctl, shmid, IPC_STAT, HOST_ARG(&ds));
    if (r < 0)
        return r;
    /* An address SHM_RND took down to page 0 is still a fixed one: below mmap_min_addr, which
     * crossrun never maps (the kernel lets only CAP_SYS_RAWIO there). */
    if (fixed && !addr)
        return -EPERM;
    struct shmat_call c = {
        .shmid = shmid,
        .hflg = ((flg & RV_SHM_RDONLY) ? SHM_RDONLY : 0) | ((flg & RV_SHM_EXEC) ? SHM_EXEC : 0),
        .prot = PROT_READ | ((flg & RV_SHM_RDONLY) ? 0 : PROT_WRITE) |
                ((flg & RV_SHM_EXEC) ? PROT_EXEC : 0),
    };
    struct guest_vma v = { .prot = c.prot, .flags = MAP_SHARED, .shm_size = ds.shm_segsz,
                           .shmid = shmid };
    /* the kernel's name for the segment's file, unlinked at creation */
    snprintf(v.name, sizeof v.name, "/SYSV%08x (deleted)", (unsigned)ds.shm_perm.key);
    enum guest_place how = !addr ? GUEST_PLACE_HINT
                           : (flg & RV_SHM_REMAP) ? GUEST_PLACE_FIXED : GUEST_PLACE_KEEP;
    return guest_map_by(addr, ds.shm_segsz, how, &v, shmat_host, &c);
}

/* shmdt(addr) finds the attachment as the kernel does: the first shm mapping at or above addr
 * that starts where its offset says the attachment began (addr + offset), then every other
 * such piece of the same segment within the segment's size from addr. Each piece is unmapped
 * as by munmap: the reservation put back over it detaches it on the host, and its code is
 * dropped. (The table is read entry by entry, so a guest thread mapping at the same time can
 * race with it; the kernel holds mmap_lock across.) */
long sys_shmdt(struct rv_cpu *cpu, const uint64_t *a)
{
    guest_addr addr = a[0];
    if (addr & (GUEST_PAGE_SIZE - 1))
        return -EINVAL;
    long r = -EINVAL;
    int id = -1;
    uint64_t size = 0;
    struct guest_vma v;
    for (size_t i = 0; guest_as_vma(i, &v); i++) {
        if (v.end <= addr)
            continue;
        if (r == 0 && v.end - addr > size)
            break;
        if (!v.shm_size || v.start < addr || v.start - addr != v.offset ||
            (r == 0 && v.shmid != id) || guest_munmap(v.start, v.end - v.start) < 0)
            continue;
        if (r < 0) {
            r = 0;
            id = v.shmid;
            size = guest_page_up(v.shm_size);
        }
        i--;    /* the entry is gone: the next one is at i now */
    }
    return r;
}
