/*
 * evtchn: bootargs "domid=<n> ping=<0|1>". Maps shared_info, takes
 * event-channel upcalls (S-mode software interrupt) and plays 1000 round
 * trips over the static channel on local port 10: ping sends and waits
 * for the answer, pong answers each event. Waits with WFI, so the
 * hypervisor blocks the vCPU until the upcall. Prints "round trips: 1000".
 */
#include "guest.h"

#define SHARED_INFO_GPA 0x80200000UL
#define PORT 10U
#define ROUNDS 1000U
#define IRQ_SOFT ((1UL << 63) | 1UL)

static volatile unsigned received, stray;

static void on_event(unsigned port)
{
	if (port == PORT) {
		received++;
	} else {
		stray++;
	}
}

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
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	bool ping = bootarg_num(dtb, "ping", 0) != 0U;
	unsigned errors = 0;
	long rc = map_shared_info(SHARED_INFO_GPA);

	(void)hartid;
	if (rc != 0) {
		gprintf("d%lu evtchn: add_to_physmap(shared_info) failed %ld\n", domid, rc);
		(void)sbi_system_reset(0);
		return;
	}
	evtchn_init((volatile struct shared_info *)SHARED_INFO_GPA, on_event);
	gprintf("d%lu evtchn: %s ready\n", domid, ping ? "ping" : "pong");
	for (unsigned i = 1; i <= ROUNDS; i++) {
		if (ping) {
			errors += evtchn_send(PORT) != 0;
			wait_until(&received, i);
		} else {
			wait_until(&received, i);
			errors += evtchn_send(PORT) != 0;
		}
		if (i % 250U == 0U) {
			gprintf("d%lu evtchn: %u\n", domid, i);
		}
	}
	gprintf("d%lu evtchn: round trips: %u, send errors: %u, stray events: %u\n", domid,
	        received, errors, stray);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}
