/*
 * tests/unit/test_options.c - the command-line parser and the guest environment builder
 * (options.c), driven with argv/env arrays: every action, error line and precedence rule.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "options.h"
#include "translate/log.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static struct rv_options opt;
static char err[256];

static enum rv_opt_action parse(int argc, char **argv, char **env)
{
    rv_options_free(&opt);
    return rv_parse_options(argc, argv, env, &opt, err, sizeof err);
}

static void teardown(void)
{
    rv_options_free(&opt);
}

TestSuite(options, .fini = teardown);

Test(options, program_and_args_after_options)
{
    char *argv[] = { "crossrun", "-L", "/sys/root", "--strace", "./prog", "-L", "x", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_RUN);
    cr_assert_eq(opt.prog_index, 4, "options stop at the program, its own -L is an argument");
    cr_assert_str_eq(opt.sysroot, "/sys/root");
    cr_assert(opt.strace);
    cr_assert_not(opt.no_aslr);
    cr_assert_not(opt.stats);
    cr_assert_null(opt.argv0);
}

Test(options, double_dash_ends_options)
{
    char *argv[] = { "crossrun", "--", "--stats", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_RUN);
    cr_assert_eq(opt.prog_index, 2);
    cr_assert_not(opt.stats);
}

Test(options, lone_dash_is_a_program)
{
    char *argv[] = { "crossrun", "-", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_RUN);
    cr_assert_eq(opt.prog_index, 1);
}

Test(options, qemu_spellings_and_long_forms)
{
    char *argv[] = { "crossrun", "-strace", "--no-aslr", "-stats", "--sysroot=/r", "-0", "name",
                     "p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_RUN);
    cr_assert(opt.strace);
    cr_assert(opt.no_aslr);
    cr_assert(opt.stats);
    cr_assert_str_eq(opt.sysroot, "/r");
    cr_assert_str_eq(opt.argv0, "name");
    cr_assert_eq(opt.prog_index, 7);
}

Test(options, short_no_aslr)
{
    char *argv[] = { "crossrun", "-R", "p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_RUN);
    cr_assert(opt.no_aslr);
}

Test(options, help_and_version)
{
    char *h[] = { "crossrun", "-h", "--bogus", NULL };
    cr_assert_eq(parse(ARGC(h), h, NULL), RV_OPT_HELP);
    char *h2[] = { "crossrun", "--help", NULL };
    cr_assert_eq(parse(ARGC(h2), h2, NULL), RV_OPT_HELP);
    char *v[] = { "crossrun", "--version", NULL };
    cr_assert_eq(parse(ARGC(v), v, NULL), RV_OPT_VERSION);
    char *v2[] = { "crossrun", "-version", NULL };
    cr_assert_eq(parse(ARGC(v2), v2, NULL), RV_OPT_VERSION);
}

Test(options, unknown_option)
{
    char *argv[] = { "crossrun", "-x", "p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "unknown option '-x'");
    char *argv2[] = { "crossrun", "--frobnicate=3", "p", NULL };
    cr_assert_eq(parse(ARGC(argv2), argv2, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "unknown option '--frobnicate'");
}

Test(options, missing_program)
{
    char *argv[] = { "crossrun", "--strace", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "no program given");
    char *argv2[] = { "crossrun", NULL };
    cr_assert_eq(parse(ARGC(argv2), argv2, NULL), RV_OPT_ERROR);
    char *argv3[] = { "crossrun", "--", NULL };
    cr_assert_eq(parse(ARGC(argv3), argv3, NULL), RV_OPT_ERROR);
}

Test(options, missing_or_unexpected_argument)
{
    char *argv[] = { "crossrun", "-L", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "option '-L' needs an argument");
    char *argv2[] = { "crossrun", "--stats=1", "p", NULL };
    cr_assert_eq(parse(ARGC(argv2), argv2, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "option '--stats' takes no argument");
}

Test(options, bad_env_arguments)
{
    char *e[] = { "crossrun", "-E", "NOEQUALS", "p", NULL };
    cr_assert_eq(parse(ARGC(e), e, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "option '-E' expects VAR=VALUE, not 'NOEQUALS'");
    char *e2[] = { "crossrun", "-E", "=v", "p", NULL };
    cr_assert_eq(parse(ARGC(e2), e2, NULL), RV_OPT_ERROR);
    char *u[] = { "crossrun", "-U", "A=B", "p", NULL };
    cr_assert_eq(parse(ARGC(u), u, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "option '-U' expects VAR, not 'A=B'");
}

Test(options, environment_settings)
{
    char *env[] = { "CROSSRUN_LD_PREFIX=/envroot", "CROSSRUN_STRACE=1", "CROSSRUN_NO_ASLR=0",
                    NULL };
    char *argv[] = { "crossrun", "p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, env), RV_OPT_RUN);
    cr_assert_str_eq(opt.sysroot, "/envroot");
    cr_assert(opt.strace);
    cr_assert_not(opt.no_aslr, "\"0\" means off");

    char *env2[] = { "CROSSRUN_STRACE=", "CROSSRUN_NO_ASLR=yes", "CROSSRUN_LD_PREFIX=", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, env2), RV_OPT_RUN);
    cr_assert_not(opt.strace, "empty means off");
    cr_assert(opt.no_aslr);
    cr_assert_null(opt.sysroot);
}

Test(options, command_line_wins_over_environment)
{
    char *env[] = { "CROSSRUN_LD_PREFIX=/envroot", NULL };
    char *argv[] = { "crossrun", "-L", "/cmdroot", "p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, env), RV_OPT_RUN);
    cr_assert_str_eq(opt.sysroot, "/cmdroot");
}

static size_t envp_len(char **e)
{
    size_t n = 0;
    while (e[n])
        n++;
    return n;
}

Test(options, guest_env_untouched_without_edits)
{
    char *host[] = { "A=1", "B=2", "CROSSRUN_STRACE=1", NULL };
    char *argv[] = { "crossrun", "p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, host), RV_OPT_RUN);
    char **g = rv_guest_envp(host, &opt);
    cr_assert_eq(envp_len(g), 3);
    for (int i = 0; i < 3; i++)
        cr_assert_str_eq(g[i], host[i]);
    free(g);
}

Test(options, guest_env_edits_in_order)
{
    char *host[] = { "A=1", "B=2", "A=dup", "C=3", NULL };
    char *argv[] = { "crossrun", "-E", "A=new", "-U", "C", "-E", "D=4", "-E", "B=x=y",
                     "-U", "D", "-E", "D=5", "-U", "NOPE", "p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, host), RV_OPT_RUN);
    cr_assert_eq(opt.n_env_edits, 7);
    char **g = rv_guest_envp(host, &opt);
    cr_assert_eq(envp_len(g), 3);
    cr_assert_str_eq(g[0], "A=new", "replaced in place, duplicate dropped");
    cr_assert_str_eq(g[1], "B=x=y", "value may contain '='");
    cr_assert_str_eq(g[2], "D=5", "set, unset, set again");
    free(g);
}

Test(options, guest_env_prefix_is_not_a_match)
{
    char *host[] = { "AB=1", "A=2", NULL };
    char *argv[] = { "crossrun", "-U", "A", "p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, host), RV_OPT_RUN);
    char **g = rv_guest_envp(host, &opt);
    cr_assert_eq(envp_len(g), 1);
    cr_assert_str_eq(g[0], "AB=1");
    free(g);
}

/* --strace-forked is the runner's own word to a runner it execs: it implies --strace. */
Test(options, strace_forked_implies_strace)
{
    char *argv[] = { "crossrun", "--strace-forked", "./prog", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_RUN, "%s", err);
    cr_assert(opt.strace);
    cr_assert(opt.strace_forked);
    cr_assert_eq(opt.prog_index, 2);
    char *plain[] = { "crossrun", "--strace", "./prog", NULL };
    cr_assert_eq(parse(ARGC(plain), plain, NULL), RV_OPT_RUN, "%s", err);
    cr_assert_not(opt.strace_forked);
}

