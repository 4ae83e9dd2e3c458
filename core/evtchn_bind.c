/*
 * Event channels: allocating and binding ports (alloc_unbound,
 * bind_interdomain, bind_virq, bind_ipi) and EVTCHNOP_status.
 *
 * Design: each function takes the decoded argument (already copied in by
 * core/evtchn_op.c), checks every field, and only then changes the port
 * table; on error nothing has changed. Output fields are filled in the
 * argument struct for the caller to copy out.
 *
 * Locking: as core/evtchn.c (domain event locks in ascending id order).
 */
#include <stdbool.h>
#include <stdint.h>

#include <core/domain.h>
#include <core/evtchn.h>

/* EVTCHNOP_alloc_unbound. [impl->dsn~evtchn-alloc-unbound~1] */
long evtchn_op_alloc_unbound(struct domain *d, struct xen_evtchn_alloc_unbound *a)
{
	struct domain *owner = evtchn_resolve_domid(d, a->dom);
	struct domain *remote = evtchn_resolve_domid(d, a->remote_dom);
	uint32_t port;

	if (owner == NULL || remote == NULL) {
		return -XEN_ESRCH;
	}
	if (owner != d) {
		return -XEN_EPERM;
	}
	spin_lock(&d->evtchn.lock);
	port = evtchn_find_free(d);
	if (port != 0U) {
		struct evtchn *c = &d->evtchn.ports[port];

		c->state = EVTCHN_UNBOUND;
		c->remote_dom = remote->id;
	}
	spin_unlock(&d->evtchn.lock);
	if (port == 0U) {
		return -XEN_ENOSPC;
	}
	a->port = port;
	return 0;
}

/* Connect local port lp of d with port rp of rd. @pre both locks held. */
static void connect(struct domain *d, uint32_t lp, struct domain *rd, uint32_t rp)
{
	struct evtchn *l = &d->evtchn.ports[lp];
	struct evtchn *r = &rd->evtchn.ports[rp];

	l->state = EVTCHN_INTERDOMAIN;
	l->remote_dom = rd->id;
	l->remote_port = (uint16_t)rp;
	r->state = EVTCHN_INTERDOMAIN;
	r->remote_dom = d->id;
	r->remote_port = (uint16_t)lp;
}

/* EVTCHNOP_bind_interdomain. [impl->dsn~evtchn-bind-interdomain~1] */
long evtchn_op_bind_interdomain(struct domain *d, struct xen_evtchn_bind_interdomain *a)
{
	struct domain *rd = evtchn_resolve_domid(d, a->remote_dom);
	uint32_t rp = a->remote_port, lp = 0U;
	long rc = -XEN_EINVAL;

	if (rd == NULL) {
		return -XEN_ESRCH;
	}
	if (rp == 0U || rp >= EVTCHN_MAX_PORTS) {
		return -XEN_EINVAL;
	}
	evtchn_lock_pair(d, rd);
	const struct evtchn *r = &rd->evtchn.ports[rp];

	if (r->state == EVTCHN_UNBOUND && r->remote_dom == d->id) {
		lp = evtchn_find_free(d);
		rc = -XEN_ENOSPC;
		if (lp != 0U) {
			rc = 0;
		}
	}
	if (rc == 0) {
		connect(d, lp, rd, rp);
		/* The remote may have sent before we bound; let it be seen. */
		evtchn_2l_set_pending(d, lp, 0U);
	}
	evtchn_unlock_pair(d, rd);
	if (rc == 0) {
		a->local_port = lp;
	}
	return rc;
}

/* Allocate a port of d bound to vcpu with state and virq. @pre d's lock held.
 * Returns the port or 0 when full. */
static uint32_t alloc_local(struct domain *d, uint8_t state, uint32_t vcpu, uint32_t virq)
{
	uint32_t port = evtchn_find_free(d);

	if (port != 0U) {
		struct evtchn *c = &d->evtchn.ports[port];

		c->state = state;
		c->notify_vcpu = (uint16_t)vcpu;
		c->virq = virq;
	}
	return port;
}

