/*
 * tests/unit/guest_as_double.h - a stand-in for mem/addrspace.c in engine unit tests.
 *
 * The engine asks mem/addrspace whether guest code may be fetched (guest_as_accessible) and
 * sets guest_as_code_changed. Engine tests map a few fixed pages themselves instead of
 * reserving the whole guest range, and declare them here so that fetch checks see them.
 */
#ifndef CROSSRUN_TEST_GUEST_AS_DOUBLE_H
#define CROSSRUN_TEST_GUEST_AS_DOUBLE_H

#include "mem/addrspace.h"

/* Declares [start, start+len) as guest memory with protection prot (at most 16 regions). */
void test_guest_region(guest_addr start, uint64_t len, int prot);

#endif
