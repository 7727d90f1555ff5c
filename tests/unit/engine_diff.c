/*
 * tests/unit/engine_diff.c - differential test of two engines on random guest code.
 *
 *   engine_diff [--engines A,B] [--seed N] [--count N | --seconds S] [--coverage] [--dump]
 *               [--fresh] [--jit-log FILE]
 *
 * Runs the named regression cases, then random cases with seeds N, N+1, ... (each case is a
 * pure function of its seed: `--seed S --count 1` reruns case S) under engine A and engine B,
 * and stops at the first case whose end states differ: registers, fflags, frm, pc, sandbox
 * memory, and how the run ended (the final ecall, or which guest fault at which address).
 * Exit status 0 when every case agreed (and, when checked, every riscv.def row was covered),
 * 1 on a mismatch or a row no case covered, 2 for a usage error or an unknown engine, 99 when
 * the guest memory or the workers cannot be set up.
 *
 * Coverage: how many cases contain each riscv.def row. The default run (no --count or
 * --seconds: the fixed seed and count make check runs) and --coverage fail when a row has
 * none, so a row added to riscv.def is tested from the day it is added; --coverage prints the
 * figures. --dump prints every case's code; --jit-log writes the jit engine's in_asm and out_asm
 * of every block it translates to FILE (and translates each block at once), to see the code of a
 * case that disagrees. `make fuzz-jit` runs this for minutes from a
 * time-based seed (see Makefile.am).
 *
 * Each engine runs in one worker process for all cases (engine_diff_run.c); --fresh starts new
 * workers for every case instead (slower). A mismatch is checked again in fresh workers, and
 * the report says whether it needs the cases that ran before it in the same process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/unit/engine_diff.h"
#include "translate/jit/jit.h"
#include "translate/log.h"
#include "translate/engines.h"

/* make check holds the translator to the interpreter, its oracle */
#define DEFAULT_ENGINES "jit,interp"
#define DEFAULT_SEED 1
/* every row in about 600 cases or more (ebreak, only planted, in 43); a few seconds, even for
 * the sanitizer build on a busy 2-core machine */
#define DEFAULT_COUNT 5000
#define HEARTBEAT_SECONDS 60

struct options {
    char engine_names[2][64];
    const char *engines[2];
    uint64_t seed;
    uint64_t count;         /* random cases; with seconds > 0, as many as fit */
    double seconds;
    bool coverage;          /* print the coverage figures and fail on a row with none */
    bool check_coverage;    /* fail on a row with none (the default run too) */
    bool dump;
    bool fresh;             /* new worker processes for every case */
    const char *jit_log;    /* --jit-log FILE */
};

struct totals {
    unsigned long cases, named, faults;
    unsigned long planted_missed;       /* planted faults that did not happen */
    unsigned long unplanned;            /* faults in cases that planted none: generator bugs */
    uint64_t first_unplanned;
    unsigned long rows[rv_op_count];    /* cases that contain each row */
};

static int usage(void)
{
    fprintf(stderr, "usage: engine_diff [--engines A,B] [--seed N] [--count N | --seconds S] "
                    "[--coverage] [--dump] [--fresh] [--jit-log FILE]\n  defaults: --engines %s --seed %d --count %d\n",
            DEFAULT_ENGINES, DEFAULT_SEED, DEFAULT_COUNT);
    return 2;
}

static void list_engines(FILE *to)
{
    for (size_t i = 0; rv_engines[i]; i++)
        fprintf(to, "%s%s", i ? " " : "", rv_engines[i]->name);
    fprintf(to, "\n");
}

/* "A,B" into two known engine names; false with a message otherwise. */
static bool parse_engines(const char *arg, struct options *o)
{
    const char *comma = strchr(arg, ',');
    if (!comma || strchr(comma + 1, ',') || (size_t)(comma - arg) >= sizeof o->engine_names[0] ||
        strlen(comma + 1) >= sizeof o->engine_names[1]) {
        fprintf(stderr, "engine_diff: --engines wants two names, A,B (not '%s')\n", arg);
        return false;
    }
    snprintf(o->engine_names[0], sizeof o->engine_names[0], "%.*s", (int)(comma - arg), arg);
    snprintf(o->engine_names[1], sizeof o->engine_names[1], "%s", comma + 1);
    for (int i = 0; i < 2; i++) {
        o->engines[i] = o->engine_names[i];
        if (!rv_engine_find(o->engines[i])) {
            fprintf(stderr, "engine_diff: unknown engine '%s'; this build has: ", o->engines[i]);
            list_engines(stderr);
            return false;
        }
    }
    return true;
}

