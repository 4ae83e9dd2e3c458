/*
 * demo_safety: the demo's "safety" domain. Takes a 1 kHz timer interrupt
 * (its S-mode timer: stimecmp, so the hart needs Sstc) and measures each
 * interrupt's latency: the time CSR at handler entry minus the deadline it
 * was armed for. Every 1000 interrupts (a second when none is late) it
 * prints min/avg/max in nanoseconds; it runs for ever.
 * bootargs: "role=<name>".
 */
#include "guest.h"

#define TIMEBASE_HZ 10000000UL /* QEMU virt */
#define PERIOD_HZ 1000U
#define REPORT 1000U
#define IRQ_TIMER ((1UL << 63) | 5UL)
#define SIE_STIE (1UL << 5)

static unsigned long deadline;
static volatile unsigned ticks;
static unsigned long lat_min = ~0UL, lat_max, lat_sum;

static unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void arm_timer(void)
{
	deadline += TIMEBASE_HZ / PERIOD_HZ;
	__asm__ volatile("csrw 0x14d, %0" : : "r"(deadline)); /* stimecmp (Sstc) */
}

static unsigned long to_ns(unsigned long t)
{
	return t * (1000000000UL / TIMEBASE_HZ);
}

void guest_trap(unsigned long scause, unsigned long sepc)
{
	unsigned long t = now();

	if (scause != IRQ_TIMER) {
		gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	unsigned long lat = t - deadline;

	lat_min = lat < lat_min ? lat : lat_min;
	lat_max = lat > lat_max ? lat : lat_max;
	lat_sum += lat;
	ticks++;
	arm_timer();
}

void guest_main(unsigned long hartid, const void *dtb)
{
	(void)hartid;
	(void)dtb;
	gprintf("safety: alone on its pCPU, %u Hz timer, latency every %u ticks\n", PERIOD_HZ,
	        REPORT);
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_STIE));
	deadline = now();
	arm_timer();
	for (unsigned report = 1;; report++) {
		wait_until(&ticks, REPORT);
		__asm__ volatile("csrc sstatus, %0" : : "r"(2UL));
		unsigned long mn = lat_min, mx = lat_max, sum = lat_sum;
		unsigned n = ticks;

		ticks = 0;
		lat_min = ~0UL;
		lat_max = 0;
		lat_sum = 0;
		__asm__ volatile("csrs sstatus, %0" : : "r"(2UL));
		gprintf("safety: report %u: timer latency min %lu ns, avg %lu ns, max %lu ns\n",
		        report, to_ns(mn), to_ns(sum / n), to_ns(mx));
	}
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}
