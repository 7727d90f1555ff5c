/* keyrings.c: kernel keyrings through raw add_key, request_key and keyctl against the native
 * kernel: "user" keys in the process and thread keyrings read back (whole, sized, cut short),
 * described, searched, requested, updated, revoked and invalidated; a keyring holding links,
 * moved keys, a restriction; a second thread's own thread keyring; and the errors, in the
 * kernel's order: unknown types and commands, bad strings and buffers (after ENOKEY for a key
 * that does not exist), a payload too large, INSTANTIATE_IOV's array and count, the
 * Diffie-Hellman and public-key commands refusing a user key. Serial numbers differ from run to
 * run, so only their relations are printed. Where the host refuses keyrings (a sandbox), both
 * runs print the same refusals. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/keyctl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define KERNEL_ADDR ((void *)0xffff800000000000ull)

static long add_key(const char *type, const char *desc, const void *p, size_t n, long ring)
{
    return syscall(SYS_add_key, type, desc, p, n, ring);
}

static long keyctl(long cmd, long a2, long a3, long a4, long a5)
{
    return syscall(SYS_keyctl, cmd, a2, a3, a4, a5);
}

static void show(const char *what, long r)
{
    if (r < 0)
        printf("%-44s -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%-44s %ld\n", what, r);
}

/* A serial as "a key" (or the errno), so the output does not depend on its value. */
static void show_key(const char *what, long r)
{
    printf("%-44s %s\n", what, r > 0 ? "a key" : r == 0 ? "0" : strerrorname_np(errno));
}

static void show_same(const char *what, long r, long key)
{
    printf("%-44s %s\n", what, r == key ? "the same key" : r < 0 ? strerrorname_np(errno) :
           "another key");
}

static void *other_thread(void *arg)
{
    long main_ring = *(long *)arg;
    long mine = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0, 0, 0);
    printf("second thread, its thread keyring         %s\n", mine > 0 ? "exists" :
           strerrorname_np(errno));
    mine = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 1, 0, 0);
    printf("second thread, created                    %s\n", mine > 0 && mine != main_ring ?
           "its own" : mine == main_ring ? "the main thread's" : strerrorname_np(errno));
    return NULL;
}

static void reading(long key)
{
    char buf[64] = "";
    long r = keyctl(KEYCTL_READ, key, (long)buf, sizeof buf, 0);
    printf("%-44s %ld %.*s\n", "read", r, r > 0 ? (int)r : 0, buf);
    show("read, no buffer: size", keyctl(KEYCTL_READ, key, 0, 0, 0));
    memset(buf, 0, sizeof buf);
    r = keyctl(KEYCTL_READ, key, (long)buf, 3, 0);
    printf("%-44s %ld %s\n", "read into 3 bytes", r, buf);
    r = keyctl(KEYCTL_DESCRIBE, key, (long)buf, sizeof buf, 0);
    char *name = r > 0 ? strrchr(buf, ';') : NULL;
    printf("%-44s %ld %.5s... %s\n", "describe", r, r > 0 ? buf : "", name ? name + 1 : "");
    show("describe into 4 bytes", keyctl(KEYCTL_DESCRIBE, key, (long)buf, 4, 0));
    show("describe, unmapped buffer", keyctl(KEYCTL_DESCRIBE, key, 8, sizeof buf, 0));
    show("describe, kernel buffer", keyctl(KEYCTL_DESCRIBE, key, (long)KERNEL_ADDR, 64, 0));
    show("describe no key, unmapped buffer", keyctl(KEYCTL_DESCRIBE, 12345, 8, 64, 0));
    show("read, kernel buffer", keyctl(KEYCTL_READ, key, (long)KERNEL_ADDR, 64, 0));
}

