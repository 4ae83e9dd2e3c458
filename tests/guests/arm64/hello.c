/*
 * hello: prints a greeting with its domain id (bootargs "domid=<n>") and
 * the PSCI version through the console_io hypercall, a few numbered
 * lines, then powers its domain off with PSCI SYSTEM_OFF.
 */
#include "guest.h"

#define LINES 3U

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	long version = psci(PSCI_VERSION, 0, 0, 0);

	gprintf("hello from d%lu (PSCI %lu.%lu)\n", domid, (unsigned long)version >> 16,
	        (unsigned long)version & 0xffffUL);
	for (unsigned i = 1; i <= LINES; i++) {
		gprintf("d%lu line %u/%u\n", domid, i, LINES);
	}
	gprintf("d%lu done, shutting down\n", domid);
	(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	gprintf("d%lu: SYSTEM_OFF returned\n", domid);
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
