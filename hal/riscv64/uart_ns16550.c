/*
 * ns16550-compatible UART, polled (QEMU virt: byte-spaced registers at
 * PLAT_UART_BASE, already set to 8N1 by OpenSBI).
 *
 * Design: transmit waits for LSR.THRE; receive checks LSR.DR. No interrupt
 * is enabled. The baud rate is left as the firmware programmed it.
 *
 * Locking: callers serialise (printk holds the console lock).
 */
#include <stdint.h>

#include <plat_config.h>

#include "uart.h"

#define REG_RBR 0U /* receive buffer (read) */
#define REG_THR 0U /* transmit holding (write) */
#define REG_IER 1U
#define REG_FCR 2U
#define REG_LSR 5U

#define FCR_ENABLE_FIFO 0x01U
#define LSR_DR 0x01U
#define LSR_THRE 0x20U

static inline volatile uint8_t *uart_reg(unsigned r)
{
	return (volatile uint8_t *)(PLAT_UART_BASE + r);
}

void uart_init(void)
{
	*uart_reg(REG_IER) = 0U;
	*uart_reg(REG_FCR) = FCR_ENABLE_FIFO;
}

void uart_putc(char c)
{
	while ((*uart_reg(REG_LSR) & LSR_THRE) == 0U) {
	}
	*uart_reg(REG_THR) = (uint8_t)c;
}

int uart_getc(void)
{
	if ((*uart_reg(REG_LSR) & LSR_DR) == 0U) {
		return -1;
	}
	return (int)*uart_reg(REG_RBR);
}
