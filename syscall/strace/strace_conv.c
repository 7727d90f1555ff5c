/*
 * syscall/strace/strace_conv.c - the table of --strace conversions (strace_conv.h): for each
 * name syscalls.def's fmt column uses, the small function that prints such an argument.
 *
 * A printer gets the whole call because a few arguments depend on their neighbours: a buffer's
 * length is the NEXT argument (%ibuf, %iiov, %sockaddr, %pollfds), an option name's level the
 * PREVIOUS one (%sockopt), a written buffer's length the result (%obuf, %opath, %odirents).
 * Values are masked to 32 bits where the kernel reads an int, as strace does.
 */
#include <inttypes.h>
#include <string.h>

#include "abi/fcntl.h"
#include "syscall/strace/strace_conv.h"
#include "syscall/strace/strace_guest.h"
#include "syscall/strace/strace_names.h"
#include "syscall/strace/strace_net.h"
#include "syscall/strace/strace_structs.h"
#include "syscall/strace/strace_values.h"

/* Argument i, or 0 for a neighbour outside the six registers. */
static uint64_t arg(const struct rv_strace_args *c, int i)
{
    return i >= 0 && i < 6 ? c->a[i] : 0;
}

static uint64_t low32(uint64_t v)
{
    return v & 0xffffffffu;
}

/* --- plain register values -------------------------------------------------------------------- */

static void conv_d(struct rv_strace_args *c, int i)
{
    fprintf(c->out, "%d", (int)c->a[i]);
}

static void conv_u(struct rv_strace_args *c, int i)
{
    fprintf(c->out, "%u", (unsigned)c->a[i]);
}

static void conv_ld(struct rv_strace_args *c, int i)
{
    fprintf(c->out, "%" PRId64, (int64_t)c->a[i]);
}

static void conv_lu(struct rv_strace_args *c, int i)
{
    fprintf(c->out, "%" PRIu64, c->a[i]);
}

static void conv_x(struct rv_strace_args *c, int i)
{
    fprintf(c->out, c->a[i] ? "%#" PRIx64 : "%" PRIu64, c->a[i]);
}

static void conv_o(struct rv_strace_args *c, int i)
{
    fprintf(c->out, "%#03" PRIo64, c->a[i]);
}

static void conv_ptr(struct rv_strace_args *c, int i)
{
    rv_strace_addr(c->out, c->a[i]);
}

static void conv_dirfd(struct rv_strace_args *c, int i)
{
    if ((int)c->a[i] == -100)
        fputs("AT_FDCWD", c->out);
    else
        fprintf(c->out, "%d", (int)c->a[i]);
}

static void conv_mode(struct rv_strace_args *c, int i)
{
    rv_strace_file_mode(c->out, c->a[i]);
}

/* Flags of an open carry an access mode (O_RDONLY is 0); those of pipe2 and dup3 do not, and
 * strace prints them as plain flags, 0 when empty. They also decide whether a %mode follows. */
static void conv_oflags(struct rv_strace_args *c, int i)
{
    if (c->mode_follows)
        rv_strace_open_flags(c->out, low32(c->a[i]));
    else
        rv_strace_flags(c->out, low32(c->a[i]), rv_names_oflags, "0");
    c->skip_mode = !(c->a[i] & (RV_O_CREAT | RV___O_TMPFILE));
}

static void conv_atflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_atflags, "0");
}

static void conv_accmode(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_access, "F_OK");
}

static void conv_whence(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_whence, false);
}

static void conv_fcntlcmd(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_fcntl, false);
}

static void conv_ioctl(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_ioctl, true);
}

static void conv_mmapprot(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_mmap_prot, "PROT_NONE");
}

static void conv_mmapflags(struct rv_strace_args *c, int i)
{
    rv_strace_mmap_flags(c->out, low32(c->a[i]));
}

static void conv_sig(struct rv_strace_args *c, int i)
{
    rv_strace_signal(c->out, c->a[i]);
}

static void conv_sighow(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_sighow, false);
}

/* A clock id is a signed int: the CPU-time clocks of other processes are negative. */
static void conv_clock(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, (uint64_t)(int64_t)(int)c->a[i], rv_names_clock, false);
}

static void conv_futexop(struct rv_strace_args *c, int i)
{
    rv_strace_futex_op(c->out, low32(c->a[i]));
}

static void conv_cloneflags(struct rv_strace_args *c, int i)
{
    rv_strace_clone_flags(c->out, c->a[i]);
}

