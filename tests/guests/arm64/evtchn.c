/*
 * evtchn: bootargs "domid=<n> ping=<0|1>". Maps shared_info, takes
 * event-channel upcalls (PPI 31 through the virtual GIC) and plays 1000
 * round trips over the static channel on local port 10: ping sends and
 * waits for the answer, pong answers each event. Waits with WFI, so the
 * hypervisor blocks the vCPU until the upcall. Prints "round trips: 1000".
 */
#include "guest.h"

#define SHARED_INFO_GPA 0x40200000UL
#define PORT 10U
#define ROUNDS 1000U

static volatile unsigned received, stray, other_irqs;

static void on_event(unsigned port)
{
	if (port == PORT) {
		received = received + 1U;
	} else {
		stray = stray + 1U;
	}
}

void guest_irq(void)
{
	unsigned intid = gic_ack();

	if (intid >= 1020U) {
		return;
	}
	if (intid == EVTCHN_UPCALL_PPI) {
		evtchn_upcall();
	} else {
		other_irqs = other_irqs + 1U;
	}
	gic_eoi(intid);
}

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	bool ping = bootarg_num(dtb, "ping", 0) != 0U;
	unsigned errors = 0;
	long rc = map_shared_info(SHARED_INFO_GPA);

	if (rc != 0) {
		gprintf("d%lu evtchn: add_to_physmap(shared_info) failed %ld\n", domid, rc);
		(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
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
	gprintf("d%lu evtchn: round trips: %u, send errors: %u, stray events: %u, other irqs: %u\n",
	        domid, received, errors, stray, other_irqs);
	gprintf("d%lu evtchn: WFI returned %u times\n", domid, wfi_returns);
}

void guest_secondary(unsigned long id, unsigned long context)
{
	(void)id;
	(void)context;
}

void guest_trap(unsigned long esr, unsigned long elr)
{
	gprintf("unexpected guest trap: esr %lx elr %lx\n", esr, elr);
}
