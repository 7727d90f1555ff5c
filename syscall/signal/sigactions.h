/*
 * syscall/signal/sigactions.h - inside the signal wing: the table of guest signal actions of
 * the calling process (syscall/signal/sigactions.c), which sigstate.c reads and writes.
 */
#ifndef CROSSRUN_SIGACTIONS_H
#define CROSSRUN_SIGACTIONS_H

#include "syscall/signal/signal.h"

/* The calling process's table, indexed by guest signal (1..64): the runner's, or a CLONE_VM
 * child's own copy. Read and written under sigstate.c's lock. */
struct rv_sigaction *rv_sig_actions(void);

#endif
