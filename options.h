/*
 * options.h - crossrun's command line and environment settings.
 *
 * The parser is a pure function of argv and an environment array: it fills a struct and, on a
 * usage error, one line of text; it never prints and never exits, so tests/unit/test_options.c
 * can drive it directly and main.c alone decides what to print and which status to return.
 * Options follow qemu-user where the two overlap (-L, -E, -U, -0, -strace, -h, -version): a
 * long option may be written with one dash or two, as qemu accepts, and options stop at the
 * first word that is not one (the guest program), or after "--".
 */
#ifndef CROSSRUN_OPTIONS_H
#define CROSSRUN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* The config file (Makefile.am passes $(sysconfdir)/crossrun.conf; a build without it, such as
 * the unit test, uses the usual path) and the sysroot used when nothing names one: Debian's and
 * Ubuntu's riscv64 cross libc (libc6-riscv64-cross). */
#ifndef RV_DEFAULT_CONFIG
#define RV_DEFAULT_CONFIG "/etc/crossrun.conf"
#endif
#define RV_DEFAULT_SYSROOT "/usr/riscv64-linux-gnu"

/* What main.c should do after parsing. */
enum rv_opt_action {
    RV_OPT_RUN,        /* run argv[prog_index] */
    RV_OPT_HELP,       /* print the help text, exit 0 */
    RV_OPT_VERSION,    /* print the version line, exit 0 */
    RV_OPT_ERROR,      /* print err and the --help hint, exit 2 */
    RV_OPT_LOG_HELP,   /* -d help: list the log items (rv_log_item_rows), exit 0 */
    RV_OPT_CPU_HELP,   /* -cpu help: list the CPU models (rv_cpu_model_help), exit 0 */
};

/* One -E or -U, kept in command-line order because a later one overrides an earlier one. */
struct rv_env_edit {
    bool unset;        /* -U VAR (true) or -E VAR=VALUE (false) */
    const char *arg;   /* "VAR" or "VAR=VALUE", pointing into argv */
};

struct rv_options {
    const char *sysroot;          /* -L DIR / --sysroot DIR / CROSSRUN_LD_PREFIX, or NULL */
    bool sysroot_set;             /* one of those was given, even empty ("no sysroot"): the
                                   * config file and the default directory are then not used */
    const char *argv0;            /* -0 ARGV0, or NULL: the program path as given */
    bool strace;                  /* --strace / CROSSRUN_STRACE */
    bool strace_forked;           /* --strace-forked: internal, added by the runner when a
                                   * traced task other than the first one execs, so that
                                   * the new program's lines keep strace -f's "[pid N] " */
    bool no_aslr;                 /* -R / --no-aslr / CROSSRUN_NO_ASLR */
    bool stats;                   /* --stats */
    bool perfmap;                 /* --perfmap / CROSSRUN_PERFMAP (jit engine only: main.c
                                   * clears it under another engine, not passing it on) */
    const char *engine;           /* --engine NAME / CROSSRUN_ENGINE, or NULL: the default
                                   * (not checked here: main.c looks it up) */
    const char *log_items;        /* -d ITEMS / CROSSRUN_LOG as given (checked), or NULL */
    unsigned log_mask;            /* its RV_LOG_* bits (translate/log.h) */
    const char *log_file;         /* -D FILE / CROSSRUN_LOG_FILE ("%d": the pid), or NULL:
                                   * standard error */
    bool log_continued;           /* --log-continued: internal, added by the runner to the
                                   * runner a guest execve starts, which then appends to the
                                   * log file instead of emptying it, and does not repeat
                                   * main.c's note about items its engine ignores */
    int runner_fd;                /* --runner-fd N: internal, added by the runner to the
                                   * runner a guest execve starts: crossrun's own file, open
                                   * on N (syscall/runner_exe.h); -1 when not given */
    struct rv_env_edit *env_edits;/* malloc'd; rv_options_free releases it */
    size_t n_env_edits;
    int prog_index;               /* argv index of the guest program (RV_OPT_RUN only) */
    int first_arg;                /* argv index of the guest's argv[1] (prog_index + 1, or
                                   * prog_index + 2 under binfmt_misc's preserve-argv0) */
};

/* Parses argv (argv[0] is crossrun itself) and the settings in env (a NULL-terminated
 * "NAME=VALUE" array such as environ; may be NULL). Command-line options win over the
 * environment. On RV_OPT_ERROR, err holds one line without prefix or newline, e.g.
 * "unknown option '-x'". Always call rv_options_free afterwards. */
enum rv_opt_action rv_parse_options(int argc, char **argv, char **env, struct rv_options *out,
                                    char *err, size_t errlen);

/* The same when binfmt_misc started crossrun with the preserve-argv0 flag (main.c sees
 * AT_FLAGS_PRESERVE_ARGV0 in its auxv): argv is then CROSSRUN-PATH, the program's full path,
 * the guest's own argv[0], its arguments. Nothing is parsed as an option (the words are the
 * guest's); the CROSSRUN_* settings still apply. Fails only without a program path. */
enum rv_opt_action rv_parse_binfmt(int argc, char **argv, char **env, struct rv_options *out,
                                   char *err, size_t errlen);

void rv_options_free(struct rv_options *opt);

/* The sysroot named by a crossrun.conf text: lines "sysroot = DIR" (blanks around '=' and at
 * the ends optional), '#' comments and blank lines; the last sysroot line wins, other keys are
 * ignored (reserved). Copies DIR into buf (size cap) and returns buf, or NULL when the text has
 * no sysroot line or DIR does not fit. */
const char *rv_conf_sysroot(const char *text, char *buf, size_t cap);

/* Builds the guest environment: every entry of host_env in order, with the -E and -U edits
 * applied in command-line order (-E replaces every existing VAR= entry in place of the first
 * one, or appends; -U removes every VAR= entry). Nothing else is stripped: the guest sees
 * CROSSRUN_* settings too, as qemu's guests see QEMU_*. Returns a malloc'd NULL-terminated
 * array whose strings point into host_env and argv (free only the array), or NULL when out of
 * memory. */
char **rv_guest_envp(char **host_env, const struct rv_options *opt);

/* The options a crossrun started by a guest execve must repeat so that the new program runs
 * with the same settings: -L DIR (-L "" when the sysroot was explicitly turned off, so that
 * the child does not fall back to the default one), --strace, -R, --engine NAME, -d ITEMS and
 * -D FILE (also when they came from CROSSRUN_LOG*, and -d "" when turned off, so that the
 * environment the guest passes on cannot turn them back on) with --log-continued (not -E/-U,
 * already applied to the environment the guest passes on, nor -0 or --stats, which are per
 * program), and --perfmap. Returns a malloc'd
 * NULL-terminated array whose strings point into opt (free only the array), or NULL when out of
 * memory. */
char **rv_child_option_words(const struct rv_options *opt);

/* The items -d accepts, for -d help: name, RV_LOG_* bit, one line of help; ended by a row
 * whose name is NULL. */
struct rv_log_item_row {
    const char *name;
    unsigned bit;
    const char *help;
};
extern const struct rv_log_item_row rv_log_item_rows[];

/* The text of --help, for stdout; it ends with "Engines:\n", which main.c follows with one
 * line per engine from the engine table. */
extern const char rv_usage_text[];

#endif