static void conv_statxmask(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_statx_mask, "0");
}

static void conv_renameflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_rename, "0");
}

static void conv_madvice(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_madvise, false);
}

/* mremap's flags are an unsigned long: all 64 bits are shown. */
static void conv_mremapflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, c->a[i], rv_names_mremap, "0");
}

static void conv_rlimitres(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_rlimit, false);
}

static void conv_prctlop(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_prctl, true);
}

static void conv_keyctlcmd(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_keyctl, false);
}

static void conv_grndflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_grnd, "0");
}

static void conv_msflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_msync, "0");
}

/* mount's flags are an unsigned long: all 64 bits are shown. */
static void conv_mountflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, c->a[i], rv_names_mount, "0");
}

static void conv_umountflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_umount, "0");
}

static void conv_timerflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_timer, "0");
}

static void conv_sockfamily(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_sock_family, false);
}

static void conv_socktype(struct rv_strace_args *c, int i)
{
    rv_strace_socktype(c->out, low32(c->a[i]));
}

static void conv_sockflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_sock_flags, "0");
}

/* A level is a signed int (SOL_* and IPPROTO_* numbers). */
static void conv_socklevel(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, (uint64_t)(int64_t)(int)c->a[i], rv_names_sock_level, false);
}

static void conv_sockopt(struct rv_strace_args *c, int i)
{
    rv_strace_sockopt(c->out, arg(c, i - 1), c->a[i]);
}

static void conv_shuthow(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_shut_how, false);
}

static void conv_msgflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_msg_flags, "0");
}

static void conv_epollop(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_epoll_op, false);
}

/* SysV *get flags: IPC_CREAT|IPC_EXCL and the permission bits in octal, as strace. */
static void conv_ipcget(struct rv_strace_args *c, int i)
{
    uint64_t v = low32(c->a[i]);
    uint64_t mode = v & 0777;
    if (v & ~(uint64_t)0777)
        rv_strace_flags(c->out, v & ~(uint64_t)0777, rv_names_ipc_get, "0");
    if (mode || !(v & ~(uint64_t)0777))
        fprintf(c->out, "%s%#" PRIo64, (v & ~(uint64_t)0777) ? "|" : "", mode);
}

static void conv_shmcmd(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_shm_cmd, false);
}

static void conv_semcmd(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_sem_cmd, false);
}

static void conv_msgcmd(struct rv_strace_args *c, int i)
{
    rv_strace_enum(c->out, low32(c->a[i]), rv_names_msg_cmd, false);
}

static void conv_shmatflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_shmat, "0");
}

static void conv_msgqflags(struct rv_strace_args *c, int i)
{
    rv_strace_flags(c->out, low32(c->a[i]), rv_names_msgq_flags, "0");
}

/* --- guest memory the call reads ------------------------------------------------------------ */

static void conv_path(struct rv_strace_args *c, int i)
{
    rv_strace_string(c->out, c->a[i], RV_STRACE_PATH_CAP);
}

static void conv_str(struct rv_strace_args *c, int i)
{
    rv_strace_string(c->out, c->a[i], RV_STRACE_STR_MAX);
}

static void conv_ibuf(struct rv_strace_args *c, int i)
{
    rv_strace_buffer(c->out, c->a[i], arg(c, i + 1));
}

static void conv_iiov(struct rv_strace_args *c, int i)
{
    rv_strace_iovec(c->out, c->a[i], arg(c, i + 1), UINT64_MAX);
}

static void conv_timespec(struct rv_strace_args *c, int i)
{
    rv_strace_timespec(c->out, c->a[i]);
}

static void conv_sigset(struct rv_strace_args *c, int i)
{
    rv_strace_sigset(c->out, c->a[i]);
}

/* execve's first array is argv, shown whole; the second is envp, only counted. */
static void conv_argv(struct rv_strace_args *c, int i)
{
    rv_strace_argv(c->out, c->a[i], c->argv_seen++ > 0);
}

static void conv_sigaction(struct rv_strace_args *c, int i)
{
    rv_strace_sigaction(c->out, c->a[i]);
}

static void conv_stack(struct rv_strace_args *c, int i)
{
    rv_strace_stack(c->out, c->a[i]);
}

static void conv_rlimit(struct rv_strace_args *c, int i)
{
    rv_strace_rlimit(c->out, c->a[i]);
}

static void conv_how(struct rv_strace_args *c, int i)
{
    rv_strace_open_how(c->out, c->a[i]);
}

