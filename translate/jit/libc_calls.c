/*
 * translate/jit/libc_calls.c - the host versions of guest string functions (libc_calls.h).
 *
 * Every guest address is checked against the guest range before it is touched (so a guest
 * pointer never reaches runner memory), and the touching happens with rv_libc_call_escape set,
 * so a host fault (unmapped, read-only, SIGBUS) gives the call back to the guest's own code.
 * Strings of unknown length are scanned a page at a time, so nothing past the page holding the
 * terminator is read, as the guest's word loops read nothing past it either.
 */
#include "translate/jit/libc_calls.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mem/addrspace.h"
#include "mem/uaccess.h"
#include "translate/jit/jit.h"
#include "translate/jit/perfmap_symbols.h"

__thread void **volatile rv_libc_call_escape;
uint64_t rv_libc_calls_done, rv_libc_calls_given_back;

static const struct {
    const char *name;
    enum rv_libc_fn fn;
} known[] = {
    { "strlen", RV_LIBC_STRLEN }, { "memcpy", RV_LIBC_MEMCPY }, { "memmove", RV_LIBC_MEMMOVE },
    { "memset", RV_LIBC_MEMSET }, { "strchr", RV_LIBC_STRCHR }, { "strcmp", RV_LIBC_STRCMP },
    { "memchr", RV_LIBC_MEMCHR }, { "memcmp", RV_LIBC_MEMCMP },
};

static bool enabled(void)
{
    static int on = -1;
    return rv_jit_env_on("CROSSRUN_JIT_LIBC", &on);
}

static bool is_known(const char *name)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(name, known[i].name) == 0)
            return true;
    return false;
}

enum rv_libc_fn rv_libc_fn_at(guest_addr pc)
{
    if (!enabled())
        return RV_LIBC_NONE;
    const char *name = rv_guest_libc_entry(pc, is_known);
    if (name)
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            if (strcmp(name, known[i].name) == 0)
                return known[i].fn;
    return RV_LIBC_NONE;
}

/* Bytes from addr to the end of its page. */
static size_t to_page_end(guest_addr addr)
{
    return GUEST_PAGE_SIZE - (addr & (GUEST_PAGE_SIZE - 1));
}

/* strchr, and strlen as c = 0: 0 when a page is outside the range, else 1 with *found the
 * first c before the terminator (the terminator itself when c is 0), or 0 when there is none. */
static int scan_chr(guest_addr s, char c, guest_addr *found)
{
    for (guest_addr at = s;; ) {
        size_t chunk = to_page_end(at);
        if (!guest_in_range(at, chunk))
            return 0;
        const char *p = g2h(at);
        const char *nul = memchr(p, 0, chunk);
        size_t upto = nul ? (size_t)(nul - p) + 1 : chunk;
        const char *hit = c ? memchr(p, c, upto) : nul;
        if (hit || nul) {
            *found = hit ? (guest_addr)(uintptr_t)hit : 0;
            return 1;
        }
        at += chunk;
    }
}

/* The lowest byte of x that is zero, as a mask of its high bit (0 when none). */
static uint64_t zero_bytes(uint64_t x)
{
    return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

/* strcmp: 0 when outside the range (the guest's code then runs), else 1 with *diff set. A
 * word at a time until one holds a difference or a's terminator, then byte by byte. */
static int scan_cmp(guest_addr a, guest_addr b, int64_t *diff)
{
    for (;;) {
        size_t chunk = to_page_end(a) < to_page_end(b) ? to_page_end(a) : to_page_end(b);
        if (!guest_in_range(a, chunk) || !guest_in_range(b, chunk))
            return 0;
        const unsigned char *p = g2h(a), *q = g2h(b);
        size_t i = 0;
        for (; i + 8 <= chunk; i += 8) {
            uint64_t x, y;
            memcpy(&x, p + i, 8);
            memcpy(&y, q + i, 8);
            if ((x ^ y) | zero_bytes(x))
                break;
        }
        for (; i < chunk; i++)
            if (p[i] != q[i] || !p[i]) {
                *diff = (int64_t)p[i] - (int64_t)q[i];
                return 1;
            }
        a += chunk;
        b += chunk;
    }
}

/* memcmp as glibc's generic C: the difference of the first differing bytes. */
static int64_t bytes_cmp(const unsigned char *p, const unsigned char *q, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != q[i])
            return (int64_t)p[i] - (int64_t)q[i];
    return 0;
}

/* The call, with the escape set: 1 and *ret, or 0 to let the guest's code run. */
static int run(int fn, const uint64_t *a, uint64_t *ret)
{
    switch (fn) {
    case RV_LIBC_STRLEN: {
        guest_addr nul;
        if (!scan_chr(a[0], 0, &nul))
            return 0;
        *ret = nul - a[0];
        return 1;
    }
    case RV_LIBC_MEMCPY:
    case RV_LIBC_MEMMOVE:
        if (!guest_in_range(a[0], a[2]) || !guest_in_range(a[1], a[2]))
            return 0;
        /* An overlapping move that faulted half way would have changed its source: only one
         * that cannot fault starts (the check takes the address space lock, the rare case). */
        if (a[0] != a[1] && a[0] < a[1] + a[2] && a[1] < a[0] + a[2] &&
            (!guest_as_accessible(a[1], a[2], PROT_READ) ||
             !guest_as_accessible(a[0], a[2], PROT_WRITE)))
            return 0;
        memmove(g2h(a[0]), g2h(a[1]), a[2]);
        *ret = a[0];
        return 1;
    case RV_LIBC_MEMSET:
        if (!guest_in_range(a[0], a[2]))
            return 0;
        memset(g2h(a[0]), (int)a[1], a[2]);
        *ret = a[0];
        return 1;
    case RV_LIBC_STRCHR:
        return scan_chr(a[0], (char)a[1], ret);
    case RV_LIBC_STRCMP: {
        int64_t d;
        if (!scan_cmp(a[0], a[1], &d))
            return 0;
        *ret = (uint64_t)(int64_t)(int32_t)d;
        return 1;
    }
    case RV_LIBC_MEMCHR: {
        if (!guest_in_range(a[0], a[2]))
            return 0;
        const char *hit = memchr(g2h(a[0]), (int)(unsigned char)a[1], a[2]);
        *ret = hit ? (guest_addr)(uintptr_t)hit : 0;
        return 1;
    }
    case RV_LIBC_MEMCMP:
        if (!guest_in_range(a[0], a[2]) || !guest_in_range(a[1], a[2]))
            return 0;
        *ret = (uint64_t)(int64_t)(int32_t)bytes_cmp(g2h(a[0]), g2h(a[1]), a[2]);
        return 1;
    default:
        return 0;
    }
}

void rv_libc_call_give_up(void **to)
{
    __builtin_longjmp(to, 1);
}

int rv_libc_call(struct rv_cpu *cpu, int fn)
{
    void *env[5];  /* __builtin_setjmp's: no signal mask saved (fault.c restores it) */
    uint64_t ret;
    if (__builtin_setjmp(env)) {
        rv_libc_call_escape = NULL;
        rv_libc_calls_given_back++;
        return 0;
    }
    rv_libc_call_escape = env;
    int done = run(fn, &cpu->x[10], &ret);
    rv_libc_call_escape = NULL;
    if (!done) {
        rv_libc_calls_given_back++;
        return 0;
    }
    rv_libc_calls_done++;
    cpu->x[10] = ret;
    cpu->pc = cpu->x[1] & ~(uint64_t)1;
    return 1;
}
