/*
 * Grant tables, Xen v1 ABI (see core/grant*.c and docs/evtchn-grants.md).
 *
 * Each domain owns GRANT_MAX_FRAMES page-aligned frames of v1 grant entries,
 * taken from the boot allocator when the domain is built (no allocation
 * later). The guest sees a frame where it asks for it
 * (XENMEM_add_to_physmap, XENMAPSPACE_grant_table, which calls
 * grant_map_frame()). Mappings a domain makes of other domains' grants are
 * recorded in its maptrack; pins on a granter's entries live in the
 * granter's active[] array.
 */
#ifndef CORE_GRANT_H
#define CORE_GRANT_H

#include <stdbool.h>
#include <stdint.h>

#include <lib/spinlock.h>

#include <core/xen_abi/grant_table.h>

#ifndef GRANT_MAX_FRAMES
#define GRANT_MAX_FRAMES 4U
#endif
#ifndef GRANT_MAX_MAPS
#define GRANT_MAX_MAPS 64U
#endif
/* Operations per GNTTABOP_* call (no continuations). */
#ifndef GRANT_MAX_BATCH
#define GRANT_MAX_BATCH 64U
#endif
#define GRANT_ENTRIES_PER_FRAME (XEN_PAGE_SIZE / sizeof(struct xen_grant_entry_v1))
#define GRANT_MAX_ENTRIES (GRANT_MAX_FRAMES * GRANT_ENTRIES_PER_FRAME)
#define GRANT_GFN_NONE UINT64_MAX

struct domain;
struct vcpu;

/* Pins on one of this domain's grant entries held by mappings. */
struct grant_active {
	uint16_t rd_pins; /* read-only mappings */
	uint16_t wr_pins; /* writable mappings */
};

/* One mapping this domain made of another domain's grant. */
struct grant_maptrack {
	bool in_use;
	bool readonly;
	xen_domid_t granter;
	xen_grant_ref_t ref;
	uint64_t gpa; /* where it is mapped in this domain */
};

/* Per-domain state, embedded in struct domain as 'grant'. */
struct grant_domain {
	uint8_t *frames;    /* GRANT_MAX_FRAMES pages from the boot allocator, or NULL */
	uint64_t frames_pa; /* their host-physical address */
	spinlock_t lock;    /* protects everything below; see core/grant.c */
	uint32_t nr_frames; /* frames in use (setup_table), 0 only without frames */
	uint64_t frame_gfn[GRANT_MAX_FRAMES]; /* where the guest sees frame i */
	struct grant_active active[GRANT_MAX_ENTRIES];
	struct grant_maptrack maptrack[GRANT_MAX_MAPS];
};

/*
 * Empty table (1 frame in use, nothing mapped or pinned); its frames are
 * taken from the boot allocator. @pre d not running, boot allocation open,
 * d->grant zero-filled (fresh domain). @return 0 or -XEN_ENOMEM (the domain
 * then has no grant table: every grant operation naming it fails).
 */
int grant_domain_init(struct domain *d);

/* Domain reset: drop every mapping d holds of others (unpinning them) and
 * clear d's table. Pins others hold on d stay (see docs/evtchn-grants.md). */
void grant_domain_reset(struct domain *d);

/* Hypervisor view of grant frame idx of d, or NULL when idx is out of range. */
void *grant_table_frame(struct domain *d, unsigned idx);

/* Map grant frame idx of d read-write at guest frame gfn of d and remember
 * gfn for setup_table (XENMEM_add_to_physmap, XENMAPSPACE_grant_table).
 * Returns 0, -XEN_EINVAL (idx or gfn out of range, no table) or -XEN_EBUSY
 * (gfn already mapped). */
int grant_map_frame(struct domain *d, unsigned idx, uint64_t gfn);

/* The hypercall: GNTTABOP_* cmd over count structures at guest address arg.
 * Returns 0 (per-op results in each structure's status) or a negative Xen
 * errno for the call as a whole (-EFAULT, -EINVAL, -ENOSYS). */
long do_grant_table_op(struct vcpu *v, unsigned cmd, uint64_t arg, unsigned count);

/*
 * Internal to core/grant*.c (not for other subsystems).
 */
bool grant_gfn_ok(uint64_t gfn);
/* Guest frame where frame idx of d is visible now, or GRANT_GFN_NONE. @pre lock held. */
uint64_t grant_frame_gfn(struct domain *d, unsigned idx);
struct domain *grant_resolve_domid(struct domain *self, uint32_t id);
/* Both domains' grant locks in ascending id order (a == b allowed). */
void grant_lock_pair(struct domain *a, struct domain *b);
void grant_unlock_pair(struct domain *a, struct domain *b);
/* Entry ref of d or NULL when beyond nr_frames. @pre d's grant lock held. */
struct xen_grant_entry_v1 *grant_entry(struct domain *d, uint32_t ref);
/* Check e lets grantee read (write) and atomically set GTF_reading (writing). */
int grant_entry_acquire(struct xen_grant_entry_v1 *e, xen_domid_t grantee, bool write,
                        uint32_t *frame);
/* Clear the status bits gd's pins on ref no longer justify. @pre gd's lock held. */
void grant_entry_release(struct domain *gd, uint32_t ref);
/* Host-physical address of a frame of d's own RAM: 0 or -XEN_EFAULT. */
int grant_own_frame_pa(const struct domain *d, uint64_t gfn, uint64_t *pa);
void grant_op_map(struct domain *d, struct xen_gnttab_map_grant_ref *op);
void grant_op_unmap(struct domain *d, struct xen_gnttab_unmap_grant_ref *op);
void grant_op_copy(struct domain *d, struct xen_gnttab_copy *op);
void grant_op_query_size(struct domain *d, struct xen_gnttab_query_size *op);
long grant_op_setup_table(struct domain *d, struct xen_gnttab_setup_table *op);

#endif
