/*
 * The part every polled FIFO UART console shares: a data register, a status
 * register, a "TX FIFO full" and an "RX FIFO empty" bit. A driver describes
 * its registers with struct uart_fifo and keeps only its own init; the
 * console write/getc loops live once, in uart_fifo.c.
 */
#ifndef ARM64_DRIVERS_UART_FIFO_H
#define ARM64_DRIVERS_UART_FIFO_H

#include <stdint.h>

struct uart_fifo {
	uintptr_t data;    /* data register offset */
	uintptr_t status;  /* status register offset */
	uint32_t tx_full;  /* status bit: no room to transmit */
	uint32_t rx_empty; /* status bit: nothing received */
};

/* The board's console UART, defined by the selected driver. */
extern const struct uart_fifo arm64_console_uart;

#endif
