/*
 * smp: a 2-vCPU domain. vCPU 0 asks PSCI about vCPU 1 (AFFINITY_INFO:
 * off), starts it with CPU_ON (a second CPU_ON must say ALREADY_ON), and
 * then the two exchange 100 SGI round trips through the virtual GICv3
 * (SGI 1 to vCPU 1, which answers with SGI 2 to vCPU 0); finally vCPU 1
 * must be ON and the domain powers off. bootargs: "domid=<n>".
 */
#include "guest.h"

#define ROUNDS 100U
#define SGI_PING 1U
#define SGI_PONG 2U
#define CONTEXT 0x1234UL
#define PSCI_AFFINITY_INFO 0xc4000004UL

extern char _start[];
static volatile unsigned pings, pongs, wrong, ready;
static volatile unsigned long started_with;

static unsigned my_id(void)
{
	unsigned long mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned)(mpidr & 0xffUL);
}

void guest_irq(void)
{
	unsigned intid = gic_ack();
	unsigned self = my_id();

	if (intid >= 1020U) {
		return;
	}
	if (self == 1U && intid == SGI_PING) {
		pings = pings + 1U;
		gic_send_sgi(SGI_PONG, 0);
	} else if (self == 0U && intid == SGI_PONG) {
		pongs = pongs + 1U;
	} else {
		wrong = wrong + 1U;
	}
	gic_eoi(intid);
}

static bool wait_for_count(volatile unsigned *counter, unsigned value)
{
	for (unsigned long spin = 0; spin < 200000000UL; spin++) {
		if (*counter >= value) {
			return true;
		}
		__asm__ volatile("wfi");
	}
	return false;
}

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	long off = psci(PSCI_AFFINITY_INFO, 1, 0, 0);

	gic_init_dist();
	gic_init_cpu(0);
	__asm__ volatile("msr daifclr, #2");
	long on = psci(PSCI_CPU_ON, 1, (unsigned long)_start, CONTEXT);
	long again = psci(PSCI_CPU_ON, 1, (unsigned long)_start, CONTEXT);

	gprintf("d%lu smp: AFFINITY_INFO before %ld, CPU_ON %ld, again %ld\n", domid, off, on,
	        again);
	if (!wait_for_count(&ready, 1U)) {
		gprintf("d%lu smp: vCPU 1 did not come up\n", domid);
	}
	for (unsigned i = 0; i < ROUNDS; i++) {
		gic_send_sgi(SGI_PING, 1);
		if (!wait_for_count(&pongs, i + 1U)) {
			break;
		}
	}
	gprintf("d%lu smp: vCPU 1 context %lx, %u SGI round trips (%u pings), %u unexpected, "
	        "AFFINITY_INFO after %ld\n",
	        domid, started_with, pongs, pings, wrong, psci(PSCI_AFFINITY_INFO, 1, 0, 0));
	(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

void guest_secondary(unsigned long id, unsigned long context)
{
	started_with = context;
	gic_init_cpu((unsigned)id);
	__asm__ volatile("msr daifclr, #2");
	ready = 1U;
	for (;;) {
		__asm__ volatile("wfi");
	}
}

void guest_trap(unsigned long esr, unsigned long elr)
{
	gprintf("unexpected guest trap: esr %lx elr %lx\n", esr, elr);
}
