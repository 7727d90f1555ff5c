/*
 * syscall/keys.c - kernel keyrings: add_key, request_key, keyctl, forwarded to the host kernel.
 *
 * Keys live in the host kernel, and the guest process is the host process, so its thread,
 * process and session keyrings are the host's own and behave natively. Key serials, KEY_SPEC_*
 * ids and KEYCTL_* commands are generic numbers. What needs care is the guest memory the kernel
 * reads or writes, whose kind depends on the command: a table gives it for every argument.
 *
 * Strings (a key type, a description, callout info, a keyring name...; the kernel reads at most
 * a page of each) and flat buffers (payloads, DESCRIBE/READ/GET_SECURITY/CAPABILITIES output,
 * Diffie-Hellman parameters, a public-key query's result) reach the host as the guest's own
 * pointers when they lie below GUEST_LIMIT, so the kernel copies them when and as it likes and
 * its errors keep their order (ENOKEY before a bad buffer's EFAULT, say); a buffer reaching
 * above GUEST_LIMIT becomes RV_HOST_REFUSED_ADDR, and fails with EFAULT where the kernel copies
 * it (syscall/guest_limit.h). A string that starts within a page of GUEST_LIMIT is copied up to
 * it, since the kernel could read past its end otherwise. Structs that hold lengths or pointers
 * are copied into runner memory and converted, so the kernel uses what was checked:
 * INSTANTIATE_IOV's iovec array, DH_COMPUTE's struct keyctl_kdf_params (a hash name and other
 * data) and the PKEY operations' struct keyctl_pkey_params (the lengths of the buffers after
 * it). One that cannot be read is RV_HOST_REFUSED_ADDR too.
 *
 * Commands after KEYCTL_WATCH_KEY (32), which this table does not know, are EOPNOTSUPP, the
 * answer of a kernel without them: their arguments might be pointers.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "abi/keyctl.h"
#include "abi/uio.h"
#include "mem/host.h"
#include "mem/uaccess.h"
#include "syscall/guest_limit.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"

#define STR_MAX 4096    /* the longest string the kernel reads: a page (KEY_MAX_DESC_SIZE) */
#define MAX_STRS 3

enum kind {
    I,      /* an integer, passed as it is */
    S,      /* a string, or NULL */
    IN,     /* bytes the kernel reads; the next argument counts them */
    OUT,    /* bytes the kernel writes; the next argument counts them */
    IOV,    /* struct iovec[]; the next argument counts them */
    DH,     /* struct keyctl_dh_params */
    KDF,    /* struct keyctl_kdf_params, or NULL */
    PP,     /* struct keyctl_pkey_params: gives the lengths of PIN and POUT */
    PIN,    /* bytes read, pp.in_len of them */
    POUT,   /* bytes written (VERIFY: read), pp.out_len of them */
    PQ,     /* struct keyctl_pkey_query, written */
};

/* keyctl's arguments 2 to 5 for every command (include/uapi/linux/keyctl.h, and
 * security/keys/keyctl.c's switch). */
static const unsigned char keyctl_kinds[RV_KEYCTL_WATCH_KEY + 1][4] = {
    [0] = { I, I },             /* GET_KEYRING_ID: id, create */
    [1] = { S },                /* JOIN_SESSION_KEYRING: name */
    [2] = { I, IN, I },         /* UPDATE: id, payload, plen */
    [3] = { I },                /* REVOKE */
    [4] = { I, I, I },          /* CHOWN: id, uid, gid */
    [5] = { I, I },             /* SETPERM: id, perm */
    [6] = { I, OUT, I },        /* DESCRIBE: id, buffer, buflen */
    [7] = { I },                /* CLEAR */
    [8] = { I, I },             /* LINK: id, keyring */
    [9] = { I, I },             /* UNLINK */
    [10] = { I, S, S, I },      /* SEARCH: keyring, type, description, destination */
    [11] = { I, OUT, I },       /* READ */
    [12] = { I, IN, I, I },     /* INSTANTIATE: id, payload, plen, keyring */
    [13] = { I, I, I },         /* NEGATE: id, timeout, keyring */
    [14] = { I },               /* SET_REQKEY_KEYRING */
    [15] = { I, I },            /* SET_TIMEOUT */
    [16] = { I },               /* ASSUME_AUTHORITY */
    [17] = { I, OUT, I },       /* GET_SECURITY */
    [18] = { I },               /* SESSION_TO_PARENT: none */
    [19] = { I, I, I, I },      /* REJECT: id, timeout, error, keyring */
    [20] = { I, IOV, I, I },    /* INSTANTIATE_IOV: id, iovecs, count, keyring */
    [21] = { I },               /* INVALIDATE */
    [22] = { I, I },            /* GET_PERSISTENT: uid, keyring */
    [23] = { DH, OUT, I, KDF }, /* DH_COMPUTE: params, buffer, buflen, kdf */
    [24] = { I, I, S, PQ },     /* PKEY_QUERY: id, reserved, info, result */
    [25] = { PP, S, PIN, POUT }, /* PKEY_ENCRYPT: params, info, in, out */
    [26] = { PP, S, PIN, POUT }, /* PKEY_DECRYPT */
    [27] = { PP, S, PIN, POUT }, /* PKEY_SIGN */
    [28] = { PP, S, PIN, POUT }, /* PKEY_VERIFY: params, info, in, in2 */
    [29] = { I, S, S },         /* RESTRICT_KEYRING: keyring, type, restriction */
    [30] = { I, I, I, I },      /* MOVE: id, from, to, flags */
    [31] = { OUT, I },          /* CAPABILITIES: buffer, buflen */
    [32] = { I, I, I },         /* WATCH_KEY: id, watch queue fd, watch id */
};

