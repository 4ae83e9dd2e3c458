/*
 * compute: bootargs "domid=<n> ms=<n> rounds=<n>". Computes for about
 * <ms> milliseconds per round (a pure loop: no HVC, no MMIO, no WFI) and
 * prints how many hypervisor exits its vCPU took meanwhile, from the exit
 * counter the backend reports (HVC #0xEA2; the second query is itself one
 * exit, not counted).
 */
#include "guest.h"

static unsigned long exits(void)
{
	register unsigned long x0 __asm__("x0") = 0;

	__asm__ volatile("hvc #0xea2" : "+r"(x0) : : "memory");
	return x0;
}

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	uint64_t ticks = bootarg_num(dtb, "ms", 200) * (read_cntfrq() / 1000U);
	unsigned long rounds = bootarg_num(dtb, "rounds", 3);
	volatile unsigned long sum = 0;

	for (unsigned long r = 1; r <= rounds; r++) {
		unsigned long e0 = exits(), iters = 0;
		uint64_t t0 = read_cntvct();

		while (read_cntvct() - t0 < ticks) {
			sum += iters * iters;
			iters++;
		}
		unsigned long e1 = exits();

		gprintf("d%lu compute: round %lu, %lu iterations, %lu exits while computing\n",
		        domid, r, iters, e1 - e0 - 1U);
	}
	(void)sum;
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
