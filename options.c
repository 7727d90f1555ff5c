/*
 * options.c - parsing crossrun's command line and CROSSRUN_* environment settings, and building
 * the guest environment from -E/-U.
 *
 * Pure functions: no printing, no exit, no global state, so the unit test can check every
 * error message and main.c stays a list of steps. The option table keeps each option's
 * spellings in one row; qemu-user's one-dash long forms (-strace, -version) are accepted
 * because scripts written for qemu use them.
 */
#include "options.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_model.h"
#include "translate/log.h"

const char rv_usage_text[] =
    "Usage: crossrun [options] PROGRAM [ARGS...]\n"
    "Run a Linux riscv64 (rv64gc) program on this x86-64 Linux host.\n"
    "\n"
    "Options (a long option may be written with one dash or two, as in qemu-user):\n"
    "  -L DIR, --sysroot DIR   look up the ELF interpreter and absolute guest paths in DIR\n"
    "                          first (e.g. -L /usr/riscv64-linux-gnu)\n"
    "  -E VAR=VALUE            set VAR in the guest environment (repeatable)\n"
    "  -U VAR                  remove VAR from the guest environment (repeatable)\n"
    "  -0 ARGV0, --argv0 ARGV0 pass ARGV0 as the guest's argv[0] instead of PROGRAM\n"
    "  --strace                log every guest system call to stderr\n"
    "  -R, --no-aslr           load the program, interpreter, stack and mmaps at fixed bases\n"
    "  --engine NAME           run guest code with engine NAME (listed below)\n"
    "  --stats                 at exit, print the engine, guest instructions, wall time, MIPS\n"
    "                          and the engine's counters to stderr\n"
    "  --perfmap               jit engine: write /tmp/perf-PID.map naming each translation\n"
    "                          after its guest function, for perf report\n"
    "  -d ITEMS                debug log of the jit engine, ITEMS comma-separated: in_asm,\n"
    "                          out_asm, exec, nochain (-d help describes them)\n"
    "  -D FILE                 write the debug log to FILE (emptied first; %d in FILE: the\n"
    "                          process id) instead of stderr\n"
    "  -cpu MODEL[,EXT=on...]  qemu's CPU choice, checked: rv64 (any, max) with the\n"
    "                          extensions crossrun implements (-cpu help lists them)\n"
    "  -h, --help              print this help and exit\n"
    "  --version               print the version and exit\n"
    "  --                      end of options: the next word is the program\n"
    "\n"
    "Environment (the command line wins over these):\n"
    "  CROSSRUN_LD_PREFIX=DIR  as -L DIR\n"
    "  QEMU_LD_PREFIX=DIR      as -L DIR when CROSSRUN_LD_PREFIX is not set (qemu's name)\n"
    "  QEMU_CPU=MODEL          as -cpu MODEL\n"
    "  CROSSRUN_CONFIG=FILE    read FILE instead of " RV_DEFAULT_CONFIG "\n"
    "  CROSSRUN_STRACE=1       as --strace\n"
    "  CROSSRUN_NO_ASLR=1      as --no-aslr\n"
    "  CROSSRUN_ENGINE=NAME    as --engine NAME\n"
    "  CROSSRUN_PERFMAP=1      as --perfmap\n"
    "  CROSSRUN_LOG=ITEMS      as -d ITEMS\n"
    "  CROSSRUN_LOG_FILE=FILE  as -D FILE\n"
    "  CROSSRUN_JIT_HOT=N      jit engine: translate a block on its Nth run (default 8; 1: at\n"
    "                          once), interpreting it before\n"
    "  CROSSRUN_JIT_FMA=0      jit engine: no FMA3 even where the host has it (fused\n"
    "                          multiply-adds through the exact functions; 1: the default)\n"
    "  CROSSRUN_JIT_WX=1       jit engine: translated code in two views, never writable and\n"
    "                          executable at once (the default where the kernel refuses that)\n"
    "  CROSSRUN_JIT_LIBC=0     jit engine: glibc's strlen, memcpy, memmove, memset, strchr,\n"
    "                          strcmp, memchr and memcmp run as translated guest code, not\n"
    "                          as the host's own (1: the default)\n"
    "  CROSSRUN_JIT_SIDE_EXITS=0  jit engine: a block ends at every jump and every branch\n"
    "                          it does not jump over (1, the default: it goes on past a\n"
    "                          forward jump, and past a forward branch its first runs never\n"
    "                          took, which becomes a side exit)\n"
    "  CROSSRUN_JIT_LOOP_POOL=0  jit engine: a loop of one block keeps the guest registers\n"
    "                          pinned to host registers (1, the default: a loop naming more\n"
    "                          registers than fit borrows those of pinned ones it does not)\n"
    "  (a flag variable counts when it is set, non-empty and not \"0\")\n"
    "\n"
    "Sysroot: -L, else CROSSRUN_LD_PREFIX, else QEMU_LD_PREFIX, else \"sysroot = DIR\" in the\n"
    "config file, else"
    " " RV_DEFAULT_SYSROOT " when it exists (-L '' means none). See crossrun(1).\n"
    "\n"
    "Exit status: the guest's exit status; 1 when the program cannot be loaded or the guest\n"
    "address space cannot be reserved; 2 for a usage error. A guest killed by a signal kills\n"
    "crossrun with the same signal.\n"
    "\n"
    "Engines:\n";

