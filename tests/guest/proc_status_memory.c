/* proc_status_memory.c: /proc/self/status counts the guest's own memory. mlock of one page
 * raises VmLck by 4 kB and munlock takes it back; touching 10 MB raises VmRSS and RssAnon by
 * about that and munmap takes it back; RssAnon + RssFile + RssShmem is VmRSS; the high-water
 * marks are at or above the current sizes. The runner's own memory (its code, heap and code
 * cache) is in none of them: VmRSS stays within the guest's mappings (VmSize) and near the sum
 * of the Rss fields of /proc/self/smaps. Only comparisons are printed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MB (1024L * 1024L)

/* One read of /proc/self/status: the fields in kB (-1 when absent). */
struct status {
    long size, peak, lck, pin, hwm, rss, anon, file, shmem, pte, swap;
};

static struct status read_status(void)
{
    static const char *const keys[] = { "VmSize", "VmPeak", "VmLck", "VmPin", "VmHWM", "VmRSS",
                                        "RssAnon", "RssFile", "RssShmem", "VmPTE", "VmSwap" };
    long v[sizeof keys / sizeof keys[0]];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        v[i] = -1;
    char buf[8192];
    FILE *f = fopen("/proc/self/status", "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (strncmp(line, keys[i], strlen(keys[i])) == 0 && line[strlen(keys[i])] == ':')
                v[i] = strtol(line + strlen(keys[i]) + 1, NULL, 10);
    return (struct status){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10] };
}

/* The sum of one field over all entries of /proc/self/smaps, in kB. */
static long smaps_sum_kb(const char *key)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    long sum = 0;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':')
            sum += strtol(line + n + 1, NULL, 10);
    if (f)
        fclose(f);
    return sum;
}

static const char *yes(int c) { return c ? "yes" : "no"; }

static void consistent(const char *when)
{
    struct status s = read_status();
    long smaps = smaps_sum_kb("Rss");
    printf("%s: RssAnon + RssFile + RssShmem = VmRSS: %s\n", when,
           yes(s.rss > 0 && s.anon + s.file + s.shmem == s.rss));
    printf("%s: VmHWM >= VmRSS, VmPeak >= VmSize: %s\n", when,
           yes(s.hwm >= s.rss && s.peak >= s.size));
    printf("%s: VmRSS within VmSize: %s\n", when, yes(s.rss <= s.size));
    /* (the kernel's counters are per-cpu and may lag the page tables by a few pages) */
    printf("%s: VmRSS at most 256 kB above the smaps Rss sum: %s\n", when,
           yes(s.rss <= smaps + 256));
    printf("%s: VmSwap, VmPTE and VmPin present: %s\n", when,
           yes(s.swap >= 0 && s.pte >= 0 && s.pin >= 0));
}

int main(void)
{
    consistent("at start");

    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long lck0 = read_status().lck;
    int r = mlock(page, 4096);
    printf("mlock of one page: %s\n", r == 0 ? "ok" : "failed");
    if (r == 0) {
        printf("VmLck grew by 4 kB: %s\n", yes(read_status().lck - lck0 == 4));
        munlock(page, 4096);
        printf("VmLck back after munlock: %s\n", yes(read_status().lck == lck0));
    }

    struct status before = read_status();
    char *big = mmap(NULL, 10 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (long i = 0; i < 10 * MB; i += 4096)
        big[i] = 1;
    struct status touched = read_status();
    long grew = touched.rss - before.rss, anon_grew = touched.anon - before.anon;
    printf("touching 10 MB: VmRSS grew by 9.5 to 11 MB: %s\n", yes(grew >= 9728 && grew <= 11264));
    printf("touching 10 MB: RssAnon grew by 9.5 to 11 MB: %s\n",
           yes(anon_grew >= 9728 && anon_grew <= 11264));
    consistent("with 10 MB touched");
    munmap(big, 10 * MB);
    struct status after = read_status();
    long fell = touched.rss - after.rss;
    printf("munmap: VmRSS fell by 9.5 to 11 MB: %s\n", yes(fell >= 9728 && fell <= 11264));
    printf("munmap: VmHWM still 9.5 MB above VmRSS: %s\n", yes(after.hwm - after.rss >= 9728));
    return 0;
}
