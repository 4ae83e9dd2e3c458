/*
 * hello: prints "hello from <cmdline>" (the config's bootargs name the
 * domain, "d1") a few times, then halts with interrupts off.
 */
#include "guest.h"

void guest_main(const struct start_info *si)
{
	const char *name = start_info_cmdline(si);

	for (unsigned i = 1; i <= 3U; i++) {
		uart_puts("hello from ");
		uart_puts(name);
		uart_puts(" #");
		uart_putu(i);
		uart_puts("\n");
	}
	uart_puts("done\n");
}