/* --runner-fd N: the runner's own file, passed by a runner to the runner a guest execve starts
 * (syscall/runner_exe.h); absent, -1, also under binfmt_misc, where no word is an option. */
Test(options, runner_fd_is_a_descriptor_number)
{
    char *argv[] = { "crossrun", "--runner-fd", "1023", "./prog", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_RUN, "%s", err);
    cr_assert_eq(opt.runner_fd, 1023);
    cr_assert_eq(opt.prog_index, 3);
    char *plain[] = { "crossrun", "./prog", NULL };
    cr_assert_eq(parse(ARGC(plain), plain, NULL), RV_OPT_RUN, "%s", err);
    cr_assert_eq(opt.runner_fd, -1);
    cr_assert_eq(rv_parse_binfmt(ARGC(plain), plain, NULL, &opt, err, sizeof err), RV_OPT_RUN);
    cr_assert_eq(opt.runner_fd, -1);
    const char *bad[] = { "", "-1", "x3", "3x", "99999999999" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *b[] = { "crossrun", "--runner-fd", (char *)bad[i], "./prog", NULL };
        cr_assert_eq(parse(ARGC(b), b, NULL), RV_OPT_ERROR, "'%s'", bad[i]);
        cr_assert_not_null(strstr(err, "descriptor number"), "%s", err);
    }
}

