/*
 * shm: static shared memory at guest-physical 0x800000 (2 MiB). The
 * "writer" fills it with a pattern (word i = i * 0x9e3779b9 + 1) and sends
 * an event on local port 10; the "reader" waits for that event, verifies
 * every word and answers with an event; prints "shm verified: <words>
 * words, <bad> bad" or, on the writer, "shm acknowledged".
 */
#include "guest.h"

#define SHM_GPA 0x800000U
#define SHM_WORDS (0x200000U / 4U)
#define PORT 10U

static uint32_t pattern(uint32_t i)
{
	return i * 0x9e3779b9U + 1U;
}

void guest_main(const struct start_info *si)
{
	volatile uint32_t *shm = (volatile uint32_t *)(uintptr_t)SHM_GPA;
	int writer = start_info_cmdline(si)[0] == 'w';
	unsigned bad = 0;

	idt_init();
	if (xenev_init() != 0) {
		uart_puts("add_to_physmap(shared_info) failed\n");
		return;
	}
	if (writer) {
		for (uint32_t i = 0; i < SHM_WORDS; i++) {
			shm[i] = pattern(i);
		}
		uart_puts("shm written\n");
		(void)xenev_send(PORT);
		xenev_wait(PORT, 1, 0);
		uart_puts("shm acknowledged\n");
		return;
	}
	xenev_wait(PORT, 1, 0);
	for (uint32_t i = 0; i < SHM_WORDS; i++) {
		bad += shm[i] != pattern(i);
	}
	uart_puts("shm verified: ");
	uart_putu(SHM_WORDS);
	uart_puts(" words, ");
	uart_putu(bad);
	uart_puts(" bad\n");
	(void)xenev_send(PORT);
}
