/*
 * uart: talks to the virtual PL011 at 0x22000000 (the address bhimg puts
 * in the guest device tree) by polling: prints a greeting, then reads
 * console input a line at a time (typed into the hypervisor's console,
 * which gives it to the focused domain) and answers each line; the line
 * "off" powers the domain off. bootargs: "domid=<n>".
 */
#include "guest.h"

#define UART 0x22000000UL
#define UARTDR 0x000UL
#define UARTFR 0x018UL
#define FR_RXFE 0x10U
#define FR_TXFF 0x20U
#define LINE 64U

static void put(char c)
{
	while ((*(volatile uint32_t *)(UART + UARTFR) & FR_TXFF) != 0U) {
	}
	*(volatile uint32_t *)(UART + UARTDR) = (uint8_t)c;
}

static void puts_uart(const char *s)
{
	for (; *s != '\0'; s++) {
		put(*s);
	}
}

static char get(void)
{
	while ((*(volatile uint32_t *)(UART + UARTFR) & FR_RXFE) != 0U) {
	}
	return (char)(*(volatile uint32_t *)(UART + UARTDR) & 0xffU);
}

static bool same(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void guest_main(const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	char line[LINE];

	puts_uart("hello from d");
	put((char)('0' + domid % 10U));
	puts_uart(" through the vPL011\n");
	for (;;) {
		unsigned n = 0;

		for (char c = get(); c != '\r' && c != '\n'; c = get()) {
			if (n < LINE - 1U) {
				line[n++] = c;
			}
		}
		line[n] = '\0';
		if (n == 0U) {
			continue;
		}
		puts_uart("uart got \"");
		puts_uart(line);
		puts_uart("\"\n");
		if (same(line, "off")) {
			(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
		}
	}
}

void guest_secondary(unsigned long id, unsigned long context)
{
	(void)id;
	(void)context;
}

void guest_irq(void)
{
}

void guest_trap(unsigned long esr, unsigned long elr)
{
	gprintf("unexpected guest trap: esr %lx elr %lx\n", esr, elr);
}
