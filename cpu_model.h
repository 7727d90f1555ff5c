/*
 * cpu_model.h - qemu's -cpu MODEL[,PROP=VALUE...] (and QEMU_CPU), checked against what
 * crossrun's hart implements, so that a command line written for qemu-riscv64 either means
 * the same here or says why not.
 */
#ifndef CROSSRUN_CPU_MODEL_H
#define CROSSRUN_CPU_MODEL_H

#include <stdbool.h>
#include <stddef.h>

/* true when spec asks for nothing crossrun's hart lacks and turns off nothing it always has;
 * otherwise false with one line in err (no prefix, no newline). */
bool rv_cpu_model_check(const char *spec, char *err, size_t errlen);

/* What -cpu help prints. */
extern const char rv_cpu_model_help[];

#endif
