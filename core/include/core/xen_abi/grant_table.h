/*
 * Xen public ABI: grant tables, version 1 (public/grant_table.h). Command
 * numbers, flags, status codes and structure layouts match Xen's; layouts
 * are checked by static asserts.
 */
#ifndef CORE_XEN_ABI_GRANT_TABLE_H
#define CORE_XEN_ABI_GRANT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include <core/xen_abi/xen.h>

typedef uint32_t xen_grant_ref_t;
typedef uint32_t xen_grant_handle_t;

/* GNTTABOP_* commands (first argument of HYPERVISOR_grant_table_op). */
#define GNTTABOP_map_grant_ref 0U
#define GNTTABOP_unmap_grant_ref 1U
#define GNTTABOP_setup_table 2U
#define GNTTABOP_dump_table 3U
#define GNTTABOP_transfer 4U
#define GNTTABOP_copy 5U
#define GNTTABOP_query_size 6U
#define GNTTABOP_unmap_and_replace 7U
#define GNTTABOP_set_version 8U
#define GNTTABOP_get_status_frames 9U
#define GNTTABOP_get_version 10U

/* A v1 grant entry, written by the granting guest in its grant table. */
struct xen_grant_entry_v1 {
	uint16_t flags;    /* GTF_* */
	xen_domid_t domid; /* the domain allowed to use the grant */
	uint32_t frame;    /* the granter's guest frame number */
};

#define GTF_invalid 0U
#define GTF_permit_access 1U
#define GTF_accept_transfer 2U
#define GTF_transfer_completed 3U
#define GTF_type_mask 3U
#define GTF_readonly 0x4U /* guest-set: the grantee may only read */
#define GTF_reading 0x8U  /* hypervisor-set: a read mapping/copy is in use */
#define GTF_writing 0x10U /* hypervisor-set: a write mapping/copy is in use */
#define GTF_sub_page 0x100U

/* Flags of GNTTABOP_map_grant_ref. */
#define GNTMAP_device_map 0x1U
#define GNTMAP_host_map 0x2U
#define GNTMAP_readonly 0x4U
#define GNTMAP_application_map 0x8U
#define GNTMAP_contains_pte 0x10U

/* Per-operation status codes (the status fields below). */
#define GNTST_okay 0
#define GNTST_general_error (-1)
#define GNTST_bad_domain (-2)
#define GNTST_bad_gntref (-3)
#define GNTST_bad_handle (-4)
#define GNTST_bad_virt_addr (-5)
#define GNTST_bad_dev_addr (-6)
#define GNTST_no_device_space (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page (-9)
#define GNTST_bad_copy_arg (-10)
#define GNTST_address_too_big (-11)
#define GNTST_eagain (-12)
#define GNTST_no_space (-13)

struct xen_gnttab_map_grant_ref {
	uint64_t host_addr;        /* IN: guest physical address to map at */
	uint32_t flags;            /* IN: GNTMAP_* */
	xen_grant_ref_t ref;       /* IN */
	xen_domid_t dom;           /* IN: the granter */
	int16_t status;            /* OUT: GNTST_* */
	xen_grant_handle_t handle; /* OUT */
	uint64_t dev_bus_addr;     /* OUT */
};

struct xen_gnttab_unmap_grant_ref {
	uint64_t host_addr;        /* IN */
	uint64_t dev_bus_addr;     /* IN */
	xen_grant_handle_t handle; /* IN */
	int16_t status;            /* OUT */
};

struct xen_gnttab_setup_table {
	xen_domid_t dom;     /* IN */
	uint32_t nr_frames;  /* IN */
	int16_t status;      /* OUT */
	uint64_t frame_list; /* IN: guest handle to nr_frames xen_pfn_t (u64) */
};

struct xen_gnttab_query_size {
	xen_domid_t dom;        /* IN */
	uint32_t nr_frames;     /* OUT */
	uint32_t max_nr_frames; /* OUT */
	int16_t status;         /* OUT */
};

#define GNTCOPY_source_gref 0x1U
#define GNTCOPY_dest_gref 0x2U

struct xen_gnttab_copy_ptr {
	union {
		xen_grant_ref_t ref;
		uint64_t gmfn;
	} u;
	xen_domid_t domid;
	uint16_t offset;
};

struct xen_gnttab_copy {
	struct xen_gnttab_copy_ptr source;
	struct xen_gnttab_copy_ptr dest;
	uint16_t len;
	uint16_t flags; /* GNTCOPY_* */
	int16_t status; /* OUT */
};

_Static_assert(sizeof(struct xen_grant_entry_v1) == 8U, "ABI");
_Static_assert(sizeof(struct xen_gnttab_map_grant_ref) == 32U, "ABI");
_Static_assert((size_t)offsetof(struct xen_gnttab_map_grant_ref, status) == 18U, "ABI");
_Static_assert((size_t)offsetof(struct xen_gnttab_map_grant_ref, handle) == 20U, "ABI");
_Static_assert(sizeof(struct xen_gnttab_unmap_grant_ref) == 24U, "ABI");
_Static_assert((size_t)offsetof(struct xen_gnttab_unmap_grant_ref, status) == 20U, "ABI");
_Static_assert(sizeof(struct xen_gnttab_setup_table) == 24U, "ABI");
_Static_assert((size_t)offsetof(struct xen_gnttab_setup_table, frame_list) == 16U, "ABI");
_Static_assert(sizeof(struct xen_gnttab_query_size) == 16U, "ABI");
_Static_assert(sizeof(struct xen_gnttab_copy_ptr) == 16U, "ABI");
_Static_assert((size_t)offsetof(struct xen_gnttab_copy, len) == 32U, "ABI");
_Static_assert(sizeof(struct xen_gnttab_copy) == 40U, "ABI");

#endif