static void conv_sockaddr(struct rv_strace_args *c, int i)
{
    rv_strace_sockaddr(c->out, c->a[i], low32(arg(c, i + 1)));
}

/* setsockopt(fd, level, name, value, len): the value's meaning depends on level and name. */
static void conv_sockoptval(struct rv_strace_args *c, int i)
{
    rv_strace_sockoptval(c->out, arg(c, i - 2), low32(arg(c, i - 1)), c->a[i],
                         low32(arg(c, i + 1)));
}

static void conv_msghdr(struct rv_strace_args *c, int i)
{
    rv_strace_msghdr(c->out, c->a[i], UINT64_MAX);
}

static void conv_pollfds(struct rv_strace_args *c, int i)
{
    rv_strace_pollfds(c->out, c->a[i], low32(arg(c, i + 1)));
}

static void conv_epollevent(struct rv_strace_args *c, int i)
{
    rv_strace_epoll_event(c->out, c->a[i]);
}

/* --- guest memory the call wrote (RV_STRACE_WRITTEN: called only when it succeeded) ---------- */

static void conv_obuf(struct rv_strace_args *c, int i)
{
    rv_strace_buffer(c->out, c->a[i], (uint64_t)c->ret);
}

static void conv_oiov(struct rv_strace_args *c, int i)
{
    rv_strace_iovec(c->out, c->a[i], arg(c, i + 1), (uint64_t)c->ret);
}

static void conv_opath(struct rv_strace_args *c, int i)
{
    rv_strace_written_string(c->out, c->a[i], (uint64_t)c->ret);
}

static void conv_ostat(struct rv_strace_args *c, int i)
{
    rv_strace_stat(c->out, c->a[i]);
}

static void conv_ostatx(struct rv_strace_args *c, int i)
{
    rv_strace_statx(c->out, c->a[i]);
}

static void conv_ostatfs(struct rv_strace_args *c, int i)
{
    rv_strace_statfs(c->out, c->a[i]);
}

static void conv_ofds(struct rv_strace_args *c, int i)
{
    rv_strace_ints(c->out, c->a[i], 2);
}

static void conv_oint(struct rv_strace_args *c, int i)
{
    rv_strace_ints(c->out, c->a[i], 1);
}

static void conv_otimeval(struct rv_strace_args *c, int i)
{
    rv_strace_timeval(c->out, c->a[i]);
}

static void conv_odirents(struct rv_strace_args *c, int i)
{
    rv_strace_dirents(c->out, c->a[i], c->ret);
}

static void conv_outsname(struct rv_strace_args *c, int i)
{
    rv_strace_utsname(c->out, c->a[i]);
}

static void conv_osockaddr(struct rv_strace_args *c, int i)
{
    rv_strace_written_sockaddr(c->out, c->a[i], arg(c, i + 1));
}

static void conv_omsghdr(struct rv_strace_args *c, int i)
{
    rv_strace_msghdr(c->out, c->a[i], (uint64_t)c->ret);
}

static void conv_oepollevents(struct rv_strace_args *c, int i)
{
    rv_strace_epoll_events(c->out, c->a[i], (uint64_t)c->ret);
}

/* --- the table -------------------------------------------------------------------------------- */

/* In the order of syscalls.def's vocabulary. Several names share a printer: %fd is a %d, the
 * o-forms of a struct print it as the plain form does, once the call has filled it in. */
