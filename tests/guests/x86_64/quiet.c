/*
 * quiet: computes for 2^26 loop iterations with interrupts off between two
 * reads of Bulkhead's exit-count CPUID leaf (0x40420000) and prints how
 * many hypervisor exits the computation took ("exits while computing: N";
 * the second CPUID itself is not counted), five times.
 */
#include "guest.h"

#define LEAF_EXITS 0x40420000U
#define WORK (1UL << 26)

static uint32_t exits(void)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(LEAF_EXITS), "c"(0));
	return a;
}

void guest_main(const struct start_info *si)
{
	volatile unsigned long x = 0;

	(void)si;
	for (unsigned round = 1; round <= 5U; round++) {
		uint32_t before = exits();

		for (unsigned long i = 0; i < WORK; i++) {
			x += i;
		}
		uint32_t during = exits() - before - 1U;

		uart_puts("exits while computing: ");
		uart_putu(during);
		uart_puts("\n");
	}
	uart_puts("quiet done\n");
}
