/*
 * grant: bootargs "domid=<n> granter=<0|1>"; d1 grants, d2 maps. Steps,
 * each handed over with an event on the static channel (local port 10):
 *   d1: places grant-table frame 0, grants a page to d2 (ref 8)
 *   d2: maps it at a hole, reads d1's text through it
 *   d1: tries to end access: refused, GTF_reading/writing are set
 *   d2: unmaps it
 *   d1: ends access: succeeds now
 * Shared by the Arm64 and RISC-V guests; addresses come from the arch's
 * struct grant_layout, the runtime (hypercall, events, gprintf) from its
 * guest.h.
 */
#include "grant_flow.h"
#include "guest.h"

#define PORT 10U
#define REF 8U
#define GRANT_TABLE_OP 20UL     /* HYPERVISOR_grant_table_op */
#define MAPSPACE_GRANT_TABLE 1U /* XENMAPSPACE_grant_table */
#define GNTTABOP_map_grant_ref 0UL
#define GNTTABOP_unmap_grant_ref 1UL
#define GNTMAP_host_map 0x2U
#define GTF_permit_access 0x1U
#define GTF_reading 0x8U
#define GTF_writing 0x10U

struct grant_entry {
	uint16_t flags;
	uint16_t domid;
	uint32_t frame;
};

struct map_grant_ref {
	uint64_t host_addr;
	uint32_t flags;
	uint32_t ref;
	uint16_t dom;
	int16_t status;
	uint32_t handle;
	uint64_t dev_bus_addr;
};

struct unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	uint32_t handle;
	int16_t status;
};

static const char text[] = "a page granted by d1";
static volatile unsigned events;
static unsigned long domid;
static const struct grant_layout *lay;

static void on_event(unsigned port)
{
	events = events + (port == PORT ? 1U : 0U);
}

/* Linux's gnttab_end_foreign_access_ref for v1: give up while in use;
 * else compare-and-swap the flags to 0 (on the 32-bit word flags|domid:
 * RISC-V has no 16-bit compare-and-swap). The Arm64 guest runs with its
 * MMU off, so there this is an exclusive on Device memory: fine under
 * QEMU, CONSTRAINED UNPREDICTABLE on hardware. */
static bool end_access(volatile struct grant_entry *e, uint16_t *seen)
{
	volatile uint32_t *word = (volatile uint32_t *)e;
	uint32_t old = *word;

	*seen = (uint16_t)old;
	if ((old & (GTF_reading | GTF_writing)) != 0U) {
		return false;
	}
	return __atomic_compare_exchange_n(word, &old, old & 0xffff0000U, false, __ATOMIC_SEQ_CST,
	                                   __ATOMIC_SEQ_CST);
}

static void granter(void)
{
	static struct xen_add_to_physmap xatp;
	volatile struct grant_entry *gt = (volatile struct grant_entry *)lay->gnttab;
	uint16_t flags;

	xatp.domid = DOMID_SELF;
	xatp.space = MAPSPACE_GRANT_TABLE;
	xatp.idx = 0;
	xatp.gpfn = lay->gnttab >> 12;
	long rc = hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap,
	                    (unsigned long)(uintptr_t)&xatp, 0);

	for (unsigned i = 0; i < sizeof(text); i++) {
		((volatile char *)lay->page)[i] = text[i];
	}
	gt[REF].frame = (uint32_t)(lay->page >> 12);
	gt[REF].domid = 2;
	guest_full_barrier(); /* the entry before its flags */
	gt[REF].flags = GTF_permit_access;
	gprintf("d%lu grant: table placed (%ld), ref %u grants page %lx to d2\n", domid, rc, REF,
	        lay->page);
	(void)evtchn_send(PORT);
	wait_until(&events, 1U);
	bool ended = end_access(&gt[REF], &flags);

	gprintf("d%lu grant: end access while mapped: %s (flags %x)\n", domid,
	        ended ? "ENDED" : "refused", flags);
	(void)evtchn_send(PORT);
	wait_until(&events, 2U);
	ended = end_access(&gt[REF], &flags);
	gprintf("d%lu grant: end access after unmap: %s (flags %x)\n", domid,
	        ended ? "ended" : "REFUSED", flags);
}

static void grantee(void)
{
	static struct map_grant_ref map;
	static struct unmap_grant_ref unmap;
	bool same = true;

	wait_until(&events, 1U);
	map.host_addr = lay->map;
	map.flags = GNTMAP_host_map;
	map.ref = REF;
	map.dom = 1;
	long rc = hypercall(GRANT_TABLE_OP, GNTTABOP_map_grant_ref, (unsigned long)(uintptr_t)&map,
	                    1);

	for (unsigned i = 0; rc == 0 && map.status == 0 && i < sizeof(text); i++) {
		same = same && ((volatile char *)lay->map)[i] == text[i];
	}
	gprintf("d%lu grant: map ref %u of d1: rc %ld status %d, reads \"%s\" %s\n", domid, REF, rc,
	        map.status, map.status == 0 ? (const char *)lay->map : "-",
	        same && map.status == 0 ? "ok" : "WRONG");
	(void)evtchn_send(PORT);
	wait_until(&events, 2U);
	unmap.host_addr = lay->map;
	unmap.handle = map.handle;
	rc = hypercall(GRANT_TABLE_OP, GNTTABOP_unmap_grant_ref, (unsigned long)(uintptr_t)&unmap,
	               1);
	gprintf("d%lu grant: unmap: rc %ld status %d\n", domid, rc, unmap.status);
	(void)evtchn_send(PORT);
}

void grant_flow_main(const void *dtb, const struct grant_layout *layout)
{
	lay = layout;
	domid = bootarg_num(dtb, "domid", 99);
	if (map_shared_info(lay->shared_info) != 0) {
		gprintf("d%lu grant: add_to_physmap(shared_info) failed\n", domid);
		return;
	}
	evtchn_init((volatile struct shared_info *)lay->shared_info, on_event);
	if (bootarg_num(dtb, "granter", 0) != 0U) {
		granter();
	} else {
		grantee();
	}
}
