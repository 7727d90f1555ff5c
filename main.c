/*
 * main.c - crossrun's entry point: options, address space, loader, run loop, exit status.
 *
 * Only the sequence lives here; each step is one call into the module that owns it. Exit
 * statuses: 2 for a usage error, 1 when the guest range cannot be reserved or the program
 * cannot be loaded, otherwise the guest's own status (exit(3) keeps its low 8 bits, as the
 * kernel does for the guest's exit_group). A guest killed by a signal takes crossrun with it.
 * Started by binfmt_misc, crossrun reads the P and O flags' effects from its own auxv
 * (AT_FLAGS, AT_EXECFD); see binfmt/crossrun-binfmt and crossrun(1).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem/addrspace.h"
#include "loader/loader.h"
#include "cpu_model.h"
#include "options.h"
#include "syscall/exec.h"
#include "syscall/process_info.h"
#include "syscall/procfs.h"
#include "syscall/runner_exe.h"
#include "syscall/runner_fd.h"
#include "syscall/signal/signal.h"
#include "syscall/strace/strace.h"
#include "syscall/syscall.h"
#include "translate/cpu.h"
#include "translate/engines.h"
#include "translate/jit/perfmap.h"
#include "translate/log.h"
#include "run/loop.h"

extern char **environ;

/* Handles every outcome of parsing except RV_OPT_RUN; never returns. */
static __attribute__((noreturn)) void finish_without_running(enum rv_opt_action act,
                                                             const char *err)
{
    if (act == RV_OPT_HELP) {
        fputs(rv_usage_text, stdout);
        for (size_t i = 0; rv_engines[i]; i++)
            printf("  %-22s %s%s\n", rv_engines[i]->name, rv_engines[i]->summary,
                   i == 0 ? " (default)" : "");
        exit(0);
    }
    if (act == RV_OPT_VERSION) {
        printf("crossrun %s\n", PACKAGE_VERSION);
        exit(0);
    }
    if (act == RV_OPT_CPU_HELP) {
        fputs(rv_cpu_model_help, stdout);
        exit(0);
    }
    if (act == RV_OPT_LOG_HELP) {
        puts("Log items for -d ITEMS (comma-separated; the jit engine writes them):");
        for (const struct rv_log_item_row *row = rv_log_item_rows; row->name; row++)
            printf("  %-10s %s\n", row->name, row->help);
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

/* The guest's argv: PROGRAM (or the -0 / preserved argv[0]) then the words from first_arg on. */
static char **guest_argv(int argc, char **argv, const struct rv_options *opt)
{
    int n = argc - opt->first_arg; /* arguments after argv[0] */
    char **g = malloc((size_t)(n + 2) * sizeof *g);
    if (!g)
        fail("out of memory");
    g[0] = opt->argv0 ? (char *)opt->argv0 : argv[opt->prog_index];
    memcpy(g + 1, argv + opt->first_arg, (size_t)(n + 1) * sizeof *g);
    return g;
}

/* binfmt_misc (kernel 5.12+) sets this AT_FLAGS bit in the interpreter's auxv when the entry
 * has the preserve-argv0 flag; <linux/binfmts.h> names it, but only recent headers have it. */
#define RV_AT_FLAGS_PRESERVE_ARGV0 1UL

/* With no -L and no CROSSRUN_LD_PREFIX: "sysroot = DIR" from the config file (CROSSRUN_CONFIG,
 * else RV_DEFAULT_CONFIG; a missing file is no error), else RV_DEFAULT_SYSROOT when it is a
 * directory, else none. The result is stored in opt, so guest execve passes it on as -L. */
static void resolve_default_sysroot(struct rv_options *opt)
{
    static char conf_sysroot[4096];
    static char text[16384];
    if (opt->sysroot_set)
        return;
    const char *conf = getauxval(AT_SECURE) ? NULL : getenv("CROSSRUN_CONFIG");
    if (!conf || !*conf)
        conf = RV_DEFAULT_CONFIG;
    FILE *f = fopen(conf, "re");
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = '\0';
        if (rv_conf_sysroot(text, conf_sysroot, sizeof conf_sysroot)) {
            opt->sysroot = conf_sysroot[0] ? conf_sysroot : NULL;
            opt->sysroot_set = true;
            return;
        }
    }
    struct stat st;
    if (stat(RV_DEFAULT_SYSROOT, &st) == 0 && S_ISDIR(st.st_mode))
        opt->sysroot = RV_DEFAULT_SYSROOT;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --stats: a copy of stderr made before the guest runs, kept as the runner's (runner_fd.h), so
 * the figures still reach the terminal when the guest closed its stderr (xz does at exit). */
static int stats_fd_handle = -1;
static int stats_fd = 2;

static void keep_stats_fd(void)
{
    int fd = fcntl(2, F_DUPFD_CLOEXEC, 3);
    if (fd < 0)
        return;
    stats_fd = rv_runner_fd_move_high(fd);
    stats_fd_handle = rv_runner_fd_keep(stats_fd);
}

static void print_stats(const struct rv_cpu *cpu, double seconds)
{
    int fd = rv_runner_fd(stats_fd_handle, stats_fd);
    if (fd < 0)
        return;
    double mips = seconds > 0 ? (double)cpu->instret / seconds / 1e6 : 0;
    dprintf(fd, "crossrun: engine %s\n", rv_engine->name);
    dprintf(fd, "crossrun: %llu guest instructions in %.3f s (%.1f MIPS)\n",
            (unsigned long long)cpu->instret, seconds, mips);
    const char *names[32];
    uint64_t values[32];
    int n = rv_engine->stats(names, values, 32);
    for (int i = 0; i < n; i++)
        dprintf(fd, "crossrun: %s: %llu\n", names[i], (unsigned long long)values[i]);
}

/* "interp, interp-nochain": the names --engine accepts, for its error message. */
static const char *engine_names(void)
{
    static char buf[256];
    size_t len = 0;
    for (size_t i = 0; rv_engines[i] && len < sizeof buf; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "",
                                rv_engines[i]->name);
    return buf;
}

/* Reads the options from the command line (or binfmt_misc's words) and the CROSSRUN_*
 * environment and selects the engine; exits for anything but a run with a known engine. */
static void parse_command_line(int argc, char **argv, struct rv_options *opt)
{
    char err[512];
    /* Started by binfmt_misc with preserve-argv0: the words after our own are the program's. */
    bool binfmt_p = (getauxval(AT_FLAGS) & RV_AT_FLAGS_PRESERVE_ARGV0) != 0;
    /* AT_SECURE: started with changed credentials (a setuid guest under binfmt_misc's C flag):
     * the caller's CROSSRUN_* settings must not choose what that program loads. */
    char **settings = getauxval(AT_SECURE) ? NULL : environ;
    enum rv_opt_action act = binfmt_p ? rv_parse_binfmt(argc, argv, settings, opt, err, sizeof err)
                                      : rv_parse_options(argc, argv, settings, opt, err, sizeof err);
    if (act != RV_OPT_RUN)
        finish_without_running(act, err);
    if (!rv_engine_select(opt->engine)) {
        snprintf(err, sizeof err, "unknown engine '%s' (engines: %s)", opt->engine, engine_names());
        finish_without_running(RV_OPT_ERROR, err);
    }
}

/* The runner_fd handle of the -D file: the guest's close, close_range and dup3 leave it alone
 * (dup3 onto its number moves it, hence the lookup at each write). */
static int log_fd_handle = -1;

static int log_fd_now(int fd)
{
    return rv_runner_fd(log_fd_handle, fd);
}

/* Opens the debug log (-d, -D) and sets what it shows; exits when the file cannot be opened.
 * A relative FILE is made absolute first, as a relative -L is (syscall/exec.c): a runner that
 * a guest execve starts after a chdir must open the same file. */
static void set_up_log(struct rv_options *opt)
{
    static char abs_path[PATH_MAX];
    char cwd[PATH_MAX];
    if (opt->log_file && opt->log_file[0] != '/' && getcwd(cwd, sizeof cwd) &&
        snprintf(abs_path, sizeof abs_path, "%s/%s", cwd, opt->log_file) < (int)sizeof abs_path)
        opt->log_file = abs_path;
    int r = rv_log_open(opt->log_file, opt->log_continued);
    if (r < 0)
        fail("cannot open the log file '%s': %s", opt->log_file, strerror(-r));
    if (opt->log_file) {
        log_fd_handle = rv_runner_fd_keep(rv_log.fd);
        rv_log.fd_now = log_fd_now;
    }
    rv_log.items = opt->log_mask;
    /* the interpreters log nothing: say so once, not in every runner a guest execve starts */
    if ((opt->log_mask & RV_LOG_JIT_ONLY) && strcmp(rv_engine->name, "jit") != 0 &&
        !opt->log_continued)
        fprintf(stderr, "crossrun: note: -d %s applies to the jit engine only (engine %s logs "
                "nothing)\n", opt->log_items, rv_engine->name);
}

/* --perfmap: the translator writes /tmp/perf-PID.map. Other engines run no per-block host code
 * to name: one note, and the option is not passed on to the runners a guest execve starts. */
static void set_up_perfmap(struct rv_options *opt)
{
    if (!opt->perfmap)
        return;
    if (strcmp(rv_engine->name, "jit") == 0) {
        rv_perfmap_enable();
        return;
    }
    fprintf(stderr, "crossrun: note: --perfmap applies to the jit engine only (engine %s runs "
            "no per-block host code)\n", rv_engine->name);
    opt->perfmap = false;
}

/* Reserves the guest address space and loads the program (its interpreter too) and its initial
 * stack into it; exits when either fails. */
static void load_guest(int argc, char **argv, const struct rv_options *opt,
                       struct rv_image *image)
{
    char err[512];
    /* binfmt_misc's open-binary flag: the kernel opened the program for us (it may not be
     * readable by the caller) and passes it as AT_EXECFD; getauxval says "absent" by ENOENT. */
    errno = 0;
    unsigned long exec_fd = getauxval(AT_EXECFD);
    bool use_exec_fd = errno == 0;

    const char *path = argv[opt->prog_index];
    char **envp = rv_guest_envp(environ, opt);
    if (!envp)
        fail("out of memory");

    int r = guest_as_init();
    if (r < 0)
        fail("cannot reserve the guest address space: %s", strerror(-r));

    struct rv_load_options lo = {
        .sysroot = opt->sysroot,
        .no_aslr = opt->no_aslr,
        .argc = 1 + argc - opt->first_arg,
        .argv = guest_argv(argc, argv, opt),
        .envp = envp,
        .execfn = path,
        .use_exec_fd = use_exec_fd,
        .exec_fd = (int)exec_fd,
    };
    if (rv_load_program(path, &lo, image, err, sizeof err) < 0)
        fail("%s", err);
}

/* Tells the syscall layer about this process: rv_proc, /proc/self, strace, and the option
 * words a guest execve passes on to the next crossrun. */
static void set_up_process(const struct rv_options *opt, const struct rv_image *image,
                           const char *path)
{
    rv_proc = (struct rv_process){
        .exe_path = image->exe_path,
        .sysroot = opt->sysroot,
        .strace = opt->strace,
        .auxv_addr = image->auxv,
        .auxv_len = image->auxv_len,
    };
    rv_procfs_init(image->sp, path);
    if (opt->strace_forked)
        rv_strace_mark_forked();

    char **child_opts = rv_child_option_words(opt);
    if (!child_opts)
        fail("out of memory");
    rv_exec_setup(child_opts);
}

/* Runs the guest from its ELF entry until it exits, then exits with its status. */
static __attribute__((noreturn)) void run_guest(const struct rv_image *image, bool stats)
{
    /* Registers as the kernel leaves them at the ELF entry: sp at argc, a0 = 0 (no rtld_fini
     * for a static program; ld.so ignores it), everything else zero. */
    static struct rv_cpu cpu;
    cpu.pc = image->entry;
    cpu.x[2] = image->sp;
    cpu.x[10] = 0;

    rv_run_init();
    rv_sig_host_init();
    rv_sig_map_trampoline();
    double start = now_seconds();
    rv_run(&cpu);
    double seconds = now_seconds() - start;

    if (stats)
        print_stats(&cpu, seconds);
    if (cpu.stop != RV_STOP_EXIT) /* rv_run returns only on exit: an engine bug otherwise */
        fail("internal error: the run loop returned without the guest exiting (pc 0x%llx)",
             (unsigned long long)cpu.pc);
    fflush(NULL);
    exit(cpu.exit_status);
}

#ifdef __SANITIZE_ADDRESS__
/* The sanitizer build (--enable-sanitizers): ASan takes SIGFPE for itself by default and
 * reports a guest's kill(pid, SIGFPE) as a crash of the runner, where the guest must die by
 * SIGFPE (or run its handler). SIGSEGV and SIGBUS are the runner's own handlers' already. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "handle_sigfpe=0";
}
#endif

/* binfmt_misc started crossrun: with the preserve-argv0 flag (AT_FLAGS) or the open-binary
 * flag (AT_EXECFD); without either, nothing in the auxv tells. */
static bool started_by_binfmt(void)
{
    errno = 0;
    (void)getauxval(AT_EXECFD);
    return errno == 0 || (getauxval(AT_FLAGS) & RV_AT_FLAGS_PRESERVE_ARGV0) != 0;
}

int main(int argc, char **argv)
{
    struct rv_options opt;
    parse_command_line(argc, argv, &opt);
    rv_runner_exe_init(opt.runner_fd, started_by_binfmt());
    set_up_perfmap(&opt);
    resolve_default_sysroot(&opt);
    set_up_log(&opt);

    static struct rv_image image; /* 4 KiB of path: not on the stack */
    load_guest(argc, argv, &opt, &image);
    set_up_process(&opt, &image, argv[opt.prog_index]);
    rv_engine_stats_wanted = opt.stats;
    if (opt.stats)
        keep_stats_fd();
    run_guest(&image, opt.stats);
}
