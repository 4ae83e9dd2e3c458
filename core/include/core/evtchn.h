/*
 * Event channels, Xen 2-level ABI (see core/evtchn.c and docs/evtchn-grants.md).
 *
 * Each domain has a fixed table of EVTCHN_MAX_PORTS ports; port 0 is never
 * allocated (as in Xen). Pending and mask bits live in the guest-visible
 * shared_info page, the per-vCPU selector and upcall flag in vcpu_info; the
 * upcall is injected with vcpu_raise_upcall().
 */
#ifndef CORE_EVTCHN_H
#define CORE_EVTCHN_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/spinlock.h>

#include <core/xen_abi/event_channel.h>

/* Ports per domain: a multiple of 64, at most the 2-level limit (4096). */
#ifndef EVTCHN_MAX_PORTS
#define EVTCHN_MAX_PORTS 128U
#endif
_Static_assert(EVTCHN_MAX_PORTS % XEN_EVTCHN_WORD_BITS == 0U, "whole selector words");
_Static_assert(EVTCHN_MAX_PORTS <= XEN_EVTCHN_2L_NR_PORTS, "2-level limit");

struct domain;
struct vcpu;

enum evtchn_state {
	EVTCHN_FREE = 0,
	EVTCHN_UNBOUND,     /* allocated, waiting for remote_dom to bind */
	EVTCHN_INTERDOMAIN, /* connected to (remote_dom, remote_port) */
	EVTCHN_VIRQ,        /* bound to virtual IRQ 'virq' on notify_vcpu */
	EVTCHN_IPI,         /* bound to an IPI towards notify_vcpu */
};

struct evtchn {
	uint8_t state;          /* enum evtchn_state */
	bool is_static;         /* connected at boot from the manifest; not closable */
	uint16_t notify_vcpu;   /* vCPU whose vcpu_info gets the upcall */
	xen_domid_t remote_dom; /* UNBOUND: who may bind; INTERDOMAIN: the peer */
	uint16_t remote_port;   /* INTERDOMAIN: the peer's port */
	uint32_t virq;          /* VIRQ: the virtual IRQ number */
};

/*
 * Where the 2-level words sit in shared_info, which differs by ISA (see
 * core/xen_abi/event_channel.h); read from the HAL at domain init.
 */
struct evtchn_shinfo_layout {
	uint16_t legacy_max_vcpus; /* vcpu_info slots at the start of shared_info */
	uint16_t vcpu_info_size;   /* bytes per slot */
};

/* Per-domain state, embedded in struct domain as 'evtchn'. */
struct evtchn_domain {
	spinlock_t lock; /* protects ports[]; see Locking in core/evtchn.c */
	struct evtchn_shinfo_layout layout;
	struct evtchn ports[EVTCHN_MAX_PORTS];
};

/*
 * Set up d's ports (all free) and take the shared_info layout from the HAL.
 * The shared_info page itself is d->shared_info (owned by core/domain.c).
 * @pre d not running. Returns 0.
 */
int evtchn_domain_init(struct domain *d);

/* Close every non-static port of d (peers see their ends become unbound);
 * static channels stay connected. For domain reset. */
void evtchn_domain_reset(struct domain *d);

/* The hypercall: EVTCHNOP_* cmd with a guest-physical argument pointer.
 * Returns 0 or a negative Xen errno. */
long do_event_channel_op(struct vcpu *v, unsigned cmd, uint64_t arg);

/* Raise virq on vCPU v if the guest bound it there (timer, console...);
 * nothing happens when it is not bound or virq is out of range. */
void evtchn_send_virq(struct vcpu *v, unsigned virq);

/* True when port is pending in d's shared_info (SCHEDOP_poll); false for
 * an invalid port or no shared_info. */
bool evtchn_port_pending(struct domain *d, uint32_t port);

/*
 * Connect a static (config-defined) interdomain channel: port la of a and
 * port lb of b, both free. Returns 0, -XEN_EINVAL (bad port, same port on the
 * same domain) or -XEN_EBUSY (a port already in use). Used at boot.
 */
int evtchn_bind_static(struct domain *a, uint32_t la, struct domain *b, uint32_t lb);

/* Connect every static channel of the manifest (NULL: none). Returns the
 * number connected, or a negative Xen errno naming nothing: the caller
 * (boot) stops loudly; the offending entry is printed here. */
int evtchn_static_boot(const void *manifest);

/* Internal to core/evtchn*.c: 2-level delivery on shared_info/vcpu_info. */
void evtchn_2l_set_pending(struct domain *d, uint32_t port, unsigned notify_vcpu);
void evtchn_2l_clear_pending(struct domain *d, uint32_t port);
void evtchn_2l_unmask(struct domain *d, uint32_t port, unsigned notify_vcpu);
bool evtchn_2l_is_pending(struct domain *d, uint32_t port);

#endif
