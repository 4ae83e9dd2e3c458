/* x86 test guest console: polled 16550 at I/O port 0x3f8. */
#include "guest.h"

#define COM1 0x3f8U
#define LSR 5U
#define LSR_THRE 0x20U

void uart_putc(char c)
{
	if (c == '\n') {
		uart_putc('\r');
	}
	while ((inb(COM1 + LSR) & LSR_THRE) == 0U) {
	}
	outb(COM1, (uint8_t)c);
}

void uart_puts(const char *s)
{
	while (*s != '\0') {
		uart_putc(*s++);
	}
}

void uart_putu(unsigned long v)
{
	char buf[12];
	int n = 0;

	do {
		buf[n++] = (char)('0' + v % 10U);
		v /= 10U;
	} while (v != 0U);
	while (n > 0) {
		uart_putc(buf[--n]);
	}
}

const char *start_info_cmdline(const struct start_info *si)
{
	if (si == 0 || si->magic != START_INFO_MAGIC || si->cmdline_size == 0U) {
		return "";
	}
	return (const char *)((uintptr_t)si + si->cmdline_offset);
}

unsigned parse_uint(const char **s)
{
	unsigned v = 0;

	while (**s == ' ') {
		(*s)++;
	}
	while (**s >= '0' && **s <= '9') {
		v = v * 10U + (unsigned)(**s - '0');
		(*s)++;
	}
	return v;
}

long hypercall3(unsigned nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
	long ret;

	__asm__ volatile("vmmcall" : "=a"(ret) : "a"(nr), "b"(a1), "c"(a2), "d"(a3) : "memory");
	return ret;
}
