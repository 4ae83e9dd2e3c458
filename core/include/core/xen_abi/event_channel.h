/*
 * Xen public ABI: event channels, 2-level variant (public/event_channel.h
 * and the event fields of public/xen.h). Command numbers, structure layouts
 * and the shared_info/vcpu_info offsets match Xen's so that guests with Xen
 * support use Bulkhead unchanged. Layouts are checked by static asserts.
 */
#ifndef CORE_XEN_ABI_EVENT_CHANNEL_H
#define CORE_XEN_ABI_EVENT_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include <core/xen_abi/xen.h>

typedef uint32_t xen_evtchn_port_t;

/* EVTCHNOP_* commands (first argument of HYPERVISOR_event_channel_op). */
#define EVTCHNOP_bind_interdomain 0U
#define EVTCHNOP_bind_virq 1U
#define EVTCHNOP_bind_pirq 2U
#define EVTCHNOP_close 3U
#define EVTCHNOP_send 4U
#define EVTCHNOP_status 5U
#define EVTCHNOP_alloc_unbound 6U
#define EVTCHNOP_bind_ipi 7U
#define EVTCHNOP_bind_vcpu 8U
#define EVTCHNOP_unmask 9U
#define EVTCHNOP_reset 10U
#define EVTCHNOP_init_control 11U
#define EVTCHNOP_expand_array 12U
#define EVTCHNOP_set_priority 13U

/* Channel states reported by EVTCHNOP_status. */
#define EVTCHNSTAT_closed 0U
#define EVTCHNSTAT_unbound 1U
#define EVTCHNSTAT_interdomain 2U
#define EVTCHNSTAT_pirq 3U
#define EVTCHNSTAT_virq 4U
#define EVTCHNSTAT_ipi 5U

/* Virtual IRQs (public/xen.h): per-vCPU or global sources. */
#define XEN_VIRQ_TIMER 0U
#define XEN_VIRQ_DEBUG 1U
#define XEN_VIRQ_CONSOLE 2U
#define XEN_VIRQ_DOM_EXC 3U
#define XEN_NR_VIRQS 24U

struct xen_evtchn_alloc_unbound {
	xen_domid_t dom;        /* IN: DOMID_SELF or the caller's id */
	xen_domid_t remote_dom; /* IN: who may bind to the port */
	xen_evtchn_port_t port; /* OUT */
};

struct xen_evtchn_bind_interdomain {
	xen_domid_t remote_dom;        /* IN */
	xen_evtchn_port_t remote_port; /* IN: an unbound port of remote_dom */
	xen_evtchn_port_t local_port;  /* OUT */
};

struct xen_evtchn_bind_virq {
	uint32_t virq;          /* IN */
	uint32_t vcpu;          /* IN */
	xen_evtchn_port_t port; /* OUT */
};

struct xen_evtchn_bind_ipi {
	uint32_t vcpu;          /* IN */
	xen_evtchn_port_t port; /* OUT */
};

/* EVTCHNOP_close, EVTCHNOP_send and EVTCHNOP_unmask take only a port. */
struct xen_evtchn_port_arg {
	xen_evtchn_port_t port; /* IN */
};

struct xen_evtchn_status {
	xen_domid_t dom;        /* IN */
	xen_evtchn_port_t port; /* IN */
	uint32_t status;        /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;          /* OUT: vCPU notified */
	union {
		struct {
			xen_domid_t dom;
		} unbound;
		struct {
			xen_domid_t dom;
			xen_evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u; /* OUT */
};

_Static_assert(sizeof(struct xen_evtchn_alloc_unbound) == 8U, "ABI");
_Static_assert((size_t)offsetof(struct xen_evtchn_alloc_unbound, port) == 4U, "ABI");
_Static_assert(sizeof(struct xen_evtchn_bind_interdomain) == 12U, "ABI");
_Static_assert((size_t)offsetof(struct xen_evtchn_bind_interdomain, local_port) == 8U, "ABI");
_Static_assert(sizeof(struct xen_evtchn_bind_virq) == 12U, "ABI");
_Static_assert(sizeof(struct xen_evtchn_bind_ipi) == 8U, "ABI");
_Static_assert(sizeof(struct xen_evtchn_port_arg) == 4U, "ABI");
_Static_assert((size_t)offsetof(struct xen_evtchn_status, u) == 16U, "ABI");
_Static_assert(sizeof(struct xen_evtchn_status) == 24U, "ABI");

/*
 * The 2-level ABI's words in shared memory. xen_ulong_t is 64 bits on every
 * ISA Bulkhead supports, so one selector bit covers 64 ports.
 *
 * vcpu_info (identical on Arm64, x86-64 and RISC-V up to the end of these
 * fields): evtchn_upcall_pending (u8) at 0, evtchn_upcall_mask (u8) at 1,
 * evtchn_pending_sel (u64) at 8.
 *
 * shared_info: vcpu_info[XEN_LEGACY_MAX_VCPUS] first, then
 * evtchn_pending[64] (u64) and evtchn_mask[64] (u64). The number of legacy
 * vcpu_info slots and their size differ by ISA (x86-64: 32 x 64 bytes,
 * Arm64: 1 x 48 bytes), so the core takes them as data
 * (struct evtchn_shinfo_layout in core/evtchn.h), never from an #ifdef.
 */
#define XEN_VCPU_INFO_UPCALL_PENDING 0U
#define XEN_VCPU_INFO_UPCALL_MASK 1U
#define XEN_VCPU_INFO_PENDING_SEL 8U
#define XEN_EVTCHN_WORD_BITS 64U
#define XEN_EVTCHN_2L_NR_PORTS (XEN_EVTCHN_WORD_BITS * XEN_EVTCHN_WORD_BITS)

/* Per-ISA facts: Arm64 and RISC-V (as Arm), and x86-64. */
#define XEN_LEGACY_MAX_VCPUS_ARM 1U
#define XEN_VCPU_INFO_SIZE_ARM 48U
#define XEN_LEGACY_MAX_VCPUS_X86 32U
#define XEN_VCPU_INFO_SIZE_X86 64U

#endif
