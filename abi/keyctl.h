/*
 * abi/keyctl.h - the structs keyctl's commands point at (include/uapi/linux/keyctl.h).
 *
 * Key serials, KEYCTL_* commands and KEY_SPEC_* ids are generic numbers, and these structs hold
 * fixed-width fields with one layout everywhere; syscall/keys.c copies the ones that carry
 * lengths or pointers, so that what the kernel uses is what was checked.
 */
#ifndef CROSSRUN_ABI_KEYCTL_H
#define CROSSRUN_ABI_KEYCTL_H

#include <stddef.h>
#include <stdint.h>

/* KEYCTL_DH_COMPUTE's first argument: three key serials, no pointers. */
struct rv_keyctl_dh_params {
    int32_t priv;
    int32_t prime;
    int32_t base;
};
_Static_assert(sizeof(struct rv_keyctl_dh_params) == 12, "struct keyctl_dh_params");

/* KEYCTL_DH_COMPUTE's key derivation: a hash name and other data, both guest pointers. */
struct rv_keyctl_kdf_params {
    uint64_t hashname;          /* a string */
    uint64_t otherinfo;         /* otherinfolen bytes */
    uint32_t otherinfolen;
    uint32_t spare[8];
};
_Static_assert(sizeof(struct rv_keyctl_kdf_params) == 56, "struct keyctl_kdf_params");
_Static_assert(offsetof(struct rv_keyctl_kdf_params, otherinfolen) == 16, "otherinfolen");

/* KEYCTL_PKEY_QUERY's result. */
struct rv_keyctl_pkey_query {
    uint32_t supported_ops;
    uint32_t key_size;
    uint16_t max_data_size, max_sig_size, max_enc_size, max_dec_size;
    uint32_t spare[10];
};
_Static_assert(sizeof(struct rv_keyctl_pkey_query) == 56, "struct keyctl_pkey_query");

/* KEYCTL_PKEY_{ENCRYPT,DECRYPT,SIGN,VERIFY}'s first argument: the lengths of the buffers that
 * follow it (out_len is VERIFY's in2_len). */
struct rv_keyctl_pkey_params {
    int32_t key_id;
    uint32_t in_len;
    uint32_t out_len;
    uint32_t spare[7];
};
_Static_assert(sizeof(struct rv_keyctl_pkey_params) == 40, "struct keyctl_pkey_params");

#define RV_KEYCTL_DH_COMPUTE   23
#define RV_KEYCTL_PKEY_QUERY   24
#define RV_KEYCTL_PKEY_ENCRYPT 25
#define RV_KEYCTL_PKEY_VERIFY  28
#define RV_KEYCTL_WATCH_KEY    32   /* the last command this table knows */

#endif
