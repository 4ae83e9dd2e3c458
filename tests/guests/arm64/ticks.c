/*
 * ticks: counts 100 interrupts of its EL1 virtual timer (PPI 27 through
 * the virtual GICv3), each armed 1 ms ahead with CNTV_TVAL, checks that
 * none arrives before its deadline and that the virtual counter started
 * near 0 (CNTVOFF per domain), then powers its domain off.
 */
#include "guest.h"

#define TICKS 100U

static volatile unsigned ticks, early, spurious;
static uint64_t period, deadline;

static void arm_timer(void)
{
	deadline = read_cntvct() + period;
	__asm__ volatile("msr cntv_cval_el0, %0" : : "r"(deadline));
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(1UL));
}

void guest_irq(void)
{
	unsigned intid = gic_ack();

	if (intid != VTIMER_PPI) {
		spurious = spurious + 1U;
		if (intid < 1020U) {
			gic_eoi(intid);
		}
		return;
	}
	if (read_cntvct() < deadline) {
		early = early + 1U;
	}
	ticks = ticks + 1U;
	if (ticks < TICKS) {
		arm_timer();
	} else {
		__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(0UL));
	}
	gic_eoi(intid);
}

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	uint64_t start = read_cntvct(), freq = read_cntfrq();

	gprintf("d%lu ticks: counting %u timer interrupts\n", domid, TICKS);
	period = freq / 1000U;
	gic_init_dist();
	gic_init_cpu(0);
	gic_enable_local(0, VTIMER_PPI);
	arm_timer();
	__asm__ volatile("msr daifclr, #2");
	while (ticks < TICKS) {
		__asm__ volatile("wfi");
	}
	__asm__ volatile("msr daifset, #2");
	gprintf("d%lu ticks: %u virtual timer interrupts, %u early, counter from 0: %s\n", domid,
	        ticks, early, start < freq ? "yes" : "no");
	(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
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
