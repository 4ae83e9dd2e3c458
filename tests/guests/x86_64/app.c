/*
 * app: the demo's data exchange. "producer" writes a sequence number and a
 * checksum into the shared page at 0x800000 and signals port 10; the
 * "consumer" checks them and answers on the same channel; both print a
 * line every 200 exchanges, forever.
 */
#include "guest.h"

#define SHM_GPA 0x800000U
#define PORT 10U

struct message {
	volatile uint32_t seq;
	volatile uint32_t check;
};

void guest_main(const struct start_info *si)
{
	struct message *m = (struct message *)(uintptr_t)SHM_GPA;
	int producer = start_info_cmdline(si)[0] == 'p';
	unsigned bad = 0;

	idt_init();
	if (xenev_init() != 0) {
		uart_puts("add_to_physmap(shared_info) failed\n");
		return;
	}
	for (uint32_t n = 1;; n++) {
		if (producer) {
			m->seq = n;
			m->check = n * 2654435761U;
			(void)xenev_send(PORT);
			xenev_wait(PORT, n, 0);
		} else {
			xenev_wait(PORT, n, 0);
			bad += m->seq != n || m->check != n * 2654435761U;
			(void)xenev_send(PORT);
		}
		if (n % 200U == 0U) {
			uart_puts(producer ? "sent " : "received ");
			uart_putu(n);
			uart_puts(" messages over shared memory, ");
			uart_putu(bad);
			uart_puts(" bad\n");
		}
	}
}
