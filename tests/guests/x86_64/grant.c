/*
 * grant: the v1 grant sequence between "granter" (d1) and "grantee" (d2),
 * stepped by events on local port 10 (xenev.c):
 *   d1 maps its grant table frame 0, grants page GRANT_PAGE (pattern
 *      filled) to d2 as ref 8, signals;
 *   d2 maps ref 8 at MAP_GPA (GNTTABOP_map_grant_ref), checks the pattern,
 *      signals;
 *   d1 tries to end access: refused, the hypervisor marks the entry in use
 *      (GTF_reading/GTF_writing), signals;
 *   d2 unmaps (GNTTABOP_unmap_grant_ref), signals;
 *   d1 ends access (entry no longer in use) and prints "grant sequence ok".
 */
#include "guest.h"

#define PORT 10U
#define GNTTAB_GPA 0x310000U
#define GRANT_PAGE 0x320000U
#define MAP_GPA 0x1000000U /* outside RAM: a grant maps where nothing is */
#define GREF 8U
#define HYPERVISOR_grant_table_op 20U
#define GNTTABOP_map_grant_ref 0U
#define GNTTABOP_unmap_grant_ref 1U
#define XENMAPSPACE_grant_table 1U
#define GTF_permit_access 1U
#define GTF_reading 0x8U
#define GTF_writing 0x10U
#define GNTMAP_host_map 0x2U

struct grant_entry_v1 {
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
	uint16_t pad;
};

static unsigned step;

static void next(void)
{
	(void)xenev_send(PORT);
}

static void await(void)
{
	xenev_wait(PORT, ++step, 0);
}

static uint32_t pattern(uint32_t i)
{
	return i * 2654435761U + 7U;
}

static int end_access(volatile struct grant_entry_v1 *e)
{
	uint16_t flags = e->flags;

	if ((flags & (GTF_reading | GTF_writing)) != 0U) {
		return -1;
	}
	return __atomic_compare_exchange_n(&e->flags, &flags, 0, 0, __ATOMIC_SEQ_CST,
	                                   __ATOMIC_SEQ_CST)
	               ? 0
	               : -1;
}

static void granter(unsigned grantee)
{
	static struct xen_add_to_physmap xatp;
	volatile struct grant_entry_v1 *gt = (volatile struct grant_entry_v1 *)GNTTAB_GPA;
	volatile uint32_t *page = (volatile uint32_t *)GRANT_PAGE;

	xatp = (struct xen_add_to_physmap){DOMID_SELF, 0, XENMAPSPACE_grant_table, 0,
	                                   GNTTAB_GPA >> 12};
	if (hypercall3(HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)(uintptr_t)&xatp,
	               0) != 0) {
		uart_puts("grant table map failed\n");
		return;
	}
	for (uint32_t i = 0; i < 1024U; i++) {
		page[i] = pattern(i);
	}
	gt[GREF].domid = (uint16_t)grantee;
	gt[GREF].frame = GRANT_PAGE >> 12;
	__atomic_store_n(&gt[GREF].flags, GTF_permit_access, __ATOMIC_SEQ_CST);
	uart_puts("granted ref 8\n");
	next();
	await(); /* grantee mapped it */
	uart_puts(end_access(&gt[GREF]) != 0 ? "end access refused while mapped\n"
	                                     : "END ACCESS WHILE MAPPED\n");
	next();
	await(); /* grantee unmapped it */
	uart_puts(end_access(&gt[GREF]) == 0 ? "end access ok\n" : "END ACCESS REFUSED\n");
	uart_puts("grant sequence ok\n");
}

static long grant_op(unsigned cmd, void *arg)
{
	return hypercall3(HYPERVISOR_grant_table_op, cmd, (unsigned long)(uintptr_t)arg, 1);
}

static void grantee(unsigned granter_id)
{
	static struct map_grant_ref map;
	static struct unmap_grant_ref unmap;
	volatile uint32_t *page = (volatile uint32_t *)MAP_GPA;
	unsigned bad = 0;

	await(); /* granted */
	map = (struct map_grant_ref){MAP_GPA, GNTMAP_host_map, GREF, (uint16_t)granter_id, 0, 0, 0};
	if (grant_op(GNTTABOP_map_grant_ref, &map) != 0 || map.status != 0) {
		uart_puts("map_grant_ref failed\n");
		return;
	}
	for (uint32_t i = 0; i < 1024U; i++) {
		bad += page[i] != pattern(i);
	}
	uart_puts("mapped ref 8: ");
	uart_putu(bad);
	uart_puts(" bad words\n");
	next();
	await(); /* granter tried to end access */
	unmap = (struct unmap_grant_ref){MAP_GPA, 0, map.handle, 0, 0};
	if (grant_op(GNTTABOP_unmap_grant_ref, &unmap) != 0 || unmap.status != 0) {
		uart_puts("unmap_grant_ref failed\n");
		return;
	}
	uart_puts("unmapped ref 8\n");
	next();
}

void guest_main(const struct start_info *si)
{
	const char *args = start_info_cmdline(si);
	int is_granter = args[0] == 'g' && args[5] == 'e' && args[6] == 'r';

	idt_init();
	if (xenev_init() != 0) {
		uart_puts("add_to_physmap(shared_info) failed\n");
		return;
	}
	if (is_granter) {
		granter(2);
	} else {
		grantee(1);
	}
}
