/*
 * Grant tables, Xen v1 ABI (see core/grant*.c and docs/evtchn-grants.md).
 *
 * Each domain owns GRANT_MAX_FRAMES page-aligned frames of v1 grant entries
 * inside its struct grant_domain (static storage, no allocation). The guest
 * sees them where it asks (XENMEM_add_to_physmap, XENMAPSPACE_grant_table,
 * which uses grant_frame_pa()). Mappings a domain makes of other domains'
 * grants are recorded in its maptrack; pins on a granter's entries live in
 * the granter's active[] array.
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
	_Alignas(XEN_PAGE_SIZE) uint8_t frames[GRANT_MAX_FRAMES][XEN_PAGE_SIZE];
	spinlock_t lock;                      /* protects everything below; see core/grant.c */
	uint32_t nr_frames;                   /* frames in use (setup_table), 1..GRANT_MAX_FRAMES */
	uint64_t frame_gfn[GRANT_MAX_FRAMES]; /* where the guest sees frame i */
	struct grant_active active[GRANT_MAX_ENTRIES];
	struct grant_maptrack maptrack[GRANT_MAX_MAPS];
};

/* Empty table (1 frame in use, nothing mapped or pinned). @pre d not
 * running. Returns 0. */
int grant_domain_init(struct domain *d);

/* Domain reset: drop every mapping d holds of others (unpinning them) and
 * clear d's table. Pins others hold on d stay (see docs/evtchn-grants.md). */
void grant_domain_reset(struct domain *d);

/* Hypervisor view of grant frame idx of d, or NULL when idx is out of range. */
void *grant_table_frame(struct domain *d, unsigned idx);

/* Host-physical address of grant frame idx of d, for
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table): 0, or -XEN_EINVAL when idx
 * is not below GRANT_MAX_FRAMES. The caller maps it and then reports the
 * guest frame with grant_note_frame_gfn(). */
int grant_frame_pa(struct domain *d, unsigned idx, uint64_t *pa);

/* Record that grant frame idx of d is now visible at guest frame gfn (what
 * GNTTABOP_setup_table reports back). Ignored when idx is out of range. */
void grant_note_frame_gfn(struct domain *d, unsigned idx, uint64_t gfn);

/* The hypercall: GNTTABOP_* cmd over count structures at guest address arg.
 * Returns 0 (per-op results in each structure's status) or a negative Xen
 * errno for the call as a whole (-EFAULT, -EINVAL, -ENOSYS). */
long do_grant_table_op(struct vcpu *v, unsigned cmd, uint64_t arg, unsigned count);

#endif