enum rv_opt_id {
    OPT_SYSROOT, OPT_SETENV, OPT_UNSETENV, OPT_ARGV0, OPT_STRACE, OPT_NO_ASLR, OPT_STATS,
    OPT_PERFMAP, OPT_HELP, OPT_VERSION, OPT_STRACE_FORKED, OPT_ENGINE, OPT_LOG_ITEMS, OPT_LOG_FILE,
    OPT_LOG_CONTINUED, OPT_CPU, OPT_GDB, OPT_RUNNER_FD,
};

struct rv_opt_row {
    const char *name;     /* spelling without the leading dashes */
    enum rv_opt_id id;
    bool takes_arg;
};

static const struct rv_opt_row opt_table[] = {
    { "L",        OPT_SYSROOT,  true },
    { "sysroot",  OPT_SYSROOT,  true },
    { "E",        OPT_SETENV,   true },
    { "U",        OPT_UNSETENV, true },
    { "0",        OPT_ARGV0,    true },
    { "argv0",    OPT_ARGV0,    true },
    { "strace",   OPT_STRACE,   false },
    /* not in --help: passed by a traced runner to the runner it execs (options.h) */
    { "strace-forked", OPT_STRACE_FORKED, false },
    { "R",        OPT_NO_ASLR,  false },
    { "no-aslr",  OPT_NO_ASLR,  false },
    { "stats",    OPT_STATS,    false },
    { "perfmap",  OPT_PERFMAP,  false },
    { "engine",   OPT_ENGINE,   true },
    { "d",        OPT_LOG_ITEMS, true },
    { "D",        OPT_LOG_FILE, true },
    /* not in --help: passed by a runner to the runner a guest execve starts (options.h) */
    { "log-continued", OPT_LOG_CONTINUED, false },
    /* not in --help: the runner's own file, passed by a runner to the runner it execs */
    { "runner-fd", OPT_RUNNER_FD, true },
    { "cpu",      OPT_CPU,      true },
    { "g",        OPT_GDB,      true },
    { "h",        OPT_HELP,     false },
    { "help",     OPT_HELP,     false },
    { "version",  OPT_VERSION,  false },
};

/* qemu's -d names for what they share (qemu's help lines, adapted). */
const struct rv_log_item_row rv_log_item_rows[] = {
    { "in_asm", RV_LOG_IN_ASM, "show the guest instructions of each block as it is translated" },
    { "out_asm", RV_LOG_OUT_ASM, "show the host (x86-64) code each block was translated into" },
    { "exec", RV_LOG_EXEC,
      "show each translated block the dispatcher runs (chained blocks run without it)" },
    { "nochain", RV_LOG_NOCHAIN,
      "do not chain translated blocks nor fill the jump table: every block goes through\n"
      "             the dispatcher, so exec shows them all" },
    { NULL, 0, NULL },
};

/* Reads a -d / CROSSRUN_LOG list ("in_asm,exec"; empty words are skipped, so "" means none)
 * into *mask. "help" anywhere asks for the list; an unknown word is a usage error. */
static enum rv_opt_action parse_log_items(const char *list, unsigned *mask, char *err,
                                          size_t errlen)
{
    *mask = 0;
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        const struct rv_log_item_row *row = rv_log_item_rows;
        while (row->name && (strlen(row->name) != len || strncmp(row->name, p, len) != 0))
            row++;
        if (len == 4 && strncmp(p, "help", 4) == 0)
            return RV_OPT_LOG_HELP;
        if (len && !row->name) {
            int n = snprintf(err, errlen, "unknown log item '%.*s' (items:", (int)len, p);
            for (row = rv_log_item_rows; row->name && n >= 0 && (size_t)n < errlen; row++)
                n += snprintf(err + n, errlen - (size_t)n, " %s%s", row->name,
                              row[1].name ? "," : ")");
            return RV_OPT_ERROR;
        }
        *mask |= row->bit;  /* 0 for an empty word */
        p += len + (p[len] == ',');
    }
    return RV_OPT_RUN;
}

