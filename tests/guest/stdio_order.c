/* stdio_order.c: ordering and volume of output. Lines alternate between stdout and stderr with fflush
 * after each, so when the harness sends both to one file (its "merged" run) the order must match the
 * native run exactly; stdio buffering modes (line, full, none) are switched with setvbuf; then 1 MiB of
 * generated text goes to stdout, which the harness compares by checksum.
 * guest-test: merged
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    for (int i = 0; i < 20; i++) {
        FILE *f = i % 3 == 0 ? stderr : stdout;
        fprintf(f, "line %d to %s\n", i, f == stderr ? "stderr" : "stdout");
        fflush(f);
    }
    /* raw write(2) between stdio calls must land between them */
    printf("before raw write\n");
    fflush(stdout);
    if (write(1, "raw write to fd 1\n", 18) != 18)
        return 1;
    if (write(2, "raw write to fd 2\n", 18) != 18)
        return 1;
    fputs("after raw write\n", stdout);
    fflush(stdout);

    /* unbuffered stdout: every fputc is a write */
    setvbuf(stdout, NULL, _IONBF, 0);
    for (const char *p = "unbuffered\n"; *p; p++)
        fputc(*p, stdout);
    fputs("stderr after unbuffered\n", stderr);
    static char big[1 << 16];
    setvbuf(stdout, big, _IOFBF, sizeof big);

    /* 1 MiB of text: 16384 lines of 64 bytes */
    unsigned long x = 1;
    char line[65];
    for (int i = 0; i < 16384; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        int n = snprintf(line, sizeof line, "%05d %016lx ", i, x);
        for (; n < 63; n++)
            line[n] = (char)('a' + (x >> (n % 60)) % 26);
        line[63] = '\n';
        fwrite(line, 1, 64, stdout);
    }
    fflush(stdout);
    fputs("stderr at the end\n", stderr);
    printf("last line\n");
    return 0;
}
