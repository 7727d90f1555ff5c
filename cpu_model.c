/*
 * cpu_model.c - checking qemu's -cpu spelling against crossrun's hart (see cpu_model.h).
 *
 * The hart is fixed: rv64gc with Zba, Zbb, Zbs and Zicond (what translate/riscv.def decodes,
 * and what /proc/cpuinfo and riscv_hwprobe report). So -cpu selects nothing; it is validated:
 * the models "rv64", "any" and "max" (max: the most this emulator has, as in qemu) are this
 * hart, a property enabling an extension crossrun implements is a no-op, and one it lacks
 * (v, zfh, h...) is an error rather than a program that later dies of SIGILL. Turning off an
 * extension the hart always has is an error too: crossrun cannot hide it from the decoder.
 * The machine-mode properties qemu accepts (pmp, mmu, priv_spec, the ids) have no meaning for a
 * user-mode program and are accepted as such.
 */
#include "cpu_model.h"

#include <stdio.h>
#include <string.h>

/* Extensions the hart implements; their sub-extensions (zmmul of M, zaamo and zalrsc of A, zca
 * and zcd of C) and the hints (pause is a fence, ntl hints are no-ops) with them. */
static const char *const implemented[] = {
    "i", "m", "a", "f", "d", "c", "g", "zicsr", "zifencei", "zicntr", "zba", "zbb", "zbs",
    "zicond", "zmmul", "zaamo", "zalrsc", "zca", "zcd", "zihintpause", "zihintntl",
};

/* Extensions qemu knows for riscv64 that crossrun does not implement. */
static const char *const missing[] = {
    "e", "h", "v", "zfh", "zfhmin", "zfa", "zfbfmin", "zve32f", "zve64f", "zve64d", "zve32x",
    "zve64x", "zvfh", "zvfhmin", "zvbb", "zvbc", "zvkb", "zvkg", "zvkned", "zvknha", "zvknhb",
    "zvksed", "zvksh", "zbc", "zbkb", "zbkc", "zbkx", "zknd", "zkne", "zknh", "zksed", "zksh",
    "zkr", "zkt", "zk", "zkn", "zks", "zcb", "zcf", "zcmp", "zcmt", "zicbom", "zicbop",
    "zicboz", "zihpm", "zawrs", "zacas", "zabha", "zimop", "zcmop", "zfinx", "zdinx",
    "zhinx", "zhinxmin", "ztso", "svadu", "svinval", "svnapot", "svpbmt", "sstc", "smaia",
    "ssaia", "smepmp", "smstateen", "sscofpmf", "x-zfbfmin",
};

/* Properties with no meaning for a user-mode program. */
static const char *const ignored[] = {
    "pmp", "mmu", "priv_spec", "mvendorid", "marchid", "mimpid", "debug", "sdtrig",
};

static const char *const models[] = { "rv64", "any", "max" };

static bool in(const char *const *list, size_t n, const char *word, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && strncmp(list[i], word, len) == 0)
            return true;
    return false;
}

#define IN(list, word, len) in(list, sizeof list / sizeof list[0], word, len)

/* 1 on, 0 off, -1 neither */
static int boolean(const char *v, size_t len)
{
    static const char *const on[] = { "on", "true", "yes", "1" };
    static const char *const off[] = { "off", "false", "no", "0" };
    return IN(on, v, len) ? 1 : IN(off, v, len) ? 0 : -1;
}

static bool check_property(const char *p, size_t len, char *err, size_t errlen)
{
    const char *eq = memchr(p, '=', len);
    size_t name_len = eq ? (size_t)(eq - p) : len;
    char name[64];
    if (name_len == 0 || name_len >= sizeof name) {
        snprintf(err, errlen, "-cpu: bad property '%.*s'", (int)len, p);
        return false;
    }
    for (size_t i = 0; i < name_len; i++)  /* qemu takes Zba and zba alike */
        name[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
    name[name_len] = '\0';
    if (IN(ignored, name, name_len))
        return true;
    int value = eq ? boolean(eq + 1, len - name_len - 1) : 1;  /* a bare name turns it on */
    bool known = IN(implemented, name, name_len), lacking = IN(missing, name, name_len);
    if (!known && !lacking) {
        snprintf(err, errlen, "-cpu: unknown extension or property '%s'", name);
        return false;
    }
    if (value < 0) {
        snprintf(err, errlen, "-cpu: '%.*s': %s takes on or off", (int)len, p, name);
        return false;
    }
    if (lacking && value) {
        snprintf(err, errlen, "-cpu: extension '%s' is not implemented by crossrun "
                 "(rv64gc, zba, zbb, zbs, zicond)", name);
        return false;
    }
    if (known && !value) {
        snprintf(err, errlen, "-cpu: extension '%s' cannot be turned off: crossrun always "
                 "implements it", name);
        return false;
    }
    return true;
}

const char rv_cpu_model_help[] =
    "Available CPUs (-cpu MODEL[,EXT=on|off...]):\n"
    "  rv64  rv64gc with zba, zbb, zbs, zicond, zicntr (also named any and max)\n"
    "Extensions it has may be named (=on) but not turned off; others cannot be turned on.\n";

bool rv_cpu_model_check(const char *spec, char *err, size_t errlen)
{
    size_t len = strcspn(spec, ",");
    if (!IN(models, spec, len)) {
        snprintf(err, errlen, "-cpu: unknown model '%.*s' (crossrun's hart is rv64: rv64gc "
                 "with zba, zbb, zbs, zicond)", (int)len, spec);
        return false;
    }
    for (const char *p = spec + len; *p;) {
        p++;  /* the comma */
        size_t n = strcspn(p, ",");
        if (n && !check_property(p, n, err, errlen))
            return false;
        p += n;
    }
    return true;
}
