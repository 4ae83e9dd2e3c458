/*
 * Links between domains: static shared memory regions (grouped by
 * xen,shm-id) and static event channels (xen,evtchn-v1 node pairs).
 *
 * Design: a shared memory id becomes one struct shm_cfg; every domain node
 * naming that id must agree on its size and host address, exactly one must be
 * the owner. An event channel is a pair of nodes naming each other by
 * phandle; the pair becomes one struct evtchn_cfg, recorded once.
 */
#include <libfdt.h>
#include <string.h>

#include "bhimg.h"

int validate_host_range(const struct system *s, const struct board *b, const char *node,
                        const char *prop, uint64_t base, uint64_t size);
int validate_shared_memory(struct system *s, const struct board *b);
int config_resolve_evtchns(struct system *s, const struct dt *dt);

static int find_shm(const struct system *s, const char *id)
{
	for (unsigned i = 0; i < s->nr_shm; i++) {
		if (strcmp(s->shm[i].id, id) == 0)
			return (int)i;
	}
	return -1;
}

static int merge_shm(struct system *s, unsigned dom, unsigned k)
{
	struct dom_shm *m = &s->dom[dom].shm[k];
	int i = find_shm(s, m->id);
	struct shm_cfg *g;

	if (i < 0) {
		if (s->nr_shm == MANIFEST_MAX_SHM)
			return diag_error(s->file, m->node, "xen,shm-id",
			                  "more than %u shared memory regions", MANIFEST_MAX_SHM);
		i = (int)s->nr_shm++;
		g = &s->shm[i];
		memset(g, 0, sizeof(*g));
		memcpy(g->id, m->id, sizeof(g->id));
		g->size = m->size;
		g->owner = -1;
	}
	g = &s->shm[i];
	m->shm = i;
	if (g->size != m->size)
		return diag_error(s->file, m->node, "xen,shared-mem",
		                  "size 0x%llx disagrees with 0x%llx elsewhere for \"%s\"",
		                  (unsigned long long)m->size, (unsigned long long)g->size, g->id);
	if (m->has_hpa && g->has_hpa && m->hpa != g->hpa)
		return diag_error(s->file, m->node, "xen,shared-mem",
		                  "host address 0x%llx disagrees with 0x%llx elsewhere for \"%s\"",
		                  (unsigned long long)m->hpa, (unsigned long long)g->hpa, g->id);
	if (m->has_hpa) {
		g->has_hpa = true;
		g->hpa = m->hpa;
	}
	if (m->role == MANIFEST_SHM_OWNER) {
		if (g->owner >= 0)
			return diag_error(s->file, m->node, "role",
			                  "\"%s\" already has an owner: %s", g->id,
			                  s->dom[g->owner].node);
		g->owner = (int)dom;
		g->owner_shm = (int)k;
	}
	return 0;
}

static int check_shm_once_per_domain(const struct system *s, const struct domain_cfg *d)
{
	for (unsigned k = 0; k < d->nr_shm; k++) {
		for (unsigned j = 0; j < k; j++) {
			if (strcmp(d->shm[j].id, d->shm[k].id) == 0)
				return diag_error(s->file, d->shm[k].node, "xen,shm-id",
				                  "\"%s\" mapped twice in this domain",
				                  d->shm[k].id);
		}
	}
	return 0;
}

/* [impl->dsn~config-shared-memory~1] */
int validate_shared_memory(struct system *s, const struct board *b)
{
	for (unsigned i = 0; i < s->nr_dom; i++) {
		if (check_shm_once_per_domain(s, &s->dom[i]) != 0)
			return -1;
		for (unsigned k = 0; k < s->dom[i].nr_shm; k++) {
			if (merge_shm(s, i, k) != 0)
				return -1;
		}
	}
	for (unsigned g = 0; g < s->nr_shm; g++) {
		const struct shm_cfg *m = &s->shm[g];

		for (unsigned i = 0; m->owner < 0 && i < s->nr_dom; i++) {
			for (unsigned k = 0; k < s->dom[i].nr_shm; k++) {
				if (s->dom[i].shm[k].shm == (int)g)
					return diag_error(s->file, s->dom[i].shm[k].node, "role",
					                  "no domain owns \"%s\"", m->id);
			}
		}
		if (m->has_hpa && validate_host_range(s, b, s->dom[m->owner].shm[m->owner_shm].node,
		                                      "xen,shared-mem", m->hpa, m->size) != 0)
			return -1;
	}
	return 0;
}

static int find_evtchn_node(const struct system *s, int off, unsigned *dom, unsigned *idx)
{
	for (unsigned i = 0; i < s->nr_dom; i++) {
		for (unsigned k = 0; k < s->dom[i].nr_ev; k++) {
			if (s->dom[i].ev[k].off == off) {
				*dom = i;
				*idx = k;
				return 0;
			}
		}
	}
	return -1;
}

static int pair_evtchn(struct system *s, const struct dt *dt, unsigned i, unsigned k)
{
	const struct dom_evtchn *e = &s->dom[i].ev[k];
	int peer = fdt_node_offset_by_phandle(dt->fdt, e->peer_phandle);
	unsigned pd, pk;
	struct evtchn_cfg *c;

	if (peer < 0 || find_evtchn_node(s, peer, &pd, &pk) != 0)
		return diag_error(s->file, e->node, "xen,evtchn",
		                  "peer phandle 0x%x is not a xen,evtchn-v1 node of any domain",
		                  e->peer_phandle);
	if (s->dom[pd].ev[pk].peer_phandle != fdt_get_phandle(dt->fdt, e->off))
		return diag_error(s->file, e->node, "xen,evtchn",
		                  "peer %s does not name this node back", s->dom[pd].ev[pk].node);
	if (pd == i)
		return diag_error(s->file, e->node, "xen,evtchn",
		                  "both ends are in the same domain");
	if (pd < i)
		return 0; /* recorded from the other end */
	if (s->nr_ev == MANIFEST_MAX_EVTCHNS)
		return diag_error(s->file, e->node, "xen,evtchn", "more than %u event channels",
		                  MANIFEST_MAX_EVTCHNS);
	c = &s->ev[s->nr_ev++];
	c->dom_a = (int)i;
	c->port_a = e->port;
	c->dom_b = (int)pd;
	c->port_b = s->dom[pd].ev[pk].port;
	return 0;
}

/* [impl->dsn~config-event-channels~1] */
int config_resolve_evtchns(struct system *s, const struct dt *dt)
{
	for (unsigned i = 0; i < s->nr_dom; i++) {
		for (unsigned k = 0; k < s->dom[i].nr_ev; k++) {
			if (pair_evtchn(s, dt, i, k) != 0)
				return -1;
		}
	}
	return 0;
}
