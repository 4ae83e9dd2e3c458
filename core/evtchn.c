/*
 * Event channels: the port table and the EVTCHNOP_* hypercall.
 *
 * Design: each domain has a fixed table of EVTCHN_MAX_PORTS ports (struct
 * evtchn_domain, embedded in struct domain). Port 0 is reserved and never
 * allocated, as in Xen. An interdomain channel is two ports, one per domain,
 * each naming the other (remote_dom, remote_port). Every handler first copies
 * the guest's argument in and checks every field (decode), then acts in a
 * part that cannot fail, then writes the result through a pointer that was
 * checked before acting: a bad argument returns an error and changes nothing.
 * Delivery (pending/mask bits) is in core/evtchn_2l.c; static channels from
 * the manifest in core/evtchn_static.c.
 *
 * Locking: d->evtchn.lock protects d's ports[]. An operation on two domains
 * (bind_interdomain, close or send on an interdomain port, static bind) holds
 * both locks, taken in ascending domain id order (lock_pair()). Nothing else
 * is locked while an event lock is held, except that vcpu_raise_upcall() may
 * be called under it (it must not take an event lock).
 */
#include <stdbool.h>
#include <stdint.h>

#include <lib/string.h>

#include <core/domain.h>
#include <core/evtchn.h>
#include <core/guest_access.h>

static bool port_in_range(uint32_t port)
{
	return port < EVTCHN_MAX_PORTS;
}

/* A port the guest may name in close/send: in range and not the reserved 0. */
static bool port_usable(uint32_t port)
{
	return port != 0U && port_in_range(port);
}

/* DOMID_SELF means the caller; any other id must name an existing domain. */
struct domain *evtchn_resolve_domid(struct domain *self, uint32_t id)
{
	if (id == XEN_DOMID_SELF) {
		return self;
	}
	if (id >= XEN_DOMID_FIRST_RESERVED) {
		return NULL;
	}
	return domain_by_id((uint16_t)id);
}

void evtchn_lock_pair(struct domain *a, struct domain *b)
{
	if (a == b) {
		spin_lock(&a->evtchn.lock);
	} else if (a->id < b->id) {
		spin_lock(&a->evtchn.lock);
		spin_lock(&b->evtchn.lock);
	} else {
		spin_lock(&b->evtchn.lock);
		spin_lock(&a->evtchn.lock);
	}
}

void evtchn_unlock_pair(struct domain *a, struct domain *b)
{
	spin_unlock(&a->evtchn.lock);
	if (a != b) {
		spin_unlock(&b->evtchn.lock);
	}
}

/* Lowest free port, or 0 when the table is full. @pre d's lock held. */
uint32_t evtchn_find_free(struct domain *d)
{
	for (uint32_t p = 1U; p < EVTCHN_MAX_PORTS; p++) {
		if (d->evtchn.ports[p].state == EVTCHN_FREE) {
			return p;
		}
	}
	return 0U;
}

/* Return a port to the free state and drop a stale pending bit. @pre lock held. */
void evtchn_free_port(struct domain *d, uint32_t port)
{
	(void)memset(&d->evtchn.ports[port], 0, sizeof(d->evtchn.ports[port]));
	evtchn_2l_clear_pending(d, port);
}

/* [impl->dsn~evtchn-port-table~1] */
void evtchn_domain_init(struct domain *d, void *shared_info,
                        const struct evtchn_shinfo_layout *layout)
{
	struct evtchn_domain *e = &d->evtchn;

	(void)memset(e->ports, 0, sizeof(e->ports));
	e->lock = (spinlock_t)SPINLOCK_INIT;
	e->shared_info = shared_info;
	e->layout = *layout;
}

void evtchn_vcpu_init(struct vcpu *v)
{
	v->evtchn.vcpu_info = NULL;
}

void evtchn_vcpu_set_info(struct vcpu *v, void *vcpu_info)
{
	v->evtchn.vcpu_info = vcpu_info;
}

/* Unbind an interdomain port whose peer is rd: the peer's end goes back to
 * unbound, waiting for d again (as in Xen). @pre both locks held. */
static void unbind_interdomain(struct domain *d, struct domain *rd, uint32_t port)
{
	struct evtchn *c = &d->evtchn.ports[port];

	if (c->state != EVTCHN_INTERDOMAIN || c->remote_dom != rd->id) {
		return; /* closed by someone else meanwhile */
	}
	struct evtchn *rc = &rd->evtchn.ports[c->remote_port];

	rc->state = EVTCHN_UNBOUND;
	rc->remote_dom = d->id;
	rc->remote_port = 0U;
	rc->is_static = false;
	evtchn_free_port(d, port);
}