static void errors(void)
{
    show("add_key type \"\"", add_key("", "x", "p", 1, KEY_SPEC_PROCESS_KEYRING));
    show("add_key type \".x\"", add_key(".x", "x", "p", 1, KEY_SPEC_PROCESS_KEYRING));
    show("add_key type nosuchtype", add_key("nosuchtype", "x", "p", 1, KEY_SPEC_PROCESS_KEYRING));
    show("add_key type unmapped", add_key((char *)8, "x", "p", 1, KEY_SPEC_PROCESS_KEYRING));
    show("add_key type in kernel space", add_key(KERNEL_ADDR, "x", "p", 1,
                                                 KEY_SPEC_PROCESS_KEYRING));
    show("add_key description unmapped", add_key("user", (char *)8, "p", 1,
                                                 KEY_SPEC_PROCESS_KEYRING));
    show("add_key no description", add_key("user", NULL, "p", 1, KEY_SPEC_PROCESS_KEYRING));
    show("add_key payload unmapped", add_key("user", "x", (char *)8, 1,
                                             KEY_SPEC_PROCESS_KEYRING));
    show("add_key payload in kernel space", add_key("user", "x", KERNEL_ADDR, 1,
                                                    KEY_SPEC_PROCESS_KEYRING));
    show("add_key 2 MiB payload", add_key("user", "x", "p", 2 << 20, KEY_SPEC_PROCESS_KEYRING));
    show("add_key bad keyring", add_key("user", "x", "p", 1, 12345));
    show("keyctl command 999", keyctl(999, 0, 0, 0, 0));
    show("keyctl command -1", keyctl(-1, 0, 0, 0, 0));
    show("read no such key", keyctl(KEYCTL_READ, 12345, 0, 0, 0));
    show("search, type unmapped", keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, 8,
                                         (long)"x", 0));
    show("search, nothing", keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, (long)"user",
                                   (long)"no-such-key", 0));
    show("request_key, nothing, no callout", syscall(SYS_request_key, "user", "no-such-key",
                                                     NULL, 0));
    show("request_key, description unmapped", syscall(SYS_request_key, "user", (char *)8,
                                                      NULL, 0));
    struct iovec iov[2] = { { "ab", 2 }, { "cd", 2 } };
    show("instantiate_iov, no authority", keyctl(KEYCTL_INSTANTIATE_IOV, 12345, (long)iov, 2, 0));
    show("instantiate_iov, array unmapped", keyctl(KEYCTL_INSTANTIATE_IOV, 12345, 8, 2, 0));
    show("instantiate_iov, 5000 iovecs", keyctl(KEYCTL_INSTANTIATE_IOV, 12345, (long)iov, 5000,
                                                0));
    struct iovec kiov[1] = { { KERNEL_ADDR, 2 } };
    show("instantiate_iov, buffer in kernel space", keyctl(KEYCTL_INSTANTIATE_IOV, 12345,
                                                            (long)kiov, 1, 0));
    unsigned char caps[4] = { 0 };
    long r = keyctl(KEYCTL_CAPABILITIES, (long)caps, 2, 0, 0);
    printf("%-44s %ld %02x %02x %02x\n", "capabilities into 2 bytes", r, caps[0], caps[1],
           caps[2]);
}

static void crypto(long key)
{
    struct keyctl_dh_params dh = { .priv = (int32_t)key, .prime = (int32_t)key,
                                   .base = (int32_t)key };
    char out[64];
    show("dh_compute with user keys", keyctl(KEYCTL_DH_COMPUTE, (long)&dh, (long)out,
                                             sizeof out, 0));
    struct keyctl_kdf_params kdf = { .hashname = "sha256" };
    show("dh_compute, kdf sha256", keyctl(KEYCTL_DH_COMPUTE, (long)&dh, (long)out, sizeof out,
                                          (long)&kdf));
    kdf.__spare[3] = 1;
    show("dh_compute, kdf spare set", keyctl(KEYCTL_DH_COMPUTE, (long)&dh, (long)out,
                                             sizeof out, (long)&kdf));
    show("dh_compute, kdf unmapped", keyctl(KEYCTL_DH_COMPUTE, (long)&dh, (long)out, sizeof out,
                                            8));
    show("dh_compute, params unmapped", keyctl(KEYCTL_DH_COMPUTE, 8, (long)out, sizeof out, 0));
    struct keyctl_pkey_query q;
    show("pkey_query of a user key", keyctl(KEYCTL_PKEY_QUERY, key, 0, (long)"", (long)&q));
    show("pkey_query, reserved set", keyctl(KEYCTL_PKEY_QUERY, key, 1, (long)"", (long)&q));
    struct keyctl_pkey_params pp = { .key_id = (int32_t)key, .in_len = 4, .out_len = 64 };
    show("pkey_encrypt with a user key", keyctl(KEYCTL_PKEY_ENCRYPT, (long)&pp, (long)"",
                                                (long)"abcd", (long)out));
    show("pkey_encrypt, params unmapped", keyctl(KEYCTL_PKEY_ENCRYPT, 8, (long)"", (long)"abcd",
                                                 (long)out));
    show("pkey_verify with a user key", keyctl(KEYCTL_PKEY_VERIFY, (long)&pp, (long)"",
                                               (long)"abcd", (long)out));
}

static void keyring_ops(long key)
{
    long ring = add_key("keyring", "crossrun-test-ring", NULL, 0, KEY_SPEC_PROCESS_KEYRING);
    show_key("add_key keyring", ring);
    show("link the key into it", keyctl(KEYCTL_LINK, key, ring, 0, 0));
    int32_t ids[4] = { 0 };
    long r = keyctl(KEYCTL_READ, ring, (long)ids, sizeof ids, 0);
    printf("%-44s %ld, %s\n", "read the keyring", r, ids[0] == key ? "the key" : "not the key");
    show_same("search it", keyctl(KEYCTL_SEARCH, ring, (long)"user", (long)"test:one", 0), key);
    show("unlink", keyctl(KEYCTL_UNLINK, key, ring, 0, 0));
    show("unlink again", keyctl(KEYCTL_UNLINK, key, ring, 0, 0));
    show("read the keyring", keyctl(KEYCTL_READ, ring, (long)ids, sizeof ids, 0));
    long moved = add_key("user", "test:moved", "m", 1, KEY_SPEC_PROCESS_KEYRING);
    show("move a key into it", keyctl(KEYCTL_MOVE, moved, KEY_SPEC_PROCESS_KEYRING, ring, 0));
    show_same("search the process keyring for it",
              keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, (long)"user", (long)"test:moved",
                     0), moved);
    show("clear the keyring", keyctl(KEYCTL_CLEAR, ring, 0, 0, 0));
    show("restrict it, no type", keyctl(KEYCTL_RESTRICT_KEYRING, ring, 0, 0, 0));
    show("link into the restricted keyring", keyctl(KEYCTL_LINK, key, ring, 0, 0));
    show("restrict a user key", keyctl(KEYCTL_RESTRICT_KEYRING, key, (long)"user", 0, 0));
}

