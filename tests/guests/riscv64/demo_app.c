/*
 * demo_app (RISC-V): the demo's application domains
 * (../common/demo_app_flow.c) at this guest's addresses; the event-channel
 * upcall arrives as a supervisor software interrupt.
 */
#include "../common/demo_app_flow.h"
#include "guest.h"

#define SHARED_INFO_GPA 0x80200000UL
#define SHM_GPA 0x50000000UL

void guest_trap(unsigned long scause, unsigned long sepc)
{
	if (scause == ((1UL << 63) | 1UL)) {
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
	demo_app_main(dtb, SHARED_INFO_GPA, SHM_GPA);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}
