/*
 * syscall/signal/sigaltstack.h - inside the signal wing: what the frame code (sigframe.c) needs
 * of the calling thread's alternate signal stack (sigaltstack.c). The rest of crossrun uses
 * syscall/signal/signal.h (rv_sig_altstack, sys_sigaltstack).
 */
#ifndef CROSSRUN_SIGALTSTACK_H
#define CROSSRUN_SIGALTSTACK_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/signal.h"

/* Alternate stack helpers for frames: is sp on it; restore it from a frame's uc_stack (as
 * sigaltstack, errors ignored by the caller); disarm it (SS_AUTODISARM). */
bool rv_sig_on_altstack(uint64_t sp);
long rv_sig_restore_altstack(const struct rv_stack *ss, uint64_t sp);
void rv_sig_disarm_altstack(void);

#endif
