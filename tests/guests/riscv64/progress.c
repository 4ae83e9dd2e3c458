/*
 * progress: prints "progress <n>" about every period_us microseconds
 * (busy-waiting on the time CSR, no interrupts), for ever.
 * bootargs: "domid=<n> period_us=<n>".
 */
#include "guest.h"

#define TIMEBASE_HZ 10000000UL

static unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

void guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	unsigned long period = bootarg_num(dtb, "period_us", 50000) * (TIMEBASE_HZ / 1000000UL);

	(void)hartid;
	for (unsigned n = 1;; n++) {
		unsigned long t0 = now();

		while (now() - t0 < period) {
		}
		gprintf("d%lu progress %u\n", domid, n);
	}
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}

void guest_trap(unsigned long scause, unsigned long sepc)
{
	gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
	for (;;) {
		__asm__ volatile("wfi");
	}
}