Test(options, usage_mentions_every_option)
{
    const char *needles[] = { "-L DIR", "--sysroot", "-E VAR=VALUE", "-U VAR", "-0 ARGV0",
                              "--strace", "--no-aslr", "--stats", "--help", "--version",
                              "CROSSRUN_LD_PREFIX", "CROSSRUN_STRACE", "CROSSRUN_NO_ASLR" };
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        cr_assert_not_null(strstr(rv_usage_text, needles[i]), "%s", needles[i]);
}

/* What a guest execve hands the crossrun it re-executes: -L, --strace and -R, from the command
 * line or the environment alike; never -E/-U (already in the environment passed on), -0 or --stats. */
Test(options, child_option_words_carry_sysroot_strace_no_aslr)
{
    char *env[] = { "CROSSRUN_NO_ASLR=1", NULL };
    char *argv[] = { "crossrun", "-L", "/sys/root", "--strace", "-E", "A=1", "-0", "name",
                     "--stats", "./prog", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, env), RV_OPT_RUN);
    char **w = rv_child_option_words(&opt);
    cr_assert_not_null(w);
    const char *want[] = { "-L", "/sys/root", "--strace", "-R", NULL };
    for (size_t i = 0; want[i]; i++)
        cr_assert_str_eq(w[i], want[i], "word %zu", i);
    cr_assert_null(w[4]);
    free(w);

    char *plain[] = { "crossrun", "./prog", NULL };
    cr_assert_eq(parse(ARGC(plain), plain, NULL), RV_OPT_RUN);
    w = rv_child_option_words(&opt);
    cr_assert_not_null(w);
    cr_assert_null(w[0]);
    free(w);
}

/* The sysroot precedence: -L over CROSSRUN_LD_PREFIX; either one, even empty, marks the choice
 * as made, so main.c skips the config file and the default directory. */
