/*
 * progress: prints "progress <n>" every 20 ms (vLAPIC one-shot timer and
 * HLT) forever, so a test can see a domain keep running while others
 * misbehave or share its pCPU.
 */
#include "guest.h"

#define VEC_TIMER 0x40U
#define COUNT_20MS 2000000U /* 100 MHz vLAPIC timer clock, divide by 1 */

static volatile unsigned fired;

static void on_timer(unsigned vector)
{
	(void)vector;
	fired = 1;
	lapic_write(LAPIC_EOI, 0);
}

void guest_main(const struct start_info *si)
{
	(void)si;
	idt_init();
	irq_set_handler(VEC_TIMER, on_timer);
	lapic_write(LAPIC_SVR, 0x1ffU);
	lapic_write(LAPIC_TIMER_DIV, 0xbU);
	lapic_write(LAPIC_LVT_TIMER, VEC_TIMER);
	for (unsigned n = 1;; n++) {
		uart_puts("progress ");
		uart_putu(n);
		uart_puts("\n");
		fired = 0;
		lapic_write(LAPIC_TIMER_INIT, COUNT_20MS);
		while (fired == 0U) {
			__asm__ volatile("sti; hlt; cli");
		}
	}
}
