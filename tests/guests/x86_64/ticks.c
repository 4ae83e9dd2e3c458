/*
 * ticks: counts virtual LAPIC timer interrupts in the three timer modes:
 * 100 periodic ticks (1 ms period), 10 one-shot expiries re-armed from the
 * handler, 10 TSC-deadline expiries; prints each total and "ticks done".
 */
#include "guest.h"

#define VEC_TIMER 0x40U
#define LVT_PERIODIC (1U << 17)
#define LVT_TSC_DEADLINE (2U << 17)
#define LVT_MASKED (1U << 16)
#define DIV_BY_1 0xbU
#define COUNT_1MS 100000U /* the vLAPIC timer clock is 100 MHz */
#define MSR_TSC_DEADLINE 0x6e0U
#define TSC_STEP 1000000ULL

static volatile unsigned ticks;
static volatile unsigned target;
static volatile unsigned mode; /* 0 periodic, 1 one-shot, 2 TSC deadline */

/* Counts up to target exactly: the timer is masked (or not re-armed) there. */
static void on_timer(unsigned vector)
{
	(void)vector;
	ticks++;
	if (ticks >= target) {
		lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	} else if (mode == 1U) {
		lapic_write(LAPIC_TIMER_INIT, COUNT_1MS);
	} else if (mode == 2U) {
		wrmsr(MSR_TSC_DEADLINE, rdtsc() + TSC_STEP);
	}
	lapic_write(LAPIC_EOI, 0);
}

static void wait_ticks(unsigned n)
{
	while (ticks < n) {
		__asm__ volatile("sti; hlt; cli");
	}
}

static void report(const char *name)
{
	uart_puts(name);
	uart_puts(" ticks: ");
	uart_putu(ticks);
	uart_puts("\n");
}

void guest_main(const struct start_info *si)
{
	(void)si;
	idt_init();
	irq_set_handler(VEC_TIMER, on_timer);
	lapic_write(LAPIC_SVR, 0x1ffU);
	lapic_write(LAPIC_TIMER_DIV, DIV_BY_1);
	target = 100;
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, COUNT_1MS);
	wait_ticks(100);
	report("periodic");
	ticks = 0;
	target = 10;
	mode = 1;
	lapic_write(LAPIC_LVT_TIMER, VEC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, COUNT_1MS);
	wait_ticks(10);
	report("one-shot");
	ticks = 0;
	mode = 2;
	lapic_write(LAPIC_LVT_TIMER, LVT_TSC_DEADLINE | VEC_TIMER);
	wrmsr(MSR_TSC_DEADLINE, rdtsc() + TSC_STEP);
	wait_ticks(10);
	report("tsc-deadline");
	uart_puts("ticks done\n");
}
