/*
 * Event channels for the test guests: shared_info mapped with
 * XENMEM_add_to_physmap, upcalls as PPI 31 (Xen on Arm), the 2-level ABI
 * scan. The guest's MMU is off, so shared_info is Device memory to it:
 * plain loads and stores only (no exclusives); the hypervisor sets bits
 * with its own atomics and the guest clears what it has seen.
 */
#include "guest.h"

static volatile struct shared_info *shinfo;
static void (*handler)(unsigned port);

long map_shared_info(uint64_t gpa)
{
	static struct xen_add_to_physmap xatp;

	xatp.domid = DOMID_SELF;
	xatp.space = XENMAPSPACE_shared_info;
	xatp.idx = 0;
	xatp.gpfn = gpa >> 12;
	return hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)&xatp, 0);
}

void evtchn_init(volatile struct shared_info *si, void (*on_event)(unsigned port))
{
	shinfo = si;
	handler = on_event;
	gic_init_dist();
	gic_init_cpu(0);
	gic_enable_local(0, EVTCHN_UPCALL_PPI);
	si->vcpu_info[0].evtchn_upcall_mask = 0;
	__asm__ volatile("msr daifclr, #2");
}

void evtchn_upcall(void)
{
	volatile struct vcpu_info *vi = &shinfo->vcpu_info[0];

	vi->evtchn_upcall_pending = 0;
	uint64_t sel = vi->evtchn_pending_sel;

	vi->evtchn_pending_sel = 0;
	for (unsigned w = 0; w < 64U; w++) {
		if (((sel >> w) & 1U) == 0U) {
			continue;
		}
		uint64_t bits = shinfo->evtchn_pending[w] & ~shinfo->evtchn_mask[w];

		shinfo->evtchn_pending[w] &= ~bits;
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
	return hypercall(HYPERVISOR_event_channel_op, EVTCHNOP_send, (unsigned long)&p, 0);
}

unsigned wfi_returns;

void wait_until(volatile unsigned *counter, unsigned n)
{
	__asm__ volatile("msr daifset, #2");
	while (*counter < n) {
		__asm__ volatile("wfi");
		wfi_returns++;
		__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2");
	}
	__asm__ volatile("msr daifclr, #2");
}
