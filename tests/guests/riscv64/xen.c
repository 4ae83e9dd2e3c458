/*
 * Event channels for the test guests: shared_info mapped with
 * XENMEM_add_to_physmap, upcalls as the S-mode software interrupt (the
 * hypervisor's hal_irq_upcall_virq on RISC-V), the 2-level ABI scan.
 */
#include "guest.h"

#define SIE_SSIE (1UL << 1)
#define SSTATUS_SIE (1UL << 1)

static volatile struct shared_info *shinfo;
static void (*handler)(unsigned port);

long map_shared_info(uint64_t gpa)
{
	static struct xen_add_to_physmap xatp;

	xatp.domid = DOMID_SELF;
	xatp.space = XENMAPSPACE_shared_info;
	xatp.idx = 0;
	xatp.gpfn = gpa >> 12;
	return hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap,
	                 (unsigned long)(uintptr_t)&xatp, 0);
}

void evtchn_init(volatile struct shared_info *si, void (*on_event)(unsigned port))
{
	shinfo = si;
	handler = on_event;
	si->vcpu_info[0].evtchn_upcall_mask = 0;
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_SSIE));
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
}

void evtchn_upcall(void)
{
	volatile struct vcpu_info *vi = &shinfo->vcpu_info[0];

	__asm__ volatile("csrc sip, %0" : : "r"(SIE_SSIE));
	vi->evtchn_upcall_pending = 0;
	uint64_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);

	for (unsigned w = 0; w < 64U; w++) {
		if (((sel >> w) & 1U) == 0U) {
			continue;
		}
		uint64_t bits = shinfo->evtchn_pending[w] & ~shinfo->evtchn_mask[w];

		__atomic_and_fetch(&shinfo->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
		for (unsigned b = 0; b < 64U; b++) {
			if (((bits >> b) & 1U) != 0U && handler != NULL) {
				handler(w * 64U + b);
			}
		}
	}
}

long evtchn_send(unsigned port)
{
	static uint32_t p;

	p = port;
	return hypercall(HYPERVISOR_event_channel_op, EVTCHNOP_send, (unsigned long)(uintptr_t)&p,
	                 0);
}

void wait_until(volatile unsigned *counter, unsigned n)
{
	__asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE));
	while (*counter < n) {
		__asm__ volatile("wfi");
		__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
		__asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE));
	}
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
}
