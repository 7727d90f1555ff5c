/*
 * syscall/strace/strace_guest.c - guest memory as --strace shows it (strace_guest.h).
 *
 * Strings and buffers are escaped as strace escapes them and cut after 32 bytes with "...";
 * paths are printed whole. Guest memory is read through checked copies, so a bad pointer
 * prints as an address and never faults the runner.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mem/uaccess.h"
#include "syscall/strace/strace_guest.h"

/* Page by page, so that a string running into an unmapped page still yields its mapped part. */
size_t rv_strace_peek(void *dst, guest_addr src, size_t n)
{
    size_t done = 0;
    while (done < n) {
        guest_addr at = src + done;
        size_t chunk = GUEST_PAGE_SIZE - (at & (GUEST_PAGE_SIZE - 1));
        if (chunk > n - done)
            chunk = n - done;
        if (at < src || copy_from_guest((char *)dst + done, at, chunk) < 0)
            break;
        done += chunk;
    }
    return done;
}

bool rv_strace_peek_all(void *dst, guest_addr src, size_t n)
{
    return src && rv_strace_peek(dst, src, n) == n;
}

void rv_strace_addr(FILE *out, guest_addr v)
{
    if (v)
        fprintf(out, "%#" PRIx64, v);
    else
        fputs("NULL", out);
}

/* strace's escaping: C escapes for the common controls, octal for other bytes outside the
 * printable ASCII range, with as few digits as the next byte allows. */
void rv_strace_quoted(FILE *out, const uint8_t *p, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        switch (c) {
        case '"':  fputs("\\\"", out); continue;
        case '\\': fputs("\\\\", out); continue;
        case '\n': fputs("\\n", out); continue;
        case '\t': fputs("\\t", out); continue;
        case '\r': fputs("\\r", out); continue;
        case '\v': fputs("\\v", out); continue;
        case '\f': fputs("\\f", out); continue;
        }
        if (c >= 0x20 && c < 0x7f) {
            fputc(c, out);
            continue;
        }
        bool next_digit = i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '7';
        if (next_digit)
            fprintf(out, "\\%03o", c);
        else
            fprintf(out, "\\%o", c);
    }
    fputc('"', out);
}

void rv_strace_string(FILE *out, guest_addr addr, size_t max)
{
    if (!addr) {
        fputs("NULL", out);
        return;
    }
    uint8_t *buf = malloc(max + 1);
    size_t got = buf ? rv_strace_peek(buf, addr, max + 1) : 0;
    uint8_t *nul = got ? memchr(buf, 0, got) : NULL;
    if (nul) {
        rv_strace_quoted(out, buf, (size_t)(nul - buf));
    } else if (got == max + 1) {
        rv_strace_quoted(out, buf, max);
        fputs("...", out);
    } else {
        rv_strace_addr(out, addr);   /* unreadable, or runs into an unmapped page */
    }
    free(buf);
}

void rv_strace_buffer(FILE *out, guest_addr addr, uint64_t len)
{
    uint8_t buf[RV_STRACE_STR_MAX] = { 0 };
    size_t show = len < RV_STRACE_STR_MAX ? (size_t)len : RV_STRACE_STR_MAX;
    if (!addr || rv_strace_peek(buf, addr, show) != show) {
        rv_strace_addr(out, addr);
        return;
    }
    rv_strace_quoted(out, buf, show);
    if (len > show)
        fputs("...", out);
}

void rv_strace_written_string(FILE *out, guest_addr addr, uint64_t len)
{
    char buf[RV_STRACE_PATH_CAP];
    size_t n = len < sizeof buf ? (size_t)len : sizeof buf;
    if (rv_strace_peek(buf, addr, n) != n) {
        rv_strace_addr(out, addr);
        return;
    }
    char *nul = memchr(buf, 0, n);
    rv_strace_quoted(out, (const uint8_t *)buf, nul ? (size_t)(nul - buf) : n);
}