Test(options, sysroot_set_by_option_or_environment)
{
    char *env[] = { "CROSSRUN_LD_PREFIX=/from/env", NULL };
    char *a[] = { "crossrun", "-L", "/from/opt", "p", NULL };
    cr_assert_eq(parse(ARGC(a), a, env), RV_OPT_RUN);
    cr_assert_str_eq(opt.sysroot, "/from/opt");
    cr_assert(opt.sysroot_set);

    char *b[] = { "crossrun", "p", NULL };
    cr_assert_eq(parse(ARGC(b), b, env), RV_OPT_RUN);
    cr_assert_str_eq(opt.sysroot, "/from/env");
    cr_assert(opt.sysroot_set);

    cr_assert_eq(parse(ARGC(b), b, NULL), RV_OPT_RUN);
    cr_assert_null(opt.sysroot);
    cr_assert_not(opt.sysroot_set, "nothing chosen: the defaults apply");

    char *empty_env[] = { "CROSSRUN_LD_PREFIX=", NULL };
    cr_assert_eq(parse(ARGC(b), b, empty_env), RV_OPT_RUN);
    cr_assert_null(opt.sysroot);
    cr_assert(opt.sysroot_set, "an empty CROSSRUN_LD_PREFIX means no sysroot");

    char *c[] = { "crossrun", "-L", "", "p", NULL };
    cr_assert_eq(parse(ARGC(c), c, env), RV_OPT_RUN);
    cr_assert_null(opt.sysroot);
    cr_assert(opt.sysroot_set);
    /* the child must not fall back to the default sysroot either */
    char **w = rv_child_option_words(&opt);
    cr_assert_not_null(w);
    cr_assert_str_eq(w[0], "-L");
    cr_assert_str_eq(w[1], "");
    cr_assert_null(w[2]);
    free(w);
}

Test(options, first_arg_follows_the_program)
{
    char *a[] = { "crossrun", "-0", "n", "p", "x", NULL };
    cr_assert_eq(parse(ARGC(a), a, NULL), RV_OPT_RUN);
    cr_assert_eq(opt.prog_index, 3);
    cr_assert_eq(opt.first_arg, 4);
}

/* binfmt_misc with P: crossrun, full path, the guest's argv[0], its arguments; none of them is
 * an option, the environment settings still count. */
Test(options, binfmt_preserve_argv0)
{
    rv_options_free(&opt);
    char *env[] = { "CROSSRUN_STRACE=1", "CROSSRUN_LD_PREFIX=/r", NULL };
    char *a[] = { "/usr/bin/crossrun", "/home/u/prog", "--strace-is-mine", "-L", "x", NULL };
    cr_assert_eq(rv_parse_binfmt(ARGC(a), a, env, &opt, err, sizeof err), RV_OPT_RUN);
    cr_assert_eq(opt.prog_index, 1);
    cr_assert_str_eq(opt.argv0, "--strace-is-mine");
    cr_assert_eq(opt.first_arg, 3);
    cr_assert(opt.strace);
    cr_assert_str_eq(opt.sysroot, "/r");

    rv_options_free(&opt);
    char *noargv[] = { "/usr/bin/crossrun", "/home/u/prog", NULL };
    cr_assert_eq(rv_parse_binfmt(ARGC(noargv), noargv, NULL, &opt, err, sizeof err), RV_OPT_RUN);
    cr_assert_null(opt.argv0, "an empty guest argv: the path stands in");
    cr_assert_eq(opt.first_arg, 2);

    rv_options_free(&opt);
    char *none[] = { "/usr/bin/crossrun", NULL };
    cr_assert_eq(rv_parse_binfmt(ARGC(none), none, NULL, &opt, err, sizeof err), RV_OPT_ERROR);
    cr_assert_str_eq(err, "started by binfmt_misc without a program path");
}