static bool virq_bound(const struct domain *d, uint32_t virq, uint32_t vcpu)
{
	for (uint32_t p = 1U; p < EVTCHN_MAX_PORTS; p++) {
		const struct evtchn *c = &d->evtchn.ports[p];

		if (c->state == EVTCHN_VIRQ && c->virq == virq && c->notify_vcpu == vcpu) {
			return true;
		}
	}
	return false;
}

/* EVTCHNOP_bind_virq. [impl->dsn~evtchn-virq~1] */
long evtchn_op_bind_virq(struct domain *d, struct xen_evtchn_bind_virq *a)
{
	uint32_t port = 0U;
	long rc = 0;

	if (a->virq >= XEN_NR_VIRQS) {
		return -XEN_EINVAL;
	}
	if (a->vcpu >= d->nr_vcpus) {
		return -XEN_ENOENT;
	}
	spin_lock(&d->evtchn.lock);
	if (virq_bound(d, a->virq, a->vcpu)) {
		rc = -XEN_EEXIST;
	} else {
		port = alloc_local(d, EVTCHN_VIRQ, a->vcpu, a->virq);
		rc = -XEN_ENOSPC;
		if (port != 0U) {
			rc = 0;
		}
	}
	spin_unlock(&d->evtchn.lock);
	if (rc == 0) {
		a->port = port;
	}
	return rc;
}

/* EVTCHNOP_bind_ipi. [impl->dsn~evtchn-ipi~1] */
long evtchn_op_bind_ipi(struct domain *d, struct xen_evtchn_bind_ipi *a)
{
	uint32_t port;

	if (a->vcpu >= d->nr_vcpus) {
		return -XEN_ENOENT;
	}
	spin_lock(&d->evtchn.lock);
	port = alloc_local(d, EVTCHN_IPI, a->vcpu, 0U);
	spin_unlock(&d->evtchn.lock);
	if (port == 0U) {
		return -XEN_ENOSPC;
	}
	a->port = port;
	return 0;
}

static uint32_t status_of(uint8_t state)
{
	switch (state) {
	case EVTCHN_UNBOUND:
		return EVTCHNSTAT_unbound;
	case EVTCHN_INTERDOMAIN:
		return EVTCHNSTAT_interdomain;
	case EVTCHN_VIRQ:
		return EVTCHNSTAT_virq;
	case EVTCHN_IPI:
		return EVTCHNSTAT_ipi;
	default:
		return EVTCHNSTAT_closed;
	}
}

/* EVTCHNOP_status (own ports only). [impl->dsn~evtchn-status~1] */
long evtchn_op_status(struct domain *d, struct xen_evtchn_status *a)
{
	struct domain *td = evtchn_resolve_domid(d, a->dom);
	struct evtchn c;

	if (td == NULL) {
		return -XEN_ESRCH;
	}
	if (td != d) {
		return -XEN_EPERM;
	}
	if (a->port >= EVTCHN_MAX_PORTS) {
		return -XEN_EINVAL;
	}
	spin_lock(&d->evtchn.lock);
	c = d->evtchn.ports[a->port];
	spin_unlock(&d->evtchn.lock);
	a->status = status_of(c.state);
	a->vcpu = c.notify_vcpu;
	a->u.interdomain.dom = 0U;
	a->u.interdomain.port = 0U;
	if (c.state == EVTCHN_UNBOUND || c.state == EVTCHN_INTERDOMAIN) {
		a->u.interdomain.dom = c.remote_dom;
		a->u.interdomain.port = c.state == EVTCHN_INTERDOMAIN ? c.remote_port : 0U;
	} else if (c.state == EVTCHN_VIRQ) {
		a->u.virq = c.virq;
	} else {
		/* closed or IPI: nothing more to report */
	}
	return 0;
}
