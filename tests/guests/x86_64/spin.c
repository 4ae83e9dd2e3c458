/*
 * spin: computes without ever halting (interrupts off) and prints
 * "spin <n>" after every 2^22 loop iterations; with bootargs "silent" it
 * never prints either, so it never exits on its own: a domain sharing its
 * pCPU progresses only if the hypervisor preempts it.
 */
#include "guest.h"

#define STEP (1UL << 22)

void guest_main(const struct start_info *si)
{
	volatile unsigned long x = 0;
	int silent = start_info_cmdline(si)[0] == 's';

	uart_puts(silent ? "spinning silently\n" : "spinning\n");
	for (unsigned n = 1;; n++) {
		for (unsigned long i = 0; i < STEP; i++) {
			x += i;
		}
		if (silent) {
			continue;
		}
		uart_puts("spin ");
		uart_putu(n);
		uart_puts("\n");
	}
}
