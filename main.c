/*
 * main.c - crossrun's entry point: options, address space, loader, run loop, exit status.
 *
 * Only the sequence lives here; each step is one call into the module that owns it. Exit
 * statuses: 2 for a usage error, 1 when the guest range cannot be reserved or the program
 * cannot be loaded, otherwise the guest's own status (exit(3) keeps its low 8 bits, as the
 * kernel does for the guest's exit_group). A guest killed by a signal takes crossrun with it.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loader/addrspace.h"
#include "loader/loader.h"
#include "options.h"
#include "syscall/process.h"
#include "syscall/procfs.h"
#include "syscall/syscall.h"
#include "translate/cpu.h"
#include "translate/exec.h"

extern char **environ;

/* Handles every outcome of parsing except RV_OPT_RUN; never returns. */
static __attribute__((noreturn)) void finish_without_running(enum rv_opt_action act,
                                                             const char *err)
{
    if (act == RV_OPT_HELP) {
        fputs(rv_usage_text, stdout);
        exit(0);
    }
    if (act == RV_OPT_VERSION) {
        printf("crossrun %s\n", PACKAGE_VERSION);
        exit(0);
    }
    fprintf(stderr, "crossrun: %s\nTry 'crossrun --help'.\n", err);
    exit(2);
}

static __attribute__((noreturn, format(printf, 1, 2))) void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("crossrun: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* The guest's argv: the words from PROGRAM on, with argv[0] replaced when -0 was given. */
static char **guest_argv(int argc, char **argv, const struct rv_options *opt)
{
    int n = argc - opt->prog_index;
    char **g = malloc((size_t)(n + 1) * sizeof *g);
    if (!g)
        fail("out of memory");
    memcpy(g, argv + opt->prog_index, (size_t)(n + 1) * sizeof *g);
    if (opt->argv0)
        g[0] = (char *)opt->argv0;
    return g;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void print_stats(const struct rv_cpu *cpu, double seconds)
{
    double mips = seconds > 0 ? (double)cpu->instret / seconds / 1e6 : 0;
    fprintf(stderr, "crossrun: %llu guest instructions in %.3f s (%.1f MIPS)\n",
            (unsigned long long)cpu->instret, seconds, mips);
}

int main(int argc, char **argv)
{
    struct rv_options opt;
    char err[512];
    enum rv_opt_action act = rv_parse_options(argc, argv, environ, &opt, err, sizeof err);
    if (act != RV_OPT_RUN)
        finish_without_running(act, err);

    const char *path = argv[opt.prog_index];
    char **envp = rv_guest_envp(environ, &opt);
    if (!envp)
        fail("out of memory");

    int r = guest_as_init();
    if (r < 0)
        fail("cannot reserve the guest address space: %s", strerror(-r));

    struct rv_load_options lo = {
        .sysroot = opt.sysroot,
        .no_aslr = opt.no_aslr,
        .argc = argc - opt.prog_index,
        .argv = guest_argv(argc, argv, &opt),
        .envp = envp,
        .execfn = path,
    };
    static struct rv_image image; /* 4 KiB of path: not on the stack */
    if (rv_load_program(path, &lo, &image, err, sizeof err) < 0)
        fail("%s", err);

    rv_proc = (struct rv_process){
        .exe_path = image.exe_path,
        .sysroot = opt.sysroot,
        .strace = opt.strace,
        .auxv_addr = image.auxv,
        .auxv_len = image.auxv_len,
    };
    rv_procfs_init(image.sp, path);

    char **child_opts = rv_child_option_words(&opt); /* what a guest execve passes on */
    if (!child_opts)
        fail("out of memory");
    rv_process_setup(child_opts);

    /* Registers as the kernel leaves them at the ELF entry: sp at argc, a0 = 0 (no rtld_fini
     * for a static program; ld.so ignores it), everything else zero. */
    static struct rv_cpu cpu;
    cpu.pc = image.entry;
    cpu.x[2] = image.sp;
    cpu.x[10] = 0;

    rv_engine_init();
    double start = now_seconds();
    rv_run(&cpu);
    double seconds = now_seconds() - start;

    if (opt.stats)
        print_stats(&cpu, seconds);
    if (cpu.stop != RV_STOP_EXIT) /* rv_run returns only on exit: an engine bug otherwise */
        fail("internal error: the run loop returned without the guest exiting (pc 0x%llx)",
             (unsigned long long)cpu.pc);
    fflush(NULL);
    exit(cpu.exit_status);
}
