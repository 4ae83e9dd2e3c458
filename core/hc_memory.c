/*
 * memory_op(cmd, arg): the part of XENMEM a static system needs, namely
 * XENMEM_add_to_physmap for the shared_info page and the grant-table
 * frames.
 *
 * Design: as in Xen, the page is placed at the guest frame the guest picks,
 * replacing the guest's RAM page there (Linux passes a frame of its own
 * RAM). The replaced RAM page is remembered and put back on a later
 * add_to_physmap of the same (space, idx) elsewhere and on domain reset.
 * Only frames of the domain's own RAM or currently unmapped frames may be
 * used; devices, shared memory and grant mappings are refused. Everything
 * is checked before the stage-2 changes.
 *
 * Locking: d->lock around the physmap table and the stage-2 changes.
 */
#include <core/domain.h>
#include <core/grant.h>
#include <core/guest_access.h>
#include <core/hypercall.h>
#include <core/physmap.h>
#include <hal/as.h>

#define GPA_LIMIT (1ULL << 48)

static struct physmap_entry *find_entry(struct domain *d, uint32_t space, uint64_t idx,
                                        uint64_t gpa, bool by_gpa)
{
	for (unsigned i = 0; i < d->nr_physmap; i++) {
		struct physmap_entry *e = &d->physmap[i];

		bool match;

		if (by_gpa) {
			match = e->gpa == gpa;
		} else {
			match = (e->space == space) && (e->idx == idx);
		}
		if (match) {
			return e;
		}
	}
	return NULL;
}

static void restore_entry(struct domain *d, struct physmap_entry *e)
{
	(void)hal_as_unmap(&d->as, e->gpa, HAL_PAGE_SIZE);
	if (e->replaced_ram) {
		(void)hal_as_map(&d->as, e->gpa, e->old_pa, HAL_PAGE_SIZE, e->old_perm,
		                 HAL_MEM_NORMAL);
	}
	*e = d->physmap[--d->nr_physmap];
	hal_as_flush(&d->as);
}

void physmap_restore_all(struct domain *d)
{
	while (d->nr_physmap > 0U) {
		restore_entry(d, &d->physmap[d->nr_physmap - 1U]);
	}
}

static bool in_own_ram(const struct domain *d, uint64_t gpa)
{
	for (unsigned i = 0; i < d->nr_mem; i++) {
		if (gpa >= d->mem[i].gpa && gpa - d->mem[i].gpa < d->mem[i].size) {
			return true;
		}
	}
	return false;
}

/* May gpa receive the page? Unmapped, own RAM, or an earlier physmap page. */
static bool frame_usable(struct domain *d, uint64_t gpa)
{
	struct hal_as_page pg;

	return hal_as_translate(&d->as, gpa, &pg) != 0 || find_entry(d, 0, 0, gpa, true) != NULL ||
	       (pg.type == HAL_MEM_NORMAL && in_own_ram(d, gpa));
}

/* Take the RAM page at gpa out, recording it in e. */
static void evict_ram(struct domain *d, struct physmap_entry *e)
{
	struct hal_as_page pg;

	e->replaced_ram = hal_as_translate(&d->as, e->gpa, &pg) == 0;
	if (e->replaced_ram) {
		e->old_pa = pg.pa;
		e->old_perm = pg.perm;
		(void)hal_as_unmap(&d->as, e->gpa, HAL_PAGE_SIZE);
		hal_as_flush(&d->as);
	}
}

static int place(struct domain *d, struct physmap_entry *e, uint64_t pa)
{
	if (e->space == XENMAPSPACE_shared_info) {
		return hal_as_map(&d->as, e->gpa, pa, HAL_PAGE_SIZE, HAL_AS_R | HAL_AS_W,
		                  HAL_MEM_NORMAL) == 0
		               ? 0
		               : -XEN_EINVAL;
	}
	return grant_map_frame(d, (unsigned)e->idx, e->gpa >> HAL_PAGE_SHIFT);
}

/* The page (space, idx) stands for, or 0 when there is none. */
static uint64_t source_pa(struct domain *d, uint32_t space, uint64_t idx)
{
	if (space == XENMAPSPACE_shared_info) {
		return idx == 0U ? d->shared_info_pa : 0U;
	}
	if (space == XENMAPSPACE_grant_table && idx < GRANT_MAX_FRAMES) {
		void *frame = grant_table_frame(d, (unsigned)idx);

		return frame != NULL ? hal_va_to_pa(frame) : 0U;
	}
	return 0;
}

static long add_to_physmap(struct domain *d, const struct xen_add_to_physmap *x)
{
	uint64_t pa = source_pa(d, x->space, x->idx);
	uint64_t gpa = x->gpfn << HAL_PAGE_SHIFT;
	struct physmap_entry *old;

	if (pa == 0U || x->gpfn >= (GPA_LIMIT >> HAL_PAGE_SHIFT) || !frame_usable(d, gpa)) {
		return -XEN_EINVAL;
	}
	if (find_entry(d, x->space, x->idx, 0, false) == NULL &&
	    find_entry(d, 0, 0, gpa, true) == NULL && d->nr_physmap == CORE_MAX_PHYSMAP) {
		return -XEN_ENOSPC;
	}
	old = find_entry(d, x->space, x->idx, 0, false);
	if (old != NULL) {
		restore_entry(d, old); /* it moves: give its old frame its RAM back */
	}
	old = find_entry(d, 0, 0, gpa, true);
	if (old != NULL) {
		restore_entry(d, old); /* another page was here: replace it */
	}
	struct physmap_entry *e = &d->physmap[d->nr_physmap++];

	*e = (struct physmap_entry){.gpa = gpa, .space = x->space, .idx = x->idx};
	evict_ram(d, e);
	int rc = place(d, e, pa);

	if (rc != 0) {
		e->gpa = gpa; /* roll back: put the RAM page back */
		(void)hal_as_unmap(&d->as, gpa, HAL_PAGE_SIZE);
		restore_entry(d, e);
	}
	return rc;
}

/* [impl->dsn~core-hc-memory~1] */
long do_memory_op(struct vcpu *v, const uint64_t *arg)
{
	struct xen_add_to_physmap x;
	struct domain *d = v->domain;

	if (arg[0] != XENMEM_add_to_physmap) {
		return -XEN_ENOSYS;
	}
	if (copy_from_guest(d, &x, arg[1], sizeof(x)) != 0) {
		return -XEN_EFAULT;
	}
	if (x.domid != XEN_DOMID_SELF && x.domid != d->id) {
		return -XEN_EPERM;
	}
	unsigned long flags = spin_lock_irqsave(&d->lock);
	long rc = add_to_physmap(d, &x);

	spin_unlock_irqrestore(&d->lock, flags);
	return rc;
}