/* The host's arguments and the runner copies they point into. */
struct key_args {
    uint64_t a[5];
    int nstr;
    char str[MAX_STRS][STR_MAX + 1];
    struct rv_keyctl_kdf_params kdf;
    struct rv_keyctl_pkey_params pp;
    struct rv_iovec iov[RV_UIO_MAXIOV];
};

static uint64_t host_addr(const void *p) { return (uint64_t)(uintptr_t)p; }

/* A string the kernel reads up to STR_MAX bytes of. */
static uint64_t str_for_host(struct key_args *k, uint64_t addr)
{
    if (rv_below_guest_limit(addr, STR_MAX))
        return addr;
    if (addr >= GUEST_LIMIT || k->nstr == MAX_STRS)
        return RV_HOST_REFUSED_ADDR;
    char *copy = k->str[k->nstr++];
    memset(copy, 0, STR_MAX + 1);
    /* without a NUL below GUEST_LIMIT the guest's kernel faults there */
    if (string_from_guest(copy, addr, GUEST_LIMIT - addr) < 0)
        return RV_HOST_REFUSED_ADDR;
    return host_addr(copy);
}

/* INSTANTIATE_IOV's array, copied with each buffer checked. */
static uint64_t iov_for_host(struct key_args *k, uint64_t addr, uint64_t count)
{
    if (!addr)
        return 0;           /* no payload: the kernel takes the count as 0 */
    if (count > RV_UIO_MAXIOV || copy_from_guest(k->iov, addr, count * sizeof k->iov[0]) < 0)
        return RV_HOST_REFUSED_ADDR;    /* EINVAL for the count first, else EFAULT */
    for (uint64_t i = 0; i < count; i++)
        k->iov[i].iov_base = rv_host_ptr(k->iov[i].iov_base, k->iov[i].iov_len);
    return host_addr(k->iov);
}

/* DH_COMPUTE's key derivation parameters, copied with their hash name and other data. */
static uint64_t kdf_for_host(struct key_args *k, uint64_t addr)
{
    if (!addr)
        return 0;
    if (copy_from_guest(&k->kdf, addr, sizeof k->kdf) < 0)
        return RV_HOST_REFUSED_ADDR;
    k->kdf.hashname = str_for_host(k, k->kdf.hashname);
    k->kdf.otherinfo = rv_host_ptr(k->kdf.otherinfo, k->kdf.otherinfolen);
    return host_addr(&k->kdf);
}

/* Fills k->a from the guest's n arguments g of the given kinds. */
static void args_for_host(struct key_args *k, const unsigned char *kinds, const uint64_t *g,
                          int n)
{
    k->nstr = 0;
    memset(&k->pp, 0, sizeof k->pp);
    for (int i = 0; i < n; i++) {
        uint64_t len = i + 1 < n ? g[i + 1] : 0;
        switch (kinds[i]) {
        case S: k->a[i] = str_for_host(k, g[i]); break;
        case IN:
        case OUT: k->a[i] = rv_host_ptr(g[i], len); break;
        case IOV: k->a[i] = iov_for_host(k, g[i], len); break;
        case DH: k->a[i] = rv_host_ptr(g[i], sizeof(struct rv_keyctl_dh_params)); break;
        case KDF: k->a[i] = kdf_for_host(k, g[i]); break;
        case PP:
            k->a[i] = copy_from_guest(&k->pp, g[i], sizeof k->pp) == 0 ? host_addr(&k->pp)
                                                                         : RV_HOST_REFUSED_ADDR;
            break;
        case PIN: k->a[i] = rv_host_ptr(g[i], k->pp.in_len); break;
        case POUT: k->a[i] = rv_host_ptr(g[i], k->pp.out_len); break;
        case PQ: k->a[i] = rv_host_ptr(g[i], sizeof(struct rv_keyctl_pkey_query)); break;
        default: k->a[i] = g[i]; break;
        }
    }
}

/* add_key(type, description, payload, plen, keyring) */
long sys_add_key(struct rv_cpu *cpu, const uint64_t *a)
{
    static const unsigned char kinds[5] = { S, S, IN, I, I };
    struct key_args k;
    args_for_host(&k, kinds, a, 5);
    return host_syscall5(SYS_add_key, (long)k.a[0], (long)k.a[1], (long)k.a[2], (long)k.a[3],
                         (long)k.a[4]);
}

/* request_key(type, description, callout_info, destination keyring): may wait for the key's
 * construction by the host's request-key upcall, interruptibly. */
long sys_request_key(struct rv_cpu *cpu, const uint64_t *a)
{
    static const unsigned char kinds[4] = { S, S, S, I };
    struct key_args k;
    args_for_host(&k, kinds, a, 4);
    return safe_syscall4(SYS_request_key, (long)k.a[0], (long)k.a[1], (long)k.a[2],
                         (long)k.a[3]);
}

/* keyctl(command, arg2, arg3, arg4, arg5) */
long sys_keyctl(struct rv_cpu *cpu, const uint64_t *a)
{
    int cmd = (int)a[0];
    if (cmd < 0 || cmd > RV_KEYCTL_WATCH_KEY)
        return -EOPNOTSUPP;
    struct key_args k;
    args_for_host(&k, keyctl_kinds[cmd], a + 1, 4);
    return host_syscall5(SYS_keyctl, cmd, (long)k.a[0], (long)k.a[1], (long)k.a[2],
                         (long)k.a[3]);
}