const struct rv_strace_conv rv_strace_convs[] = {
    /* plain register values */
    { "d",             conv_d,                0 },
    { "u",             conv_u,                0 },
    { "ld",            conv_ld,               0 },
    { "lu",            conv_lu,               0 },
    { "zu",            conv_lu,               0 },
    { "x",             conv_x,                0 },
    { "o",             conv_o,                0 },
    { "ptr",           conv_ptr,              0 },
    { "fd",            conv_d,                0 },
    { "dirfd",         conv_dirfd,            0 },
    { "mode",          conv_mode,             RV_STRACE_CREAT_MODE },
    { "oflags",        conv_oflags,           0 },
    { "atflags",       conv_atflags,          0 },
    { "accmode",       conv_accmode,          0 },
    { "whence",        conv_whence,           0 },
    { "fcntlcmd",      conv_fcntlcmd,         0 },
    { "ioctl",         conv_ioctl,            0 },
    { "mmapprot",      conv_mmapprot,         0 },
    { "mmapflags",     conv_mmapflags,        0 },
    { "sig",           conv_sig,              0 },
    { "sighow",        conv_sighow,           0 },
    { "clock",         conv_clock,            0 },
    { "futexop",       conv_futexop,          0 },
    { "cloneflags",    conv_cloneflags,       0 },
    { "statxmask",     conv_statxmask,        0 },
    { "renameflags",   conv_renameflags,      0 },
    { "madvice",       conv_madvice,          0 },
    { "mremapflags",   conv_mremapflags,      0 },
    { "rlimitres",     conv_rlimitres,        0 },
    { "prctlop",       conv_prctlop,          0 },
    { "grndflags",     conv_grndflags,        0 },
    { "keyctlcmd",     conv_keyctlcmd,        0 },
    { "msflags",       conv_msflags,          0 },
    { "timerflags",    conv_timerflags,       0 },
    { "mountflags",    conv_mountflags,       0 },
    { "umountflags",   conv_umountflags,      0 },
    { "sockfamily",    conv_sockfamily,       0 },
    { "socktype",      conv_socktype,         0 },
    { "sockflags",     conv_sockflags,        0 },
    { "socklevel",     conv_socklevel,        0 },
    { "sockopt",       conv_sockopt,          0 },
    { "shuthow",       conv_shuthow,          0 },
    { "msgflags",      conv_msgflags,         0 },
    { "epollop",       conv_epollop,          0 },
    { "ipcget",        conv_ipcget,           0 },
    { "shmcmd",        conv_shmcmd,           0 },
    { "semcmd",        conv_semcmd,           0 },
    { "msgcmd",        conv_msgcmd,           0 },
    { "shmatflags",    conv_shmatflags,       0 },
    { "msgqflags",     conv_msgqflags,        0 },
    /* guest memory the call reads */
    { "path",          conv_path,             0 },
    { "str",           conv_str,              0 },
    { "ibuf",          conv_ibuf,             0 },
    { "iiov",          conv_iiov,             0 },
    { "timespec",      conv_timespec,         0 },
    { "sigset",        conv_sigset,           0 },
    { "argv",          conv_argv,             0 },
    { "sigaction",     conv_sigaction,        0 },
    { "stack",         conv_stack,            0 },
    { "rlimit",        conv_rlimit,           0 },
    { "how",           conv_how,          0 },
    { "sockaddr",      conv_sockaddr,         0 },
    { "sockoptval",    conv_sockoptval,       0 },
    { "msghdr",        conv_msghdr,           0 },
    { "pollfds",       conv_pollfds,          0 },
    { "epollevent",    conv_epollevent,       0 },
    /* guest memory the call writes */
    { "obuf",          conv_obuf,             RV_STRACE_WRITTEN },
    { "oiov",          conv_oiov,             RV_STRACE_WRITTEN },
    { "opath",         conv_opath,            RV_STRACE_WRITTEN },
    { "ostat",         conv_ostat,            RV_STRACE_WRITTEN },
    { "ostatx",        conv_ostatx,           RV_STRACE_WRITTEN },
    { "ostatfs",       conv_ostatfs,          RV_STRACE_WRITTEN },
    { "ofds",          conv_ofds,             RV_STRACE_WRITTEN },
    { "oint",          conv_oint,             RV_STRACE_WRITTEN },
    { "otimespec",     conv_timespec,         RV_STRACE_WRITTEN },
    { "osigset",       conv_sigset,           RV_STRACE_WRITTEN },
    { "odirents",      conv_odirents,         RV_STRACE_WRITTEN },
    { "osigaction",    conv_sigaction,        RV_STRACE_WRITTEN },
    { "ostack",        conv_stack,            RV_STRACE_WRITTEN },
    { "orlimit",       conv_rlimit,           RV_STRACE_WRITTEN },
    { "otimeval",      conv_otimeval,         RV_STRACE_WRITTEN },
    { "outsname",      conv_outsname,         RV_STRACE_WRITTEN },
    { "osockaddr",     conv_osockaddr,        RV_STRACE_WRITTEN },
    { "omsghdr",       conv_omsghdr,          RV_STRACE_WRITTEN },
    { "oepollevents",  conv_oepollevents,     RV_STRACE_WRITTEN },
    { NULL, NULL, 0 },
};

const struct rv_strace_conv *rv_strace_conv_find(const char *name, size_t len)
{
    for (const struct rv_strace_conv *r = rv_strace_convs; r->name; r++) {
        if (strlen(r->name) == len && memcmp(r->name, name, len) == 0)
            return r;
    }
    return NULL;
}
