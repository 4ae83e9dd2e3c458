/*
 * The demo's two application domains, shared by the Arm64 and RISC-V
 * guests (each arch's demo_app.c gives the addresses, the counter and the
 * interrupt handling); bootargs "a=1" or not. They share a 2 MiB region
 * and a static event channel (local port 10 in both). Every half second
 * app-a writes a numbered message with a checksum into the region and
 * sends an event; app-b, woken by the event, verifies it, prints it,
 * writes its reply behind it and sends an event back; app-a prints the
 * reply. For ever.
 */
#include "demo_app_flow.h"
#include "guest.h"

#define PORT 10U
#define TEXT 48U

struct message {
	uint64_t seq;
	uint64_t sum;
	char text[TEXT];
};

struct mailbox {
	struct message request;
	struct message reply;
};

static volatile unsigned events;

static void on_event(unsigned port)
{
	events = events + (port == PORT ? 1U : 0U);
}

static uint64_t checksum(const volatile struct message *m)
{
	uint64_t s = m->seq * 0x9e3779b97f4a7c15ULL;

	for (unsigned i = 0; i < TEXT; i++) {
		s = (s ^ (uint8_t)m->text[i]) * 0x100000001b3ULL;
	}
	return s;
}

/* Writes "<prefix><n>" into m and seals it with its checksum. */
static void compose(volatile struct message *m, uint64_t seq, const char *prefix)
{
	char digits[20];
	unsigned n = 0, i = 0;
	uint64_t v = seq;

	do {
		digits[n++] = (char)('0' + v % 10U);
		v /= 10U;
	} while (v != 0U && n < sizeof(digits));
	for (; prefix[i] != '\0' && i < TEXT - 1U; i++) {
		m->text[i] = prefix[i];
	}
	while (n > 0U && i < TEXT - 1U) {
		m->text[i++] = digits[--n];
	}
	while (i < TEXT) {
		m->text[i++] = '\0';
	}
	m->seq = seq;
	guest_full_barrier();
	m->sum = checksum(m);
	guest_full_barrier();
}

static void copy_text(char *out, const volatile struct message *m)
{
	for (unsigned i = 0; i < TEXT; i++) {
		out[i] = m->text[i];
	}
	out[TEXT - 1U] = '\0';
}

static void app_a(volatile struct mailbox *mb)
{
	uint64_t half_second = guest_counter_hz() / 2U;
	char text[TEXT];

	for (uint64_t seq = 1;; seq++) {
		uint64_t t0 = guest_counter();

		while (guest_counter() - t0 < half_second) {
		}
		compose(&mb->request, seq, "sensor frame #");
		(void)evtchn_send(PORT);
		wait_until(&events, (unsigned)seq);
		copy_text(text, &mb->reply);
		gprintf("app-a: sent #%lu, reply \"%s\" (%s)\n", (unsigned long)seq, text,
		        mb->reply.seq == seq && mb->reply.sum == checksum(&mb->reply) ? "verified"
		                                                                      : "CORRUPT");
	}
}

static void app_b(volatile struct mailbox *mb)
{
	char text[TEXT];

	for (uint64_t seq = 1;; seq++) {
		wait_until(&events, (unsigned)seq);
		bool ok = mb->request.sum == checksum(&mb->request);

		copy_text(text, &mb->request);
		gprintf("app-b: got #%lu \"%s\" through shared memory (%s)\n",
		        (unsigned long)mb->request.seq, text, ok ? "checksum ok" : "CORRUPT");
		compose(&mb->reply, mb->request.seq, "ack #");
		(void)evtchn_send(PORT);
	}
}

void demo_app_main(const void *dtb, unsigned long shared_info, unsigned long shm)
{
	volatile struct mailbox *mb = (volatile struct mailbox *)shm;
	bool a = bootarg_num(dtb, "a", 0) != 0U;

	if (map_shared_info(shared_info) != 0) {
		gprintf("app: add_to_physmap(shared_info) failed\n");
		return;
	}
	evtchn_init((volatile struct shared_info *)shared_info, on_event);
	if (a) {
		app_a(mb);
	} else {
		app_b(mb);
	}
}
