/*
 * syscall/strace/strace_values.c - values strace decodes beyond one name table (strace_values.h).
 *
 * Each splits a value into parts printed differently (a file type by name and permissions in
 * octal, an access mode and flags, a futex command and its modifiers), as strace does.
 */
#include <inttypes.h>

#include "abi/fcntl.h"
#include "abi/mman.h"
#include "abi/signal.h"
#include "syscall/strace/strace_names.h"
#include "syscall/strace/strace_values.h"

void rv_strace_file_mode(FILE *out, uint64_t mode)
{
    uint64_t type = mode & 0170000;
    if (type) {
        rv_strace_enum(out, type, rv_names_file_type, true);
        fputc('|', out);
    }
    fprintf(out, "%#03" PRIo64, mode & ~(uint64_t)0170000);
}

void rv_strace_sigset_bits(FILE *out, uint64_t set)
{
    bool invert = __builtin_popcountll(set) > RV_NSIG / 2;
    if (invert) {
        set = ~set;
        fputc('~', out);
    }
    fputc('[', out);
    bool first = true;
    for (int sig = 1; sig <= RV_NSIG; sig++) {
        if (!(set & RV_SIGBIT(sig)))
            continue;
        fprintf(out, "%s%s", first ? "" : " ", rv_signal_name(sig) + 3);   /* "SIG" dropped */
        first = false;
    }
    fputc(']', out);
}

void rv_strace_signal(FILE *out, uint64_t v)
{
    const char *name = rv_signal_name((int)v);
    if (name && v == (uint64_t)(int)v)
        fputs(name, out);
    else
        fprintf(out, "%d", (int)v);
}

void rv_strace_rlim(FILE *out, uint64_t v)
{
    if (v == UINT64_MAX)
        fputs("RLIM64_INFINITY", out);
    else if (v && v % 1024 == 0)
        fprintf(out, "%" PRIu64 "*1024", v / 1024);
    else
        fprintf(out, "%" PRIu64, v);
}

/* The access mode is a two-bit number, not flags: O_RDONLY is 0 and is printed all the same. */
void rv_strace_open_flags(FILE *out, uint64_t v)
{
    static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
    fputs(acc[v & RV_O_ACCMODE], out);
    v &= ~(uint64_t)RV_O_ACCMODE;
    if (v) {
        fputc('|', out);
        rv_strace_flags(out, v, rv_names_oflags, "0");
    }
}

/* The mapping type is a number in the low nibble, the rest are flags. */
void rv_strace_mmap_flags(FILE *out, uint64_t v)
{
    static const char *const type[] = { NULL, "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE" };
    uint64_t t = v & RV_MAP_TYPE;
    if (t >= 1 && t <= 3)
        fputs(type[t], out);
    else
        fprintf(out, "%#" PRIx64, t);
    v &= ~(uint64_t)RV_MAP_TYPE;
    if (v) {
        fputc('|', out);
        rv_strace_flags(out, v, rv_names_mmap_flags, "0");
    }
}

/* The command in the low 7 bits; strace glues FUTEX_PRIVATE_FLAG onto it as "_PRIVATE". */
void rv_strace_futex_op(FILE *out, uint64_t v)
{
    rv_strace_enum(out, v & 127, rv_names_futex_cmd, false);
    if (v & 128)
        fputs("_PRIVATE", out);
    if (v & 256)
        fputs("|FUTEX_CLOCK_REALTIME", out);
    if (v & ~(uint64_t)511)
        fprintf(out, "|%#" PRIx64, v & ~(uint64_t)511);
}

void rv_strace_clone_flags(FILE *out, uint64_t v)
{
    uint64_t sig = v & 0xff, flags = v & ~(uint64_t)0xff;
    if (flags)
        rv_strace_flags(out, flags, rv_names_clone, "0");
    if (sig) {
        if (flags)
            fputc('|', out);
        rv_strace_signal(out, sig);
    }
    if (!v)
        fputc('0', out);
}
