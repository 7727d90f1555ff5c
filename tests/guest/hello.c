/* hello.c: the smallest guest test: one line on stdout, exit status 0.
 * guest-test: static-pie
 * It is built static, dynamic and static-pie, so it is the first thing to break when the loader does. */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
