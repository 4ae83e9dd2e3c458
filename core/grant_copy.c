/*
 * Grant tables (v1): GNTTABOP_copy.
 *
 * Design: each side of a copy is either a grant reference of another domain
 * (GNTCOPY_source_gref / GNTCOPY_dest_gref: the entry must grant the caller
 * access, writable for the destination) or a frame of the caller's own
 * memory (domid DOMID_SELF or the caller's id). The byte range must stay
 * inside one page. Both sides are resolved to hypervisor pointers before a
 * byte moves; the copy happens with both grant locks held, so the grants
 * cannot be ended while it runs (no transient status bits are needed).
 *
 * Locking: both domains' grant locks (grant_lock_pair()); with two granted
 * sides from two other domains, the three locks are avoided by refusing
 * that case (GNTST_bad_copy_arg): one side must be the caller's own memory.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/as.h>
#include <lib/string.h>

#include <core/domain.h>
#include <core/grant.h>
#include <core/guest_access.h>

#define GNTCOPY_KNOWN (GNTCOPY_source_gref | GNTCOPY_dest_gref)

/* Hypervisor pointer for one side, granted by gd. @pre gd's lock held. */
static int granted_side(struct domain *d, struct domain *gd, const struct xen_gnttab_copy_ptr *p,
                        bool write, uint8_t **out)
{
	struct xen_grant_entry_v1 *e = grant_entry(gd, p->u.ref);
	uint32_t w, frame;
	uint8_t *va;
	uint64_t pa;

	if (e == NULL) {
		return GNTST_bad_gntref;
	}
	w = __atomic_load_n((uint32_t *)(void *)e, __ATOMIC_SEQ_CST);
	frame = __atomic_load_n(&e->frame, __ATOMIC_SEQ_CST);
	if ((w & GTF_type_mask) != GTF_permit_access || (w & GTF_sub_page) != 0U ||
	    (uint16_t)(w >> 16) != d->id || (write && (w & GTF_readonly) != 0U)) {
		return GNTST_permission_denied;
	}
	if (grant_own_frame_pa(gd, frame, &pa) != 0) {
		return GNTST_bad_page;
	}
	va = hal_pa_to_va(pa);
	if (va == NULL) {
		return GNTST_bad_page;
	}
	*out = va + p->offset;
	return GNTST_okay;
}

/* Hypervisor pointer for a side in the caller's own memory. */
static int local_side(struct domain *d, const struct xen_gnttab_copy_ptr *p, uint16_t len,
                      bool write, uint8_t **out)
{
	if (!grant_gfn_ok(p->u.gmfn)) {
		return GNTST_bad_page;
	}
	*out = guest_ptr(d, (p->u.gmfn << XEN_PAGE_SHIFT) + p->offset, len, write);
	return *out != NULL ? GNTST_okay : GNTST_bad_page;
}

/* The other domain involved (granter), d itself when none. */
static int copy_peer(struct domain *d, const struct xen_gnttab_copy *op, struct domain **peer)
{
	bool sg = (op->flags & GNTCOPY_source_gref) != 0U;
	bool dg = (op->flags & GNTCOPY_dest_gref) != 0U;
	struct domain *sd = grant_resolve_domid(d, op->source.domid);
	struct domain *dd = grant_resolve_domid(d, op->dest.domid);

	if (sd == NULL || dd == NULL) {
		return GNTST_bad_domain;
	}
	if ((!sg && sd != d) || (!dg && dd != d)) {
		return GNTST_permission_denied; /* raw frames only of the caller */
	}
	if ((sg && sd == d) || (dg && dd == d) || (sg && dg)) {
		return GNTST_bad_copy_arg;
	}
	*peer = sg ? sd : dd;
	return GNTST_okay;
}

static int copy_locked(struct domain *d, struct domain *peer, const struct xen_gnttab_copy *op)
{
	uint8_t *src, *dst;
	int st;

	st = (op->flags & GNTCOPY_source_gref) != 0U
	             ? granted_side(d, peer, &op->source, false, &src)
	             : local_side(d, &op->source, op->len, false, &src);
	if (st != GNTST_okay) {
		return st;
	}
	st = (op->flags & GNTCOPY_dest_gref) != 0U ? granted_side(d, peer, &op->dest, true, &dst)
	                                           : local_side(d, &op->dest, op->len, true, &dst);
	if (st == GNTST_okay) {
		(void)memmove(dst, src, op->len);
	}
	return st;
}

/* GNTTABOP_copy, one operation. [impl->dsn~grant-copy~1] */
void grant_op_copy(struct domain *d, struct xen_gnttab_copy *op)
{
	struct domain *peer = d;
	int st = GNTST_bad_copy_arg;

	if ((op->flags & ~GNTCOPY_KNOWN) == 0U && op->source.offset + op->len <= XEN_PAGE_SIZE &&
	    op->dest.offset + op->len <= XEN_PAGE_SIZE) {
		st = copy_peer(d, op, &peer);
	}
	if (st == GNTST_okay) {
		grant_lock_pair(d, peer);
		st = copy_locked(d, peer, op);
		grant_unlock_pair(d, peer);
	}
	op->status = (int16_t)st;
}
