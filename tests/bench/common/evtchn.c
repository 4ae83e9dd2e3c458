/*
 * Event channels for the benchmark: shared_info mapped into a page of the
 * guest with XENMEM_add_to_physmap, upcalls left masked, the pending bit of
 * the one static port polled (a ping-pong has one event in flight, so a
 * plain read-modify-write clears it safely). The bench guest measures the
 * round trip; the echo guest (echo.c) sends every event back.
 */
#include "bench.h"

#define HYPERVISOR_memory_op 12UL
#define HYPERVISOR_event_channel_op 32UL
#define XENMEM_add_to_physmap 7UL
#define XENMAPSPACE_shared_info 0U
#define DOMID_SELF 0x7ff0U
#define EVTCHNOP_send 4UL

struct xen_add_to_physmap {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};

static uint8_t shinfo[4096] __attribute__((aligned(4096)));

bool bench_evtchn_map(void)
{
	static struct xen_add_to_physmap xatp;

	xatp.domid = DOMID_SELF;
	xatp.space = XENMAPSPACE_shared_info;
	xatp.idx = 0;
	xatp.gpfn = (uint64_t)(uintptr_t)shinfo >> 12;
	if (bench_arch_hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap,
	                         (unsigned long)(uintptr_t)&xatp) != 0) {
		return false;
	}
	shinfo[1] = 1U; /* vcpu_info[0].evtchn_upcall_mask: we poll */
	return true;
}

static volatile uint32_t *pending_word(void)
{
	uintptr_t at = (uintptr_t)shinfo + bench_arch_evtchn_pending_offset();

	return (volatile uint32_t *)at + (BENCH_EVTCHN_PORT / 32U);
}

bool bench_evtchn_pending(void)
{
	bench_arch_relax();
	return (*pending_word() & (1U << (BENCH_EVTCHN_PORT % 32U))) != 0U;
}

/* Consume the event as Xen's 2-level protocol does (upcall_pending, the
 * selector bit, then the port's pending bit), so the next event raises a
 * new upcall: on RISC-V that is what wakes a vCPU waiting in WFI. */
void bench_evtchn_clear(void)
{
	volatile uint8_t *upcall_pending = &shinfo[0];
	volatile uint64_t *sel = (volatile uint64_t *)(void *)&shinfo[8];

	*upcall_pending = 0U;
	*sel &= ~(1ULL << (BENCH_EVTCHN_PORT / 64U));
	*pending_word() &= ~(1U << (BENCH_EVTCHN_PORT % 32U));
}

long bench_evtchn_send(void)
{
	static uint32_t port;

	port = BENCH_EVTCHN_PORT;
	return bench_arch_hypercall(HYPERVISOR_event_channel_op, EVTCHNOP_send,
	                            (unsigned long)(uintptr_t)&port);
}
