/*
 * Console driver: Arm PL011 UART, polled (the loops are in uart_fifo.c).
 *
 * Design: the UART at PLAT_UART_BASE is used as firmware (or QEMU) left it:
 * baud rate and line settings are not touched, only UARTCR is set so that
 * the UART, TX and RX are enabled.
 */
#include <stdint.h>

#include <arm64/arm64.h>
#include <plat_config.h>

#include "uart_fifo.h"

#define UARTDR 0x000U
#define UARTFR 0x018U
#define UARTCR 0x030U

#define FR_RXFE 0x10U
#define FR_TXFF 0x20U
#define CR_UARTEN 0x001U
#define CR_TXE 0x100U
#define CR_RXE 0x200U

const struct uart_fifo arm64_console_uart = {
        .data = UARTDR,
        .status = UARTFR,
        .tx_full = FR_TXFF,
        .rx_empty = FR_RXFE,
};

void arm64_uart_init(void)
{
	volatile uint32_t *cr = (volatile uint32_t *)(PLAT_UART_BASE + UARTCR);

	*cr |= CR_UARTEN | CR_TXE | CR_RXE;
}