/* A non-negative decimal number (a fraction only makes sense for --seconds), or false. */
static bool parse_number(const char *arg, double *out)
{
    char *end;
    *out = strtod(arg, &end);
    return arg[0] >= '0' && arg[0] <= '9' && !*end;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    bool counted = false, timed = false;
    const char *engines = DEFAULT_ENGINES;
    o->seed = DEFAULT_SEED;
    o->count = DEFAULT_COUNT;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : "";
        double v;
        if (strcmp(arg, "--coverage") == 0) {
            o->coverage = true;
            continue;
        }
        if (strcmp(arg, "--dump") == 0) {
            o->dump = true;
            continue;
        }
        if (strcmp(arg, "--fresh") == 0) {
            o->fresh = true;
            continue;
        }
        i++;  /* the rest take a value */
        if (strcmp(arg, "--engines") == 0 && *val)
            engines = val;
        else if (strcmp(arg, "--jit-log") == 0 && *val)
            o->jit_log = val;
        else if (strcmp(arg, "--seed") == 0 && parse_number(val, &v))
            o->seed = strtoull(val, NULL, 10);
        else if (strcmp(arg, "--count") == 0 && parse_number(val, &v))
            o->count = strtoull(val, NULL, 10), counted = true;
        else if (strcmp(arg, "--seconds") == 0 && parse_number(val, &v) && v > 0)
            o->seconds = v, timed = true;
        else
            return usage();
    }
    if (counted && timed)
        return usage();
    if (!parse_engines(engines, o))
        return 2;
    o->check_coverage = o->coverage || (!counted && !timed);
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs c in new workers that have run nothing before. */
static void run_fresh(const struct ed_case *c, const struct options *o, struct ed_outcome out[2])
{
    struct ed_worker w[2];
    if (!ed_workers_start(w, o->engines))
        exit(99);
    ed_run_pair(w, c, out);
    ed_workers_stop(w);
}

/* Runs one case under both engines; false on a mismatch (reported). */
static bool run_case(struct ed_worker w[2], const struct ed_case *c, const struct options *o,
                     struct totals *t)
{
    struct ed_outcome out[2];
    if (o->dump) {
        if (c->name)
            printf("case \"%s\"", c->name);
        else
            printf("case seed %lu", (unsigned long)c->seed);
        printf("%s%s (%u bytes):\n", c->fault ? ", planted fault: " : "",
               c->fault ? ed_fault_names[c->fault] : "", c->code_len);
        ed_print_code(c);
    }
    if (o->fresh)
        run_fresh(c, o, out);
    else
        ed_run_pair(w, c, out);
    if (!ed_compare(c, o->engines, out)) {
        if (!o->fresh) {
            run_fresh(c, o, out);
            printf("  run again in fresh worker processes, the case %s\n", ed_same_end(out)
                   ? "AGREES: the mismatch needs the cases run before it in the same process "
                     "(translations or engine state that outlived rv_code_invalidate?)"
                   : "still disagrees: it does not depend on earlier cases");
        }
        return false;
    }
    t->cases++;
    t->faults += out[0].end.signo != 0;
    t->planted_missed += c->fault != ED_FAULT_NONE && out[0].end.signo == 0;
    if (c->fault == ED_FAULT_NONE && out[0].end.signo != 0 && t->unplanned++ == 0)
        t->first_unplanned = c->seed;
    for (unsigned op = 1; op < rv_op_count; op++)
        t->rows[op] += c->rows[op];
    return true;
}

