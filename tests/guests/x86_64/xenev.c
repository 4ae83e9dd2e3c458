/*
 * x86 test guest event channels: shared_info mapped at SHARED_INFO_GPA
 * with XENMEM_add_to_physmap, upcalls on vector 0xf3 (no EOI, as Xen's
 * callback vector), a count of events received on each port below 64.
 */
#include "guest.h"

#define SHARED_INFO_GPA 0x300000U

static volatile struct shared_info *const shinfo =
        (volatile struct shared_info *)(uintptr_t)SHARED_INFO_GPA;
static volatile unsigned port_events[64];

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
		for (unsigned b = 0; w == 0U && b < 64U; b++) {
			if (((bits >> b) & 1U) != 0U) {
				port_events[b]++;
			}
		}
	}
}

int xenev_init(void)
{
	static struct xen_add_to_physmap xatp;

	irq_set_handler(UPCALL_VECTOR, on_upcall);
	lapic_write(LAPIC_SVR, 0x1ffU);
	xatp.domid = DOMID_SELF;
	xatp.space = XENMAPSPACE_shared_info;
	xatp.idx = 0;
	xatp.gpfn = SHARED_INFO_GPA >> 12;
	if (hypercall3(HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)(uintptr_t)&xatp,
	               0) != 0) {
		return -1;
	}
	shinfo->vcpu_info[0].evtchn_upcall_mask = 0;
	return 0;
}

long xenev_send(uint32_t port)
{
	static uint32_t arg;

	arg = port;
	return hypercall3(HYPERVISOR_event_channel_op, EVTCHNOP_send,
	                  (unsigned long)(uintptr_t)&arg, 0);
}

unsigned xenev_received(uint32_t port)
{
	return port < 64U ? port_events[port] : 0U;
}

void xenev_wait(uint32_t port, unsigned n, int use_hlt)
{
	while (xenev_received(port) < n) {
		if (use_hlt) {
			__asm__ volatile("sti; hlt; cli");
		} else {
			__asm__ volatile("sti; pause; cli");
		}
	}
}
