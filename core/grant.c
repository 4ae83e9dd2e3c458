/*
 * Grant tables (v1): per-domain table storage, the guest's view of it, and
 * the helpers the GNTTABOP_* handlers share.
 *
 * Design: a domain's grant entries live in GRANT_MAX_FRAMES page-aligned
 * frames inside its struct grant_domain (static storage). The guest sees a
 * frame once it asks for it at a guest frame (grant_map_frame()). The
 * entries are guest-writable, so the hypervisor reads each entry once into a
 * local copy and updates the flags word only with compare-and-swap, exactly
 * as Xen does: GTF_reading / GTF_writing are set while a mapping exists, so
 * the granter's own compare-and-swap that ends access fails while they are
 * set. The authoritative record of a mapping is in the hypervisor (the
 * mapper's maptrack and the granter's pin counts), never in guest memory.
 *
 * Locking: d->grant.lock protects d's nr_frames, frame_gfn[], active[] and
 * maptrack[]. An operation on two domains takes both locks in ascending
 * domain id order (grant_lock_pair()). Grant locks are never held together
 * with event-channel locks.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/as.h>
#include <lib/string.h>

#include <core/domain.h>
#include <core/grant.h>
#include <core/mem.h>

/* [impl->dsn~grant-table-storage~1] */
int grant_domain_init(struct domain *d)
{
	struct grant_domain *g = &d->grant;

	g->lock = (spinlock_t)SPINLOCK_INIT;
	for (unsigned i = 0; i < GRANT_MAX_FRAMES; i++) {
		g->frame_gfn[i] = GRANT_GFN_NONE;
	}
	(void)memset(g->active, 0, sizeof(g->active));
	(void)memset(g->maptrack, 0, sizeof(g->maptrack));
	g->nr_frames = 0U;
	if (g->frames == NULL) {
		g->frames = mem_alloc((uint64_t)GRANT_MAX_FRAMES * XEN_PAGE_SIZE, XEN_PAGE_SIZE);
		g->frames_pa = g->frames != NULL ? hal_va_to_pa(g->frames) : 0U;
	}
	if (g->frames == NULL) {
		return -XEN_ENOMEM;
	}
	(void)memset(g->frames, 0, (size_t)GRANT_MAX_FRAMES * XEN_PAGE_SIZE);
	g->nr_frames = 1U;
	return 0;
}

void *grant_table_frame(struct domain *d, unsigned idx)
{
	if (idx >= GRANT_MAX_FRAMES || d->grant.frames == NULL) {
		return NULL;
	}
	return d->grant.frames + (size_t)idx * XEN_PAGE_SIZE;
}

/* A guest frame number whose address fits the 52-bit guest-physical range. */
bool grant_gfn_ok(uint64_t gfn)
{
	return gfn < (1ULL << (52U - XEN_PAGE_SHIFT));
}

/* Is grant frame idx of d still mapped at gfn (the physmap code may have
 * moved or removed it since)? @pre d's grant lock held. */
static bool frame_mapped_at(struct domain *d, unsigned idx, uint64_t gfn)
{
	struct hal_as_page pg;

	return gfn != GRANT_GFN_NONE && hal_as_translate(&d->as, gfn << XEN_PAGE_SHIFT, &pg) == 0 &&
	       pg.pa == d->grant.frames_pa + (uint64_t)idx * XEN_PAGE_SIZE;
}

/* Guest frame where frame idx is visible, or GRANT_GFN_NONE. @pre lock held. */
uint64_t grant_frame_gfn(struct domain *d, unsigned idx)
{
	uint64_t gfn = d->grant.frame_gfn[idx];

	return frame_mapped_at(d, idx, gfn) ? gfn : GRANT_GFN_NONE;
}

/* [impl->dsn~grant-table-storage~1] */
int grant_map_frame(struct domain *d, unsigned idx, uint64_t gfn)
{
	struct grant_domain *g = &d->grant;
	int rc = 0;

	if (idx >= GRANT_MAX_FRAMES || !grant_gfn_ok(gfn) || g->frames == NULL) {
		return -XEN_EINVAL;
	}
	spin_lock(&g->lock);
	if (!frame_mapped_at(d, idx, gfn)) {
		rc = hal_as_map(&d->as, gfn << XEN_PAGE_SHIFT,
		                g->frames_pa + (uint64_t)idx * XEN_PAGE_SIZE, XEN_PAGE_SIZE,
		                HAL_AS_R | HAL_AS_W, HAL_MEM_NORMAL);
	}
	if (rc == 0) {
		/* One place per frame: drop the old one if it still shows the frame. */
		if (g->frame_gfn[idx] != gfn && frame_mapped_at(d, idx, g->frame_gfn[idx])) {
			(void)hal_as_unmap(&d->as, g->frame_gfn[idx] << XEN_PAGE_SHIFT,
			                   XEN_PAGE_SIZE);
			hal_as_flush(&d->as);
		}
		g->frame_gfn[idx] = gfn;
		if (idx >= g->nr_frames) {
			g->nr_frames = idx + 1U;
		}
	}
	spin_unlock(&g->lock);
	if (rc == -HAL_EEXIST) {
		return -XEN_EBUSY;
	}
	return rc == 0 ? 0 : -XEN_EINVAL;
}

