/* tests/guest/result_text.h - shared by guest tests that print what a call returned: "N", or
 * "-1 STRERROR" for a failure, so a native and an emulated run can be compared line by line.
 * The text lives in one static buffer: use it before the next call. */
#ifndef CROSSRUN_TESTS_GUEST_RESULT_TEXT_H
#define CROSSRUN_TESTS_GUEST_RESULT_TEXT_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *res(long r)
{
    static char buf[64];
    if (r < 0)
        snprintf(buf, sizeof buf, "-1 %s", strerror(errno));
    else
        snprintf(buf, sizeof buf, "%ld", r);
    return buf;
}

#endif
