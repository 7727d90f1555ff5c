/*
 * abi/mqueue.h - the guest's struct mq_attr (mq_open, mq_getsetattr) and mq_notify's cookie.
 *
 * Source: include/uapi/linux/mqueue.h. Every field is a long: the same layout on every LP64
 * architecture.
 */
#ifndef CROSSRUN_ABI_MQUEUE_H
#define CROSSRUN_ABI_MQUEUE_H

#include <stdint.h>

struct rv_mq_attr {
    int64_t mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs;
    int64_t reserved[4];
};
_Static_assert(sizeof(struct rv_mq_attr) == 64, "struct mq_attr is 64 bytes");

/* NOTIFY_COOKIE_LEN: the bytes of a SIGEV_THREAD notification's cookie. */
#define RV_NOTIFY_COOKIE_LEN 32

#endif
