/* tests/guest/sysv_common.h - shared by the System V IPC tests (sysv_shm.c, sysv_sem.c,
 * sysv_msg.c): the ids a test made, removed at its end and on a timeout, so the machine's IPC
 * namespace is never littered. Define SYSV_RMID(id) (the object kind's IPC_RMID) first. */
#ifndef CROSSRUN_TESTS_GUEST_SYSV_COMMON_H
#define CROSSRUN_TESTS_GUEST_SYSV_COMMON_H

#include <errno.h>
#include <string.h>
#include <unistd.h>

static int ids[8], nids;  /* what cleanup() removes */

static void cleanup(void)
{
    for (int i = 0; i < nids; i++)
        SYSV_RMID(ids[i]);
}

/* A test stuck in a wait still removes what it made. */
static void on_alarm(int sig)
{
    cleanup();
    _exit(sig);
}

static int track(int id)
{
    if (id >= 0 && nids < 8)
        ids[nids++] = id;
    return id;
}

static const char *err(long r)
{
    return r < 0 ? strerrorname_np(errno) : "ok";
}

#endif
