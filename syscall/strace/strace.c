/*
 * syscall/strace/strace.c - the --strace hooks (syscall/strace/strace.h): when each call is
 * printed, and where.
 *
 * A call is printed once, when it returns, so that what it wrote can be shown with it, as
 * strace does for most calls (a blocking read therefore shows up when it completes). Calls
 * that do not return print at entry: exit and exit_group as "exit_group(0) = ?", execve as
 * "execve(...) <unfinished ...>" followed, if it fails, by "<... execve resumed>) = -1 ...".
 * Like strace, the end of the process is spelled out: "+++ exited with 3 +++" after
 * exit_group (and after exit, which strace -f reports for every thread), "+++ killed by
 * SIGTERM +++" when a signal the guest sent itself or a fault ends it (through
 * rv_sig_fatal_hook, which the first traced call installs). Signals reaching the guest get
 * strace's "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1234, si_uid=0} ---" line
 * (rv_sig_trace_hook): delivery to a handler, an ignored signal the guest sent itself, a
 * default action that kills. Not seen: signals the host kernel acts on by itself (an ignored
 * or default-action signal from another process kills or vanishes without the runner).
 *
 * Each line is built in memory and written to fd 2 with one write(2), so lines from several
 * guest threads never interleave mid-line. Lines of any thread or process other than the one
 * that traced first (guest threads, forked children, and programs those exec, which the
 * runner tells with --strace-forked) carry strace -f's "[pid %5u] " prefix.
 * (strace prefixes every line while it traces more than one task, the first one's too; a
 * runner cannot know cheaply whether its parent or children still run, so the first task's
 * lines stay bare, which keeps single-task traces identical to strace's.)
 */
#include <stdlib.h>
#include <string.h>

#include "abi/syscall_nr.h"
#include "abi/signal.h"
#include "mem/host.h"
#include "syscall/signal/signal.h"
#include "syscall/names.h"
#include "syscall/strace/strace.h"
#include "syscall/strace/strace_fmt.h"
#include "syscall/syscall.h"

static long first_tid;
/* Every line is prefixed: this program was exec'd by a task that was not the first. */
static bool all_prefixed;

/* The call in progress on this thread, for a line that must be finished without returning. */
static __thread long current_nr = -1;
static __thread uint64_t current_args[6];

static void emit(char *text, size_t len)
{
    size_t done = 0;
    while (done < len) {
        long n = host_syscall3(SYS_write, 2, HOST_ARG(text + done), (long)(len - done));
        if (n <= 0)
            break;
        done += (size_t)n;
    }
}

bool rv_strace_prefixed(void)
{
    long tid = host_syscall0(SYS_gettid);
    long expected = 0;
    __atomic_compare_exchange_n(&first_tid, &expected, tid, false, __ATOMIC_RELAXED,
                                __ATOMIC_RELAXED);
    return all_prefixed || tid != __atomic_load_n(&first_tid, __ATOMIC_RELAXED);
}

void rv_strace_mark_forked(void)
{
    all_prefixed = true;
}

/* The "[pid N] " that starts each line of a task other than the first. */
static void pid_prefix(FILE *f)
{
    if (rv_strace_prefixed())
        fprintf(f, "[pid %5ld] ", host_syscall0(SYS_gettid));
}

/* Opens a line buffer with the pid prefix already in it. */
static FILE *line_open(char **text, size_t *len)
{
    FILE *f = open_memstream(text, len);
    if (!f)
        return NULL;
    pid_prefix(f);
    return f;
}

/* fclose is what makes open_memstream publish the buffer, so text and len are read after it. */
static void line_close(FILE *f, char **text, size_t *len)
{
    fclose(f);
    emit(*text, *len);
    free(*text);
}

static const char *call_name(long nr, char *buf, size_t size)
{
    const char *name = rv_syscall_name(nr);
    if (name)
        return name;
    snprintf(buf, size, "syscall_%ld", nr);
    return buf;
}

static bool is_noreturn(long nr)
{
    return nr == RV_NR_exit || nr == RV_NR_exit_group;
}

static bool is_exec(long nr)
{
    return nr == RV_NR_execve || nr == RV_NR_execveat;
}

/* A signal sent to the guest itself is about to kill the runner inside the current call:
 * print the call as not returning and the death as strace reports it. */
static void fatal_signal(int sig)
{
    char namebuf[32], *text = NULL;
    size_t len = 0;
    FILE *f = line_open(&text, &len);
    if (!f)
        return;
    if (current_nr >= 0) {
        rv_strace_call(f, call_name(current_nr, namebuf, sizeof namebuf),
                       rv_syscall_format(current_nr), current_args, 0, RV_STRACE_NORETURN);
        pid_prefix(f);
    }
    fprintf(f, "+++ killed by %s +++\n", rv_signal_name(sig));
    line_close(f, &text, &len);
}

/* A signal reaches the guest: strace's signal-delivery line. */
static void signal_line(const struct rv_siginfo *info)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = line_open(&text, &len);
    if (!f)
        return;
    const char *name = rv_signal_name(info->signo);
    fprintf(f, "--- %s ", name ? name : "?");
    rv_strace_siginfo(f, info);
    fputs(" ---\n", f);
    line_close(f, &text, &len);
}

void rv_strace_enter(struct rv_cpu *cpu, long nr, const uint64_t *a)
{
    rv_sig_fatal_hook = fatal_signal;
    rv_sig_trace_hook = signal_line;
    current_nr = nr;
    memcpy(current_args, a, sizeof current_args);
    if (!is_noreturn(nr) && !is_exec(nr))
        return;
    char namebuf[32], *text = NULL;
    size_t len = 0;
    FILE *f = line_open(&text, &len);
    if (!f)
        return;
    rv_strace_call(f, call_name(nr, namebuf, sizeof namebuf), rv_syscall_format(nr), a, 0,
                   is_exec(nr) ? RV_STRACE_UNFINISHED : RV_STRACE_NORETURN);
    if (is_noreturn(nr)) {
        pid_prefix(f);
        fprintf(f, "+++ exited with %d +++\n", (int)(a[0] & 0xff));
    }
    line_close(f, &text, &len);
}

void rv_strace_exit(struct rv_cpu *cpu, long nr, const uint64_t *a, long ret)
{
    current_nr = -1;
    if (is_noreturn(nr))
        return;
    char namebuf[32], *text = NULL;
    size_t len = 0;
    FILE *f = line_open(&text, &len);
    if (!f)
        return;
    const char *name = call_name(nr, namebuf, sizeof namebuf);
    if (is_exec(nr))
        rv_strace_resumed(f, name, rv_syscall_format(nr), ret);
    else
        rv_strace_call(f, name, rv_syscall_format(nr), a, ret, RV_STRACE_DONE);
    line_close(f, &text, &len);
}
