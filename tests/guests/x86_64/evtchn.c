/*
 * evtchn: bootargs "<role>" = "ping" or "pong". Maps shared_info with
 * XENMEM_add_to_physmap, takes event-channel upcalls on vector 0xf3
 * (no EOI, as Xen's callback vector) and plays 1000 round trips over the
 * static channel on local port 10: ping sends and waits for the answer,
 * pong answers each event. Bootargs "ping"/"pong" wait with interrupts
 * enabled and PAUSE (the upcall arrives through the sender's kick and an
 * INTR exit); "ping-hlt"/"pong-hlt" wait with HLT, so the core blocks the
 * vCPU until the upcall. Prints "round trips: 1000".
 */
#include "guest.h"

#define SHARED_INFO_GPA 0x300000U
#define PORT 10U
#define ROUNDS 1000U

static volatile struct shared_info *const shinfo =
        (volatile struct shared_info *)(uintptr_t)SHARED_INFO_GPA;
static volatile unsigned received;

/* 64-bit words as two 32-bit halves: 32-bit x86 has no 64-bit XCHG/AND. */
static uint64_t xchg64(volatile uint64_t *p)
{
	volatile uint32_t *h = (volatile uint32_t *)p;
	uint32_t lo = __atomic_exchange_n(&h[0], 0U, __ATOMIC_SEQ_CST);
	uint32_t hi = __atomic_exchange_n(&h[1], 0U, __ATOMIC_SEQ_CST);

	return ((uint64_t)hi << 32) | lo;
}

static void and64(volatile uint64_t *p, uint64_t v)
{
	volatile uint32_t *h = (volatile uint32_t *)p;

	__atomic_and_fetch(&h[0], (uint32_t)v, __ATOMIC_SEQ_CST);
	__atomic_and_fetch(&h[1], (uint32_t)(v >> 32), __ATOMIC_SEQ_CST);
}

static void on_upcall(unsigned vector)
{
	volatile struct vcpu_info *vi = &shinfo->vcpu_info[0];
	uint64_t sel;

	(void)vector;
	vi->evtchn_upcall_pending = 0;
	sel = xchg64(&vi->evtchn_pending_sel);
	for (unsigned w = 0; w < 64U; w++) {
		uint64_t bits;

		if (((sel >> w) & 1U) == 0U) {
			continue;
		}
		bits = shinfo->evtchn_pending[w] & ~shinfo->evtchn_mask[w];
		and64(&shinfo->evtchn_pending[w], ~bits);
		for (unsigned b = 0; b < 64U; b++) {
			if (((bits >> b) & 1U) != 0U && w * 64U + b == PORT) {
				received++;
			}
		}
	}
}

static long send(void)
{
	uint32_t port = PORT;

	return hypercall3(HYPERVISOR_event_channel_op, EVTCHNOP_send,
	                  (unsigned long)(uintptr_t)&port, 0);
}

static int use_hlt;

static void wait_for(unsigned n)
{
	while (received < n) {
		if (use_hlt) {
			__asm__ volatile("sti; hlt; cli");
		} else {
			__asm__ volatile("sti; pause; cli");
		}
	}
}

static int map_shared_info(void)
{
	static struct xen_add_to_physmap xatp;

	xatp.domid = DOMID_SELF;
	xatp.space = XENMAPSPACE_shared_info;
	xatp.idx = 0;
	xatp.gpfn = SHARED_INFO_GPA >> 12;
	return (int)hypercall3(HYPERVISOR_memory_op, XENMEM_add_to_physmap,
	                       (unsigned long)(uintptr_t)&xatp, 0);
}

void guest_main(const struct start_info *si)
{
	const char *role = start_info_cmdline(si);
	int ping = role[1] == 'i';
	unsigned errors = 0;

	use_hlt = role[4] == '-';
	idt_init();
	irq_set_handler(UPCALL_VECTOR, on_upcall);
	lapic_write(LAPIC_SVR, 0x1ffU);
	if (map_shared_info() != 0) {
		uart_puts("add_to_physmap(shared_info) failed\n");
		return;
	}
	shinfo->vcpu_info[0].evtchn_upcall_mask = 0;
	uart_puts(ping ? "ping ready\n" : "pong ready\n");
	for (unsigned i = 1; i <= ROUNDS; i++) {
		if (ping) {
			errors += send() != 0;
			wait_for(i);
		} else {
			wait_for(i);
			errors += send() != 0;
		}
	}
	uart_puts("round trips: ");
	uart_putu(received);
	uart_puts(", send errors: ");
	uart_putu(errors);
	uart_puts("\n");
}
