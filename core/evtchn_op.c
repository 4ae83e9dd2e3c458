/*
 * Event channels: the EVTCHNOP_* hypercall entry (decode and copy-out).
 *
 * Design: the argument is a guest-physical pointer. Commands with results
 * get a writable, bounds-checked hypervisor pointer to the whole structure
 * before anything happens (guest_ptr), copy it in, run the operation on the
 * local copy and write back only the output fields; commands without
 * results only read it. A bad pointer therefore fails with -EFAULT
 * before any state changes. Unknown or unsupported commands: -ENOSYS.
 *
 * Locking: none here (see core/evtchn.c).
 */
#include <stddef.h>
#include <stdint.h>

#include <lib/string.h>

#include <core/domain.h>
#include <core/evtchn.h>
#include <core/guest_access.h>

union evtchn_arg {
	struct xen_evtchn_alloc_unbound alloc_unbound;
	struct xen_evtchn_bind_interdomain bind_interdomain;
	struct xen_evtchn_bind_virq bind_virq;
	struct xen_evtchn_bind_ipi bind_ipi;
	struct xen_evtchn_status status;
	struct xen_evtchn_port_arg port;
};

/* Size of each command's argument and the OUT bytes written back. */
struct evtchn_arg_desc {
	uint8_t size;
	uint8_t out_off;
	uint8_t out_len;
};

#define OUT_TAIL(type, field)                                                                      \
	(uint8_t)(size_t) offsetof(type, field),                                                   \
	        (uint8_t)(sizeof(type) - (size_t)offsetof(type, field))

static const struct evtchn_arg_desc arg_desc[EVTCHNOP_unmask + 1U] = {
        [EVTCHNOP_bind_interdomain] = {sizeof(struct xen_evtchn_bind_interdomain),
                                       OUT_TAIL(struct xen_evtchn_bind_interdomain, local_port)},
        [EVTCHNOP_bind_virq] = {sizeof(struct xen_evtchn_bind_virq),
                                OUT_TAIL(struct xen_evtchn_bind_virq, port)},
        [EVTCHNOP_close] = {sizeof(struct xen_evtchn_port_arg), 0U, 0U},
        [EVTCHNOP_send] = {sizeof(struct xen_evtchn_port_arg), 0U, 0U},
        [EVTCHNOP_status] = {sizeof(struct xen_evtchn_status),
                             OUT_TAIL(struct xen_evtchn_status, status)},
        [EVTCHNOP_alloc_unbound] = {sizeof(struct xen_evtchn_alloc_unbound),
                                    OUT_TAIL(struct xen_evtchn_alloc_unbound, port)},
        [EVTCHNOP_bind_ipi] = {sizeof(struct xen_evtchn_bind_ipi),
                               OUT_TAIL(struct xen_evtchn_bind_ipi, port)},
        [EVTCHNOP_unmask] = {sizeof(struct xen_evtchn_port_arg), 0U, 0U},
};

/* @pre cmd has a descriptor. */
static long run(struct domain *d, unsigned cmd, union evtchn_arg *a)
{
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		return evtchn_op_alloc_unbound(d, &a->alloc_unbound);
	case EVTCHNOP_bind_interdomain:
		return evtchn_op_bind_interdomain(d, &a->bind_interdomain);
	case EVTCHNOP_bind_virq:
		return evtchn_op_bind_virq(d, &a->bind_virq);
	case EVTCHNOP_bind_ipi:
		return evtchn_op_bind_ipi(d, &a->bind_ipi);
	case EVTCHNOP_status:
		return evtchn_op_status(d, &a->status);
	case EVTCHNOP_close:
		return evtchn_op_close(d, a->port.port);
	case EVTCHNOP_send:
		return evtchn_op_send(d, a->port.port);
	default:
		return evtchn_op_unmask(d, a->port.port);
	}
}

/* [impl->dsn~evtchn-hypercall~1] */
long do_event_channel_op(struct vcpu *v, unsigned cmd, uint64_t arg)
{
	struct domain *d = v->domain;
	const struct evtchn_arg_desc *desc;
	union evtchn_arg a;
	uint8_t *bytes = (uint8_t *)&a;
	uint8_t *g;
	long rc;

	if (cmd >= sizeof(arg_desc) / sizeof(arg_desc[0]) || arg_desc[cmd].size == 0U) {
		return -XEN_ENOSYS;
	}
	desc = &arg_desc[cmd];
	/* Checked writable up front when there is something to write back. */
	g = guest_ptr(d, arg, desc->size, desc->out_len != 0U);
	if (g == NULL) {
		return -XEN_EFAULT;
	}
	(void)memcpy(bytes, g, desc->size);
	rc = run(d, cmd, &a);
	if (rc == 0 && desc->out_len != 0U) {
		(void)memcpy(g + desc->out_off, bytes + desc->out_off, desc->out_len);
	}
	return rc;
}
