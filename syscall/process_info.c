/*
 * syscall/process_info.c - the one struct rv_process of the runner (syscall/process_info.h).
 */
#include "syscall/process_info.h"

struct rv_process rv_proc;
