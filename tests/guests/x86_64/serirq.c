/*
 * serirq: a passed-through 16550 (COM2: ports 0x2f8-0x2ff, GSI 3) driven
 * by its transmitter-empty interrupt in loopback mode, through the
 * domain's virtual IOAPIC pin 3 and vLAPIC.
 *
 * 1. Reads COM2's line status 1000 times and prints how many exits that
 *    cost (CPUID leaf 0x40420000: this vCPU's exit count): the ports are in
 *    the domain's I/O permission bitmap, so about none.
 * 2. Writes the vIOAPIC ID register and reads it back with the version.
 * 3. Edge: pin 3 -> vector 0x40, edge; IER = THRE; each interrupt reads
 *    IIR and writes the next byte, until 100 interrupts; waits with PAUSE.
 * 4. Level: pin 3 -> vector 0x41, level; the handler checks that the
 *    entry's remote IRR is set until its EOI; 100 more, waiting with HLT.
 * Prints "edge irqs: 100", "level irqs: 100, remote irr seen: 100".
 */
#include "guest.h"

#define IOAPIC_BASE 0xfec00000U
#define COM2 0x2f8U
#define PIN 3U
#define VEC_EDGE 0x40U
#define VEC_LEVEL 0x41U
#define TARGET 100U
#define ENTRY_LEVEL (1U << 15)
#define ENTRY_REMOTE_IRR (1U << 14)
#define ENTRY_MASKED (1U << 16)
#define IIR_THRE 0x02U

static volatile unsigned count;
static volatile unsigned remote_irr_seen;

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

static uint32_t exits(void)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x40420000U), "c"(0));
	return a;
}

static void on_thre(unsigned vector)
{
	if (vector == VEC_LEVEL && (ioapic_read(0x10U + 2U * PIN) & ENTRY_REMOTE_IRR) != 0U) {
		remote_irr_seen++;
	}
	while ((inb(COM2 + 5U) & 0x01U) != 0U) {
		(void)inb(COM2); /* the looped-back byte */
	}
	if ((inb(COM2 + 2U) & 0x0fU) == IIR_THRE) {
		count++;
		if (count < TARGET) {
			outb(COM2, (uint8_t)('a' + count % 26U));
		}
	}
	lapic_write(LAPIC_EOI, 0);
}

static void run(uint32_t entry, int use_hlt)
{
	count = 0;
	ioapic_write(0x10U + 2U * PIN + 1U, 0); /* destination: APIC id 0 */
	ioapic_write(0x10U + 2U * PIN, entry);  /* unmasked */
	outb(COM2 + 1U, 0x02U);                 /* IER: THRE (fires at once: THR empty) */
	for (unsigned spins = 0; count < TARGET && spins < 50000000U; spins++) {
		if (use_hlt) {
			__asm__ volatile("sti; hlt; cli");
		} else {
			__asm__ volatile("sti; pause; cli");
		}
	}
	outb(COM2 + 1U, 0);
	ioapic_write(0x10U + 2U * PIN, ENTRY_MASKED);
}

void guest_main(const struct start_info *si)
{
	uint32_t before;
	unsigned lsr_or = 0;

	(void)si;
	idt_init();
	irq_set_handler(VEC_EDGE, on_thre);
	irq_set_handler(VEC_LEVEL, on_thre);
	lapic_write(LAPIC_SVR, 0x1ffU);
	before = exits();
	for (unsigned i = 0; i < 1000U; i++) {
		lsr_or |= inb(COM2 + 5U);
	}
	uart_puts("direct port reads: 1000, exits: ");
	uart_putu(exits() - before - 1U); /* the second CPUID is one */
	uart_puts(lsr_or != 0U ? ", lsr seen\n" : ", lsr zero\n");
	ioapic_write(0, 0x05000000U);
	uart_puts("ioapic id ");
	uart_putu(ioapic_read(0) >> 24);
	uart_puts(", version ");
	uart_putu(ioapic_read(1) & 0xffU);
	uart_puts("\n");
	outb(COM2 + 3U, 0x03U); /* 8N1 */
	outb(COM2 + 4U, 0x18U); /* MCR: loopback, OUT2 */
	run(VEC_EDGE, 0);
	uart_puts("edge irqs: ");
	uart_putu(count);
	uart_puts("\n");
	remote_irr_seen = 0;
	run(VEC_LEVEL | ENTRY_LEVEL, 1);
	uart_puts("level irqs: ");
	uart_putu(count);
	uart_puts(", remote irr seen: ");
	uart_putu(remote_irr_seen);
	uart_puts("\n");
	for (;;) {
		__asm__ volatile("sti; hlt; cli");
	}
}