/* Prints the figures when asked; false when a row has no case. */
static bool report_coverage(const struct totals *t, bool print)
{
    unsigned zero = 0, order[rv_op_count], n = 0;
    for (unsigned op = 1; op < rv_op_count; op++) {
        zero += t->rows[op] == 0;
        order[n++] = op;
    }
    for (unsigned i = 1; i < n; i++)   /* insertion sort by count: the fewest first */
        for (unsigned j = i; j > 0 && t->rows[order[j]] < t->rows[order[j - 1]]; j--) {
            unsigned x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
    if (print) {
        printf("coverage: cases containing each riscv.def row (%lu cases)\n", t->cases);
        for (unsigned op = 1; op < rv_op_count; op++)
            printf("  %-10s %6lu%s", rv_op_names[op], t->rows[op], op % 5 == 0 ? "\n" : "");
        printf("\n");
    }
    printf("coverage: fewest cases:");
    for (unsigned i = 0; i < 8 && i < n; i++)
        printf(" %s %lu%s", rv_op_names[order[i]], t->rows[order[i]], i < 7 ? "," : "\n");
    for (unsigned op = 1; op < rv_op_count; op++)
        if (t->rows[op] == 0)
            printf("engine_diff: FAIL: no case covered riscv.def row %s\n", rv_op_names[op]);
    return zero == 0;
}

int main(int argc, char **argv)
{
    static struct options o;
    static struct totals t;
    static struct ed_case c;
    int bad = parse_options(argc, argv, &o);
    if (!bad && o.jit_log) {
        if (rv_log_open(o.jit_log, false) < 0) {
            fprintf(stderr, "engine_diff: cannot open '%s'\n", o.jit_log);
            return 2;
        }
        rv_log.items = RV_LOG_IN_ASM | RV_LOG_OUT_ASM;
        rv_jit_hot_runs = 1;
    }
    if (bad)
        return bad;
    /* The translator translates a block on its first run here, not once it is hot (a case
     * runs most of its code once): otherwise the jit side would run the interpreter's code.
     * A CROSSRUN_JIT_HOT already set wins: tests/engine-diff.sh sets a large one to hold the
     * jit engine's interpreted blocks (translate/jit/interpret.c) to the interpreter too. */
    setenv("CROSSRUN_JIT_HOT", "1", 0);
    /* instret exact from the start, as --stats asks, where a run counts from the guest's
     * first read (translate/jit/jit.h): the cases compare the values their reads get */
    rv_jit_counts_instret = true;
    if (!ed_map_memory())
        return 99;
    printf("engine_diff: %s vs %s, %zu named cases, then ", o.engines[0], o.engines[1], ed_named_count);
    if (o.seconds > 0)
        printf("random cases for %g s from seed %lu\n", o.seconds, (unsigned long)o.seed);
    else
        printf("%lu random cases from seed %lu\n", (unsigned long)o.count, (unsigned long)o.seed);
    fflush(stdout);

    static struct ed_worker w[2];
    if (!o.fresh && !ed_workers_start(w, o.engines))
        return 99;
    double start = now(), beat = start + HEARTBEAT_SECONDS;
    for (size_t i = 0; i < ed_named_count; i++) {
        ed_named_case(&c, &ed_named_cases[i]);
        if (!run_case(w, &c, &o, &t))
            return 1;
        t.named++;
    }
    for (uint64_t i = 0; o.seconds > 0 ? now() - start < o.seconds : i < o.count; i++) {
        ed_generate(&c, o.seed + i);
        if (!run_case(w, &c, &o, &t))
            return 1;
        if (o.seconds > 0 && now() >= beat) {
            printf("engine_diff: %lu cases so far, all equal\n", t.cases);
            fflush(stdout);
            beat += HEARTBEAT_SECONDS;
        }
    }
    ed_workers_stop(w);
    printf("engine_diff: %lu cases (%lu named, %lu random from seed %lu), %lu ended in a guest "
           "fault: %s and %s agree (%.1f s)\n", t.cases, t.named, t.cases - t.named,
           (unsigned long)o.seed, t.faults, o.engines[0], o.engines[1], now() - start);
    if (t.unplanned)  /* both engines agree, but the case stopped short of what it tests */
        printf("engine_diff: warning: %lu cases faulted without a planted fault (generator bug?), "
               "the first: --seed %lu --count 1 --dump\n", t.unplanned, (unsigned long)t.first_unplanned);
    if (t.planted_missed)
        printf("engine_diff: warning: %lu planted faults did not happen\n", t.planted_missed);
    return o.check_coverage && !report_coverage(&t, o.coverage) ? 1 : 0;
}