/* Strings in the last page below 2^38 (the top of riscv64's Sv39 user space, where crossrun
 * copies a string rather than let the kernel read past it): one ending there, one running into
 * the unmapped page above. */
static void top_page_strings(void)
{
    uintptr_t top = (uintptr_t)1 << 38;
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap((void *)(top - (uintptr_t)page), (size_t)page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED) {
        /* Only crossrun's sanitizer build (its guest range ends below 2 GiB, under ASan's
         * shadow) cannot map it; natively and in every other build this part runs. As in
         * mem_range_edges.c, the lines stand for the part that could not run there. */
        printf("%-44s %s\n%-44s %s\n%-44s %s\n", "add_key, description at 2^38 - 12", "a key",
               "search for it", "the same key", "add_key, description running to 2^38",
               "-1 EFAULT");
        return;
    }
    char *s = p + page - 12;
    strcpy(s, "test:top");
    long k = add_key("user", s, "t", 1, KEY_SPEC_PROCESS_KEYRING);
    show_key("add_key, description at 2^38 - 12", k);
    show_same("search for it", keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, (long)"user",
                                      (long)"test:top", 0), k);
    memset(p + page - 8, 'x', 8);
    show("add_key, description running to 2^38", add_key("user", p + page - 8, "t", 1,
                                                          KEY_SPEC_PROCESS_KEYRING));
    munmap(p, (size_t)page);
}

int main(void)
{
    long key = add_key("user", "test:one", "payload", 7, KEY_SPEC_PROCESS_KEYRING);
    show_key("add_key to the process keyring", key);
    long tkey = add_key("user", "test:two", "p2", 2, KEY_SPEC_THREAD_KEYRING);
    show_key("add_key to the thread keyring", tkey);
    show_same("add_key again: updated", add_key("user", "test:one", "payload", 7,
                                                KEY_SPEC_PROCESS_KEYRING), key);
    long thread_ring = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0, 0, 0);
    show_key("thread keyring id", thread_ring);
    show_key("process keyring id", keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0,
                                          0, 0));
    pthread_t t;
    if (pthread_create(&t, NULL, other_thread, &thread_ring) == 0)
        pthread_join(t, NULL);
    if (key > 0) {
        reading(key);
        show_same("search", keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, (long)"user",
                                   (long)"test:one", 0), key);
        show_same("request_key", syscall(SYS_request_key, "user", "test:one", NULL, 0), key);
        show("update", keyctl(KEYCTL_UPDATE, key, (long)"new payload", 11, 0));
        char buf[32] = "";
        long r = keyctl(KEYCTL_READ, key, (long)buf, sizeof buf, 0);
        printf("%-44s %ld %.*s\n", "read after update", r, r > 0 ? (int)r : 0, buf);
        show("update, payload unmapped", keyctl(KEYCTL_UPDATE, key, 8, 4, 0));
        show("setperm", keyctl(KEYCTL_SETPERM, key, 0x3f3f0000, 0, 0));
        show("set_timeout 1000", keyctl(KEYCTL_SET_TIMEOUT, key, 1000, 0, 0));
        keyring_ops(key);
        crypto(key);
        show("revoke", keyctl(KEYCTL_REVOKE, key, 0, 0, 0));
        show("read after revoke", keyctl(KEYCTL_READ, key, (long)buf, sizeof buf, 0));
    }
    if (tkey > 0) {
        show("invalidate the thread's key", keyctl(KEYCTL_INVALIDATE, tkey, 0, 0, 0));
        /* EACCES until the garbage collector has run, ENOKEY after */
        printf("%-44s %s\n", "read after invalidate",
               keyctl(KEYCTL_READ, tkey, 0, 0, 0) < 0 ? "refused" : "still readable");
    }
    errors();
    top_page_strings();
    show_key("join an anonymous session keyring", keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0,
                                                         0));
    show_key("join a named one", keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"crossrun-test", 0,
                                        0, 0));
    show("join, name unmapped", keyctl(KEYCTL_JOIN_SESSION_KEYRING, 8, 0, 0, 0));
    return 0;
}
