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
#define EVTCHN_MAX_PORTS 256U
#endif
_Static_assert(EVTCHN_MAX_PORTS % XEN_EVTCHN_WORD_BITS == 0U, "whole selector words");
_Static_assert(EVTCHN_MAX_PORTS <= XEN_EVTCHN_2L_NR_PORTS, "2-level limit");

struct domain;
struct vcpu;

/* Port states (struct evtchn.state). */
#define EVTCHN_FREE 0U
#define EVTCHN_UNBOUND 1U     /* allocated, waiting for remote_dom to bind */
#define EVTCHN_INTERDOMAIN 2U /* connected to (remote_dom, remote_port) */
#define EVTCHN_VIRQ 3U        /* bound to virtual IRQ 'virq' on notify_vcpu */
#define EVTCHN_IPI 4U         /* bound to an IPI towards notify_vcpu */

struct evtchn {
	uint8_t state;          /* EVTCHN_* */
	bool is_static;         /* connected at boot from the manifest; not closable */
	uint16_t notify_vcpu;   /* vCPU whose vcpu_info gets the upcall */
	xen_domid_t remote_dom; /* UNBOUND: who may bind; INTERDOMAIN: the peer */
	uint16_t remote_port;   /* INTERDOMAIN: the peer's port */
	uint32_t virq;          /* VIRQ: the virtual IRQ number */
};

/*
 * Where the 2-level words sit in shared_info, which differs by ISA (see
 * core/xen_abi/event_channel.h): the domain builder fills it from
 * hal_xen_legacy_max_vcpus() and hal_xen_vcpu_info_size().
 */
struct evtchn_shinfo_layout {
	uint16_t legacy_max_vcpus; /* vcpu_info slots at the start of shared_info */
	uint16_t vcpu_info_size;   /* bytes per slot */
};

/* Per-domain state, embedded in struct domain as 'evtchn'. */
struct evtchn_domain {
	spinlock_t lock;      /* protects ports[]; see Locking in core/evtchn.c */
	uint8_t *shared_info; /* hypervisor view of the shared_info page, or NULL */
	struct evtchn_shinfo_layout layout;
	struct evtchn ports[EVTCHN_MAX_PORTS];
};

/* Per-vCPU state, embedded in struct vcpu as 'evtchn'. */
struct evtchn_vcpu {
	uint8_t *vcpu_info; /* registered vcpu_info, or NULL: the legacy slot */
};

/*
 * Set up d's ports (all free) and remember its shared_info page.
 * @pre d not running; shared_info is a page-aligned page that stays valid
 *      (NULL: no event can be delivered until a page is given).
 */
void evtchn_domain_init(struct domain *d, void *shared_info,
                        const struct evtchn_shinfo_layout *layout);

/* Close every non-static port of d (peers see their ends become unbound);
 * static channels stay connected. For domain reset. */
void evtchn_domain_reset(struct domain *d);

/* Forget v's registered vcpu_info (back to the legacy slot). */
void evtchn_vcpu_init(struct vcpu *v);

/* VCPUOP_register_vcpu_info: from now on v's vcpu_info is at vcpu_info, a
 * hypervisor pointer to guest memory already translated and checked.
 * @pre vcpu_info is 8-byte aligned and vcpu_info_size bytes are mapped. */
void evtchn_vcpu_set_info(struct vcpu *v, void *vcpu_info);

/* The hypercall: EVTCHNOP_* cmd with a guest-physical argument pointer.
 * Returns 0 or a negative Xen errno. */
long do_event_channel_op(struct vcpu *v, unsigned cmd, uint64_t arg);

/* Raise virq on vCPU v if the guest bound it there (timer, console...).
 * Returns 0, -XEN_EINVAL (virq out of range) or -XEN_ENOENT (not bound). */
int evtchn_send_virq(struct vcpu *v, unsigned virq);

/* True when v's vcpu_info has evtchn_upcall_pending set (SCHEDOP_block). */
bool evtchn_vcpu_upcall_pending(struct vcpu *v);

/* True when port is pending in d's shared_info (SCHEDOP_poll); false for
 * an invalid port or no shared_info. */
bool evtchn_port_pending(struct domain *d, uint32_t port);

/*
 * Connect a static (config-defined) interdomain channel: port la of a and
 * port lb of b, both free. Returns 0, -XEN_EINVAL (bad port, same port on the
 * same domain) or -XEN_EBUSY (a port already in use). Used at boot.
 */
int evtchn_bind_static(struct domain *a, uint32_t la, struct domain *b, uint32_t lb);

/*
 * Connect every static channel of a verified manifest image (NULL: none),
 * after all domains exist and before any runs. Returns the number connected,
 * or the first error (-XEN_ESRCH, -XEN_EINVAL, -XEN_EBUSY) after printing
 * the offending entry; the caller stops the boot.
 */
int evtchn_connect_static(const void *manifest_image);

/* evtchn_connect_static(core_manifest()); a bad entry panics (boot). */
unsigned evtchn_connect_static_from_manifest(void);

/*
 * Internal to core/evtchn*.c (not for other subsystems).
 */
/* DOMID_SELF -> self; another id -> that domain or NULL. */
struct domain *evtchn_resolve_domid(struct domain *self, uint32_t id);
/* Take/release both domains' event locks in ascending id order (a == b ok). */
void evtchn_lock_pair(struct domain *a, struct domain *b);
void evtchn_unlock_pair(struct domain *a, struct domain *b);
/* Lowest free port > 0 or 0 when full; free a port. @pre d's lock held. */
uint32_t evtchn_find_free(struct domain *d);
void evtchn_free_port(struct domain *d, uint32_t port);
/* EVTCHNOP_* on decoded arguments; OUT fields filled on success. */
long evtchn_op_alloc_unbound(struct domain *d, struct xen_evtchn_alloc_unbound *a);
long evtchn_op_bind_interdomain(struct domain *d, struct xen_evtchn_bind_interdomain *a);
long evtchn_op_bind_virq(struct domain *d, struct xen_evtchn_bind_virq *a);
long evtchn_op_bind_ipi(struct domain *d, struct xen_evtchn_bind_ipi *a);
long evtchn_op_status(struct domain *d, struct xen_evtchn_status *a);
long evtchn_op_close(struct domain *d, uint32_t port);
long evtchn_op_send(struct domain *d, uint32_t port);
long evtchn_op_unmask(struct domain *d, uint32_t port);
/* 2-level delivery on shared_info/vcpu_info (core/evtchn_2l.c). */
void evtchn_2l_set_pending(struct domain *d, uint32_t port, unsigned notify_vcpu);
void evtchn_2l_clear_pending(struct domain *d, uint32_t port);
void evtchn_2l_unmask(struct domain *d, uint32_t port, unsigned notify_vcpu);
bool evtchn_2l_is_pending(struct domain *d, uint32_t port);
/* The vcpu_info v's guest reads (registered, else legacy slot), or NULL. */
uint8_t *evtchn_vcpu_info(struct vcpu *v);

#endif