/* Value of NAME in a "NAME=VALUE" array, or NULL. */
static const char *env_lookup(char **env, const char *name)
{
    size_t n = strlen(name);
    for (char **e = env; e && *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

static bool env_flag(char **env, const char *name)
{
    const char *v = env_lookup(env, name);
    return v && *v && strcmp(v, "0") != 0;
}

/* Finds the row for `name` (the first `len` bytes of it). */
static const struct rv_opt_row *opt_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof opt_table / sizeof opt_table[0]; i++)
        if (strlen(opt_table[i].name) == len && strncmp(opt_table[i].name, name, len) == 0)
            return &opt_table[i];
    return NULL;
}

/* Checks the argument of -E (VAR=VALUE, VAR non-empty) or -U (VAR, no '='). */
static bool env_arg_ok(bool unset, const char *arg)
{
    const char *eq = strchr(arg, '=');
    return unset ? (*arg && !eq) : (eq && eq != arg);
}

/* Applies one option. Returns RV_OPT_RUN to go on parsing, or the action that ends parsing. */
static enum rv_opt_action opt_apply(const struct rv_opt_row *row, const char *spelled,
                                    const char *val, struct rv_options *out, char *err,
                                    size_t errlen)
{
    switch (row->id) {
    case OPT_SYSROOT:
        out->sysroot = *val ? val : NULL;
        out->sysroot_set = true;
        break;
    case OPT_SETENV:
    case OPT_UNSETENV: {
        bool unset = row->id == OPT_UNSETENV;
        if (!env_arg_ok(unset, val)) {
            snprintf(err, errlen, "option '%s' expects %s, not '%s'", spelled,
                     unset ? "VAR" : "VAR=VALUE", val);
            return RV_OPT_ERROR;
        }
        out->env_edits[out->n_env_edits++] = (struct rv_env_edit){ .unset = unset, .arg = val };
        break;
    }
    case OPT_ARGV0:
        out->argv0 = val;
        break;
    case OPT_STRACE:
        out->strace = true;
        break;
    case OPT_NO_ASLR:
        out->no_aslr = true;
        break;
    case OPT_STATS:
        out->stats = true;
        break;
    case OPT_PERFMAP:
        out->perfmap = true;
        break;
    case OPT_ENGINE:
        out->engine = val;  /* main.c checks the name against the engine table */
        break;
    case OPT_LOG_ITEMS:
        out->log_items = val;
        return parse_log_items(val, &out->log_mask, err, errlen);
    case OPT_LOG_FILE:
        out->log_file = val;
        break;
    case OPT_LOG_CONTINUED:
        out->log_continued = true;
        break;
    case OPT_CPU:
        if (strcmp(val, "help") == 0)
            return RV_OPT_CPU_HELP;
        if (!rv_cpu_model_check(val, err, errlen))
            return RV_OPT_ERROR;
        break;
    case OPT_GDB:
        snprintf(err, errlen, "%s: crossrun has no gdb stub yet (debug the guest through its "
                 "core file, gdb-multiarch PROG core, or --strace)", spelled);
        return RV_OPT_ERROR;
    case OPT_HELP:
        return RV_OPT_HELP;
    case OPT_VERSION:
        return RV_OPT_VERSION;
    case OPT_STRACE_FORKED:
        out->strace = true;
        out->strace_forked = true;
        break;
    case OPT_RUNNER_FD: {
        char *end;
        long fd = strtol(val, &end, 10);
        if (*val < '0' || *val > '9' || *end || fd > INT_MAX) {
            snprintf(err, errlen, "option '%s' expects a descriptor number, not '%s'", spelled,
                     val);
            return RV_OPT_ERROR;
        }
        out->runner_fd = (int)fd;
        break;
    }
    }
    return RV_OPT_RUN;
}

/* The CROSSRUN_* settings, before the command line overrides them. */
static void env_settings(char **env, struct rv_options *out)
{
    out->sysroot = env_lookup(env, "CROSSRUN_LD_PREFIX");
    if (!out->sysroot)  /* what a setup written for qemu-riscv64 exports */
        out->sysroot = env_lookup(env, "QEMU_LD_PREFIX");
    out->sysroot_set = out->sysroot != NULL;
    if (out->sysroot && !*out->sysroot)
        out->sysroot = NULL;
    out->strace = env_flag(env, "CROSSRUN_STRACE");
    out->no_aslr = env_flag(env, "CROSSRUN_NO_ASLR");
    out->perfmap = env_flag(env, "CROSSRUN_PERFMAP");
    out->engine = env_lookup(env, "CROSSRUN_ENGINE");
    if (out->engine && !*out->engine)
        out->engine = NULL;
    out->log_items = env_lookup(env, "CROSSRUN_LOG");
    out->log_file = env_lookup(env, "CROSSRUN_LOG_FILE");
    if (out->log_file && !*out->log_file)
        out->log_file = NULL;
}

