/*
 * grant (Arm64): the shared grant scenario (../common/grant_flow.c) at this
 * guest's addresses; the event-channel upcall arrives as a GIC PPI.
 */
#include "../common/grant_flow.h"
#include "guest.h"

static const struct grant_layout layout = {
        .shared_info = 0x40200000UL,
        .gnttab = 0x40300000UL,
        .page = 0x40100000UL,
        .map = 0x50000000UL,
};

void guest_irq(void)
{
	unsigned intid = gic_ack();

	if (intid >= 1020U) {
		return;
	}
	if (intid == EVTCHN_UPCALL_PPI) {
		evtchn_upcall();
	}
	gic_eoi(intid);
}

void guest_trap(unsigned long esr, unsigned long elr)
{
	gprintf("unexpected guest trap: esr %lx elr %lx\n", esr, elr);
}

void guest_main(const void *dtb)
{
	grant_flow_main(dtb, &layout);
}

void guest_secondary(unsigned long id, unsigned long context)
{
	(void)id;
	(void)context;
}
