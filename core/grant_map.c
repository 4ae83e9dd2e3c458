/*
 * Grant tables (v1): GNTTABOP_map_grant_ref and GNTTABOP_unmap_grant_ref.
 *
 * Design: a mapping puts the granter's frame into the mapper's stage-2 at
 * host_addr (a guest-physical address of the mapper that must be unmapped
 * and page aligned), read-only when GNTMAP_readonly is asked or forced by the
 * entry's GTF_readonly. While it exists the granter's entry keeps
 * GTF_reading (and GTF_writing for a writable mapping) set and the granter's
 * active[ref] counts it; the mapper's maptrack[handle] remembers it. Only the
 * mapper's unmap (or its domain reset) removes it. Every field is checked
 * before anything changes; the last step that can fail (hal_as_map) is
 * undone on failure.
 *
 * Locking: both domains' grant locks (grant_lock_pair()).
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/as.h>
#include <lib/string.h>

#include <core/domain.h>
#include <core/grant.h>

#define GNTMAP_SUPPORTED (GNTMAP_host_map | GNTMAP_readonly)

static int check_map_args(struct domain *d, const struct xen_gnttab_map_grant_ref *op,
                          struct domain **gd)
{
	struct hal_as_page page;

	if ((op->flags & ~GNTMAP_SUPPORTED) != 0U || (op->flags & GNTMAP_host_map) == 0U) {
		return GNTST_general_error; /* PV-only or device mappings */
	}
	*gd = grant_resolve_domid(d, op->dom);
	if (*gd == NULL || *gd == d) {
		return GNTST_bad_domain;
	}
	if ((op->host_addr & (XEN_PAGE_SIZE - 1U)) != 0U ||
	    !grant_gfn_ok(op->host_addr >> XEN_PAGE_SHIFT) ||
	    hal_as_translate(&d->as, op->host_addr, &page) == 0) {
		return GNTST_bad_virt_addr;
	}
	return GNTST_okay;
}

static int free_handle(const struct domain *d)
{
	for (int h = 0; h < (int)GRANT_MAX_MAPS; h++) {
		if (!d->grant.maptrack[h].in_use) {
			return h;
		}
	}
	return -1;
}

/* Pin, acquire the entry, map. @pre both grant locks held. */
static int map_locked(struct domain *d, struct domain *gd, struct xen_gnttab_map_grant_ref *op)
{
	bool ro = (op->flags & GNTMAP_readonly) != 0U;
	struct xen_grant_entry_v1 *e = grant_entry(gd, op->ref);
	struct grant_active *act;
	int h = free_handle(d);
	uint32_t frame;
	uint64_t pa;
	int st;

	if (e == NULL) {
		return GNTST_bad_gntref;
	}
	act = &gd->grant.active[op->ref];
	if (h < 0 || act->rd_pins == UINT16_MAX || act->wr_pins == UINT16_MAX) {
		return GNTST_no_space;
	}
	st = grant_entry_acquire(e, d->id, !ro, &frame);
	if (st != GNTST_okay) {
		return st;
	}
	if (grant_own_frame_pa(gd, frame, &pa) != 0) {
		grant_entry_release(gd, op->ref);
		return GNTST_bad_page;
	}
	if (hal_as_map(&d->as, op->host_addr, pa, XEN_PAGE_SIZE,
	               ro ? HAL_AS_R : HAL_AS_R | HAL_AS_W, HAL_MEM_NORMAL) != 0) {
		grant_entry_release(gd, op->ref);
		return GNTST_bad_virt_addr;
	}
	if (ro) {
		act->rd_pins++;
	} else {
		act->wr_pins++;
	}
	d->grant.maptrack[h] = (struct grant_maptrack){.in_use = true,
	                                               .readonly = ro,
	                                               .granter = gd->id,
	                                               .ref = op->ref,
	                                               .gpa = op->host_addr};
	op->handle = (uint32_t)h;
	return GNTST_okay;
}

/* GNTTABOP_map_grant_ref, one operation. [impl->dsn~grant-map~1] */
void grant_op_map(struct domain *d, struct xen_gnttab_map_grant_ref *op)
{
	struct domain *gd;
	int st = check_map_args(d, op, &gd);

	if (st == GNTST_okay) {
		grant_lock_pair(d, gd);
		st = map_locked(d, gd, op);
		grant_unlock_pair(d, gd);
	}
	op->dev_bus_addr = 0U;
	op->status = (int16_t)st;
}

/* Remove mapping h of d and unpin. @pre both grant locks held, h in use. */
static void unmap_locked(struct domain *d, struct domain *gd, unsigned h)
{
	struct grant_maptrack *m = &d->grant.maptrack[h];
	struct grant_active *act = &gd->grant.active[m->ref];

	(void)hal_as_unmap(&d->as, m->gpa, XEN_PAGE_SIZE);
	hal_as_flush(&d->as);
	if (m->readonly) {
		act->rd_pins = act->rd_pins > 0U ? (uint16_t)(act->rd_pins - 1U) : 0U;
	} else {
		act->wr_pins = act->wr_pins > 0U ? (uint16_t)(act->wr_pins - 1U) : 0U;
	}
	grant_entry_release(gd, m->ref);
	(void)memset(m, 0, sizeof(*m));
}

static bool same_mapping(const struct grant_maptrack *a, const struct grant_maptrack *b)
{
	return a->in_use == b->in_use && a->readonly == b->readonly && a->granter == b->granter &&
	       a->ref == b->ref && a->gpa == b->gpa;
}

/* GNTTABOP_unmap_grant_ref, one operation. [impl->dsn~grant-unmap~1] */
void grant_op_unmap(struct domain *d, struct xen_gnttab_unmap_grant_ref *op)
{
	struct grant_maptrack m;
	struct domain *gd;

	if (op->handle >= GRANT_MAX_MAPS) {
		op->status = GNTST_bad_handle;
		return;
	}
	spin_lock(&d->grant.lock);
	m = d->grant.maptrack[op->handle];
	spin_unlock(&d->grant.lock);
	gd = m.in_use ? domain_by_id(m.granter) : NULL;
	if (gd == NULL) {
		op->status = GNTST_bad_handle;
		return;
	}
	if (op->host_addr != m.gpa) {
		op->status = GNTST_bad_virt_addr;
		return;
	}
	grant_lock_pair(d, gd);
	/* Same mapping still there (no concurrent unmap of this handle)? */
	op->status = GNTST_bad_handle;
	if (same_mapping(&d->grant.maptrack[op->handle], &m)) {
		unmap_locked(d, gd, op->handle);
		op->status = GNTST_okay;
	}
	grant_unlock_pair(d, gd);
}

/* [impl->dsn~grant-reset~1] */
void grant_domain_reset(struct domain *d)
{
	for (unsigned h = 0; h < GRANT_MAX_MAPS; h++) {
		const struct grant_maptrack *m = &d->grant.maptrack[h];
		struct domain *gd = m->in_use ? domain_by_id(m->granter) : NULL;

		if (gd != NULL) {
			grant_lock_pair(d, gd);
			if (m->in_use && m->granter == gd->id) {
				unmap_locked(d, gd, h);
			}
			grant_unlock_pair(d, gd);
		}
	}
	spin_lock(&d->grant.lock);
	if (d->grant.frames != NULL) {
		(void)memset(d->grant.frames, 0, (size_t)GRANT_MAX_FRAMES * XEN_PAGE_SIZE);
	}
	spin_unlock(&d->grant.lock);
}
