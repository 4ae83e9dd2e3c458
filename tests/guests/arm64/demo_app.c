/*
 * demo_app (Arm64): the demo's application domains
 * (../common/demo_app_flow.c) at this guest's addresses; the event-channel
 * upcall arrives as a GIC PPI.
 */
#include "../common/demo_app_flow.h"
#include "guest.h"

#define SHARED_INFO_GPA 0x40200000UL
#define SHM_GPA 0x50000000UL

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
	demo_app_main(dtb, SHARED_INFO_GPA, SHM_GPA);
}

void guest_secondary(unsigned long id, unsigned long context)
{
	(void)id;
	(void)context;
}