/*
 * Close one port. A guest may not close a free or a static port.
 * @pre port_usable(port)
 */
static long close_port(struct domain *d, uint32_t port, bool by_guest)
{
	struct evtchn *c = &d->evtchn.ports[port];
	struct domain *rd = NULL;

	spin_lock(&d->evtchn.lock);
	if (c->state == EVTCHN_FREE || (by_guest && c->is_static)) {
		spin_unlock(&d->evtchn.lock);
		return -XEN_EINVAL;
	}
	if (c->state == EVTCHN_INTERDOMAIN) {
		rd = domain_by_id(c->remote_dom);
	}
	if (rd == NULL) {
		evtchn_free_port(d, port);
	}
	spin_unlock(&d->evtchn.lock);
	if (rd != NULL) {
		evtchn_lock_pair(d, rd);
		unbind_interdomain(d, rd, port);
		evtchn_unlock_pair(d, rd);
	}
	return 0;
}

/* [impl->dsn~evtchn-reset~1] */
void evtchn_domain_reset(struct domain *d)
{
	for (uint32_t p = 1U; p < EVTCHN_MAX_PORTS; p++) {
		const struct evtchn *c = &d->evtchn.ports[p];

		if (c->state != EVTCHN_FREE && !c->is_static) {
			(void)close_port(d, p, false);
		}
	}
}

bool evtchn_port_pending(struct domain *d, uint32_t port)
{
	return port_usable(port) && evtchn_2l_is_pending(d, port);
}

/* [impl->dsn~evtchn-virq~1] */
int evtchn_send_virq(struct vcpu *v, unsigned virq)
{
	struct domain *d = v->domain;
	int rc = -XEN_ENOENT;

	if (virq >= XEN_NR_VIRQS) {
		return -XEN_EINVAL;
	}
	spin_lock(&d->evtchn.lock);
	for (uint32_t p = 1U; p < EVTCHN_MAX_PORTS; p++) {
		const struct evtchn *c = &d->evtchn.ports[p];

		if (c->state == EVTCHN_VIRQ && c->virq == virq && c->notify_vcpu == v->id) {
			evtchn_2l_set_pending(d, p, v->id);
			rc = 0;
			break;
		}
	}
	spin_unlock(&d->evtchn.lock);
	return rc;
}

/* EVTCHNOP_close. [impl->dsn~evtchn-close~1] */
long evtchn_op_close(struct domain *d, uint32_t port)
{
	if (!port_usable(port)) {
		return -XEN_EINVAL;
	}
	return close_port(d, port, true);
}

/* Deliver on the far end of interdomain port. @pre both locks held. */
static void send_interdomain(struct domain *d, struct domain *rd, uint32_t port)
{
	const struct evtchn *c = &d->evtchn.ports[port];
	const struct evtchn *rc;

	if (rd == NULL || c->state != EVTCHN_INTERDOMAIN || c->remote_dom != rd->id) {
		return; /* closed meanwhile */
	}
	rc = &rd->evtchn.ports[c->remote_port];
	evtchn_2l_set_pending(rd, c->remote_port, rc->notify_vcpu);
}

/* EVTCHNOP_send. [impl->dsn~evtchn-send~1] */
long evtchn_op_send(struct domain *d, uint32_t port)
{
	struct evtchn c;
	struct domain *rd;

	if (!port_usable(port)) {
		return -XEN_EINVAL;
	}
	spin_lock(&d->evtchn.lock);
	c = d->evtchn.ports[port];
	if (c.state == EVTCHN_IPI) {
		evtchn_2l_set_pending(d, port, c.notify_vcpu);
	}
	spin_unlock(&d->evtchn.lock);
	switch (c.state) {
	case EVTCHN_INTERDOMAIN:
		rd = domain_by_id(c.remote_dom);
		evtchn_lock_pair(d, rd != NULL ? rd : d);
		send_interdomain(d, rd, port);
		evtchn_unlock_pair(d, rd != NULL ? rd : d);
		return 0;
	case EVTCHN_IPI:
	case EVTCHN_UNBOUND: /* nobody listens yet: dropped, as in Xen */
		return 0;
	default:
		return -XEN_EINVAL;
	}
}

/* EVTCHNOP_unmask. [impl->dsn~evtchn-unmask~1] */
long evtchn_op_unmask(struct domain *d, uint32_t port)
{
	if (!port_in_range(port)) {
		return -XEN_EINVAL;
	}
	spin_lock(&d->evtchn.lock);
	evtchn_2l_unmask(d, port, d->evtchn.ports[port].notify_vcpu);
	spin_unlock(&d->evtchn.lock);
	return 0;
}
