/*
 * abi/epoll.h - the guest's struct epoll_event and its conversion to and from the host's.
 *
 * Source: include/uapi/linux/eventpoll.h. The trap this file exists for: the struct is
 *     struct epoll_event { __poll_t events; __u64 data; } EPOLL_PACKED;
 * and EPOLL_PACKED is __attribute__((packed)) on x86-64 only. So on riscv64 data sits at offset
 * 8 after 4 bytes of padding (16 bytes in all), on the x86-64 host at offset 4 (12 bytes), and
 * an array of guest events can never be handed to the host kernel as it is: epoll_ctl converts
 * one event in, epoll_pwait converts the harvested events out.
 * Event bits, EPOLL_CTL_* and EPOLL_CLOEXEC (= O_CLOEXEC) are the same numbers on both sides.
 */
#ifndef CROSSRUN_ABI_EPOLL_H
#define CROSSRUN_ABI_EPOLL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>

#include "abi/types.h"

struct rv_epoll_event {
    uint32_t events;
    uint32_t pad;           /* natural alignment of data on riscv64 (no EPOLL_PACKED) */
    uint64_t data;
};
_Static_assert(sizeof(struct rv_epoll_event) == 16, "riscv64 epoll_event is 16 bytes");
_Static_assert(offsetof(struct rv_epoll_event, data) == 8, "riscv64 epoll_event.data at 8");

/* The host's, from <sys/epoll.h>: packed on x86-64. */
_Static_assert(sizeof(struct epoll_event) == 12, "x86-64 epoll_event is packed, 12 bytes");
_Static_assert(offsetof(struct epoll_event, data) == 4, "x86-64 epoll_event.data at 4");

#define RV_EPOLL_CTL_ADD  1
#define RV_EPOLL_CTL_DEL  2
#define RV_EPOLL_CTL_MOD  3
#define RV_EPOLL_CLOEXEC  02000000

#define RV_EPOLLIN         0x00000001u
#define RV_EPOLLPRI        0x00000002u
#define RV_EPOLLOUT        0x00000004u
#define RV_EPOLLERR        0x00000008u
#define RV_EPOLLHUP        0x00000010u
#define RV_EPOLLNVAL       0x00000020u
#define RV_EPOLLRDNORM     0x00000040u
#define RV_EPOLLRDBAND     0x00000080u
#define RV_EPOLLWRNORM     0x00000100u
#define RV_EPOLLWRBAND     0x00000200u
#define RV_EPOLLMSG        0x00000400u
#define RV_EPOLLRDHUP      0x00002000u
#define RV_EPOLLEXCLUSIVE  (1u << 28)
#define RV_EPOLLWAKEUP     (1u << 29)
#define RV_EPOLLONESHOT    (1u << 30)
#define RV_EPOLLET         (1u << 31)

/* EP_MAX_EVENTS of fs/eventpoll.c for the guest's 16-byte struct: epoll_wait's maxevents
 * limit as the riscv64 kernel computes it. */
#define RV_EP_MAX_EVENTS  (INT32_MAX / (int32_t)sizeof(struct rv_epoll_event))

static inline void rv_epoll_event_to_host(struct epoll_event *h, const struct rv_epoll_event *g)
{
    h->events = rv_le32(g->events);
    h->data.u64 = rv_le64(g->data);
}

static inline void rv_epoll_event_to_guest(struct rv_epoll_event *g, const struct epoll_event *h)
{
    g->events = rv_le32(h->events);
    g->pad = 0;
    g->data = rv_le64(h->data.u64);
}

#endif
