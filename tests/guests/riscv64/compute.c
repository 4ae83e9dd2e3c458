/*
 * compute: bootargs "domid=<n> ms=<n> rounds=<n>". Computes for about
 * <ms> milliseconds per round (a pure loop: no ECALL, no MMIO, no WFI)
 * and prints how many hypervisor exits its vCPU took meanwhile, from the
 * exit counter the Bulkhead SBI extension reports (vendor function
 * 0x10000; the two queries themselves are two exits, not counted).
 */
#include "guest.h"

#define TIMEBASE_HZ 10000000UL
#define FID_EXITS 0x10000UL

static unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static unsigned long exits(void)
{
	return (unsigned long)sbi_call(SBI_EXT_BULKHEAD, FID_EXITS, 0, 0, 0).value;
}

void guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	unsigned long ticks = bootarg_num(dtb, "ms", 200) * (TIMEBASE_HZ / 1000UL);
	unsigned long rounds = bootarg_num(dtb, "rounds", 3);
	volatile unsigned long sum = 0;

	(void)hartid;
	for (unsigned long r = 1; r <= rounds; r++) {
		unsigned long e0 = exits(), t0 = now(), iters = 0;

		while (now() - t0 < ticks) {
			sum += iters * iters;
			iters++;
		}
		unsigned long e1 = exits();

		gprintf("d%lu compute: round %lu, %lu iterations, %lu exits while computing\n",
		        domid, r, iters, e1 - e0 - 1U);
	}
	(void)sum;
	(void)sbi_system_reset(0);
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
