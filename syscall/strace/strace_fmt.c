/*
 * syscall/strace/strace_fmt.c - formats one guest syscall like strace does (see strace_fmt.h and
 * the conversion vocabulary at the top of syscall/syscalls.def): the line around the arguments.
 *
 *     openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *     read(3, "root:x:0:0:root:/root:/bin/bash\n"..., 4096) = 1234
 *     openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory)
 *
 * This file walks the fmt column, prints the name, the parentheses, the commas and the result
 * (an errno by name, a resumed or unfinished call); each argument is printed by its row of the
 * conversion table (strace_conv.c). Structures the call writes are printed only when it
 * succeeded, otherwise as their address, as strace does.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "abi/errno.h"
#include "syscall/strace/strace_conv.h"
#include "syscall/strace/strace_fmt.h"
#include "syscall/strace/strace_guest.h"

/* Prints argument i with the conversion named by the len characters at name (unknown ones as
 * %x). Returns false when the argument is to be left out (openat's mode without O_CREAT). */
static bool print_arg(struct rv_strace_args *c, const char *name, size_t len, int i)
{
    const struct rv_strace_conv *conv = rv_strace_conv_find(name, len);
    if (!conv)
        conv = rv_strace_conv_find("x", 1);
    if ((conv->flags & RV_STRACE_CREAT_MODE) && c->skip_mode)
        return false;
    if ((conv->flags & RV_STRACE_WRITTEN) && (!c->ok || !c->a[i])) {
        rv_strace_addr(c->out, c->a[i]);
        return true;
    }
    conv->print(c, i);
    return true;
}

static const char *errno_name(int e)
{
    switch (e) {
#define RV_ERRNO_CASE(name, value) case value: return #name;
    RV_ERRNO_LIST(RV_ERRNO_CASE)
#undef RV_ERRNO_CASE
    default: return NULL;
    }
}

static void print_return(FILE *out, const char *conv, long ret)
{
    if (ret == -RV_ERESTARTNOINTR) {  /* a signal came first: the call runs again (abi/errno.h) */
        fputs(" = ? ERESTARTNOINTR (To be restarted)", out);
        return;
    }
    if (ret < 0 && ret >= -4095) {
        int e = (int)-ret;
        const char *name = errno_name(e);
        if (name)
            fprintf(out, " = -1 %s (%s)", name, strerror(e));   /* guest errno = host errno */
        else
            fprintf(out, " = -1 E%d", e);
        return;
    }
    if (conv && (!strcmp(conv, "ptr") || !strcmp(conv, "x")))
        fprintf(out, ret ? " = %#lx" : " = %ld", ret);
    else if (conv && !strcmp(conv, "o"))
        fprintf(out, " = %#03lo", ret);
    else
        fprintf(out, " = %ld", ret);
}

/* The conversion after " = " in fmt, copied into buf, or NULL. */
static const char *return_conv(const char *fmt, char *buf, size_t size)
{
    const char *eq = fmt ? strstr(fmt, " = %") : NULL;
    if (!eq)
        return NULL;
    snprintf(buf, size, "%s", eq + 4);
    return buf;
}

static void print_args(struct rv_strace_args *c, const char *fmt)
{
    if (!fmt) {
        for (int i = 0; i < 6; i++)
            fprintf(c->out, "%s%#" PRIx64, i ? ", " : "", c->a[i]);
        return;
    }
    const char *end = strstr(fmt, " = ");
    if (!end)
        end = fmt + strlen(fmt);
    int i = 0;
    bool any = false;
    for (const char *p = fmt; p < end && i < 6;) {
        const char *conv = strchr(p, '%');
        if (!conv || conv >= end)
            break;
        conv++;
        size_t n = strcspn(conv, ", ");
        if (conv + n > end)
            n = (size_t)(end - conv);
        const char *after = conv + n;
        c->mode_follows = after < end && strncmp(after, ", %mode", 7) == 0;
        /* Print into a scratch stream first: an argument may decide to vanish (the mode). */
        char *text = NULL;
        size_t len = 0;
        FILE *arg = open_memstream(&text, &len);
        if (arg) {
            FILE *saved = c->out;
            c->out = arg;
            bool shown = print_arg(c, conv, n, i);
            c->out = saved;
            fclose(arg);
            if (shown) {
                fprintf(c->out, "%s%s", any ? ", " : "", text);
                any = true;
            }
            free(text);
        }
        i++;
        p = conv + n;
    }
}

void rv_strace_call(FILE *out, const char *name, const char *fmt, const uint64_t *a, long ret,
                    enum rv_strace_mode mode)
{
    struct rv_strace_args c = {
        .out = out,
        .a = a,
        .ret = ret,
        .ok = mode == RV_STRACE_DONE && !(ret < 0 && ret >= -4095),
    };
    fprintf(out, "%s(", name);
    print_args(&c, fmt);
    switch (mode) {
    case RV_STRACE_DONE: {
        char buf[32];
        fputc(')', out);
        print_return(out, return_conv(fmt, buf, sizeof buf), ret);
        break;
    }
    case RV_STRACE_NORETURN:
        fputs(") = ?", out);
        break;
    case RV_STRACE_UNFINISHED:
        fputs(" <unfinished ...>", out);
        break;
    }
    fputc('\n', out);
}

void rv_strace_resumed(FILE *out, const char *name, const char *fmt, long ret)
{
    char buf[32];
    fprintf(out, "<... %s resumed>)", name);
    print_return(out, return_conv(fmt, buf, sizeof buf), ret);
    fputc('\n', out);
}