Test(options, config_file_sysroot)
{
    char buf[64];
    cr_assert_str_eq(rv_conf_sysroot("sysroot = /a\n", buf, sizeof buf), "/a");
    cr_assert_str_eq(rv_conf_sysroot("# sysroot = /no\n\n  sysroot=/b  \r\nother = 1\n", buf,
                                     sizeof buf), "/b");
    cr_assert_str_eq(rv_conf_sysroot("sysroot = /a\nsysroot\t=\t/last", buf, sizeof buf), "/last",
                     "the last line wins, a missing final newline is fine");
    cr_assert_str_eq(rv_conf_sysroot("sysroot =\n", buf, sizeof buf), "", "empty: no sysroot");
    cr_assert_null(rv_conf_sysroot("", buf, sizeof buf));
    cr_assert_null(rv_conf_sysroot("sysroots = /x\nsysroot /y\n#sysroot = /z\n", buf, sizeof buf));
    cr_assert_null(rv_conf_sysroot("sysroot = /a/very/long/path/that/does/not/fit/in/the/buffer/xxxxxxxx\n",
                                   buf, 16));
}

/* --engine NAME and CROSSRUN_ENGINE (the option wins; empty means the default), passed on to
 * the crossrun a guest execve starts. The name is checked by main.c against the engine table. */
