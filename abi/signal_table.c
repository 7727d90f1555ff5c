/*
 * abi/signal_table.c - the guest signal table behind abi/signal.h: names for --strace, the guest to
 * host number mapping and default actions (used by kill-of-self and, later, delivery).
 */
#include <signal.h>
#include <stdio.h>

#include "abi/signal.h"

struct rv_sig_info {
    const char *name;
    int host;
    char dfl;
};

static const struct rv_sig_info rv_sig_info[RV_NSIG + 1] = {
#define RV_SIG_ROW(nm, nr, d) [nr] = { #nm, nm, #d[0] },
    RV_SIGNAL_TABLE(RV_SIG_ROW)
#undef RV_SIG_ROW
};

/* The table relies on these guest numbers matching the host's; say so at build time. */
#define RV_SIG_CHECK(nm, nr, d) _Static_assert(nm == nr, #nm " differs between guest and host");
RV_SIGNAL_TABLE(RV_SIG_CHECK)
#undef RV_SIG_CHECK

const char *rv_signal_name(int sig)
{
    /* strace spells real-time signals SIGRTMIN and SIGRT_<n> counted from 32. */
    static const char *rt_names[RV_NSIG - RV_SIGRTMIN + 1] = {
        "SIGRTMIN", "SIGRT_1", "SIGRT_2", "SIGRT_3", "SIGRT_4", "SIGRT_5", "SIGRT_6",
        "SIGRT_7", "SIGRT_8", "SIGRT_9", "SIGRT_10", "SIGRT_11", "SIGRT_12", "SIGRT_13",
        "SIGRT_14", "SIGRT_15", "SIGRT_16", "SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20",
        "SIGRT_21", "SIGRT_22", "SIGRT_23", "SIGRT_24", "SIGRT_25", "SIGRT_26", "SIGRT_27",
        "SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31", "SIGRT_32",
    };
    if (sig >= 1 && sig < RV_SIGRTMIN)
        return rv_sig_info[sig].name;
    if (sig >= RV_SIGRTMIN && sig <= RV_NSIG)
        return rt_names[sig - RV_SIGRTMIN];
    return NULL;
}

int rv_signal_to_host(int sig)
{
    if (sig >= 1 && sig < RV_SIGRTMIN)
        return rv_sig_info[sig].host;
    /* Real-time signals are numbered from the kernel's 32 on both sides (not glibc's
     * SIGRTMIN, which reserves 32 and 33 for itself). */
    if (sig >= RV_SIGRTMIN && sig <= RV_NSIG)
        return sig;
    return -1;
}

char rv_signal_default_action(int sig)
{
    if (sig >= 1 && sig < RV_SIGRTMIN)
        return rv_sig_info[sig].dfl;
    return 'T';
}
