/*
 * syscall/strace/strace_siginfo.c - a guest siginfo as strace prints it: the {...} of a signal line
 * ("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1234, si_uid=0} ---").
 *
 * Follows strace's printsiginfo (src/printsiginfo.c, strace 6.x): si_code by name (generic
 * codes first, then the signal's own), then the fields that code carries: the sender for
 * codes from user space (plus the value when si_ptr is set, e.g. SI_QUEUE), the child's status
 * and times for SIGCHLD, the address for faults. Values are the guest's (asm-generic layout,
 * the same as x86-64's).
 */
#include <inttypes.h>
#include <string.h>

#include "abi/signal.h"
#include "abi/ucontext.h"
#include "abi/wait.h"
#include "syscall/strace/strace_fmt.h"
#include "syscall/strace/strace_names.h"

#define N(v, name) { (uint64_t)(uint32_t)(v), name }
#define END { 0, NULL }

/* asm-generic/siginfo.h; compared as unsigned 32-bit values, as strace does. */
static const struct rv_name si_codes[] = {
    N(0, "SI_USER"), N(0x80, "SI_KERNEL"), N(-1, "SI_QUEUE"), N(-2, "SI_TIMER"),
    N(-3, "SI_MESGQ"), N(-4, "SI_ASYNCIO"), N(-5, "SI_SIGIO"), N(-6, "SI_TKILL"),
    N(-7, "SI_DETHREAD"), N(-60, "SI_ASYNCNL"), END,
};
static const struct rv_name segv_codes[] = {
    N(1, "SEGV_MAPERR"), N(2, "SEGV_ACCERR"), N(3, "SEGV_BNDERR"), N(4, "SEGV_PKUERR"),
    N(5, "SEGV_ACCADI"), N(6, "SEGV_ADIDERR"), N(7, "SEGV_ADIPERR"), N(8, "SEGV_MTEAERR"),
    N(9, "SEGV_MTESERR"), N(10, "SEGV_CPERR"), END,
};
static const struct rv_name bus_codes[] = {
    N(1, "BUS_ADRALN"), N(2, "BUS_ADRERR"), N(3, "BUS_OBJERR"), N(4, "BUS_MCEERR_AR"),
    N(5, "BUS_MCEERR_AO"), END,
};
static const struct rv_name ill_codes[] = {
    N(1, "ILL_ILLOPC"), N(2, "ILL_ILLOPN"), N(3, "ILL_ILLADR"), N(4, "ILL_ILLTRP"),
    N(5, "ILL_PRVOPC"), N(6, "ILL_PRVREG"), N(7, "ILL_COPROC"), N(8, "ILL_BADSTK"),
    N(9, "ILL_BADIADDR"), END,
};
static const struct rv_name fpe_codes[] = {
    N(1, "FPE_INTDIV"), N(2, "FPE_INTOVF"), N(3, "FPE_FLTDIV"), N(4, "FPE_FLTOVF"),
    N(5, "FPE_FLTUND"), N(6, "FPE_FLTRES"), N(7, "FPE_FLTINV"), N(8, "FPE_FLTSUB"),
    N(14, "FPE_FLTUNK"), N(15, "FPE_CONDTRAP"), END,
};
static const struct rv_name trap_codes[] = {
    N(1, "TRAP_BRKPT"), N(2, "TRAP_TRACE"), N(3, "TRAP_BRANCH"), N(4, "TRAP_HWBKPT"),
    N(5, "TRAP_UNK"), N(6, "TRAP_PERF"), END,
};
static const struct rv_name chld_codes[] = {
    N(RV_CLD_EXITED, "CLD_EXITED"), N(RV_CLD_KILLED, "CLD_KILLED"), N(RV_CLD_DUMPED, "CLD_DUMPED"),
    N(RV_CLD_TRAPPED, "CLD_TRAPPED"), N(RV_CLD_STOPPED, "CLD_STOPPED"),
    N(RV_CLD_CONTINUED, "CLD_CONTINUED"), END,
};
static const struct rv_name poll_codes[] = {
    N(1, "POLL_IN"), N(2, "POLL_OUT"), N(3, "POLL_MSG"), N(4, "POLL_ERR"), N(5, "POLL_PRI"),
    N(6, "POLL_HUP"), END,
};
static const struct rv_name sys_codes[] = {
    N(1, "SYS_SECCOMP"), N(2, "SYS_USER_DISPATCH"), END,
};

static const struct rv_name *codes_of(int sig)
{
    switch (sig) {
    case RV_SIGSEGV: return segv_codes;
    case RV_SIGBUS:  return bus_codes;
    case RV_SIGILL:  return ill_codes;
    case RV_SIGFPE:  return fpe_codes;
    case RV_SIGTRAP: return trap_codes;
    case RV_SIGCHLD: return chld_codes;
    case RV_SIGIO:   return poll_codes;
    case RV_SIGSYS:  return sys_codes;
    default:         return NULL;
    }
}