Test(options, engine_from_option_or_environment_and_passed_on)
{
    char *env[] = { "CROSSRUN_ENGINE=from-env", NULL };
    char *a[] = { "crossrun", "--engine", "interp-nochain", "p", NULL };
    cr_assert_eq(parse(ARGC(a), a, env), RV_OPT_RUN);
    cr_assert_str_eq(opt.engine, "interp-nochain");
    char **w = rv_child_option_words(&opt);
    cr_assert_not_null(w);
    cr_assert_str_eq(w[0], "--engine");
    cr_assert_str_eq(w[1], "interp-nochain");
    cr_assert_null(w[2]);
    free(w);

    char *b[] = { "crossrun", "p", NULL };
    cr_assert_eq(parse(ARGC(b), b, env), RV_OPT_RUN);
    cr_assert_str_eq(opt.engine, "from-env");

    char *empty[] = { "CROSSRUN_ENGINE=", NULL };
    cr_assert_eq(parse(ARGC(b), b, empty), RV_OPT_RUN);
    cr_assert_null(opt.engine);

    char *c[] = { "crossrun", "--engine=interp", "p", NULL };
    cr_assert_eq(parse(ARGC(c), c, env), RV_OPT_RUN);
    cr_assert_str_eq(opt.engine, "interp");

    char *d[] = { "crossrun", "--engine", NULL };
    cr_assert_eq(parse(ARGC(d), d, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "option '--engine' needs an argument");
}

/* -d ITEMS (qemu's names; -d and --d alike, "--d=..." too) into RV_LOG_* bits; the last -d
 * wins; empty words are skipped, so -d '' turns the log off. */
Test(options, log_items_from_the_command_line)
{
    char *a[] = { "crossrun", "-d", "in_asm,out_asm,exec,nochain", "p", NULL };
    cr_assert_eq(parse(ARGC(a), a, NULL), RV_OPT_RUN, "%s", err);
    cr_assert_eq(opt.log_mask, RV_LOG_IN_ASM | RV_LOG_OUT_ASM | RV_LOG_EXEC | RV_LOG_NOCHAIN);
    cr_assert_str_eq(opt.log_items, "in_asm,out_asm,exec,nochain");
    cr_assert_null(opt.log_file, "no -D: standard error");
    cr_assert_eq(opt.prog_index, 3);

    char *b[] = { "crossrun", "--d=exec", "-d", "in_asm,,", "p", NULL };
    cr_assert_eq(parse(ARGC(b), b, NULL), RV_OPT_RUN, "%s", err);
    cr_assert_eq(opt.log_mask, RV_LOG_IN_ASM, "the last -d wins");

    char *c[] = { "crossrun", "-d", "", "p", NULL };
    cr_assert_eq(parse(ARGC(c), c, NULL), RV_OPT_RUN, "%s", err);
    cr_assert_eq(opt.log_mask, 0);
    cr_assert_str_eq(opt.log_items, "");
}

Test(options, log_help_and_bad_items)
{
    char *h[] = { "crossrun", "-d", "help", NULL };
    cr_assert_eq(parse(ARGC(h), h, NULL), RV_OPT_LOG_HELP, "no program needed");
    char *h2[] = { "crossrun", "-d", "exec,help", "p", NULL };
    cr_assert_eq(parse(ARGC(h2), h2, NULL), RV_OPT_LOG_HELP);

    char *bad[] = { "crossrun", "-d", "in_asm,bogus", "p", NULL };
    cr_assert_eq(parse(ARGC(bad), bad, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "unknown log item 'bogus' (items: in_asm, out_asm, exec, nochain)");
    char *prefix[] = { "crossrun", "-d", "in_as", "p", NULL };
    cr_assert_eq(parse(ARGC(prefix), prefix, NULL), RV_OPT_ERROR, "no abbreviations");
    char *none[] = { "crossrun", "-d", NULL };
    cr_assert_eq(parse(ARGC(none), none, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "option '-d' needs an argument");

    size_t n = 0;
    for (const struct rv_log_item_row *row = rv_log_item_rows; row->name; row++, n++)
        cr_assert(row->bit && row->help && *row->help, "%s", row->name);
    cr_assert_eq(n, 4);
}

/* CROSSRUN_LOG and CROSSRUN_LOG_FILE, each replaced by its option; a bad CROSSRUN_LOG is a
 * usage error unless -d replaces it. */
Test(options, log_settings_from_the_environment)
{
    char *env[] = { "CROSSRUN_LOG=exec", "CROSSRUN_LOG_FILE=/tmp/env.%d", NULL };
    char *a[] = { "crossrun", "p", NULL };
    cr_assert_eq(parse(ARGC(a), a, env), RV_OPT_RUN, "%s", err);
    cr_assert_eq(opt.log_mask, RV_LOG_EXEC);
    cr_assert_str_eq(opt.log_file, "/tmp/env.%d");

    char *b[] = { "crossrun", "-d", "in_asm", "-D", "/tmp/opt.log", "p", NULL };
    cr_assert_eq(parse(ARGC(b), b, env), RV_OPT_RUN, "%s", err);
    cr_assert_eq(opt.log_mask, RV_LOG_IN_ASM);
    cr_assert_str_eq(opt.log_file, "/tmp/opt.log");

    char *bad_env[] = { "CROSSRUN_LOG=nope", "CROSSRUN_LOG_FILE=", NULL };
    cr_assert_eq(parse(ARGC(a), a, bad_env), RV_OPT_ERROR);
    cr_assert_str_eq(err, "unknown log item 'nope' (items: in_asm, out_asm, exec, nochain)");
    char *c[] = { "crossrun", "-d", "exec", "p", NULL };
    cr_assert_eq(parse(ARGC(c), c, bad_env), RV_OPT_RUN, "-d replaces a bad CROSSRUN_LOG");
    cr_assert_null(opt.log_file, "an empty CROSSRUN_LOG_FILE: standard error");

    rv_options_free(&opt);
    char *bin[] = { "/usr/bin/crossrun", "/home/u/prog", "prog", NULL };
    cr_assert_eq(rv_parse_binfmt(ARGC(bin), bin, env, &opt, err, sizeof err), RV_OPT_RUN);
    cr_assert_eq(opt.log_mask, RV_LOG_EXEC, "binfmt_misc: the environment only");
    rv_options_free(&opt);
    cr_assert_eq(rv_parse_binfmt(ARGC(bin), bin, bad_env, &opt, err, sizeof err), RV_OPT_ERROR);
}

/* A guest execve's runner gets -d and -D (from the command line or the environment alike, and
 * -d '' when the log was turned off, so that the environment cannot turn it back on) and
 * --log-continued, which makes it append to the file instead of emptying it. */
Test(options, log_options_passed_on_to_exec)
{
    char *env[] = { "CROSSRUN_LOG=exec", NULL };
    char *a[] = { "crossrun", "--engine", "jit", "-D", "/l/%d", "p", NULL };
    cr_assert_eq(parse(ARGC(a), a, env), RV_OPT_RUN, "%s", err);
    cr_assert_not(opt.log_continued);
    char **w = rv_child_option_words(&opt);
    cr_assert_not_null(w);
    const char *want[] = { "--engine", "jit", "-d", "exec", "-D", "/l/%d", "--log-continued",
                           NULL };
    for (size_t i = 0; want[i]; i++)
        cr_assert_str_eq(w[i], want[i], "word %zu", i);
    cr_assert_null(w[7]);

    /* the runner that reads them */
    char *again[] = { "crossrun", w[0], w[1], w[2], w[3], w[4], w[5], w[6], "p", NULL };
    cr_assert_eq(parse(ARGC(again), again, NULL), RV_OPT_RUN, "%s", err);
    cr_assert(opt.log_continued);
    cr_assert_eq(opt.log_mask, RV_LOG_EXEC);
    cr_assert_str_eq(opt.log_file, "/l/%d");
    free(w);

    char *off[] = { "crossrun", "-d", "", "p", NULL };
    cr_assert_eq(parse(ARGC(off), off, env), RV_OPT_RUN, "%s", err);
    w = rv_child_option_words(&opt);
    cr_assert_str_eq(w[0], "-d");
    cr_assert_str_eq(w[1], "");
    cr_assert_str_eq(w[2], "--log-continued");
    cr_assert_null(w[3]);
    free(w);
}

Test(options, usage_mentions_the_log)
{
    const char *needles[] = { "-d ITEMS", "-D FILE", "CROSSRUN_LOG=", "CROSSRUN_LOG_FILE=" };
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        cr_assert_not_null(strstr(rv_usage_text, needles[i]), "%s", needles[i]);
}

/* --perfmap and CROSSRUN_PERFMAP=1 (a flag: "0" and "" are off), passed on to the crossrun a
 * guest execve starts (main.c clears it first under an engine it does not apply to). */
Test(options, perfmap_from_option_or_environment_and_passed_on)
{
    char *a[] = { "crossrun", "--perfmap", "-R", "p", NULL };
    cr_assert_eq(parse(ARGC(a), a, NULL), RV_OPT_RUN, "%s", err);
    cr_assert(opt.perfmap);
    cr_assert_eq(opt.prog_index, 3);
    char **w = rv_child_option_words(&opt);
    cr_assert_not_null(w);
    cr_assert_str_eq(w[0], "-R");
    cr_assert_str_eq(w[1], "--perfmap");
    cr_assert_null(w[2]);
    free(w);

    char *one_dash[] = { "crossrun", "-perfmap", "p", NULL };
    cr_assert_eq(parse(ARGC(one_dash), one_dash, NULL), RV_OPT_RUN, "%s", err);
    cr_assert(opt.perfmap);

    char *b[] = { "crossrun", "p", NULL };
    cr_assert_eq(parse(ARGC(b), b, NULL), RV_OPT_RUN);
    cr_assert_not(opt.perfmap);
    char *on[] = { "CROSSRUN_PERFMAP=1", NULL };
    cr_assert_eq(parse(ARGC(b), b, on), RV_OPT_RUN);
    cr_assert(opt.perfmap);
    char *off[] = { "CROSSRUN_PERFMAP=0", NULL };
    cr_assert_eq(parse(ARGC(b), b, off), RV_OPT_RUN);
    cr_assert_not(opt.perfmap);

    char *with_value[] = { "crossrun", "--perfmap=1", "p", NULL };
    cr_assert_eq(parse(ARGC(with_value), with_value, NULL), RV_OPT_ERROR);
    cr_assert_str_eq(err, "option '--perfmap' takes no argument");
    cr_assert_not_null(strstr(rv_usage_text, "--perfmap"));
    cr_assert_not_null(strstr(rv_usage_text, "CROSSRUN_PERFMAP=1"));
}

/* qemu-riscv64's spellings a CI configuration passes: -cpu is checked against the hart, -g is
 * refused with a reason, QEMU_LD_PREFIX stands in for CROSSRUN_LD_PREFIX. */
Test(options, cpu_models_and_extensions_checked)
{
    char *ok[] = { "crossrun", "-cpu", "rv64,zba=true,Zbb=on,c,pmp=false,v=off", "./p", NULL };
    cr_assert_eq(parse(ARGC(ok), ok, NULL), RV_OPT_RUN, "%s", err);
    char *max[] = { "crossrun", "-cpu", "max", "./p", NULL };
    cr_assert_eq(parse(ARGC(max), max, NULL), RV_OPT_RUN, "%s", err);
    char *vec[] = { "crossrun", "-cpu", "rv64,v=true,vlen=128", "./p", NULL };
    cr_assert_eq(parse(ARGC(vec), vec, NULL), RV_OPT_ERROR);
    cr_assert(strstr(err, "extension 'v' is not implemented"), "%s", err);
    char *off[] = { "crossrun", "-cpu", "rv64,zbb=off", "./p", NULL };
    cr_assert_eq(parse(ARGC(off), off, NULL), RV_OPT_ERROR);
    cr_assert(strstr(err, "'zbb' cannot be turned off"), "%s", err);
    char *model[] = { "crossrun", "-cpu", "sifive-u54", "./p", NULL };
    cr_assert_eq(parse(ARGC(model), model, NULL), RV_OPT_ERROR);
    cr_assert(strstr(err, "unknown model 'sifive-u54'"), "%s", err);
    char *typo[] = { "crossrun", "-cpu", "rv64,zbx=on", "./p", NULL };
    cr_assert_eq(parse(ARGC(typo), typo, NULL), RV_OPT_ERROR);
    cr_assert(strstr(err, "unknown extension or property 'zbx'"), "%s", err);
    char *value[] = { "crossrun", "-cpu", "rv64,zba=maybe", "./p", NULL };
    cr_assert_eq(parse(ARGC(value), value, NULL), RV_OPT_ERROR);
    char *help[] = { "crossrun", "-cpu", "help", NULL };
    cr_assert_eq(parse(ARGC(help), help, NULL), RV_OPT_CPU_HELP);
    char *env[] = { "QEMU_CPU=rv64,zfh=on", NULL };
    cr_assert_eq(parse(ARGC(max), max, env), RV_OPT_ERROR, "QEMU_CPU is checked too");
}

Test(options, gdb_stub_refused_with_a_reason)
{
    char *argv[] = { "crossrun", "-g", "1234", "./p", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, NULL), RV_OPT_ERROR);
    cr_assert(strstr(err, "-g: crossrun has no gdb stub yet"), "%s", err);
    char *plain[] = { "crossrun", "./p", NULL };
    char *env[] = { "QEMU_GDB=1234", NULL };
    cr_assert_eq(parse(ARGC(plain), plain, env), RV_OPT_ERROR);
}

Test(options, qemu_ld_prefix_after_crossrun_ld_prefix)
{
    char *argv[] = { "crossrun", "./p", NULL };
    char *qemu_only[] = { "QEMU_LD_PREFIX=/q", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, qemu_only), RV_OPT_RUN);
    cr_assert_str_eq(opt.sysroot, "/q");
    char *both[] = { "QEMU_LD_PREFIX=/q", "CROSSRUN_LD_PREFIX=/c", NULL };
    cr_assert_eq(parse(ARGC(argv), argv, both), RV_OPT_RUN);
    cr_assert_str_eq(opt.sysroot, "/c");
    char *with_l[] = { "crossrun", "-L", "/l", "./p", NULL };
    cr_assert_eq(parse(ARGC(with_l), with_l, qemu_only), RV_OPT_RUN);
    cr_assert_str_eq(opt.sysroot, "/l");
}
