/*
 * The HAL console on the platform UART (uart.h).
 *
 * Design: newline translation here, byte transport in the UART driver.
 * Locking: callers serialise whole lines (printk's console lock).
 *
 * [impl->dsn~riscv64-console~1]
 */
#include <hal/console.h>

#include "uart.h"

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
	return uart_getc();
}
