/* exit_codes.c: the guest's exit status must reach the runner's parent unchanged.
 * Usage: exit_codes HOW CODE, HOW one of exit, _exit, return, raise.
 * guest-test: args exit 0
 * guest-test: args exit 1
 * guest-test: args exit 42
 * guest-test: args exit 255
 * guest-test: args _exit 42
 * guest-test: args return 1
 * guest-test: args return 255
 * guest-test: args exit 256
 * guest-test: args raise 15
 * guest-test: args raise 9
 * Exit status 256 checks truncation to 8 bits (the parent sees 0). "raise N" kills the program with
 * signal N (default action), which must kill the runner with the same signal, so the shell sees 128 + N.
 * Each run first prints a line, so stdout must also be flushed by exit() (and by hand before _exit). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: exit_codes exit|_exit|return|raise CODE\n");
        return 2;
    }
    int code = atoi(argv[2]);
    printf("exiting by %s with %d\n", argv[1], code);
    if (strcmp(argv[1], "exit") == 0)
        exit(code);
    if (strcmp(argv[1], "_exit") == 0) {
        fflush(stdout);
        _exit(code);
    }
    if (strcmp(argv[1], "raise") == 0) {
        fflush(stdout);
        raise(code);
        printf("still alive after raise(%d)\n", code);
    }
    return code;
}
