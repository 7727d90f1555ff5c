/*
 * translate/jit/jitlog.c - formatting the translator's debug log records (jitlog.h).
 *
 * in_asm: the block's guest instructions with their encodings, in objdump's text (the
 * project's own disassembler, translate/disasm.c). out_asm: the host code, disassembled by
 * capstone when configure found it (else hex bytes), with a marker line where each guest
 * instruction's code starts and where each unchained exit path is, so that the two records
 * read side by side. exec: "Trace TID: HOST [GUEST-PC]", qemu's exec line with the thread id in
 * place of qemu's cpu index. Each record is built in memory and written with one call
 * (translate/log.h), so records of different threads never mix.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef HAVE_CAPSTONE
#include <capstone/capstone.h>
#include <dlfcn.h>
#endif

#include "mem/addrspace.h"
#include "translate/insn.h"
#include "translate/jit/jitlog.h"

/* A record in the making: a memory stream, written to the log in one piece at the end. */
struct record {
    FILE *f;
    char *text;
    size_t len;
};

static bool record_start(struct record *r)
{
    r->text = NULL;
    r->len = 0;
    r->f = open_memstream(&r->text, &r->len);
    return r->f != NULL;
}

static void record_finish(struct record *r)
{
    if (fclose(r->f) == 0)
        rv_log_write(r->text, r->len);
    free(r->text);
}

/* The encoding of a guest instruction as objdump shows it: 4 hex digits for a compressed one,
 * 8 otherwise; question marks when the bytes are no longer there to read. */
static void encoding_text(const struct rv_dinsn *in, char *buf, size_t cap)
{
    if (!guest_as_accessible(in->pc, in->len, PROT_EXEC)) {
        snprintf(buf, cap, "%s", in->len == 2 ? "????" : "????????");
        return;
    }
    uint32_t bits = 0;
    memcpy(&bits, (const void *)(uintptr_t)in->pc, in->len);  /* guest address = host address */
    snprintf(buf, cap, in->len == 2 ? "%04" PRIx32 : "%08" PRIx32, bits);
}

/* The objdump text of a translated guest instruction. */
static void guest_text(const struct rv_dinsn *d, char *buf, size_t cap)
{
    struct rv_insn in = { .op = d->op, .rd = d->rd, .rs1 = d->rs1, .rs2 = d->rs2,
                          .rs3 = d->rs3, .rm = d->rm, .aqrl = d->aqrl, .len = d->len,
                          .imm = d->imm };
    rv_disasm(&in, d->pc, buf, cap);
}

static void log_in_asm(FILE *f, const struct rv_jit_tb *t)
{
    fprintf(f, "----------------\nIN: 0x%016" PRIx64 " (%" PRIu32 " instruction%s)\n",
            (uint64_t)t->tb.pc, t->n, t->n == 1 ? "" : "s");
    for (uint32_t i = 0; i < t->n; i++) {
        char enc[16], text[128];
        encoding_text(&t->insns[i], enc, sizeof enc);
        guest_text(&t->insns[i], text, sizeof text);
        fprintf(f, "0x%016" PRIx64 ":  %-8s  %s\n", (uint64_t)t->insns[i].pc, enc, text);
    }
    fputc('\n', f);
}

/* The marker lines of out_asm, in code order: where each guest instruction's code starts,
 * then the unchained paths of the direct exits (in the cold part, after the hot one). */
struct markers {
    const struct rv_jit_tb *t;
    uint32_t next;               /* index: 0..n-1 instructions, n and n+1 exit slots */
};

static bool marker_at(const struct markers *m, uint32_t idx, uint32_t *off)
{
    const struct rv_jit_tb *t = m->t;
    if (idx < t->n) {
        *off = rv_jit_host_off(t)[idx];
        return true;
    }
    int slot = (int)(idx - t->n);
    if (slot > 1 || !t->jmp_at[slot])
        return false;
    *off = t->stub_at[slot];
    return true;
}

/* Prints the markers at or before host offset `off` not printed yet. */
static void markers_until(FILE *f, struct markers *m, uint32_t off)
{
    const struct rv_jit_tb *t = m->t;
    for (uint32_t at; m->next < t->n + 2; m->next++) {
        if (!marker_at(m, m->next, &at))
            continue;
        if (at > off)
            return;
        if (m->next < t->n) {
            char text[128];
            guest_text(&t->insns[m->next], text, sizeof text);
            fprintf(f, "  -- 0x%016" PRIx64 ": %s\n", (uint64_t)t->insns[m->next].pc, text);
        } else {
            fprintf(f, "  -- exit %u, unchained path\n", m->next - t->n);
        }
    }
}