void grant_lock_pair(struct domain *a, struct domain *b)
{
	if (a == b) {
		spin_lock(&a->grant.lock);
	} else if (a->id < b->id) {
		spin_lock(&a->grant.lock);
		spin_lock(&b->grant.lock);
	} else {
		spin_lock(&b->grant.lock);
		spin_lock(&a->grant.lock);
	}
}

void grant_unlock_pair(struct domain *a, struct domain *b)
{
	spin_unlock(&a->grant.lock);
	if (a != b) {
		spin_unlock(&b->grant.lock);
	}
}

/* The entry for ref, or NULL when ref is beyond the frames in use.
 * @pre d's grant lock held. */
struct xen_grant_entry_v1 *grant_entry(struct domain *d, uint32_t ref)
{
	if (ref >= d->grant.nr_frames * GRANT_ENTRIES_PER_FRAME) {
		return NULL;
	}
	return (struct xen_grant_entry_v1 *)(void *)d->grant.frames + ref;
}

/* flags (low half) and domid (high half) as one 32-bit word, as Xen reads it. */
static uint32_t *entry_word(struct xen_grant_entry_v1 *e)
{
	return (uint32_t *)(void *)e;
}

/* Can `grantee` use entry word w, for writing if `write`? */
static bool entry_permits(uint32_t w, xen_domid_t grantee, bool write)
{
	uint16_t flags = (uint16_t)w;

	if ((flags & GTF_type_mask) != GTF_permit_access || (flags & GTF_sub_page) != 0U) {
		return false;
	}
	if ((uint16_t)(w >> 16) != grantee) {
		return false;
	}
	return !write || (flags & GTF_readonly) == 0U;
}

/*
 * Check that e grants access to grantee (read-only or writable) and, in the
 * same atomic step, set GTF_reading (and GTF_writing). Returns GNTST_okay
 * with *frame set, or GNTST_permission_denied with nothing changed.
 * @post while the caller's pin exists the bits stay set, so the granter's
 *       compare-and-swap that ends access fails.
 * [impl->dsn~grant-status-bits~1] [impl->dsn~grant-no-revoke-while-mapped~1]
 */
int grant_entry_acquire(struct xen_grant_entry_v1 *e, xen_domid_t grantee, bool write,
                        uint32_t *frame)
{
	uint32_t *word = entry_word(e);
	uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	uint32_t set = GTF_reading;

	if (write) {
		set |= GTF_writing;
	}

	do {
		if (!entry_permits(old, grantee, write)) {
			return GNTST_permission_denied;
		}
	} while (!__atomic_compare_exchange_n(word, &old, old | set, false, __ATOMIC_SEQ_CST,
	                                      __ATOMIC_SEQ_CST));
	*frame = __atomic_load_n(&e->frame, __ATOMIC_SEQ_CST);
	return GNTST_okay;
}

/* Clear status bits the remaining pins no longer justify. @pre granter's lock held.
 * [impl->dsn~grant-no-revoke-while-mapped~1] */
void grant_entry_release(struct domain *gd, uint32_t ref)
{
	struct xen_grant_entry_v1 *e = grant_entry(gd, ref);
	const struct grant_active *act = &gd->grant.active[ref];
	uint32_t clear = 0U;

	if (e == NULL) {
		return;
	}
	if (act->wr_pins == 0U) {
		clear |= GTF_writing;
	}
	if (act->rd_pins == 0U && act->wr_pins == 0U) {
		clear |= GTF_reading;
	}
	__atomic_fetch_and(entry_word(e), ~clear, __ATOMIC_SEQ_CST);
}

/*
 * Host-physical address of guest frame gfn of d when it is d's own RAM (not
 * a page d itself borrowed or mapped from someone else). 0 or -XEN_EFAULT.
 */
int grant_own_frame_pa(const struct domain *d, uint64_t gfn, uint64_t *pa)
{
	uint64_t gpa = gfn << XEN_PAGE_SHIFT;

	if (!grant_gfn_ok(gfn)) {
		return -XEN_EFAULT;
	}
	for (unsigned i = 0; i < d->nr_mem; i++) {
		const struct mem_region *m = &d->mem[i];

		if (gpa >= m->gpa && gpa - m->gpa < m->size) {
			*pa = m->pa + (gpa - m->gpa);
			return 0;
		}
	}
	return -XEN_EFAULT;
}

/* DOMID_SELF -> self; another id -> that domain or NULL. */
struct domain *grant_resolve_domid(struct domain *self, uint32_t id)
{
	if (id == XEN_DOMID_SELF) {
		return self;
	}
	if (id >= XEN_DOMID_FIRST_RESERVED) {
		return NULL;
	}
	return domain_by_id((uint16_t)id);
}
