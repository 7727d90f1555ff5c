/*
 * abi/errno.c - host errno -> guest errno, the single translation dispatch.c applies to every
 * handler result (see abi/errno.h for why an identity is still spelled out).
 */
#include <errno.h>

#include "abi/errno.h"

/* Each guest errno must exist on the host under the same name; its host value indexes the table. */
#define RV_ERRNO_ROW(name, value) [name] = RV_##name,
static const short host_to_guest[] = {
    RV_ERRNO_LIST(RV_ERRNO_ROW)
};
#undef RV_ERRNO_ROW

/* The identity is a fact about today's two ABIs, checked rather than assumed: a host with other
 * numbers stops the build here, and then the table above (not the handlers) is what changes. */
#define RV_ERRNO_SAME(name, value) \
    _Static_assert(name == RV_##name, "host " #name " differs from the guest's asm-generic value");
RV_ERRNO_LIST(RV_ERRNO_SAME)
#undef RV_ERRNO_SAME

int rv_errno_host_to_guest(int host_errno)
{
    if (host_errno > 0 && (unsigned)host_errno < sizeof host_to_guest / sizeof host_to_guest[0] &&
        host_to_guest[host_errno] != 0)
        return host_to_guest[host_errno];
    return host_errno;
}

long rv_errno_to_guest(long host_result)
{
    if (host_result >= 0 || host_result < -4095)
        return host_result;
    return -(long)rv_errno_host_to_guest((int)-host_result);
}