#ifdef HAVE_CAPSTONE
/* capstone is opened with dlopen the first time out_asm needs it, not linked: its relocations
 * alone cost every crossrun start-up a few milliseconds. The library must be the major version
 * the header came from (cs_insn's layout changes between them). Its users hold the
 * translator's lock. In the static-pie runner (configure.ac) the linker warns that dlopen needs
 * the libc it was built against at run time: the host's, which is there outside a chroot; in
 * one without it dlopen fails and the log shows hex bytes. */
#define CS_SONAME_(major) "libcapstone.so." #major
#define CS_SONAME(major) CS_SONAME_(major)
static struct {
    cs_err (*open)(cs_arch, cs_mode, csh *);
    cs_insn *(*alloc)(csh);
    bool (*disasm_iter)(csh, const uint8_t **, size_t *, uint64_t *, cs_insn *);
    void (*free)(cs_insn *, size_t);
    csh handle;
    bool tried, ok;
} cs;

static void open_capstone(void)
{
    cs.tried = true;
    void *lib = dlopen(CS_SONAME(CS_API_MAJOR), RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return;
    *(void **)&cs.open = dlsym(lib, "cs_open");
    *(void **)&cs.alloc = dlsym(lib, "cs_malloc");
    *(void **)&cs.disasm_iter = dlsym(lib, "cs_disasm_iter");
    *(void **)&cs.free = dlsym(lib, "cs_free");
    cs.ok = cs.open && cs.alloc && cs.disasm_iter && cs.free &&
            cs.open(CS_ARCH_X86, CS_MODE_64, &cs.handle) == CS_ERR_OK;
}

static void host_code_text(FILE *f, const struct rv_jit_tb *t, struct markers *m,
                           const uint8_t *code, size_t size)
{
    if (!cs.tried)
        open_capstone();
    cs_insn *insn = cs.ok ? cs.alloc(cs.handle) : NULL;
    uint64_t addr = (uintptr_t)code;
    while (size > 0) {
        markers_until(f, m, (uint32_t)(addr - (uintptr_t)t->code));
        uint64_t at = addr;
        if (insn && cs.disasm_iter(cs.handle, &code, &size, &addr, insn)) {
            fprintf(f, "0x%016" PRIx64 ":  %-8s %s\n", at, insn->mnemonic, insn->op_str);
        } else {  /* bytes capstone cannot read: shown one at a time */
            fprintf(f, "0x%016" PRIx64 ":  .byte 0x%02x\n", at, *code);
            code++, size--, addr++;
        }
    }
    if (insn)
        cs.free(insn, 1);
}
#else
/* Without capstone: the bytes in hex, at most 16 a line, a line never crossing a marker. */
static void host_code_text(FILE *f, const struct rv_jit_tb *t, struct markers *m,
                           const uint8_t *code, size_t size)
{
    uint32_t off = (uint32_t)(code - t->code), stop = off + (uint32_t)size;
    while (off < stop) {
        markers_until(f, m, off);
        uint32_t end = off + 16 < stop ? off + 16 : stop, next;
        for (uint32_t k = m->next; k < t->n + 2; k++)
            if (marker_at(m, k, &next) && next > off && next < end)
                end = next;
        fprintf(f, "0x%016" PRIxPTR ": ", (uintptr_t)(t->code + off));
        for (; off < end; off++)
            fprintf(f, " %02x", t->code[off]);
        fputc('\n', f);
    }
}
#endif

static void log_out_asm(FILE *f, const struct rv_jit_tb *t)
{
    struct markers m = { .t = t, .next = 0 };
    fprintf(f, "OUT: [size=%" PRIu32 "] 0x%016" PRIx64 " at 0x%016" PRIxPTR "\n", t->code_size,
            (uint64_t)t->tb.pc, (uintptr_t)t->code);
    if (t->n && rv_jit_host_off(t)[0] > 0)
        fputs("  -- block entry\n", f);
    host_code_text(f, t, &m, t->code, t->code_size);
    const uint8_t *cold;
    size_t cold_size;
    rv_codemem_cold_part(t->region, t->code, &cold, &cold_size);
    if (cold_size) {
        fprintf(f, "  -- cold part [size=%zu]\n", cold_size);
        host_code_text(f, t, &m, cold, cold_size);
    }
    markers_until(f, &m, UINT32_MAX);
    fputc('\n', f);
}

void rv_jit_log_block(const struct rv_jit_tb *t)
{
    struct record r;
    if (!record_start(&r))
        return;
    if (rv_log.items & RV_LOG_IN_ASM)
        log_in_asm(r.f, t);
    if (rv_log.items & RV_LOG_OUT_ASM)
        log_out_asm(r.f, t);
    record_finish(&r);
}

void rv_jit_log_exec_line(const struct rv_jit_tb *t)
{
    char line[96];
    int n = snprintf(line, sizeof line, "Trace %d: 0x%016" PRIxPTR " [%016" PRIx64 "]\n",
                     (int)gettid(), (uintptr_t)t->code, (uint64_t)t->tb.pc);
    if (n > 0)
        rv_log_write(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}
