/*
 * Grant tables (v1): the GNTTABOP_* hypercall entry, setup_table and
 * query_size.
 *
 * Design: the argument is an array of `count` operation structures at a
 * guest-physical address. Every element is checked to be readable and
 * writable guest memory before the first one runs, so a bad pointer fails
 * the call with -EFAULT and changes nothing. Each element is copied in,
 * run, and its OUT fields written back; per-element errors go into its
 * status field (GNTST_*), and the call returns 0, as in Xen. setup_table and
 * query_size take exactly one element (-EINVAL otherwise, as in Xen).
 * Batches are bounded by GRANT_MAX_BATCH (-EINVAL beyond: there are no
 * continuations).
 *
 * Locking: see core/grant.c.
 */
#include <stddef.h>
#include <stdint.h>

#include <lib/string.h>

#include <core/domain.h>
#include <core/grant.h>
#include <core/guest_access.h>

union grant_arg {
	struct xen_gnttab_map_grant_ref map;
	struct xen_gnttab_unmap_grant_ref unmap;
	struct xen_gnttab_setup_table setup;
	struct xen_gnttab_query_size query;
	struct xen_gnttab_copy copy;
};

static const uint8_t arg_size[GNTTABOP_query_size + 1U] = {
        [GNTTABOP_map_grant_ref] = sizeof(struct xen_gnttab_map_grant_ref),
        [GNTTABOP_unmap_grant_ref] = sizeof(struct xen_gnttab_unmap_grant_ref),
        [GNTTABOP_setup_table] = sizeof(struct xen_gnttab_setup_table),
        [GNTTABOP_copy] = sizeof(struct xen_gnttab_copy),
        [GNTTABOP_query_size] = sizeof(struct xen_gnttab_query_size),
};

/* Own table only: DOMID_SELF or the caller's id. */
static int own_domain(struct domain *d, xen_domid_t dom)
{
	struct domain *td = grant_resolve_domid(d, dom);

	if (td == NULL) {
		return GNTST_bad_domain;
	}
	return td == d ? GNTST_okay : GNTST_permission_denied;
}

/* GNTTABOP_query_size. [impl->dsn~grant-setup-query~1] */
void grant_op_query_size(struct domain *d, struct xen_gnttab_query_size *op)
{
	int st = own_domain(d, op->dom);

	if (st == GNTST_okay) {
		spin_lock(&d->grant.lock);
		op->nr_frames = d->grant.nr_frames;
		spin_unlock(&d->grant.lock);
		op->max_nr_frames = GRANT_MAX_FRAMES;
	}
	op->status = (int16_t)st;
}

/*
 * GNTTABOP_setup_table: grow the table to nr_frames and report where the
 * guest sees each frame (GRANT_GFN_NONE when not placed yet).
 * [impl->dsn~grant-setup-query~1]
 */
long grant_op_setup_table(struct domain *d, struct xen_gnttab_setup_table *op)
{
	uint64_t *list;
	int st = own_domain(d, op->dom);

	if (st == GNTST_okay && op->nr_frames > GRANT_MAX_FRAMES) {
		st = GNTST_general_error;
	}
	if (st != GNTST_okay) {
		op->status = (int16_t)st;
		return 0;
	}
	list = guest_ptr(d, op->frame_list, op->nr_frames * sizeof(uint64_t), true);
	if (list == NULL && op->nr_frames != 0U) {
		return -XEN_EFAULT;
	}
	spin_lock(&d->grant.lock);
	if (op->nr_frames > d->grant.nr_frames) {
		d->grant.nr_frames = op->nr_frames;
	}
	for (uint32_t i = 0; i < op->nr_frames; i++) {
		uint64_t gfn = grant_frame_gfn(d, i);

		(void)memcpy(&list[i], &gfn, sizeof(gfn));
	}
	spin_unlock(&d->grant.lock);
	op->status = GNTST_okay;
	return 0;
}

/* Run one element. @pre cmd has an arg_size entry. */
static long run_one(struct domain *d, unsigned cmd, union grant_arg *a)
{
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		grant_op_map(d, &a->map);
		return 0;
	case GNTTABOP_unmap_grant_ref:
		grant_op_unmap(d, &a->unmap);
		return 0;
	case GNTTABOP_setup_table:
		return grant_op_setup_table(d, &a->setup);
	case GNTTABOP_query_size:
		grant_op_query_size(d, &a->query);
		return 0;
	default:
		grant_op_copy(d, &a->copy);
		return 0;
	}
}

static long check_batch(struct domain *d, unsigned cmd, uint64_t arg, unsigned count)
{
	size_t size = arg_size[cmd];

	if (count > GRANT_MAX_BATCH ||
	    ((cmd == GNTTABOP_setup_table || cmd == GNTTABOP_query_size) && count != 1U)) {
		return -XEN_EINVAL;
	}
	for (unsigned i = 0; i < count; i++) {
		if (guest_ptr(d, arg + (uint64_t)i * size, size, true) == NULL) {
			return -XEN_EFAULT;
		}
	}
	return 0;
}

/* [impl->dsn~grant-hypercall~1] */
long do_grant_table_op(struct vcpu *v, unsigned cmd, uint64_t arg, unsigned count)
{
	struct domain *d = v->domain;
	union grant_arg a;
	uint8_t *bytes = (uint8_t *)&a;
	long rc;

	if (cmd >= sizeof(arg_size) || arg_size[cmd] == 0U) {
		return -XEN_ENOSYS;
	}
	rc = check_batch(d, cmd, arg, count);
	for (unsigned i = 0; rc == 0 && i < count; i++) {
		size_t size = arg_size[cmd];
		uint8_t *g = guest_ptr(d, arg + (uint64_t)i * size, size, true);

		if (g == NULL) {
			return -XEN_EFAULT; /* changed under us by an earlier element */
		}
		(void)memcpy(bytes, g, size);
		rc = run_one(d, cmd, &a);
		if (rc == 0) {
			(void)memcpy(g, bytes, size);
		}
	}
	return rc;
}
