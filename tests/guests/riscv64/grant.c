/*
 * grant (RISC-V): the shared grant scenario (../common/grant_flow.c) at
 * this guest's addresses; the event-channel upcall arrives as a
 * supervisor software interrupt.
 */
#include "../common/grant_flow.h"
#include "guest.h"

#define IRQ_SOFT ((1UL << 63) | 1UL)

static const struct grant_layout layout = {
        .shared_info = 0x80200000UL,
        .gnttab = 0x80300000UL,
        .page = 0x80100000UL,
        .map = 0x90000000UL,
};

void guest_trap(unsigned long scause, unsigned long sepc)
{
	if (scause == IRQ_SOFT) {
		evtchn_upcall();
		return;
	}
	gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

void guest_main(unsigned long hartid, const void *dtb)
{
	(void)hartid;
	grant_flow_main(dtb, &layout);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}
