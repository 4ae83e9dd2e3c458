/*
 * demo_safety: the demo's "safety" domain. Takes a 1 kHz EL1 virtual
 * timer interrupt (PPI 27 through the virtual GIC) and measures each
 * interrupt's latency: virtual counter at handler entry minus the compare
 * value it was armed for. Every 1000 interrupts (a second when none is
 * late) it prints min/avg/max in nanoseconds; it runs for ever.
 * bootargs: "role=<name>".
 */
#include "guest.h"

#define PERIOD_HZ 1000U
#define REPORT 1000U

static uint64_t period, deadline, freq;
static volatile unsigned ticks;
static uint64_t lat_min = ~0ULL, lat_max, lat_sum;

static void arm_timer(void)
{
	deadline += period;
	__asm__ volatile("msr cntv_cval_el0, %0" : : "r"(deadline));
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(1UL));
}

static uint64_t to_ns(uint64_t t)
{
	return t * 1000000000ULL / freq;
}

void guest_irq(void)
{
	uint64_t now = read_cntvct();
	unsigned intid = gic_ack();

	if (intid == VTIMER_PPI) {
		uint64_t lat = now - deadline;

		lat_min = lat < lat_min ? lat : lat_min;
		lat_max = lat > lat_max ? lat : lat_max;
		lat_sum += lat;
		ticks = ticks + 1U;
		arm_timer();
	}
	if (intid < 1020U) {
		gic_eoi(intid);
	}
}

void guest_main(const void *dtb)
{
	unsigned report = 0;

	(void)dtb;
	freq = read_cntfrq();
	period = freq / PERIOD_HZ;
	gprintf("safety: alone on its pCPU, %u Hz virtual timer, latency every %u ticks\n",
	        PERIOD_HZ, REPORT);
	gic_init_dist();
	gic_init_cpu(0);
	gic_enable_local(0, VTIMER_PPI);
	deadline = read_cntvct();
	arm_timer();
	__asm__ volatile("msr daifclr, #2");
	for (;;) {
		while (ticks < REPORT) {
			__asm__ volatile("wfi");
		}
		__asm__ volatile("msr daifset, #2");
		report++;
		gprintf("safety: report %u: timer latency min %lu ns, avg %lu ns, max %lu ns\n",
		        report, (unsigned long)to_ns(lat_min),
		        (unsigned long)to_ns(lat_sum / ticks), (unsigned long)to_ns(lat_max));
		ticks = 0;
		lat_min = ~0ULL;
		lat_max = 0;
		lat_sum = 0;
		__asm__ volatile("msr daifclr, #2");
	}
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