/* The settings read elsewhere (the jit engine's own, translate/jit) or meaning nothing here but
 * a promise (qemu's QEMU_CPU, QEMU_GDB): checked here, so that a mistyped or unkeepable value
 * is a usage error instead of a silent default. */
static enum rv_opt_action check_env(char **env, char *err, size_t errlen)
{
    const char *cpu = env_lookup(env, "QEMU_CPU");
    if (cpu && *cpu && !rv_cpu_model_check(cpu, err, errlen))
        return RV_OPT_ERROR;
    const char *gdb = env_lookup(env, "QEMU_GDB");
    if (gdb && *gdb) {
        snprintf(err, errlen, "QEMU_GDB: crossrun has no gdb stub yet (debug the guest through "
                 "its core file, gdb-multiarch PROG core, or --strace)");
        return RV_OPT_ERROR;
    }
    const char *hot = env_lookup(env, "CROSSRUN_JIT_HOT");
    if (hot && *hot) {
        char *end;
        unsigned long n = strtoul(hot, &end, 10);
        if (*hot < '0' || *hot > '9' || *end || n == 0 || n > 1000000) {
            snprintf(err, errlen, "CROSSRUN_JIT_HOT: '%s' is not a run count from 1 to 1000000",
                     hot);
            return RV_OPT_ERROR;
        }
    }
    static const char *const bits[] = { "CROSSRUN_JIT_FMA", "CROSSRUN_JIT_WX",
                                        "CROSSRUN_JIT_LIBC", "CROSSRUN_JIT_SIDE_EXITS",
                                        "CROSSRUN_JIT_LOOP_POOL" };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        const char *v = env_lookup(env, bits[i]);
        if (v && *v && strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
            snprintf(err, errlen, "%s: '%s' is neither 0 nor 1", bits[i], v);
            return RV_OPT_ERROR;
        }
    }
    return RV_OPT_RUN;
}

enum rv_opt_action rv_parse_binfmt(int argc, char **argv, char **env, struct rv_options *out,
                                   char *err, size_t errlen)
{
    *out = (struct rv_options){ .runner_fd = -1 };
    if (errlen)
        err[0] = '\0';
    env_settings(env, out);
    enum rv_opt_action act = parse_log_items(out->log_items, &out->log_mask, err, errlen);
    if (act == RV_OPT_RUN)
        act = check_env(env, err, errlen);
    if (act != RV_OPT_RUN)
        return act;
    if (argc < 2) {
        snprintf(err, errlen, "started by binfmt_misc without a program path");
        return RV_OPT_ERROR;
    }
    out->prog_index = 1;
    /* A program exec'd with an empty argv has no argv[0] to preserve: the path stands in. */
    out->argv0 = argc >= 3 ? argv[2] : NULL;
    out->first_arg = argc >= 3 ? 3 : 2;
    return RV_OPT_RUN;
}

enum rv_opt_action rv_parse_options(int argc, char **argv, char **env, struct rv_options *out,
                                    char *err, size_t errlen)
{
    *out = (struct rv_options){ .runner_fd = -1 };
    if (errlen)
        err[0] = '\0';

    env_settings(env, out);
    if (check_env(env, err, errlen) != RV_OPT_RUN)
        return RV_OPT_ERROR;

    /* At most one edit per remaining word: an upper bound that needs no reallocation. */
    out->env_edits = calloc(argc > 0 ? (size_t)argc : 1, sizeof *out->env_edits);
    if (!out->env_edits) {
        snprintf(err, errlen, "out of memory");
        return RV_OPT_ERROR;
    }

    int i = 1;
    while (i < argc) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0')
            break; /* the guest program: options stop here */

        bool two_dashes = arg[1] == '-';
        const char *name = arg + (two_dashes ? 2 : 1);
        /* "--name=value" is the only attached form; "-E" arguments may contain '=' freely. */
        const char *eq = two_dashes ? strchr(name, '=') : NULL;
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct rv_opt_row *row = opt_find(name, len);
        if (!row) {
            snprintf(err, errlen, "unknown option '%.*s'", (int)(name - arg + len), arg);
            return RV_OPT_ERROR;
        }
        const char *val = NULL;
        if (row->takes_arg) {
            if (eq) {
                val = eq + 1;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                snprintf(err, errlen, "option '%s' needs an argument", arg);
                return RV_OPT_ERROR;
            }
        } else if (eq) {
            snprintf(err, errlen, "option '%.*s' takes no argument", (int)(eq - arg), arg);
            return RV_OPT_ERROR;
        }
        enum rv_opt_action act = opt_apply(row, arg, val, out, err, errlen);
        if (act != RV_OPT_RUN)
            return act;
        i++;
    }

    /* CROSSRUN_LOG, when no -d replaced it, is checked here (a -d was, as it came) */
    enum rv_opt_action act = parse_log_items(out->log_items, &out->log_mask, err, errlen);
    if (act != RV_OPT_RUN)
        return act;
    if (i >= argc) {
        snprintf(err, errlen, "no program given");
        return RV_OPT_ERROR;
    }
    out->prog_index = i;
    out->first_arg = i + 1;
    return RV_OPT_RUN;
}

