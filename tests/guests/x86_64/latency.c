/*
 * latency: a "safety" loop on the periodic vLAPIC timer (1 ms): measures
 * the TSC interval between consecutive timer interrupts and prints, every
 * 1000 ticks, the smallest and largest interval in TSC cycles (their
 * spread is the timer-interrupt jitter the guest sees).
 */
#include "guest.h"

#define VEC_TIMER 0x40U
#define LVT_PERIODIC (1U << 17)
#define COUNT_1MS 100000U

static volatile unsigned ticks;
static volatile uint64_t last, min_gap = ~0ULL, max_gap;

static void on_timer(unsigned vector)
{
	uint64_t now = rdtsc();

	(void)vector;
	if (last != 0U) {
		uint64_t gap = now - last;

		min_gap = gap < min_gap ? gap : min_gap;
		max_gap = gap > max_gap ? gap : max_gap;
	}
	last = now;
	ticks++;
	lapic_write(LAPIC_EOI, 0);
}

/* Intervals of a few million cycles fit 32 bits; larger ones saturate. */
static void put_u64(uint64_t v)
{
	uart_putu(v > 0xffffffffULL ? 0xffffffffUL : (unsigned long)v);
}

void guest_main(const struct start_info *si)
{
	(void)si;
	idt_init();
	irq_set_handler(VEC_TIMER, on_timer);
	lapic_write(LAPIC_SVR, 0x1ffU);
	lapic_write(LAPIC_TIMER_DIV, 0xbU);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, COUNT_1MS);
	for (unsigned round = 1;; round++) {
		while (ticks < round * 1000U) {
			__asm__ volatile("sti; hlt; cli");
		}
		uart_puts("safety: ");
		uart_putu(round * 1000U);
		uart_puts(" timer ticks, interval min ");
		put_u64(min_gap);
		uart_puts(" max ");
		put_u64(max_gap);
		uart_puts(" TSC cycles\n");
		min_gap = ~0ULL;
		max_gap = 0;
	}
}
