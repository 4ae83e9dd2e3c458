/*
 * x86 test guest interrupts: a 32-bit IDT with gates for the timer vectors
 * (0x40, 0x41), an IPI vector (0xf0), the event-channel upcall (0xf3), the spurious vector and #UD, #GP,
 * #PF. An exception prints its vector and halts.
 */
#include "guest.h"

struct gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t zero;
	uint8_t type; /* 0x8e: present, DPL 0, 32-bit interrupt gate */
	uint16_t off_hi;
} __attribute__((packed));

extern char irq_stub_0x40[], irq_stub_0x41[], irq_stub_0xf0[], irq_stub_0xf3[], irq_stub_0xff[];
extern char irq_stub_13[], irq_stub_14[], irq_stub_6[];

static struct gate idt[256] __attribute__((aligned(8)));
static irq_handler_fn handlers[256];

static void set_gate(unsigned vec, const char *stub)
{
	uint32_t off = (uint32_t)(uintptr_t)stub;

	idt[vec] = (struct gate){(uint16_t)off, 0x08, 0, 0x8e, (uint16_t)(off >> 16)};
}

void idt_init(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} desc = {sizeof(idt) - 1U, (uint32_t)(uintptr_t)idt};

	set_gate(0x40, irq_stub_0x40);
	set_gate(0x41, irq_stub_0x41);
	set_gate(0xf0, irq_stub_0xf0);
	set_gate(0xf3, irq_stub_0xf3);
	set_gate(0xff, irq_stub_0xff);
	set_gate(6, irq_stub_6);
	set_gate(13, irq_stub_13);
	set_gate(14, irq_stub_14);
	__asm__ volatile("lidt %0" : : "m"(desc));
}

void irq_set_handler(unsigned vector, irq_handler_fn fn)
{
	handlers[vector & 0xffU] = fn;
}

void irq_entry(unsigned vector)
{
	if (vector < 32U) {
		uart_puts("guest exception ");
		uart_putu(vector);
		uart_puts("\n");
		for (;;) {
			__asm__ volatile("cli; hlt");
		}
	}
	if (handlers[vector] != 0) {
		handlers[vector](vector);
	}
}
