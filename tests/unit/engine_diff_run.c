/*
 * tests/unit/engine_diff_run.c - running engine_diff cases, one engine per worker process.
 *
 * A worker is a forked child that selects its engine and starts it (rv_run_init, once per
 * process, as in the runner), then runs the cases the parent sends it through a pipe, in its
 * own copy of the fixed guest memory (reloaded for every case), and sends back each end state. The engines never
 * share a process, a code cache or a fault handler, and a crash or a hang (an alarm) ends only
 * a worker, which the parent sees as a case with no end state. Between cases a worker drops
 * every translation (rv_code_invalidate of everything), as a guest that rewrites its code and
 * runs fence.i would: a mismatch that appears only after earlier cases is a finding too, and
 * the caller tells it apart by running the case again in fresh workers.
 *
 * The run loop's collaborators are doubles, as in tests/unit/test_interp.c: rv_syscall stops
 * the run at the final ecall, mem/addrspace.c is tests/unit/guest_as_double.c, and the signal
 * wing is replaced by the functions below. rv_sig_take_fault says the guest handles every
 * fault, so the fault path unwinds into rv_run with struct rv_cpu exact at the faulting
 * instruction (what a guest signal handler would see) instead of killing the process; this
 * double then stops the run there, so the state at a fault is compared like any other.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/fault.h"
#include "run/loop.h"
#include "syscall/signal/signal.h"
#include "syscall/syscall.h"
#include "tests/unit/engine_diff.h"
#include "tests/unit/guest_as_double.h"
#include "translate/engines.h"

/* A case that runs longer is an engine that does not stop (every case's loops are bounded). */
#define CASE_SECONDS 20

/* The guest fault that ended this process's run, if any. */
static int fault_signo;
static guest_addr fault_addr;

bool rv_syscall(struct rv_cpu *cpu)
{
    cpu->stop = RV_STOP_EXIT;
    cpu->exit_status = 0;
    return false;
}

bool rv_sig_take_fault(int sig, int code, guest_addr addr)
{
    (void)code;
    fault_signo = sig;
    fault_addr = addr;
    rv_fault_cpu->stop = RV_STOP_EXIT;  /* rv_run's loop ends when the unwind gets there */
    return true;
}

bool ed_map_memory(void)
{
    const int rwx = PROT_READ | PROT_WRITE | PROT_EXEC;
    void *p = mmap((void *)(uintptr_t)ED_CODE, ED_MAP_LEN, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *)(uintptr_t)ED_CODE) {
        fprintf(stderr, "engine_diff: cannot map guest memory at 0x%lx: %s\n",
                (unsigned long)ED_CODE, p == MAP_FAILED ? strerror(errno) : "taken");
        return false;
    }
    /* code RWX, sandbox and tables RW; the guard page stays PROT_NONE and unregistered */
    if (mprotect(p, ED_CODE_LEN, rwx) != 0 ||
        mprotect((void *)(uintptr_t)ED_DATA, ED_GUARD - ED_DATA, PROT_READ | PROT_WRITE) != 0) {
        perror("engine_diff: mprotect");
        return false;
    }
    test_guest_region(ED_CODE, ED_CODE_LEN, rwx);
    test_guest_region(ED_DATA, ED_GUARD - ED_DATA, PROT_READ | PROT_WRITE);
    return true;
}

/* Puts the case's code, sandbox and tables where the guest sees them. */
static void load_case(const struct ed_case *c)
{
    memset((void *)(uintptr_t)ED_CODE, 0, ED_CODE_LEN);  /* 0x0000 is illegal: no stale code */
    memcpy((void *)(uintptr_t)c->start, c->code, c->code_len);
    memcpy((void *)(uintptr_t)ED_DATA, c->init.mem, ED_SANDBOX_LEN);
    memset((void *)(uintptr_t)ED_TABLE, 0, 8 * ED_TABLE_ENTRIES);
    memcpy((void *)(uintptr_t)ED_TABLE, c->table, 8 * (size_t)c->table_len);
}

static bool write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* Reads exactly len bytes; false at EOF or on an error. */
static bool read_all(int fd, void *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    return true;
}

/* Runs one case in this worker and fills its end state. */
static void run_case(const struct ed_case *c, struct ed_state *end)
{
    static struct rv_cpu cpu;
    load_case(c);
    rv_code_invalidate(0, UINT64_MAX);  /* the previous case's translations */
    memset(&cpu, 0, sizeof cpu);
    memcpy(cpu.x, c->init.x, sizeof cpu.x);
    memcpy(cpu.f, c->init.f, sizeof cpu.f);
    cpu.fflags = c->init.fflags;
    cpu.frm = c->init.frm;
    cpu.pc = c->start;
    fault_signo = 0;
    alarm(CASE_SECONDS);
    rv_run(&cpu);
    alarm(0);

    memset(end, 0, sizeof *end);
    memcpy(end->x, cpu.x, sizeof end->x);
    memcpy(end->f, cpu.f, sizeof end->f);
    end->pc = cpu.pc;
    end->fflags = cpu.fflags;
    end->frm = cpu.frm;
    end->signo = fault_signo;
    end->fault_addr = fault_signo ? fault_addr : 0;
    memcpy(end->mem, (const void *)(uintptr_t)ED_DATA, ED_SANDBOX_LEN);
}

static __attribute__((noreturn)) void worker(const char *engine, int in, int out)
{
    static struct ed_case c;
    static struct ed_state end;
    if (!rv_engine_select(engine))
        _exit(2);
    rv_run_init();
    while (read_all(in, &c, sizeof c)) {
        run_case(&c, &end);
        if (!write_all(out, &end, sizeof end))
            _exit(3);
    }
    _exit(0);  /* not exit: no atexit handlers (the sanitizers' leak check) in a child */
}

bool ed_workers_start(struct ed_worker w[2], const char *const engines[2])
{
    signal(SIGPIPE, SIG_IGN);  /* a dead worker shows as EOF, not as the parent's death */
    fflush(NULL);
    for (int i = 0; i < 2; i++) {
        int to[2], from[2];
        if (pipe(to) != 0 || pipe(from) != 0 || (w[i].pid = fork()) < 0) {
            perror("engine_diff: pipe/fork");
            return false;
        }
        if (w[i].pid == 0) {
            close(to[1]);
            close(from[0]);
            if (i == 1) {
                close(w[0].to);
                close(w[0].from);
            }
            worker(engines[i], to[0], from[1]);
        }
        close(to[0]);
        close(from[1]);
        w[i].to = to[1];
        w[i].from = from[0];
    }
    return true;
}

/* Closes a worker's pipes (its cue to exit) and waits for it; its wait status. */
static int stop_worker(struct ed_worker *w)
{
    int status = 0;
    if (w->pid <= 0)
        return 0;
    close(w->to);
    close(w->from);
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    return status;
}

void ed_workers_stop(struct ed_worker w[2])
{
    for (int i = 0; i < 2; i++)
        stop_worker(&w[i]);
}

void ed_run_pair(struct ed_worker w[2], const struct ed_case *c, struct ed_outcome out[2])
{
    /* both workers run at once; a case and an end state each fit in a pipe's buffer */
    bool sent[2];
    for (int i = 0; i < 2; i++)
        sent[i] = w[i].pid > 0 && write_all(w[i].to, c, sizeof *c);
    for (int i = 0; i < 2; i++) {
        out[i].reported = sent[i] && read_all(w[i].from, &out[i].end, sizeof out[i].end);
        out[i].status = out[i].reported ? 0 : stop_worker(&w[i]);
    }
}