void rv_options_free(struct rv_options *opt)
{
    free(opt->env_edits);
    opt->env_edits = NULL;
    opt->n_env_edits = 0;
}

/* Length of the VAR part of "VAR=VALUE" (or of all of "VAR"). */
static size_t var_len(const char *s)
{
    const char *eq = strchr(s, '=');
    return eq ? (size_t)(eq - s) : strlen(s);
}

static bool same_var(const char *entry, const char *var, size_t n)
{
    return strncmp(entry, var, n) == 0 && entry[n] == '=';
}

char **rv_guest_envp(char **host_env, const struct rv_options *opt)
{
    size_t n = 0;
    for (char **e = host_env; e && *e; e++)
        n++;
    char **out = malloc((n + opt->n_env_edits + 1) * sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = host_env[i];

    for (size_t k = 0; k < opt->n_env_edits; k++) {
        const struct rv_env_edit *ed = &opt->env_edits[k];
        size_t vl = var_len(ed->arg);
        bool placed = false;
        size_t w = 0;
        for (size_t r = 0; r < n; r++) {
            if (!same_var(out[r], ed->arg, vl)) {
                out[w++] = out[r];
            } else if (!ed->unset && !placed) {
                out[w++] = (char *)ed->arg; /* replaces the first VAR= in place */
                placed = true;
            }
        }
        n = w;
        if (!ed->unset && !placed)
            out[n++] = (char *)ed->arg;
    }
    out[n] = NULL;
    return out;
}

char **rv_child_option_words(const struct rv_options *opt)
{
    char **w = malloc(13 * sizeof *w);
    if (!w)
        return NULL;
    size_t n = 0;
    if (opt->sysroot || opt->sysroot_set) {
        w[n++] = "-L";
        w[n++] = opt->sysroot ? (char *)opt->sysroot : "";
    }
    if (opt->strace)
        w[n++] = "--strace";
    if (opt->no_aslr)
        w[n++] = "-R";
    if (opt->perfmap)
        w[n++] = "--perfmap";
    if (opt->engine) {
        w[n++] = "--engine";
        w[n++] = (char *)opt->engine;
    }
    if (opt->log_items) {
        w[n++] = "-d";
        w[n++] = (char *)opt->log_items;
    }
    if (opt->log_file) {
        w[n++] = "-D";
        w[n++] = (char *)opt->log_file;
    }
    if (opt->log_items || opt->log_file)
        w[n++] = "--log-continued";
    w[n] = NULL;
    return w;
}

const char *rv_conf_sysroot(const char *text, char *buf, size_t cap)
{
    const char *found = NULL;
    size_t found_len = 0;
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        const char *next = end ? end + 1 : NULL;
        if (!end)
            end = line + strlen(line);
        const char *p = line;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        static const char key[] = "sysroot";
        if (p < end && *p != '#' && (size_t)(end - p) > sizeof key - 1 &&
            strncmp(p, key, sizeof key - 1) == 0) {
            const char *q = p + sizeof key - 1;
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            if (q < end && *q == '=') {
                q++;
                while (q < end && (*q == ' ' || *q == '\t'))
                    q++;
                const char *e = end;
                while (e > q && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                    e--;
                found = q;
                found_len = (size_t)(e - q);
            }
        }
        line = next;
    }
    if (!found || found_len >= cap)
        return NULL;
    memcpy(buf, found, found_len);
    buf[found_len] = '\0';
    return buf;
}
