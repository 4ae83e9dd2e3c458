/*
 * evtchn: maps shared_info, takes event-channel upcalls on vector 0xf3
 * (xenev.c) and plays 1000 round trips over the static channel on local
 * port 10: "ping" sends and waits for the answer, "pong" answers each
 * event. Bootargs "ping"/"pong" wait with interrupts enabled and PAUSE
 * (the upcall arrives through the sender's kick and an INTR exit);
 * "ping-hlt"/"pong-hlt" wait with HLT, so the core blocks the vCPU until
 * the upcall. Prints "round trips: 1000, send errors: 0".
 */
#include "guest.h"

#define PORT 10U
#define ROUNDS 1000U

void guest_main(const struct start_info *si)
{
	const char *role = start_info_cmdline(si);
	int ping = role[1] == 'i';
	int use_hlt = role[4] == '-';
	unsigned errors = 0;

	idt_init();
	if (xenev_init() != 0) {
		uart_puts("add_to_physmap(shared_info) failed\n");
		return;
	}
	uart_puts(ping ? "ping ready\n" : "pong ready\n");
	for (unsigned i = 1; i <= ROUNDS; i++) {
		if (ping) {
			errors += xenev_send(PORT) != 0;
			xenev_wait(PORT, i, use_hlt);
		} else {
			xenev_wait(PORT, i, use_hlt);
			errors += xenev_send(PORT) != 0;
		}
	}
	uart_puts("round trips: ");
	uart_putu(xenev_received(PORT));
	uart_puts(", send errors: ");
	uart_putu(errors);
	uart_puts("\n");
}
