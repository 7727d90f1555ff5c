/*
 * tests/unit/engine_diff_report.c - whether two engines agree on a case, and if not, a report
 * that is enough to chase the bug: how to rerun the case, how each run ended, every register
 * and sandbox slot that differs (with its initial value), the disassembled code, the initial
 * state, and the case as an entry for the named regression table.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/unit/engine_diff.h"


static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGILL: return "SIGILL";
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGALRM: return "SIGALRM (timeout: the engine did not stop)";
    default: return "a signal";
    }
}

/* "ecall at pc X", "guest SIGBUS at pc X (address Y)" or how the worker died. */
static void describe_end(const struct ed_outcome *o, char *buf, size_t cap)
{
    if (o->reported && o->end.signo == 0)
        snprintf(buf, cap, "ecall at pc 0x%lx", (unsigned long)o->end.pc);
    else if (o->reported)
        snprintf(buf, cap, "guest %s at pc 0x%lx (address 0x%lx)", signal_name(o->end.signo),
                 (unsigned long)o->end.pc, (unsigned long)o->end.fault_addr);
    else if (WIFSIGNALED(o->status))
        snprintf(buf, cap, "the worker died by signal %d, %s, without reporting its state",
                 WTERMSIG(o->status), signal_name(WTERMSIG(o->status)));
    else
        snprintf(buf, cap, "the worker exited with status %d without reporting its state",
                 WEXITSTATUS(o->status));
}

/* The instruction at code offset off: its bits and length. */
static int insn_at(const struct ed_case *c, uint32_t off, uint32_t *bits, struct rv_insn *in)
{
    uint32_t w = 0;
    memcpy(&w, c->code + off, c->code_len - off >= 4 ? 4 : 2);
    int len = rv_decode(w, in);
    *bits = len == 2 ? w & 0xffff : w;
    return len;
}

void ed_print_code(const struct ed_case *c)
{
    for (uint32_t off = 0; off < c->code_len;) {
        uint32_t bits;
        struct rv_insn in;
        char text[96];
        int len = insn_at(c, off, &bits, &in);
        rv_disasm(&in, c->start + off, text, sizeof text);
        printf("    %lx:  %*s%0*x  %s\n", (unsigned long)(c->start + off), len == 2 ? 4 : 0, "",
               len == 2 ? 4 : 8, bits, text);
        off += (uint32_t)len;
    }
    for (uint32_t i = 0; i < c->table_len; i++)
        printf("    table[%u] at %lx: 0x%lx\n", i, (unsigned long)(ED_TABLE + 8 * i),
               (unsigned long)c->table[i]);
}

static void print_initial_state(const struct ed_state *s)
{
    for (unsigned i = 1; i < 32; i++)
        printf("    x%-2u %-4s 0x%016lx%s", i, rv_xreg_names[i], (unsigned long)s->x[i], i % 3 == 0 ? "\n" : "  ");
    printf("\n");
    for (unsigned i = 0; i < 32; i++)
        printf("    f%-2u %-4s 0x%016lx%s", i, rv_freg_names[i], (unsigned long)s->f[i], i % 3 == 2 ? "\n" : "  ");
    printf("\n    fflags 0x%x  frm %u  (the sandbox bytes come from the seed as well)\n", s->fflags,
           s->frm);
}

/* The case as a line of engine_diff_regress.c's table (the final ecall is implied). */
static void print_regression_entry(const struct ed_case *c)
{
    printf("  {\"NAME\", 0x%lx, 0x%lx, WORDS(", (unsigned long)c->seed, (unsigned long)c->start);
    uint32_t end = c->code_len >= 4 ? c->code_len - 4 : c->code_len;  /* without the ecall */
    unsigned n = 0;
    for (uint32_t off = 0; off < end; n++) {
        uint32_t bits;
        struct rv_insn in;
        int len = insn_at(c, off, &bits, &in);
        off += (uint32_t)len;
        printf("%s%s0x%0*x", n ? "," : "", n % 8 == 0 ? "\n      " : " ", 2 * len, bits);
    }
    printf("),\n      ");
    if (c->table_len == 0)
        printf("NO_TABLE");
    for (uint32_t i = 0; i < c->table_len; i++)
        printf("%s0x%lx", i == 0 ? "TABLE(" : i % 4 ? ", " : ",\n      ", (unsigned long)c->table[i]);
    printf("%s},\n", c->table_len ? ")" : "");
}