static const char *lookup(const struct rv_name *tab, uint64_t v)
{
    for (; tab && tab->name; tab++)
        if (tab->value == v)
            return tab->name;
    return NULL;
}

static void print_signal(FILE *out, int sig)
{
    const char *name = rv_signal_name(sig);
    if (name)
        fputs(name, out);
    else
        fprintf(out, "%d", sig);
}

/* strace's printaddr: NULL, or the address in hex. */
static void print_addr(FILE *out, uint64_t addr)
{
    if (addr)
        fprintf(out, "%#" PRIx64, addr);
    else
        fputs("NULL", out);
}

/* Fields of the union by their kernel offsets (asm-generic/siginfo.h, 64-bit). */
static int32_t field_i32(const struct rv_siginfo *si, size_t off)
{
    int32_t v;
    memcpy(&v, (const char *)si + off, sizeof v);
    return v;
}

static uint64_t field_u64(const struct rv_siginfo *si, size_t off)
{
    uint64_t v;
    memcpy(&v, (const char *)si + off, sizeof v);
    return v;
}

enum { OFF_PID = 16, OFF_UID = 20, OFF_VALUE = 24, OFF_ADDR = 16, OFF_STATUS = 24,
       OFF_UTIME = 32, OFF_STIME = 40, OFF_BAND = 16, OFF_FD = 24, OFF_TIMERID = 16,
       OFF_OVERRUN = 20 };

static void print_source(FILE *out, const struct rv_siginfo *si)
{
    fprintf(out, ", si_pid=%u, si_uid=%u", (uint32_t)field_i32(si, OFF_PID),
            (uint32_t)field_i32(si, OFF_UID));
}

static void print_value(FILE *out, const struct rv_siginfo *si)
{
    uint64_t v = field_u64(si, OFF_VALUE);
    fprintf(out, ", si_int=%d, si_ptr=", (int32_t)v);
    print_addr(out, v);
}

static void print_fasync(FILE *out, const struct rv_siginfo *si)
{
    fprintf(out, ", si_band=%" PRId64 ", si_fd=%d", (int64_t)field_u64(si, OFF_BAND),
            field_i32(si, OFF_FD));
}

void rv_strace_siginfo(FILE *out, const struct rv_siginfo *si)
{
    int sig = si->signo, code = si->code;
    if (sig == 0) {
        fputs("{}", out);
        return;
    }
    fputs("{si_signo=", out);
    print_signal(out, sig);
    fputs(", si_code=", out);
    const char *name = lookup(si_codes, (uint32_t)code);
    if (!name)
        name = lookup(codes_of(sig), (uint32_t)code);
    if (name)
        fputs(name, out);
    else
        fprintf(out, "%#x", (uint32_t)code);
    if (si->err)
        fprintf(out, ", si_errno=%d", si->err);

    if (code <= 0) {  /* SI_FROMUSER */
        switch (code) {
        case -2:  /* SI_TIMER */
            fprintf(out, ", si_timerid=%#x, si_overrun=%d", (uint32_t)field_i32(si, OFF_TIMERID),
                    field_i32(si, OFF_OVERRUN));
            print_value(out, si);
            break;
        case -5:  /* SI_SIGIO */
            print_fasync(out, si);
            break;
        case RV_SI_USER:
        case RV_SI_TKILL:
            print_source(out, si);
            break;
        default:
            print_source(out, si);
            if (field_u64(si, OFF_VALUE))
                print_value(out, si);
        }
    } else {
        switch (sig) {
        case RV_SIGCHLD:
            print_source(out, si);
            fputs(", si_status=", out);
            if (code == RV_CLD_EXITED)
                fprintf(out, "%d", field_i32(si, OFF_STATUS));
            else
                print_signal(out, field_i32(si, OFF_STATUS));
            fprintf(out, ", si_utime=%" PRIu64 ", si_stime=%" PRIu64, field_u64(si, OFF_UTIME),
                    field_u64(si, OFF_STIME));
            break;
        case RV_SIGILL: case RV_SIGFPE: case RV_SIGSEGV: case RV_SIGBUS: case RV_SIGTRAP:
            fputs(", si_addr=", out);
            print_addr(out, field_u64(si, OFF_ADDR));
            break;
        case RV_SIGIO:
            if (code >= 1 && code <= 6)
                print_fasync(out, si);
            break;
        default:
            if (field_i32(si, OFF_PID) || field_i32(si, OFF_UID))
                print_source(out, si);
            if (field_u64(si, OFF_VALUE))
                print_value(out, si);
        }
    }
    fputc('}', out);
}
