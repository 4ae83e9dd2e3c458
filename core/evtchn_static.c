/*
 * Event channels: static (config-defined) interdomain channels.
 *
 * Design: the manifest lists channels as (dom_a, port_a, dom_b, port_b).
 * At boot, after every domain exists and before any runs, each is connected
 * at exactly those port numbers and marked static: a guest cannot close it
 * (EVTCHNOP_close returns -EINVAL) and a domain reset keeps it connected.
 * A bad entry (unknown domain, port out of range or already used) is a
 * configuration error: it is reported naming the entry and boot stops.
 *
 * Locking: as core/evtchn.c.
 */
#include <stdbool.h>
#include <stdint.h>

#include <lib/print.h>

#include <core/domain.h>
#include <core/evtchn.h>
#include <core/manifest.h>
#include <core/setup.h>

/* [impl->dsn~evtchn-static~1] */
int evtchn_bind_static(struct domain *a, uint32_t la, struct domain *b, uint32_t lb)
{
	int rc = 0;

	if (la == 0U || la >= EVTCHN_MAX_PORTS || lb == 0U || lb >= EVTCHN_MAX_PORTS ||
	    (a == b && la == lb)) {
		return -XEN_EINVAL;
	}
	evtchn_lock_pair(a, b);
	struct evtchn *ca = &a->evtchn.ports[la];
	struct evtchn *cb = &b->evtchn.ports[lb];

	if (ca->state != EVTCHN_FREE || cb->state != EVTCHN_FREE) {
		rc = -XEN_EBUSY;
	} else {
		*ca = (struct evtchn){.state = EVTCHN_INTERDOMAIN,
		                      .is_static = true,
		                      .remote_dom = b->id,
		                      .remote_port = (uint16_t)lb};
		*cb = (struct evtchn){.state = EVTCHN_INTERDOMAIN,
		                      .is_static = true,
		                      .remote_dom = a->id,
		                      .remote_port = (uint16_t)la};
	}
	evtchn_unlock_pair(a, b);
	return rc;
}

static int connect_row(const struct manifest_evtchn *e, uint32_t row)
{
	struct domain *a =
	        e->dom_a < XEN_DOMID_FIRST_RESERVED ? domain_by_id((uint16_t)e->dom_a) : NULL;
	struct domain *b =
	        e->dom_b < XEN_DOMID_FIRST_RESERVED ? domain_by_id((uint16_t)e->dom_b) : NULL;
	int rc = -XEN_ESRCH;

	if (a != NULL && b != NULL) {
		rc = evtchn_bind_static(a, e->port_a, b, e->port_b);
	}
	if (rc != 0) {
		printk("evtchn: static channel %u (d%u port %u <-> d%u port %u): %s\n", row,
		       e->dom_a, e->port_a, e->dom_b, e->port_b,
		       rc == -XEN_ESRCH   ? "no such domain"
		       : rc == -XEN_EBUSY ? "port already in use"
		                          : "port out of range");
	}
	return rc;
}

/*
 * Connect every static channel of a verified manifest image (NULL: none).
 * Returns the number connected, or the first error (channels before it stay
 * connected; the caller stops the boot).
 * [impl->dsn~evtchn-static~1]
 */
int evtchn_connect_static(const void *image)
{
	uint32_t n;

	if (image == NULL) {
		return 0;
	}
	n = manifest_header(image)->tables[MT_EVTCHNS].count;
	for (uint32_t row = 0; row < n; row++) {
		int rc = connect_row(manifest_table_row(image, MT_EVTCHNS, row), row);

		if (rc != 0) {
			return rc;
		}
	}
	return (int)n;
}

unsigned evtchn_connect_static_from_manifest(void)
{
	int rc = evtchn_connect_static(core_manifest());

	if (rc < 0) {
		panic("evtchn: bad static event channel in the configuration (%d)\n", rc);
	}
	return (unsigned)rc;
}
