/*
 * uartirq: interrupt-driven console input. Programs the virtual IOAPIC
 * (pin 4, the 16550's IRQ, to vector 0x41 on APIC id 0), enables the
 * 16550's received-data interrupt, prints "type a key" and waits (PAUSE,
 * interrupts on); the handler reads RBR. Prints "irq got '<c>'" for the
 * first three characters.
 */
#include "guest.h"

#define IOAPIC_BASE 0xfec00000U
#define VEC_UART 0x41U
#define COM1 0x3f8U
#define IER_ERBFI 0x01U
#define LSR_DR 0x01U

static volatile unsigned got;
static volatile char chars[3];

static void ioapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)IOAPIC_BASE = reg;
	*(volatile uint32_t *)(uintptr_t)(IOAPIC_BASE + 0x10U) = v;
}

static uint32_t ioapic_read(uint32_t reg)
{
	*(volatile uint32_t *)(uintptr_t)IOAPIC_BASE = reg;
	return *(volatile uint32_t *)(uintptr_t)(IOAPIC_BASE + 0x10U);
}

static void on_uart(unsigned vector)
{
	(void)vector;
	while ((inb(COM1 + 5U) & LSR_DR) != 0U) {
		char c = (char)inb(COM1);

		if (got < 3U) {
			chars[got] = c;
		}
		got++;
	}
	lapic_write(LAPIC_EOI, 0);
}

void guest_main(const struct start_info *si)
{
	(void)si;
	idt_init();
	irq_set_handler(VEC_UART, on_uart);
	lapic_write(LAPIC_SVR, 0x1ffU);
	uart_puts("ioapic version ");
	uart_putu(ioapic_read(1) & 0xffU);
	uart_puts(", entries ");
	uart_putu(((ioapic_read(1) >> 16) & 0xffU) + 1U);
	uart_puts("\n");
	ioapic_write(0x10U + 2U * 4U + 1U, 0);   /* destination APIC id 0 */
	ioapic_write(0x10U + 2U * 4U, VEC_UART); /* fixed, edge, unmasked */
	outb(COM1 + 1U, IER_ERBFI);
	uart_puts("type a key\n");
	for (unsigned seen = 0; seen < 3U;) {
		__asm__ volatile("sti; pause; cli");
		while (seen < got && seen < 3U) {
			uart_puts("irq got '");
			uart_putc(chars[seen]);
			uart_puts("'\n");
			seen++;
		}
	}
}
