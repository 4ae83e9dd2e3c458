/*
 * ptimer: counts 100 interrupts of its EL1 physical timer (CNTP_*, PPI 30
 * through the virtual GIC; the registers trap and Bulkhead emulates them),
 * armed 1 ms ahead on the physical counter, alternately with CNTP_TVAL_EL0
 * (the deadline read back from CNTP_CVAL_EL0) and CNTP_CVAL_EL0, waiting
 * in WFI between them. In the handler it checks that the deadline has
 * passed by CNTPCT_EL0, that CNTP_CTL_EL0 reads ISTATUS set and that
 * CNTP_TVAL_EL0 reads zero or negative. It counts how often WFI returned:
 * once per interrupt when the vCPU is blocked until its deadline, many
 * times when the hypervisor only skips the WFI (and its exits, HVC
 * #0xEA2, for the log). Then it powers its domain off.
 */
#include "guest.h"

#define TICKS 100U
#define PTIMER_PPI 30U
#define CTL_ENABLE 1UL
#define CTL_ISTATUS 4UL
#define MAX_WAKES (3U * TICKS) /* a wake-up may come early; a spin gives dozens */

static volatile unsigned ticks, early, spurious, no_istatus, tval_ahead;
static uint64_t period, deadline;

static uint64_t read_cntpct(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v));
	return v;
}

static unsigned long exits(void)
{
	register unsigned long x0 __asm__("x0") = 0;

	__asm__ volatile("hvc #0xea2" : "+r"(x0) : : "memory");
	return x0;
}

static void arm_timer(void)
{
	if ((ticks % 2U) == 0U) {
		__asm__ volatile("msr cntp_tval_el0, %0" : : "r"(period));
		__asm__ volatile("mrs %0, cntp_cval_el0" : "=r"(deadline));
	} else {
		deadline = read_cntpct() + period;
		__asm__ volatile("msr cntp_cval_el0, %0" : : "r"(deadline));
	}
	__asm__ volatile("msr cntp_ctl_el0, %0\n\tisb" : : "r"(CTL_ENABLE));
}

void guest_irq(void)
{
	unsigned intid = gic_ack();
	uint64_t ctl, tval;

	if (intid != PTIMER_PPI) {
		spurious = spurious + 1U;
		if (intid < 1020U) {
			gic_eoi(intid);
		}
		return;
	}
	if (read_cntpct() < deadline) {
		early = early + 1U;
	}
	__asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(ctl));
	__asm__ volatile("mrs %0, cntp_tval_el0" : "=r"(tval));
	if ((ctl & CTL_ISTATUS) == 0U) {
		no_istatus = no_istatus + 1U;
	}
	if ((int32_t)(uint32_t)tval > 0) {
		tval_ahead = tval_ahead + 1U;
	}
	ticks = ticks + 1U;
	if (ticks < TICKS) {
		arm_timer();
	} else {
		__asm__ volatile("msr cntp_ctl_el0, %0\n\tisb" : : "r"(0UL));
	}
	gic_eoi(intid);
}

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	unsigned long e0, per_tick;
	unsigned wakes = 0;

	gprintf("d%lu ptimer: counting %u physical timer interrupts\n", domid, TICKS);
	period = read_cntfrq() / 1000U;
	gic_init_dist();
	gic_init_cpu(0);
	gic_enable_local(0, PTIMER_PPI);
	e0 = exits();
	arm_timer();
	__asm__ volatile("msr daifclr, #2");
	while (ticks < TICKS) {
		__asm__ volatile("wfi");
		wakes++;
	}
	__asm__ volatile("msr daifset, #2");
	per_tick = (exits() - e0) / TICKS;
	gprintf("d%lu ptimer: %u physical timer interrupts, %u early, ISTATUS set: %s, "
	        "TVAL expired: %s, spurious %u\n",
	        domid, ticks, early, no_istatus == 0U ? "yes" : "no",
	        tval_ahead == 0U ? "yes" : "no", spurious);
	gprintf("d%lu ptimer: %u WFI returns, %lu exits per interrupt, blocked in WFI: %s\n", domid,
	        wakes, per_tick, wakes <= MAX_WAKES ? "yes" : "no");
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
