/*
 * Console driver: 16550 UART on I/O ports (COM1 on PCs), polled.
 *
 * Design: 115200 8N1, FIFOs on, no interrupts. hal_console_write() waits
 * for THR empty before each byte, so bytes are in the UART on return.
 * Locking: none here; lib/printk.c serialises whole messages.
 */
#include <stddef.h>
#include <stdint.h>

#include <hal/console.h>
#include <plat_config.h>

#include "arch.h"
#include "x86.h"

#define UART_THR 0U /* transmit holding (DLAB = 0) */
#define UART_RBR 0U /* receive buffer (DLAB = 0) */
#define UART_DLL 0U /* divisor low (DLAB = 1) */
#define UART_IER 1U
#define UART_DLM 1U /* divisor high (DLAB = 1) */
#define UART_FCR 2U
#define UART_LCR 3U
#define UART_MCR 4U
#define UART_LSR 5U

#define LSR_DATA_READY 0x01U
#define LSR_THR_EMPTY 0x20U
#define LCR_DLAB 0x80U
#define LCR_8N1 0x03U
#define FCR_ENABLE_CLEAR 0x07U
#define MCR_DTR_RTS 0x03U

static inline uint16_t reg(unsigned r)
{
	return (uint16_t)(PLAT_UART_PORT + r);
}

void x86_uart_init(void)
{
	outb(reg(UART_IER), 0U);
	outb(reg(UART_LCR), LCR_DLAB);
	outb(reg(UART_DLL), 1U); /* 115200 baud */
	outb(reg(UART_DLM), 0U);
	outb(reg(UART_LCR), LCR_8N1);
	outb(reg(UART_FCR), FCR_ENABLE_CLEAR);
	outb(reg(UART_MCR), MCR_DTR_RTS);
}

static void uart_putc(char c)
{
	while ((inb(reg(UART_LSR)) & LSR_THR_EMPTY) == 0U) {
		cpu_pause();
	}
	outb(reg(UART_THR), (uint8_t)c);
}

/* [impl->dsn~x86-console~1] */
void hal_console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			uart_putc('\r');
		}
		uart_putc(buf[i]);
	}
}

int hal_console_getc(void)
{
	if ((inb(reg(UART_LSR)) & LSR_DATA_READY) == 0U) {
		return -1;
	}
	return (int)inb(reg(UART_RBR));
}