/* Prints what differs between two reported end states; returns how many things differ. */
static unsigned print_differences(const struct ed_case *c, const char *const e[2],
                                  const struct ed_state *a, const struct ed_state *b)
{
    unsigned n = 0, slots = 0;
    for (unsigned i = 1; i < 32; i++)
        if (a->x[i] != b->x[i] && ++n)
            printf("    x%u (%s): %s 0x%016lx, %s 0x%016lx (initially 0x%016lx)\n", i, rv_xreg_names[i], e[0],
                   (unsigned long)a->x[i], e[1], (unsigned long)b->x[i], (unsigned long)c->init.x[i]);
    for (unsigned i = 0; i < 32; i++)
        if (a->f[i] != b->f[i] && ++n)
            printf("    f%u (%s): %s 0x%016lx, %s 0x%016lx (initially 0x%016lx)\n", i, rv_freg_names[i], e[0],
                   (unsigned long)a->f[i], e[1], (unsigned long)b->f[i], (unsigned long)c->init.f[i]);
    if (a->fflags != b->fflags && ++n)
        printf("    fflags: %s 0x%x, %s 0x%x (initially 0x%x)\n", e[0], a->fflags, e[1], b->fflags,
               c->init.fflags);
    if (a->frm != b->frm && ++n)
        printf("    frm: %s %u, %s %u (initially %u)\n", e[0], a->frm, e[1], b->frm, c->init.frm);
    for (unsigned off = 0; off < ED_SANDBOX_LEN; off += 8) {
        uint64_t va, vb, v0;
        memcpy(&va, a->mem + off, 8);
        memcpy(&vb, b->mem + off, 8);
        memcpy(&v0, c->init.mem + off, 8);
        if (va == vb)
            continue;
        n++;
        if (++slots <= 16)
            printf("    sandbox %lx (8 bytes): %s 0x%016lx, %s 0x%016lx (initially 0x%016lx)\n",
                   (unsigned long)(ED_DATA + off), e[0], (unsigned long)va, e[1], (unsigned long)vb,
                   (unsigned long)v0);
    }
    if (slots > 16)
        printf("    ... and %u more sandbox slots\n", slots - 16);
    return n;
}

bool ed_same_end(const struct ed_outcome o[2])
{
    const struct ed_state *a = &o[0].end, *b = &o[1].end;
    return o[0].reported && o[1].reported && a->signo == b->signo && a->fault_addr == b->fault_addr &&
           a->pc == b->pc && memcmp(a->x, b->x, sizeof a->x) == 0 && memcmp(a->f, b->f, sizeof a->f) == 0 &&
           a->fflags == b->fflags && a->frm == b->frm && memcmp(a->mem, b->mem, sizeof a->mem) == 0;
}

bool ed_compare(const struct ed_case *c, const char *const engines[2], const struct ed_outcome out[2])
{
    if (ed_same_end(out))
        return true;
    char end0[160], end1[160];
    describe_end(&out[0], end0, sizeof end0);
    describe_end(&out[1], end1, sizeof end1);
    fflush(stderr);
    printf("\nengine_diff: %s between %s and %s in ",
           out[0].reported && out[1].reported ? "MISMATCH" : "FAILURE (no end state)", engines[0],
           engines[1]);
    if (c->name)
        printf("named case \"%s\" (rerun: engine_diff --engines %s,%s --count 0)\n", c->name,
               engines[0], engines[1]);
    else
        printf("case seed %lu (rerun: engine_diff --engines %s,%s --seed %lu --count 1)\n",
               (unsigned long)c->seed, engines[0], engines[1], (unsigned long)c->seed);
    if (c->fault != ED_FAULT_NONE)
        printf("  planted fault: %s\n", ed_fault_names[c->fault]);
    printf("  %s: %s\n  %s: %s\n", engines[0], end0, engines[1], end1);
    if (out[0].reported && out[1].reported) {
        printf("  differences:\n");
        if (!print_differences(c, engines, &out[0].end, &out[1].end))
            printf("    (none in registers or memory: only in how or where the run ended)\n");
    }
    printf("  code (%u bytes at 0x%lx):\n", c->code_len, (unsigned long)c->start);
    ed_print_code(c);
    printf("  initial state:\n");
    print_initial_state(&c->init);
    printf("  as a named regression case (tests/unit/engine_diff_regress.c; name it):\n");
    print_regression_entry(c);
    fflush(stdout);
    return false;
}
