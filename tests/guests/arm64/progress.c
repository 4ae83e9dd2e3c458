/*
 * progress: prints "progress <n>" about every period_us microseconds
 * (busy-waiting on the virtual counter, no interrupts), for ever.
 * bootargs: "domid=<n> period_us=<n>".
 */
#include "guest.h"

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	uint64_t period = bootarg_num(dtb, "period_us", 50000) * (read_cntfrq() / 1000000U);

	for (unsigned n = 1;; n++) {
		uint64_t t0 = read_cntvct();

		while (read_cntvct() - t0 < period) {
		}
		gprintf("d%lu progress %u\n", domid, n);
	}
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
