/*
 * abi/sockios.h - the guest's network interface ioctls on a socket (include/uapi/linux/
 * sockios.h): the numbers and the two structs, laid out alike on riscv64 and x86-64 (both LP64).
 */
#ifndef CROSSRUN_ABI_SOCKIOS_H
#define CROSSRUN_ABI_SOCKIOS_H

#include <stdint.h>

/* if_nametoindex, if_indextoname and the interface list */
#define RV_SIOCGIFNAME  0x8910       /* struct ifreq: ifr_ifindex in, ifr_name out */
#define RV_SIOCGIFCONF  0x8912       /* struct ifconf, whose ifc_buf the kernel fills */
#define RV_SIOCGIFINDEX 0x8933       /* struct ifreq: ifr_name in, ifr_ifindex out */

/* struct ifreq: a 16-byte name and a 24-byte union (its largest member struct ifmap, whose
 * fields are 8, 8, 2, 1, 1 bytes and padding), 40 bytes on both 64-bit ABIs; SIOCGIFNAME and
 * SIOCGIFINDEX use only the name and an int. struct ifconf: an int, padding, a pointer. */
#define RV_IFREQ_SIZE 40
struct rv_ifconf {           /* field names of its own: <net/if.h> makes ifc_buf a macro */
    int32_t len;
    uint32_t pad;
    uint64_t buf;
};
_Static_assert(sizeof(struct rv_ifconf) == 16, "struct ifconf is 16 bytes");

#endif
