/*
 * reset: reads its own reset count with the Bulkhead domctl hypercall
 * (query), prints its boot number, and reboots itself with PSCI
 * SYSTEM_RESET until it has booted three times; then shuts down with
 * SYSTEM_OFF. Its RAM is scrubbed on every reset, so the count can only
 * come from the hypervisor; a variable in .data shows that the image was
 * reloaded. bootargs: "domid=<n>".
 */
#include "guest.h"

#define BOOTS 3U
#define HC_BH_DOMCTL 0x100UL
#define BH_DOMCTL_QUERY 0UL

struct bh_domain_info {
	uint16_t domid;
	uint8_t role;
	uint8_t state;
	uint32_t nr_vcpus;
	uint32_t caps;
	uint32_t shutdown_reason;
	uint64_t resets;
	uint64_t faults;
	uint64_t denied;
	char name[32];
};

static struct bh_domain_info info;
/* In .data: a reset must reload it from the pristine image. */
static volatile unsigned long image_mark = 0x5eedUL;

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	long rc = hypercall(HC_BH_DOMCTL, BH_DOMCTL_QUERY, domid, (unsigned long)&info);
	unsigned boot;

	if (rc != 0) {
		gprintf("d%lu reset: domctl query failed (%ld)\n", domid, rc);
		(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
		return;
	}
	boot = (unsigned)info.resets + 1U;
	gprintf("d%lu reset: boot %u (resets %lu, name %s, image %s)\n", domid, boot,
	        (unsigned long)info.resets, info.name, image_mark == 0x5eedUL ? "fresh" : "stale");
	image_mark = 0;
	if (boot < BOOTS) {
		gprintf("d%lu reset: PSCI SYSTEM_RESET\n", domid);
		rc = psci(PSCI_SYSTEM_RESET, 0, 0, 0);
		gprintf("d%lu reset: SYSTEM_RESET returned %ld\n", domid, rc);
		return;
	}
	gprintf("d%lu reset: booted %u times, shutting down\n", domid, boot);
	(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

void guest_secondary(unsigned long id, unsigned long context)
{
	(void)id;
	(void)context;
}

void guest_irq(void)
{
}

void guest_trap(unsigned long esr, unsigned long elr)
{
	gprintf("unexpected guest trap: esr %lx elr %lx\n", esr, elr);
}
