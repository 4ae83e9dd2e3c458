/*
 * Console output and input over a polled FIFO UART (PL011, Cadence...).
 *
 * Design: the register layout comes from the driver's struct uart_fifo at
 * PLAT_UART_BASE. Bytes go out one at a time when the TX FIFO has room;
 * "\n" becomes "\r\n".
 *
 * Locking: none; printk serialises callers.
 */
#include <stddef.h>
#include <stdint.h>

#include <hal/console.h>
#include <plat_config.h>

#include "uart_fifo.h"

static inline volatile uint32_t *uart_reg(uintptr_t off)
{
	return (volatile uint32_t *)(PLAT_UART_BASE + off);
}

static void put_byte(char c)
{
	const struct uart_fifo *u = &arm64_console_uart;

	while ((*uart_reg(u->status) & u->tx_full) != 0U) {
	}
	*uart_reg(u->data) = (uint32_t)(unsigned char)c;
}

/* [impl->dsn~arm64-console-uart~1] */
void hal_console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			put_byte('\r');
		}
		put_byte(buf[i]);
	}
}

int hal_console_getc(void)
{
	const struct uart_fifo *u = &arm64_console_uart;

	if ((*uart_reg(u->status) & u->rx_empty) != 0U) {
		return -1;
	}
	uint32_t byte = *uart_reg(u->data) & 0xffU;

	return (int)byte;
}
